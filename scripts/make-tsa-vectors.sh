#!/usr/bin/env bash
# Regenerates the committed RFC 3161 test vectors in tests/data/tsa/ with throwaway
# authorities (scripts/tsa-test-ca.sh) and `openssl ts -reply`. The offline verifier's tests
# (`cargo test -p casefile --lib timestamp::vectors`) read them; vectors.json says what each
# must give. Run from the repository root: scripts/make-tsa-vectors.sh
set -euo pipefail
out=$(pwd)/tests/data/tsa
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

# A proof vector: three leaves folded by the rules of src/timestamp/merkle.rs, in Python, so
# the Rust verifier is checked against an independent fold.
python3 - "$out" <<'PY'
import hashlib, json, sys
out = sys.argv[1]
H = lambda b: hashlib.sha256(b).digest()
leaves = [(bytes([i]) * 32, H(bytes([0x40 + i]))) for i in range(3)]  # (salt, digest)
lh = [H(b"\x00" + s + d) for s, d in leaves]
ab = H(b"\x01" + lh[0] + lh[1])
root = H(b"\x01" + ab + lh[2])
def proof(i, path):
    s, d = leaves[i]
    return {"v": 1, "salt": s.hex(), "sha256": d.hex(), "path": path, "root": root.hex()}
good = proof(0, [{"right": lh[1].hex()}, {"right": lh[2].hex()}])
bad = proof(0, [{"right": lh[1].hex()}, {"right": (bytes([lh[2][0] ^ 1]) + lh[2][1:]).hex()}])
json.dump(good, open(f"{out}/proof_good.json", "w"), indent=1)
json.dump(bad, open(f"{out}/fail_proof_sibling.json", "w"), indent=1)
open(f"{out}/proof_root.hex", "w").write(root.hex() + "\n")
PY
root=$(cat "$out/proof_root.hex")
other=$(printf '%064x' 1)

stamp() { # ca-dir digest-hex out-file
  openssl ts -query -digest "$2" -sha256 -cert -out "$work/q.tsq" 2>/dev/null
  openssl ts -reply -queryfile "$work/q.tsq" -config "$1/ts.cnf" -out "$3" 2>/dev/null
}

for kind in rsa ec ec384; do
  scripts/tsa-test-ca.sh "$work/$kind" "$kind" "CaseFile Vectors ${kind^^}" >/dev/null
  cp "$work/$kind/ca.pem" "$out/${kind}_ca.pem"
  cp "$work/$kind/tsa.pem" "$out/${kind}_tsa.pem"
  stamp "$work/$kind" "$root" "$out/${kind}_good.tsr"
  openssl ts -verify -digest "$root" -in "$out/${kind}_good.tsr" -CAfile "$out/${kind}_ca.pem" >/dev/null 2>&1
done

# Wrong imprint: a good token for another digest, checked against the proof's root.
stamp "$work/rsa" "$other" "$out/fail_wrong_imprint.tsr"
# Modified signature: the last byte of the response is the signer's signature value.
python3 - "$out/rsa_good.tsr" "$out/fail_modified_signature.tsr" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read()); d[-1] ^= 0x01
open(sys.argv[2], "wb").write(bytes(d))
PY
# Untrusted root: a good token checked against another authority's root.
cp "$out/ec_ca.pem" "$out/fail_untrusted_root_ca.pem"

# Certificate without timeStamping usage: `openssl ts -reply` refuses such a signer, so the
# same TSTInfo is signed with `openssl cms` by a code-signing certificate of the same CA.
openssl ts -reply -in "$out/rsa_good.tsr" -token_out -out "$work/token.der" 2>/dev/null
openssl cms -verify -noverify -inform DER -in "$work/token.der" -binary -out "$work/tst.der" 2>/dev/null
openssl cms -sign -binary -nodetach -nosmimecap -md sha256 -econtent_type 1.2.840.113549.1.9.16.1.4 \
  -in "$work/tst.der" -signer "$work/rsa/plain.pem" -inkey "$work/rsa/plain.key" \
  -outform DER -out "$work/plain_token.der"
cp "$work/rsa/plain.pem" "$out/fail_no_timestamping_cert.pem"
python3 - "$work/plain_token.der" "$out/fail_no_timestamping.tsr" <<'PY'
import sys
def tlv(tag, body):
    n = len(body)
    if n < 0x80: ln = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big"); ln = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + ln + body
token = open(sys.argv[1], "rb").read()
status = tlv(0x30, tlv(0x02, b"\x00"))  # PKIStatusInfo { granted }
open(sys.argv[2], "wb").write(tlv(0x30, status + token))
PY
# A refusal: status rejection with a text.
python3 - "$out/fail_rejected.tsr" <<'PY'
import sys
def tlv(tag, body): return bytes([tag, len(body)]) + body
text = tlv(0x30, tlv(0x0c, b"bad request"))
open(sys.argv[1], "wb").write(tlv(0x30, tlv(0x30, tlv(0x02, b"\x02") + text)))
PY

cat > "$out/vectors.json" <<JSON
{
 "root": "$root",
 "cases": [
  {"file": "rsa_good.tsr", "ca": "rsa_ca.pem", "expect": "ok"},
  {"file": "ec_good.tsr", "ca": "ec_ca.pem", "expect": "ok"},
  {"file": "ec384_good.tsr", "ca": "ec384_ca.pem", "expect": "ok"},
  {"file": "fail_wrong_imprint.tsr", "ca": "rsa_ca.pem", "expect": "wrong_imprint"},
  {"file": "fail_modified_signature.tsr", "ca": "rsa_ca.pem", "expect": "bad_signature"},
  {"file": "fail_no_timestamping.tsr", "ca": "rsa_ca.pem", "extra": "fail_no_timestamping_cert.pem", "expect": "not_timestamping_cert"},
  {"file": "rsa_good.tsr", "ca": "fail_untrusted_root_ca.pem", "expect": "untrusted_root"},
  {"file": "fail_rejected.tsr", "ca": "rsa_ca.pem", "expect": "rejected"}
 ]
}
JSON
echo "vectors written to $out"
