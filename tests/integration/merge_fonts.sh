#!/usr/bin/env bash
# A batch whose records change the Chinese text too: letters share each face's program for
# the template's glyphs and draw a record's others (a name in Han or Hangul) from a small
# font of their own. Each letter must still be a letter like any other:
#   qpdf --check; pdffonts (every font embedded, subset, with ToUnicode; the record's glyphs
#   in a second font of the face); pdftotext (the name comes back exactly, in both parts);
#   poppler, MuPDF and Ghostscript put ink in the same places; and its bytes depend only on
#   its record (one thread or two, whole batch or shard), its size within 10 % of the same
#   letter rendered alone.
# usage: merge_fonts.sh EPISTLE INKCMP SOURCE_DIR OUTDIR
set -uo pipefail
epistle=$1 inkcmp=$2 src=$(cd "$3" && pwd) out=$4
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
tmpl="$src/examples/merge/template.md"

cat > "$out/people.csv" <<'EOF'
id,name,salutation,address
han1,陳志明,陳志明,"National Assembly
1 Parliament Street"
hangul1,김민준,김민준,"National Assembly
2 Parliament Street"
latin1,Astrid Lindqvist MP,Ms Lindqvist,"National Assembly
3 Parliament Street"
han2,林雅婷,林雅婷,"National Assembly
4 Parliament Street"
hangul2,박서연,박서연,"National Assembly
5 Parliament Street"
han3,黃冠宇,黃冠宇,"National Assembly
6 Parliament Street"
EOF
"$epistle" merge "$tmpl" "$out/people.csv" -o "$out/j2/{{id}}.pdf" -j 2 --no-progress || fail "merge -j 2"
"$epistle" merge "$tmpl" "$out/people.csv" -o "$out/j1/{{id}}.pdf" -j 1 --no-progress || fail "merge -j 1"
"$epistle" merge "$tmpl" "$out/people.csv" -o "$out/shard/{{id}}.pdf" --shard 2/2 --no-progress || fail "merge --shard"
for id in han1 hangul1 latin1 han2 hangul2 han3; do
    cmp -s "$out/j1/$id.pdf" "$out/j2/$id.pdf" || fail "$id: one thread and two give different bytes"
done
for id in hangul1 han2 han3; do
    cmp -s "$out/shard/$id.pdf" "$out/j2/$id.pdf" || fail "$id: its shard and the whole batch give different bytes"
done

for rec in "han1 陳志明 陳志明" "hangul1 김민준 김민준" "latin1 Astrid_Lindqvist_MP Ms_Lindqvist" \
           "han2 林雅婷 林雅婷" "hangul2 박서연 박서연" "han3 黃冠宇 黃冠宇"; do
    read -r id name sal <<<"$rec"
    name=${name//_/ } sal=${sal//_/ }
    pdf="$out/j2/$id.pdf"
    qpdf --check "$pdf" > /dev/null || fail "$id: qpdf --check"
    pdffonts "$pdf" | tail -n +3 > "$out/$id.fonts"
    while read -r line; do
        read -r emb sub uni <<<"$(awk '{print $(NF-4), $(NF-3), $(NF-2)}' <<<"$line")"
        [ "$emb $sub $uni" = "yes yes yes" ] || fail "$id: font not embedded/subset/mapped: $line"
        grep -qE '^[A-Z]{6}\+' <<<"$line" || fail "$id: font without subset tag: $line"
    done < "$out/$id.fonts"
    # The Chinese part's face: the template's glyphs in one font, the name's in another.
    tc=$(awk '{print $1}' "$out/$id.fonts" | grep -c 'NotoSerifCJKtc-Regular')
    case $id in
        han*|hangul*) [ "$tc" -eq 2 ] || fail "$id: $tc fonts of the Chinese face, not the shared one and the letter's own" ;;
        latin*) [ "$tc" -eq 1 ] || fail "$id: $tc fonts of the Chinese face for a Latin name" ;;
    esac
    text=$(pdftotext "$pdf" -)
    grep -qF "Dear $sal," <<<"$text" || fail "$id: 'Dear $sal,' does not extract"
    grep -qF "$name 鈞鑒：" <<<"$text" || fail "$id: '$name 鈞鑒：' does not extract"
    # Three renderers agree on where the ink is.
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    for p in $(seq 1 "$pages"); do
        pdftoppm -gray -r 40 -f "$p" -l "$p" "$pdf" > "$out/poppler.pgm"
        mutool draw -q -r 40 -c gray -o "$out/mupdf.pgm" "$pdf" "$p" 2>/dev/null
        gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pgmraw -r40 -dFirstPage="$p" -dLastPage="$p" \
            -sOutputFile="$out/gs.pgm" "$pdf" 2>/dev/null
        "$inkcmp" "$out/poppler.pgm" "$out/mupdf.pgm" || fail "$id page $p: poppler and MuPDF disagree"
        "$inkcmp" "$out/poppler.pgm" "$out/gs.pgm" || fail "$id page $p: poppler and Ghostscript disagree"
    done
done

# The size: against the same letter rendered alone (one font per face).
sed -e 's/{{name}}/陳志明/g; s/{{salutation}}/陳志明/g; s/"{{address}}"/"National Assembly"/' \
    -e "s|\.\./open-letter/|$src/examples/open-letter/|g" "$tmpl" > "$out/alone.md"
"$epistle" render -q "$out/alone.md" -o "$out/alone.pdf" || fail "render alone"
a=$(stat -c %s "$out/alone.pdf") b=$(stat -c %s "$out/j2/han1.pdf")
[ $((b * 100)) -le $((a * 110)) ] || fail "a letter of the batch is $b bytes, the same letter alone $a (more than 10 % more)"
echo "ok: sizes $b (batch) against $a (alone)"
