#!/usr/bin/env bash
# docs/gallery.md's pictures: the example open letter in each built-in style, and the first
# page of each layout's example, as epistle renders them now (make gallery).
# usage: gallery.sh EPISTLE
set -euo pipefail
cd "$(dirname "$0")/.."
epistle=$1
out=docs/images/gallery
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1700000000
page() {   # PDF PAGE NAME
    pdftoppm -r 40 -png -f "$2" -l "$2" -singlefile "$1" "$out/$3"
}
for style in classic compact modern; do
    "$epistle" render examples/open-letter/letter.md --style "$style" -o "$work/$style.pdf"
    pages=$(pdfinfo "$work/$style.pdf" | awk '/^Pages:/ {print $2}')
    echo "$style: $pages pages"
    for p in $(seq "$pages"); do page "$work/$style.pdf" "$p" "open-letter-$style-$p"; done
done
for ex in din5008 us-window japanese-business japanese arabic korean; do
    "$epistle" render "examples/$ex/letter.md" -o "$work/$ex.pdf"
    page "$work/$ex.pdf" 1 "layout-$ex"
done
