#!/usr/bin/env python3
"""Checks the visible appearance of a signed field in every widget of it, against what the
page itself says, not what epistle says of it:

- the signer's name comes back from pdftotext's reading of the widget's area (so the text is
  drawn with a font whose ToUnicode map gives the name back: CJK and Arabic included);
- every word drawn in the widget lies inside its rectangle with a margin (so nothing reaches
  the printed name below it);
- the name is set at least as large as the body text of that page (the size most of the
  page's own text is set in) and the other lines at 7 pt or more;
- the signature image the page draws in the field's area is drawn by the appearance too,
  inside the field, with no word over it;
- on a right-to-left page (rtl), the text is flush with the widget's right edge;
- with `smaller`, the name may be smaller than the body text (a field too small for it, which
  epistle warns of), but not under the other lines.

usage: sigappearance.py FILE.pdf FIELD NAME [rtl] [smaller]"""
import base64
import collections
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

pdf, field, name = sys.argv[1:4]
rtl = "rtl" in sys.argv[4:]
smaller = "smaller" in sys.argv[4:]
MARGIN = 1.0
errors = []

j = json.loads(subprocess.run(["qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized", pdf],
                              capture_output=True, text=True, check=True).stdout)
objs = {k[4:]: v for k, v in j["qpdf"][1].items() if k.startswith("obj:")}


def stream_text(ref):
    return base64.b64decode(objs[ref]["stream"]["data"]).decode("latin-1")


def sizes(text):
    return [float(m.group(1)) for m in re.finditer(r"/\S+\s+([\d.]+)\s+Tf", text)]


widgets = [w for w in j["acroform"]["fields"] if w["fullname"] == field]
if not widgets:
    sys.exit("no field %r" % field)
xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
xml = re.sub(r'xmlns="[^"]*"', "", xml)
pages = ET.fromstring(xml).findall(".//page")

for w in widgets:
    wd = objs[w["object"]]["value"]
    x0, y0, x1, y1 = wd["/Rect"]
    page = pages[w["pageposfrom1"] - 1]
    height = float(page.get("height"))
    where = "widget on page %d" % w["pageposfrom1"]
    # The words pdftotext finds in the widget's area (top-down coordinates).
    inside = []
    for word in page.iter("word"):
        bx0, by0, bx1, by1 = (float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
        cx, cy = (bx0 + bx1) / 2, height - (by0 + by1) / 2
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            inside.append((word.text or "", bx0, height - by1, bx1, height - by0))
    text = "".join(t for t, *_ in inside)
    if rtl:
        # pdftotext's word boxes hold right-to-left words as drawn, left to right.
        text += "|" + "".join(t[::-1] for t, *_ in reversed(inside))
    if name.replace(" ", "") not in text:
        errors.append("%s: the name %r does not come back (read %r)" % (where, name, text))
    for t, bx0, by0, bx1, by1 in inside:
        if bx0 < x0 + MARGIN - 0.01 or bx1 > x1 - MARGIN + 0.01 or by0 < y0 + MARGIN - 0.01 or by1 > y1 + 0.01:
            errors.append("%s: %r at %.1f,%.1f-%.1f,%.1f is not inside %.1f,%.1f-%.1f,%.1f with a margin"
                          % (where, t, bx0, by0, bx1, by1, x0, y0, x1, y1))
    if rtl and inside and max(b[3] for b in inside) < x1 - 6:
        errors.append("%s: right to left, but the text ends %.1f pt from the right edge"
                      % (where, x1 - max(b[3] for b in inside)))
    # Sizes: the text's form inside the appearance, drawn unscaled.
    ap = wd["/AP"]["/N"]
    forms = objs[ap]["stream"]["dict"]["/Resources"]["/XObject"]
    drawn = stream_text(ap)
    if re.search(r"[\d.]+ 0 0 [\d.]+ [\d.]+ [\d.]+ cm /Txt", drawn) and "1 0 0 1" not in drawn:
        errors.append("%s: the text's form is scaled" % where)
    # A signature image the page draws in the field's area (read from the page's content) is
    # drawn by the appearance too, inside the field, and no word is over it.
    pg = [p for p in j["pages"] if p["pageposfrom1"] == w["pageposfrom1"]][0]
    xobjects = objs[pg["object"]]["value"].get("/Resources", {}).get("/XObject", {})
    if isinstance(xobjects, str):
        xobjects = objs[xobjects]["value"]
    under = []
    for c in pg["contents"]:
        for m in re.finditer(r"([\d.]+) 0 0 ([\d.]+) ([\d.-]+) ([\d.-]+) cm\s*/(\S+) Do", stream_text(c)):
            iw, ih, ix, iy = (float(v) for v in m.groups()[:4])
            if x0 - 0.01 <= ix and ix + iw <= x1 + 0.01 and y0 - 0.01 <= iy and iy + ih <= y1 + 0.01:
                under.append(xobjects.get("/" + m.group(5).lstrip("/")))
    for ref in under:
        m = re.search(r"q ([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm /Img Do Q", drawn)
        if forms.get("/Img") != ref or not m:
            errors.append("%s: the letter's signature image is not drawn in the appearance" % where)
            continue
        iw, ih, ix, iy = (float(v) for v in m.groups())
        ix, iy = x0 + ix, y0 + iy
        if ix < x0 - 0.01 or iy < y0 - 0.01 or ix + iw > x1 + 0.01 or iy + ih > y1 + 0.01:
            errors.append("%s: the image is drawn outside the field" % where)
        for t, bx0, by0, bx1, by1 in inside:
            if bx0 < ix + iw - 0.5 and bx1 > ix + 0.5 and by0 < iy + ih - 0.5 and by1 > iy + 0.5:
                errors.append("%s: %r is drawn over the signature image" % (where, t))
    if not under and "/Img" in forms:
        errors.append("%s: an image in the appearance that the page does not show" % where)
    got = sizes(stream_text(forms["/Txt"]))
    contents = [p for p in j["pages"] if p["pageposfrom1"] == w["pageposfrom1"]][0]["contents"]
    body = collections.Counter(s for c in contents for s in sizes(stream_text(c)))
    body_size = body.most_common(1)[0][0]
    if not got:
        errors.append("%s: no text in the appearance" % where)
    else:
        if max(got) < body_size - 0.01 and not smaller:
            errors.append("%s: the name is set at %.2f pt, smaller than the body's %.2f pt" % (where, max(got), body_size))
        if min(got) < 7:
            errors.append("%s: a line of the appearance is set at %.2f pt, under 7 pt" % (where, min(got)))

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
