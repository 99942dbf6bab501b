#!/usr/bin/env bash
# cmake --install puts everything in place, and a program builds and runs against the
# installed library: with pkg-config (shared and static) and with find_package (both).
# usage: install.sh BUILD_DIR SOURCE_DIR OUTDIR
set -uo pipefail
build=$1 src=$2 out=$3
rm -rf "$out"; mkdir -p "$out"
stage="$out/stage"
fail() { echo "FAIL: $*" >&2; exit 1; }
cmake --install "$build" --prefix "$stage" >/dev/null || fail "cmake --install"
libdir=$(dirname "$(find "$stage" -name libepistle.so.0 | head -1)")
for f in bin/epistle include/epistle/epistle.h share/bash-completion/completions/epistle \
         share/zsh/vendor-completions/_epistle share/fish/vendor_completions.d/epistle.fish \
         share/man/man1/epistle.1 share/man/man5/epistle-letter.5 share/fontconfig/conf.avail/50-epistle.conf \
         etc/fonts/conf.d/50-epistle.conf; do [ -e "$stage/$f" ] || fail "not installed: $f"; done
# conf.d holds a relative link to conf.avail, as fontconfig's own fragments are.
[ "$(readlink "$stage/etc/fonts/conf.d/50-epistle.conf")" = ../../../share/fontconfig/conf.avail/50-epistle.conf ] ||
    fail "conf.d link: $(readlink "$stage/etc/fonts/conf.d/50-epistle.conf")"
for f in libepistle.so libepistle.so.0 libepistle.a pkgconfig/epistle.pc cmake/epistle/epistleConfig.cmake \
         cmake/epistle/epistleConfigVersion.cmake; do
    [ -e "$libdir/$f" ] || fail "not installed: $libdir/$f"
done
# The shared library exports the public API and nothing else.
others=$(nm -D --defined-only "$libdir/libepistle.so.0" | awk '{print $3}' | grep -v '^epistle_')
[ -z "$others" ] || fail "exported beyond the API: $others"
objdump -p "$libdir/libepistle.so.0" | grep "SONAME *libepistle.so.0" >/dev/null || fail "soname"
# The signing module exports its entry only, and the installed tool and library find it under
# this prefix (not the one the build was configured for).
module="$libdir/epistle/epistle-sign.so"
[ "$(nm -D --defined-only "$module" 2>/dev/null | awk '{print $3}')" = ep_sign_module_entry ] ||
    fail "the signing module: $(nm -D --defined-only "$module" 2>&1)"
"$build/epistle" render -q "$src/examples/open-letter/letter.md" -o "$out/l.pdf" || fail "render"
fields=$(env -u EPISTLE_SIGN_MODULE "$stage/bin/epistle" sign "$out/l.pdf" --list-fields 2>&1) ||
    fail "the installed tool cannot load its signing module: $fields"

letter="$src/examples/open-letter/letter.md"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -o "$out/pc_shared" "$src/tests/install/consumer.c" $(pkg-config --cflags --libs epistle) || fail "pkg-config build"
LD_LIBRARY_PATH="$libdir" "$out/pc_shared" "$letter" | grep " %PDF-" >/dev/null || fail "pkg-config shared: no PDF"
cc -o "$out/pc_static" "$src/tests/install/consumer.c" $(pkg-config --static --cflags epistle) \
    "$libdir/libepistle.a" $(pkg-config --static --libs-only-l epistle | sed 's/-lepistle//') || fail "static build"
ldd "$out/pc_static" | grep libepistle >/dev/null && fail "static build links the shared library"
"$out/pc_static" "$letter" | grep " %PDF-" >/dev/null || fail "pkg-config static: no PDF"

cmake -S "$src/tests/install" -B "$out/consumer" -DCMAKE_PREFIX_PATH="$stage" >/dev/null || fail "find_package"
cmake --build "$out/consumer" >/dev/null || fail "find_package build"
LD_LIBRARY_PATH="$libdir" "$out/consumer/consumer_shared" "$letter" | grep " %PDF-" >/dev/null || fail "find_package shared"
"$out/consumer/consumer_static" "$letter" | grep " %PDF-" >/dev/null || fail "find_package static"
echo ok
