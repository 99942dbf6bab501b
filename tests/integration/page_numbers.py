#!/usr/bin/env python3
""""Page N of M" counts each part's own pages: in a letter of two parts (English, then
German: "Seite N von M"), every page after a part's first carries its number within the part
and the part's page count, where the part's pages are found from the pages themselves (the
page that holds the part's opening starts it; pdfinfo gives the total) and not from epistle.

usage: page_numbers.py EPISTLE OUT_DIR"""
import os
import re
import subprocess
import sys

epistle, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
PARA = ("We write about the consultation on the coastal protection plan, which closes at the "
        "end of the month and which the communities along the estuary were not told of. ")
ABSATZ = ("Wir schreiben Ihnen zur Anhörung über den Küstenschutzplan, die am Ende des Monats "
          "endet und von der die Gemeinden an der Flussmündung nichts erfahren haben. ")
md = os.path.join(out, "pages.md")
with open(md, "w", encoding="utf-8") as f:
    f.write("---\nlang: en-GB\ndate: 2026-03-15\nto:\n  name: Recipient One\nopening: Dear First,\n"
            "closing: Yours sincerely,\nsignatories:\n  - name: Sam Signer\n---\n\n")
    f.write("\n\n".join(PARA * 4 for _ in range(14)) + "\n\n")
    f.write("---\nlang: de-DE\ndate: 2026-03-15\nto:\n  name: Empfängerin Zwei\nopening: Sehr geehrte Zweite,\n"
            "closing: Mit freundlichen Grüßen\nsignatories:\n  - name: Sam Signer\n---\n\n")
    f.write("\n\n".join(ABSATZ * 4 for _ in range(22)) + "\n")
pdf = os.path.join(out, "pages.pdf")
subprocess.run([epistle, "render", "-q", md, "-o", pdf], check=True)
total = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
pages = [" ".join(subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True,
                                 text=True).stdout.split()) for p in range(1, total + 1)]
starts = [next(i for i, t in enumerate(pages) if "Dear First," in t),
          next(i for i, t in enumerate(pages) if "Sehr geehrte Zweite," in t)]
errors = []
if starts[0] != 0 or not starts[0] < starts[1] < total:
    errors.append("the parts start on pages %r of %d" % ([s + 1 for s in starts], total))
bounds = [(starts[0], starts[1]), (starts[1], total)]
formats = ["Page %d of %d", "Seite %d von %d"]
for part, ((a, b), fmt) in enumerate(zip(bounds, formats)):
    n = b - a
    if n < 2:
        errors.append("part %d has %d page(s): the test needs at least two" % (part + 1, n))
    for k in range(a, b):
        t = pages[k]
        found = re.findall(fmt.replace("%d", r"(\d+)"), t)
        want = [] if k == a else [(str(k - a + 1), str(n))]
        if found != want:
            errors.append("part %d, page %d: %r, expected %r" % (part + 1, k + 1, found, want))
print("pages %d, parts start on %r" % (total, [s + 1 for s in starts]))
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
