#!/usr/bin/env python3
"""Every link's clickable area lies over its text: each link annotation's /Rect (or each of
its /QuadPoints, one per line, inside the /Rect) has a real width and height and covers most of a word of its link text on its page (word boxes from
pdftotext -bbox), and every word of each link text lies under an annotation to its address.
Links in English, in Chinese, and one long enough to break across lines.

usage: link_rects.py EPISTLE OUT_DIR"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

epistle, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
LINKS = {
    "https://example.org/consultation": "the consultation notice",
    "https://example.org/report": "our report on the estuary and the fisheries that depend on it, published last spring",
    "https://example.org/zh": "諮詢文件",
}
md = os.path.join(out, "links.md")
with open(md, "w", encoding="utf-8") as f:
    f.write("---\nlang: en-GB\ndate: 2026-03-15\n---\n\n")
    f.write("Please read [%s](https://example.org/consultation) before the meeting, and "
            "[%s](https://example.org/report), which sets out what the plan would change for the "
            "communities along the coast.\n\n" % (LINKS["https://example.org/consultation"],
                                                 LINKS["https://example.org/report"]))
    f.write("---\nlang: zh-Hant\ndate: 2026-03-15\n---\n\n請參閱[%s](https://example.org/zh)。\n" % LINKS["https://example.org/zh"])
pdf = os.path.join(out, "links.pdf")
subprocess.run([epistle, "render", "-q", md, "-o", pdf], check=True)

q = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True, check=True).stdout
text = q.decode("latin-1")
objs = {int(m.group(1)): m.group(2) for m in re.finditer(r"\n(\d+) 0 obj\n(.*?)\nendobj", text, re.S)}
pages = [n for n, b in sorted(objs.items()) if re.search(r"/Type\s*/Page\b", b)]
# Page order: as the page tree lists them.
root = next(b for b in objs.values() if re.search(r"/Type\s*/Pages\b", b) and "/Parent" not in b)
order = [int(r) for r in re.findall(r"(\d+) 0 R", re.search(r"/Kids\s*\[([^\]]*)\]", root).group(1))]
if sorted(order) == sorted(pages):
    pages = order
errors = []
annots = []   # (page index, uri, x0, y0, x1, y1) in PDF points, origin bottom left: one per area
for i, p in enumerate(pages):
    m = re.search(r"/Annots\s*\[([^\]]*)\]", objs[p])
    for r in re.findall(r"(\d+) 0 R", m.group(1)) if m else []:
        a = objs.get(int(r), "")
        if "/Link" not in a:
            continue
        rect = [float(v) for v in re.search(r"/Rect\s*\[([^\]]*)\]", a).group(1).split()]
        uri = re.search(r"/URI\s*\(([^)]*)\)", a)
        uri = uri.group(1) if uri else None
        box = (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3]))
        # A link over several lines: one area per line (/QuadPoints), each inside /Rect.
        qp = re.search(r"/QuadPoints\s*\[([^\]]*)\]", a)
        quads = [float(v) for v in qp.group(1).split()] if qp else []
        if quads and len(quads) % 8 == 0:
            for k in range(0, len(quads), 8):
                xs, ys = quads[k:k + 8:2], quads[k + 1:k + 8:2]
                q_box = (min(xs), min(ys), max(xs), max(ys))
                if not (box[0] - 0.5 <= q_box[0] and q_box[2] <= box[2] + 0.5 and box[1] - 0.5 <= q_box[1]
                        and q_box[3] <= box[3] + 0.5):
                    errors.append("the link to %s: a quadrilateral %r outside its /Rect %r" % (uri, q_box, box))
                annots.append((i, uri) + q_box)
        else:
            annots.append((i, uri) + box)

xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
xml = re.sub(r'xmlns="[^"]*"', "", re.sub(r"<!DOCTYPE[^>]*>", "", xml))
words = []    # (page index, text, x0, y0, x1, y1) in PDF points, origin bottom left
for i, page in enumerate(ET.fromstring(xml).iter("page")):
    h = float(page.get("height"))
    for w in page.iter("word"):
        words.append((i, w.text or "", float(w.get("xMin")), h - float(w.get("yMax")), float(w.get("xMax")),
                      h - float(w.get("yMin"))))


def covered(word, a):
    """How much the word's box and the annotation's rectangle overlap, as a share of the
    smaller (a CJK line is one word to pdftotext, wider than its link)."""
    ix = max(0.0, min(word[4], a[4]) - max(word[2], a[2]))
    iy = max(0.0, min(word[5], a[5]) - max(word[3], a[3]))
    area = min((word[4] - word[2]) * (word[5] - word[3]), (a[4] - a[2]) * (a[5] - a[3]))
    return ix * iy / area if area > 0 else 0.0


if sorted({a[1] for a in annots}) != sorted(LINKS):
    errors.append("annotations to %r, expected %r" % (sorted({a[1] for a in annots}), sorted(LINKS)))
for a in annots:
    if a[4] - a[2] < 2 or a[5] - a[3] < 2:
        errors.append("the link to %s has a %.1f x %.1f pt area" % (a[1], a[4] - a[2], a[5] - a[3]))
        continue
    link_words = LINKS.get(a[1], "")
    if not any(covered(w, a) > 0.6 for w in words
               if w[0] == a[0] and (w[1].strip(".,") in link_words or link_words in w[1])):
        errors.append("the link to %s at %r covers none of its words" % (a[1], a[2:]))
for uri, label in LINKS.items():
    for tok in [t.strip(".,") for t in label.split()]:
        ws = [w for w in words if w[1].strip(".,") == tok or (not tok.isascii() and tok in w[1])]
        if not ws:
            errors.append("'%s' not found in the text" % tok)
        elif not any(covered(w, a) > 0.6 for w in ws for a in annots if a[1] == uri and a[0] == w[0]):
            errors.append("'%s' of the link to %s lies under no annotation to it" % (tok, uri))
print("%d link areas on %d pages" % (len(annots), len(pages)))
for a in annots:
    print("  %s: %.1f %.1f %.1f %.1f on page %d" % (a[1], a[2], a[3], a[4], a[5], a[0] + 1))
if len([a for a in annots if a[1] == "https://example.org/report"]) < 2:
    errors.append("the long link does not break across lines (the test needs it to)")
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
