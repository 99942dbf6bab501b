#!/usr/bin/env python3
"""Font expansion and character protrusion, read from the PDF with other programs:

- evenness: the spread of word spaces between justified lines (scripts/evenness.py: p90/p10
  of each line's mean gap, pdftotext's word boxes) of a fourteen-paragraph English letter and
  of the English and German examples with enough justified lines is at most MAX_SPREAD, and the letter's
  clearly below its spread with `microtype: false`;
- protrusion: a line ending in a period, comma or hyphen (the hyphen a break adds) hangs past
  the measure by 0.7 of that glyph's width, as mutool draws it (its position, advance and
  size), within 0.3 pt; with `microtype: false`, no line passes the measure;
- expansion: every horizontal scaling the content streams set (qpdf) is between 98 % and
  102 %, in steps of 0.5 %, and some are set;
- the text extracts the same either way (pdftotext, whitespace and line ends aside).

usage: microtype.py EPISTLE OUT_DIR"""
import os
import random
import re
import subprocess
import sys
import zlib

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "scripts"))
import evenness  # noqa: E402

epistle, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
MAX_SPREAD = 1.25
SIZE = 11
errors = []

SENTENCES = [
    "We write on behalf of fifty-three community organisations, fishing cooperatives and environmental groups along the western coast.",
    "For two generations our members have lived beside the shoreline that the Bill now places under the Ministry's control.",
    "The Bill, as passed, allows the Ministry to requisition land and to close traditional fishing grounds without notice and without appeal.",
    "Article 41 of the Constitution is clear that every person whose livelihood is affected by a decision of the State has the right to be heard.",
    "The communities who know this coast best were given eleven days to comment on a text of two hundred pages.",
    "The final amendments were published on the morning of the vote, and no hearing was held in any of the affected districts.",
    "In its review of our country last year, the Human Rights Committee warned against exactly this kind of consultation.",
    "We do not oppose defences against the rising sea; our members have asked for them since the storms of 2019.",
    "We ask only that the people who will live with these defences have a voice in where and how they are built.",
    "A requisition order that cannot be appealed to an independent tribunal is incompatible with the rule of law.",
    "The harbour towns of the north have already lost a third of their boats, and many young people have left for the cities.",
    "Our joint submission sets out, district by district, the land that the Bill would allow the Ministry to take.",
    "It also proposes a procedure of consultation that other coastal states have used with success for many years.",
    "We therefore ask you, respectfully but firmly, to return the Bill to the National Assembly under Article 58.",
    "We ask that a consultation of no less than ninety days be required, with hearings in every affected district.",
    "Materials should be published in every official language, and in plain words that a fisher can read after a long day.",
    "Our members stand ready to work with the Ministry on defences that protect both the coast and the people who live from it.",
    "The full text of our joint submission is enclosed and is also published on our website for anyone to read.",
    "We would welcome the chance to present our submission to your office in person, at any time that suits you.",
    "Independent engineers who reviewed the plans found that several sea walls would move erosion to the neighbouring villages.",
    "Nothing in the Bill requires the Ministry to publish its assessments before an order is made, or even afterwards.",
    "The cooperatives have kept careful records of their catches since 1987, and they have offered them to the Ministry freely.",
]


def letter(path, microtype):
    rnd = random.Random(14)
    paras = []
    for _ in range(14):
        paras.append(" ".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(3, 5))))
    style = "" if microtype else "style:\n  microtype: false\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\nlang: en-GB\ndate: 2026-03-15\n%s---\n\n%s\n" % (style, "\n\n".join(paras)))


def render(name, microtype):
    md, pdf = os.path.join(out, name + ".md"), os.path.join(out, name + ".pdf")
    letter(md, microtype)
    r = subprocess.run([epistle, "render", "-q", md, "-o", pdf], capture_output=True, text=True)
    if r.returncode:
        errors.append("%s: render failed: %s" % (name, r.stderr))
    return pdf


def spread(pdf):
    m = evenness.line_gaps(pdf)
    return evenness.percentile(m, 0.9) / evenness.percentile(m, 0.1), len(m)


