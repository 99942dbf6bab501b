"""Reading what a PDF draws with tools other than epistle, for the integration tests: the
glyph codes each font draws (for the CID fonts epistle writes, the font's own glyph ids,
through qpdf), the installed file of a font (fontconfig), a glyph's id (hb-shape), and a
paragraph's lines among the lines a reader found."""
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


class Failures:
    """Counts and reports failed checks; a test exits with failures() > 0 as its status."""

    def __init__(self):
        self.count = 0

    def __call__(self, msg):
        self.count += 1
        print(f"FAIL: {msg}", file=sys.stderr)


def letters(s):
    """The letters of a text: no white space, marks (a reader may put a mark with either
    neighbour), controls (the directional marks poppler adds) or separators."""
    return "".join(c for c in s if not c.isspace() and not unicodedata.category(c).startswith(("M", "C", "Z")))


def paragraph_lines(paragraph, lines, text_of):
    """The consecutive lines that hold exactly the paragraph's letters, in any order within
    each line (a reader lists a right-to-left line from the left): None if there are none."""
    want = Counter(letters(paragraph))
    for i in range(len(lines)):
        acc = Counter()
        for j in range(i, len(lines)):
            acc += Counter(letters(text_of(lines[j])))
            if acc == want:
                return lines[i:j + 1]
            if not acc <= want:
                break
    return None


def codes_by_font(pdf, tmpdir):
    """{PostScript name without the subset tag: set of glyph codes drawn}."""
    qdf = os.path.join(tmpdir, "qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
    data = open(qdf, "rb").read().decode("latin-1")
    objects = dict(re.findall(r"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S))
    names = {}
    for body in objects.values():
        for fonts in re.findall(r"/Font <<(.*?)>>", body, re.S):
            for res, num in re.findall(r"/(\w+) (\d+) 0 R", fonts):
                base = re.search(r"/BaseFont /([^\s/]+)", objects.get(num, ""))
                if base:
                    names[res] = base.group(1).split("+", 1)[-1]
    codes = {}
    for stream in re.findall(r"stream\n(.*?)endstream", data, re.S):
        font = None
        for tok in re.finditer(r"/(\w+) [\d.]+ Tf|\[([^\]]*)\]\s*TJ", stream):
            if tok.group(1):
                font = names.get(tok.group(1))
            elif font:
                for hexs in re.findall(r"<([0-9A-Fa-f]+)>", tok.group(2)):
                    codes.setdefault(font, set()).update(int(hexs[i:i + 4], 16) for i in range(0, len(hexs), 4))
    return codes


def font_files():
    """{PostScript name: file} of the installed fonts."""
    listing = subprocess.run(["fc-list", "--format", "%{postscriptname}\t%{file}\n"], capture_output=True,
                             text=True, check=True).stdout
    return dict(line.split("\t", 1) for line in listing.splitlines() if "\t" in line)


def glyph_of(path, char):
    """The glyph id HarfBuzz gives char alone in the font file (0: none)."""
    shaped = subprocess.run(["hb-shape", "--no-glyph-names", "--no-positions", "--no-clusters", path, char],
                            capture_output=True, text=True, check=True).stdout
    return int(shaped.strip().strip("[]").split("|")[0])
