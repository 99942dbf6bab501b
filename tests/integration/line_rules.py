#!/usr/bin/env python3
"""Line-breaking rules end to end, on letters of ordinary size, read back from the PDF:

- Chinese: paragraphs of 28 to 44 Han characters before a 。, so that in one of them the
  full stop falls just past a line's end; no line starts with a mark that may not start one
  (the list is CLREQ's and JIS X 4051's, written out in check_lines.py), and some line does
  end with a 。 that was kept on it;
- English: a narrow justified paragraph of long words; every word divided at a line end is
  divided where Merriam-Webster divides it (written out here), and some are;
- Korean: every line of a paragraph holds whole words (keep-all: a line breaks at a space,
  not between the syllables of a word);
- widows and orphans: the same two-page letter with 0 to 7 lines of text added before its
  last paragraphs, so that a page break falls at every line of them; no page ends with a
  paragraph's first line or starts with its last (check_lines.py), and a paragraph does go
  on over a page break in some of them.

usage: line_rules.py EPISTLE OUT_DIR"""
import os
import re
import subprocess
import sys

epistle, out = sys.argv[1:3]
here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(out, exist_ok=True)
errors = []


def render(name, text):
    md, pdf = os.path.join(out, name + ".md"), os.path.join(out, name + ".pdf")
    with open(md, "w", encoding="utf-8") as f:
        f.write(text)
    r = subprocess.run([epistle, "render", "-q", md, "-o", pdf], capture_output=True, text=True)
    if r.returncode:
        errors.append("%s: render failed: %s" % (name, r.stderr))
        return None
    return pdf


def check_lines(name, pdf):
    r = subprocess.run([sys.executable, os.path.join(here, "check_lines.py"), pdf], capture_output=True, text=True)
    for line in r.stderr.splitlines():
        errors.append("%s: %s" % (name, line))


def body_lines(pdf):
    xml = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return [l.strip() for l in xml.splitlines() if l.strip()]


# --- Chinese: a full stop just past the line's end ---
HAN = "我們謹代表沿海社區與漁業合作社就海岸保護計畫之諮詢程序致函閣下並懇請延長諮詢期限以便居民充分表達意見"
paras = ["%s。%s" % ((HAN * 2)[:n], HAN[:12]) for n in range(28, 45)]
pdf = render("zh-stops", "---\nlang: zh-Hant\ndate: 2026-03-15\n---\n\n" + "\n\n".join(paras) + "\n")
if pdf:
    check_lines("zh-stops", pdf)
    lines = body_lines(pdf)
    if not any(l.endswith("。") for l in lines):
        errors.append("zh-stops: no line ends with 。: the test no longer reaches the case it is for")

# --- Korean: lines break between words (keep-all), not between any two syllables ---
KO = ("우리는 해안 보호 계획에 관한 협의 절차에 대하여 연안 지역 사회와 어업 협동조합을 대표하여 "
      "장관님께 서한을 드리며 주민들이 충분히 의견을 표명할 수 있도록 협의 기간의 연장을 요청합니다 ")
pdf = render("ko-words", "---\nlang: ko\ndate: 2026-03-15\n---\n\n" + (KO * 4).strip() + "\n")
if pdf:
    known = set(KO.split())
    lines = [l for l in body_lines(pdf) if re.search("[\uac00-\ud7af]", l) and not re.search("[0-9]", l)]
    for l in lines:
        for tok in l.split():
            if tok not in known:
                errors.append("ko-words: %r on a line is not a word of the text: a word broken inside" % tok)
    if len(lines) < 4:
        errors.append("ko-words: %d lines: the test needs a paragraph of several" % len(lines))

# --- English: divisions as the dictionary gives them ---
DIVIDED = [
    "en-vi-ron-men-tal", "re-spon-si-bil-i-ty", "or-ga-ni-za-tions", "rep-re-sen-ta-tives",
    "com-mu-ni-ca-tion", "in-ter-na-tion-al", "con-sul-ta-tion", "ac-ces-si-bil-i-ty",
    "in-fra-struc-ture", "un-ques-tion-ably", "char-ac-ter-is-ti-cal-ly", "ad-min-is-tra-tion",
    "gov-ern-ment", "ac-count-abil-i-ty", "in-de-pen-dent", "ex-am-i-na-tion",
]
POINTS = {d.replace("-", ""): {len("".join(d.split("-")[:i])) for i in range(1, d.count("-") + 1)} for d in DIVIDED}
WORDS = list(POINTS)
text = " ".join(WORDS[i % len(WORDS)] for i in range(80)) + "."
pdf = render("en-hyphens", "---\nlang: en-US\ndate: 2026-03-15\nstyle:\n  margins: {left: 60mm, right: 60mm}\n---\n\n"
             + text[0].upper() + text[1:] + "\n")
if pdf:
    lines = [l for l in body_lines(pdf) if re.search(r"[a-z]", l) and "2026" not in l]
    divided = 0
    for a, b in zip(lines, lines[1:]):
        head, tail = a.split()[-1], b.split()[0].rstrip(".")
        if head.rstrip(".").lower() in POINTS:
            continue
        word = (head + tail).lower()
        if word not in POINTS:
            errors.append("en-hyphens: %r + %r is not a division of a word this test knows" % (head, tail))
        elif len(head) not in POINTS[word]:
            errors.append("en-hyphens: %s divided as %s-%s, not where the dictionary divides it" % (word, head, tail))
        else:
            divided += 1
    print("en-hyphens: %d words divided at line ends" % divided)
    if not divided:
        errors.append("en-hyphens: no word divided at a line end: the test no longer reaches the case it is for")

# --- Widows and orphans, with the page break at every line of the closing paragraphs ---
P = ("We write on behalf of fifty-three community organisations about the consultation on the coastal "
     "protection plan, which closes at the end of the month. ")
crossing = 0
for extra in range(8):
    body = "\n\n".join(P * 3 for _ in range(7))
    filler = " ".join(["Filler words set to move the page break down by one line."] * extra)
    tail = "\n\n".join(P * 2 for _ in range(4))
    pdf = render("widows-%d" % extra, "---\nlang: en-GB\ndate: 2026-03-15\nopening: Dear Minister,\n"
                 "closing: Yours sincerely,\nsignatories:\n  - name: Sam Signer\n---\n\n%s\n\n%s\n\n%s\n"
                 % (body, filler or "Short.", tail))
    if not pdf:
        continue
    check_lines("widows-%d" % extra, pdf)
    pages = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split("\f")
    # A paragraph goes on over the page break when page 1's text ends inside a sentence.
    if len(pages) > 1 and not re.search(r"[.:,]\s*$", pages[0].strip().split("\n")[-1]):
        crossing += 1
print("widows: %d of 8 letters have a paragraph over the page break" % crossing)
if crossing == 0:
    errors.append("widows: no paragraph crosses a page break: the test no longer reaches the case it is for")

for e in errors:
    print("FAIL:", e)
print("ok" if not errors else "%d failures" % len(errors))
sys.exit(1 if errors else 0)
