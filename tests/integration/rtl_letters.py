#!/usr/bin/env python3
"""Right-to-left letters, checked with tools that are not epistle:

- the text comes back in logical order: pdftotext -raw (content order) holds every body
  paragraph whole and in order; pdftotext's own reading (by position) holds the letters of
  every paragraph whole where poppler can know the order (no digits or Latin inside it;
  not Urdu's Nastaliq, whose slanting baseline poppler cannot follow);
- the page is mirrored: every line of a body paragraph ends at the right margin
  (pdftotext -bbox-layout), every line but the last starts at the left one, the last starts
  inside it;
- Arabic letters are drawn in their joining forms: letters come from several glyphs each
  (the fonts' ToUnicode maps, read back by mutool);
- a word's glyphs, in the order they stand on the page from left to right, are the glyphs
  hb-shape (HarfBuzz's own command) gives for the same font and text;
- /Lang of each part, a Span in Arabic inside the English part, and /Direction /R2L for a
  document that starts right to left.

usage: rtl_letters.py EPISTLE SOURCE_DIR OUT_DIR
"""
import html
import os
import re
import subprocess
import sys

from pdfglyphs import Failures, codes_by_font, font_files, glyph_of, letters, paragraph_lines, run

epistle, src, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
MM = 72 / 25.4
fail = Failures()


FONTS = font_files()
MARKS = "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def squash(s):
    return re.sub(r"\s+", "", s.translate({ord(c): None for c in MARKS}))


def body_paragraphs(path):
    """The plain paragraphs of each part's body (not lists, quotes or headings)."""
    text = open(path, encoding="utf-8").read()
    parts = re.split(r"(?:^|\n)---\n.*?\n---\n", text, flags=re.S)[1:]
    paras = []
    for body in parts:
        for block in re.split(r"\n\s*\n", body.strip()):
            block = block.strip()
            if not block or re.match(r"^(>|\d+\.|[-*] |#)", block):
                continue
            block = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)
            paras.append(" ".join(block.split()))
    return paras


def check_order(pdf, paras, name, by_position=True):
    raw = squash(run("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"))
    at = 0
    for p in paras:
        i = raw.find(squash(p), at)
        if i < 0:
            fail(f"{name}: paragraph not in logical order in pdftotext -raw: {p[:50]}")
        else:
            at = i
    shown = letters(run("pdftotext", "-enc", "UTF-8", pdf, "-"))
    for p in paras if by_position else []:
        if re.search(r"[0-9A-Za-z]", p):
            continue
        if letters(p) not in shown:
            fail(f"{name}: pdftotext does not read back the paragraph: {p[:50]}")


def lines_of(pdf):
    """Lines from pdftotext -bbox-layout: (page, xMin, xMax, yMin, text)."""
    xml = run("pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-")
    result = []
    for page, body in enumerate(re.findall(r"<page .*?</page>", xml, re.S)):
        width = float(re.search(r'width="([\d.]+)"', body).group(1))
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', body, re.S):
            words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", m.group(4))]
            result.append((page, float(m.group(1)), float(m.group(3)), float(m.group(2)), width, "".join(words)))
    return result


def check_margins(pdf, paras, name, left_mm=20, right_mm=25):
    """A mirrored A4 page: the text column runs from 20 mm (the end of a right-to-left line)
    to 25 mm from the right edge (its start)."""
    lines = lines_of(pdf)
    checked = 0
    for p in paras:
        mine = paragraph_lines(p, lines, lambda ln: ln[5])
        if not mine:
            fail(f"{name}: cannot find the lines of: {p[:40]}")
            continue
        for k, (page, x0, x1, y, width, text) in enumerate(mine):
            right = width - right_mm * MM
            if abs(x1 - right) > 1.5:
                fail(f"{name}: line {k + 1} of '{p[:20]}' ends at {x1:.1f}, not at the right margin {right:.1f}")
            last = k + 1 == len(mine)
            if not last and abs(x0 - left_mm * MM) > 1.5:
                fail(f"{name}: line {k + 1} of '{p[:20]}' is not justified: starts at {x0:.1f}")
            if last and x0 < left_mm * MM - 1.5:
                fail(f"{name}: the last line of '{p[:20]}' runs past the left margin ({x0:.1f})")
        checked += 1
    if not checked:
        fail(f"{name}: no paragraph checked")


