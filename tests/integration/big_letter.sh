#!/usr/bin/env bash
# A letter with 2 MiB of body text still renders, its lines still follow the rules, its word
# spaces are as even as the examples' (p90/p10 of the lines' mean gaps at most 1.25), and
# every loose line it has is warned of with why.
# usage: big_letter.sh EPISTLE BENCH_RENDER PYTHON OUTDIR
set -euo pipefail
epistle=$1 gen=$2 python=$3 out=$4
mkdir -p "$out"
"$gen" --generate 2097152 "$out/big.md"
"$epistle" render "$out/big.md" -o "$out/big.pdf" 2> "$out/warnings.txt"
qpdf --check "$out/big.pdf" > /dev/null
pages=$(pdfinfo "$out/big.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -gt 500 ] || { echo "FAIL: only $pages pages" >&2; exit 1; }
"$python" "$(dirname "$0")/check_lines.py" "$out/big.pdf"
"$python" "$(dirname "$0")/../../scripts/evenness.py" --max 1.25 "$out/big.pdf" || { echo "FAIL: word spaces uneven" >&2; exit 1; }
others=$(grep ": warning: " "$out/warnings.txt" | grep -v -E ': warning: (loose|underfull) line \(badness [0-9]+, above (200|1000)\) (before|in) .*: (the next word does not fit|it holds part of a word)' | grep -v '… and [0-9]* more like it' || true)
if [ -n "$others" ]; then
  echo "FAIL: a warning other than a loose line's, or one without its reason:" >&2
  grep ": warning: " "$out/warnings.txt" | head -3 >&2
  exit 1
fi
echo "ok: $pages pages, $(wc -l < "$out/warnings.txt") warnings"
