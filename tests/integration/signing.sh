#!/usr/bin/env bash
# Signing: a throwaway CA and two signers made here (no key is committed), the bilingual
# example signed by both signatories in turn, checked with pdfsig, qpdf and epistle verify;
# a flipped byte is caught; every refusal leaves the input alone and writes nothing.
# usage: signing.sh EPISTLE EXAMPLES_DIR OUTDIR
set -uo pipefail
epistle=$1 examples=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"; cd "$out" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
# pdfsig's reading, one line per distinct signature or unsigned field
sigs_of() { python3 "$here/sigfields.py" pdfsig "$1"; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Throwaway CA" 2>/dev/null \
    || fail "CA"
for who in lin okafor; do
    openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr -subj "/CN=$who/O=Coastal Rights Network" 2>/dev/null
    openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $who.pem -days 2 2>/dev/null
    openssl pkcs12 -export -inkey $who.key -in $who.pem -certfile ca.pem -out $who.p12 -passout pass:pw-$who || fail "p12"
    openssl pkey -in $who.key -aes256 -passout pass:pw-$who -out $who-enc.key 2>/dev/null || fail "encrypted key"
done
printf 'pw-okafor\n' > okafor.pass

"$epistle" render "$examples/open-letter/letter.md" -o letter.pdf || fail "render"
cp letter.pdf letter.orig
PW=pw-lin "$epistle" sign letter.pdf --field "Lin Wei-ting" --p12 lin.p12 --pass-env PW -o signed1.pdf || fail "sign 1"
cmp -s letter.pdf letter.orig || fail "the input was modified"
"$epistle" sign signed1.pdf --field "Ngozi Okafor" --key okafor-enc.key --cert okafor.pem --chain ca.pem \
    --pass-file okafor.pass -o signed2.pdf || fail "sign 2"

# A signatory whose printed name has a period ("A. Barrister": a period would make a field name
# a path) is signed by the name as printed, which --list-fields shows and /TU holds.
printf -- '---\nlang: en\ndate: 2026-03-15\nsignatories:\n  - name: A. Barrister\n  - name: 李明\n---\n\nText.\n' > period.md
"$epistle" render -q period.md -o period.pdf || fail "render period.md"
[ "$("$epistle" sign period.pdf --list-fields)" = "$(printf 'A. Barrister\n李明')" ] \
    || fail "--list-fields: $("$epistle" sign period.pdf --list-fields)"
PW=pw-lin "$epistle" sign -q period.pdf --field "A. Barrister" --p12 lin.p12 --pass-env PW -o period-1.pdf \
    || fail "sign by the printed name"
PW=pw-lin "$epistle" sign -q period-1.pdf --field "李明" --p12 lin.p12 --pass-env PW -o period-2.pdf \
    || fail "sign by a Chinese name"
[ "$(sigs_of period-2.pdf | grep -c 'Signature is Valid')" -eq 2 ] || fail "period: $(pdfsig period-2.pdf 2>&1)"
[ -z "$("$epistle" sign period-2.pdf --list-fields)" ] || fail "unsigned fields left in period-2.pdf"
# An ECDSA key (the signed attributes are signed by epistle itself, for any key type).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.pem -days 2 \
    -subj "/CN=ec" 2>/dev/null || fail "EC key"
"$epistle" sign -q period.pdf --field "李明" --key ec.key --cert ec.pem -o period-ec.pdf || fail "sign with ECDSA"
grep -q "Signature is Valid" <<<"$(pdfsig period-ec.pdf 2>&1)" || fail "ECDSA: $(pdfsig period-ec.pdf 2>&1)"
"$epistle" verify period-ec.pdf >/dev/null || fail "verify ECDSA"

# Both signatories signed once: two signatures, both valid, no unsigned field (the Chinese
# part's areas are widgets of the same two fields), as pdfsig and qpdf read the file.
sigs=$(sigs_of signed2.pdf)
[ "$(grep -c 'Signature is Valid' <<<"$sigs")" -eq 2 ] && ! grep -q UNSIGNED <<<"$sigs" || fail "pdfsig: $sigs"
fields=$(python3 "$here/sigfields.py" fields signed2.pdf)
[ "$(cut -f1,2 <<<"$fields")" = "$(printf 'Lin Wei-ting\t2,4\nNgozi Okafor\t2,4')" ] && ! grep -q -P '\t-$' <<<"$fields" \
    || fail "fields after signing: $fields"
[ -z "$("$epistle" sign signed2.pdf --list-fields)" ] || fail "unsigned fields left in signed2.pdf"
# A signer whose name is not ASCII: the signature's /Name reads back as it is (qpdf decodes it).
openssl req -x509 -newkey rsa:2048 -nodes -keyout cjk.key -out cjk.pem -days 2 -subj "/CN=林蔚婷" -utf8 2>/dev/null \
    || fail "CJK certificate"
"$epistle" sign -q letter.pdf --field "Lin Wei-ting" --key cjk.key --cert cjk.pem -o cjk.pdf || fail "sign as 林蔚婷"
grep -q '"/Name": "u:林蔚婷"' <<<"$(qpdf --json cjk.pdf)" || fail "/Name of a CJK signer: $(qpdf --json cjk.pdf | grep '"/Name"')"
# pdfsig: the first covers its revision, the second the whole file.
sigs=$(pdfsig signed2.pdf 2>&1)
grep -q "Not total document signed" <<<"$(grep -A8 "Field Name: Lin Wei-ting" <<<"$sigs")" || fail "first signature: $sigs"
grep -q "Total document signed" <<<"$(grep -A8 "Field Name: Ngozi Okafor" <<<"$sigs")" || fail "second signature: $sigs"
# What verify says each signature covers, against its byte range's end and the file's size.
python3 "$here/sig_coverage.py" "$epistle" signed1.pdf signed2.pdf >coverage.txt || fail "coverage: $(cat coverage.txt)"
grep -qx "signed2.pdf: {'Lin Wei-ting': False, 'Ngozi Okafor': True}" coverage.txt || fail "coverage: $(cat coverage.txt)"
grep -q "ETSI.CAdES.detached" <<<"$sigs" && grep -q "SHA-256" <<<"$sigs" || fail "not PAdES/SHA-256: $sigs"
# The CMS carries the signing-certificate-v2 attribute (PAdES B-B).
"$epistle" verify signed2.pdf --json > verify.json || fail "verify: $(cat verify.json)"
grep -c '"intact": true' verify.json | grep -x 2 >/dev/null || fail "verify json: $(cat verify.json)"
# Time as ISO 8601 (from /M, read here independently), and trust: the throwaway CA is in no
# store, until SSL_CERT_FILE names it.
python3 -c "
import json, re, sys
v = json.load(open('verify.json'))
for s in v:
    m = re.fullmatch(r'D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z', s['time'])
    iso = '%s-%s-%sT%s:%s:%sZ' % m.groups() if m else None
    if s['time_iso'] != iso or s['trusted'] is not False or 'self-signed' not in s['trust'] and 'issuer' not in s['trust']:
        sys.exit('verify: time or trust: %r' % s)
" || fail "verify time/trust"
grep -q "certificate: NOT TRUSTED: untrusted issuer (self-signed certificate in certificate chain)" <<<"$("$epistle" verify signed2.pdf)" \
    || fail "verify text: trust: $("$epistle" verify signed2.pdf)"
# --ca: the roots of a file instead of the system's.
[ "$("$epistle" verify --ca ca.pem signed2.pdf | grep -c 'certificate: trusted (a chain to a root of --ca)')" -eq 2 ] \
    || fail "verify --ca: $("$epistle" verify --ca ca.pem signed2.pdf)"
# A field nobody signed is listed (the letter is not fully signed), without failing verify.
"$epistle" verify signed1.pdf > v1.txt || fail "verify signed1"
grep -qx "Ngozi Okafor: not signed yet" v1.txt || fail "verify: unsigned field not listed: $(cat v1.txt)"
"$epistle" verify --json signed1.pdf | python3 -c "
import json, sys
v = json.load(sys.stdin)
assert [e['field'] for e in v if e.get('kind') == 'unsigned-field'] == ['Ngozi Okafor'], v
assert [e['trust_status'] for e in v if e.get('kind') == 'signature'] == ['untrusted issuer'], v
" || fail "verify --json: unsigned fields, trust status"
grep -qE "time: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC" <<<"$("$epistle" verify signed2.pdf)" || fail "verify text: time"
[ "$(SSL_CERT_FILE=ca.pem "$epistle" verify signed2.pdf | grep -c 'certificate: trusted')" -eq 2 ] \
    || fail "verify with the CA trusted: $(SSL_CERT_FILE=ca.pem "$epistle" verify signed2.pdf)"
# Every revision passes qpdf --check: the first ends where the first signature's range ends.
qpdf --check signed2.pdf >/dev/null || fail "qpdf on the last revision"
# Signing keeps the structure: the filled fields are still Form elements' OBJRs.
python3 "$here/check_tags.py" signed2.pdf >/dev/null || fail "tagging after signing"
end1=$(pdfsig signed2.pdf 2>&1 | grep -m1 -A7 "Field Name: Lin" | sed -n 's/.*Signed Ranges: \[0 - [0-9]*\], \[[0-9]* - \([0-9]*\)\].*/\1/p')
head -c "$end1" signed2.pdf > revision1.pdf
cmp -s revision1.pdf signed1.pdf || fail "revision 1 is not the first signed file"
qpdf --check revision1.pdf >/dev/null || fail "qpdf on revision 1"
openssl cms -verify -binary -inform DER -noverify -in <(
    python3 -c "
import re,sys
d=open('signed2.pdf','rb').read()
m=re.search(rb'/Contents <([0-9A-F]{1000,})>', d)  # the signature's, not a link's
der=bytes.fromhex(m.group(1).decode())
# The slot is padded with zeros: the DER's own length says where it ends (a signature may
# end in a zero byte itself).
n=der[1] & 0x7f
size=2 + n + int.from_bytes(der[2:2 + n], 'big') if der[1] & 0x80 else 2 + der[1]
sys.stdout.buffer.write(der[:size])
") -cmsout -print 2>/dev/null > cms.txt
grep -q "id-smime-aa-signingCertificateV2" cms.txt || fail "no signing-certificate-v2 attribute"
# PAdES baseline (EN 319 142-1, 5.3): no signing-time attribute; the time is the dictionary's /M.
grep -q "signingTime" cms.txt && fail "a signing-time attribute in a PAdES signature"
grep -q "messageDigest" cms.txt && grep -q "contentType" cms.txt || fail "signed attributes: $(grep object: cms.txt)"

# One flipped byte inside both signed ranges (early in the first revision): pdfsig and
# epistle verify both report both signatures damaged.
python3 -c "
d=bytearray(open('signed2.pdf','rb').read()); d[1500]^=1; open('tampered.pdf','wb').write(d)"
[ "$(sigs_of tampered.pdf | grep -c 'Digest Mismatch')" -eq 2 ] || fail "pdfsig: $(pdfsig tampered.pdf 2>&1)"
"$epistle" verify tampered.pdf > tampered.txt; rc=$?
[ $rc -eq 1 ] || fail "verify of a tampered file exits $rc"
[ "$(grep -c 'NOT INTACT' tampered.txt)" -eq 2 ] || fail "verify: $(cat tampered.txt)"
# Updates appended after signing: a replaced or added content stream, a link, a new title, an
# object the signed revision left undefined, two fields holding one signature.
python3 "$here/later_updates.py" "$epistle" letter.pdf signed1.pdf signed2.pdf . || fail "updates after signing"

# Refusals: nothing written, the input untouched.
refuse() {   # refuse NAME PATTERN COMMAND...
    local name=$1 pattern=$2; shift 2
    rm -f out.pdf
    local msg rc
    msg=$("$@" 2>&1); rc=$?
    [ $rc -ne 0 ] || fail "$name: succeeded"
    grep -q "$pattern" <<<"$msg" || fail "$name: '$msg'"
    [ ! -e out.pdf ] || fail "$name: wrote an output"
    cmp -s letter.pdf letter.orig || fail "$name: modified the input"
}
PW=pw-lin refuse "unknown field" "no signature field 'Nobody'" "$epistle" sign letter.pdf --field Nobody --p12 lin.p12 --pass-env PW -o out.pdf
PW=pw-lin refuse "signed twice" "signed already" "$epistle" sign signed1.pdf --field "Lin Wei-ting" --p12 lin.p12 --pass-env PW -o out.pdf
PW=nope refuse "wrong passphrase" "wrong passphrase" "$epistle" sign letter.pdf --field "Lin Wei-ting" --p12 lin.p12 --pass-env PW -o out.pdf
openssl req -x509 -newkey rsa-pss -nodes -keyout pss.key -out pss.pem -days 2 -subj "/CN=pss" 2>/dev/null || fail "PSS key"
refuse "RSA-PSS key" "RSA-PSS key, which epistle cannot sign with yet" "$epistle" sign letter.pdf --field "Lin Wei-ting" --key pss.key --cert pss.pem -o out.pdf
refuse "key of another" "does not belong to the certificate" "$epistle" sign letter.pdf --field "Lin Wei-ting" --key okafor.key --cert lin.pem -o out.pdf
qpdf --encrypt user owner 256 -- letter.pdf encrypted.pdf
PW=pw-lin refuse "encrypted" "encrypted" "$epistle" sign encrypted.pdf --field "Lin Wei-ting" --p12 lin.p12 --pass-env PW -o out.pdf
# Inputs without an end are read up to the limit, then refused by name.
PW=pw-lin refuse "endless PDF to sign" "/dev/zero: error: the file is larger than 512 MiB" "$epistle" sign /dev/zero --field X --p12 lin.p12 --pass-env PW -o out.pdf
"$epistle" verify /dev/zero > /dev/null 2> zero.err; rc=$?
[ $rc -eq 1 ] && grep -q "^/dev/zero: error: the file is larger than 512 MiB" zero.err || fail "verify /dev/zero: exit $rc, $(cat zero.err)"
# Damaged files the verify fuzzer found: an error of epistle's, nothing from the libraries.
for f in startxref-overflow no-catalog; do
    "$epistle" verify "$here/../fuzz/corpus/verify/$f" > /dev/null 2> damaged.err; rc=$?
    [ $rc -eq 1 ] && ! grep -qv "error: " damaged.err || fail "verify $f: exit $rc, $(cat damaged.err)"
done
refuse "passphrase on the command line" "never taken from the command line" "$epistle" sign letter.pdf --field X --pass pw -o out.pdf

# Keys and files of every kind a signer may bring.
# A PKCS#12 of older tools (RC2 and 3DES, OpenSSL's legacy provider) opens with its passphrase.
openssl pkcs12 -export -legacy -inkey lin.key -in lin.pem -out lin-legacy.p12 -passout pass:pw-lin 2>/dev/null || fail "legacy p12"
PW=pw-lin "$epistle" sign letter.pdf --field "Lin Wei-ting" --p12 lin-legacy.p12 --pass-env PW -o legacy.pdf \
    && grep -q "Signature is Valid" <<<"$(pdfsig legacy.pdf 2>&1)" || fail "legacy PKCS#12"
refuse "no passphrase" "needs a passphrase and none was given" "$epistle" sign letter.pdf --field "Lin Wei-ting" --p12 lin.p12 -o out.pdf
refuse "no passphrase for a key" "needs a passphrase and none was given" "$epistle" sign letter.pdf --field "Lin Wei-ting" \
    --key lin-enc.key --cert lin.pem -o out.pdf
# ECDSA signs (PAdES allows it); Ed25519 is refused by name.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.pem -days 2 -subj /CN=ec 2>/dev/null
"$epistle" sign letter.pdf --field "Lin Wei-ting" --key ec.key --cert ec.pem -o ecdsa.pdf \
    && grep -q "Signature is Valid" <<<"$(pdfsig ecdsa.pdf 2>&1)" || fail "ECDSA: $(pdfsig ecdsa.pdf 2>&1)"
openssl req -x509 -newkey ed25519 -nodes -keyout ed.key -out ed.pem -days 2 -subj /CN=ed 2>/dev/null
refuse "Ed25519" "the key is ED25519: PDF signatures take RSA or ECDSA" "$epistle" sign letter.pdf --field "Lin Wei-ting" \
    --key ed.key --cert ed.pem -o out.pdf
# An expired certificate with a 1024-bit RSA key, signed with SHA-1: signed, with warnings,
# and verify says the same.
mkdir -p weakca/new && touch weakca/index.txt && echo 01 > weakca/serial
printf '[ca]\ndefault_ca=d\n[d]\ndir=weakca\ndatabase=weakca/index.txt\nnew_certs_dir=weakca/new\nserial=weakca/serial\npolicy=p\n[p]\ncommonName=supplied\n' > weak.cnf
openssl req -new -newkey rsa:1024 -nodes -keyout weak.key -out weak.csr -subj /CN=weak 2>/dev/null
openssl ca -batch -config weak.cnf -selfsign -keyfile weak.key -in weak.csr -out weak.pem -md sha1 \
    -startdate 20200101000000Z -enddate 20210101000000Z >/dev/null 2>&1 || fail "weak certificate"
"$epistle" sign letter.pdf --field "Lin Wei-ting" --key weak.key --cert weak.pem -o weak.pdf 2> weak.err || fail "weak: $(cat weak.err)"
# Expired when it signed, under a root the verifier trusts: said in those words.
openssl req -new -newkey rsa:2048 -nodes -keyout old.key -out old.csr -subj /CN=old 2>/dev/null
openssl ca -batch -config weak.cnf -cert ca.pem -keyfile ca.key -in old.csr -out old.pem -md sha256 \
    -startdate 20200101000000Z -enddate 20210101000000Z >/dev/null 2>&1 || fail "expired certificate"
"$epistle" sign -q letter.pdf --field "Lin Wei-ting" --key old.key --cert old.pem -o expired.pdf 2>/dev/null || fail "sign expired"
grep -q "certificate: NOT TRUSTED: expired at signing time" <<<"$("$epistle" verify --ca ca.pem expired.pdf)" \
    || fail "verify expired: $("$epistle" verify --ca ca.pem expired.pdf)"
for w in "has expired" "1024 bits" "SHA-1"; do
    grep -q "weak.pem: warning: .*$w" weak.err || fail "signing with a weak certificate: no '$w' in $(cat weak.err)"
    grep -q "warning: .*$w" <<<"$("$epistle" verify weak.pdf)" || fail "verify: no '$w' in $("$epistle" verify weak.pdf)"
done

# Certification (DocMDP): the first signature may say which changes the letter allows after it.
PW=pw-lin "$epistle" sign -q letter.pdf --field "Lin Wei-ting" --p12 lin.p12 --pass-env PW --certify 1 -o cert1.pdf \
    || fail "--certify 1"
python3 - cert1.pdf <<'PY' || fail "the certification as qpdf reads it"
import json, subprocess, sys
j = json.loads(subprocess.run(["qpdf", "--json", sys.argv[1]], capture_output=True, text=True, check=True).stdout)
objs = j["qpdf"][1]
root = objs["obj:" + objs["trailer"]["value"]["/Root"]]["value"]
sig = objs["obj:" + root["/Perms"]["/DocMDP"]]["value"]
ref = sig["/Reference"][0]
assert ref["/TransformMethod"] == "/DocMDP" and ref["/TransformParams"]["/P"] == 1, ref
PY
grep -q "certifies the letter: no changes allowed after it" <<<"$("$epistle" verify cert1.pdf)" || fail "verify: certification"
"$epistle" sign -q cert1.pdf --field "Ngozi Okafor" --key okafor-enc.key --cert okafor.pem --pass-file okafor.pass \
    -o cert1b.pdf || fail "sign after a certification"
grep -q "problem: it certifies the letter with no changes allowed, and a later update signed 'Ngozi Okafor'" <<<"$("$epistle" verify cert1b.pdf > cert1b.txt; rc=$?
[ $rc -eq 1 ] && grep -A8 "^Lin Wei-ting: CHANGED AFTER SIGNING" cert1b.txt \
   )" \
    || fail "a signature after a no-change certification: exit $rc, $(cat cert1b.txt)"
PW=pw-lin "$epistle" sign -q letter.pdf --field "Lin Wei-ting" --p12 lin.p12 --pass-env PW --certify 2 -o cert2.pdf \
    && "$epistle" sign -q cert2.pdf --field "Ngozi Okafor" --key okafor-enc.key --cert okafor.pem --pass-file okafor.pass \
    -o cert2b.pdf && "$epistle" verify cert2b.pdf > cert2b.txt || fail "signing after a P=2 certification: $(cat cert2b.txt)"
grep -q "certifies the letter: only signing allowed after it" cert2b.txt || fail "verify P=2: $(cat cert2b.txt)"
refuse "certify second" "only the first signature can certify" "$epistle" sign cert2.pdf --field "Ngozi Okafor" \
    --key okafor-enc.key --cert okafor.pem --pass-file okafor.pass --certify 1 -o out.pdf

# Signing while rendering, for a single signer.
PW=pw-lin "$epistle" render "$examples/open-letter/letter.md" -o rendered-signed.pdf --sign-field "Lin Wei-ting" --p12 lin.p12 --pass-env PW \
    || fail "render --sign-field"
[ "$(sigs_of rendered-signed.pdf | grep -c 'Signature is Valid')" -eq 1 ] || fail "render --sign-field: not signed"
# A visible signature: the signer's name and the time drawn in every widget of the field, in
# the letter's own faces (embedded subsets), read back by pdftotext from the widget's area at
# the sizes and places the checker asks for; a CJK-named signer, and an Arabic one on a
# right-to-left page.
cert_for() {   # cert_for FILE "CN": a certificate from the throwaway CA
    openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2/O=Coastal Rights Network" -utf8 \
        2>/dev/null && openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" -days 2 \
        2>/dev/null || fail "certificate for $2"
}
cert_for lin-zh "林蔚婷"
"$epistle" sign -q letter.pdf --field "林蔚婷" --key lin-zh.key --cert lin-zh.pem --visible -o visible.pdf || fail "--visible"
grep -q "^Lin Wei-ting.*Signature is Valid" <<<"$(sigs_of visible.pdf)" || fail "--visible: not valid: $(sigs_of visible.pdf)"
python3 "$here/sigappearance.py" visible.pdf "Lin Wei-ting" "林蔚婷" || fail "--visible: the appearance"
pdffonts visible.pdf | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1 } END { exit bad }' \
    || fail "--visible: a font not embedded or not a subset: $(pdffonts visible.pdf)"
