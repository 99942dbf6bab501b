#!/usr/bin/env bash
# Features of the PDF that the text checks do not see: link annotations, one bookmark per
# part, metadata, SOURCE_DATE_EPOCH, paper sizes, JPEG signatures, font fallback.
# usage: pdf_features.sh EPISTLE EXAMPLES_DIR OUTDIR
set -uo pipefail
epistle=$1 examples=$2 out=$3
rm -rf "$out"; mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)

pdf="$out/open-letter.pdf"
"$epistle" render "$examples/open-letter/letter.md" -o "$pdf" || fail "render"

# Links are URI annotations with the link's target.
qpdf --qdf --object-streams=disable "$pdf" "$out/qdf.pdf"
grep -a -q '/URI (https://coastalrights.example/bill)' "$out/qdf.pdf" || fail "no link annotation for the body link"
grep -a -q '/URI (mailto:office@coastalrights.example)' "$out/qdf.pdf" || fail "no mailto link in the letterhead"

# One bookmark per part, titled with the part's subject, pointing at the part's first page.
outline=$(mutool show "$pdf" outline 2>/dev/null)
[ "$(grep -c . <<<"$outline")" -eq 2 ] || fail "expected 2 bookmarks: $outline"
grep -q 'Re: The Coastal Defence Bill.*#page=1' <<<"$outline" || fail "English bookmark: $outline"
grep -q '主旨：關於《海岸防護法案》.*#page=3' <<<"$outline" || fail "Chinese bookmark: $outline"

# Metadata: title from the subject, authors from the signatories, language; no date by default.
info=$(pdfinfo "$pdf")
grep -q '^Title: *Re: The Coastal Defence Bill' <<<"$info" || fail "title: $info"
grep -q '^Author: *Lin Wei-ting, Ngozi Okafor' <<<"$info" || fail "author: $info"
grep -q 'CreationDate' <<<"$info" && fail "a creation date without SOURCE_DATE_EPOCH"
grep -a -q '/Lang (en-GB)' "$out/qdf.pdf" || fail "no /Lang in the catalog"
SOURCE_DATE_EPOCH=1700000000 "$epistle" render "$examples/open-letter/letter.md" -o "$out/dated.pdf" || fail "render dated"
pdfinfo -isodates "$out/dated.pdf" | grep 'CreationDate: *2023-11-14T22:13:20' >/dev/null || fail "SOURCE_DATE_EPOCH not honoured"

# Paper sizes, and a JPEG signature (made here with Ghostscript, so no binary is committed).
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=jpeg -r30 -sOutputFile="$out/sig.jpg" "$pdf" -dFirstPage=1 -dLastPage=1 2>/dev/null \
    || gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=jpeg -r30 -dFirstPage=1 -dLastPage=1 -sOutputFile="$out/sig.jpg" "$pdf"
