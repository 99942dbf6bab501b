#!/usr/bin/env python3
"""Each part of a letter is tagged with the language its front matter gives: the structure
tree's Part elements, in reading order, carry /Lang equal to the `lang:` of the part's front
matter, read from the source files here with PyYAML (a part without `lang:` is not compared),
and the document's /Lang is the first part's.

usage: part_langs.py PDF LETTER.md [MORE.md ...]"""
import re
import subprocess
import sys

import yaml

pdf, letters = sys.argv[1], sys.argv[2:]


def front_matters(path):
    """Every front matter block of a file: its first, and each later `---` block that YAML
    reads as a mapping (a part of its own)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "---" and (i == 0 or blocks):
            j = i + 1
            while j < len(lines) and lines[j].strip() != "---":
                j += 1
            if j < len(lines):
                try:
                    data = yaml.safe_load("\n".join(lines[i + 1:j]))
                except yaml.YAMLError:
                    data = None
                if isinstance(data, dict):
                    blocks.append(data)
                    i = j + 1
                    continue
        i += 1
    return blocks


want = [fm.get("lang") for path in letters for fm in front_matters(path)]

q = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True, check=True).stdout
text = q.decode("latin-1")
objs = {int(m.group(1)): m.group(2) for m in re.finditer(r"\n(\d+) 0 obj\n(.*?)\nendobj", text, re.S)}


def refs(value):
    return [int(r) for r in re.findall(r"(\d+) 0 R", value)]


def key(body, name):
    """A key's value: a reference, an array of references, or a string."""
    m = re.search(r"/%s\s*(\[[^\]]*\]|\d+ 0 R|\([^)]*\)|/\w+)" % name, body)
    return m.group(1) if m else None


catalog = next(b for b in objs.values() if re.search(r"/Type\s*/Catalog", b))
root = objs[refs(key(catalog, "StructTreeRoot"))[0]]
parts = []


def walk(n, depth=0):
    if depth > 64 or n not in objs:
        return
    body = objs[n]
    if re.search(r"/S\s*/Part\b", body):
        lang = key(body, "Lang")
        parts.append(lang[1:-1] if lang else None)
    kids = key(body, "K")
    for k in refs(kids) if kids else []:
        walk(k, depth + 1)


for k in refs(key(root, "K") or ""):
    walk(k)

errors = []
if len(parts) != len(want):
    errors.append("%d Part elements for %d parts in the source" % (len(parts), len(want)))
for i, (w, got) in enumerate(zip(want, parts)):
    if w is not None and got != w:
        errors.append("part %d: /Lang %r, its front matter says %r" % (i + 1, got, w))
doc = key(catalog, "Lang")
if want and want[0] is not None and (not doc or doc[1:-1] != want[0]):
    errors.append("document /Lang %r, the first part's is %r" % (doc, want[0]))
for e in errors:
    print("FAIL:", e)
if not errors:
    print("parts:", parts)
sys.exit(1 if errors else 0)
