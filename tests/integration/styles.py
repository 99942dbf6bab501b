#!/usr/bin/env python3
"""Styles: each key changes the page as it says, read back from the PDF with pdftotext's word
boxes (sizes, margins, line distances, indents, alignment) and its text (labels); bad values
and unknown keys are errors at their file:line:col; a style file, a built-in style and
--style (render, check, merge) all apply.

usage: styles.py EPISTLE OUTDIR"""
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

BODY = ("Erster Absatz mit etwas Text, der lang genug ist, um über mehrere Zeilen zu laufen, damit man "
        "den Zeilenabstand sieht und die Ränder des Satzspiegels.\n\n"
        "Zweiter Absatz, mit genug Text für eine zweite Zeile in diesem Absatz hier und noch ein wenig mehr.\n")


def letter(name, style="", extra=""):
    md = f"{out}/{name}.md"
    with open(md, "w") as f:
        f.write("---\nlang: de\nfrom:\n  name: Verein\nto:\n  name: Frau Quintero\n  address: [Str. 1, 12345 Berlin]\n"
                "date: 2026-11-30\nopening: Sehr geehrte Frau Quintero,\nclosing: Mit freundlichen Grüßen\n"
                "signatories:\n  - name: Alma Bergström\n" + extra + style + "---\n" + BODY)
    return md


def run(*args):
    return subprocess.run([epistle, *args], capture_output=True, text=True)


def render(md, *opts):
    pdf = md[:-3] + ".pdf"
    r = run("render", md, "-o", pdf, *opts)
    if r.returncode:
        errors.append(f"{md}: {r.stderr}")
    return pdf


def lines(pdf):
    """Text lines of page 1: (text, xMin, yMin, xMax, yMax, [word heights])."""
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True).stdout
    root = ET.fromstring(xml)
    got = []
    for ln in root.iter(NS + "line"):
        ws = list(ln.iter(NS + "word"))
        got.append((" ".join(w.text for w in ws), float(ln.get("xMin")), float(ln.get("yMin")),
                    float(ln.get("xMax")), float(ln.get("yMax")),
                    [float(w.get("yMax")) - float(w.get("yMin")) for w in ws]))
    return got


def body_lines(pdf):
    return [ln for ln in lines(pdf) if ln[0].split()[0] in ("Erster", "Zweiter") or
            any(w in ln[0] for w in ("laufen", "Ränder", "Satzspiegels", "zweite", "Zeile", "mehr."))]


def find(pdf, start):
    return next((ln for ln in lines(pdf) if ln[0].startswith(start)), None)


def near(a, b, tol):
    return abs(a - b) <= tol


# The default: the paper's size (11 pt on A4), margins 25/20 mm.
plain = render(letter("plain"))
base = body_lines(plain)

# size, leading, margins, paragraph, closing alignment.
styled = render(letter("styled", "style:\n  size: 12pt\n  leading: 1.5\n  margins: {left: 30mm, right: 35mm}\n"
                                 "  paragraph: indented\n  closing: {align: right}\n"))
body = body_lines(styled)
if not base or not body:
    errors.append("no body lines found")
else:
    # Word boxes scale with the type size: 12/11 of the default's.
    ratio = body[0][5][0] / base[0][5][0]
    if not near(ratio, 12 / 11, 0.02):
        errors.append(f"size: word height ratio {ratio:.3f}, wanted {12 / 11:.3f}")
    if not near(body[0][1], 30 * MM, 0.5):
        errors.append(f"margins.left: text starts at {body[0][1] / MM:.2f} mm, wanted 30")
    right = max(ln[3] for ln in body[:2])
    if not near(right, 210 * MM - 35 * MM, 1.0):
        errors.append(f"margins.right: justified lines end at {right / MM:.2f} mm, wanted 175")
    # Baseline distance: 1.5 x 12 pt between the first two lines of a paragraph.
    if not near(body[1][2] - body[0][2], 18, 0.2):
        errors.append(f"leading: lines {body[1][2] - body[0][2]:.2f} pt apart, wanted 18")
    # Indented: the second paragraph opens 1.5 em in, with no space before it.
    second = next((ln for ln in body if ln[0].startswith("Zweiter")), None)
    before = body[body.index(second) - 1] if second else None
    if not second or not near(second[1], 30 * MM + 18, 0.5):
        errors.append(f"paragraph: indented: second paragraph at {second and second[1] - 30 * MM} pt from the margin")
    elif not near(second[2] - before[2], 18, 0.2):
        errors.append(f"paragraph: indented: {second[2] - before[2]:.2f} pt from the paragraph before, wanted 18")
    closing, name = find(styled, "Mit freundlichen"), find(styled, "Alma")
    if not closing or not near(max(closing[3], name[3]), 210 * MM - 35 * MM, 0.5) or not near(closing[1], name[1], 0.5):
        errors.append(f"closing: right: closing {closing}, name {name}")
    # The default keeps spaced paragraphs: the second starts at the margin.
    second0 = next((ln for ln in base if ln[0].startswith("Zweiter")), None)
    if not second0 or not near(second0[1], 25 * MM, 0.5):
        errors.append("the default paragraph is not at the margin")

