"""What a PDF draws, read with qpdf and fontconfig rather than with epistle: the glyph codes
each font draws (for the CID fonts epistle writes, the font's own glyph ids) and the
installed file of a font by its PostScript name."""
import os
import re
import subprocess


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
