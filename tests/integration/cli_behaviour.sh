#!/usr/bin/env bash
# Behaviour of the command line: standard input and output, exit codes, positions in
# error messages, and that a failed run writes nothing.
# usage: cli_behaviour.sh EPISTLE LETTERS_DIR OUTDIR
set -uo pipefail
epistle=$1 letters=$2 out=$3
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

# '-' for input and output gives the same bytes as files.
"$epistle" render "$letters/two-files-en.md" -o "$out/file.pdf" || fail "render from file"
"$epistle" render - -o - < "$letters/two-files-en.md" > "$out/stdout.pdf" || fail "render stdin to stdout"
cmp -s "$out/file.pdf" "$out/stdout.pdf" || fail "stdin/stdout output differs from file output"

# Usage errors exit 2.
"$epistle" render "$letters/two-files-en.md" 2>/dev/null; [ $? -eq 2 ] || fail "missing -o should exit 2"
"$epistle" frobnicate 2>/dev/null; [ $? -eq 2 ] || fail "unknown command should exit 2"

# A missing input exits 1 and names the file.
msg=$("$epistle" render "$out/nope.md" -o "$out/nope.pdf" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "missing input: exit $rc"
grep -q "nope.md" <<<"$msg" || fail "missing input: message does not name the file: $msg"
[ ! -e "$out/nope.pdf" ] || fail "missing input: an output file was written"

# Bad YAML: file:line:col, exit 1, and an existing output is left untouched.
printf -- '---\nlang: en\nto: [unclosed\n---\nBody.\n' > "$out/bad.md"
cp "$out/file.pdf" "$out/keep.pdf"
msg=$("$epistle" render "$out/bad.md" -o "$out/keep.pdf" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "bad yaml: exit $rc"
grep -qE "bad.md:[0-9]+:[0-9]+: error: " <<<"$msg" || fail "bad yaml: no position: $msg"
cmp -s "$out/file.pdf" "$out/keep.pdf" || fail "bad yaml: existing output was changed"
ls -a "$out" | grep -q '^\.keep\.pdf\.' && fail "a temporary file was left behind"

# Unknown key, with a suggestion; unknown language.
printf -- '---\nlang: en\nsubjct: Hello\n---\nBody.\n' > "$out/typo.md"
msg=$("$epistle" check "$out/typo.md" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "unknown key: exit $rc"
grep -q "typo.md:3:1: error: unknown key 'subjct'; did you mean 'subject'?" <<<"$msg" || fail "unknown key: $msg"
printf -- '---\nlang: xx-notalang\n---\nBody.\n' > "$out/lang.md"
msg=$("$epistle" check "$out/lang.md" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "unknown lang: exit $rc"
grep -q "lang.md:2:7: error: unknown language tag" <<<"$msg" || fail "unknown lang: $msg"

# Invalid UTF-8 is reported at its position.
printf -- '---\nlang: en\n---\nBody \xff here.\n' > "$out/utf8.md"
msg=$("$epistle" check "$out/utf8.md" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "invalid utf-8: exit $rc"
grep -q "utf8.md:4:6: error: invalid UTF-8" <<<"$msg" || fail "invalid utf-8: $msg"

# A missing signature image is an error at the line that names it.
printf -- '---\nsignatories:\n  - name: A\n    signature: missing.png\n---\nBody.\n' > "$out/img.md"
msg=$("$epistle" check "$out/img.md" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "missing image: exit $rc"
grep -q "img.md:4:16: error: cannot open signature image" <<<"$msg" || fail "missing image: $msg"
echo ok
