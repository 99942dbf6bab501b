#!/usr/bin/env python3
"""Checks the PDF/A-2b requirements epistle is responsible for, from qpdf's JSON view of the
file and its XMP: identification and metadata matching the document information, an sRGB
output intent, a file identifier, no encryption, every font embedded, every annotation
printable and every widget with an appearance. (No PDF/A validator is packaged in Debian;
this checks the rules a letter can break, not the whole standard.)

usage: check_pdfa.py FILE.pdf"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

pdf = sys.argv[1]
j = json.loads(subprocess.run(["qpdf", "--json", pdf], capture_output=True, text=True, check=True).stdout)
objs = j["qpdf"][1]
errors = []


def val(ref):
    if isinstance(ref, str) and ref.endswith(" R"):
        o = objs.get("obj:" + ref, {})
        return o.get("value", o.get("stream", {}).get("dict"))
    return ref


def text(v):
    v = val(v)
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    return v


trailer = objs["trailer"]["value"]
root = val(trailer["/Root"])
info = val(trailer.get("/Info", {})) or {}
if "/Encrypt" in trailer:
    errors.append("the file is encrypted")
if "/ID" not in trailer:
    errors.append("no /ID in the trailer")

intents = val(root.get("/OutputIntents", [])) or []
if not any(val(i).get("/S") == "/GTS_PDFA1" and val(val(i).get("/DestOutputProfile", {})) .get("/N") == 3
           for i in intents):
    errors.append("no sRGB output intent (GTS_PDFA1, N 3)")

xmp = subprocess.run(["pdfinfo", "-meta", pdf], capture_output=True, text=True).stdout
xmp = xmp[xmp.find("<x:xmpmeta"):xmp.rfind("</x:xmpmeta>") + len("</x:xmpmeta>")]
if not xmp:
    errors.append("no XMP metadata")
else:
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
          "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
          "xmp": "http://ns.adobe.com/xap/1.0/"}
    d = ET.fromstring(xmp).find(".//rdf:Description", ns)
    get = lambda path: (d.find(path, ns).text if d.find(path, ns) is not None else None)
    if get("pdfaid:part") != "2" or get("pdfaid:conformance") != "B":
        errors.append("XMP does not declare PDF/A-2b")
    pairs = [("/Title", "dc:title/rdf:Alt/rdf:li"), ("/Author", "dc:creator/rdf:Seq/rdf:li"),
             ("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")]
    for key, path in pairs:
        if text(info.get(key)) != get(path):
            errors.append(f"Info {key} {text(info.get(key))!r} differs from XMP {get(path)!r}")
    if "/CreationDate" in info:
        m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+00'00'", text(info["/CreationDate"]))
        want = f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{m[6]}+00:00" if m else None
        if get("xmp:CreateDate") != want:
            errors.append(f"CreationDate {text(info['/CreationDate'])} differs from XMP {get('xmp:CreateDate')}")

for name, o in objs.items():
    v = o.get("value") or o.get("stream", {}).get("dict") or {}
    if not isinstance(v, dict):
        continue
    if v.get("/Type") == "/FontDescriptor" and not any(k in v for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        errors.append(f"font not embedded: {v.get('/FontName')}")
    if v.get("/Type") == "/Annot" or v.get("/Subtype") in ("/Link", "/Widget"):
        if not (int(v.get("/F", 0)) & 4):
            errors.append(f"annotation {name} is not printable (/F 4)")
        if v.get("/Subtype") == "/Widget" and "/AP" not in v:
            errors.append(f"widget {name} has no appearance")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
