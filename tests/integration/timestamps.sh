#!/usr/bin/env bash
# PAdES B-T: a signature time-stamped by a time-stamp authority that runs here, on 127.0.0.1
# (OpenSSL's `ts -reply` behind tsa_server.py); nothing leaves the machine. The token is
# checked with `openssl ts -verify` against the hash of the signature value, read from the PDF
# here; a TSA that refuses, answers for other bytes or is not a TSA makes signing fail and
# write nothing.
# usage: timestamps.sh EPISTLE EXAMPLES_DIR OUTDIR
set -uo pipefail
epistle=$1 examples=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"; cd "$out" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
# (the servers answer 127.0.0.1 directly, whatever proxy the environment names)
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1

# A throwaway CA, a signer, and a TSA whose certificate is for time-stamping only.
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Test Root" 2>/dev/null || fail "CA"
openssl req -newkey rsa:2048 -nodes -keyout lin.key -out lin.csr -subj "/CN=Lin Wei-ting" 2>/dev/null
openssl x509 -req -in lin.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out lin.pem -days 2 2>/dev/null || fail "signer"
openssl req -newkey rsa:2048 -nodes -keyout tsa.key -out tsa.csr -subj "/CN=Test TSA" 2>/dev/null
printf 'extendedKeyUsage=critical,timeStamping\n' > tsa.ext
openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tsa.pem -days 2 -extfile tsa.ext 2>/dev/null \
    || fail "TSA certificate"
echo 01 > tsaserial
cp "$here/tsa.cnf" tsa.cnf

start_tsa() {   # start_tsa MODE: url= a TSA answering in that mode
    local port="tsa-$1.port"
    python3 "$here/tsa_server.py" "$PWD" "$1" > "$port" 2> "tsa-$1.err" &
    pids+=($!)
    for _ in $(seq 50); do [ -s "$port" ] && break; sleep 0.1; done
    url="http://127.0.0.1:$(head -1 "$port")/tsa"
}
start_tsa good
tsa=$url

"$epistle" render -q "$examples/open-letter/letter.md" -o letter.pdf || fail "render"
"$epistle" sign -q letter.pdf --field "Lin Wei-ting" --key lin.key --cert lin.pem --tsa "$tsa" -o stamped.pdf \
    || fail "sign --tsa"
grep -q "Signature is Valid" <<<"$(pdfsig stamped.pdf 2>&1)" || fail "pdfsig: $(pdfsig stamped.pdf 2>&1)"

# The token, from the CMS as OpenSSL prints it, against the signature value's hash.
python3 - stamped.pdf <<'PY' || fail "extracting the token"
import re, subprocess, sys
d = open(sys.argv[1], "rb").read()
m = re.search(rb"/Contents <([0-9A-F]{1000,})>", d)
der = bytes.fromhex(m.group(1).decode())
n = der[1] & 0x7f
der = der[:2 + n + int.from_bytes(der[2:2 + n], "big")]
open("cms.der", "wb").write(der)
PY
openssl cms -cmsout -inform DER -in cms.der -print > cms.txt 2>/dev/null || fail "cms print"
grep -q "id-smime-aa-timeStampToken" cms.txt || fail "no timeStampToken attribute"
python3 - <<'PY' || fail "the token's parts"
# The signature value and the token: the SignerInfo's signature OCTET STRING and the DER of the
# attribute's value, found with OpenSSL's own parse (asn1parse offsets).
import subprocess
der = open("cms.der", "rb").read()
lines = subprocess.run(["openssl", "asn1parse", "-inform", "DER", "-in", "cms.der"], capture_output=True,
                       text=True, check=True).stdout.splitlines()
def at(line):
    off, rest = line.split(":", 1)
    hl = int(rest.split("hl=")[1].split()[0]); l = int(rest.split(" l=")[1].split()[0])
    return int(off), hl, l
token_oid = next(i for i, l in enumerate(lines) if "id-smime-aa-timeStampToken" in l)
# the signature value: the last OCTET STRING before the unsigned attributes
sig = [l for l in lines[:token_oid] if "OCTET STRING" in l and "[HEX DUMP]" in l][-1]
off, hl, l = at(sig)
open("sigvalue.bin", "wb").write(der[off + hl:off + hl + l])
# the token: the SEQUENCE inside the attribute's SET after the OID
tok = next(l for l in lines[token_oid + 1:] if "cons: SEQUENCE" in l)
off, hl, l = at(tok)
open("token.der", "wb").write(der[off:off + hl + l])
PY
openssl ts -verify -data sigvalue.bin -in token.der -token_in -CAfile ca.pem -untrusted tsa.pem > verify.txt 2>&1 \
    || fail "openssl ts -verify: $(cat verify.txt)"
# ... and not against other bytes (the check can fail).
head -c 64 /dev/urandom > other.bin
openssl ts -verify -data other.bin -in token.der -token_in -CAfile ca.pem -untrusted tsa.pem >/dev/null 2>&1 \
    && fail "the token verifies against other bytes"

