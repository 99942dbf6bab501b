#!/usr/bin/env python3
"""What `epistle verify` says a signature covers agrees with the file: a signature covers the
whole file exactly when its byte range ends at the file's last byte (the ranges as pdfsig
reads them, the size from the file system), and pdfsig's "Total document signed" agrees too.
Checked in the JSON (whole_file) and in the text ("covers: the whole file").

usage: sig_coverage.py EPISTLE PDF [PDF ...]"""
import json
import os
import re
import subprocess
import sys

epistle, pdfs = sys.argv[1], sys.argv[2:]
errors = []
for pdf in pdfs:
    size = os.path.getsize(pdf)
    out = subprocess.run(["pdfsig", pdf], capture_output=True, text=True).stdout
    whole = {}   # field name -> covers the whole file, from the byte ranges
    for block in re.split(r"\nSignature #\d+:", out)[1:]:
        field = re.search(r"Signature Field Name: (.*)", block)
        ranges = re.search(r"Signed Ranges: \[(\d+) - (\d+)\], \[(\d+) - (\d+)\]", block)
        if "is not signed" in block:
            continue
        if not field or not ranges:
            errors.append("%s: pdfsig gives no field or ranges: %s" % (pdf, block[:200]))
            continue
        end = int(ranges.group(4))
        w = end == size
        total = "Not total document signed" not in block and "Total document signed" in block
        if total != w:
            errors.append("%s: %s ends at %d of %d bytes, but pdfsig says total=%s" % (pdf, field.group(1), end, size, total))
        whole[field.group(1)] = w
    if not whole:
        errors.append("%s: pdfsig finds no signature" % pdf)
    entries = json.loads(subprocess.run([epistle, "verify", "--json", pdf], capture_output=True, text=True).stdout)
    for e in entries:
        f = e.get("field")
        if f in whole and e.get("whole_file") != whole[f]:
            errors.append("%s: verify --json says %s covers the whole file: %s; its byte range says %s"
                          % (pdf, f, e.get("whole_file"), whole[f]))
    text = subprocess.run([epistle, "verify", pdf], capture_output=True, text=True).stdout
    said = len(re.findall(r"covers: the whole file", text))
    if said != sum(whole.values()):
        errors.append("%s: verify says 'covers: the whole file' %d times; %d signatures end at the file's end"
                      % (pdf, said, sum(whole.values())))
    print("%s: %s" % (os.path.basename(pdf), whole))
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
