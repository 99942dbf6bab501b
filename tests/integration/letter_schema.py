#!/usr/bin/env python3
"""docs/letter.schema.json: every example letter, test letter and starter letter validates
against it; it names every key the parser's key tables accept and no other; an unknown or
misspelt key and a wrong type are refused.

usage: letter_schema.py EPISTLE SOURCE_DIR OUTDIR
"""
import datetime
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from letter_text import split_parts  # noqa: E402

epistle, src, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
schema = json.load(open(os.path.join(src, "docs", "letter.schema.json"), encoding="utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
bad = []


class Loader(yaml.SafeLoader):
    """YAML as the parser reads it: a date is text."""


Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def errors_of(front):
    data = yaml.load(front, Loader=Loader) or {}
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]


# Letters: examples, test letters, a starter for each layout.
files = sorted(glob.glob(os.path.join(src, "examples", "**", "*.md"), recursive=True) +
               glob.glob(os.path.join(src, "tests", "letters", "*.md")))
files = [f for f in files if not f.endswith("README.md")]
for layout in ["block", "din5008-a", "din5008-b", "sn010130", "us-window", "jp"]:
    path = os.path.join(out, f"starter-{layout}.md")
    subprocess.run([epistle, "new", "--force", "--layout", layout, path], check=True)
    files.append(path)
count = 0
for f in files:
    text = open(f, encoding="utf-8").read()
    # Merge templates hold {{field}} placeholders where values go: validate with a value in.
    text = re.sub(r"\{\{\s*[\w.-]+\s*\}\}", "x", text)
    for i, (front, _) in enumerate(split_parts(text)):
        for e in errors_of(front):
            bad.append(f"{f} part {i + 1}: {e}")
        count += 1

# The schema's keys are the parser's: each key table of frontmatter.c, found by a key only
# it has, against the schema's properties at that place.
c = open(os.path.join(src, "src", "letter", "frontmatter.c"), encoding="utf-8").read()
tables = [set(re.findall(r'"(\w+)"', body))
          for body in re.findall(r"static const char \*const \w*keys\[\] = \{([^}]*)\}", c)]
props = schema["properties"]
places = {"signatories": set(props),
          "logo_height": set(props["from"]["properties"]),
          "title": set(props["signatories"]["items"]["properties"]) - {"organisation"},  # an alias
          "serif": set(props["fonts"]["properties"]),
          "your_ref": set(props["reference"]["properties"])}
for marker, have in places.items():
    table = next((t for t in tables if marker in t), None)
    if table != have:
        bad.append(f"keys beside '{marker}': parser {sorted(table or [])} vs schema {sorted(have)}")
if not any(t == set(props["to"]["properties"]) for t in tables):
    bad.append(f"the parser has no key table {sorted(props['to']['properties'])} for 'to'")

# What must be refused.
for front, why in [("lang: en\nsubjet: x\n", "a misspelt key"), ("from:\n  nmae: x\n", "a misspelt key in from"),
                   ("layout: din5008\n", "an unknown layout"), ("signatories:\n  - title: x\n", "a signatory without name"),
                   ("signatories: Lin\n", "signatories as a string"), ("paper: a3\n", "an unknown paper size")]:
    if not errors_of(front):
        bad.append(f"the schema accepts {why}")

for b in bad:
    print("FAIL:", b, file=sys.stderr)
print(f"ok: {count} parts of {len(files)} letters" if not bad else "")
sys.exit(1 if bad else 0)
