#!/usr/bin/env bash
# The merge example: every record renders, each PDF passes qpdf, has its fonts embedded and
# is tagged right; so is the combined PDF of all letters.
set -euo pipefail
epistle=$1 dir=$2 out=$3
rm -rf "$out"
"$epistle" merge "$dir/template.md" "$dir/people.csv" -o "$out/{{id}}.pdf" --report "$out/report.json"
n=0
for f in "$out"/*.pdf; do
    qpdf --check "$f" > /dev/null
    python3 "$(dirname "$0")/check_tags.py" "$f" > /dev/null
    pdffonts "$f" | tail -n +3 | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") exit 1 }'
    n=$((n + 1))
done
[ "$n" -eq "$(grep -c '"status": "ok"' "$out/report.json")" ]
"$epistle" merge "$dir/template.md" "$dir/people.csv" --combine "$out/all.pdf"
python3 "$(dirname "$0")/check_tags.py" "$out/all.pdf"
# Each letter is a section of its own in the combined structure.
[ "$(pdfinfo -struct-text "$out/all.pdf" | grep -c '^  Sect')" -eq "$n" ]
echo "ok: $n letters"
