#!/bin/sh
# Installs the Debian 12 packages epistle needs to build, render and test.
# Idempotent: packages already present are not fetched again. Uses sudo when not root.
set -eu

PKGS="
build-essential cmake pkg-config valgrind clang-14 libclang-rt-14-dev
libhpdf-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libicu-dev
libyaml-dev libcmark-dev libjansson-dev libcsv-dev libhyphen-dev libssl-dev libpng-dev zlib1g-dev libdeflate-dev libqpdf-dev
libcmocka-dev
fonts-noto-core fonts-noto-mono fonts-noto-cjk hyphen-en-us hyphen-en-gb hyphen-de hyphen-fr hyphen-es
hyphen-hi hyphen-bn hyphen-ta
poppler-utils qpdf mupdf-tools ghostscript libharfbuzz-bin python3 python3-yaml icc-profiles-free zsh fish scdoc python3-jsonschema
"

missing=""
for p in $PKGS; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != 'install ok installed' ]; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