def glyph_lines(pdf):
    """Lines of glyphs as mutool draws them: (char, x, end) per glyph, by page and baseline."""
    trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True, check=True).stdout
    lines, page, scale = {}, 0, SIZE
    for row in trace.splitlines():
        if "<page " in row:
            page += 1
        m = re.search(r'<span font="[^"]*" wmode="0" bidi="\d" trm="([-\d.]+) ', row)
        if m:
            scale = float(m.group(1))
        m = re.search(r'<g unicode="([^"]*)" glyph="\d+" x="([-\d.]+)" y="([-\d.]+)" adv="([-\d.]+)"', row)
        if m:
            x, adv = float(m.group(2)), float(m.group(4)) * scale
            lines.setdefault((page, round(float(m.group(3)), 1)), []).append((m.group(1), x, x + adv))
    out = []
    for _, v in sorted(lines.items()):
        v = sorted(v, key=lambda g: g[1])
        while v and v[-1][0] == " ":
            v.pop()   # the space a break swallowed, kept (invisible) for text extraction
        out.append(v)
    return out


def streams_text(pdf):
    raw = open(pdf, "rb").read()
    text = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        try:
            text.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            pass
    return "\n".join(text)


on, off = render("on", True), render("off", False)
if not errors:
    s_on, n_on = spread(on)
    s_off, n_off = spread(off)
    print("word-space spread p90/p10: %.2f with microtype (%d lines), %.2f without (%d lines)" % (s_on, n_on, s_off, n_off))
    if s_on > MAX_SPREAD:
        errors.append("the spread of word spaces is %.2f, above %.2f" % (s_on, MAX_SPREAD))
    if s_on > 0.85 * s_off:
        errors.append("microtype does not make the spaces more even: %.2f against %.2f without" % (s_on, s_off))

    examples = os.path.join(here, "..", "..", "examples")
    for name in ("open-letter", "us-window", "din5008"):
        pdf = os.path.join(out, name + ".pdf")
        subprocess.run([epistle, "render", "-q", os.path.join(examples, name, "letter.md"), "-o", pdf], check=True)
        s, n = spread(pdf)
        print("%s: %.2f (%d lines)" % (name, s, n))
        if s > MAX_SPREAD:
            errors.append("%s: the spread of word spaces is %.2f, above %.2f" % (name, s, MAX_SPREAD))

    # Protrusion, against the measure: where most lines end.
    for pdf, hanging in ((on, True), (off, False)):
        lines = [l for l in glyph_lines(pdf) if len(l) > 20]
        ends = [round(l[-1][2], 1) for l in lines]
        margin = max(set(ends), key=ends.count)
        seen = 0
        for l in lines:
            ch, x, end = l[-1]
            if end < margin - 15:
                continue   # a paragraph's last line
            if ch in ".,-":
                want = 0.7 * (end - x) if hanging else 0
                seen += hanging
                if abs(end - margin - want) > 0.3:
                    errors.append("%s: a line ending in %r ends %.2f pt past the measure, not %.2f"
                                  % ("microtype" if hanging else "microtype: false", ch, end - margin, want))
            elif abs(end - margin) > 0.3:
                errors.append("%s: a line ending in %r is not flush (%.2f pt)" % (os.path.basename(pdf), ch, end - margin))
        if hanging and seen < 3:
            errors.append("only %d lines end in a period, a comma or a hyphen: nothing to check" % seen)

    # Expansion: at most 2 %, in steps of 0.5 %.
    tz = [float(v) for v in re.findall(r"([\d.]+) Tz", streams_text(on))]
    bad = [v for v in tz if not (98 - 1e-6 <= v <= 102 + 1e-6) or abs(v * 2 - round(v * 2)) > 1e-6]
    if not tz or bad:
        errors.append("horizontal scaling: %d set, out of range or step: %s" % (len(tz), bad[:5]))
    if re.search(r"([\d.]+) Tz", streams_text(off).replace("100 Tz", "")):
        errors.append("microtype: false still scales glyphs")

    # The same text either way.
    def flat(pdf):
        t = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        return re.sub(r"\s+", "", t)
    if flat(on) != flat(off):
        errors.append("the text extracts differently with microtype")

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
