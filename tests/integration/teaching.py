#!/usr/bin/env python3
"""The mistakes a newcomer makes in a letter's front matter, one row each: the exit code, the
place (file:line:col), the source line and the caret under it, the hint, and the same as JSON
fields. The expected places and carets are written out by hand from the input: they are what a
reader counting the columns would point at."""
import json
import os
import re
import subprocess
import sys

epistle, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
env = dict(os.environ, NO_COLOR="1", SOURCE_DATE_EPOCH="1700000000")

# name: (front matter lines, exit, "line:col", source line shown, caret line shown, hint part, code, end_column)
CASES = {
    "colon in value": (["lang: en", "subject: Re: the bill"], 1, "3:10", "subject: Re: the bill",
                       "  |          ^^^^^^^^^^^^", 'quote the value: subject: "Re: the bill"', "yaml-syntax", 22),
    "value ending in colon": (["lang: zh-Hans", "opening: 尊敬的代表:"], 1, "3:10", "opening: 尊敬的代表:",
                              # five wide characters take ten cells, then the colon one
                              "  |          ^^^^^^^^^^^", 'quote the value: opening: "尊敬的代表:"', "yaml-syntax", 16),
    "tab indentation": (["lang: en", "to:", "\tname: Dr A. Official"], 1, "4:1", "    name: Dr A. Official",
                        "  | ^^^^", "not tabs", "yaml-syntax", 2),
    "unclosed list": (["lang: en", "cc: [Office A, Office B", "subject: Bill"], 1, "3:5", "cc: [Office A, Office B",
                      "  |     ^", "close the list with ']'", "yaml-syntax", None),
    "unclosed quote": (["lang: en", 'subject: "The bill', "opening: Dear Sir,"], 1, "3:10", 'subject: "The bill',
                       "  |          ^", "close the quote", "yaml-syntax", None),
    "address at the top level": (["lang: en", "to:", "  name: Dr A. Official", "address: 1 Main St"], 1, "5:1",
                                 "address: 1 Main St", "  | ^^^^^^^", "belongs under 'to:' or 'from:'",
                                 "unknown-key", 8),
    "top-level key under to": (["lang: en", "to:", "  name: Dr A. Official", "  subject: The bill"], 1, "5:3",
                               "  subject: The bill", "  |   ^^^^^^^", "start it at the beginning of the line",
                               "unknown-key", 10),
    "key indented past a value": (["lang: en", "to:", "  name: Dr A. Official", "   address: 1 Main St"], 1, "5:1",
                                  "   address: 1 Main St", "  | ^^^", "start it in column 3, as 'name' on line 4 is",
                                  "yaml-syntax", 4),
    "duplicate key": (["lang: en", "subject: First", "opening: Dear Sir,", "subject: Second"], 1, "5:1",
                      "subject: Second", "  | ^^^^^^^", "keep one of the two", "duplicate-key", 8),
    "signatory for signatories": (["lang: en", "signatory:", "  - name: A. Person"], 1, "3:1", "signatory:",
                                  "  | ^^^^^^^^^", "write 'signatories:'", "unknown-key", 10),
    "signers for signatories": (["lang: en", "signers:", "  - name: A. Person"], 1, "3:1", "signers:",
                                "  | ^^^^^^^", "write 'signatories:'", "unknown-key", 8),
    "salutation for opening": (["lang: en", "salutation: Dear Sir,"], 1, "3:1", "salutation: Dear Sir,",
                               "  | ^^^^^^^^^^", "write 'opening:'", "unknown-key", 11),
    "greeting for opening": (["lang: en", "greeting: Dear Sir,"], 1, "3:1", "greeting: Dear Sir,",
                             "  | ^^^^^^^^", "write 'opening:'", "unknown-key", 9),
    "sender for from": (["lang: en", "sender:", "  name: Me"], 1, "3:1", "sender:", "  | ^^^^^^", "write 'from:'",
                        "unknown-key", 7),
    "recipient for to": (["lang: en", "recipient:", "  name: You"], 1, "3:1", "recipient:", "  | ^^^^^^^^^",
                         "write 'to:'", "unknown-key", 10),
    "misspelt key": (["lang: en", "subjct: The bill"], 1, "3:1", "subjct: The bill", "  | ^^^^^^", "write 'subject:'",
                     "unknown-key", 7),
    "language name": (["lang: english"], 1, "2:7", "lang: english", "  |       ^^^^^^^", "write 'lang: en'",
                      "unknown-language", 14),
    "POSIX locale": (["lang: en_GB"], 1, "2:7", "lang: en_GB", "  |       ^^^^^", "write 'lang: en-GB'",
                     "unknown-language", 12),
    "language name capitalised": (["lang: German"], 1, "2:7", "lang: German", "  |       ^^^^^^", "write 'lang: de'",
                                  "unknown-language", 13),
    "month 13": (["lang: en-GB", "date: 2017-13-45"], 1, "3:7", "date: 2017-13-45", "  |       ^^^^^^^^^^",
                 "year-month-day", "invalid-value", 17),
    "30 February": (["lang: en-GB", "date: 2017-02-30"], 1, "3:7", "date: 2017-02-30", "  |       ^^^^^^^^^^",
                    "year-month-day", "invalid-value", 17),
    "day first in en-US": (["lang: en-US", "date: 21/11/2017"], 1, "3:7", "date: 21/11/2017", "  |       ^^^^^^^^^^",
                           "write 2017-11-21", "invalid-value", 17),
    "month first in en-GB": (["lang: en-GB", "date: 11/21/2017"], 1, "3:7", "date: 11/21/2017", "  |       ^^^^^^^^^^",
                             "write 2017-11-21", "invalid-value", 17),
    "ambiguous in en": (["lang: en", "date: 03/04/2017"], 1, "3:7", "date: 03/04/2017", "  |       ^^^^^^^^^^",
                        "2017-04-03", "invalid-value", 17),
}


