#!/usr/bin/env python3
"""Bad input, case by case: each must give its exit code (1 the letter, 2 the call,
3 the system), a message that names the file and the position, and no output file; an
existing output of the same name must stay as it was. Run again with --json, every line on
standard error must be one JSON object (file, line, column, severity, code, message) saying
what the text said, and the first error must carry the case's code.

usage: bad_inputs.py EPISTLE OUTDIR"""
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

import diagjson

epistle, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
errors = []

GOOD = "---\nlang: en\nsubject: S\n---\nBody.\n"


def png(w, h, body=True):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    if body:
        data += chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * (3 * w)) if h == 1 else b"")
    return data + chunk(b"IEND", b"")


# name: (files {name: bytes}, args (the letter is 'letter.md'), exit code, message regex, the
# diagnostic's code in --json)
CASES = {
    "malformed yaml": ({"letter.md": b"---\nlang: en\nto: [unclosed\n---\nBody.\n"}, [], 1,
                       r"letter\.md:3:5: error: this list is not closed", "yaml-syntax"),
    "YAML document end": ({"letter.md": b"---\nlang: en\n...\nsubject: Lost\n---\nBody.\n"}, [], 1,
                          r"letter\.md:3:1: error: the YAML document ends here", "yaml-syntax"),
    "long web address": ({"letter.md": b"---\nfrom:\n  name: X\n  web: https://example.org/" + b"a" * 40000 +
                          b"\n---\nBody.\n"}, [], 1, r"letter\.md:4:8: error: URL longer than \d+ characters",
                          "too-large"),
    "long autolink": ({"letter.md": b"---\nlang: en\n---\nSee <https://example.org/" + b"a" * 40000 + b">.\n"}, [], 1,
                      r"letter\.md:4:5: error: URL longer than 32000 characters", "too-large"),
    "unknown key": ({"letter.md": b"---\nlang: en\nsignatores: []\n---\nBody.\n"}, [], 1,
                    r"letter\.md:3:1: error: unknown key 'signatores'; did you mean 'signatories'\?", "unknown-key"),
    "wrong type": ({"letter.md": b"---\nsubject: [a, b]\n---\nBody.\n"}, [], 1,
                   r"letter\.md:2:10: error: 'subject' must be a string", "wrong-type"),
    "wrong type in a list": ({"letter.md": b"---\nsignatories: Jane\n---\nBody.\n"}, [], 1,
                             r"letter\.md:2:14: error: 'signatories' must be a list", "wrong-type"),
    "not a boolean": ({"letter.md": b"---\nmarks: sometimes\n---\nBody.\n"}, [], 1,
                      r"letter\.md:2:8: error: 'marks' must be true or false", "wrong-type"),
    "invalid utf-8": ({"letter.md": b"---\nlang: en\n---\nBad \xc3\x28 byte.\n"}, [], 1,
                      r"letter\.md:4:5: error: invalid UTF-8", "encoding"),
    "NUL byte": ({"letter.md": b"---\nlang: en\n---\nNUL \x00 here.\n"}, [], 1,
                 r"letter\.md:4:5: error: NUL character", "encoding"),
    "unknown lang": ({"letter.md": b"---\nlang: qq-nowhere\n---\nBody.\n"}, [], 1,
                     r"letter\.md:2:7: error: unknown language tag 'qq-nowhere'", "unknown-language"),
    "unknown paper": ({"letter.md": b"---\npaper: b4\n---\nBody.\n"}, [], 1,
                      r"letter\.md:2:8: error: unknown paper 'b4' \(known: a4, letter, legal, a5\)", "unknown-paper"),
    "unknown layout": ({"letter.md": b"---\nlayout: din5008-c\n---\nBody.\n"}, [], 1,
                       r"letter\.md:2:9: error: unknown layout 'din5008-c'", "unknown-layout"),
    "missing image": ({"letter.md": b"---\nsignatories:\n  - name: A\n    signature: nope.png\n---\nB.\n"}, [], 1,
                      r"letter\.md:4:16: error: cannot open signature image", "image"),
    "corrupt png": ({"letter.md": b"---\nfrom:\n  logo: bad.png\n---\nB.\n",
                     "bad.png": b"\x89PNG\r\n\x1a\n" + b"garbage" * 10}, [], 1,
                    r"letter\.md:3:9: error: logo image '.*bad\.png' is a damaged PNG", "image"),
    # A JPEG cut after its tables, and one whose scan never reaches its end-of-image marker.
    "header-only jpeg": ({"letter.md": b"---\nfrom:\n  logo: cut.jpg\n---\nB.\n",
                          "cut.jpg": b"\xff\xd8\xff\xdb\x00\x43\x00" + bytes(range(64))}, [], 1,
                         r"letter\.md:3:9: error: logo image '.*cut\.jpg' is a JPEG file that ends before its image data",
                         "image"),
    "truncated jpeg": ({"letter.md": b"---\nfrom:\n  logo: cut.jpg\n---\nB.\n",
                        "cut.jpg": b"\xff\xd8\xff\xc0\x00\x0b\x08\x00\x10\x00\x10\x01\x01\x11\x00"
                                   b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34" * 20}, [], 1,
                       r"letter\.md:3:9: error: logo image '.*cut\.jpg' is a JPEG file that is truncated", "image"),
    "gif image": ({"letter.md": b"---\nfrom:\n  logo: a.gif\n---\nB.\n", "a.gif": b"GIF89a\x01\x00\x01\x00"}, [], 1,
                  r"letter\.md:3:9: error: logo image '.*a\.gif' is neither PNG nor JPEG", "image"),
    "enormous image": ({"letter.md": b"---\nfrom:\n  logo: big.png\n---\nB.\n", "big.png": png(100000, 100000, True)},
                       [], 1, r"letter\.md:3:9: error: logo image .* million pixels; the limit is 40 million", "image"),
    "yaml aliases": ({"letter.md": b"---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\nB.\n"}, [], 1,
                     r"letter\.md:2:4: error: anchors and aliases", "yaml-limit"),
    "yaml too deep": ({"letter.md": b"---\nto: " + b"[" * 40 + b"]" * 40 + b"\n---\nB.\n"}, [], 1,
                      r"letter\.md:2:\d+: error: the front matter is nested more than 16 levels", "nesting"),
    "quotes too deep": ({"letter.md": b"---\nlang: en\n---\n" + b">" * 60 + b" deep\n"}, [], 1,
                        r"letter\.md:4:\d+: error: quotes and lists are nested more than 32 deep", "nesting"),
    "too large": ({"letter.md": b"---\nlang: en\n---\n" + b"word " * (4 << 20)}, [], 1,
                  r"letter\.md: error: the file is larger than 16 MiB, the limit for a letter", "too-large"),
    # Read with the limit, not whole and then measured: /dev/zero never ends.
    "endless input": ({}, ["ZERO"], 1, r"/dev/zero: error: the file is larger than 16 MiB", "too-large"),
    "unclosed front matter": ({"letter.md": b"---\nlang: en\nBody.\n"}, [], 1,
                              r"letter\.md:1:1: error: front matter is not closed", "front-matter"),
    "a directory as input": ({}, ["DIR"], 1, r"error: cannot read: Is a directory", "io"),
    "missing glyph, strict": ({"letter.md": "---\nlang: en\ndate: 2026-03-15\n---\nAn unassigned \U000E0FFF? no: \U0010FFFD here.\n".encode()},
                              ["--strict"], 1, r"letter\.md:5:1: error: no installed font has U\+10FFFD", "font-fallback"),
    "unwritable output": ({"letter.md": GOOD.encode()}, ["-o", "/nonexistent-dir/x.pdf"], 3,
                          r"/nonexistent-dir/x\.pdf: error: .*No such file or directory", "io"),
    "usage: output not a PDF": ({"letter.md": GOOD.encode()}, ["-o", "letter.txt"], 2, r"the output 'letter.txt' is not named \.pdf",
                                "usage"),
    "usage: no output from stdin": ({"letter.md": GOOD.encode()}, ["STDIN"], 2, r"standard input needs -o", "usage"),
    "usage: unknown option": ({"letter.md": GOOD.encode()}, ["--frobnicate"], 2, r"unknown option '--frobnicate'", "usage"),
}

TEXT = re.compile(r"^(?:\r\x1b\[K)?(.*?):(?:(\d+):(\d+):)? (error|warning|note): (.*)$")


def json_agrees(name, cmd, text_err, want_code):
    """The same run with --json: one object per line, each saying what the text said."""
    r = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=120)
    objs, problems = diagjson.parse(r.stderr)
    if problems:
        errors.extend(f"{name}: --json: {p}" for p in problems)
        return
    texts = [TEXT.match(t) for t in text_err.splitlines() if TEXT.match(t)]
    if len(texts) != len(objs):
        errors.append(f"{name}: {len(texts)} text diagnostics but {len(objs)} JSON objects")
        return
    for m, o in zip(texts, objs):
        f, line, col, sev, msg = m.groups()
        want = (None if f == "epistle" else f, int(line) if line else None, int(col) if col else None, sev, msg)
        got = (o["file"], o["line"], o["column"], o["severity"], o["message"])
        if want != got:
            errors.append(f"{name}: JSON {got} differs from the text {want}")
    first = next((o for o in objs if o["severity"] == "error"), None)
    if not first or first["code"] != want_code:
        errors.append(f"{name}: first error's code is {first and first['code']}, expected {want_code}")


