//! RFC 3161 requests, and offline verification of responses.
//!
//! A response is checked in this order, and the first failure is returned as a named
//! [`TokenError`]: size, DER structure, PKI status, the token is CMS SignedData holding a
//! TSTInfo, the message imprint is SHA-256 of the expected root, the nonce is the one sent,
//! the signed attributes hold the TSTInfo content type and its digest, exactly one signer whose
//! certificate is in the token (or among the extra certificates), the signature over the
//! signed attributes (RSA PKCS#1 v1.5 or ECDSA on P-256/P-384, with SHA-256/384/512), the
//! signer's extended key usage is critical and `timeStamping` only (RFC 3161 §2.3), every
//! certificate of the chain is valid at genTime, and the chain ends at a trusted root (each
//! link's signature checked, every issuer a CA by its basic constraints).
//!
//! Not checked: revocation (CRL/OCSP need the network and a verifier offline cannot ask) and
//! the ESS signing-certificate attribute (the signer is identified by the CMS signer
//! identifier instead). Sources: RFC 3161 (TSP), RFC 5652 (CMS), RFC 5280 (certificates).

use chrono::{DateTime, TimeZone, Utc};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use const_oid::ObjectIdentifier;
use const_oid::db::{rfc5280, rfc5911, rfc5912};
use der::asn1::{Int, OctetString};
use der::{
    Decode, DecodeValue, Encode, EncodeValue, FixedTag, Header, Length, Reader, Tag, Writer,
};
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage};
use x509_tsp::{MessageImprint, TimeStampReq, TspVersion};

/// The largest response read or parsed (tokens with a long chain are a few KiB).
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;
/// The most certificates considered (in the token plus the extra ones).
pub const MAX_CERTS: usize = 16;
/// The longest chain from the signer to a root.
pub const MAX_CHAIN: usize = 6;

/// `id-kp-timeStamping` (RFC 3161 §2.3).
pub const ID_KP_TIME_STAMPING: ObjectIdentifier = rfc5280::ID_KP_TIME_STAMPING;
/// `id-ct-TSTInfo` (RFC 3161 §2.4.2).
pub const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// Why a response or token is not accepted. Each names one check of the module header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the response is {size} bytes; at most {MAX_RESPONSE_BYTES} are accepted")]
    TooLarge { size: usize },
    #[error("the response is not a well-formed RFC 3161 {what}: {reason}")]
    Malformed { what: &'static str, reason: String },
    #[error("the timestamp service refused the request (status {status}{text})")]
    Rejected { status: u8, text: String },
    #[error("the response carries no timestamp token")]
    NoToken,
    #[error("the token is not CMS SignedData holding a TSTInfo")]
    NotATimestamp,
    #[error("the token stamps a {found} hash, not SHA-256")]
    WrongImprintAlgorithm { found: String },
    #[error("the token stamps {found}, not the batch root {expected}")]
    WrongImprint { expected: String, found: String },
    #[error("the token's nonce is not the one sent (a replayed or mixed-up response)")]
    NonceMismatch,
    #[error("the token has {0} signers; exactly one is expected")]
    SignerCount(usize),
    #[error("the token's signature has no signed attributes")]
    NoSignedAttributes,
    #[error("the signed content-type attribute is not id-ct-TSTInfo")]
    ContentTypeMismatch,
    #[error("the signed message-digest attribute does not match the TSTInfo")]
    MessageDigestMismatch,
    #[error("the signer's certificate is not in the token nor among the extra certificates")]
    SignerCertMissing,
    #[error("unsupported algorithm {oid}")]
    UnsupportedAlgorithm { oid: String },
    #[error("the signature over the token does not verify with the signer's key")]
    BadSignature,
    #[error("the signer's certificate ({subject}) is not a timestamping certificate: {reason}")]
    NotTimestampingCert { subject: String, reason: String },
    #[error("the certificate {subject} is not valid at genTime {gen_time}")]
    CertNotValidAt { subject: String, gen_time: String },
    #[error("the certificate {subject} is not signed by its issuer {issuer}")]
    BadCertSignature { subject: String, issuer: String },
    #[error("the certificate {subject} issued others but is not a CA")]
    IssuerNotCa { subject: String },
    #[error(
        "the chain does not end at a trusted root (last issuer: {issuer}); add the service's root certificate with --ca FILE"
    )]
    UntrustedRoot { issuer: String },
    #[error("the chain is longer than {MAX_CHAIN} certificates")]
    ChainTooLong,
    #[error("the token holds more than {MAX_CERTS} certificates")]
    TooManyCerts,
}

