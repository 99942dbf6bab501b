#!/usr/bin/env bash
# The Debian packages, built as `make deb` builds them (a /usr build and CPack), checked with
# dpkg-deb: names, version, architecture; every shared library the tool needs is a dependency,
# as are the fonts; every dependency is a real, installed package; each package holds what it
# should and nothing of another's; unpacked, the tool renders the example letter with the
# packaged fontconfig fragment and signs it with the packaged signing module, and a program
# builds against the packaged library.
# Installing with apt-get is checked by scripts/check-deb-install.sh (it changes the system).
# usage: deb_package.sh EPISTLE SOURCE_DIR OUTDIR
set -uo pipefail
epistle=$1 src=$(cd "$2" && pwd) out=$3
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake -S "$src" -B "$out/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
    -DBUILD_TESTING=OFF >"$out/configure.log" 2>&1 || fail "configure: $(tail -5 "$out/configure.log")"
# As many jobs as the Makefile that runs the tests uses (it exports JOBS), else its default.
cmake --build "$out/build" -j "${JOBS:-$(nproc 2>/dev/null || echo 2)}" >"$out/build.log" 2>&1 || fail "build: $(tail -5 "$out/build.log")"
(cd "$out/build" && cpack -G DEB >"$out/cpack.log" 2>&1) || fail "cpack: $(tail -5 "$out/cpack.log")"

