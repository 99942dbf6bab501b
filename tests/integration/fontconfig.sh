#!/usr/bin/env bash
# The fontconfig fragment decides epistle's faces: read by fontconfig (as when installed) it
# gives the same faces as epistle's compiled-in copy; an override with binding="same" changes
# the Latin face of a letter and the Japanese face of another; fc-match sees the names too.
# usage: fontconfig.sh EPISTLE SOURCE_DIR OUTDIR
set -uo pipefail
epistle=$1 src=$(cd "$2" && pwd) out=$3
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
fragment="$src/fonts/50-epistle.conf"
en="$src/examples/open-letter/letter.md"
ja="$src/examples/japanese/letter.md"

config() {  # config NAME [FRAGMENT ...]: the system's configuration and the files given
    local f="$out/$1.conf"; shift
    { echo '<?xml version="1.0"?>'; echo '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
      echo '<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
      for i in "$@"; do echo "<include>$i</include>"; done; echo '</fontconfig>'; } > "$f"
    echo "$f"
}
fonts_of() { pdffonts "$1" | awk 'NR > 2 { print $1 }' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' '; }

# Other programs see the names.
installed=$(config installed "$fragment")
[[ $(FONTCONFIG_FILE=$installed fc-match -f '%{family[0]}' 'epistle serif JP') == "Noto Serif CJK JP" ]] ||
    fail "fc-match 'epistle serif JP': $(FONTCONFIG_FILE=$installed fc-match 'epistle serif JP')"

# The fragment read by fontconfig and the compiled-in copy give the same PDF.
SOURCE_DATE_EPOCH=0 FONTCONFIG_FILE=$installed "$epistle" render "$en" -o "$out/installed.pdf" || fail "render (installed)"
SOURCE_DATE_EPOCH=0 FONTCONFIG_FILE=$(config bare) "$epistle" render "$en" -o "$out/bare.pdf" || fail "render (bare)"
cmp -s "$out/installed.pdf" "$out/bare.pdf" || fail "the installed fragment and the compiled-in copy differ"
[[ $(fonts_of "$out/bare.pdf") == *NotoSerif-Regular* ]] || fail "default Latin face: $(fonts_of "$out/bare.pdf")"

# A site's override, read before or after the fragment.
cat > "$out/site.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <alias binding="same"><family>epistle serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
  <alias binding="same"><family>epistle serif JP</family><prefer><family>Noto Sans CJK JP</family></prefer></alias>
</fontconfig>
EOF
for order in before after; do
    if [ $order = before ]; then c=$(config site-$order "$out/site.conf" "$fragment")
    else c=$(config site-$order "$fragment" "$out/site.conf"); fi
    FONTCONFIG_FILE=$c "$epistle" render "$en" -o "$out/en-$order.pdf" || fail "render en ($order)"
    FONTCONFIG_FILE=$c "$epistle" render "$ja" -o "$out/ja-$order.pdf" || fail "render ja ($order)"
    f=$(fonts_of "$out/en-$order.pdf")
    [[ $f == *DejaVuSerif* && $f != *NotoSerif-* ]] || fail "override $order: English letter in $f"
    [[ $f == *NotoSerifCJKtc* ]] || fail "override $order: the Chinese part lost its face: $f"
    [[ $f == *DejaVuSerif-Italic* && $f != *Condensed* ]] || fail "override $order: not the normal width: $f"
    f=$(fonts_of "$out/ja-$order.pdf")
    [[ $f == *NotoSansCJKjp* && $f != *NotoSerifCJKjp* ]] || fail "override $order: Japanese letter in $f"
    pdftotext "$out/en-$order.pdf" "$out/en-$order.txt" && grep -q "Dear President" "$out/en-$order.txt" ||
        fail "override $order: text does not extract"
done
# The override alone (epistle installed where fontconfig does not look for the fragment).
c=$(config site-only "$out/site.conf")
FONTCONFIG_FILE=$c "$epistle" render "$en" -o "$out/site-only.pdf" || fail "render (override, no fragment)"
f=$(fonts_of "$out/site-only.pdf")
[[ $f == *DejaVuSerif* && $f == *NotoSerifCJKtc* ]] || fail "override without the installed fragment: $f"
# No configuration file at all: fontconfig's built-in fallback, still with epistle's names.
FONTCONFIG_FILE=$out/missing.conf "$epistle" render "$en" -o "$out/noconf.pdf" 2>"$out/noconf.err" ||
    fail "render without a configuration file: $(cat "$out/noconf.err")"
f=$(fonts_of "$out/noconf.pdf")
[[ $f == *NotoSerif-Regular* && $f == *NotoSerifCJKtc* ]] || fail "without a configuration file: $f"
echo ok
