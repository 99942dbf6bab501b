#!/usr/bin/env bash
# epistle merge: data formats, values that try to change the letter, unsafe output names,
# duplicates, missing fields, shards, determinism across threads, --combine and --report.
# usage: merge_behaviour.sh EPISTLE PYTHON DATA_DIR OUTDIR
set -uo pipefail
epistle=$1 python=$2 dir=$3 out=$4
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
text() { pdftotext -raw "$1" - | tr -d '\n' | tr -s ' '; }

# CSV (BOM, quoted commas, doubled quotes, newlines in fields, CJK) renders every record.
"$epistle" merge "$dir/template.md" "$dir/people.csv" -o "$out/csv/{{id}}.pdf" -j 2 --report "$out/report.json" \
    || fail "csv merge"
for id in a1 a2 a3 a4; do [ -s "$out/csv/$id.pdf" ] || fail "no output for $id"; done
t=$(text "$out/csv/a1.pdf"); grep -q "Dear Berg, Tomas," <<<"$t" || fail "a1: $t"
# (The doubled quotes come back as the quotation marks of the letter's language.)
t=$(text "$out/csv/a2.pdf"); grep -q 'Dear Ana “Nan” Ruiz,' <<<"$t" || fail "a2: $t"
t=$(text "$out/csv/a3.pdf"); grep -q "龜山島" <<<"$t" || fail "a3: CJK value missing"
# A value with a newline in an address field becomes separate lines.
pdftotext -raw "$out/csv/a1.pdf" - | grep -x "1 Pier Road" >/dev/null || fail "address not split into lines"
# Values that look like YAML or Markdown appear literally and change nothing.
t=$(text "$out/csv/a4.pdf")
# (Their --- is typeset as the dash it stands for, as everywhere in a letter.)
for s in 'Dear *not bold* {{id}} —,' 'key: value' '- list: [x]' '`code` # heading'; do
    grep -qF -- "$s" <<<"$t" || fail "a4: '$s' not literal in: $t"
done
[ "$(pdfinfo "$out/csv/a4.pdf" | awk '/^Pages:/ {print $2}')" = "$(pdfinfo "$out/csv/a1.pdf" | awk '/^Pages:/ {print $2}')" ] \
    || fail "a4 changed the letter's structure"
"$python" - "$out/report.json" <<'PY' || fail "report"
import json, sys
r = json.load(open(sys.argv[1]))
assert [e["record"] for e in r] == [1, 2, 3, 4], r
assert all(e["status"] == "ok" and e["pages"] >= 1 and e["bytes"] > 1000 for e in r), r
assert r[0]["output"].endswith("/csv/a1.pdf"), r[0]
PY

# JSON and JSON Lines give the same letters, byte for byte.
"$epistle" merge "$dir/template.md" "$dir/people.json" -o "$out/json/{{id}}.pdf" || fail "json merge"
"$epistle" merge "$dir/template.md" "$dir/people.jsonl" -o "$out/jsonl/{{id}}.pdf" || fail "jsonl merge"
diff -r "$out/csv" "$out/json" >/dev/null || fail "json output differs from csv"
diff -r "$out/csv" "$out/jsonl" >/dev/null || fail "jsonl output differs from csv"
# --format overrides the extension.
cp "$dir/people.jsonl" "$out/data.txt"
"$epistle" merge "$dir/template.md" "$out/data.txt" --format jsonl -o "$out/fmt/{{id}}.pdf" || fail "--format"

# The same records give the same bytes with one thread or two.
"$epistle" merge "$dir/template.md" "$dir/people.csv" -o "$out/j1/{{id}}.pdf" -j 1 || fail "-j 1"
diff -r "$out/csv" "$out/j1" >/dev/null || fail "-j 1 and -j 2 differ"

# Names that try to leave the output folder or hide stay inside, visible, and bounded.
long=$(printf 'x%.0s' $(seq 1 300))
printf 'id,name,address,island\n"../../escape",A,B,C\n"/etc/passwd",A,B,C\n".hidden",A,B,C\n"a\\b",A,B,C\n"%s",A,B,C\n' "$long" \
    > "$out/evil.csv"