def run(args):
    return subprocess.run([epistle] + args, capture_output=True, text=True, env=env, timeout=60)


errors = []
for name, (lines, code, where, src, caret, hint, dcode, end) in CASES.items():
    path = os.path.join(out, name.replace(" ", "-") + ".md")
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\n" + "\n".join(lines) + "\n---\n\nBody.\n")
    r = run(["check", path])
    if r.returncode != code:
        errors.append(f"{name}: exit {r.returncode}, expected {code}: {r.stderr[:300]!r}")
        continue
    text = r.stderr.splitlines()
    first = f"{path}:{where}: error: "
    at = next((i for i, t in enumerate(text) if t.startswith(first)), None)
    if at is None:
        errors.append(f"{name}: no error at {where}: {r.stderr[:400]!r}")
        continue
    line_no = where.split(":")[0]
    if at + 2 >= len(text) or text[at + 1] != f"{line_no} | {src}" or text[at + 2] != caret:
        errors.append(f"{name}: source and caret\n{chr(10).join(text[at:at + 3])}\nexpected\n{line_no} | {src}\n{caret}")
    if at + 3 >= len(text) or not text[at + 3].startswith("  = hint: ") or hint not in text[at + 3]:
        errors.append(f"{name}: hint {text[at + 3] if at + 3 < len(text) else None!r}, expected one with {hint!r}")
    r = run(["check", path, "--json"])
    objs = [json.loads(t) for t in r.stderr.splitlines() if t.strip()]
    o = next((o for o in objs if o["severity"] == "error"), None)
    if not o:
        errors.append(f"{name}: --json: no error object: {r.stderr[:300]!r}")
        continue
    want = {"file": path, "line": int(line_no), "column": int(where.split(":")[1]), "code": dcode,
            "end_column": end, "end_line": int(line_no) if end else None, "source": src}
    for k, v in want.items():
        if o.get(k) != v:
            errors.append(f"{name}: --json {k} = {o.get(k)!r}, expected {v!r}")
    if not o.get("hint") or hint not in o["hint"]:
        errors.append(f"{name}: --json hint {o.get('hint')!r}, expected one with {hint!r}")

# Where libyaml gave up is said too, as a note: an unclosed list is found lines later.
r = run(["check", os.path.join(out, "unclosed-list.md")])
if "unclosed-list.md:4:8: note: the parser gave up here" not in r.stderr:
    errors.append(f"unclosed list: no note where the parser gave up: {r.stderr!r}")
# The duplicate's first place is named.
r = run(["check", os.path.join(out, "duplicate-key.md")])
if "duplicate-key.md:3:1: note: 'subject' first given here" not in r.stderr:
    errors.append(f"duplicate key: no note at the first: {r.stderr!r}")

