#!/usr/bin/env bash
# epistle new: a starter letter in every language with its own wording and every layout
# renders as it is, without warnings, tagged; its subject comes back from the PDF; an
# existing file is kept unless --force; bad tags and layouts are usage errors.
# usage: new_letter.sh EPISTLE OUTDIR
set -uo pipefail
epistle=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"; cd "$out" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

n=0
for lang in en-GB en-US de fr zh-Hant zh-CN ja ko ar fa ur he; do
    for layout in block din5008-a din5008-b sn010130 us-window jp; do
        f="$lang-$layout"
        "$epistle" new --lang "$lang" --layout "$layout" "$f.md" || fail "new $f"
        "$epistle" render --strict "$f.md" -o "$f.pdf" 2> "$f.err" || fail "render $f: $(cat "$f.err")"
        subject=$(sed -n 's/^subject: "\(.*\)".*/\1/p' "$f.md")
        # In the order it is written (-raw: right-to-left text too), without the directional
        # marks poppler puts around right-to-left words.
        # (Read whole first: grep -q stops at the first match, and under pipefail the writer
        # it leaves would fail the test with SIGPIPE.)
        text=$(pdftotext -raw -enc UTF-8 "$f.pdf" - | LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g' | tr -d ' \n')
        [[ $text == *"$(tr -d ' ' <<<"$subject")"* ]] || fail "$f: the subject does not come back"
        n=$((n + 1))
    done
    python3 "$here/check_tags.py" "$lang-block.pdf" --langs "$lang" >/dev/null || fail "$lang: tags"
done
# Simplified Chinese wording for zh-CN, traditional for zh-Hant.
grep -q "尊敬的部长" zh-CN-block.md || fail "zh-CN is not in simplified Chinese"
grep -q "部長鈞鑒" zh-Hant-block.md || fail "zh-Hant is not in traditional Chinese"
# Right-to-left languages in their own words.
grep -q "معالي الوزير المحترم" ar-block.md || fail "ar is not worded in Arabic"
grep -q "با احترام" fa-block.md || fail "fa is not worded in Persian"
grep -q "محترم وزیر صاحب" ur-block.md || fail "ur is not worded in Urdu"
grep -q "בכבוד רב" he-block.md || fail "he is not worded in Hebrew"
# Defaults: the layout's language.
"$epistle" new --layout din5008-a > din.md && grep -q '^lang: "de"' din.md || fail "din5008 default language"
"$epistle" new > plain.md && grep -q '^layout: "block"' plain.md || fail "default layout"

# An existing file is kept; --force replaces it.
echo "mine" > mine.md
"$epistle" new mine.md 2> err.txt; rc=$?
[ "$rc" -eq 2 ] && [ "$(cat mine.md)" = "mine" ] && grep -q "mine.md.*exists" err.txt || fail "existing file: rc $rc"
"$epistle" new --force mine.md && grep -q "^subject:" mine.md || fail "--force"

"$epistle" new --lang "not a tag!" x.md 2>/dev/null; [ $? -eq 2 ] && [ ! -e x.md ] || fail "bad tag"
"$epistle" new --layout nonsense x.md 2> err.txt; [ $? -eq 2 ] && grep -q "din5008-a" err.txt || fail "bad layout"
# The starter's commented style, uncommented as a user would ("# " off each line), renders,
# and names every style key the format has.
awk '/^# style:/ {on = 1} on && /^# / {print substr($0, 3); next} {on = 0; print}' plain.md > styled.md
grep -q '^style:' styled.md && "$epistle" render styled.md -o styled.pdf || fail "the starter's style block"
for k in size leading margins paragraph faces colors letterhead closing labels fit min_size; do
    grep -q "^  $k:" styled.md || fail "the starter's style does not show '$k'"
done
echo "ok: $n starter letters"
