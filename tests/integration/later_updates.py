#!/usr/bin/env python3
"""Updates appended after signing, as an attacker would append them.

A signature covers the file as it was when it was signed; anyone can append an incremental
update afterwards and every signature still verifies byte for byte. Such an update may replace
a page's content stream (the "shadow attack"), give a page a second content stream, or define
an object the signed revision referred to but left undefined. `epistle verify` must fail on
each of those, naming what changed, and must pass updates that only sign or only touch the
document's dates. The updates are written here by hand from what qpdf reads of the file (an
oracle outside epistle), so the test does not depend on epistle's own PDF reader.

usage: later_updates.py EPISTLE UNSIGNED.pdf SIGNED1.pdf SIGNED2.pdf OUTDIR
(SIGNED1 has Lin Wei-ting's signature, SIGNED2 also Ngozi Okafor's; lin.p12 is in OUTDIR)
"""
import json
import os
import re
import subprocess
import sys

epistle, unsigned, signed1, signed2, out = sys.argv[1:6]
errors = []


def qpdf_object(path, ref):
    return subprocess.run(["qpdf", f"--show-object={ref}", path], capture_output=True, text=True,
                          check=True).stdout.strip()


def trailer(path):
    t = qpdf_object(path, "trailer")
    ref = lambda k: (re.search(rf"/{k} (\d+) 0 R", t) or [None, None])[1]
    return {"Root": ref("Root"), "Info": ref("Info"), "Size": int(re.search(r"/Size (\d+)", t)[1])}


