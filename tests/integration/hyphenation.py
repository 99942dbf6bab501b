#!/usr/bin/env python3
"""German compounds are hyphenated where German orthography divides them, read from the PDF
with other programs:

- a justified paragraph of long compounds ("Die Rindfleischetikettierungs…gesetzgebung"), at
  three measures, never leaves a short word alone on a line before one (pdftotext's word
  boxes: no line but the paragraph's last holds only one or two short words);
- each word divided at a line end is divided at one of its syllable boundaries, spelled out
  here by hand as the Duden divides them (not from the dictionary epistle reads);
- a hyphen is drawn there (mutool: a hyphen glyph ends the line), and the text extracts
  whole, without it (pdftotext);
- the first render compiles the German dictionary and keeps it in a fresh cache folder, the
  others read it from there (so that the divisions above are checked on both paths), and a
  render without the cache writes the same bytes as one with it.

usage: hyphenation.py EPISTLE OUT_DIR"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

epistle, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
errors = []

# The Duden's divisions: every place a hyphen may go.
DIVIDED = [
    "Rind-fleisch-eti-ket-tie-rungs-über-wa-chungs-auf-ga-ben-über-tra-gungs-ge-setz-ge-bung",
    "Do-nau-dampf-schiff-fahrts-ge-sell-schafts-ka-pi-täns-ver-samm-lung",
    "Grund-stücks-ver-kehrs-ge-neh-mi-gungs-zu-stän-dig-keits-über-tra-gungs-ver-ord-nung",
    "Kreis-ver-wal-tun-gen",
    "Stel-lung-nah-me",
    "Kom-mu-nal-auf-sichts-be-hör-den",
    "be-schlos-sen",
    "Ent-wurf",
    "An-hö-rung",
    "be-tei-ligt",
    "be-trof-fen",
    "ab-ge-ben",
    "kön-nen",
    "Lan-des",
    "ein-mal",
    "prü-fen",
    "bit-ten",
    "wur-de",
    "wur-den",
    "Ver-fah-ren",
    "Bür-ger-be-tei-li-gung",
    "ver-bind-lich",
]
POINTS = {d.replace("-", ""): {len("".join(d.split("-")[:i])) for i in range(1, d.count("-") + 1)} for d in DIVIDED}

TEXT = ("Wir bitten Sie, den Entwurf noch einmal zu prüfen. Die "
        "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzgebung des Landes wurde ohne "
        "Anhörung beschlossen, und die Donaudampfschifffahrtsgesellschaftskapitänsversammlung hat dazu "
        "keine Stellungnahme abgeben können. Auch die "
        "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung ist betroffen, weil die "
        "Kreisverwaltungen nicht beteiligt wurden. Die Kommunalaufsichtsbehörden verlangen ein "
        "verbindliches Verfahren der Bürgerbeteiligung.")


def lines(pdf):
    """The paragraph's lines, each a list of words, as pdftotext reads them."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r'xmlns="[^"]*"', "", re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    ls = [[w.text or "" for w in line.iter("word")] for line in ET.fromstring(xml).iter("line")]
    start = [i for i, ln in enumerate(ls) if "bitten" in ln]
    end = [i for i, ln in enumerate(ls) if ln and ln[-1].endswith("beteiligung.")]
    return ls[start[0]:end[-1] + 1] if start and end else []


def hyphen_ends(pdf):
    """How many lines mutool draws ending in a hyphen: a glyph a third of an em wide that
    maps to a hyphen, or to nothing (the hyphen a break adds extracts as nothing)."""
    trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True, check=True).stdout
    rows = {}
    for m in re.finditer(r'<g unicode="([^"]*)" glyph="\d+" x="([-\d.]+)" y="([-\d.]+)" adv="([-\d.]+)"', trace):
        rows.setdefault(round(float(m.group(3)), 1), []).append((float(m.group(2)), m.group(1), float(m.group(4))))
    ends = [max(gs) for gs in rows.values()]
    return sum(1 for _, u, adv in ends if u in ("-", "\u2010", "\ufffd") and 0.2 < adv < 0.45)


WORDS = set(re.sub(r"[^\w ]", "", TEXT).split())
CACHE = os.path.join(out, "cache")
if os.path.isdir(CACHE):
    for f in os.listdir(CACHE):
        os.unlink(os.path.join(CACHE, f))
ENV = dict(os.environ, EPISTLE_CACHE_DIR=CACHE)


for side in (25, 35, 45):
    width = "style:\n  margins: {left: %dmm, right: %dmm}\n" % (side, side)
    name = "de-%dmm" % side
    md, pdf = os.path.join(out, name + ".md"), os.path.join(out, name + ".pdf")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\nlang: de-DE\ndate: 2026-03-15\n%s---\n\n%s\n" % (width, TEXT))
    r = subprocess.run([epistle, "render", "-q", md, "-o", pdf], capture_output=True, text=True, env=ENV)
    if r.returncode:
        errors.append("%s: render failed: %s" % (name, r.stderr))
        continue
    stored = [f for f in os.listdir(CACHE) if f.startswith("hyphen-")] if os.path.isdir(CACHE) else []
    if len(stored) != 1:
        errors.append("%s: the cache folder holds %r, not the German dictionary alone" % (name, stored))
    if side == 35:
        nocache = os.path.join(out, name + "-nocache.pdf")
        subprocess.run([epistle, "render", "-q", md, "-o", nocache], check=True, env=dict(ENV, EPISTLE_CACHE_DIR=""))
        if open(nocache, "rb").read() != open(pdf, "rb").read():
            errors.append("%s: the dictionary read from the cache sets the letter otherwise than the one compiled" % name)
    ls = lines(pdf)
    if not ls:
        errors.append("%s: the paragraph is not found in pdftotext's lines" % name)
        continue
    divided, carry = 0, ""   # carry: the part of a divided word that earlier lines hold
    for i, ln in enumerate(ls[:-1]):
        words = [re.sub(r"[^\w]", "", w) for w in ln]
        starts_inside = bool(carry)
        part = carry + words[0] if len(words) == 1 else words[-1]
        nxt = re.sub(r"[^\w]", "", ls[i + 1][0])
        if part in WORDS:
            carry = ""
        else:
            whole = [w for w in POINTS if w.startswith(part + nxt) or (part + nxt).startswith(w)]
            if not whole:
                errors.append("%s: %r + %r: not a division of a word this test knows" % (name, part, nxt))
                break
            if len(part) not in POINTS[whole[0]]:
                errors.append("%s: %r divided as %s-%s, not at a syllable boundary" % (name, whole[0], part, nxt))
            divided += 1
            carry = part
        # A short word alone before a long one: what hyphenation is for.
        if not starts_inside and not carry and len(words) < 3 and sum(map(len, words)) < 12:
            errors.append("%s: line %d holds only %r before %r" % (name, i + 1, ln, ls[i + 1][:1]))
    drawn = hyphen_ends(pdf)
    if drawn != divided:
        errors.append("%s: %d words divided at line ends, %d hyphens drawn there" % (name, divided, drawn))
    if not divided:
        errors.append("%s: no compound divided at a line end" % name)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    if "-" in text or "\u2010" in text:
        errors.append("%s: a hyphen added at a line end extracts" % name)
    whole = re.sub(r"\s+", "", text)
    for word in POINTS:
        if word in TEXT and word not in whole:
            errors.append("%s: %r does not extract whole" % (name, word))
    print("%s: %d lines, %d words divided" % (name, len(ls), divided))

for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