def trace_glyphs(pdf, page=1):
    """Every glyph drawn on a page, in content order: (font, unicode, glyph, x)."""
    xml = run("mutool", "trace", pdf, str(page))
    glyphs = []
    for span in re.finditer(r'<span font="([^"]+)"[^>]*>(.*?)</span>', xml, re.S):
        for g in re.finditer(r'<g unicode="([^"]*)" glyph="(\d+)" x="([-\d.]+)"', span.group(2)):
            glyphs.append((span.group(1), html.unescape(g.group(1)), int(g.group(2)), float(g.group(3))))
    return glyphs


def check_joining(pdf, name):
    forms = {}
    for font, u, gid, _ in trace_glyphs(pdf):
        if ("Arabic" in font or "Nastaliq" in font) and len(u) == 1 and "\u0620" <= u <= "\u064a":
            forms.setdefault((font, u), set()).add(gid)
    joined = [k for k, v in forms.items() if len(v) >= 2]
    if len(joined) < 5:
        fail(f"{name}: only {len(joined)} Arabic letters drawn in more than one form")


def content_codes(pdf, page=1):
    """The glyph codes (CIDs: the fonts' own glyph ids) of a page's text, in content order."""
    qdf = os.path.join(out, "qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", f"--pages", pdf, str(page), "--",
                    pdf, qdf], check=True)
    data = open(qdf, "rb").read().decode("latin-1")
    codes = []
    for stream in re.findall(r"stream\n(.*?)endstream", data, re.S):
        for arr in re.findall(r"\[([^\]]*)\]\s*TJ", stream):
            for hexs in re.findall(r"<([0-9A-Fa-f]+)>", arr):
                codes += [int(hexs[i:i + 4], 16) for i in range(0, len(hexs), 4)]
    return codes


def font_file(psname):
    return FONTS.get(psname)


def check_visual_order(pdf, word, name, script="arab", lang="ar"):
    glyphs = trace_glyphs(pdf)
    codes = content_codes(pdf)
    if len(codes) != len(glyphs):
        fail(f"{name}: {len(codes)} codes in the content, {len(glyphs)} glyphs traced")
        return
    for i in range(len(glyphs)):
        text, j = "", i
        while j < len(glyphs) and glyphs[j][0] == glyphs[i][0] and len(text) < len(word):
            text += glyphs[j][1]
            j += 1
        if text != word:
            continue
        drawn = [codes[k] for k in sorted(range(i, j), key=lambda k: glyphs[k][3])]
        path = font_file(glyphs[i][0].split("+", 1)[-1])
        shaped = run("hb-shape", "--no-glyph-names", "--no-positions", "--no-clusters", "--direction=rtl",
                     f"--script={script}", f"--language={lang}", path, word)
        want = [int(g) for g in shaped.strip().strip("[]").split("|")]
        if drawn != want:
            fail(f"{name}: '{word}' drawn as {drawn} from left to right; hb-shape gives {want}")
        return
    fail(f"{name}: the word '{word}' is not drawn on page 1")


def check_lang(pdf, langs, name, spans=()):
    """/Lang of each part, and Span elements in another language inside a part (an Arabic
    word in an English sentence)."""
    data = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True,
                          check=True).stdout.decode("latin-1")
    found = re.findall(r"/Lang \((.*?)\)", data)
    for lang in langs:
        if lang not in found:
            fail(f"{name}: no /Lang ({lang}) in the structure (found {sorted(set(found))})")
    # A document whose first part is right to left reads its pages from the right.
    rtl_first = langs[0] in ("ar", "fa", "ur", "he")
    if ("/Direction /R2L" in data) != rtl_first:
        fail(f"{name}: /ViewerPreferences /Direction /R2L {'missing' if rtl_first else 'in a left-to-right document'}")
    objects = re.findall(r"\n\d+ 0 obj\n(.*?)\nendobj", data, re.S)
    for lang in spans:
        if not any("/S /Span" in o and f"/Lang ({lang})" in o for o in objects):
            fail(f"{name}: no Span in {lang} inside the part")


