#!/usr/bin/env python3
"""`epistle fonts` names the faces the PDF embeds: for each example letter, the PostScript
names it reports are exactly the fonts pdffonts lists in the rendered PDF (an independent
reader), and each named file exists; a character no face has is listed."""
import json
import os
import re
import subprocess
import sys

epistle, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
errors = []
letters = sorted(os.path.join(src, "examples", d, "letter.md") for d in os.listdir(os.path.join(src, "examples"))
                 if os.path.isfile(os.path.join(src, "examples", d, "letter.md")))
letters += [os.path.join(src, "tests", "letters", f) for f in ("script-hi.md", "script-th.md")]
for letter in letters:
    pdf = os.path.join(out, os.path.basename(os.path.dirname(letter)) + "-" + os.path.basename(letter) + ".pdf")
    r = subprocess.run([epistle, "render", "-q", letter, "-o", pdf], capture_output=True, text=True)
    if r.returncode:
        errors.append(f"{letter}: render: {r.stderr}")
        continue
    rep = subprocess.run([epistle, "fonts", "--json", letter], capture_output=True, text=True)
    if rep.returncode:
        errors.append(f"{letter}: fonts: {rep.stderr}")
        continue
    faces = json.loads(rep.stdout)["faces"]
    named = {f["postscript_name"] for f in faces}
    listed = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
    # "ABCDEF+NotoSerif-Regular" (a TrueType subset), "ABCDEF+NotoSerifCJKtc-Regular-Identity-H" (a CFF one)
    embedded = {re.sub(r"-Identity-H$", "", l.split()[0].split("+", 1)[1]) for l in listed if "+" in l.split()[0]}
    if named != embedded:
        errors.append(f"{letter}: epistle fonts names {sorted(named)}, pdffonts lists {sorted(embedded)}")
    for f in faces:
        if not os.path.isfile(f["file"]) or f["characters"] <= 0 or not f["places"]:
            errors.append(f"{letter}: {f}")

# A character no installed face has is named.
path = os.path.join(out, "missing.md")
with open(path, "w", encoding="utf-8") as f:
    f.write("---\nlang: en\ndate: 2026-03-15\n---\n\nA private-use character: \U0010FFFD.\n")
rep = subprocess.run([epistle, "fonts", path], capture_output=True, text=True)
if "No face has: U+10FFFD" not in rep.stdout:
    errors.append(f"missing character not named: {rep.stdout!r} {rep.stderr!r}")
# Without a letter: a sample letter in the language; Korean text is set in a Korean face.
rep = subprocess.run([epistle, "fonts", "--lang", "ko", "--json"], capture_output=True, text=True)
faces = json.loads(rep.stdout)["faces"] if not rep.returncode else []
if not any("Hang" in f["scripts"] and "kr" in f["postscript_name"].lower() for f in faces):
    errors.append(f"--lang ko: {rep.stdout[:300]!r} {rep.stderr!r}")

# --font-path: a face no fontconfig folder has. A copy of Noto Serif whose names (family and
# PostScript, in the name table's Mac and UTF-16 strings) say "Test Serif" is found only there.
fontdir = os.path.join(out, "fonts")
os.makedirs(fontdir, exist_ok=True)
data = open("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf", "rb").read()
for a, b in [("Noto Serif", "Test Serif"), ("NotoSerif", "TestSerif")]:
    data = data.replace(a.encode(), b.encode()).replace(a.encode("utf-16-be"), b.encode("utf-16-be"))
open(os.path.join(fontdir, "TestSerif-Regular.ttf"), "wb").write(data)
path = os.path.join(out, "shipped.md")
with open(path, "w") as f:
    f.write("---\nlang: en\ndate: 2026-03-15\nfonts:\n  serif: Test Serif\n---\n\nSet in the shipped face.\n")
pdf = os.path.join(out, "shipped.pdf")
r = subprocess.run([epistle, "render", path, "-o", pdf, "--font-path", fontdir], capture_output=True, text=True)
fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
if r.returncode or "+TestSerif-Regular" not in fonts or "warning" in r.stderr:
    errors.append(f"--font-path: exit {r.returncode}: {r.stderr!r} {fonts!r}")
r = subprocess.run([epistle, "render", path, "-o", pdf], capture_output=True, text=True)
if "Test Serif" not in r.stderr or "warning" not in r.stderr:
    errors.append(f"without --font-path the face is not found, and that is said: {r.stderr!r}")
r = subprocess.run([epistle, "check", path, "--font-path", os.path.join(out, "no-such-folder")],
                   capture_output=True, text=True)
if r.returncode != 2 or "cannot use as a font folder" not in r.stderr:
    errors.append(f"--font-path to nothing: exit {r.returncode}: {r.stderr!r}")

for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