# Labels: one word, or [singular, plural] by the number of lines.
for n, want in ((1, "Anlage"), (2, "Anlagen")):
    enc = "enclosures: [" + ", ".join(["Satzung", "Protokoll"][:n]) + "]\ncc: [Herr Y]\n"
    pdf = render(letter(f"labels{n}", "style:\n  labels: {enclosures: [Anlage, Anlagen], cc: Kopie an}\n", enc))
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    if not re.search(rf"^\s*{want}\s+Satzung", text, re.M) or not re.search(r"^\s*Kopie an\s+Herr Y", text, re.M):
        errors.append(f"labels with {n} enclosure(s): {text[-300:]}")

# A style file based on a built-in style, relative to the letter; and --style over it.
with open(f"{out}/house.yaml", "w") as f:
    f.write("style: compact\nmargins: {left: 28mm}\n")
house = render(letter("house", "style: house.yaml\n"))
hb = body_lines(house)
if not hb or not near(hb[0][1], 28 * MM, 0.5) or not near(hb[0][5][0] / base[0][5][0], 10 / 11, 0.02):
    errors.append(f"style file: {hb[:1]}")
over = render(letter("over", "style: house.yaml\n"), "--style", "classic")
ob = body_lines(over)
if not ob or not near(ob[0][1], 25 * MM, 0.5):
    errors.append(f"--style classic over the letter's style: {ob[:1]}")
# --style on merge.
with open(f"{out}/data.csv", "w") as f:
    f.write("id\nm1\n")
r = run("merge", letter("tmpl"), f"{out}/data.csv", "-o", f"{out}/merged/{{{{id}}}}.pdf", "--style", "compact")
mb = body_lines(f"{out}/merged/m1.pdf") if not r.returncode else []
if not mb or not near(mb[0][5][0] / base[0][5][0], 10 / 11, 0.02):
    errors.append(f"merge --style compact: {r.stderr} {mb[:1]}")

# A style value may hold a field, filled per record like any other value.
with open(f"{out}/labelled.md", "w") as f:
    f.write('---\nlang: en\nstyle: {labels: {cc: "{{label}}"}}\ncc: [Herr Y]\n---\nHi {{name}}.\n')
with open(f"{out}/labels.csv", "w") as f:
    f.write("id,name,label\nr1,A,Kopie an\nr2,B,Copy to\n")
r = run("merge", f"{out}/labelled.md", f"{out}/labels.csv", "-o", f"{out}/labelled/{{{{id}}}}.pdf")
for rid, want in (("r1", "Kopie an"), ("r2", "Copy to")):
    got = subprocess.run(["pdftotext", "-layout", f"{out}/labelled/{rid}.pdf", "-"], capture_output=True, text=True).stdout
    if r.returncode or not re.search(rf"^\s*{want}\s+Herr Y", got, re.M):
        errors.append(f"a field in a style value, record {rid}: {r.stderr} {got[-200:]}")

# Errors at their positions, with what to write instead; check exits 1.
bad = letter("bad", "style:\n  size: 11\n  leading: 7\n  margins: {top: 1km}\n  paragraf: indented\n"
                    "  closing: {align: middle}\n  labels: {cc: [a, b, c]}\n  colors: {rules: red}\n"
                    "  letterhead: {logo: below}\n  fit: always\n")
r = run("check", bad)
want = [r"bad.md:14:9: error: 'size: 11' needs a unit",
        r"bad.md:15:12: error: 'leading: 7' is out of range",
        r"bad.md:16:18: error: 'margins.top' must be a length",
        r"bad.md:17:3: error: unknown style key 'paragraf'; did you mean 'paragraph'\?",
        r"bad.md:18:20: error: 'closing.align' must be one of left, right, center, not 'middle'",
        r"bad.md:19:12: error: 'labels.cc' is one word, or a list of two",
        r"bad.md:20:19: error: 'colors.rules' must be a colour such as \"#1f4e79\" \(quoted",
        r"bad.md:21:22: error: 'letterhead.logo' must be one of right, left, above, not 'below'",
        r"bad.md:22:8: error: 'fit' must be one of none, auto, not 'always'"]
