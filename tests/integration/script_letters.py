#!/usr/bin/env python3
"""Letters in the scripts of South and Southeast Asia (Devanagari, Bengali, Tamil, Thai,
Khmer, Burmese), checked with tools that are not epistle:

- they render without a warning (Thai, Khmer and Burmese, written without spaces, justify
  at the word boundaries ICU finds: no underfull lines), except a line looser than TeX's
  tolerance where nothing better exists, whose warning must say so and why;
- every line of a body paragraph stays inside the measure, starts at the left margin, and
  every line but the last ends at the right one (pdftotext -bbox-layout);
- each script's letters are drawn from that script's own faces (mutool trace);
- no glyph of the dotted circle (U+25CC, which HarfBuzz draws for a broken cluster) is in
  the content, unless the source has one: the glyph id comes from hb-shape on the installed
  font, the glyph codes from the page's content streams (qpdf). A control letter with a
  broken cluster must be caught, so that the check is known to work.

usage: script_letters.py EPISTLE SOURCE_DIR OUT_DIR
"""
import html
import os
import re
import subprocess
import sys
import unicodedata

from pdfglyphs import Failures, codes_by_font, font_files, glyph_of, paragraph_lines, run

epistle, src, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
MM = 72 / 25.4
fail = Failures()


def is_letter(c):
    return not c.isspace() and not unicodedata.category(c).startswith(("M", "C"))


def letters(s):
    return "".join(c for c in s if is_letter(c))


def inside_word(p, n):
    """Whether the first n letters of paragraph p end inside a word (a break there adds a
    hyphen, which extracts as nothing: such a line is a hyphen's width short)."""
    seen = 0
    for c in p:
        if seen == n and is_letter(c):
            return True
        if seen == n and c.isspace():
            return False
        seen += is_letter(c)
    return False


def body_paragraphs(path):
    body = open(path, encoding="utf-8").read().split("\n---\n", 1)[1]
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", body) if b.strip()]


def render(path, pdf):
    r = subprocess.run([epistle, "render", "-q", path, "-o", pdf], capture_output=True, text=True)
    if r.returncode:
        fail(f"{path}: render failed: {r.stderr}")
    return r.stderr


def check_lines(pdf, paras, name):
    xml = run("pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-")
    lines = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        # poppler may cut a line of these scripts into pieces: pieces on one baseline (the
        # bottoms within 6 points, less than half the leading: marks and subscripts drawn
        # with a rise move a piece's box) are one line.
        pieces = []
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S):
            words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", m.group(4))]
            pieces.append([float(m.group(3)), float(m.group(1)), float(m.group(2)), " ".join(words)])
        pieces.sort()
        for y, x0, x1, text in pieces:
            if lines and lines[-1][4] == id(page) and abs(lines[-1][5] - y) < 6:
                last = lines[-1]
                lines[-1] = (min(last[0], x0), max(last[1], x1), width, last[3] + " " + text, last[4], last[5])
            else:
                lines.append((x0, x1, width, text, id(page), y))
    left = 25 * MM
    for p in paras:
        mine = paragraph_lines(p, lines, lambda ln: ln[3])
        if not mine:
            fail(f"{name}: cannot find the lines of '{p[:30]}'")
            continue
        if len(mine) < 2:
            fail(f"{name}: '{p[:30]}' is on one line: too short to check justification")
        done = 0
        for k, (x0, x1, width, text, _, _) in enumerate(mine):
            done += len(letters(text))
            right = width - 20 * MM
            hyphen = 5 if inside_word(p, done) else 0
            if abs(x0 - left) > 1.5:
                fail(f"{name}: line {k + 1} of '{p[:20]}' starts at {x0:.1f}, not at the margin {left:.1f}")
            # Punctuation that ends a line hangs a little into the margin (protrusion).
            hang = 0.7 * 12 if text[-1:] in ".,:;!?’”'\"-\u2013\u2014\u0964\u0965" else 0
            if x1 > right + 1.5 + hang:
                fail(f"{name}: line {k + 1} of '{p[:20]}' runs to {x1:.1f}, past the measure ({right:.1f})")
            if k + 1 < len(mine) and not (right - hyphen - 1.5 <= x1 <= right + 1.5 + hang):
                fail(f"{name}: line {k + 1} of '{p[:20]}' is not flush: ends at {x1:.1f}, not {right:.1f}")


def check_faces(pdf, script, face, name):
    xml = run("mutool", "trace", pdf, "1")
    seen = 0
    for span in re.finditer(r'<span font="([^"]+)"[^>]*>(.*?)</span>', xml, re.S):
        font = span.group(1)
        for u in re.findall(r'<g unicode="([^"]*)"', span.group(2)):
            u = html.unescape(u)
            if len(u) == 1 and unicodedata.name(u, "").startswith(script):
                seen += 1
                if face not in font:
                    fail(f"{name}: {unicodedata.name(u)} drawn from {font}, not from {face}")
    if not seen:
        fail(f"{name}: no {script} letter drawn")


FILES = font_files()


def dotted_circles(pdf):
    """The fonts whose dotted-circle glyph is drawn in the PDF."""
    found = []
    for font, codes in codes_by_font(pdf, out).items():
        path = FILES.get(font)
        if not path:
            continue
        gid = glyph_of(path, "\u25cc")
        if gid and gid in codes:
            found.append(font)
    return found


cases = [
    ("hi", "DEVANAGARI", "NotoSerifDevanagari"),
    ("bn", "BENGALI", "NotoSerifBengali"),
    ("ta", "TAMIL", "NotoSerifTamil"),
    ("th", "THAI", "NotoSerifThai"),
    ("km", "KHMER", "NotoSerifKhmer"),
    ("my", "MYANMAR", "NotoSerifMyanmar"),
]
for lang, script, face in cases:
    path = os.path.join(src, "tests", "letters", f"script-{lang}.md")
    pdf = os.path.join(out, f"{lang}.pdf")
    warnings = render(path, pdf)
    # A line looser than TeX's \tolerance=200 may remain where nothing better exists, but
    # only with a warning that says so, and why; nothing else is warned of.
    for w in warnings.strip().splitlines():
        if ": warning: " not in w:
            continue
        if not re.search(r": warning: loose line \(badness \d+, above 200\) before \u201c[^\u201d]+\u201d: the next word does not fit", w):
            fail(f"{lang}: warning: {w}")
    check_lines(pdf, body_paragraphs(path), lang)
    check_faces(pdf, script, face, lang)
    if dotted_circles(pdf):
        fail(f"{lang}: a dotted circle is drawn from {dotted_circles(pdf)}")

# The control: a vowel sign with no consonant to sit on is a broken cluster, which HarfBuzz
# shows on a dotted circle. The check above must see it.
control = os.path.join(out, "control.md")
with open(control, "w", encoding="utf-8") as f:
    f.write("---\nlang: ta\n---\n\nஇது \u0bbe ஒரு சோதனை.\n")
render(control, os.path.join(out, "control.pdf"))
if not dotted_circles(os.path.join(out, "control.pdf")):
    fail("the dotted-circle check does not see the control's broken cluster")

print(f"{len(cases)} letters, {fail.count} failures")
sys.exit(1 if fail.count else 0)
