#!/usr/bin/env python3
"""Diagnostics for people and for scripts: codes, --json, --strict, colour.

- a warning (an underfull line) has its code and severity, and is an error under --strict;
- merge --json: every line on standard error is a JSON object, even on a terminal (no
  progress bar), with the record's number in the message and its code;
- colour only on a terminal (run under script(1)), never with NO_COLOR, TERM=dumb or
  --color=never, and on a pipe only with --color=always; --json is never coloured;
- the list of codes in src/diag.h, the codes the sources use and the DIAGNOSTICS
  section of epistle(1) are the same set.

usage: diagnostics.py EPISTLE SOURCE_DIR OUTDIR"""
import os
import re
import shlex
import shutil
import subprocess
import sys

import diagjson

epistle, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
errors = []
ESC = "\x1b["


def write(name, text):
    path = os.path.join(out, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(args, env=None, tty=False):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e["TERM"] = "xterm"
    e.update(env or {})
    if tty:
        # script(1) gives the command a terminal; its output comes back with \r\n line ends.
        cmd = ["script", "-qec", " ".join(shlex.quote(a) for a in [epistle] + args), "/dev/null"]
        r = subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=120)
        return r.returncode, r.stdout.replace("\r\n", "\n")
    r = subprocess.run([epistle] + args, capture_output=True, text=True, env=e, timeout=120)
    return r.returncode, r.stderr


def json_lines(name, text):
    objs, problems = diagjson.parse(text)
    errors.extend(f"{name}: {p}" for p in problems)
    return objs


# A line that must stretch: a long number (no break, no hyphen) after two short words.
digits = "".join(str(i % 10) for i in range(150))
underfull = write("underfull.md", f"---\nlang: en\ndate: 2026-03-15\nsubject: S\n---\nAb cd {digits} ef gh ij kl mn op qr st.\n")

rc, err = run(["check", underfull, "--json"])
objs = json_lines("warning", err)
if rc != 0:
    errors.append(f"warning: exit {rc}, expected 0")
if not objs or any((o["severity"], o["code"]) != ("warning", "underfull") for o in objs):
    errors.append(f"warning: expected underfull warnings, got {objs}")
elif (objs[0]["file"], objs[0]["line"], objs[0]["column"]) != (underfull, 6, 1):
    errors.append(f"warning: position {objs[0]}")

rc, err = run(["check", underfull, "--json", "--strict"])
objs = json_lines("strict", err)
if rc != 1 or not objs or any((o["severity"], o["code"]) != ("error", "underfull") for o in objs):
    errors.append(f"--strict: exit {rc}, {objs}")

# merge: one bad record among good ones, on a terminal.
template = os.path.join(src, "examples", "merge", "template.md")
data = write("people.jsonl", '{"id":"a","name":"A","salutation":"Ms A","address":"1 Road"}\n'
             '{"id":"b","name":"B","salutation":"Mr B"}\n')
rc, text = run(["merge", template, data, "-o", os.path.join(out, "m", "{{id}}.pdf"), "--json"], tty=True)
objs = json_lines("merge --json", text)
if rc != 1:
    errors.append(f"merge --json: exit {rc}, expected 1")
if ESC in text or "ETA" in text:
    errors.append(f"merge --json: escape sequences or a progress bar on standard error: {text[:300]!r}")
if not any(o["code"] == "missing-field" and o["message"].startswith("record 2: ") and o["file"] == template
           for o in objs):
    errors.append(f"merge --json: no missing-field error for record 2: {objs}")
bad_json = write("broken.json", '[{"id": "x",]\n')
rc, err = run(["merge", template, bad_json, "-o", os.path.join(out, "m2", "{{id}}.pdf"), "--json"])
objs = json_lines("bad data", err)
if rc != 1 or [(o["code"], o["file"], o["line"] is not None) for o in objs] != [("data-syntax", bad_json, True)]:
    errors.append(f"bad data: exit {rc}, {objs}")

# Usage errors found by the tool itself are JSON too, and the usage text stays out of it.
for args in (["render", "-"], ["render", underfull, "-o", "x.pdf", "--frobnicate"], ["frobnicate"],
             ["sign", underfull]):
    rc, err = run(args + ["--json"])
    objs = json_lines(f"usage {args}", err)
    if rc != 2 or [o["code"] for o in objs] != ["usage"] or objs[0]["file"] is not None:
        errors.append(f"usage {args}: exit {rc}, {objs}")
rc, err = run(["check", underfull, "--color=sometimes"])
if rc != 2 or "--color" not in err:
    errors.append(f"--color=sometimes: exit {rc}: {err}")

# Colour.
colour_cases = [
    ("terminal", {}, [], True, True),
    ("terminal, NO_COLOR", {"NO_COLOR": "1"}, [], True, False),
    ("terminal, TERM=dumb", {"TERM": "dumb"}, [], True, False),
    ("terminal, --color=never", {}, ["--color=never"], True, False),
    ("terminal, --json", {}, ["--json"], True, False),
    ("pipe", {}, [], False, False),
    ("pipe, --color=always", {}, ["--color", "always"], False, True),
    ("NO_COLOR, --color=always", {"NO_COLOR": "1"}, ["--color=always"], False, True),
]
for name, env, extra, tty, want in colour_cases:
    rc, text = run(["check", underfull] + extra, env=env, tty=tty)
    has = ESC + "1;35mwarning:" in text
    if has != want or (not want and ESC in text.replace("\x1b[K", "")):
        errors.append(f"colour, {name}: expected {'colour' if want else 'none'}: {text[:200]!r}")
    if "underfull" not in text:
        errors.append(f"colour, {name}: no warning printed: {text[:200]!r}")
# NO_COLOR set but empty does not count (no-color.org).
rc, text = run(["check", underfull], env={"NO_COLOR": ""}, tty=True)
if ESC + "1;35mwarning:" not in text:
    errors.append("colour: an empty NO_COLOR turned colour off")

# The codes: declared, used, documented.
header = open(os.path.join(src, "src", "diag.h"), encoding="utf-8").read()
declared = dict(re.findall(r'X\((\w+), "([a-z-]+)"\)', header))
if len(declared) < 20:
    errors.append(f"only {len(declared)} codes found in diag.h")
sources = ""
for root, _, files in os.walk(os.path.join(src, "src")):
    for f in files:
        if f.endswith(".c"):
            sources += open(os.path.join(root, f), encoding="utf-8").read()
for ident, name in declared.items():
    if f"EP_C_{ident}" not in sources:
        errors.append(f"code {name} (EP_C_{ident}) is declared but never reported")
man = open(os.path.join(src, "man", "epistle.1.scd"), encoding="utf-8").read()
section = man.split("# DIAGNOSTICS", 1)[-1].split("\n# ", 1)[0]
documented = set(re.findall(r"^\*([a-z-]+)\*\n\t", section, re.M))
if documented != set(declared.values()):
    errors.append(f"epistle(1) DIAGNOSTICS: missing {sorted(set(declared.values()) - documented)}, "
                  f"unknown {sorted(documented - set(declared.values()))}")

for e in errors:
    print(e, file=sys.stderr)
print(f"{len(errors)} problems")
sys.exit(1 if errors else 0)