if r.returncode != 1 or any(not re.search(w, r.stderr) for w in want):
    errors.append(f"bad style keys: exit {r.returncode}:\n{r.stderr}")
r = run("check", letter("nosuch", "style: nosuch\n"))
if r.returncode != 1 or "nosuch.md:13:8: error: style 'nosuch' is neither a built-in style" not in r.stderr:
    errors.append(f"unknown style: exit {r.returncode}: {r.stderr}")
with open(f"{out}/worse.yaml", "w") as f:
    f.write("size: [1]\nfoo: 1\n")
r = run("check", letter("worse", "style: worse.yaml\n"))
if r.returncode != 1 or "worse.yaml:1:1: error: 'size' takes one value" not in r.stderr or \
        "worse.yaml:2:1: error: unknown style key 'foo'" not in r.stderr:
    errors.append(f"bad style file: exit {r.returncode}: {r.stderr}")

# fit: a letter whose last page would hold only a few lines, the closing and the signature is
# set tighter to save that page (auto, the default); `none` leaves it; `min_size` bounds it.
FIT_BODY = "\n\n".join(["Wir schreiben Ihnen im Namen von zweiundfünfzig Organisationen, um Sie zu bitten, "
                         "das Gesetz zurückzugeben. " * 5] * 4) + "\n\n" + " ".join(["Satz"] * 108) + "\n"


def fit_letter(name, style=""):
    md = letter(name, style)
    text = open(md).read()
    with open(md, "w") as f:
        f.write(text[:text.index("---\n", 4) + 4] + FIT_BODY)
    return md


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


def body_height(pdf):
    return next(ln[5][0] for ln in lines(pdf) if ln[0].startswith("Wir"))


auto, none_ = render(fit_letter("fit-auto")), render(fit_letter("fit-none", "style: {fit: none}\n"))
least = render(fit_letter("fit-least", "style: {min_size: 10.75pt}\n"))
h11 = body_height(none_)
if pages(auto) != 1 or pages(none_) != 2:
    errors.append(f"fit: auto gives {pages(auto)} pages, none {pages(none_)}; wanted 1 and 2")
# Half a point at most: 10.5 pt of 11 (word boxes scale with the size).
if not (10.5 / 11 - 0.01 <= body_height(auto) / h11 <= 1):
    errors.append(f"fit: the body is {body_height(auto) / h11 * 11:.2f} pt, below 10.5")
if pages(least) != 2 or not near(body_height(least) / h11, 1, 0.005):
    errors.append(f"fit: min_size 10.75pt: {pages(least)} pages at {body_height(least) / h11 * 11:.2f} pt")
r = run("check", "--strict", f"{out}/fit-auto.md")
if r.returncode or not re.search(r"fit-auto.md:1:1: note: fit: 1 page instead of 2, with the spaces at 60% and the "
                                 r"text 0.5 pt smaller", r.stderr):
    errors.append(f"check does not say what fit did (or --strict counts it): exit {r.returncode}: {r.stderr}")
a = subprocess.run([epistle, "render", f"{out}/fit-auto.md", "-o", "-"], capture_output=True,
                   env=dict(os.environ, SOURCE_DATE_EPOCH="1")).stdout
b = subprocess.run([epistle, "render", f"{out}/fit-auto.md", "-o", "-"], capture_output=True,
                   env=dict(os.environ, SOURCE_DATE_EPOCH="1")).stdout
if a != b:
    errors.append("fit: two renders differ")

# Colours: the letterhead's name, the rules and the links, as the content stream paints them
# (#1f4e79 is 31/255, 78/255, 121/255).
def painted(pdf):
    q = pdf + ".qdf.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, q], check=True)
    data = open(q, "rb").read().decode("latin-1")
    return [(tuple(float(v) for v in m.groups()[:3]), m[4]) for m in
            re.finditer(r"([\d.]+) ([\d.]+) ([\d.]+) (rg|RG)\b", data)]


want_rgb = (31 / 255, 78 / 255, 121 / 255)
letter("colors", 'style:\n  colors: {letterhead: "#1f4e79", rules: "#1f4e79", links: "#1f4e79"}\n')
with open(f"{out}/colors.md") as f:
    text = f.read()