# Dates whose order is clear are accepted and printed the language's way; 'today' is the
# reproducible clock's day (SOURCE_DATE_EPOCH 1700000000 is 14 November 2023, UTC).
for lang, date, printed in [("en-GB", "21/11/2017", "21 November 2017"), ("en-US", "11/21/2017", "November 21, 2017"),
                            ("de", "21.11.2017", "21. November 2017"), ("en", "21/11/2017", "November 21, 2017"),
                            ("en-GB", "today", "14 November 2023"), ("ja", "2017/11/21", "2017年11月21日")]:
    path = os.path.join(out, "date.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"---\nlang: {lang}\ndate: {date}\n---\n\nBody.\n")
    r = run(["render", path, "-o", os.path.join(out, "date.pdf")])
    got = subprocess.run(["pdftotext", os.path.join(out, "date.pdf"), "-"], capture_output=True, text=True).stdout
    if r.returncode or printed not in got.replace("\u2009", " "):
        errors.append(f"date {date} in {lang}: exit {r.returncode}, expected {printed!r} in {got[:200]!r} {r.stderr!r}")

# A letter without a date is a warning (with the fix), not silence.
path = os.path.join(out, "undated.md")
with open(path, "w") as f:
    f.write("---\nlang: en\n---\n\nBody.\n")
r = run(["check", path])
if r.returncode != 0 or f"{path}:1:1: warning: this letter has no date" not in r.stderr or "date: today" not in r.stderr:
    errors.append(f"undated: exit {r.returncode}: {r.stderr!r}")

# Paper sizes are names, not case-sensitive codes: A4 is simply accepted.
path = os.path.join(out, "paper.md")
with open(path, "w") as f:
    f.write("---\nlang: en\npaper: A4\ndate: 2026-03-01\n---\n\nBody.\n")
r = run(["check", path])
if r.returncode != 0 or r.stderr:
    errors.append(f"paper: A4: exit {r.returncode}: {r.stderr!r}")

# Commands and options: "did you mean", by spelling; an option of another command is named
# as such; after a usage error, a short usage (two lines), not the whole.
for args, want in [(["rendr"], "unknown command 'rendr'; did you mean 'render'?"),
                   (["render", "x.md", "--styl", "classic"], "unknown option '--styl'; did you mean '--style'?"),
                   (["render", "x.md", "--combine", "a.pdf"], "'--combine' is an option of 'epistle merge'"),
                   (["merge", "t.md", "d.csv", "-o", "o/{{id}}.pdf", "--jbos", "2"], "did you mean '--jobs'?")]:
    r = run(args)
    lines = r.stderr.splitlines()
    if r.returncode != 2 or want not in r.stderr or len(lines) > 3:
        errors.append(f"{args}: exit {r.returncode}, expected {want!r} and a short usage: {r.stderr!r}")
r = run(["-V"])
if r.returncode or not r.stdout.startswith("epistle "):
    errors.append(f"-V: {r.returncode} {r.stdout!r}")
# Help describes each option in a sentence: every option line of `help merge` has words after it.
for cmd in ["render", "check", "merge", "sign", "verify", "new"]:
    a, b = run(["help", cmd]), run([cmd, "--help"])
    if a.returncode or a.stdout != b.stdout:
        errors.append(f"help {cmd} and {cmd} --help differ")
    opts = [l for l in a.stdout.splitlines() if l.startswith("  -")]
    bare = [l for l in opts if len(l.split("  ")) < 2 or not l.rstrip().endswith((".", ")")) and len(l) < 40]
    if not opts or bare:
        errors.append(f"help {cmd}: options without a sentence: {bare or a.stdout[:200]!r}")

# A merge: a column the template needs and the data lacks is said once, at the header line,
# with the columns the file has; a ';'-separated file is read as such and the closing line
# says so; --delimiter names it.
tmpl = os.path.join(out, "tmpl.md")
with open(tmpl, "w") as f:
    f.write("---\nlang: en\ndate: 2026-03-15\nto:\n  name: \"{{name}}\"\n---\n\nDear {{salutation}},\n")
data = os.path.join(out, "people.csv")
with open(data, "w") as f:
    f.write("id,name\n1,Ann\n2,Bo\n3,Cy\n")
r = run(["merge", tmpl, data, "-o", os.path.join(out, "m", "{{id}}.pdf")])
want = f"{data}:1:1: error: the template uses {{{{salutation}}}}, but the data has no 'salutation' column"
if r.returncode != 1 or r.stderr.count("error:") != 1 or want not in r.stderr or "columns are: id, name" not in r.stderr \
        or "1 | id,name" not in r.stderr:
    errors.append(f"missing column: exit {r.returncode}: {r.stderr!r}")
semi = os.path.join(out, "semi.csv")
with open(semi, "w") as f:
    f.write("id;name;salutation\n1;Ann;Ms Ann\n2;Bo, Jr.;Mr Bo\n")
r = run(["merge", tmpl, semi, "-o", os.path.join(out, "m", "s{{id}}.pdf")])
if r.returncode or not re.search(r"^epistle: merge: 2 written, 0 failed in [0-9.]+ s, [0-9]+ letters/s \(CSV separated by ';'\)$",
                                  r.stderr, re.M):
    errors.append(f"';' CSV: exit {r.returncode}: {r.stderr!r}")
got = subprocess.run(["pdftotext", os.path.join(out, "m", "s2.pdf"), "-"], capture_output=True, text=True).stdout
if "Dear Mr Bo," not in got or "Bo, Jr." not in got:
    errors.append(f"';' CSV: the values: {got[:200]!r}")
tabbed = os.path.join(out, "tabbed.txt")
with open(tabbed, "w") as f:
    f.write("id\tname\tsalutation\n1\tAnn\tMs Ann\n")
r = run(["merge", tmpl, tabbed, "--format", "csv", "--delimiter", "tab", "-o", os.path.join(out, "m", "t{{id}}.pdf"), "-q"])
if r.returncode or r.stderr:
    errors.append(f"--delimiter tab: exit {r.returncode}: {r.stderr!r}")

for e in errors:
    print("FAIL:", e)
print(f"{len(CASES)} cases, {len(errors)} problems")
sys.exit(1 if errors else 0)
