#!/usr/bin/env python3
"""The space between East Asian and Latin text, read from the glyphs mutool draws (their faces
and positions), not from epistle:

- Latin text in brackets keeps its brackets: "(UNHCR)" in Japanese and "(non-refoulement)" in
  Korean are drawn with the parentheses of the Latin face, and the quarter em (clreq, jlreq;
  allowed to shrink to an eighth and stretch to a half) falls outside them, none inside; it
  is spacing, not a character: pdftotext reads "所(UNHCR)の" and "칙(non-refoulement)은";
- quotation marks around Japanese text take the Japanese face;
- no quarter em beside East Asian punctuation or full-width forms ("bill。", "「UNHCR」"), which
  carry their own space;
- a label is followed by its language's separator: a space after "추신:", none after "附言：";
- Korean set keep-all has no loose line: where breaking at spaces would leave one, a line
  breaks between two Hangul syllables, and only there;
- digits beside East Asian text are drawn from the Latin face, and a running head prints the
  date as the date line does.

usage: cjk_spacing.py EPISTLE OUT_DIR"""
import os
import re
import subprocess
import sys

epistle, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
SIZE = 11
errors = []

letters = {
    "ja": "国連難民高等弁務官事務所(UNHCR)の報告書は example/bill。を参照。「UNHCR」と“人権”。",
    "ko": "강제송환금지 원칙(non-refoulement)은 중요하다.",
}


def glyphs(pdf):
    trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True, check=True).stdout
    font, gs, hidden = None, [], False
    for line in trace.splitlines():
        # Invisible text (render mode 3) is not what a reader sees.
        if "<ignore_text" in line:
            hidden = True
        elif "</ignore_text>" in line:
            hidden = False
        if hidden:
            continue
        m = re.search(r'<span font="([^"]+)"', line)
        if m:
            font = m.group(1)
        m = re.search(r'<g unicode="([^"]*)" glyph="\d+" x="([-\d.]+)" y="([-\d.]+)" adv="([-\d.]+)"', line)
        if m:
            u = m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            gs.append((u, font, float(m.group(2)), float(m.group(3)), float(m.group(4)) * SIZE))
    return gs


def pair(gs, a, b):
    """The first two neighbouring glyphs a then b on one line, and the gap between them."""
    for g, h in zip(gs, gs[1:]):
        if g[0] == a and h[0] == b and abs(g[3] - h[3]) < 0.1:
            return g, h, h[2] - (g[2] + g[4])
    errors.append("no %r followed by %r on a line" % (a, b))
    return None, None, None


def latin(g):
    return g and "CJK" not in g[1]


for lang, text in letters.items():
    md = os.path.join(out, lang + ".md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\nlang: %s\ndate: 2026-03-15\n---\n\n%s\n" % (lang, text))
    pdf = os.path.join(out, lang + ".pdf")
    subprocess.run([epistle, "render", "-q", md, "-o", pdf], check=True)
    gs = glyphs(pdf)
    before, word = ("所", "UNHCR") if lang == "ja" else ("칙", "non-refoulement")
    after = "の" if lang == "ja" else "은"
    g, h, gap = pair(gs, before, "(")
    if h and not latin(h):
        errors.append("%s: '(' before %s is drawn in %s, not the Latin face" % (lang, word, h[1]))
    if gap is not None and not SIZE / 8 - 0.05 <= gap <= SIZE / 2 + 0.05:
        errors.append("%s: %.2f pt between %s and '(', not a quarter em (1/8 to 1/2)" % (lang, gap, before))
    g, h, gap = pair(gs, "(", word[0])
    if gap is not None and abs(gap) > 0.5:
        errors.append("%s: %.2f pt inside the parenthesis before %s" % (lang, gap, word))
    g, h, gap = pair(gs, word[-1], ")")
    if h and not latin(h):
        errors.append("%s: ')' after %s is drawn in %s, not the Latin face" % (lang, word, h[1]))
    if gap is not None and abs(gap) > 0.5:
        errors.append("%s: %.2f pt inside the parenthesis after %s" % (lang, gap, word))
    g, h, gap = pair(gs, ")", after)
    if gap is not None and not SIZE / 8 - 0.05 <= gap <= SIZE / 2 + 0.05:
        errors.append("%s: %.2f pt between ')' and %s, not a quarter em" % (lang, gap, after))
    # The quarter em is spacing, not a character: pdftotext reads none.
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                                              check=True).stdout)
    wanted = "%s(%s)%s" % (before, word, after)
    if wanted not in text:
        errors.append("%s: %r does not extract as %r: %r" % (lang, text[text.find(before) - 2:][:40], wanted, text))
    if lang == "ja":
        for a, b in (("l", "。"), ("「", "U"), ("R", "」")):
            g, h, gap = pair(gs, a, b)
            if gap is not None and abs(gap) > 0.5:
                errors.append("ja: %.2f pt between %r and %r, where East Asian punctuation needs no space"
                              % (gap, a, b))
        for q in "“”":
            g = [x for x in gs if x[0] == q]
            if not g or latin(g[0]):
                errors.append("ja: %r around Japanese text is not drawn in the Japanese face" % q)

