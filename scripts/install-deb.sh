#!/bin/sh
# Installs the Debian packages `make deb` built (epistle, libepistle0, libepistle-dev) with
# apt, which pulls in the fonts and libraries they need: through sudo when not root, and
# directly as root (a container's root has no sudo).
set -eu
build=${1:-build}
debs=""
for f in "$build"-deb/deb/*.deb; do
    [ -f "$f" ] || { echo "install-deb: no packages in $build-deb/deb; run make deb first" >&2; exit 1; }
    debs="$debs $(realpath "$f")"   # apt-get takes a file given as a path, not a bare name
done
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $debs