fn malformed(what: &'static str) -> impl FnOnce(der::Error) -> TokenError {
    move |e| TokenError::Malformed {
        what,
        reason: e.to_string(),
    }
}

/// A request for `root`: SHA-256 imprint, the given nonce, `certReq` true. DER.
///
/// `nonce` is big-endian and must be a positive minimal INTEGER (first byte 0x01..=0x7f).
pub fn request(root: &[u8; 32], nonce: &[u8]) -> Result<Vec<u8>, TokenError> {
    let req = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: spki::AlgorithmIdentifier {
                oid: rfc5912::ID_SHA_256,
                parameters: Some(der::Any::null()),
            },
            hashed_message: OctetString::new(root.to_vec()).map_err(malformed("request"))?,
        },
        req_policy: None,
        nonce: Some(Int::new(nonce).map_err(malformed("request"))?),
        cert_req: true,
        extensions: None,
    };
    req.to_der().map_err(malformed("request"))
}

/// A fresh nonce: 8 random bytes, positive and minimal as a DER INTEGER.
pub fn new_nonce() -> [u8; 8] {
    let mut n: [u8; 8] = rand::random();
    n[0] = (n[0] & 0x7f).max(1);
    n
}

/// The root certificates a verifier trusts.
#[derive(Debug, Clone, Default)]
pub struct TrustAnchors {
    roots: Vec<Certificate>,
}

impl TrustAnchors {
    pub fn new(roots: Vec<Certificate>) -> Self {
        TrustAnchors { roots }
    }

    pub fn add(&mut self, cert: Certificate) {
        if !self.roots.contains(&cert) {
            self.roots.push(cert);
        }
    }

    pub fn roots(&self) -> &[Certificate] {
        &self.roots
    }
}

/// Reads one or more certificates from PEM (`-----BEGIN CERTIFICATE-----`) or one DER.
pub fn parse_certs(bytes: &[u8]) -> Result<Vec<Certificate>, TokenError> {
    if bytes.len() > MAX_RESPONSE_BYTES {
        return Err(TokenError::TooLarge { size: bytes.len() });
    }
    let certs = if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        Certificate::load_pem_chain(bytes).map_err(malformed("certificate"))?
    } else {
        vec![Certificate::from_der(bytes).map_err(malformed("certificate"))?]
    };
    if certs.is_empty() {
        return Err(TokenError::Malformed {
            what: "certificate",
            reason: "no certificate found".into(),
        });
    }
    if certs.len() > MAX_CERTS {
        return Err(TokenError::TooManyCerts);
    }
    Ok(certs)
}

/// What a verified token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub gen_time: DateTime<Utc>,
    /// The serial number, lower-case hex of its two's-complement bytes.
    pub serial: String,
    /// The TSA policy, dotted OID.
    pub policy: String,
    /// The nonce, hex (empty when the token has none).
    pub nonce: String,
    /// The chain, signer first, trusted root last, each DER.
    pub chain: Vec<Vec<u8>>,
    /// The signer's subject (RFC 4514).
    pub signer: String,
}

/// Verifies a whole `TimeStampResp` (a `.tsr` file) offline; see the module header.
///
/// `nonce` is the nonce sent (hex-free bytes); `None` skips that check (it is checked when the
/// response first arrives, and the stored nonce is part of the signed TSTInfo anyway).
pub fn verify_response(
    der_bytes: &[u8],
    root: &[u8; 32],
    nonce: Option<&[u8]>,
    extra_certs: &[Certificate],
    anchors: &TrustAnchors,
) -> Result<Verified, TokenError> {
    if der_bytes.len() > MAX_RESPONSE_BYTES {
        return Err(TokenError::TooLarge {
            size: der_bytes.len(),
        });
    }
    let resp = x509_tsp::TimeStampResp::from_der(der_bytes).map_err(malformed("response"))?;
    use cmpv2::status::PkiStatus;
    if !matches!(
        resp.status.status,
        PkiStatus::Accepted | PkiStatus::GrantedWithMods
    ) {
        let text = resp
            .status
            .status_string
            .as_ref()
            .map(|t| {
                let words: Vec<&str> = t.iter().map(|s| s.as_str()).collect();
                format!(": {}", words.join("; "))
            })
            .unwrap_or_default();
        return Err(TokenError::Rejected {
            status: resp.status.status as u8,
            text,
        });
    }
    let token = resp.time_stamp_token.ok_or(TokenError::NoToken)?;
    verify_token(&token, root, nonce, extra_certs, anchors)
}

