#!/usr/bin/env bash
# The man pages: built, formatted by man without warnings, naming every option the usage
# names (epistle(1)) and every front-matter key the parser accepts (epistle-letter(5)).
# usage: man_pages.sh EPISTLE SOURCE_DIR BUILD_DIR
set -uo pipefail
epistle=$1 src=$2 build=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
for p in epistle.1 epistle-letter.5; do
    [ -s "$build/man/$p" ] || fail "not built: $p"
    warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$build/man/$p" 2>&1 >/dev/null)
    [ -z "$warn" ] || fail "$p: $warn"
done
page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$build/man/epistle.1" 2>/dev/null)
for o in $({ "$epistle" --help; "$epistle" new --help; } | grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u); do
    grep -qF -- "$o" <<<"$page" || fail "epistle(1) does not name $o"
done
for c in render check merge sign timestamp verify new; do
    grep -q "^ *$c\$" <<<"$page" || fail "epistle(1): no command $c"
    # The command's own --help: its options are the man page's, and it points there.
    help=$("$epistle" "$c" --help) || fail "$c --help exits non-zero"
    grep -q "epistle(1)" <<<"$help" || fail "$c --help does not point to epistle(1)"
    for o in $(grep -oE -- '--[a-z0-9][a-z0-9-]*' <<<"$help" | sort -u); do
        [ "$o" = --help ] && continue
        grep -qF -- "$o" <<<"$page" || fail "epistle(1) does not name $c's $o"
    done
done
# Every key in the parser's key tables.
keys=$(sed -n '/static const char \*const [a-z_]*keys\[\] = {/,/};/p' "$src/src/letter/frontmatter.c" \
       | grep -oE '"[a-z_]+"' | tr -d '"' | sort -u)
[ -n "$keys" ] || fail "no keys found in the parser"
letter=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$build/man/epistle-letter.5" 2>/dev/null)
for k in $keys; do grep -qw -- "$k" <<<"$letter" || fail "epistle-letter(5) does not name the key $k"; done
echo ok
