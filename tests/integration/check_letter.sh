#!/usr/bin/env bash
# Renders letters and checks the PDF with real tools:
#   qpdf --check, the header's version, object streams, pdffonts (embedded, subset,
#   ToUnicode), pdftotext (every string comes back), pdfinfo (page count, each part on a page
#   of its own), byte-identical reruns,
#   tagging (check_tags.py), each part's language (part_langs.py), and that poppler, MuPDF and Ghostscript put ink in the same
#   places.
# usage: check_letter.sh EPISTLE INKCMP PYTHON OUTDIR LETTER.md [MORE.md ...]
set -euo pipefail
epistle=$1 inkcmp=$2 python=$3 out=$4
shift 4
mkdir -p "$out"
pdf="$out/letter.pdf"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$epistle" render "$@" -o "$pdf"
qpdf --check "$pdf" >/dev/null || fail "qpdf --check"
# The header states the version the file's features need (/ActualText in marked content is
# PDF 1.5; PDF/A-2 and PDF/UA-1 are built on 1.7), and pdfinfo reads the same.
[ "$(head -c 9 "$pdf")" = "%PDF-1.7" ] || fail "header $(head -c 9 "$pdf"), not %PDF-1.7"
grep -qE '^PDF version: +1\.7$' <<<"$(pdfinfo "$pdf")" || fail "pdfinfo: $(pdfinfo "$pdf" | grep 'PDF version')"
# The small objects (structure tree, annotations, dictionaries) are packed in object streams,
# indexed by a cross-reference stream (PDF 1.5), as qpdf reads the file.
xref=$(qpdf --show-xref "$pdf")
grep -q "compressed; stream = " <<<"$xref" || fail "no object in an object stream"
tail -c 1200 "$pdf" | grep -aq "/Type /XRef" || fail "the last cross-reference section is not a stream"

# Tagged: structure, marked content, parent tree, artifacts.
pdfinfo "$pdf" | grep -E '^Tagged: +yes' >/dev/null || fail "pdfinfo: not tagged"
"$python" "$(dirname "$0")/check_tags.py" "$pdf" >/dev/null || fail "tagging"
# Each part tagged with the language its front matter gives (read from the sources).
langs=$("$python" "$(dirname "$0")/part_langs.py" "$pdf" "$@") || fail "part languages: $langs"

# Every font embedded, subset and with a ToUnicode map.
pdffonts "$pdf" | tail -n +3 > "$out/fonts.txt"
[ -s "$out/fonts.txt" ] || fail "no fonts"
while read -r line; do
    read -r emb sub uni <<<"$(awk '{print $(NF-4), $(NF-3), $(NF-2)}' <<<"$line")"
    [ "$emb $sub $uni" = "yes yes yes" ] || fail "font not embedded/subset/mapped: $line"
    grep -qE '^[A-Z]{6}\+' <<<"$line" || fail "font without subset tag: $line"
done < "$out/fonts.txt"

# Text comes back: each expected string, whitespace ignored, in its part's pages.
"$python" "$(dirname "$0")/letter_text.py" "$@" > "$out/expected.txt"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
pdftotext -enc UTF-8 "$pdf" "$out/all.txt"
parts=$(grep -c $'^PART\t' "$out/expected.txt")
[ "$pages" -ge "$parts" ] || fail "$parts parts on $pages pages"
"$python" - "$out/expected.txt" "$pdf" <<'PY' || fail "text check"
import subprocess, sys, re
expected = open(sys.argv[1], encoding="utf-8").read().split("\n")
pdf = sys.argv[2]
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
texts = [subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(p), "-l", str(p), pdf, "-"],
                        capture_output=True, text=True).stdout for p in range(1, pages + 1)]
# White space does not count, nor the directional marks poppler wraps right-to-left words in
# (the letters themselves must come in logical order).
squash = lambda s: re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", s)
flat = [squash(t) for t in texts]
# Each string comes back somewhere in the letter (a paragraph may run over a page break).
joined = "".join(flat)
parts, bad = [], 0
for line in expected:
    if line.startswith("PART\t"):
        parts.append([])
    elif line.strip():
        want = squash(line)
        if want not in joined:
            print(f"missing: {line[:80]}", file=sys.stderr)
            bad += 1
        parts[-1].append(want)
# Each part starts on a page of its own: the page where a part's first body paragraph is
# holds nothing of the previous part's body (the last string of a part is from its body).
first_page = []
for strings in parts:
    first = strings[-1] if strings else ""
    for s in strings:
        if any(s in t for t in flat) and sum(s in t for t in flat) == 1:
            first = s
            break
    first_page.append(next((i for i, t in enumerate(flat) if first in t), -1))
for k in range(1, len(parts)):
    if first_page[k] <= first_page[k - 1]:
        print(f"part {k + 1} does not start after part {k}: pages {first_page}", file=sys.stderr)
        bad += 1
    prev_last = parts[k - 1][-1] if parts[k - 1] else ""
    if prev_last and any(prev_last in flat[p] for p in range(first_page[k], len(flat))):
        print(f"part {k}'s text runs onto part {k + 1}'s pages", file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PY

# Lines: justified lines flush, CJK line-start and line-end rules, no widows or orphans.
"$python" "$(dirname "$0")/check_lines.py" "$pdf" || fail "line checks"

# Determinism: the same input gives the same bytes.
"$epistle" render "$@" -o "$out/again.pdf"
cmp -s "$pdf" "$out/again.pdf" || fail "output differs between two runs"

# Three renderers agree on where the ink is. Annotations are flattened first: MuPDF draws
# its own "sign here" marker on empty signature fields, which is viewer furniture, not ink.
qpdf --flatten-annotations=all "$pdf" "$out/flat.pdf"
pdf="$out/flat.pdf"
for p in $(seq 1 "$pages"); do
    pdftoppm -gray -r 40 -f "$p" -l "$p" "$pdf" > "$out/poppler-$p.pgm"
    mutool draw -q -r 40 -c gray -o "$out/mupdf-$p.pgm" "$pdf" "$p" 2>/dev/null
    gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pgmraw -r40 -dFirstPage="$p" -dLastPage="$p" \
       -sOutputFile="$out/gs-$p.pgm" "$pdf"
    "$inkcmp" "$out/poppler-$p.pgm" "$out/mupdf-$p.pgm" || fail "page $p: poppler and MuPDF disagree"
    "$inkcmp" "$out/poppler-$p.pgm" "$out/gs-$p.pgm" || fail "page $p: poppler and Ghostscript disagree"
done
echo "ok: $pages pages, $(wc -l < "$out/fonts.txt") fonts"
