#!/usr/bin/env python3
"""Signature fields of a PDF as two other programs read them, one line each.

  sigfields.py fields FILE   qpdf's reading of the AcroForm: one line per field (its widgets
                             grouped by the field they belong to): NAME<TAB>PAGES<TAB>VALUE,
                             PAGES the pages of its widgets ("2,4"), VALUE "-" when unsigned,
                             else the signature dictionary's object.
  sigfields.py pdfsig FILE   pdfsig's reading: one line per distinct signature
                             (NAME<TAB>RANGES<TAB>VALIDATION), and "UNSIGNED<TAB>NAME" per
                             unsigned field. poppler before 25.12 takes each widget of a field
                             shown in several parts for a field of its own and lists the same
                             signature once per widget: counted once here.
"""
import json
import re
import subprocess
import sys


def fields(path):
    out = subprocess.run(["qpdf", "--json", "--json-key=acroform", path], capture_output=True, text=True,
                         check=True).stdout
    groups = {}
    for w in json.loads(out)["acroform"]["fields"]:
        if w.get("fieldtype") != "/Sig":
            continue
        key = w.get("parent") or w["object"]
        g = groups.setdefault(key, {"name": w["fullname"], "pages": [], "value": set()})
        g["pages"].append(w["pageposfrom1"])
        g["value"].add(w["value"] or "-")
    lines = []
    for g in groups.values():
        value = ",".join(sorted(g["value"]))
        lines.append("%s\t%s\t%s" % (g["name"], ",".join(str(p) for p in sorted(g["pages"])), value))
    return lines


def pdfsig(path):
    out = subprocess.run(["pdfsig", path], capture_output=True, text=True).stdout
    lines = []
    for block in re.split(r"^Signature #\d+:\n", out, flags=re.M)[1:]:
        name = re.search(r"Signature Field Name: (.*)", block)
        name = name.group(1) if name else "?"
        if "is not signed" in block:
            line = "UNSIGNED\t" + name
        else:
            ranges = re.search(r"Signed Ranges: (.*)", block)
            valid = re.search(r"Signature Validation: (.*)", block)
            line = "%s\t%s\t%s" % (name, ranges.group(1) if ranges else "?", valid.group(1) if valid else "?")
        if line not in lines:
            lines.append(line)
    return lines


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("fields", "pdfsig"):
        sys.exit(__doc__)
    print("\n".join((fields if sys.argv[1] == "fields" else pdfsig)(sys.argv[2])))
