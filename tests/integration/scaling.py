#!/usr/bin/env python3
"""Costs that must grow linearly with the input: each case is run at size n and 8n, and the
ratio of CPU time (or of memory above an empty letter's) must stay far below the 64 a
quadratic cost would give. Margins are wide: these are regressions of orders of magnitude
(2,000 parts once took 13 s, 20,000 soft line breaks 9 GB), not a benchmark.

usage: scaling.py EPISTLE OUTDIR"""
import os
import shutil
import subprocess
import sys

epistle, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
errors = []
GROWTH = 8


def run(args):
    """CPU seconds and peak RSS (KiB) of one epistle run."""
    p = subprocess.Popen([epistle] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        errors.append(f"epistle {' '.join(args[:3])}: exit {os.waitstatus_to_exitcode(status)}: {err[:300]}")
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def write(name, text):
    path = os.path.join(out, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def parts(n):
    # Every part inherits one signatory, so each adds a signature field named alike.
    head = "---\nlang: en\nsubject: S\nsignatories:\n  - name: A. Lee\n---\nBody.\n"
    return head + "".join(f"\n---\nsubject: S{i}\n---\nBody.\n" for i in range(1, n))


def soft_lines(n):
    return "---\nlang: en\nsubject: S\n---\n" + "\n".join(f"line {i} of the paragraph" for i in range(n)) + "\n"


def one_paragraph(n):
    words = ["coastal", "rights", "network", "ministry", "of", "the", "appeal", "and"]
    return "---\nlang: en\nsubject: S\n---\n" + " ".join(words[i % 8] for i in range(n)) + "\n"


def render(name, text):
    md = write(name + ".md", text)
    return ["render", md, "-o", os.path.join(out, name + ".pdf")]


def combine(name, n):
    t = write(name + ".md", "---\nlang: en\nsubject: S\nto:\n  name: \"{{name}}\"\n"
                            "signatories:\n  - name: A. Lee\n---\nDear {{name}}.\n")
    csv = write(name + ".csv", "id,name\n" + "".join(f"{i},N{i}\n" for i in range(n)))
    return ["merge", t, csv, "--combine", os.path.join(out, name + ".pdf")]


_, base_rss = run(render("empty", "---\nlang: en\nsubject: S\n---\nBody.\n"))

# name, (arguments at size k), n, what is measured
CASES = [
    ("parts", lambda k: render(f"parts{k}", parts(k)), 1250, "time"),
    ("combined records", lambda k: combine(f"combine{k}", k), 1250, "time"),
    ("soft line breaks", lambda k: render(f"soft{k}", soft_lines(k)), 2500, "memory"),
    ("one paragraph", lambda k: render(f"para{k}", one_paragraph(k)), 16000, "memory"),
]
for name, make, n, what in CASES:
    t1, m1 = run(make(n))
    t8, m8 = run(make(GROWTH * n))
    if what == "time":
        ratio = t8 / max(t1, 0.05)
    else:
        ratio = max(m8 - base_rss, 1) / max(m1 - base_rss, 1024)
    print(f"{name}: {n} -> {GROWTH * n}: {what} x{ratio:.1f} ({t1:.2f} s, {m1 // 1024} MiB -> {t8:.2f} s, {m8 // 1024} MiB)", flush=True)
    if ratio > 3 * GROWTH:
        errors.append(f"{name}: {what} grew x{ratio:.1f} for x{GROWTH} the input (linear: about x{GROWTH})")

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