with open(f"{out}/colors.md", "w") as f:
    f.write(text.replace("  name: Verein\n", "  name: Verein\n  email: office@verein.example\n", 1))
colored = render(f"{out}/colors.md")
ops = painted(colored)
strokes = [c for c, op in ops if op == "RG" and all(near(a, b, 0.002) for a, b in zip(c, want_rgb))]
# Which characters MuPDF reads in the colour (its own reading of the page, rounded a little).
stext = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", colored], capture_output=True, text=True).stdout
chars = [(m[1], m[2]) for m in re.finditer(r'color="#([0-9a-f]{6})" c="([^"]*)"', stext)]
tinted = "".join(ch for col, ch in chars
                 if all(abs(int(col[i:i + 2], 16) - int("1f4e79"[i:i + 2], 16)) <= 2 for i in (0, 2, 4)))
if tinted != "Vereinoffice@verein.example" or not strokes:
    errors.append(f"colors: '{tinted}' in #1f4e79 (wanted the name and the link), {len(strokes)} rules")
if any(op in ("rg", "RG") for _, op in painted(plain)):
    errors.append("the default style paints in colour")

# The letterhead aligned right ends at the right margin; modern is sans-serif.
right = render(letter("lh-right", "style:\n  letterhead: {align: right}\n"))
name = find(right, "Verein")
if not name or not near(name[3], 210 * MM - 20 * MM, 0.5):
    errors.append(f"letterhead.align: right: the name ends at {name and name[3] / MM:.2f} mm, wanted 190")
modern = render(letter("modern", "style: modern\n"))
fonts = subprocess.run(["pdffonts", modern], capture_output=True, text=True).stdout
if "NotoSans-" not in fonts or "NotoSerif" in fonts:
    errors.append(f"modern is not sans-serif:\n{fonts}")
# A family fontconfig lacks: a warning with its name and place, and epistle's serif, not the
# sans-serif face fontconfig would substitute.
r = run("render", letter("nofamily", "style:\n  faces: {body: No Such Family}\n"), "-o", f"{out}/nofamily.pdf")
fonts = subprocess.run(["pdffonts", f"{out}/nofamily.pdf"], capture_output=True, text=True).stdout
if r.returncode or "nofamily.md:14:17: warning: font family 'No Such Family' is not installed" not in r.stderr \
        or "NotoSerif-Regular" not in fonts:
    errors.append(f"a missing family: exit {r.returncode}: {r.stderr}\n{fonts}")
# Faces by writing system: a language's Han (zh-Hant), a script by name (arabic); one not
# installed is a warning at its place and epistle's own face is used.
md = f"{out}/scripts.md"
with open(md, "w") as f:
    f.write("---\nlang: en\nstyle:\n  faces:\n    zh-Hant: Noto Sans CJK TC\n    arabic: Noto Kufi Arabic\n"
            "    ja: Missing Family JP\n---\nEnglish with 中文字 and العربية here.\n")
r = run("render", md, "-o", f"{out}/scripts.pdf")
fonts = subprocess.run(["pdffonts", f"{out}/scripts.pdf"], capture_output=True, text=True).stdout
if r.returncode or "NotoSansCJKtc" not in fonts or "NotoKufiArabic" not in fonts or "NotoSerifCJK" in fonts \
        or "scripts.md:7:9: warning: font family 'Missing Family JP' is not installed" not in r.stderr:
    errors.append(f"faces by script: exit {r.returncode}: {r.stderr}\n{fonts}")
r = run("check", letter("badscript", "style:\n  faces: {klingon: X}\n"))
if r.returncode != 1 or "unknown style key 'faces.klingon'" not in r.stderr:
    errors.append(f"faces by an unknown script: exit {r.returncode}: {r.stderr}")

# fonts: {serif: …} with a family that is not installed: the same warning, and epistle's serif
# (fontconfig alone would have substituted a sans-serif face).
md = f"{out}/oldfonts.md"
with open(md, "w") as f:
    f.write("---\nlang: en\nfonts:\n  serif: Nonexistent Serif\n---\nHello.\n")
r = run("render", md, "-o", f"{out}/oldfonts.pdf")
fonts = subprocess.run(["pdffonts", f"{out}/oldfonts.pdf"], capture_output=True, text=True).stdout
if "oldfonts.md:4:10: warning: font family 'Nonexistent Serif' is not installed" not in r.stderr or "NotoSerif" not in fonts:
    errors.append(f"fonts.serif not installed: {r.stderr}\n{fonts}")