/// Verifies a `TimeStampToken` (CMS ContentInfo); see [`verify_response`].
pub fn verify_token(
    token: &ContentInfo,
    root: &[u8; 32],
    nonce: Option<&[u8]>,
    extra_certs: &[Certificate],
    anchors: &TrustAnchors,
) -> Result<Verified, TokenError> {
    if token.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(TokenError::NotATimestamp);
    }
    let sd: SignedData = token.content.decode_as().map_err(malformed("token"))?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(TokenError::NotATimestamp);
    }
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or(TokenError::NotATimestamp)?;
    let tst_der = econtent
        .decode_as::<OctetString>()
        .map_err(malformed("token"))?
        .into_bytes();
    let tst = TstInfo::from_der(&tst_der).map_err(malformed("TSTInfo"))?;

    // What was stamped.
    let imprint_alg = tst.message_imprint.hash_algorithm.oid;
    if imprint_alg != rfc5912::ID_SHA_256 {
        return Err(TokenError::WrongImprintAlgorithm {
            found: imprint_alg.to_string(),
        });
    }
    let stamped = tst.message_imprint.hashed_message.as_bytes();
    if stamped != root {
        return Err(TokenError::WrongImprint {
            expected: hex::encode(root),
            found: hex::encode(stamped),
        });
    }
    if let Some(sent) = nonce
        && tst.nonce.as_ref().map(|n| n.as_bytes()) != Some(sent)
    {
        return Err(TokenError::NonceMismatch);
    }
    let gen_time = tst.gen_time.0;

    // Who signed it, and over what.
    let signers: Vec<_> = sd.signer_infos.0.iter().collect();
    let [signer] = signers[..] else {
        return Err(TokenError::SignerCount(signers.len()));
    };
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or(TokenError::NoSignedAttributes)?;
    let digest = DigestAlg::from_oid(signer.digest_alg.oid)?;
    let attr_value = |oid: ObjectIdentifier| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| (a.values.len() == 1).then(|| a.values.get(0)).flatten())
    };
    let content_type =
        attr_value(rfc5911::ID_CONTENT_TYPE).and_then(|v| v.decode_as::<ObjectIdentifier>().ok());
    if content_type != Some(ID_CT_TST_INFO) {
        return Err(TokenError::ContentTypeMismatch);
    }
    let md = attr_value(rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or(TokenError::MessageDigestMismatch)?;
    if md.as_bytes() != digest.hash(&tst_der).as_slice() {
        return Err(TokenError::MessageDigestMismatch);
    }

    let mut pool: Vec<Certificate> = Vec::new();
    if let Some(set) = &sd.certificates {
        for c in set.0.iter() {
            if let CertificateChoices::Certificate(cert) = c {
                pool.push(cert.clone());
            }
        }
    }
    pool.extend(extra_certs.iter().cloned());
    if pool.len() > MAX_CERTS {
        return Err(TokenError::TooManyCerts);
    }
    let signer_cert = pool
        .iter()
        .find(|c| identifies(&signer.sid, c))
        .ok_or(TokenError::SignerCertMissing)?
        .clone();
    // The signature covers the DER of the attributes as an explicit SET OF (RFC 5652 §5.4).
    let signed = attrs.to_der().map_err(malformed("signed attributes"))?;
    check_signature(
        signer.signature_algorithm.oid,
        Some(digest),
        &signer_cert,
        &signed,
        signer.signature.as_bytes(),
    )
    .map_err(|e| match e {
        SigError::Bad => TokenError::BadSignature,
        SigError::Unsupported(oid) => TokenError::UnsupportedAlgorithm { oid },
    })?;

    check_timestamping_usage(&signer_cert)?;
    let chain = chain_to_anchor(&signer_cert, &pool, anchors, gen_time)?;
    Ok(Verified {
        gen_time,
        serial: hex::encode(tst.serial_number.as_bytes()),
        policy: tst.policy.to_string(),
        nonce: tst
            .nonce
            .as_ref()
            .map(|n| hex::encode(n.as_bytes()))
            .unwrap_or_default(),
        chain: chain
            .iter()
            .map(|c| c.to_der().map_err(malformed("certificate")))
            .collect::<Result<_, _>>()?,
        signer: signer_cert.tbs_certificate.subject.to_string(),
    })
}

