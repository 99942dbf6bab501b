#!/usr/bin/env python3
"""epistle watch: the PDF follows each good save of the letter and of its style file, keeps
the last good PDF through a broken one (saying why), and on SIGINT the process ends with
exit 0 and no temporary file left beside the PDF."""
import os
import shutil
import signal
import subprocess
import sys
import time

epistle, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
letter, pdf, style = (os.path.join(out, n) for n in ("letter.md", "letter.pdf", "look.yaml"))
errors = []


def save(path, text):
    # As editors do: a new file renamed over the old one.
    tmp = path + ".swp~"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def letter_text(body):
    return f"---\nlang: en\ndate: 2026-03-15\nstyle: look.yaml\n---\n\n{body}\n"


def text():
    return subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout


def wait_for(cond, what, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.05)
    errors.append(f"timed out waiting for {what}")
    return False


with open(style, "w") as f:
    f.write("size: 11pt\n")
save(letter, letter_text("The first version."))
log = open(os.path.join(out, "watch.log"), "w+")
p = subprocess.Popen([epistle, "watch", letter], stderr=log, stdout=log)
wait_for(lambda: os.path.exists(pdf) and "first version" in text(), "the first build")

save(letter, letter_text("The second version."))
wait_for(lambda: "second version" in text(), "the second build")

# A broken save: the PDF stays the second version, and the error is printed.
before = open(pdf, "rb").read()
save(letter, "---\nlang: en\nsubject: Re: broken\n---\n\nThe third version.\n")
wait_for(lambda: "still the last good PDF" in open(log.name).read(), "the failed build's message")
if open(pdf, "rb").read() != before:
    errors.append("the broken save changed the PDF")
if "letter.md:3:10: error:" not in open(log.name).read():
    errors.append("the broken build's error was not printed")

save(letter, letter_text("The fourth version."))
wait_for(lambda: "fourth version" in text(), "the fourth build")

# Its style file is watched too: a larger size makes the text wider.
def width():
    r = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    words = [l for l in r.splitlines() if ">fourth<" in l]
    if not words:
        return 0
    a = dict(kv.split("=") for kv in words[0].strip().split(">")[0].split()[1:])
    return float(a["xMax"].strip('"')) - float(a["xMin"].strip('"'))


w11 = width()
save(style, "size: 14pt\n")
wait_for(lambda: width() > w11 * 1.2, "the build after the style changed")

p.send_signal(signal.SIGINT)
try:
    rc = p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    rc = None
if rc != 0:
    errors.append(f"SIGINT: exit {rc}")
left = sorted(set(os.listdir(out)) - {"letter.md", "letter.pdf", "look.yaml", "watch.log"})
if left:
    errors.append(f"files left beside the PDF: {left}")
for e in errors:
    print("FAIL:", e)
if errors:
    print(open(log.name).read())
sys.exit(1 if errors else 0)
