#!/usr/bin/env python3
"""The structure tree of a letter, as `pdfinfo -struct-text` shows it, follows the letter:
one Part per language part with the part's /Lang; in each, the letterhead, the recipient,
the subject as H1, the opening, the body (block quotes, lists with Lbl and LBody, links),
the closing and a group per signatory with the signature's Figure and the signature
field's Form, in that reading order. What to expect is read from the letter itself.

usage: tagged_structure.py EPISTLE LETTER.md OUTDIR
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from letter_text import split_parts  # noqa: E402

epistle, letter, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
pdf = os.path.join(out, "letter.pdf")
if os.path.exists(pdf):
    os.remove(pdf)
subprocess.run([epistle, "render", letter, "-o", pdf], check=True)
bad = []


def check(cond, msg):
    if not cond:
        bad.append(msg)


class Node:
    def __init__(self, role, parent):
        self.role, self.parent, self.kids, self.texts = role, parent, [], []

    def walk(self):
        yield self
        for k in self.kids:
            yield from k.walk()

    def text(self):
        """All text under the element, in structure order."""
        parts = []

        def go(n):
            for item in n.order:
                parts.append(item) if isinstance(item, str) else go(item)
        go(self)
        return "".join(parts)


def parse(struct):
    root = Node("(root)", None)
    root.order = []
    stack = [(-1, root)]
    for line in struct.splitlines():
        if not line.strip():
            continue
        indent = (len(line) - len(line.lstrip(" "))) // 2
        s = line.strip()
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        if s.startswith('"'):
            t = s[1:-1]
            parent.texts.append(t)
            parent.order.append(t)
        elif s.startswith("/") or s.startswith("Object "):
            continue
        else:
            n = Node(s.split()[0].rstrip(":"), parent)
            n.order = []
            parent.kids.append(n)
            parent.order.append(n)
            stack.append((indent, n))
    return root


squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731

struct = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True, check=True).stdout
tree = parse(struct)
check([k.role for k in tree.kids] == ["Document"], f"top: {[k.role for k in tree.kids]}")
doc = tree.kids[0]
parts = split_parts(open(letter, encoding="utf-8").read())
check([k.role for k in doc.kids] == ["Part"] * len(parts), f"document: {[k.role for k in doc.kids]}")


def scalar(fm, key, indent=""):
    m = re.search(rf"^{indent}{key}:\s*(.+)$", fm, re.M)
    return m.group(1).strip().strip('"') if m else None


langs = []
sender = None   # a part without its own sender has the previous part's
for (fm, body), part in zip(parts, doc.kids):
    langs.append(scalar(fm, "lang"))
    roles = [n.role for n in part.walk()]
    flat = squash(part.text())
    # Reading order: each expected string after the one before.
    block = lambda key: re.search(rf"^{key}:\n((?:  .*\n)+)", fm, re.M)  # noqa: E731
    sender = scalar(block("from").group(1), "name", "  ") if block("from") else sender
    expect = [sender, scalar(block("to").group(1), "name", "  "),
              scalar(fm, "subject"), scalar(fm, "opening"), scalar(fm, "closing")]
    names = re.findall(r"^  - name:\s*(.+)$", fm, re.M)
    expect += names
    pos = 0
    for want in filter(None, expect):
        at = flat.find(squash(want), pos)
        check(at >= 0, f"part {langs[-1]}: '{want}' missing or out of order")
        pos = at if at >= 0 else pos
    h1 = [n for n in part.walk() if n.role == "H1"]
    check(len(h1) == 1 and squash(h1[0].text()) == squash(scalar(fm, "subject")),
          f"part {langs[-1]}: H1 is not the subject: {[squash(h.text()) for h in h1]}")
    check(part.kids and part.kids[0].role == "Div" and squash(sender) in squash(part.kids[0].text()),
          f"part {langs[-1]}: the letterhead does not come first")
    if ">" in body:
        check("BlockQuote" in roles, f"part {langs[-1]}: no BlockQuote")
    if re.search(r"^\d+\.\s", body, re.M):
        lis = [n for n in part.walk() if n.role == "LI"]
        check(lis and all([k.role for k in li.kids] == ["Lbl", "LBody"] for li in lis),
              f"part {langs[-1]}: list items are not Lbl + LBody")
        check(all(n.parent.role == "L" for n in lis), f"part {langs[-1]}: LI outside L")
    figures = [n for n in part.walk() if n.role == "Figure"]
    forms = [n for n in part.walk() if n.role == "Form"]
    check(len(figures) == len(re.findall(r"^    signature:", fm, re.M)),
          f"part {langs[-1]}: {len(figures)} figures")
    check(len(forms) == len(names), f"part {langs[-1]}: {len(forms)} signature fields")
    # Each signatory's figure, field and name are grouped in one element.
    for name in names:
        groups = [n for n in part.walk() if n.role == "Div" and squash(n.text()).startswith(squash(name))
                  and {"Figure", "Form"} <= {k.role for k in n.kids}]
        check(len(groups) == 1, f"part {langs[-1]}: signatory '{name}' is not one group with figure and field")
    if "www." in body or "](" in body or re.search(r"^  (email|web):", fm, re.M):
        check("Link" in roles, f"part {langs[-1]}: no Link")

r = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_tags.py"), pdf,
                    "--langs", ",".join(langs)], capture_output=True, text=True)
check(r.returncode == 0, "check_tags: " + r.stderr.strip())
# The figures' text alternatives name the signatories.
js = subprocess.run(["qpdf", "--json=2", pdf], capture_output=True, text=True, check=True).stdout
for (fm, body) in parts[:1]:
    for name in re.findall(r"^  - name:\s*(.+)$", fm, re.M):
        check(f"u:Signature of {name.strip()}" in js, f"no /Alt 'Signature of {name.strip()}'")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
print(f"{len(list(doc.walk()))} elements, parts {langs}" if not bad else "", end="\n" if not bad else "")
sys.exit(1 if bad else 0)