cases = [
    ("examples/arabic/letter.md", ["ar"], "المدني", "arab", "ar"),
    ("examples/english-arabic/letter.md", ["en-GB", "ar"], "انتظار", "arab", "ar"),
    ("tests/letters/rtl-fa.md", ["fa"], "پناهجویان", "arab", "fa"),
    ("tests/letters/rtl-ur.md", ["ur"], None, "arab", "ur"),
    ("tests/letters/rtl-he.md", ["he"], "הקואליציה", "hebr", "he"),
]
for rel, langs, word, script, lang in cases:
    path = os.path.join(src, rel)
    name = rel.replace("/", "-")[:-3]
    pdf = os.path.join(out, name + ".pdf")
    subprocess.run([epistle, "render", path, "-o", pdf], check=True)
    paras = body_paragraphs(path)
    rtl = [p for p in paras if not re.search(r"[A-Za-z]{4}", p)]
    # Nastaliq's words descend along a slanting baseline: poppler, which reads lines by their
    # baselines, cannot put Urdu lines together, though their text is in order (-raw).
    nastaliq = lang == "ur"
    check_order(pdf, paras, name, by_position=not nastaliq)
    if "english" not in rel and not nastaliq:
        check_margins(pdf, rtl, name)
    if script == "arab":
        check_joining(pdf, name)
    if word:
        check_visual_order(pdf, word, name, script, lang)
    check_lang(pdf, langs, name, ["ar"] if "english" in rel else [])

# Kashida: the Arabic example with joins lengthened by tatweel. Its text does not change (the
# tatweel stand for no text), tatweel are drawn (the glyph hb-shape gives for U+0640 in the
# Naskh face), and the lines are still flush.
src_ar = os.path.join(src, "examples/arabic/letter.md")
kashida = os.path.join(out, "kashida.md")
with open(src_ar, encoding="utf-8") as f:
    text = f.read().replace("\nlang: ar\n", "\nlang: ar\nkashida: true\n", 1)
with open(kashida, "w", encoding="utf-8") as f:
    f.write(text)
plain_pdf, kashida_pdf = os.path.join(out, "examples-arabic-letter.pdf"), os.path.join(out, "kashida.pdf")
subprocess.run([epistle, "render", kashida, "-o", kashida_pdf], check=True)
if "\u0640" in run("pdftotext", "-raw", "-enc", "UTF-8", kashida_pdf, "-"):
    fail("kashida: tatweel comes back as text")
if squash(run("pdftotext", "-raw", "-enc", "UTF-8", kashida_pdf, "-")) != squash(run("pdftotext", "-raw", "-enc", "UTF-8", plain_pdf, "-")):
    fail("kashida: the text differs from the letter without it")
tatweel = glyph_of(font_file("NotoNaskhArabic-Regular"), "\u0640")
if tatweel not in codes_by_font(kashida_pdf, out).get("NotoNaskhArabic-Regular", set()):
    fail("kashida: no tatweel drawn")
check_margins(kashida_pdf, [p for p in body_paragraphs(kashida) if not re.search(r"[A-Za-z]{4}", p)], "kashida")
if tatweel in codes_by_font(plain_pdf, out).get("NotoNaskhArabic-Regular", set()):
    fail("tatweel drawn without kashida: true")



def signature_fields(pdf):
    """Each signature field's name (/T, UTF-16BE) and widget rectangle, as qpdf reads them."""
    q = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True, check=True).stdout
    fields = {}
    for m in re.finditer(rb"\n\d+ 0 obj\n(<<.*?>>)\nendobj", q, re.S):
        body = m.group(1)
        t, r = re.search(rb"/T <feff([0-9a-f]*)>", body), re.search(rb"/Rect \[([^\]]*)\]", body)
        if b"/FT /Sig" in body and t and r:
            fields[bytes.fromhex(t.group(1).decode()).decode("utf-16-be")] = [float(v) for v in r.group(1).split()]
    return fields


# Signatories side by side stand in the part's writing order, and each one's signature field
# with them: in Arabic the first signatory's field is to the right of the second's, in English
# to the left (the names as the sources give them, the rectangles as qpdf reads them).
for pdf, md, rtl in ((plain_pdf, src_ar, True),):
    fields = signature_fields(pdf)
    names = re.findall(r"^  - name: (.*)$", open(md, encoding="utf-8").read(), re.M)
    if len(names) < 2 or not all(n in fields for n in names[:2]):
        fail(f"signature fields: {sorted(fields)} for signatories {names}")
        continue
    a, b = fields[names[0]], fields[names[1]]
    if rtl and not a[0] >= b[2]:
        fail(f"signature fields: in a right-to-left letter the first signatory's field {a} is not right of the second's {b}")
    if not rtl and not a[2] <= b[0]:
        fail(f"signature fields: the first signatory's field {a} is not left of the second's {b}")

print(f"{len(cases)} letters, {fail.count} failures")
sys.exit(1 if fail.count else 0)
