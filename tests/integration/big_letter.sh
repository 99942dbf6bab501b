#!/usr/bin/env bash
# A letter with 2 MiB of body text still renders, and its lines still follow the rules.
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
echo "ok: $pages pages, $(wc -l < "$out/warnings.txt") warnings"
