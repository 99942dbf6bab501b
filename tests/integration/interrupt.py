#!/usr/bin/env python3
"""A merge of 2,000 records interrupted ten times at random points (SIGINT and SIGTERM in
turn): it exits 130 or 143, leaves no temporary file, every PDF in the folder is whole (the
newest, those being written when the signal came, checked with qpdf --check, all of them for
an end-of-file marker), and the report matches the folder: each record "ok" has its PDF,
each "not reached" has none.

usage: interrupt.py EPISTLE OUTDIR"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

epistle, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
errors = []
rng = random.Random(14)

template = os.path.join(out, "template.md")
with open(template, "w", encoding="utf-8") as f:
    f.write("---\nlang: en\nsubject: \"Re: the harbour\"\nto:\n  name: \"{{name}}\"\n"
            "signatories:\n  - name: A. Lee\n---\nDear {{name}},\n\nThe harbour matters to us.\n")
data = os.path.join(out, "people.csv")
with open(data, "w", encoding="utf-8") as f:
    f.write("id,name\n" + "".join(f"{i},Person {i}\n" for i in range(2000)))


def merge(folder):
    return subprocess.Popen([epistle, "merge", template, data, "-o", os.path.join(folder, "{{id}}.pdf"),
                             "--report", os.path.join(folder, "report.json"), "-j", "2", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


# How long the whole merge takes here, to interrupt inside it.
t0 = time.monotonic()
p = merge(os.path.join(out, "whole"))
p.communicate()
whole = time.monotonic() - t0
if p.returncode != 0:
    errors.append(f"uninterrupted merge: exit {p.returncode}")

for run in range(10):
    folder = os.path.join(out, f"run{run}")
    sig = signal.SIGINT if run % 2 == 0 else signal.SIGTERM
    p = merge(folder)
    time.sleep(rng.uniform(0.05, 0.9) * whole)
    p.send_signal(sig)
    _, err = p.communicate()
    err = err.decode(errors="replace")
    name = f"run {run} ({signal.Signals(sig).name})"
    if p.returncode not in (128 + sig, 0):
        errors.append(f"{name}: exit {p.returncode}, expected {128 + sig}: {err[-300:]}")
    files = os.listdir(folder)
    temps = [n for n in files if n.startswith(".")]
    if temps:
        errors.append(f"{name}: temporary files left: {temps[:5]}")
    pdfs = sorted((n for n in files if n.endswith(".pdf")), key=lambda n: os.stat(os.path.join(folder, n)).st_mtime_ns)
    for n in pdfs:
        with open(os.path.join(folder, n), "rb") as f:
            f.seek(-7, os.SEEK_END)
            if b"%%EOF" not in f.read():
                errors.append(f"{name}: {n} has no end-of-file marker")
    for n in pdfs[-6:]:
        q = subprocess.run(["qpdf", "--check", os.path.join(folder, n)], capture_output=True, text=True)
        if q.returncode != 0:
            errors.append(f"{name}: qpdf --check {n}: {q.stdout[-200:]}")
    try:
        report = json.load(open(os.path.join(folder, "report.json")))
    except (OSError, ValueError) as e:
        errors.append(f"{name}: no readable report: {e}")
        continue
    if len(report) != 2000:
        errors.append(f"{name}: the report has {len(report)} records, not 2000")
    statuses = {}
    for e in report:
        statuses[e["status"]] = statuses.get(e["status"], 0) + 1
        pdf = os.path.join(folder, f"{e['record'] - 1}.pdf")
        if (e["status"] == "ok") != os.path.exists(pdf):
            errors.append(f"{name}: record {e['record']} is '{e['status']}' but its PDF "
                          f"{'is missing' if e['status'] == 'ok' else 'exists'}")
            break
    if p.returncode == 128 + sig and not statuses.get("not reached"):
        errors.append(f"{name}: stopped, yet no record is 'not reached': {statuses}")
    if statuses.get("ok", 0) != len(pdfs):
        errors.append(f"{name}: {statuses.get('ok', 0)} records ok, {len(pdfs)} PDFs in the folder")
    print(f"{name} after {whole:.2f} s at most: exit {p.returncode}, {statuses}", flush=True)

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
