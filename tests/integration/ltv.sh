#!/usr/bin/env bash
# PAdES B-LT: the validation data of the signatures in a document security store. A CA made
# here (openssl ca, so that it keeps an index), its OCSP responder (openssl ocsp) and a
# time-stamp authority run on 127.0.0.1; nothing leaves the machine. The DSS is read back here
# and its OCSP responses are read by openssl; a revoked certificate refuses a signing, and an
# earlier signatory's revocation shows in verify.
# usage: ltv.sh EPISTLE EXAMPLES_DIR OUTDIR
set -uo pipefail
epistle=$1 examples=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"; cd "$out" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ocsp_port=$(free_port)
mkdir -p newcerts && : > index.txt && echo 1000 > serial && echo 01 > crlnumber
cat > ca.cnf <<EOF
[ca]
default_ca = d
[d]
dir = .
database = index.txt
new_certs_dir = newcerts
serial = serial
crlnumber = crlnumber
default_md = sha256
default_days = 2
default_crl_days = 2
policy = p
unique_subject = no
[p]
commonName = supplied
[root]
basicConstraints = critical,CA:true
keyUsage = keyCertSign, cRLSign
[leaf]
basicConstraints = CA:false
keyUsage = digitalSignature, nonRepudiation
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$ocsp_port/
[tsa]
extendedKeyUsage = critical,timeStamping
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$ocsp_port/
[responder]
extendedKeyUsage = OCSPSigning
EOF
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=LTV Root" \
    -config ca.cnf -extensions root 2>/dev/null || fail "root"
issue() {   # issue NAME EXTENSIONS
    openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
    openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -extensions "$2" -in "$1.csr" -out "$1.pem" \
        >/dev/null 2>&1 || fail "certificate $1"
}
issue lin leaf; issue okafor leaf; issue tsa tsa; issue responder responder
echo 01 > tsaserial
cp "$here/tsa.cnf" tsa.cnf
python3 "$here/tsa_server.py" "$PWD" good > tsa.port 2> tsa.err &
pids+=($!)
start_ocsp() {
    openssl ocsp -index index.txt -port "$ocsp_port" -rsigner responder.pem -rkey responder.key -CA ca.pem \
        -ignore_err > ocsp.log 2>&1 &
    sleep 0.1
    pids+=($!)
    # (ready when it says so: a test connection would hold up this one-at-a-time server)
    for _ in $(seq 50); do grep -q "waiting for OCSP client connections" ocsp.log 2>/dev/null && break; sleep 0.1; done
}
start_ocsp
for _ in $(seq 50); do [ -s tsa.port ] && break; sleep 0.1; done
tsa="http://127.0.0.1:$(head -1 tsa.port)/"

"$epistle" render -q "$examples/open-letter/letter.md" -o letter.pdf || fail "render"
# B-LT with data fetched from the responder the certificates name.
"$epistle" sign -q letter.pdf --field "Lin Wei-ting" --key lin.key --cert lin.pem --chain ca.pem --tsa "$tsa" --ltv \
    -o lt1.pdf || fail "sign --ltv"
qpdf --check lt1.pdf >/dev/null || fail "qpdf lt1"
# The DSS as qpdf reads it: the chain of the signer and of the TSA, an OCSP response for each
# of the two, each saying "good" to openssl for the right serial; a VRI entry whose key is the
# SHA-1 of the signature's /Contents.
python3 - lt1.pdf <<'PY' || fail "the DSS"
import base64, hashlib, json, re, subprocess, sys
pdf = sys.argv[1]
j = json.loads(subprocess.run(["qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized", pdf],
                              capture_output=True, text=True, check=True).stdout)
objs = {k[4:]: v for k, v in j["qpdf"][1].items() if k.startswith("obj:")}
root = objs[j["qpdf"][1]["trailer"]["value"]["/Root"]]["value"]
dss = objs[root["/DSS"]]["value"]
def data(ref):
    return base64.b64decode(objs[ref]["stream"]["data"])
certs = [data(r) for r in dss["/Certs"]]
subjects = []
for c in certs:
    t = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-subject"], input=c, capture_output=True).stdout
    subjects.append(t.decode().strip())
for want in ("CN = lin", "CN = LTV Root", "CN = tsa"):
    if not any(want in s for s in subjects):
        sys.exit("no %s among the DSS certificates %s" % (want, subjects))
serials = []
for i, r in enumerate(dss["/OCSPs"]):
    open("o%d.der" % i, "wb").write(data(r))
    t = subprocess.run(["openssl", "ocsp", "-respin", "o%d.der" % i, "-resp_text", "-noverify"],
                       capture_output=True, text=True).stdout
    if "Cert Status: good" not in t:
        sys.exit("an OCSP response does not say good: " + t)
    serials += re.findall(r"Serial Number: ([0-9A-F]+)", t)
