#!/usr/bin/env python3
"""make mutate: how many deliberate bugs the tests catch.

Each file in tests/mutants/ is one bug a user would notice, written as a small patch: the
comment lines say what the user would see, `file:` names the source file, `tests:` the ctest
regular expression of the tests that should catch it, then the exact text to replace (after
`--- from`, found exactly once) and its replacement (after `--- to`). A mutant that should
survive for a reason says so in a `survives:` line; the goal is none.

The tree (tracked and untracked files, not ignored ones) is copied to BUILD/src and built in
BUILD/build, so the working tree is never touched. The selected tests must pass before any
mutant is applied. Then, one mutant at a time: apply, rebuild, run its tests; a failing test
kills it. Prints the score and every survivor with its bug.

usage: mutate.py [--build DIR] [--jobs N] [--only TEXT] [--list]"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse(path):
    text = open(path, encoding="utf-8").read()
    m = {"name": os.path.basename(path)[:-len(".mutant")], "bug": [], "survives": None}
    head, _, rest = text.partition("\n--- from\n")
    old, sep, new = rest.partition("\n--- to\n")
    if not sep:
        raise SystemExit("%s: needs '--- from' and '--- to' sections" % path)
    for line in head.splitlines():
        if line.startswith("#"):
            m["bug"].append(line[1:].strip())
        elif ":" in line:
            k, v = line.split(":", 1)
            m[k.strip()] = v.strip()
    for k in ("file", "tests"):
        if not m.get(k):
            raise SystemExit("%s: no '%s:' line" % (path, k))
    m["old"], m["new"] = old, new[:-1] if new.endswith("\n") else new
    return m


def run(cmd, cwd, log, timeout=None):
    with open(log, "w") as f:
        try:
            return subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            return 124


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-mutate"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", default="")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--check", action="store_true",
                    help="only check that each mutant's text is found once in the tree (no build)")
    a = ap.parse_args()

    folder = os.path.join(ROOT, "tests", "mutants")
    mutants = [parse(os.path.join(folder, f)) for f in sorted(os.listdir(folder)) if f.endswith(".mutant")]
    mutants = [m for m in mutants if a.only in m["name"]]
    if a.check:
        stale = [(m["name"], m["file"], open(os.path.join(ROOT, m["file"]), encoding="utf-8").read().count(m["old"]))
                 for m in mutants]
        for name, f, n in stale:
            if n != 1:
                print("%s: its text is found %d times in %s" % (name, n, f))
        return 1 if any(n != 1 for _, _, n in stale) else 0
    if a.list:
        for m in mutants:
            print("%-32s %-40s %s" % (m["name"], m["file"], " ".join(m["bug"])[:90]))
        return 0

    src, build = os.path.join(a.build, "src"), os.path.join(a.build, "build")
    os.makedirs(build, exist_ok=True)
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    wanted = set()
    for f in filter(None, files):
        s, d = os.path.join(ROOT, f), os.path.join(src, f)
        if not os.path.isfile(s):
            continue
        wanted.add(os.path.normpath(d))
        os.makedirs(os.path.dirname(d), exist_ok=True)
        if not os.path.exists(d) or open(s, "rb").read() != open(d, "rb").read():
            shutil.copy2(s, d)
    # A file moved or deleted in the tree goes from the copy too (CMake globs the sources).
    for top, _, names in os.walk(src):
        for n in names:
            if os.path.normpath(os.path.join(top, n)) not in wanted:
                os.remove(os.path.join(top, n))
    logs = os.path.join(a.build, "logs")
    os.makedirs(logs, exist_ok=True)
    if run(["cmake", "-S", src, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], ROOT, os.path.join(logs, "configure.log")):
        raise SystemExit("configure failed: see %s/configure.log" % logs)
    if run(["cmake", "--build", build, "-j", str(a.jobs)], ROOT, os.path.join(logs, "build.log")):
        raise SystemExit("the unmutated tree does not build: see %s/build.log" % logs)
    union = "|".join("(%s)" % m["tests"] for m in mutants)
    if run(["ctest", "-R", union, "-j", str(a.jobs), "--output-on-failure"], build, os.path.join(logs, "baseline.log")):
        raise SystemExit("the selected tests fail without any mutant: see %s/baseline.log" % logs)

    killed, survivors, broken = [], [], []
    for i, m in enumerate(mutants, 1):
        path = os.path.join(src, m["file"])
        original = open(path, encoding="utf-8").read()
        count = original.count(m["old"])
        t0 = time.time()
        if count != 1:
            broken.append((m, "its text is found %d times in %s" % (count, m["file"])))
            print("[%2d/%d] %-32s STALE (%d matches)" % (i, len(mutants), m["name"], count), flush=True)
            continue
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m["old"], m["new"]))
            log = os.path.join(logs, m["name"] + ".log")
            if run(["cmake", "--build", build, "-j", str(a.jobs)], ROOT, log):
                broken.append((m, "does not build (see %s)" % log))
                verdict = "DOES NOT BUILD"
            elif run(["ctest", "-R", m["tests"], "-j", str(a.jobs), "--timeout", "900"], build, log):
                killed.append(m)
                verdict = "killed"
            else:
                survivors.append(m)
                verdict = "SURVIVED"
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        print("[%2d/%d] %-32s %-14s %4.0f s" % (i, len(mutants), m["name"], verdict, time.time() - t0), flush=True)
    # Leave the build as the tree is.
    run(["cmake", "--build", build, "-j", str(a.jobs)], ROOT, os.path.join(logs, "build.log"))

    scored = len(killed) + len(survivors)
    print("\nscore: %d of %d mutants killed (%.0f %%)" % (len(killed), scored, 100.0 * len(killed) / max(scored, 1)))
    for m in survivors:
        print("survivor: %s (%s): %s%s" % (m["name"], m["file"], " ".join(m["bug"]),
                                           "\n  reason: " + m["survives"] if m["survives"] else ""))
    for m, why in broken:
        print("not run: %s: %s" % (m["name"], why))
    unexplained = [m for m in survivors if not m["survives"]]
    return 1 if unexplained or broken else 0


if __name__ == "__main__":
    sys.exit(main())