version=$("$epistle" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
multiarch=$(gcc -print-multiarch)
tool="$out/build/deb/epistle_${version}-1_${arch}.deb"
lib="$out/build/deb/libepistle0_${version}-1_${arch}.deb"
dev="$out/build/deb/libepistle-dev_${version}-1_${arch}.deb"
for p in "$tool" "$lib" "$dev"; do [ -s "$p" ] || fail "not built: $(basename "$p") (have: $(ls "$out/build/deb"))"; done

field() { dpkg-deb -f "$1" "$2"; }
# dpkg-deb -I shows the control file and the maintainer scripts: the library's run ldconfig.
info=$(dpkg-deb -I "$tool")
grep -q "^ Package: epistle$" <<<"$info" || fail "dpkg-deb -I: $info"
info=$(dpkg-deb -I "$lib")
grep -q "postinst" <<<"$info" || fail "libepistle0 has no postinst (ldconfig): $info"
grep -q ldconfig <<<"$(dpkg-deb -I "$lib" postinst)" || fail "libepistle0's postinst does not run ldconfig"
names() { tr ',' '\n' | sed 's/([^)]*)//; s/|.*//; s/ //g' | grep -v '^$'; }
for p in "$tool" "$lib" "$dev"; do
    [ "$(field "$p" Version)" = "${version}-1" ] || fail "$(basename "$p"): version $(field "$p" Version)"
    [ "$(field "$p" Architecture)" = "$arch" ] || fail "$(basename "$p"): architecture"
    [ -n "$(field "$p" Maintainer)" ] && [ -n "$(field "$p" Description)" ] || fail "$(basename "$p"): no maintainer/description"
    # Every package named in Depends and Recommends exists: here, it is installed.
    for d in $({ field "$p" Depends; echo ,; field "$p" Recommends; } | names); do
        [ "$d" = libepistle0 ] && continue
        dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep "install ok installed" >/dev/null ||
            fail "$(basename "$p") depends on '$d', which is not an installed package"
    done
done
[ "$(field "$tool" Package)" = epistle ] && [ "$(field "$lib" Package)" = libepistle0 ] &&
    [ "$(field "$dev" Package)" = libepistle-dev ] || fail "package names"

# The tool: the fonts, and the package of every library its binary loads.
tdeps=" $(field "$tool" Depends | names | tr '\n' ' ') "
for d in fonts-noto-core fonts-noto-cjk; do [[ $tdeps == *" $d "* ]] || fail "epistle does not depend on $d"; done
for d in hyphen-en-us hyphen-de icc-profiles-free; do
    [[ " $(field "$tool" Recommends | names | tr '\n' ' ') " == *" $d "* ]] || fail "epistle does not recommend $d"
done
rm -rf "$out/root"; mkdir -p "$out/root"
for p in "$tool" "$lib" "$dev"; do dpkg-deb -x "$p" "$out/root" || fail "dpkg-deb -x $(basename "$p")"; done
for so in $(objdump -p "$out/root/usr/bin/epistle" | awk '/NEEDED/ {print $2}'); do
    path=$(ldconfig -p | awk -v so="$so" '$1 == so { print $NF; exit }')
    [ -n "$path" ] || fail "cannot find $so"
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
    [[ $tdeps == *" $pkg "* ]] || fail "epistle needs $so from $pkg, which is not in Depends: $tdeps"
done
objdump -p "$out/root/usr/bin/epistle" | grep 'NEEDED.*libepistle' >/dev/null && fail "the tool links the shared library"
ldeps=" $(field "$lib" Depends | names | tr '\n' ' ') "
[[ $ldeps == *" libharfbuzz-subset0 "* && $ldeps == *" libhpdf-2.3.0 "* ]] || fail "libepistle0 depends: $ldeps"
# The signing module's libraries are the library package's dependencies (dpkg-shlibdeps reads
# the module too); the tool needs the library package of its own version for that module.
[[ $ldeps == *" libqpdf29 "* && $ldeps == *" libssl3 "* ]] || fail "libepistle0 lacks the signing module's dependencies: $ldeps"
[[ "$(field "$tool" Depends)" == *"libepistle0 (= ${version}-1)"* ]] || fail "epistle does not depend on its libepistle0: $(field "$tool" Depends)"
[[ "$(field "$dev" Depends)" == *"libepistle0 (= ${version}-1)"* ]] || fail "libepistle-dev: $(field "$dev" Depends)"
dpkg-deb --ctrl-tarfile "$lib" | tar xO ./shlibs | grep "^libepistle 0 libepistle0 (>= ${version}-1)" >/dev/null ||
    fail "libepistle0: no shlibs"

# Contents: each package its own files, all under /usr or /etc, with a copyright file.
contents() { dpkg-deb -c "$1" | awk '{print $6}' | sed 's|^\./|/|' | grep -v '/$'; }
want_tool="/usr/bin/epistle /usr/share/man/man1/epistle.1 /usr/share/man/man5/epistle-letter.5
/usr/share/bash-completion/completions/epistle /usr/share/zsh/vendor-completions/_epistle
/usr/share/fish/vendor_completions.d/epistle.fish /usr/share/fontconfig/conf.avail/50-epistle.conf
/etc/fonts/conf.d/50-epistle.conf /usr/share/doc/epistle/copyright /usr/share/epistle/letter.schema.json"
want_lib="/usr/lib/$multiarch/libepistle.so.0 /usr/lib/$multiarch/libepistle.so.$version
/usr/lib/$multiarch/epistle/epistle-sign.so /usr/share/doc/libepistle0/copyright"
want_dev="/usr/include/epistle/epistle.h /usr/lib/$multiarch/libepistle.a /usr/lib/$multiarch/libepistle.so
/usr/lib/$multiarch/pkgconfig/epistle.pc /usr/lib/$multiarch/cmake/epistle/epistleConfig.cmake
/usr/share/doc/libepistle-dev/copyright"
for pair in "tool:$tool" "lib:$lib" "dev:$dev"; do
    k=${pair%%:*} p=${pair#*:}
    have=$(contents "$p")
    want=want_$k
    for f in ${!want}; do grep -qx -- "$f" <<<"$have" || fail "$(basename "$p") lacks $f"; done
    bad=$(grep -v -e '^/usr/' -e '^/etc/fonts/conf.d/' <<<"$have")
    [ -z "$bad" ] || fail "$(basename "$p") installs outside /usr: $bad"
done
contents "$tool" | grep -e include -e '\.so' -e '\.a$' >/dev/null && fail "the tool package holds library files"
contents "$lib" | grep -e include -e '\.a$' -e 'libepistle\.so$' >/dev/null && fail "libepistle0 holds development files"
[ "$(readlink "$out/root/etc/fonts/conf.d/50-epistle.conf")" = ../../../usr/share/fontconfig/conf.avail/50-epistle.conf ] ||
    fail "conf.d link: $(readlink "$out/root/etc/fonts/conf.d/50-epistle.conf")"
grep -q "^License: Expat" "$out/root/usr/share/doc/epistle/copyright" || fail "copyright"
[ "$(stat -c %a "$out/root/usr/bin/epistle")" = 755 ] || fail "the tool is not executable by all"
readelf -S "$out/root/usr/bin/epistle" | grep '\.symtab' >/dev/null && fail "the tool is not stripped"

# Unpacked, it works: the example letter with the packaged fontconfig fragment, and a
# program built against the packaged library.
cat > "$out/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<include>$out/root/usr/share/fontconfig/conf.avail/50-epistle.conf</include></fontconfig>
EOF
FONTCONFIG_FILE="$out/fonts.conf" "$out/root/usr/bin/epistle" render "$src/examples/open-letter/letter.md" \
    -o "$out/letter.pdf" || fail "the packaged tool cannot render the example"
qpdf --check "$out/letter.pdf" >/dev/null || fail "qpdf --check"
pdffonts "$out/letter.pdf" | grep NotoSerifCJKtc >/dev/null || fail "the packaged tool's fonts"
# It signs with the packaged module (named by the environment: the unpacked tree is not /usr).
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$out/k.pem" -out "$out/c.pem" -days 2 -subj "/CN=Packager" \
    2>/dev/null || fail "throwaway key"
module="$out/root/usr/lib/$multiarch/epistle/epistle-sign.so"
field=$(EPISTLE_SIGN_MODULE="$module" "$out/root/usr/bin/epistle" sign "$out/letter.pdf" --list-fields) ||
    fail "the packaged tool cannot list the signature fields"
EPISTLE_SIGN_MODULE="$module" "$out/root/usr/bin/epistle" sign -q "$out/letter.pdf" --field "${field%%$'\n'*}" \
    --key "$out/k.pem" --cert "$out/c.pem" -o "$out/signed.pdf" 2>"$out/sign.err" ||
    fail "the packaged tool cannot sign: $(cat "$out/sign.err")"
sig=$(pdfsig "$out/signed.pdf" 2>&1)
[[ $sig == *"Signature #1"* ]] || fail "pdfsig finds no signature in the packaged tool's output: $sig"
# Without its module, signing is refused with a message that says so, and nothing is written.
EPISTLE_SIGN_MODULE="$out/none.so" "$out/root/usr/bin/epistle" sign -q "$out/letter.pdf" --field x \
    --key "$out/k.pem" --cert "$out/c.pem" -o "$out/unsigned.pdf" 2>"$out/nomod.err" && fail "signed without its module"
grep -q "signing is not available" "$out/nomod.err" && [ ! -e "$out/unsigned.pdf" ] || fail "no module: $(cat "$out/nomod.err")"
export PKG_CONFIG_PATH="$out/root/usr/lib/$multiarch/pkgconfig"
cc -o "$out/consumer" "$src/tests/install/consumer.c" $(pkg-config --cflags --libs epistle) ||
    fail "build against libepistle-dev"
LD_LIBRARY_PATH="$out/root/usr/lib/$multiarch" "$out/consumer" "$src/examples/open-letter/letter.md" | grep " %PDF-" >/dev/null ||
    fail "the packaged library does not render"
# The static library (stripped of debugging information only) links too.
cc -o "$out/consumer_static" "$src/tests/install/consumer.c" $(pkg-config --static --cflags epistle) \
    "$out/root/usr/lib/$multiarch/libepistle.a" $(pkg-config --static --libs-only-l epistle | sed 's/-lepistle//') ||
    fail "static build against libepistle-dev"
"$out/consumer_static" "$src/examples/open-letter/letter.md" | grep " %PDF-" >/dev/null || fail "the packaged static library"
echo ok
