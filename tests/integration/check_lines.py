#!/usr/bin/env python3
"""Checks a rendered letter's lines from the PDF itself (pdftotext -bbox-layout):

  * justified lines end flush with the measure (within 0.5 pt; a line ending in a CJK
    closing mark may end up to half an em further, where its blank half was taken away, and
    one ending in punctuation a little further, where it hangs into the margin);
  * no line of CJK text starts with a mark that may not start a line, or ends with one that
    may not end it;
  * no page ends with the first line of a paragraph, and none starts with its last line.

usage: check_lines.py LETTER.pdf [QUOTE_INDENT_PT]"""
import re
import unicodedata
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"
NO_START = set("。，、：；？！」』）》〉】〕〗〙〛々ゝゞ”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー")
NO_END = set("「『（《〈【〔〖〘〚“‘")
CLOSING = set("。，、：；」』）》〉】〕”’．")
HANGING = set(".,:;!?’”'\"-\u2010\u2013\u2014")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def lines_of(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter(NS + "page"):
        width = float(page.get("width"))
        blocks = []
        for block in page.iter(NS + "block"):
            ls = []
            for line in block.iter(NS + "line"):
                words = [w.text or "" for w in line.iter(NS + "word")]
                ls.append({"x0": float(line.get("xMin")), "x1": float(line.get("xMax")),
                           "y0": float(line.get("yMin")), "y1": float(line.get("yMax")),
                           "text": " ".join(words)})
            blocks.append(ls)
        pages.append((width, blocks))
    return pages


def main():
    pdf = sys.argv[1]
    quote = float(sys.argv[2]) if len(sys.argv) > 2 else 28.35
    errors = []
    pages = lines_of(pdf)
    flush_end = []   # per page: (first body line, last body line, whether each is flush)
    for pno, (width, blocks) in enumerate(pages, 1):
        all_lines = [l for b in blocks for l in b]
        if not all_lines:
            continue
        # The measure's right edge: where the longest line not ending in punctuation ends. A
        # line ending in punctuation may hang past it (character protrusion), by at most 0.7
        # of a 12 pt mark.
        plain = [l["x1"] for l in all_lines if l["text"] and l["text"][-1] not in HANGING | CLOSING]
        right = max(plain or [l["x1"] for l in all_lines])
        edges = [right, right - quote]

        def flush(l):
            t = l["text"]
            return any(abs(l["x1"] - e) <= 0.5 or (t and t[-1] in CLOSING and -0.5 <= l["x1"] - e <= 6.5)
                       or (t and t[-1] in HANGING and -0.5 <= l["x1"] - e <= 8.4) for e in edges)

        for b in blocks:
            for i, l in enumerate(b):
                t = l["text"]
                if CJK.search(t):
                    if i > 0 and t[0] in NO_START:
                        errors.append(f"page {pno}: a line starts with {t[0]}: {t[:30]}")
                    if i + 1 < len(b) and t[-1] in NO_END:
                        errors.append(f"page {pno}: a line ends with {t[-1]}: {t[-30:]}")
                # A line of a justified paragraph that misses the measure by a little is a
                # justification error; far short is a last line or ragged text.
                # A hyphen a break added is drawn but extracts as nothing, so such a line
                # looks a hyphen's width short: a letter, then a lowercase continuation (or,
                # in a script without case, a letter or a vowel sign, then a letter).
                nxt = b[i + 1]["text"][:1] if i + 1 < len(b) else ""
                uncased = t[-1:] and nxt and t[-1:].lower() == t[-1:].upper() and nxt.lower() == nxt.upper()
                wordish = lambda ch: unicodedata.category(ch)[0] in "LM"
                hyphenated = (t[-1:].isalpha() and nxt.islower()) or (
                    uncased and wordish(t[-1]) and wordish(nxt))
                if i + 1 < len(b) and not flush(l) and not hyphenated:
                    for e in edges:
                        if 0.5 < e - l["x1"] <= 4.0 and abs(b[i + 1]["y0"] - l["y1"]) < 12:
                            errors.append(f"page {pno}: line not flush ({e - l['x1']:.2f} pt short): {t[:40]}")
        # Body lines in reading order, without the running header of pages after the first.
        body = sorted(all_lines, key=lambda l: l["y0"])
        flush_end.append((body, [flush(l) for l in body]))

    def lead_of(body):
        """The most common distance between consecutive lines: the paragraph's leading."""
        gaps = [round(b["y0"] - a["y0"], 1) for a, b in zip(body, body[1:]) if b["y0"] - a["y0"] > 5]
        return max(set(gaps), key=gaps.count) if gaps else 99

    # Widows and orphans across page breaks.
    for k in range(len(flush_end) - 1):
        body, fl = flush_end[k]
        nbody, nfl = flush_end[k + 1]
        if not body or len(nbody) < 2:
            continue
        last, before = body[-1], body[-2] if len(body) > 1 else None
        # The paragraph goes on over the page break when its last line here is flush.
        if not fl[-1]:
            continue
        lead = lead_of(body)
        # Orphan: that flush line is alone, the line above it belongs to something else.
        if before is None or last["y0"] - before["y0"] > 1.25 * lead:
            errors.append(f"page {k + 1} ends with the first line of a paragraph: {last['text'][:40]}")
        # Widow: the next page's first body line (after the header and its rule) ends the
        # paragraph and stands alone.
        # (The running header is set smaller than the text.)
        heights = sorted(l["y1"] - l["y0"] for l in nbody)
        median = heights[len(heights) // 2]
        first = [l for l in nbody if l["y1"] - l["y0"] >= 0.85 * median]
        if len(first) >= 2:
            a, b = first[0], first[1]
            gap = b["y0"] - a["y0"]
            if not any(abs(a["x1"] - e) <= 0.5 for e in [max(l["x1"] for l in nbody)]) and gap > 1.25 * lead_of(first):
                errors.append(f"page {k + 2} starts with the last line of a paragraph: {a['text'][:40]}")
    for e in errors:
        print(e, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
