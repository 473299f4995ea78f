#!/usr/bin/env bash
# Makes a throwaway timestamp authority for tests: a root CA and a TSA certificate whose
# extendedKeyUsage is `critical,timeStamping`, plus the `openssl ts` configuration that signs
# replies with it. Nothing here is trusted by anything but the tests that made it.
#
#   scripts/tsa-test-ca.sh DIR rsa|ec [NAME]
#
# Writes DIR/ca.pem, ca.key, tsa.pem, tsa.key, ts.cnf, serial. Used by the integration tests
# (a live TSA on 127.0.0.1) and by scripts/make-tsa-vectors.sh (committed vectors).
set -euo pipefail
dir=$1
kind=$2
name=${3:-CaseFile Test}
mkdir -p "$dir"
cd "$dir"

newkey() {
  case "$kind" in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null ;;
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null ;;
    ec384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1" 2>/dev/null ;;
    *) echo "unknown key kind $kind (rsa, ec or ec384)" >&2; exit 2 ;;
  esac
}

cat > ext.cnf <<CNF
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[tsa]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[plain]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

newkey ca.key
openssl req -new -x509 -key ca.key -out ca.pem -days 3650 -sha256 \
  -subj "/O=$name/CN=$name Root CA" -config ext.cnf -extensions ca

issue() { # key cert section cn
  newkey "$1"
  openssl req -new -key "$1" -subj "/O=$name/CN=$4" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -sha256 \
    -extfile ext.cnf -extensions "$3" -out "$2" 2>/dev/null
  rm -f "$1.csr"
}
issue tsa.key tsa.pem tsa "$name TSA"
issue plain.key plain.pem plain "$name Code Signing"

echo 01 > serial
cat > ts.cnf <<CNF
[tsa]
default_tsa = tsa_config
[tsa_config]
dir = $PWD
serial = \$dir/serial
crypto_device = builtin
signer_cert = \$dir/tsa.pem
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
