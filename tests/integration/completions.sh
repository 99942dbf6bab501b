#!/usr/bin/env bash
# Shell completions: bash completes commands, options per command and option values;
# zsh and fish files parse; every option the usage names for a command is offered by all three.
# usage: completions.sh EPISTLE SOURCE_DIR
set -uo pipefail
epistle=$1 src=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
# Without extglob: a user's shell may not have it on.
shopt -u extglob
# shellcheck source=/dev/null
source "$src/completions/epistle.bash"
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _epistle; echo "${COMPREPLY[*]}"; }
[[ " $(complete_words epistle re) " == *" render "* ]] || fail "bash: commands"
[[ "$(complete_words epistle new --layout din)" == "din5008-a din5008-b" ]] || fail "bash: layouts"
r=" $(complete_words epistle render --pd) "
[[ $r == *" --pdfa "* && $r == *" --pdfua "* ]] || fail "bash: render options"
[[ " $(complete_words epistle merge --fo) " == *" --format "* ]] || fail "bash: merge options"
[[ " $(complete_words epistle check --js) " == *" --json "* ]] || fail "bash: --json"
[[ "$(complete_words epistle merge --color=al)" == "--color=always" ]] || fail "bash: --color values"
# Each option once: one already on the line is not offered again.
r=" $(complete_words epistle render a.md --style x --st) "
[[ $r == *" --strict "* && $r != *" --style "* ]] || fail "bash: --style offered twice: $r"
# --field from the fields of the PDF named on the line (by running epistle, as the shell would).
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf -- '---\nlang: en\ndate: 2026-03-15\nsignatories:\n  - name: A. Barrister\n  - name: 李明\n---\n\nText.\n' > "$tmp/l.md"
"$epistle" render -q "$tmp/l.md" -o "$tmp/l.pdf" || fail "render for --field"
PATH="$(dirname "$epistle"):$PATH"
r=$(complete_words epistle sign "$tmp/l.pdf" --field ""); r2=$(complete_words epistle sign "$tmp/l.pdf" --field "A")
[[ $r == *"A. Barrister"*"李明"* && $r2 == "A. Barrister" ]] || fail "bash: --field from the PDF: '$r' '$r2'"
zsh -n "$src/completions/_epistle" || fail "zsh: syntax"
fish -n "$src/completions/epistle.fish" || fail "fish: syntax"
for cmd in render check merge sign timestamp verify new watch fonts; do
    # The command's lines of the usage: its own and the indented ones after it.
    opts=$({ "$epistle" --help; "$epistle" "$cmd" --help; } 2>&1 | awk -v c="$cmd" '
        /^(usage:)? *epistle / { on = ($0 ~ "epistle " c " ") || ($0 ~ "epistle " c "$") ; if (on) print; next }
        /^  +\[/ || /^ {10,}/ { if (on) print; next } { on = 0 }' | grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u)
    [ -n "$opts" ] || fail "no options found for $cmd"
    for o in $opts; do
        [ "$o" = --help ] && continue
        [[ " $(complete_words epistle "$cmd" "$o") " == *" $o "* ]] || fail "bash: $cmd $o"
        grep -q -- "$o\[" "$src/completions/_epistle" || fail "zsh: $cmd $o"
        grep -q -- "-l ${o#--}" "$src/completions/epistle.fish" || fail "fish: $cmd $o"
    done
    # The options every command takes.
    r=" $(complete_words epistle "$cmd" --) "; [[ $r == *" --json "* && $r == *" --color= "* ]] || fail "bash: $cmd --json/--color"
done
[ "$(grep -c -- '--json\[' "$src/completions/_epistle")" -ge 2 ] || fail "zsh: --json"
grep -q -- "-l color -x -a 'auto always never'" "$src/completions/epistle.fish" || fail "fish: --color"
echo ok
