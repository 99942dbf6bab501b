#!/usr/bin/env bash
# Properties a user would notice, each checked against an oracle that is not the program:
# the merged file names spelled out here; characters outside the BMP read back by pdftotext;
# the previous PDF byte for byte after a write that the file-size limit stops.
# usage: oracles.sh EPISTLE SOURCE_DIR OUTDIR
set -uo pipefail
epistle=$1 src=$2 out=$3
rm -rf "$out"; mkdir -p "$out"; cd "$out" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

# Output names from values with '/' and '..': every file inside out/, named as listed.
printf 'id,name,address,salutation\n/etc/passwd,A,B,C\n../up,A,B,C\na/b,A,B,C\nplain,A,B,C\n' > names.csv
"$epistle" merge -q "$src/examples/merge/template.md" names.csv -o 'out/{{id}}.pdf' || fail "merge"
got=$(find . -name '*.pdf' | sort | tr '\n' ' ')
[ "$got" = "./out/_etc_passwd.pdf ./out/_up.pdf ./out/a_b.pdf ./out/plain.pdf " ] || fail "merged names: $got"

# Characters outside the Basic Multilingual Plane (CJK Extension B) come back as themselves.
printf -- '---\nlang: ja\ndate: 2026-03-15\n---\n\n𠮷野家の𩸽定食と、𠀋。\n' > astral.md
"$epistle" render -q astral.md -o astral.pdf || fail "render astral.md"
grep -qx "𠮷野家の𩸽定食と、𠀋。" <<<"$(pdftotext astral.pdf -)" || fail "non-BMP text: $(pdftotext astral.pdf - | head -3)"

# A write stopped by the file-size limit (SIGXFSZ ignored, so write() fails with EFBIG)
# leaves the PDF that was there byte for byte, and no temporary file beside it. The PDF there
# is another letter's, so that a write over it in place would show.
"$epistle" render -q "$src/examples/din5008/letter.md" -o letter.pdf || fail "render"
cp letter.pdf before.pdf
ls -A > files.before
(trap '' XFSZ; ulimit -f 16; exec "$epistle" render -q "$src/examples/open-letter/letter.md" -o letter.pdf) 2> limit.err
rc=$?
[ $rc -eq 3 ] || fail "a write over the size limit: exit $rc, $(cat limit.err)"
cmp -s letter.pdf before.pdf || fail "the previous PDF changed"
ls -A | grep -v '^limit.err$' | diff - files.before >/dev/null || fail "files left: $(ls -A)"
echo ok
