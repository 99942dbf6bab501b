#!/usr/bin/env python3
"""Every example's PDF is at most 85 % of the size it had before object streams, the
cross-reference stream, libdeflate and the shared font programs (the bytes below are what
the code of 2026-11-30, commit 4c22ff6, wrote for each on Debian 12's fonts), and still
passes qpdf --check.

usage: file_sizes.py EPISTLE SOURCE_DIR OUT_DIR"""
import os
import subprocess
import sys

epistle, src, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
BEFORE = {
    "open-letter": 130147,
    "japanese": 81927,
    "japanese-business": 59490,
    "korean": 50750,
    "english-arabic": 46378,
    "arabic": 36228,
    "din5008": 28775,
    "us-window": 21418,
}
errors = []
for name, before in BEFORE.items():
    pdf = os.path.join(out, name + ".pdf")
    r = subprocess.run([epistle, "render", "-q", os.path.join(src, "examples", name, "letter.md"), "-o", pdf],
                       capture_output=True, text=True)
    if r.returncode:
        errors.append("%s: render failed: %s" % (name, r.stderr))
        continue
    size = os.path.getsize(pdf)
    ratio = size / before
    print("%-18s %7d bytes, %.3f of %d" % (name, size, ratio, before))
    if ratio > 0.85:
        errors.append("%s: %d bytes, %.3f of the %d it was (at most 0.85)" % (name, size, ratio, before))
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    if q.returncode:
        errors.append("%s: qpdf --check: %s" % (name, q.stdout[-300:] + q.stderr[-300:]))
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