for name, (files, args, code, pattern, diag_code) in CASES.items():
    d = os.path.join(out, re.sub(r"\W+", "-", name))
    os.makedirs(d)
    for fn, data in files.items():
        with open(os.path.join(d, fn), "wb") as f:
            f.write(data)
    target = os.path.join(d, "out.pdf")
    with open(target, "wb") as f:
        f.write(b"previous contents")
    letter = os.path.join(d, "letter.md")
    if "DIR" in args:
        letter, args = d, [a for a in args if a != "DIR"]
    if "ZERO" in args:
        letter, args = "/dev/zero", [a for a in args if a != "ZERO"]
    if "STDIN" in args:
        cmd = [epistle, "render", "-"]
    elif "-o" in args:
        cmd = [epistle, "render", letter] + args
    else:
        cmd = [epistle, "render", letter, "-o", target] + args
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != code:
        errors.append(f"{name}: exit {r.returncode}, expected {code}: {r.stderr.strip()[:300]}")
    if not re.search(pattern, r.stderr):
        errors.append(f"{name}: message does not match /{pattern}/: {r.stderr.strip()[:300]}")
    if r.returncode < 0:
        errors.append(f"{name}: killed by signal {-r.returncode}")
    json_agrees(name, cmd, r.stderr, diag_code)
    if open(target, "rb").read() != b"previous contents":
        errors.append(f"{name}: the existing output was changed")
    leftovers = [f for f in os.listdir(d) if f.startswith(".out.pdf.")]
    if leftovers:
        errors.append(f"{name}: temporary files left: {leftovers}")

for e in errors:
    print(e, file=sys.stderr)
print(f"{len(CASES)} cases, {len(errors)} problems")
sys.exit(1 if errors else 0)