# A later part inherits the style, and adds to it.
md = f"{out}/parts.md"
with open(md, "w") as f:
    f.write("---\nlang: en\nstyle: {size: 12pt, margins: {left: 30mm}}\n---\nFirst part, Wir schreiben.\n\n"
            "---\nstyle: {margins: {left: 35mm}}\n---\nSecond part, Wir schreiben.\n")
pdf = render(md)
def first_line(pdf, page, start):
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", pdf, "-"],
                         capture_output=True, text=True).stdout
    for ln in ET.fromstring(xml).iter(NS + "line"):
        ws = list(ln.iter(NS + "word"))
        if ws and ws[0].text == start:
            return float(ln.get("xMin")), float(ws[0].get("yMax")) - float(ws[0].get("yMin"))
    return None
p1, p2 = first_line(pdf, 1, "First"), first_line(pdf, 2, "Second")
if not p1 or not p2 or not near(p1[0], 30 * MM, 0.5) or not near(p2[0], 35 * MM, 0.5) or not near(p1[1], p2[1], 0.05) \
        or not near(p1[1] / base[0][5][0], 12 / 11, 0.02):
    errors.append(f"parts: part 1 {p1}, part 2 {p2} (wanted 30 and 35 mm, both 12 pt)")

# The logo: right (the default), left (the text after it) and above (the text under it).
logo = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../examples/din5008/logo.png"))
for place in ("right", "left", "above"):
    md = letter(f"logo-{place}", f"style:\n  letterhead: {{logo: {place}}}\n")
    with open(md) as f:
        text = f.read()
    with open(md, "w") as f:
        f.write(text.replace("  name: Verein\n", f"  name: Verein\n  logo: {logo}\n", 1))
    pdf = render(md)
    img = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
    name = find(pdf, "Verein")
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    if not img or not name:
        errors.append(f"logo {place}: no image or no name")
        continue
    ok = {"right": near(name[1], 25 * MM, 0.5), "left": name[1] > 25 * MM + 45 * MM,
          "above": near(name[1], 25 * MM, 0.5) and name[2] > 18 * MM + 16 * MM}[place]
    if not ok:
        errors.append(f"logo {place}: the name at x {name[1] / MM:.1f} mm, y {name[2] / MM:.1f} mm")

# Language conventions under the block layout: a Japanese letter's date, 敬具 and 以上 on the
# right; a Chinese closing of two phrases on two lines, 此致 two characters in.
def cjk_letter(name, lang, closing, body):
    md = f"{out}/{name}.md"
    with open(md, "w") as f:
        f.write(f"---\nlang: {lang}\nfrom:\n  name: 市民の会\nto:\n  name: 山本 様\ndate: 2026-10-05\n"
                f"closing: {closing}\nsignatories:\n  - name: 佐藤 美咲\n---\n{body}\n")
    return render(md)


ja = cjk_letter("ja-block", "ja", "敬具", "要望いたします。\n\n記\n\n一、資料\n\n以上")
right_edge = 210 * MM - 20 * MM
for start in ("2026年10月5日", "敬具", "以上"):
    ln = find(ja, start)
    if not ln or not near(ln[3], right_edge, 0.5):
        errors.append(f"ja under block: '{start}' ends at {ln and ln[3] / MM:.1f} mm, wanted {right_edge / MM:.1f}")
zh = cjk_letter("zh-block", "zh-Hant", "此致　敬禮", "我們誠摯希望能有機會當面說明。")
a, b = find(zh, "此致"), find(zh, "敬禮")
if not a or not b or not near(a[1], 25 * MM + 22, 0.5) or not near(b[1], 25 * MM, 0.5) or not near(b[2] - a[2], 11 * 1.5, 3):
    errors.append(f"zh closing: 此致 {a}, 敬禮 {b}")

# Deterministic: the same input gives the same bytes.
again = render(letter("styled2", "style:\n  size: 12pt\n  leading: 1.5\n  margins: {left: 30mm, right: 35mm}\n"
                                 "  paragraph: indented\n  closing: {align: right}\n"))
env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
a = subprocess.run([epistle, "render", f"{out}/styled.md", "-o", "-"], capture_output=True, env=env).stdout
b = subprocess.run([epistle, "render", f"{out}/styled2.md", "-o", "-"], capture_output=True, env=env).stdout
if a != b:
    errors.append("the same styled letter gives different bytes")

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
