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
# The records, counted by Python's CSV reader (not by epistle): one PDF each, named by its id,
# each with that record's name in it, and the report agrees.
ids=$(python3 -c 'import csv, sys; print(" ".join(r["id"] for r in csv.DictReader(open(sys.argv[1], newline=""))))' "$dir/people.csv")
records=$(wc -w <<<"$ids")
[ "$records" -gt 0 ] && [ "$n" -eq "$records" ] || { echo "FAIL: $n PDFs for $records records" >&2; exit 1; }
for id in $ids; do
    [ -s "$out/$id.pdf" ] || { echo "FAIL: no $id.pdf" >&2; exit 1; }
done
python3 - "$dir/people.csv" "$out" <<'PY'
import csv, subprocess, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    text = subprocess.run(["pdftotext", "%s/%s.pdf" % (sys.argv[2], r["id"]), "-"], capture_output=True, text=True).stdout
    if r["name"] not in " ".join(text.split()):
        sys.exit("FAIL: %s.pdf does not hold %r" % (r["id"], r["name"]))
PY
[ "$records" -eq "$(grep -c '"status": "ok"' "$out/report.json")" ]
"$epistle" merge "$dir/template.md" "$dir/people.csv" --combine "$out/all.pdf"
python3 "$(dirname "$0")/check_tags.py" "$out/all.pdf"
# Each letter is a section of its own in the combined structure.
[ "$(pdfinfo -struct-text "$out/all.pdf" | grep -c '^  Sect')" -eq "$records" ]
echo "ok: $n letters"
