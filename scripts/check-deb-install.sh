#!/usr/bin/env bash
# Installs the packages make deb built with make install-deb, as the README says, renders the example
# letter with the installed tool, reads its man page, builds a program against the installed
# library, and removes the packages again. It changes the system: CI runs it on its
# throwaway machine; run it yourself only where that is fine.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
debs=$(ls build-deb/deb/*.deb)
fail() { echo "check-deb-install: FAIL: $*" >&2; $SUDO apt-get purge -y -qq epistle libepistle0 libepistle-dev >/dev/null 2>&1 || true; exit 1; }
export DEBIAN_FRONTEND=noninteractive
# The README's command for it.
make --no-print-directory install-deb >/dev/null || fail "make install-deb"
[ "$(command -v epistle)" = /usr/bin/epistle ] || fail "epistle is not /usr/bin/epistle"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
epistle render examples/open-letter/letter.md -o "$tmp/letter.pdf" || fail "render"
qpdf --check "$tmp/letter.pdf" >/dev/null || fail "qpdf --check"
pdftotext "$tmp/letter.pdf" "$tmp/letter.txt" && grep -q "Dear President Halvorsen" "$tmp/letter.txt" || fail "text"
[ "$(fc-match -f '%{family[0]}' 'epistle serif JP')" = "Noto Serif CJK JP" ] || fail "fontconfig fragment"
man -w epistle >/dev/null && man -w 5 epistle-letter >/dev/null || fail "man pages"
cc -o "$tmp/consumer" tests/install/consumer.c $(pkg-config --cflags --libs epistle) || fail "pkg-config build"
"$tmp/consumer" examples/open-letter/letter.md | grep " %PDF-" >/dev/null || fail "the installed library"
$SUDO apt-get purge -y -qq epistle libepistle0 libepistle-dev >/dev/null || fail "apt-get purge"
[ ! -e /etc/fonts/conf.d/50-epistle.conf ] || fail "purge left the fontconfig link"
echo "check-deb-install: ok ($(echo $debs | wc -w) packages installed, used and removed)"