# Labels: a space after "추신:" and "수신:" (an ASCII colon), none after "附言：" (a full-width
# colon carries its own), read back by pdftotext.
labels = {   # ps:, attention:, and what must come back
    "ko": ("추가 자료", "김민수", ("추신: 추가 자료", "수신: 김민수")),
    "zh-Hant": ("我們", "林先生", ("附言：我們", "收件人：林先生")),
}
for lang, (ps, name, wanted) in labels.items():
    md = os.path.join(out, "labels-%s.md" % lang)
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\nlang: %s\ndate: 2026-03-15\nattention: %s\nto:\n  name: 외교부\nps: %s\n---\n\nText.\n"
                % (lang, name, ps))
    pdf = os.path.join(out, "labels-%s.pdf" % lang)
    subprocess.run([epistle, "render", "-q", md, "-o", pdf], check=True)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    for w in wanted:
        if w not in text:
            errors.append("%s: %r is not in the text (%r)" % (lang, w, text))

# Korean, keep-all: the example sets without an underfull line (--strict fails on a warning),
# and where a line breaks inside a word (its end and the next line's start meet with no space
# in the source), it is between two Hangul syllables, never in a Latin word or a number.
src_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "korean")
pdf = os.path.join(out, "korean.pdf")
r = subprocess.run([epistle, "render", "--strict", os.path.join(src_dir, "letter.md"), "-o", pdf],
                   capture_output=True, text=True)
if r.returncode:
    errors.append("ko: the Korean example does not set cleanly: %s" % r.stderr)
else:
    source = re.sub(r"\s+", " ", open(os.path.join(src_dir, "letter.md"), encoding="utf-8").read())
    lines = [l.strip() for l in subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                                                check=True).stdout.splitlines()]
    hangul = lambda ch: "\uac00" <= ch <= "\ud7a3"
    inside = 0
    for a, b in zip(lines, lines[1:]):
        if not a or not b or (a + " " + b[:8]) in source:
            continue
        if (a[-8:] + b[:8]) in source:
            inside += 1
            if not (hangul(a[-1]) and hangul(b[0])):
                errors.append("ko: a line breaks inside a word between %r and %r" % (a[-1], b[0]))

# Digits beside East Asian text come from the Latin face, everywhere in a part: the Korean
# example's date, address, telephone number and postcodes; and a two-page Japanese letter to a
# recipient with a Latin name prints its running head's date exactly as its date line.
for g in glyphs(pdf) if not r.returncode else []:
    if g[0].isdigit() and not latin(g):
        errors.append("ko: the digit %r at %.0f,%.0f is drawn in %s, not the Latin face" % (g[0], g[2], g[3], g[1]))
        break
md, pdf = os.path.join(out, "head.md"), os.path.join(out, "head.pdf")
with open(md, "w", encoding="utf-8") as f:
    f.write("---\nlang: ja\ndate: 2026-03-15\nto:\n  name: Ms Jane Smith\n---\n\n"
            + "\n\n".join(["国連難民高等弁務官事務所の報告書によれば、難民の保護は国際社会の共通の責任である。" * 6] * 8)
            + "\n")
subprocess.run([epistle, "render", "-q", md, "-o", pdf], check=True)
pages = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout.split("\f")
if len(pages) < 2 or "2026年3月15日" not in pages[0] or "Ms Jane Smith · 2026年3月15日" not in pages[1]:
    errors.append("ja: the running head's date is not the date line's: %r / %r"
                  % (pages[0][:40], pages[1][:60] if len(pages) > 1 else ""))
for g in glyphs(pdf):
    if g[0].isdigit() and not latin(g):
        errors.append("ja: the digit %r at %.0f,%.0f is drawn in %s, not the Latin face" % (g[0], g[2], g[3], g[1]))
        break

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
