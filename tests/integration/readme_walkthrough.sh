#!/usr/bin/env bash
# The README's five-minute walkthrough works as written: every shell block after a
# "<!-- run -->" line is run, in order, in a fresh folder that has the repository's examples
# and this build's epistle where the README says they are; then what it promised exists.
# usage: readme_walkthrough.sh EPISTLE SOURCE_DIR OUTDIR
set -uo pipefail
epistle=$1 src=$(cd "$2" && pwd) out=$3
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
awk '/^<!-- run -->$/ { want = 1; next }
     want && /^```sh$/ { on = 1; next }
     on && /^```$/ { on = 0; want = 0; print ""; next }
     on { print }' "$src/README.md" > "$out/walkthrough.sh"
[ "$(grep -c . "$out/walkthrough.sh")" -ge 8 ] || fail "the README has no walkthrough blocks"
grep -q "epistle new" "$out/walkthrough.sh" && grep -q "epistle sign" "$out/walkthrough.sh" &&
    grep -q "epistle merge" "$out/walkthrough.sh" || fail "the walkthrough lacks new, sign or merge"
mkdir -p "$out/try"
ln -s "$src/examples" "$out/try/examples"
ln -s "$(cd "$(dirname "$epistle")" && pwd)" "$out/try/build"
(cd "$out/try" && env -u NO_COLOR bash -euo pipefail "$out/walkthrough.sh") > "$out/log" 2>&1 ||
    fail "the walkthrough failed: $(tail -5 "$out/log")"
t="$out/try"
qpdf --check "$t/letter.pdf" >/dev/null || fail "letter.pdf"
"$epistle" verify "$t/signed.pdf" | grep "Alex Example: intact" >/dev/null || fail "signed.pdf is not signed by Alex Example"
records=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding='utf-8'))))" \
          "$src/examples/merge/people.csv")
[ "$(ls "$t/out" | grep -c '\.pdf$')" -eq "$records" ] || fail "out/ has $(ls "$t/out" | wc -l) PDFs, not $records"
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if all(e['status']=='ok' for e in r) else 1)" \
    "$t/report.json" || fail "report.json"
echo ok
