#!/usr/bin/env bash
# One kept fuzzer input gives the outcome it was kept for (tests/fuzz/regressions/expected.tsv):
# rendered, a PDF qpdf accepts with the pages named; refused, exit 1 with the diagnostic code
# named and no output file. Any other exit (a crash, a sanitizer's 86) fails.
# usage: fuzz_regression.sh EPISTLE INPUT EXIT CODE PAGES OUTDIR
set -uo pipefail
epistle=$1 input=$2 want_exit=$3 want_code=$4 want_pages=$5 out=$6
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $(basename "$input"): $*" >&2; exit 1; }
"$epistle" render "$input" -o "$out/out.pdf" --json 2>"$out/err.jsonl"
rc=$?
[ "$rc" = "$want_exit" ] || fail "exit $rc, expected $want_exit: $(head -c 600 "$out/err.jsonl")"
if [ "$want_code" = - ]; then
    errors=$(grep -c '"severity":"error"' "$out/err.jsonl")
    [ "$errors" = 0 ] || fail "errors reported: $(cat "$out/err.jsonl")"
    qpdf --check "$out/out.pdf" >/dev/null 2>&1 || fail "qpdf --check fails on the PDF"
    pages=$(pdfinfo "$out/out.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    [ -n "$pages" ] && [ "$pages" -ge "$want_pages" ] || fail "pages: '$pages', expected at least $want_pages"
else
    codes=$(grep '"severity":"error"' "$out/err.jsonl" | sed 's/.*"code":"\([^"]*\)".*/\1/' | sort -u | tr '\n' ' ')
    [ "$codes" = "$want_code " ] || fail "refused with '$codes', expected '$want_code'"
    [ ! -e "$out/out.pdf" ] || fail "a refused input left an output file"
fi
echo ok