def page_objects(path):
    """{page number: (page object, [content objects])} as qpdf lists them."""
    pages, cur = {}, None
    for line in subprocess.run(["qpdf", "--show-pages", path], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        m = re.match(r"page (\d+): (\d+) 0 R", line)
        if m:
            cur = int(m[1])
            pages[cur] = (int(m[2]), [])
        elif re.match(r"\s+(\d+) 0 R", line) and cur:
            pages[cur][1].append(int(line.split()[0]))
    return pages


def append_update(data, objects, size=None):
    """data plus an incremental update redefining `objects` ({number: body bytes})."""
    prev = int(re.findall(rb"startxref\s+(\d+)\s+%%EOF", data)[-1])
    path = os.path.join(out, "base.tmp.pdf")
    with open(path, "wb") as f:
        f.write(data)
    t = trailer(path)
    upd = bytearray(b"\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(data) + len(upd)
        upd += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(data) + len(upd)
    upd += b"xref\n0 1\n0000000000 65535 f \n"
    for num in sorted(objects):
        upd += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    size = max(size or 0, t["Size"], max(objects) + 1)
    info = b" /Info %s 0 R" % t["Info"].encode() if t["Info"] else b""
    upd += b"trailer\n<< /Size %d /Root %s 0 R%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, t["Root"].encode(), info, prev, xref)
    return data + bytes(upd)


def stream(content):
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def verify(name, data, want_rc, *want):
    """epistle verify on data: its exit status, and each regular expression in its output."""
    path = os.path.join(out, name + ".pdf")
    with open(path, "wb") as f:
        f.write(data)
    r = subprocess.run([epistle, "verify", path], capture_output=True, text=True, timeout=120)
    if r.returncode != want_rc:
        errors.append(f"{name}: exit {r.returncode}, wanted {want_rc}:\n{r.stdout}{r.stderr}")
    for w in want:
        if not re.search(w, r.stdout):
            errors.append(f"{name}: no /{w}/ in:\n{r.stdout}{r.stderr}")
    return r.stdout


s1 = open(signed1, "rb").read()
s2 = open(signed2, "rb").read()
pages = page_objects(signed2)
page1, contents1 = pages[1]
size = trailer(signed2)["Size"]
ink = b"0 0 1 rg 72 600 300 80 re f BT /F1 24 Tf 80 620 Td (PAY 1,000,000) Tj ET"

# The signed files as they are: both good, the first covering revision 2 of 3. The revision
# counts come from the file's %%EOF markers and pdfsig's byte ranges, not from epistle.
eofs = [m.end() for m in re.finditer(rb"%%EOF\r?\n?", s2)]
ranges = re.findall(r"Signed Ranges: \[0 - \d+\], \[\d+ - (\d+)\]",
                    subprocess.run(["pdfsig", signed2], capture_output=True, text=True).stdout)
r = subprocess.run([epistle, "verify", "--json", signed2], capture_output=True, text=True)
checks = json.loads(r.stdout) if r.returncode == 0 else []
# (poppler before 25.12 lists a signature once per widget of a field shown in two parts)
want = sorted({(eofs.index(int(end)) + 1, len(eofs)) for end in ranges})
got = [(c["revision"], c["revisions"]) for c in checks]
if r.returncode or got != want or not all(c["valid"] for c in checks):
    errors.append(f"signed2: revisions {got}, wanted {want}: exit {r.returncode} {r.stdout}")

# 1. The shadow attack, replace variant: page 1's content stream redefined after both signed.
verify("replace-content", append_update(s2, {contents1[0]: stream(ink)}), 1,
       r"Lin Wei-ting: CHANGED AFTER SIGNING", r"Ngozi Okafor: CHANGED AFTER SIGNING",
       rf"problem: a later update changed object {contents1[0]} 0, page 1's /Contents")

# 2. Hide-and-replace: a second content stream given to page 1.
page_dict = qpdf_object(signed2, page1)
hidden = re.sub(r"/Contents (\d+ 0 R|\[[^]]*\])", f"/Contents [ {contents1[0]} 0 R {size} 0 R ]", page_dict)
verify("second-content", append_update(s2, {size: stream(ink), page1: hidden.encode()}), 1,
       rf"problem: a later update changed page 1 \(object {page1} 0\): /Contents")

# 3. An annotation that is not a signature, added to page 1 (a link over the text).
link = b"<< /Type /Annot /Subtype /Link /Rect [72 600 372 680] /Border [0 0 0] /A << /S /URI /URI (https://example.com/) >> >>"
if "/Annots" in page_dict:
    annotated = re.sub(r"/Annots \[", f"/Annots [ {size} 0 R", page_dict, count=1)
else:
    annotated = page_dict[:page_dict.rindex(">>")] + f"/Annots [ {size} 0 R ] >>"
verify("link-added", append_update(s2, {size: link, page1: annotated.encode()}), 1,
       r"annotation that is not a signature to page 1 .*Link")

# 4. The document information: new dates are what signing tools write; a new title is not.
info = trailer(signed2)["Info"]
info_dict = qpdf_object(signed2, info)
dated = re.sub(r"/ModDate \([^)]*\)", "", info_dict)
dated = dated[:dated.rindex(">>")] + "/ModDate (D:20270101000000Z) >>"
verify("new-moddate", append_update(s2, {int(info): dated.encode()}), 0,
       r"Lin Wei-ting: intact\n(.*\n)*  covers: revision 2 of 4; the updates after it change only what signing changes")
retitled = re.sub(r"/Title (\([^)]*\)|<[^>]*>)", "", info_dict)
retitled = retitled[:retitled.rindex(">>")] + "/Title (Withdrawn) >>"
verify("new-title", append_update(s2, {int(info): retitled.encode()}), 1,
       rf"problem: a later update changed the document information \(object {info} 0\): /Title")

# 5. An object the signed revision referred to but did not define, defined afterwards: the
# document is prepared with a dangling second content stream, then signed, then "completed".
dangling = 900
prepared = append_update(open(unsigned, "rb").read(),
                         {page1: hidden.replace(f"{size} 0 R", f"{dangling} 0 R").encode()}, size=dangling + 1)
with open(os.path.join(out, "prepared.pdf"), "wb") as f:
    f.write(prepared)
r = subprocess.run([epistle, "sign", os.path.join(out, "prepared.pdf"), "--field", "Lin Wei-ting", "--p12",
                    os.path.join(out, "lin.p12"), "--pass-env", "PW", "-o", os.path.join(out, "prepared-signed.pdf")],
                   capture_output=True, text=True, env=dict(os.environ, PW="pw-lin"))
if r.returncode:
    errors.append(f"signing the prepared file: {r.stderr}")
else:
    ps = open(os.path.join(out, "prepared-signed.pdf"), "rb").read()
    verify("prepared-signed", ps, 0, r"Lin Wei-ting: intact")
    verify("dangling-defined", append_update(ps, {dangling: stream(ink)}), 1,
           rf"problem: a later update added object {dangling} 0, page 1's /Contents, which the signed revision "
           r"referred to but did not define")

# 6. Two fields holding one signature dictionary are one signature, named by both.
form = re.search(r"/AcroForm (\d+) 0 R", qpdf_object(signed1, trailer(signed1)["Root"]))[1]
fields = re.findall(r"(\d+) 0 R", re.search(r"/Fields \[([^]]*)\]", qpdf_object(signed1, form))[1])
by_name = {}
for f in fields:
    d = qpdf_object(signed1, f)
    t = re.search(r"/T (?:\(([^)]*)\)|<([0-9a-fA-F]*)>)", d)
    if t:
        by_name[t[1] if t[1] is not None else bytes.fromhex(t[2]).decode("utf-16")] = (int(f), d)
lin_v = re.search(r"/V (\d+ 0 R)", by_name["Lin Wei-ting"][1])[1]
okafor_id, okafor = by_name["Ngozi Okafor"]
shared = okafor[:okafor.rindex(">>")] + f"/V {lin_v} >>"
r = subprocess.run([epistle, "verify", "--json", "-"], input=append_update(s1, {okafor_id: shared.encode()}),
                   capture_output=True)
checks = json.loads(r.stdout) if r.stdout else []
if r.returncode or len(checks) != 1 or checks[0]["field"] != "Lin Wei-ting, Ngozi Okafor":
    errors.append(f"shared signature: exit {r.returncode}, {r.stdout.decode()} {r.stderr.decode()}")

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
