#!/usr/bin/env python3
"""The text a rendered letter must give back: every front-matter string and every
paragraph of the body, read from the letter source independently of epistle.

Prints one expected string per line, per part: "PART<TAB>n" lines separate parts."""
import re
import sys

import yaml

FENCE = re.compile(r"^---\s*$")
KEY = re.compile(r"^[A-Za-z_][\w-]*:")


def split_parts(text):
    lines = text.split("\n")
    parts, i = [], 0
    while i < len(lines):
        fm = []
        if FENCE.match(lines[i]):
            j = i + 1
            while not FENCE.match(lines[j]):
                j += 1
            fm = lines[i + 1:j]
            i = j + 1
        body_start, k = i, i
        nxt = len(lines)
        while k < len(lines):
            if (FENCE.match(lines[k]) and (k == body_start or not lines[k - 1].strip())
                    and k + 1 < len(lines) and KEY.match(lines[k + 1])
                    and any(FENCE.match(x) for x in lines[k + 2:])):
                nxt = k
                break
            k += 1
        parts.append(("\n".join(fm), "\n".join(lines[body_start:nxt])))
        i = nxt
    return parts


def strip_inline(s):
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"(\*\*|\*|__|_(?=\w)|(?<=\w)_|`)", "", s)
    return s


def body_paragraphs(body):
    paras, cur = [], []
    for line in body.split("\n") + [""]:
        line = re.sub(r"^\s*>\s?", "", line)
        item = re.match(r"^\s*(\d+[.)]|[-*+])\s+", line)
        if not line.strip() or item:
            if cur:
                paras.append(" ".join(cur))
            cur = []
            if item:
                line = line[item.end():]
            if not line.strip():
                continue
        cur.append(line.strip())
    return [strip_inline(p) for p in paras if p.strip() and p.strip() != "---"]


def strings(fm):
    out = []
    for key in ("subject", "opening", "closing", "ps"):
        if fm.get(key):
            out.append(str(fm[key]))
    for who in ("from", "to"):
        party = fm.get(who) or {}
        for key in ("name", "phone", "email", "web"):
            if party.get(key):
                out.append(str(party[key]))
        addr = party.get("address") or []
        if isinstance(addr, str):
            addr = addr.splitlines()
        out += [a.strip() for a in addr if a.strip()]
    for s in fm.get("signatories") or []:
        out += [str(s[k]) for k in ("name", "title", "organization") if s.get(k)]
    for key in ("cc", "enclosures"):
        v = fm.get(key) or []
        out += [v] if isinstance(v, str) else [str(x) for x in v]
    return out


def main():
    inherited = {}
    n = 0
    for path in sys.argv[1:]:
        for fm_text, body in split_parts(open(path, encoding="utf-8").read()):
            fm = dict(inherited)
            fm.update(yaml.safe_load(fm_text) or {} if fm_text.strip() else {})
            inherited = fm
            n += 1
            print(f"PART\t{n}")
            for s in strings(fm) + body_paragraphs(body):
                print(s)


if __name__ == "__main__":
    main()