/// The certificate chain, as PEM, for `openssl ts -verify -untrusted` and `-CAfile`.
pub fn to_pem(cert_der: &[u8]) -> Result<String, TokenError> {
    let cert = Certificate::from_der(cert_der).map_err(malformed("certificate"))?;
    der::EncodePem::to_pem(&cert, der::pem::LineEnding::LF).map_err(malformed("certificate"))
}

fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            ias.issuer == cert.tbs_certificate.issuer
                && ias.serial_number == cert.tbs_certificate.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => cert
            .tbs_certificate
            .get::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .is_some_and(|(_, own)| own.0 == ski.0),
    }
}

fn check_timestamping_usage(cert: &Certificate) -> Result<(), TokenError> {
    let subject = cert.tbs_certificate.subject.to_string();
    let bad = |reason: &str| TokenError::NotTimestampingCert {
        subject: subject.clone(),
        reason: reason.into(),
    };
    let exts = cert.tbs_certificate.extensions.as_deref().unwrap_or(&[]);
    let found: Vec<_> = exts
        .iter()
        .filter(|e| e.extn_id == rfc5280::ID_CE_EXT_KEY_USAGE)
        .collect();
    let [eku] = found[..] else {
        return Err(bad(
            "it has no (or more than one) extended key usage extension",
        ));
    };
    if !eku.critical {
        return Err(bad("its extended key usage is not marked critical"));
    }
    let usage = ExtendedKeyUsage::from_der(eku.extn_value.as_bytes())
        .map_err(|_| bad("its extended key usage cannot be read"))?;
    if usage.0 != [ID_KP_TIME_STAMPING] {
        return Err(bad("its extended key usage is not timeStamping alone"));
    }
    Ok(())
}

fn valid_at(cert: &Certificate, at: DateTime<Utc>) -> Result<(), TokenError> {
    let v = &cert.tbs_certificate.validity;
    let secs = |t: &x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
    let t = at.timestamp();
    if t < secs(&v.not_before) || t > secs(&v.not_after) {
        return Err(TokenError::CertNotValidAt {
            subject: cert.tbs_certificate.subject.to_string(),
            gen_time: at.to_rfc3339(),
        });
    }
    Ok(())
}