qpdf --check visible.pdf >/dev/null || fail "--visible: qpdf"
"$epistle" render -q "$examples/arabic/letter.md" -o arabic.pdf || fail "render the Arabic letter"
first=$("$epistle" sign arabic.pdf --list-fields | head -1)
cert_for haddad "$first"
"$epistle" sign -q arabic.pdf --field "$first" --key haddad.key --cert haddad.pem --visible -o arabic-visible.pdf \
    || fail "--visible, Arabic"
python3 "$here/sigappearance.py" arabic-visible.pdf "$first" "$first" rtl || fail "--visible: the Arabic appearance"
# A name too long for a narrow field (three signatories to a row): set smaller, with a warning
# that says so, and still inside the field.
printf -- '---\nlang: en\ndate: 2026-03-15\nsignatories:\n  - name: A. Barrister\n  - name: B. Counsel\n  - name: C. Advocate\n---\n\nText.\n' > three.md
"$epistle" render -q three.md -o three.pdf || fail "render three.md"
cert_for long "Maximilian Alexander Featherstonehaugh-Worthington"
"$epistle" sign three.pdf --field "A. Barrister" --key long.key --cert long.pem --visible -o three-visible.pdf 2> three.err \
    || fail "--visible, a long name"
grep -q "warning: the signature field is too small for the name" three.err || fail "no warning of the smaller name: $(cat three.err)"
python3 "$here/sigappearance.py" three-visible.pdf "A_ Barrister" "Maximilian" smaller || fail "--visible: a long name"

# PDF/A-2b: rendered, then signed by one signatory, still meets the rules epistle controls.
check_pdfa="$here/check_pdfa.py"
PY=$(command -v /usr/bin/python3 || command -v python3)
SOURCE_DATE_EPOCH=1700000000 "$epistle" render "$examples/open-letter/letter.md" --pdfa -o archival.pdf || fail "render --pdfa"
"$PY" "$check_pdfa" archival.pdf || fail "PDF/A checks"
PW=pw-lin "$epistle" sign archival.pdf --field "Lin Wei-ting" --p12 lin.p12 --pass-env PW -o archival-signed.pdf || fail "sign PDF/A"
"$PY" "$check_pdfa" archival-signed.pdf || fail "PDF/A checks after signing"
"$epistle" sign -q archival.pdf --field "林蔚婷" --key lin-zh.key --cert lin-zh.pem --visible -o archival-visible.pdf \
    || fail "sign PDF/A with --visible"
"$PY" "$check_pdfa" archival-visible.pdf || fail "PDF/A checks after signing with --visible"
qpdf --check archival-signed.pdf >/dev/null || fail "qpdf on the signed PDF/A"
echo ok
