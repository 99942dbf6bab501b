#!/usr/bin/env bash
# --pdfua: the PDF/UA-1 declaration (XMP pdfuaid:part, /DisplayDocTitle, a title) on a
# tagged PDF, alone and with --pdfa, for render and merge; without the flag, no claim.
# usage: pdfua.sh EPISTLE EXAMPLES_DIR OUTDIR
set -uo pipefail
epistle=$1 examples=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"; cd "$out" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
tags() { python3 "$here/check_tags.py" "$@" >/dev/null || fail "check_tags $*"; }

"$epistle" render "$examples/open-letter/letter.md" --pdfua -o ua.pdf || fail "render --pdfua"
tags ua.pdf --pdfua
pdfinfo ua.pdf | grep "^Title: *Re: The Coastal Defence Bill" >/dev/null || fail "title is not the subject"

SOURCE_DATE_EPOCH=1700000000 "$epistle" render "$examples/open-letter/letter.md" --pdfua --pdfa -o uaa.pdf \
    || fail "render --pdfua --pdfa"
tags uaa.pdf --pdfua
python3 "$here/check_pdfa.py" uaa.pdf || fail "PDF/A checks with --pdfua"
# PDF/A knows pdfuaid only through a declared extension schema.
grep -aq "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" uaa.pdf || fail "no extension schema for pdfuaid"

# No claim without the flag.
"$epistle" render "$examples/open-letter/letter.md" -o plain.pdf || fail "render"
tags plain.pdf
grep -aq "pdfuaid" plain.pdf && fail "pdfuaid without --pdfua"

# A letter without a subject still gets a title: whom it is to.
cat > nosubject.md <<'MD'
---
lang: en-GB
to:
  name: Ms Ada Byron
signatories:
  - name: C. Babbage
---

A short letter.
MD
"$epistle" render nosubject.md --pdfua -o nosubject.pdf || fail "render without subject"
tags nosubject.pdf --pdfua
pdfinfo nosubject.pdf | grep "^Title: *Letter to Ms Ada Byron" >/dev/null || fail "no title without a subject"

# Merge: each letter and the combined file.
"$epistle" merge "$examples/merge/template.md" "$examples/merge/people.csv" --pdfua -o "merged/{{id}}.pdf" \
    || fail "merge --pdfua"
for f in merged/*.pdf; do tags "$f" --pdfua; done
"$epistle" merge "$examples/merge/template.md" "$examples/merge/people.csv" --pdfua --combine all.pdf \
    || fail "merge --combine --pdfua"
tags all.pdf --pdfua
echo ok
