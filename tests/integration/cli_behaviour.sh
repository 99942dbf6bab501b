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

# Outputs that are not regular files: a device or a pipe is written into, never replaced; a
# symbolic link keeps being a link, its target replaced; an existing file keeps its mode; a
# name of 250 bytes works (its temporary name would have been too long).
mkfifo "$out/fifo"
timeout 20 cat "$out/fifo" > "$out/from-fifo.pdf" &
reader=$!
"$epistle" render "$letters/two-files-en.md" -o "$out/fifo" || fail "render into a FIFO"
wait "$reader"   # (were the FIFO replaced, its reader would give up after 20 s)
[ -p "$out/fifo" ] || fail "the FIFO was replaced"
cmp -s "$out/file.pdf" "$out/from-fifo.pdf" || fail "what came through the FIFO is not the PDF"
n=$("$epistle" render "$letters/two-files-en.md" -o /dev/stdout | wc -c)
[ "$n" -eq "$(stat -c %s "$out/file.pdf")" ] || fail "-o /dev/stdout wrote $n bytes"
if [ "$(id -u)" -eq 0 ]; then
    mknod "$out/null" c 1 3
    "$epistle" render "$letters/two-files-en.md" -o "$out/null" || fail "render into a device"
    [ -c "$out/null" ] || fail "the device node was replaced by a file"
fi
ln -s real.pdf "$out/link.pdf"
"$epistle" render "$letters/two-files-en.md" -o "$out/link.pdf" || fail "render through a link"
[ -L "$out/link.pdf" ] && cmp -s "$out/real.pdf" "$out/file.pdf" || fail "the link was replaced, or its target not written"
chmod 600 "$out/real.pdf"
"$epistle" render "$letters/two-files-en.md" -o "$out/real.pdf" || fail "overwrite"
[ "$(stat -c %a "$out/real.pdf")" = 600 ] || fail "overwriting changed the mode to $(stat -c %a "$out/real.pdf")"
long="$out/$(printf 'x%.0s' $(seq 1 246)).pdf"
"$epistle" render "$letters/two-files-en.md" -o "$long" && [ -s "$long" ] || fail "a 250-byte name"
grep -q '^\.' <<<"$(ls -A "$out")" && fail "a temporary file was left: $(ls -A "$out" | grep '^\.')"

# An output that is one of the inputs (by device and inode, whatever the name) is a usage
# error before anything is written.
cp "$letters/two-files-en.md" "$out/self.md"; ln -sf self.md "$out/alias.pdf"
"$epistle" render "$out/self.md" -o "$out/self.md" 2> "$out/self.err"; rc=$?
[ $rc -eq 2 ] && grep -q "is not named .pdf: is it the letter" "$out/self.err" || fail "-o self.md: exit $rc"
for o in "$out/alias.pdf"; do
    "$epistle" render "$out/self.md" -o "$o" 2> "$out/self.err"; rc=$?
    [ $rc -eq 2 ] && grep -q "would overwrite the input" "$out/self.err" || fail "-o $o over the input: exit $rc"
    cmp -s "$out/self.md" "$letters/two-files-en.md" || fail "the input was overwritten through $o"
done

# An image that is not a regular file (a FIFO would block for ever) is an error at its key.
mkfifo "$out/sig.jpg"
printf -- '---\nsignatories:\n  - name: A\n    signature: sig.jpg\n---\nB.\n' > "$out/fifo-image.md"
timeout 20 "$epistle" render "$out/fifo-image.md" -o "$out/fifo-image.pdf" 2> "$out/fifo-image.err"; rc=$?
[ $rc -eq 1 ] && grep -q "fifo-image.md:4:16: error: signature image .* is not a regular file" "$out/fifo-image.err" \
    || fail "a FIFO as an image: exit $rc: $(cat "$out/fifo-image.err")"

# Usage errors exit 2.
# Without -o the PDF goes beside the letter, named after it, and the command says so.
cp "$letters/two-files-en.md" "$out/beside.md"; rm -f "$out/beside.pdf"
"$epistle" render "$out/beside.md" 2> "$out/beside.err" || fail "render without -o: $(cat "$out/beside.err")"
[ -s "$out/beside.pdf" ] && grep -q "^epistle: wrote $out/beside.pdf (" "$out/beside.err" \
    || fail "render without -o: no beside.pdf, or not said: $(cat "$out/beside.err")"
"$epistle" render -q "$out/beside.md" 2> "$out/beside.err" && [ ! -s "$out/beside.err" ] || fail "-q: $(cat "$out/beside.err")"
"$epistle" render - < "$out/beside.md" 2>/dev/null; [ $? -eq 2 ] || fail "standard input without -o should exit 2"
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
ls -a "$out" | grep '^\.keep\.pdf\.' >/dev/null && fail "a temporary file was left behind"

# expect_error NAME CONTENT PATTERN: `epistle check` on CONTENT exits 1 with PATTERN.
expect_error() {
    printf -- "$2" > "$out/$1.md"
    local msg rc
    msg=$("$epistle" check "$out/$1.md" 2>&1); rc=$?
    [ $rc -eq 1 ] || fail "$1: exit $rc"
    grep -q -- "$3" <<<"$msg" || fail "$1: expected '$3', got: $msg"
}
expect_error typo '---\nlang: en\nsubjct: Hello\n---\nBody.\n' \
    "typo.md:3:1: error: unknown key 'subjct'; did you mean 'subject'?"
expect_error lang '---\nlang: xx-notalang\n---\nBody.\n' "lang.md:2:7: error: unknown language tag"
expect_error utf8 '---\nlang: en\n---\nBody \xff here.\n' "utf8.md:4:6: error: invalid UTF-8"
expect_error img '---\nsignatories:\n  - name: A\n    signature: missing.png\n---\nBody.\n' \
    "img.md:4:16: error: cannot open signature image"
expect_error paper '---\npaper: b5\n---\nBody.\n' "paper.md:2:8: error: unknown paper 'b5'"
expect_error unclosed '---\nlang: en\nBody.\n' "unclosed.md:1:1: error: front matter is not closed"

# A control character in a name is shown, never obeyed: the terminal gets \x1b, not ESC
# (a test of the plain output and of the coloured one, on a pseudo-terminal).
evil=$'evil\033[31m.md'
"$epistle" render "$evil" -o out.pdf 2> evil.err
grep -qF 'evil\x1b[31m.md: error: cannot read' evil.err || fail "control character not escaped: $(cat -v evil.err)"
script -qc "\"$epistle\" render '$evil' -o out.pdf" /dev/null > evil.tty 2>&1
grep -qF 'evil\x1b[31m.md' evil.tty || fail "control character not escaped on a terminal: $(cat -v evil.tty)"
if LC_ALL=C grep -q $'\033\[31m' evil.err evil.tty; then fail "ESC [31m reached the terminal"; fi
echo ok