want = {subprocess.run(["openssl", "x509", "-in", f, "-noout", "-serial"], capture_output=True, text=True)
        .stdout.strip().split("=")[1] for f in ("lin.pem", "tsa.pem")}
if not want <= set(serials):
    sys.exit("OCSP responses for %s, wanted %s" % (serials, want))
d = open(pdf, "rb").read()
contents = bytes.fromhex(re.search(rb"/SubFilter /ETSI.CAdES.detached /ByteRange[^<]*/Contents <([0-9A-F]+)>", d)
                         .group(1).decode())
key = "/" + hashlib.sha1(contents).hexdigest().upper()
if key not in dss["/VRI"]:
    sys.exit("no VRI entry %s in %s" % (key, list(dss["/VRI"])))
PY
"$epistle" verify lt1.pdf > v1.txt || fail "verify lt1: $(cat v1.txt)"
grep -q "revocation: good (OCSP of" v1.txt || fail "verify: no revocation status in $(cat v1.txt)"
grep -q "covers: revision 2 of 3; the updates after it change only what signing changes" v1.txt \
    || fail "verify: the DSS update taken for a change: $(cat v1.txt)"

# Offline, from a CRL file: no responder needed.
openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -gencrl -out ca.crl 2>/dev/null || fail "CRL"
"$epistle" sign -q letter.pdf --field "Lin Wei-ting" --key lin.key --cert lin.pem --chain ca.pem --ltv --crl ca.crl \
    -o crl.pdf || fail "sign --ltv --crl"
grep -q "revocation: good (CRL of" <<<"$("$epistle" verify crl.pdf)" || fail "verify crl: $("$epistle" verify crl.pdf)"
# A CRL of another CA says nothing about these certificates: an error, nothing written.
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 -subj "/CN=Other" 2>/dev/null
mkdir -p other && : > other/index.txt && echo 01 > other/crlnumber
sed -e 's|^dir = .|dir = other|' -e 's|^database = index.txt|database = other/index.txt|' \
    -e 's|^crlnumber = crlnumber|crlnumber = other/crlnumber|' ca.cnf > other.cnf
openssl ca -config other.cnf -cert other.pem -keyfile other.key -gencrl -out other.crl 2>/dev/null || fail "other CRL"
rm -f bad.pdf
msg=$("$epistle" sign letter.pdf --field "Lin Wei-ting" --key lin.key --cert lin.pem --chain ca.pem --ltv --crl other.crl \
      -o bad.pdf 2>&1) && fail "a useless CRL accepted"
[ ! -e bad.pdf ] && grep -q "error: .*CN *= *lin.*has no revocation data" <<<"$msg" || fail "useless CRL: $msg"

# Lin's certificate is revoked after she signed (time-stamped); Okafor signs with --ltv, which
# brings in the revocation: verify says it came after Lin's time-stamp, so her signature stands.
sleep 1
openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -revoke lin.pem >/dev/null 2>&1 || fail "revoke"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null
start_ocsp
"$epistle" sign lt1.pdf --field "Ngozi Okafor" --key okafor.key --cert okafor.pem --chain ca.pem --tsa "$tsa" --ltv \
    -o lt2.pdf 2> lt2.err || fail "second signer: $(cat lt2.err)"
grep -q "warning: signature 'Lin Wei-ting': the certificate .*lin is revoked" lt2.err || fail "no revocation warning: $(cat lt2.err)"
"$epistle" verify lt2.pdf > v2.txt || fail "verify lt2: $(cat v2.txt)"
grep -q "revocation: REVOKED on .*after the time-stamped signing time: the signature stands" <<<"$(grep -A8 "^Lin Wei-ting" v2.txt)" \
    || fail "verify: Lin's revocation: $(cat v2.txt)"
"$epistle" verify --json lt2.pdf | python3 -c "
import json, sys
v = {s['field']: s for s in json.load(sys.stdin)}
assert v['Lin Wei-ting']['revocation']['status'] == 'revoked', v
assert v['Ngozi Okafor']['revocation']['status'] == 'good', v
" || fail "verify --json revocation"
# A signature whose certificate is revoked now cannot be made with --ltv.
rm -f bad.pdf
msg=$("$epistle" sign letter.pdf --field "Lin Wei-ting" --key lin.key --cert lin.pem --chain ca.pem --ltv -o bad.pdf 2>&1) \
    && fail "signed with a revoked certificate"
[ ! -e bad.pdf ] && grep -q "error: signature 'Lin Wei-ting': the certificate .*lin is revoked" <<<"$msg" \
    || fail "revoked signer: $msg"
echo ok
