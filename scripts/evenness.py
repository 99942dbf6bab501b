#!/usr/bin/env python3
"""How even the word spaces of justified text are, as a reader sees them: for each justified
line (one that reaches the right margin and is not the last of its paragraph), the mean gap
between its words, read from pdftotext's word boxes; the spread is the 90th percentile of
those means over the 10th (1.0 would be every line spaced alike). Lines of East Asian text,
which justify between characters, right-to-left lines (pdftotext's boxes for them do not
measure gaps) and lines of fewer than four words are left out.

usage: evenness.py [--max SPREAD] FILE.pdf...   (exit 1 when a file's spread is above SPREAD)"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def percentile(v, q):
    v = sorted(v)
    k = (len(v) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def line_gaps(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r'xmlns="[^"]*"', "", re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    means = []
    for page in ET.fromstring(xml).iter("page"):
        blocks = list(page.iter("block"))
        # The right margin: where most lines end (lines ending in a period or a hyphen hang
        # a little past it).
        ends = [round(max(float(w.get("xMax")) for w in line.iter("word")), 0) for line in page.iter("line")
                if list(line.iter("word"))]
        right = max(set(ends), key=ends.count) if ends else 0
        for block in blocks:
            lines = list(block.iter("line"))
            for line in lines[:-1]:   # a paragraph's last line is not justified
                words = [(float(w.get("xMin")), float(w.get("xMax")), w.text or "") for w in line.iter("word")]
                if len(words) < 4 or words[-1][1] < right - 1.5:
                    continue
                if any(ord(ch) >= 0x2E80 or 0x0590 <= ord(ch) <= 0x08FF for _, _, t in words for ch in t):
                    continue
                gaps = [b[0] - a[1] for a, b in zip(words, words[1:])]
                means.append(sum(gaps) / len(gaps))
    return means


def main(argv):
    limit = None
    args = argv[1:]
    if args[:1] == ["--max"]:
        limit, args = float(args[1]), args[2:]
    worst = 0
    for pdf in args:
        m = line_gaps(pdf)
        if len(m) < 5:
            print("%s: %d justified lines, too few to measure" % (pdf, len(m)))
            continue
        spread = percentile(m, 0.9) / percentile(m, 0.1)
        worst = max(worst, spread)
        print("%s: %d justified lines, word-space spread p90/p10 %.2f (mean gap %.2f pt)"
              % (pdf, len(m), spread, sum(m) / len(m)))
    return 1 if limit is not None and worst > limit else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