# epistle verify reads the time from the token, and says who vouches for it.
"$epistle" verify stamped.pdf > v.txt || fail "verify: $(cat v.txt)"
grep -q "time-stamped by .*Test TSA" v.txt || fail "verify: no time-stamp in $(cat v.txt)"
tst_time=$(openssl ts -reply -token_in -in token.der -text 2>/dev/null | sed -n 's/^Time stamp: //p')
want=$(date -u -d "$tst_time" +%Y-%m-%dT%H:%M:%SZ) || fail "time of the token: '$tst_time'"
"$epistle" verify --json stamped.pdf > v.json
python3 -c "
import json, sys
s = json.load(open('v.json'))[0]
ts = s.get('timestamp') or {}
sys.exit(0 if ts.get('time') == '$want' and ts.get('good') is True and 'Test TSA' in ts.get('tsa', '') else 'verify --json: %r' % s)
" || fail "verify --json time-stamp"
grep -q "time-stamp: trusted" <<<"$(SSL_CERT_FILE=ca.pem "$epistle" verify stamped.pdf)" \
    || fail "TSA trusted with its root: $(SSL_CERT_FILE=ca.pem "$epistle" verify stamped.pdf)"

# PAdES B-LTA: a document time-stamp over the whole signed file. Its token, read here from the
# last signature dictionary, verifies with openssl against the bytes of its byte range.
"$epistle" timestamp -q stamped.pdf --tsa "$tsa" -o lta.pdf || fail "timestamp"
qpdf --check lta.pdf >/dev/null || fail "qpdf on the time-stamped file"
python3 - lta.pdf <<'PY' || fail "document time-stamp's token"
import re, sys
d = open(sys.argv[1], "rb").read()
m = list(re.finditer(rb"/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 "
                     rb"/ByteRange \[0 (\d+) (\d+) (\d+)\]\s*/Contents <([0-9A-F]+)>", d))
if len(m) != 1:
    sys.exit("%d document time-stamp dictionaries" % len(m))
a, b, c = (int(x) for x in m[0].groups()[:3])
if b + c != len(d):
    sys.exit("the byte range does not reach the end of the file")
open("lta-range.bin", "wb").write(d[:a] + d[b:b + c])
tok = bytes.fromhex(m[0].group(4).decode())
n = tok[1] & 0x7f
open("lta-token.der", "wb").write(tok[:2 + n + int.from_bytes(tok[2:2 + n], "big")])
PY
openssl ts -verify -data lta-range.bin -in lta-token.der -token_in -CAfile ca.pem -untrusted tsa.pem > lta-verify.txt 2>&1 \
    || fail "openssl ts -verify of the document time-stamp: $(cat lta-verify.txt)"
"$epistle" verify lta.pdf > lta.txt || fail "verify after the document time-stamp: $(cat lta.txt)"
grep -q "^Document time-stamp: intact" lta.txt && grep -q "document time-stamp by: CN=Test TSA" lta.txt \
    && grep -q "change only what signing changes" <<<"$(grep -A6 "^Lin Wei-ting: intact" lta.txt)" || fail "verify: $(cat lta.txt)"
grep -q "Total document signed" <<<"$(pdfsig lta.pdf 2>&1 | grep -A9 "Field Name: Document time-stamp")" \
    || fail "pdfsig: $(pdfsig lta.pdf 2>&1)"
# A byte changed in the signed part: the time-stamp no longer holds.
python3 -c "
d=bytearray(open('lta.pdf','rb').read()); d[2000]^=1; open('lta-bad.pdf','wb').write(d)"
"$epistle" verify lta-bad.pdf > lta-bad.txt; rc=$?
[ $rc -eq 1 ] && grep -q "^Document time-stamp: NOT INTACT" lta-bad.txt || fail "tampered time-stamp: exit $rc, $(cat lta-bad.txt)"
# A PDF without a form (no signature fields) gets one; a PDF/A stays one.
printf -- '---\nlang: en\ndate: 2026-03-15\nsignature_field: false\nsignatories:\n  - name: A. Lee\n---\nBody.\n' > noform.md
"$epistle" render -q --pdfa noform.md -o noform.pdf && "$epistle" timestamp -q noform.pdf --tsa "$tsa" -o noform-lta.pdf \
    || fail "time-stamp of a PDF without a form"
grep -q "^Document time-stamp: intact" <<<"$("$epistle" verify noform-lta.pdf)" || fail "verify noform: $("$epistle" verify noform-lta.pdf)"
qpdf --check noform-lta.pdf >/dev/null || fail "qpdf noform"
python3 "$here/check_pdfa.py" noform-lta.pdf || fail "PDF/A checks after a document time-stamp"

# TSAs that must not be believed: signing fails, nothing is written.
for mode in refuse other html; do
    start_tsa $mode
    rm -f bad.pdf
    msg=$("$epistle" sign letter.pdf --field "Lin Wei-ting" --key lin.key --cert lin.pem --tsa "$url" -o bad.pdf 2>&1); rc=$?
    [ $rc -ne 0 ] && [ ! -e bad.pdf ] || fail "TSA $mode: exit $rc, $msg"
    case $mode in
        refuse) grep -q "refused the time-stamp" <<<"$msg" || fail "refuse: $msg" ;;
        other) grep -q "does not answer the request" <<<"$msg" || fail "other: $msg" ;;
        html) grep -q "error: .*$url" <<<"$msg" || fail "html: $msg" ;;
    esac
done
# No server at all.
msg=$("$epistle" sign letter.pdf --field "Lin Wei-ting" --key lin.key --cert lin.pem --tsa http://127.0.0.1:9/ -o bad.pdf 2>&1)
[ $? -ne 0 ] && [ ! -e bad.pdf ] && grep -q "http://127.0.0.1:9/" <<<"$msg" || fail "no TSA: $msg"
echo ok
