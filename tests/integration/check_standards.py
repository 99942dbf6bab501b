#!/usr/bin/env python3
"""Letter standards, checked on rendered PDFs: the recipient's address lies inside the
window of each standard (word boxes from pdftotext -bbox-layout), and for DIN 5008 where its
table puts each zone (the recipient below the 17.7 mm zone, the return address inside it, the
information block at x 125 mm, 32 or 50 mm from the top), fold and punch marks are
drawn where the standard puts them (the drawing operators of the page), labels and dates
follow the language, and an address that does not fit its window is an error.

usage: check_standards.py EPISTLE OUTDIR"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

epistle, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
MM = 72 / 25.4
NS = "{http://www.w3.org/1999/xhtml}"
errors = []

# name: (layout, window, field x, y, w, h in mm, folds in mm, punch in mm)
STANDARDS = {
    "din-a": ("din5008-a", None, (20, 27, 85, 45), [87, 192], 148.5),
    "din-b": ("din5008-b", None, (20, 45, 85, 45), [105, 210], 148.5),
    "sn-right": ("sn010130", "right", (112, 45, 90, 45), [105, 210], 148.5),
    "sn-left": ("sn010130", "left", (20, 35.5, 100, 45), [105, 210], 148.5),
    "us-window": ("us-window", None, (12.7, 51.9, 88.9, 22.2), [], None),
}
ADDRESS = ["Zelda Quintero", "Quarry Lane 77", "Oslo 0150"]


def letter(path, layout, window, lang="en", extra=""):
    w = f"window: {window}\n" if window else ""
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"---\nlang: {lang}\nlayout: {layout}\n{w}date: 2026-11-24\n"
                "from:\n  name: Sender Org\n  address: [Street 1, City]\n"
                f"to:\n  name: {ADDRESS[0]}\n  address:\n    - {ADDRESS[1]}\n    - {ADDRESS[2]}\n"
                f"{extra}subject: Subject line\nopening: Dear Zelda,\nclosing: Regards,\n"
                "signatories:\n  - name: Sam Signer\n---\n\nA short letter.\n")


def render(md, pdf, expect_ok=True, style=None):
    r = subprocess.run([epistle, "render", md, "-o", pdf] + (["--style", style] if style else []),
                       capture_output=True, text=True)
    if expect_ok and r.returncode:
        errors.append(f"{md}: {r.stderr}")
    return r


def words(pdf):
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True).stdout
    root = ET.fromstring(xml)
    return [(w.text, float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
            for w in root.iter(NS + "word")]


def marks(pdf, page_height):
    """Horizontal rules starting 4 mm from the left edge: y in mm from the top."""
    q = pdf + ".qdf.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, q], check=True)
    data = open(q, "rb").read().decode("latin-1")
    ys = []
    for m in re.finditer(r"([\d.]+) ([\d.]+) m\n([\d.]+) ([\d.]+) l\nS", data):
        x0, y0, x1, y1 = map(float, m.groups())
        if abs(x0 - 4 * MM) < 0.1 and abs(y0 - y1) < 0.01:
            ys.append(round((page_height - y0) / MM, 1))
    return sorted(ys)


# Every built-in style keeps each standard's geometry: the window and the marks stay put.
for (name, (layout, window, (fx, fy, fw, fh), folds, punch)), style in [
        (item, style) for style in (None, "compact", "modern") for item in STANDARDS.items()]:
    md, pdf = f"{out}/{name}.md", f"{out}/{name}-{style or 'default'}.pdf"
    name = f"{name} ({style or 'no style'})"
    letter(md, layout, window)
    render(md, pdf, style=style)
    ws = words(pdf)
    # Every word of the recipient's address inside the window rectangle.
    for line in ADDRESS:
        for token in line.split():
            hits = [w for w in ws if w[0] == token]
            if not hits:
                errors.append(f"{name}: '{token}' not found")
                continue
            t, x0, y0, x1, y1 = hits[0]
            inside = fx * MM <= x0 and x1 <= (fx + fw) * MM and fy * MM <= y0 and y1 <= (fy + fh) * MM
            if not inside:
                errors.append(f"{name}: '{token}' at ({x0 / MM:.1f},{y0 / MM:.1f})-({x1 / MM:.1f},{y1 / MM:.1f}) mm "
                              f"is outside the window {fx},{fy} {fw}x{fh}")
    # DIN 5008's table, beyond the window: the field's first 17.7 mm are the zone for the
    # return address and remarks, the recipient's six lines start below it; the information
    # block starts at x 125 mm, 32 mm (form A) or 50 mm (form B) from the top.
    if layout.startswith("din5008"):
        zone = fy + 17.7
        first = [w for w in ws if w[0] == ADDRESS[0].split()[0]]
        if first and not (zone - 0.5 <= first[0][2] / MM <= zone + 1.0):
            errors.append(f"{name}: the recipient's first line starts {first[0][2] / MM:.1f} mm from the top, "
                          f"not at the address zone's top ({zone:.1f} mm)")
        for t in ("Sender", "Org"):
            ret = [w for w in ws if w[0] == t and fy * MM <= w[2] and w[4] <= zone * MM]
            if not ret:
                errors.append(f"{name}: the return address ('{t}') is not in the {fy}-{zone:.1f} mm zone")
        label = [w for w in ws if w[0] == "Date"]
        info_y = fy + 5
        if not label or abs(label[0][1] / MM - 125) > 0.5:
            errors.append(f"{name}: the information block's 'Date' at x "
                          f"{label[0][1] / MM if label else float('nan'):.1f} mm, not 125")
        elif not (info_y - 0.5 <= min(w[2] for w in ws if abs(w[1] / MM - 125) < 0.5) / MM <= info_y + 1.0):
            errors.append(f"{name}: the information block does not start {info_y} mm from the top")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    height = float(re.search(r"Page size:\s+[\d.]+ x ([\d.]+)", info).group(1))
    want = sorted(folds + ([punch] if punch else []))
    got = marks(pdf, height)
    if [round(w, 1) for w in want] != got:
        errors.append(f"{name}: marks at {got} mm, expected {want}")
    # marks: false takes them away.
    letter(md, layout, window, extra="marks: false\n")
    render(md, pdf, style=style)
    if marks(pdf, height):
        errors.append(f"{name}: marks: false still draws marks")

# Labels and dates in the letter's language (DIN information block, reference line).
for lang, expect in {"de": ["Ihr Zeichen", "Datum", "24. November 2026", "z. Hd."],
                     "fr": ["Vos réf.", "24 novembre 2026"],
                     "es": ["Su ref.", "24 de noviembre de 2026"],
                     "pt": ["V/ ref.ª", "24 de novembro de 2026"],
                     "en-GB": ["Your ref.", "24 November 2026"],
                     "en-US": ["Your ref.", "November 24, 2026", "Attn:"],
                     "zh-Hant": ["貴方編號", "2026年11月24日"],
                     "zh-Hans": ["贵方编号", "2026年11月24日"],
                     "ja": ["貴社番号", "2026年11月24日"],
                     "ko": ["귀사 번호", "2026년 11월 24일"]}.items():
    md, pdf = f"{out}/labels-{lang}.md", f"{out}/labels-{lang}.pdf"
    layout = "din5008-b" if lang == "de" else "block"
    letter(md, layout, None, lang, extra="attention: Ms Zelda\nreference:\n  your_ref: AB-1\n")
    render(md, pdf)
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for e in expect:
        if e not in flat and e.replace(" ", "") not in flat.replace(" ", ""):
            errors.append(f"{lang}: '{e}' missing")

# An address that does not fit its window is an error that names it; nothing is written.
md, pdf = f"{out}/too-long.md", f"{out}/too-long.pdf"
with open(md, "w") as f:
    f.write("---\nlayout: din5008-a\nto:\n  name: Very Long Organisation Name\n  address:\n"
            + "".join(f"    - Line {i}\n" for i in range(7)) + "---\nBody.\n")
r = render(md, pdf, expect_ok=False)
if r.returncode != 1 or "Very Long Organisation Name" not in r.stderr or "holds" not in r.stderr or os.path.exists(pdf):
    errors.append(f"too many lines: exit {r.returncode}: {r.stderr}")
with open(md, "w") as f:
    f.write("---\nlayout: din5008-a\nto:\n  name: A\n  address:\n    - "
            + "Wide" * 30 + "\n---\nBody.\n")
r = render(md, pdf, expect_ok=False)
if r.returncode != 1 or ":6:7: error: the address line" not in r.stderr:
    errors.append(f"too wide: exit {r.returncode}: {r.stderr}")

# DIN 5008's return-address line has one line in the 17.7 mm zone above the address: a longer
# one is set smaller (not under 6 pt) to stay on one line inside the zone (x 25 to 105 mm);
# longer still, an error at the sender's name. The size is read as the word boxes' height,
# against the same face's 7 pt line of a short return address.
def return_line(pdf):
    return [w for w in words(pdf) if 27 * MM <= w[2] and w[4] <= 44.7 * MM and w[1] < 105 * MM]


md, pdf = f"{out}/return.md", f"{out}/return.pdf"
letter(md, "din5008-a", None)
render(md, pdf)
h7 = max((w[4] - w[2] for w in return_line(pdf)), default=0)
sender = "AG Fluechtlingsrechte e. V."
with open(md) as f:
    src = f.read()
with open(md, "w") as f:
    f.write(src.replace("name: Sender Org\n  address: [Street 1, City]",
                        f"name: {sender}\n  address: [Bundesallee 123, 10715 Berlin-Wilmersdorf]"))
render(md, pdf)
ws = return_line(pdf)
text = " ".join(w[0] for w in ws)
if "Wilmersdorf" not in text or not h7:
    errors.append(f"return line: not found in the zone ({text!r})")
else:
    if len({round(w[2], 1) for w in ws}) != 1:
        errors.append(f"return line: on more than one line ({text!r})")
    if min(w[1] for w in ws) < 25 * MM - 0.5 or max(w[3] for w in ws) > 105 * MM:
        errors.append("return line: outside x 25 to 105 mm: %.1f to %.1f mm" % (min(w[1] for w in ws) / MM,
                                                                              max(w[3] for w in ws) / MM))
    size = 7 * (ws[0][4] - ws[0][2]) / h7
    if not 6 - 0.05 <= size < 7 - 0.05:
        errors.append(f"return line: set at about {size:.2f} pt, not smaller than 7 and at least 6")
with open(md, "w") as f:
    f.write(src.replace("name: Sender Org", f"name: {sender} {sender} {sender}"))
os.remove(pdf)
r = render(md, pdf, expect_ok=False)
if r.returncode != 1 or ":6:9: error: the return address" not in r.stderr or os.path.exists(pdf):
    errors.append(f"return line too long at 6 pt: exit {r.returncode}: {r.stderr}")

for e in errors:
    print(e, file=sys.stderr)
print("ok" if not errors else f"{len(errors)} problems")
sys.exit(1 if errors else 0)