fn is_ca(cert: &Certificate) -> bool {
    matches!(cert.tbs_certificate.get::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
}

/// Walks from `signer` up through `pool` to one of `anchors`, checking every link.
fn chain_to_anchor(
    signer: &Certificate,
    pool: &[Certificate],
    anchors: &TrustAnchors,
    at: DateTime<Utc>,
) -> Result<Vec<Certificate>, TokenError> {
    let mut chain = vec![signer.clone()];
    loop {
        let current = chain.last().expect("chain starts with the signer");
        valid_at(current, at)?;
        if anchors.roots().contains(current) {
            return Ok(chain);
        }
        if chain.len() >= MAX_CHAIN {
            return Err(TokenError::ChainTooLong);
        }
        let issuer_name = &current.tbs_certificate.issuer;
        let subject = current.tbs_certificate.subject.to_string();
        // Trusted roots first, so a root also present in the token is recognised as trusted.
        let candidates = anchors
            .roots()
            .iter()
            .chain(pool.iter())
            .filter(|c| &c.tbs_certificate.subject == issuer_name && !chain.contains(c));
        let mut next = None;
        let mut last_err = None;
        for cand in candidates {
            let tbs = current
                .tbs_certificate
                .to_der()
                .map_err(malformed("certificate"))?;
            match check_signature(
                current.signature_algorithm.oid,
                None,
                cand,
                &tbs,
                current.signature.raw_bytes(),
            ) {
                Ok(()) => {
                    next = Some(cand.clone());
                    break;
                }
                Err(SigError::Unsupported(oid)) => {
                    last_err = Some(TokenError::UnsupportedAlgorithm { oid })
                }
                Err(SigError::Bad) => {
                    last_err = Some(TokenError::BadCertSignature {
                        subject: subject.clone(),
                        issuer: issuer_name.to_string(),
                    })
                }
            }
        }
        let Some(next) = next else {
            return Err(last_err.unwrap_or(TokenError::UntrustedRoot {
                issuer: issuer_name.to_string(),
            }));
        };
        if !is_ca(&next) {
            return Err(TokenError::IssuerNotCa {
                subject: next.tbs_certificate.subject.to_string(),
            });
        }
        chain.push(next);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DigestAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlg {
    fn from_oid(oid: ObjectIdentifier) -> Result<Self, TokenError> {
        match oid {
            rfc5912::ID_SHA_256 => Ok(DigestAlg::Sha256),
            rfc5912::ID_SHA_384 => Ok(DigestAlg::Sha384),
            rfc5912::ID_SHA_512 => Ok(DigestAlg::Sha512),
            other => Err(TokenError::UnsupportedAlgorithm {
                oid: other.to_string(),
            }),
        }
    }

    fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            DigestAlg::Sha256 => Sha256::digest(data).to_vec(),
            DigestAlg::Sha384 => Sha384::digest(data).to_vec(),
            DigestAlg::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

enum SigError {
    Bad,
    Unsupported(String),
}

/// Checks `sig` over `msg` with `cert`'s key. `alg` is the signature algorithm; for the
/// bare `rsaEncryption` / `id-ecPublicKey` OIDs (allowed in CMS) the digest comes from `digest`.
fn check_signature(
    alg: ObjectIdentifier,
    digest: Option<DigestAlg>,
    cert: &Certificate,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), SigError> {
    use signature::hazmat::PrehashVerifier;
    let unsupported = || SigError::Unsupported(alg.to_string());
    let (scheme_rsa, dig) = match alg {
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION => (true, DigestAlg::Sha256),
        rfc5912::SHA_384_WITH_RSA_ENCRYPTION => (true, DigestAlg::Sha384),
        rfc5912::SHA_512_WITH_RSA_ENCRYPTION => (true, DigestAlg::Sha512),
        rfc5912::RSA_ENCRYPTION => (true, digest.ok_or_else(unsupported)?),
        rfc5912::ECDSA_WITH_SHA_256 => (false, DigestAlg::Sha256),
        rfc5912::ECDSA_WITH_SHA_384 => (false, DigestAlg::Sha384),
        rfc5912::ECDSA_WITH_SHA_512 => (false, DigestAlg::Sha512),
        rfc5912::ID_EC_PUBLIC_KEY => (false, digest.ok_or_else(unsupported)?),
        _ => return Err(unsupported()),
    };
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let spki_der = spki.to_der().map_err(|_| SigError::Bad)?;
    let hashed = dig.hash(msg);
    if scheme_rsa {
        use rsa::pkcs8::DecodePublicKey;
        if spki.algorithm.oid != rfc5912::RSA_ENCRYPTION {
            return Err(SigError::Bad);
        }
        let key = rsa::RsaPublicKey::from_public_key_der(&spki_der).map_err(|_| SigError::Bad)?;
        let scheme = match dig {
            DigestAlg::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
            DigestAlg::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
            DigestAlg::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
        };
        return key.verify(scheme, &hashed, sig).map_err(|_| SigError::Bad);
    }
    if spki.algorithm.oid != rfc5912::ID_EC_PUBLIC_KEY {
        return Err(SigError::Bad);
    }
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    match curve {
        Some(rfc5912::SECP_256_R_1) => {
            use p256::pkcs8::DecodePublicKey;
            let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
                .map_err(|_| SigError::Bad)?;
            let s = p256::ecdsa::Signature::from_der(sig).map_err(|_| SigError::Bad)?;
            key.verify_prehash(&hashed, &s).map_err(|_| SigError::Bad)
        }
        Some(rfc5912::SECP_384_R_1) => {
            use p384::pkcs8::DecodePublicKey;
            let key = p384::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
                .map_err(|_| SigError::Bad)?;
            let s = p384::ecdsa::Signature::from_der(sig).map_err(|_| SigError::Bad)?;
            key.verify_prehash(&hashed, &s).map_err(|_| SigError::Bad)
        }
        other => Err(SigError::Unsupported(
            other
                .map(|o| o.to_string())
                .unwrap_or_else(|| "an unnamed curve".into()),
        )),
    }
}

/// TSTInfo as RFC 3161 §2.4.2 defines it. `x509_tsp::TstInfo` is the same but its genTime
/// refuses fractional seconds, which RFC 3161 allows and some services send.
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
struct TstInfo {
    version: TspVersion,
    policy: ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: GenTime,
    #[asn1(optional = "true")]
    accuracy: Option<x509_tsp::Accuracy>,
    #[asn1(default = "Default::default")]
    ordering: bool,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    tsa: Option<der::Any>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<x509_cert::ext::Extensions>,
}

/// GeneralizedTime `YYYYMMDDHHMMSS[.f+]Z`, fractions of a second kept to nanoseconds.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
struct GenTime(DateTime<Utc>);

impl FixedTag for GenTime {
    const TAG: Tag = Tag::GeneralizedTime;
}

impl<'a> DecodeValue<'a> for GenTime {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        let len = usize::try_from(header.length)?;
        if len > 40 {
            return Err(der::ErrorKind::Length { tag: Self::TAG }.into());
        }
        let mut buf = [0u8; 40];
        let text = reader.read_into(&mut buf[..len])?;
        parse_gen_time(text)
            .map(GenTime)
            .ok_or_else(|| der::ErrorKind::DateTime.into())
    }
}

impl EncodeValue for GenTime {
    fn value_len(&self) -> der::Result<Length> {
        Length::try_from(self.text().len())
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(self.text().as_bytes())
    }
}

impl GenTime {
    fn text(&self) -> String {
        let frac = self.0.timestamp_subsec_nanos();
        if frac == 0 {
            self.0.format("%Y%m%d%H%M%SZ").to_string()
        } else {
            let f = format!("{frac:09}");
            format!(
                "{}.{}Z",
                self.0.format("%Y%m%d%H%M%S"),
                f.trim_end_matches('0')
            )
        }
    }
}

fn parse_gen_time(text: &[u8]) -> Option<DateTime<Utc>> {
    let text = std::str::from_utf8(text).ok()?;
    let body = text.strip_suffix('Z')?;
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| whole[r].parse::<u32>().ok();
    let year = i32::try_from(n(0..4)?).ok()?;
    let t = Utc
        .with_ymd_and_hms(year, n(4..6)?, n(6..8)?, n(8..10)?, n(10..12)?, n(12..14)?)
        .single()?;
    let nanos = match frac {
        None => 0,
        // DER: at least one digit, no trailing zero.
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            if f.ends_with('0') {
                return None;
            }
            format!("{f:0<9}").parse::<u32>().ok()?
        }
        Some(_) => return None,
    };
    Some(t + chrono::Duration::nanoseconds(i64::from(nanos)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gen_time_with_and_without_fractions() {
        let t = parse_gen_time(b"20261201083000Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-01T08:30:00+00:00");
        let f = parse_gen_time(b"20261201083000.25Z").unwrap();
        assert_eq!(f.timestamp_subsec_millis(), 250);
        assert_eq!(GenTime(f).text(), "20261201083000.25Z");
        for bad in [
            &b"20261201083000"[..],
            b"20261201083000.Z",
            b"20261201083000.250Z",
            b"2026120108300Z",
            b"20261301083000Z",
            b"2026120108300aZ",
        ] {
            assert_eq!(
                parse_gen_time(bad),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn request_is_der_with_imprint_nonce_and_cert_req() {
        let root = [7u8; 32];
        let der = request(&root, &[0x12, 0x34]).unwrap();
        let back = TimeStampReq::from_der(&der).unwrap();
        assert_eq!(back.message_imprint.hashed_message.as_bytes(), &root);
        assert_eq!(back.message_imprint.hash_algorithm.oid, rfc5912::ID_SHA_256);
        assert_eq!(back.nonce.unwrap().as_bytes(), &[0x12, 0x34]);
        assert!(back.cert_req);
    }

    #[test]
    fn nonces_are_positive_minimal_integers() {
        for _ in 0..64 {
            let n = new_nonce();
            assert!((1..=0x7f).contains(&n[0]));
            request(&[0; 32], &n).unwrap();
        }
    }

    #[test]
    fn garbage_and_oversized_responses_are_named() {
        let root = [0u8; 32];
        let anchors = TrustAnchors::default();
        assert!(matches!(
            verify_response(b"\x30\x03\x02\x01", &root, None, &[], &anchors),
            Err(TokenError::Malformed { .. })
        ));
        let big = vec![0u8; MAX_RESPONSE_BYTES + 1];
        assert!(matches!(
            verify_response(&big, &root, None, &[], &anchors),
            Err(TokenError::TooLarge { .. })
        ));
    }
}