for paper in a4:595x842 letter:612x792 legal:612x1008 a5:420x595; do
    name=${paper%%:*} size=${paper#*:}
    printf -- '---\npaper: %s\nsignatories:\n  - name: Test Person\n    signature: sig.jpg\n---\nA short letter on %s paper.\n' \
        "$name" "$name" > "$out/$name.md"
    "$epistle" render "$out/$name.md" -o "$out/$name.pdf" || fail "render $name"
    got=$(pdfinfo "$out/$name.pdf" | awk '/^Page size:/ {printf "%.0fx%.0f", $3, $5}')
    [ "$got" = "$size" ] || fail "$name: page size $got, expected $size"
    qpdf --qdf --object-streams=disable "$out/$name.pdf" "$out/$name-qdf.pdf"
    grep -a -q '/DCTDecode' "$out/$name-qdf.pdf" || fail "$name: the JPEG signature is not in the PDF"
done

# One empty signature field per signatory of the letter, with a widget in each part that
# names them (the Chinese part names the English field with signature_field:), as qpdf reads
# the AcroForm; names stay unique; signature_field: false turns them off.
sigs=$(python3 "$here/sigfields.py" fields "$pdf")
[ "$sigs" = "$(printf 'Lin Wei-ting\t2,4\t-\nNgozi Okafor\t2,4\t-')" ] || fail "signature fields of the example: $sigs"
# The same name in two parts is the same field without being told; a different one is not.
printf -- '---\nlang: en\nsignatories:\n  - name: Il Lee\n  - name: Piya Muqit\n---\nBody.\n\n---\nlang: ko\nsignatories:\n  - name: Il Lee\n  - name: 피야 무킷\n---\n본문.\n' > "$out/shared.md"
"$epistle" render -q "$out/shared.md" -o "$out/shared.pdf" || fail "render shared"
sigs=$(python3 "$here/sigfields.py" fields "$out/shared.pdf" | sort)
[ "$sigs" = "$(printf 'Il Lee\t1,2\t-\nPiya Muqit\t1\t-\n피야 무킷\t2\t-')" ] || fail "fields shared by name: $sigs"
printf -- '---\nsignatories:\n  - name: A. Lee\n  - name: A. Lee\n---\nBody.\n' > "$out/twins.md"
"$epistle" render "$out/twins.md" -o "$out/twins.pdf" || fail "render twins"
sigs=$(pdfsig "$out/twins.pdf" 2>&1)
grep -q "Field Name: A_ Lee$" <<<"$sigs" && grep -q "Field Name: A_ Lee (2)$" <<<"$sigs" || fail "twins: $sigs"
printf -- '---\nsignature_field: false\nsignatories:\n  - name: A. Lee\n---\nBody.\n' > "$out/nofield.md"
"$epistle" render "$out/nofield.md" -o "$out/nofield.pdf" || fail "render nofield"
pdfsig "$out/nofield.pdf" 2>&1 | grep "Field Name" >/dev/null && fail "signature_field: false still made a field"

# A character the letter's faces lack comes from another installed face, and extracts.
printf -- '---\nlang: en\n---\nGreeting in Amharic: ሰላም, and in Thai: สวัสดี.\n' > "$out/fallback.md"
"$epistle" render "$out/fallback.md" -o "$out/fallback.pdf" 2> "$out/fallback.err" || fail "render fallback"
pdffonts "$out/fallback.pdf" | grep 'Ethiopic' >/dev/null || fail "no Ethiopic face: $(pdffonts "$out/fallback.pdf")"
pdftotext "$out/fallback.pdf" - | tr -d '\n' | grep 'ሰላም' >/dev/null || fail "Ethiopic text does not extract"
pdftotext "$out/fallback.pdf" - | tr -d '\n' | grep 'สวัสดี' >/dev/null || fail "Thai text does not extract"

# Links: http, https and mailto only. Others keep their text, become no link annotation,
# and are named in a warning at their position (the body, the letterhead, a merged value).
printf -- '---\nlang: en\nfrom:\n  name: X\n  web: file:///etc/passwd\n---\n[click](javascript:alert(1)) and [ok](https://example.org) and [f](file:///etc/passwd).\n' > "$out/links.md"
"$epistle" render "$out/links.md" -o "$out/links.pdf" 2> "$out/links.err" || fail "render links"
qpdf --qdf --object-streams=disable "$out/links.pdf" "$out/links-qdf.pdf"
uris=$(grep -a -o '/URI ([^)]*)' "$out/links-qdf.pdf" | tr '\n' ' ')
[ "$uris" = "/URI (https://example.org) " ] || fail "link annotations: $uris"
grep -q 'links.md:7:1: warning: the link to .javascript:alert(1). is not http' "$out/links.err" || fail "javascript: link: $(cat "$out/links.err")"
grep -q 'links.md:7:64: warning: the link to .file:///etc/passwd.' "$out/links.err" || fail "file: link"
grep -q 'links.md:5:8: warning: .file:///etc/passwd. is not an http or https address' "$out/links.err" || fail "web: file:"
grep -q 'click and ok and f' <<<"$(pdftotext "$out/links.pdf" -)" || fail "link text lost"
printf -- '---\nlang: en\n---\nSee [the page]({{url}}).\n' > "$out/tmpl.md"
printf 'id,url\na,javascript:alert(1)\nb,https://example.org/b\n' > "$out/urls.csv"
"$epistle" merge "$out/tmpl.md" "$out/urls.csv" -o "$out/m-{{id}}.pdf" 2> "$out/merge.err" || fail "merge links"
qpdf --qdf --object-streams=disable "$out/m-a.pdf" "$out/m-a-qdf.pdf"
qpdf --qdf --object-streams=disable "$out/m-b.pdf" "$out/m-b-qdf.pdf"
grep -a -q '/URI' "$out/m-a-qdf.pdf" && fail "a merged javascript: link is live"
grep -a -q '/URI (https://example.org/b)' "$out/m-b-qdf.pdf" || fail "a merged https link is lost"
grep -q "javascript:alert(1)' is not http" "$out/merge.err" || fail "no warning for the merged link: $(cat "$out/merge.err")"

# One link annotation per link and page, however many lines the link takes: a 30,000-character
# address is written once per page (it used to be once per line, 60 MB of PDF).
# (Without font expansion, which would fill the address's lines exactly.)
python3 -c "print('---\\nlang: en\\ndate: 2026-03-15\\nstyle:\\n  microtype: false\\n---\\n\\nSee <https://example.org/' + 'a' * 30000 + '> for more.')" > "$out/long.md"
"$epistle" render "$out/long.md" -o "$out/long.pdf" 2> "$out/long.err" || fail "render a long link"
# Its hundreds of identical warnings (each line of the address is underfull) are said once,
# with how many more there were.
[ "$(grep -c ": warning: underfull line" "$out/long.err")" -eq 1 ] || fail "repeated warnings not collapsed: $(grep -c ": warning: underfull" "$out/long.err") warnings"
grep -q 'part of a word wider than the line' "$out/long.err" || fail "the underfull warning does not say why: $(head -1 "$out/long.err")"
grep -qE 'long.md:8:5: warning: … and [0-9]+ more like it' "$out/long.err" || fail "no count of repeats: $(grep more "$out/long.err")"
pages=$(pdfinfo "$out/long.pdf" | awk '/^Pages:/ {print $2}')
qpdf --qdf --object-streams=disable "$out/long.pdf" "$out/long-qdf.pdf"
annots=$(grep -a -c '/Subtype /Link' "$out/long-qdf.pdf")
[ "$annots" -ge 1 ] && [ "$annots" -le "$pages" ] || fail "$annots link annotations on $pages pages"
[ "$(stat -c %s "$out/long.pdf")" -lt 1000000 ] || fail "a long link makes a PDF of $(stat -c %s "$out/long.pdf") bytes"
grep -a -q '/QuadPoints' "$out/long-qdf.pdf" || fail "no /QuadPoints for the link's lines"
# All of it is on the pages (it used to run off the first page's bottom).
[ "$(pdftotext "$out/long.pdf" - | tr -cd a | wc -c)" -ge 30000 ] || fail "the long link's text is not all there"

# A line that breaks at a space inside a link keeps that space at its end, in the text
# (invisible: screen readers read the structure's text, and would join the two words), on
# every such line of a long paragraph of links, where the page's items grow while a line is
# placed (a stale pointer once lost the space on such a line). MuPDF's glyphs, by line.
python3 -c "print('---\\nlang: en\\ndate: 2026-03-15\\nstyle:\\n  microtype: false\\n---\\n\\n' + ' '.join('[alpha beta gamma delta %d epsilon zeta eta theta](https://e.example/%d)' % (i, i) for i in range(600)))" > "$out/links.md"
"$epistle" render -q "$out/links.md" -o "$out/links.pdf" || fail "render links"
mutool trace "$out/links.pdf" | python3 -c '
import re, sys
rows, page = {}, 0
for l in sys.stdin:
    page += "<page " in l
    m = re.search(r"<g unicode=\"([^\"]*)\" glyph=\"\d+\" x=\"([-\d.]+)\" y=\"([-\d.]+)\"", l)
    if m:
        rows.setdefault((page, float(m.group(3))), []).append((float(m.group(2)), m.group(1)))
lines = ["".join(u for _, u in sorted(v)) for _, v in sorted(rows.items())]
body = [l for l in lines if "alpha" in l or "theta" in l]
bad = [l[-30:] for l in body[:-1] if not l.endswith(" ") and not l.endswith("theta")]
sys.exit("%d of %d lines broken inside a link lost their end space: %r" % (len(bad), len(body), bad[:3]) if bad or len(body) < 100 else 0)
' || fail "end spaces inside links"

# List numbers print whole, however many digits: the label box grows to the widest label,
# and the items' text stands clear of it.
printf -- '---\nlang: en\n---\n\n99999. first item\n100000. second item\n' > "$out/numbers.md"
"$epistle" render "$out/numbers.md" -o "$out/numbers.pdf" || fail "render numbers"
labels=$(pdftotext -raw "$out/numbers.pdf" - | grep -xE '[0-9]+\.' | tr '\n' ' ')
[ "$labels" = "99999. 100000. " ] || fail "list labels not whole: '$labels'"
pdftotext -bbox "$out/numbers.pdf" - | python3 -c '
import re, sys
words = re.findall(r"xMin=\"([\d.]+)\" yMin=\"[\d.]+\" xMax=\"([\d.]+)\"[^>]*>([^<]*)<", sys.stdin.read())
label = max(float(b) for a, b, w in words if w == "100000.")
text = min(float(a) for a, b, w in words if w == "second")
sys.exit(0 if text > label + 2 else 1)' || fail "the item text overlaps its label"

# A paragraph longer than a page that starts at the top of the first page (no address, no
# opening) breaks where the page ends and goes on: every word comes back, in order. (It used
# to run off the first page's bottom, silently.)
words=$(seq 2000 | sed 's/^/word/' | tr '\n' ' ')
for fm in 'lang: en' $'lang: en\nopening: Dear X,'; do
    printf -- '---\n%s\n---\n%s\n' "$fm" "$words" > "$out/long-paragraph.md"
    "$epistle" render "$out/long-paragraph.md" -o "$out/long-paragraph.pdf" 2>/dev/null || fail "render a long paragraph"
    [ "$(pdftotext "$out/long-paragraph.pdf" - | grep -o 'word[0-9]*' | tr '\n' ' ')" = "$words" ] \
        || fail "a paragraph longer than a page ($fm) lost words: ends at $(pdftotext "$out/long-paragraph.pdf" - | grep -o 'word[0-9]*' | tail -1)"
done

# An element with more children than libharu's 32,767-entry arrays hold (a paragraph of
# 17,000 inline Chinese spans: 34,000 marked-content sequences) is written, its children
# grouped, and the structure stays whole.
{ printf -- '---\nlang: en\n---\n'; for _ in $(seq 17000); do printf 'a 中 '; done; echo; } > "$out/many-kids.md"
"$epistle" render "$out/many-kids.md" -o "$out/many-kids.pdf" 2>/dev/null || fail "render 34,000 children of one element"
python3 "$(dirname "$0")/check_tags.py" "$out/many-kids.pdf" >/dev/null || fail "many children: structure"
[ "$(pdftotext "$out/many-kids.pdf" - | grep -o '中' | wc -l)" -eq 17000 ] || fail "many children: text"
echo ok