"$epistle" merge "$dir/template.md" "$out/evil.csv" -o "$out/evil/{{id}}.pdf" || fail "evil names"
[ ! -e "$out/escape.pdf" ] && [ ! -e "$out/../escape.pdf" ] || fail "a name escaped the folder"
n=$(ls -A "$out/evil" | wc -l); [ "$n" -eq 5 ] || fail "expected 5 files, got $n: $(ls -A "$out/evil")"
ls -A "$out/evil" | grep '^\.' >/dev/null && fail "a hidden file was written"
ls -A "$out/evil" | grep -F '..' >/dev/null && fail "a name kept '..'"
for f in "$out"/evil/*; do [ ${#f} -lt $(( ${#out} + 120 )) ] || fail "name too long: $f"; done

# Two records naming the same file: an error before anything is written.
printf 'id,name,address,island\nsame,A,B,C\nother,A,B,C\nsame,A,B,C\n' > "$out/dup.csv"
msg=$("$epistle" merge "$dir/template.md" "$out/dup.csv" -o "$out/dup/{{id}}.pdf" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "duplicates: exit $rc"
grep -q "records 1 and 3 would both write" <<<"$msg" || fail "duplicates: $msg"
[ ! -e "$out/dup" ] || fail "duplicates: something was written"
"$epistle" merge "$dir/template.md" "$out/dup.csv" -o "$out/dup/{{id}}.pdf" --overwrite || fail "--overwrite"
# Names that differ by case or by Unicode normalisation are one file on Windows and macOS:
# collisions too, each group reported once; bidi controls leave names.
printf 'id,name,address,island\nMaria,A,B,C\nmaria,A,B,C\nMARIA,A,B,C\nJose\xcc\x81,A,B,C\nJos\xc3\xa9,A,B,C\n' > "$out/fold.csv"
msg=$("$epistle" merge "$dir/template.md" "$out/fold.csv" -o "$out/fold/{{id}}.pdf" 2>&1); rc=$?
[ $rc -eq 1 ] && [ ! -e "$out/fold" ] || fail "folded duplicates: exit $rc"
[ "$(grep -c 'one file where names are folded' <<<"$msg")" -eq 2 ] || fail "folded duplicates: $msg"
grep -q "records 1, 2 and 3 would write" <<<"$msg" || fail "a group of three: $msg"
printf 'id,name,address,island\nx\xe2\x80\xaegpj.exe,A,B,C\n' > "$out/bidi.csv"
"$epistle" merge "$dir/template.md" "$out/bidi.csv" -o "$out/bidi/{{id}}.pdf" || fail "merge with a bidi control"
[ -e "$out/bidi/xgpj.exe.pdf" ] || fail "bidi control kept in a name: $(ls "$out/bidi")"

# A missing field fails that record only, with its number and the field's name.
printf 'id,name,address\nok1,A,B\n' > "$out/missing.csv"
printf '{"id":"m1","name":"A","address":"B","island":"C"}\n{"id":"m2","name":"B","address":"C"}\n' > "$out/missing.jsonl"
msg=$("$epistle" merge "$dir/template.md" "$out/missing.jsonl" -o "$out/missing/{{id}}.pdf" --report "$out/missing.json" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "missing field: exit $rc"
grep -q "record 2: missing field 'island'" <<<"$msg" || fail "missing field: $msg"
[ -s "$out/missing/m1.pdf" ] && [ ! -e "$out/missing/m2.pdf" ] || fail "missing field: wrong outputs"
grep -q '"status": "error"' "$out/missing.json" || fail "missing field: report"

# Shards: every record exactly once over 1/3, 2/3 and 3/3.
"$python" -c "
import csv, sys
w = csv.writer(open('$out/ten.csv', 'w', newline=''))
w.writerow(['id', 'name', 'address', 'island'])
for i in range(10): w.writerow([f'r{i}', f'Name {i}', 'Somewhere', 'Holm'])
"
for k in 1 2 3; do "$epistle" merge "$dir/template.md" "$out/ten.csv" -o "$out/shards/{{id}}.pdf" --shard "$k/3" \
    --report "$out/shard$k.json" || fail "shard $k"; done
"$python" - "$out" <<'PY' || fail "shards do not cover every record exactly once"
import json, sys
seen = []
for k in (1, 2, 3):
    seen += [e["record"] for e in json.load(open(f"{sys.argv[1]}/shard{k}.json"))]
assert sorted(seen) == list(range(1, 11)), seen
PY
[ "$(ls "$out/shards" | wc -l)" -eq 10 ] || fail "shards: files"
"$epistle" merge "$dir/template.md" "$out/ten.csv" -o x --shard 4/3 2>/dev/null; [ $? -eq 2 ] || fail "--shard 4/3 should exit 2"

# --combine: one PDF, a page range and a bookmark per letter.
"$epistle" merge "$dir/template.md" "$dir/people.csv" --combine "$out/all.pdf" || fail "combine"
qpdf --check "$out/all.pdf" >/dev/null || fail "combine: qpdf"
marks=$(mutool show "$out/all.pdf" outline | grep -c .)
[ "$marks" -eq 4 ] || fail "combine: $marks bookmarks"
[ "$(pdfinfo "$out/all.pdf" | awk '/^Pages:/ {print $2}')" -ge 4 ] || fail "combine: pages"
# Each bookmark opens its own letter: the bookmarks name pages in order, one letter each, the
# first on page 1, and each names a page that shows the recipient the bookmark names.
"$python" - "$out/all.pdf" <<'PY' || fail "combine: bookmarks"
import json, re, subprocess, sys
pdf = sys.argv[1]
marks = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", pdf], capture_output=True,
                                  check=True).stdout)["outlines"]
pages = [m["destpageposfrom1"] for m in marks]
assert pages == sorted(set(pages)) and pages[0] == 1, pages
def text(p):
    return subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), "-raw", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
for m, p in zip(marks, pages):
    who = re.sub(r"^\d+\. ", "", m["title"]).split(",")[0].split(" ")[-1]
    assert who in text(p), (m["title"], p, text(p)[:300])
PY
# A letter that fails leaves no combined PDF (it would look whole without it), exit 1.
printf -- '---\nlang: en\nto:\n  name: "{{name}}"\n---\nDear {{nickname}}.\n' > "$out/needs.md"
printf 'id,name,nickname\n1,A,Al\n2,B,\n' > "$out/needs.csv"
sed -i '3s/,$//' "$out/needs.csv"
"$epistle" merge "$out/needs.md" "$out/needs.csv" --combine "$out/partial.pdf" 2> "$out/partial.err"; rc=$?
[ $rc -eq 1 ] && [ ! -e "$out/partial.pdf" ] || fail "combine with a failed letter: exit $rc, $(ls "$out" | grep -c partial.pdf) PDF"
grep -q "partial.pdf: error: not written: 1 of 2 letters failed" "$out/partial.err" || fail "combine: $(cat "$out/partial.err")"
# --keep-going writes the letters that succeeded after a first page that names the missing
# records, and still exits 1.
"$epistle" merge "$out/needs.md" "$out/needs.csv" --combine "$out/kept.pdf" --keep-going 2> "$out/kept.err"; rc=$?
[ $rc -eq 1 ] && [ -s "$out/kept.pdf" ] || fail "--keep-going: exit $rc"
[ "$(pdfinfo "$out/kept.pdf" | awk '/^Pages:/ {print $2}')" -eq 2 ] || fail "--keep-going: pages"
grep -q "1 of 2 letters are missing.*not in it: 2\." <<<"$(pdftotext -f 1 -l 1 "$out/kept.pdf" - | tr '\n' ' ')" \
    || fail "--keep-going: first page: $(pdftotext -f 1 -l 1 "$out/kept.pdf" -)"
grep -q "Dear Al" <<<"$(pdftotext -f 2 -l 2 "$out/kept.pdf" -)" || fail "--keep-going: the letter that succeeded"
# No output of a merge may be one of its inputs: the template, the data, by any name.
cp "$dir/template.md" "$out/t.md"; cp "$dir/people.csv" "$out/p.csv"
ln -sf t.md "$out/t-link.pdf"; ln -sf p.csv "$out/p-link.pdf"
"$epistle" merge "$out/t.md" "$out/p.csv" -o "$out/t.md" 2> "$out/self.err"; rc=$?
[ $rc -eq 2 ] && grep -q "is not named .pdf" "$out/self.err" || fail "merge -o t.md: exit $rc"
for args in "--combine $out/p-link.pdf" "--combine $out/t-link.pdf" "-o $out/t-link.pdf" "-o $out/p-link.pdf --overwrite" "-o $out/x-{{id}}.pdf --report $out/t.md"; do
    # shellcheck disable=SC2086
    "$epistle" merge "$out/t.md" "$out/p.csv" $args 2> "$out/self.err"; rc=$?
    [ $rc -eq 2 ] && grep -q "would overwrite the input" "$out/self.err" || fail "merge $args: exit $rc"
done
cmp -s "$out/t.md" "$dir/template.md" && cmp -s "$out/p.csv" "$dir/people.csv" || fail "a merge input was overwritten"
# Field names as spreadsheets write them: spaces, any script; {{}} names nothing.
printf -- '---\nlang: en\nto:\n  name: "{{first name}}"\n---\nHi {{名前}} and {{ first name }}.\n' > "$out/names.md"
printf 'id,first name,名前\n1,Ann,花子\n' > "$out/names.csv"
"$epistle" merge "$out/names.md" "$out/names.csv" -o "$out/names/{{id}}.pdf" || fail "field names with spaces"
grep -q "Hi 花子 and Ann." <<<"$(text "$out/names/1.pdf")" || fail "field names: $(text "$out/names/1.pdf")"
printf -- '---\nlang: en\n---\nHi {{}}.\n' > "$out/empty-name.md"
"$epistle" merge "$out/empty-name.md" "$out/names.csv" -o "$out/names/e{{id}}.pdf" 2> "$out/empty-name.err"; rc=$?
[ $rc -eq 1 ] && grep -q "empty-name.md:4:1: error: record 1: '{{}}' names no field" "$out/empty-name.err" \
    || fail "{{}}: exit $rc, $(cat "$out/empty-name.err")"
# A report's folder is made as the letters' are; one that cannot be (a file stands in the
# way) stops the merge before its first letter.
"$epistle" merge "$out/names.md" "$out/names.csv" -o "$out/early/{{id}}.pdf" --report "$out/new/folder/r.json" \
    && [ -s "$out/new/folder/r.json" ] || fail "report into a new folder"
"$epistle" merge "$out/names.md" "$out/names.csv" -o "$out/early2/{{id}}.pdf" --report "$out/names.csv/r.json" 2> "$out/early.err"; rc=$?
[ $rc -eq 3 ] && [ ! -e "$out/early2" ] && grep -q "names.csv/r.json: error: cannot write: Not a directory" "$out/early.err" \
    || fail "report where no folder can be: exit $rc, $(cat "$out/early.err")"
# Record numbers count every element and line of the data, including those that fail.
printf '[{"first name":"A"},\n 5,\n {"first name":"C"},\n "x"]\n' > "$out/mixed.json"
"$epistle" merge "$out/names.md" "$out/mixed.json" -o "$out/mixed/{{id}}.pdf" 2> "$out/mixed.err"
grep -q "mixed.json:2:2: error: record 2 is not a JSON object" "$out/mixed.err" \
    && grep -q "mixed.json:4:2: error: record 4 is not a JSON object" "$out/mixed.err" || fail "mixed JSON: $(cat "$out/mixed.err")"
# A JSON number prints as the file writes it: trailing zeros, exponents, integers past 2^64.
printf -- '---\nlang: en\nto:\n  name: "{{id}}"\n---\nSum [{{a}}] [{{b}}] [{{c}}] [{{d}}].\n' > "$out/numbers.md"
printf '[{"id": "n1", "a": 1.50, "b": 123456789012345678901234567890, "c": -0.0e+10, "d": 1E5},\n' > "$out/numbers.json"
printf ' {"id": "n2", "a": 100, "b": 2.000, "c": true, "d": null}]\n' >> "$out/numbers.json"
sed -n '1p' "$out/numbers.json" | sed 's/^\[//; s/,$//' > "$out/numbers.jsonl"
sed -n '2p' "$out/numbers.json" | sed 's/^ //; s/\]$//' >> "$out/numbers.jsonl"
sum() { text "$1" | tr -d '\f' | grep -o 'Sum.*'; }
for f in numbers.json numbers.jsonl; do
    "$epistle" merge "$out/numbers.md" "$out/$f" -o "$out/${f%%.*}-${f##*.}/{{id}}.pdf" || fail "$f"
    [ "$(sum "$out/${f%%.*}-${f##*.}/n1.pdf")" = "Sum [1.50] [123456789012345678901234567890] [-0.0e+10] [1E5]." ] \
        && [ "$(sum "$out/${f%%.*}-${f##*.}/n2.pdf")" = "Sum [100] [2.000] [true] []." ] \
        || fail "$f: numbers as written: $(text "$out/${f%%.*}-${f##*.}/n1.pdf")"
done
# A value that cannot be a field is named with its own line and column.
printf '[{"id": "v1"},\n {"id": "v2",\n  "a": [1]}]\n' > "$out/nested.json"
"$epistle" merge "$out/numbers.md" "$out/nested.json" -o "$out/nested/{{id}}.pdf" 2> "$out/nested.err"
grep -q "nested.json:3:8: error: record 2: field 'a' is not a string, number or boolean" "$out/nested.err" \
    || fail "nested value: $(cat "$out/nested.err")"
printf 'id,first name,名前\n1,A,a\n2,B,b\n3,C\xff,c\n' > "$out/bad-utf8.csv"
"$epistle" merge "$out/names.md" "$out/bad-utf8.csv" -o "$out/bad/{{id}}.pdf" 2> "$out/bad-utf8.err"
grep -q "bad-utf8.csv:4:1: error: record 3: a value is not valid UTF-8" "$out/bad-utf8.err" || fail "bad UTF-8: $(cat "$out/bad-utf8.err")"
printf '{"id":1}\n\n{"id":2}\n{"id":3,}\n' > "$out/bad.jsonl"
"$epistle" merge "$out/names.md" "$out/bad.jsonl" -o "$out/bad/{{id}}.pdf" 2> "$out/bad-jsonl.err"
grep -q "bad.jsonl:4:[0-9]*: error: record 3: invalid JSON" "$out/bad-jsonl.err" || fail "bad JSONL: $(cat "$out/bad-jsonl.err")"
# Data without an end is read up to the limit and refused with its name, not read whole.
"$epistle" merge "$out/t.md" /dev/zero --format csv -o "$out/z/{{id}}.pdf" 2> "$out/zero.err"; rc=$?
[ $rc -eq 1 ] && grep -q "^/dev/zero: error: the file is larger than 512 MiB, the limit for a data file" "$out/zero.err" \
    || fail "merge of /dev/zero: exit $rc, $(head -c 300 "$out/zero.err")"
# An image named by the data: an absolute path is used as it is, a relative one is found
# beside the template (as the template's own images are).
mkdir -p "$out/sigs/art"
cp "$dir/../../examples/open-letter/signature-lin.png" "$out/sigs/art/relative.png"
cp "$dir/../../examples/open-letter/signature-okafor.png" "$out/absolute.png"
printf -- '---\nlang: en\ndate: 2026-03-15\nsignatories:\n  - name: A\n    signature: "{{sig}}"\n---\n\nText.\n' > "$out/sigs/t.md"
printf 'id,sig\nabs,%s\nrel,art/relative.png\n' "$(cd "$out" && pwd)/absolute.png" > "$out/sigs.csv"
"$epistle" merge "$out/sigs/t.md" "$out/sigs.csv" -o "$out/sigs/{{id}}.pdf" 2> "$out/sigs.err" || fail "images from the data: $(cat "$out/sigs.err")"
for id in abs rel; do
    [ "$(pdfimages -list "$out/sigs/$id.pdf" | tail -n +3 | grep -c .)" -ge 1 ] || fail "$id: no signature image"
done
# The progress bar (--progress, standard error not a terminal): redrawn with a carriage return,
# its last drawing saying every record done over the whole width, then a newline before the
# summary; --no-progress and a terminal-less default draw none.
"$epistle" merge "$dir/template.md" "$dir/people.csv" -o "$out/bar/{{id}}.pdf" -j 2 --progress 2> "$out/bar.err" \
    || fail "merge --progress"
"$python" - "$out/bar.err" <<'PY' || fail "progress bar: $(od -c "$out/bar.err" | head -20)"
import re, sys
err = open(sys.argv[1], encoding="utf-8", newline="").read()
drawn = err.split("\n")[0].split("\r")
assert drawn[0] == "" and len(drawn) >= 2, drawn
last = drawn[-1]
assert re.fullmatch(r"\[#{30}\] 4/4  \d+/s  ETA 0s  0 failed", last), last
for d in drawn[1:-1]:
    m = re.fullmatch(r"\[(#*)(\.*)\] (\d)/4  \d+/s  ETA \d+s  0 failed  ", d)
    assert m and len(m.group(1)) + len(m.group(2)) == 30, d
assert err.split("\n")[1].startswith("epistle: merge: 4 written"), err
PY
for flag in --no-progress ""; do
    "$epistle" merge "$dir/template.md" "$dir/people.csv" -o "$out/bar/{{id}}.pdf" -j 2 $flag 2> "$out/bar.err" \
        || fail "merge $flag"
    ! grep -q $'\r' "$out/bar.err" || fail "a progress bar with '$flag' and no terminal"
done
echo ok
