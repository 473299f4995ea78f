//! The committed response vectors of `tests/data/tsa/` (made by scripts/make-tsa-vectors.sh
//! with throwaway authorities and `openssl ts -reply`): each must give exactly the outcome
//! `vectors.json` names.

use std::path::PathBuf;

use super::token::{TokenError, TrustAnchors, parse_certs, verify_response};
use super::{MerkleError, ProofFile};

fn data(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tsa")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn outcome(r: &Result<super::Verified, TokenError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(TokenError::WrongImprint { .. }) => "wrong_imprint",
        Err(TokenError::BadSignature) => "bad_signature",
        Err(TokenError::NotTimestampingCert { .. }) => "not_timestamping_cert",
        Err(TokenError::UntrustedRoot { .. }) => "untrusted_root",
        Err(TokenError::Rejected { .. }) => "rejected",
        Err(_) => "other",
    }
}

#[test]
fn every_vector_gives_its_named_outcome() {
    let v: serde_json::Value = serde_json::from_slice(&data("vectors.json")).unwrap();
    let root: [u8; 32] = super::merkle::hex32::parse(v["root"].as_str().unwrap()).unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let anchors = TrustAnchors::new(parse_certs(&data(case["ca"].as_str().unwrap())).unwrap());
        let extra = case["extra"]
            .as_str()
            .map(|f| parse_certs(&data(f)).unwrap())
            .unwrap_or_default();
        let r = verify_response(&data(file), &root, None, &extra, &anchors);
        assert_eq!(
            outcome(&r),
            case["expect"].as_str().unwrap(),
            "{file} with {}: {r:?}",
            case["ca"]
        );
    }
}

#[test]
fn good_vectors_report_time_serial_policy_and_chain() {
    let root =
        super::merkle::hex32::parse(std::str::from_utf8(&data("proof_root.hex")).unwrap().trim())
            .unwrap();
    for kind in ["rsa", "ec", "ec384"] {
        let ca = parse_certs(&data(&format!("{kind}_ca.pem"))).unwrap();
        let tsa = parse_certs(&data(&format!("{kind}_tsa.pem"))).unwrap();
        let v = verify_response(
            &data(&format!("{kind}_good.tsr")),
            &root,
            None,
            &[],
            &TrustAnchors::new(ca.clone()),
        )
        .unwrap();
        assert_eq!(v.policy, "1.3.6.1.4.1.99999.1", "{kind}");
        assert!(!v.serial.is_empty() && !v.nonce.is_empty(), "{kind}");
        assert!(v.gen_time.timestamp() > 1_700_000_000, "{kind}");
        assert_eq!(v.chain.len(), 2, "{kind}: signer and root");
        use der::Encode;
        assert_eq!(v.chain[0], tsa[0].to_der().unwrap(), "{kind}");
        assert_eq!(v.chain[1], ca[0].to_der().unwrap(), "{kind}");
        assert!(v.signer.contains("TSA"), "{kind}: {}", v.signer);
    }
}

#[test]
fn a_wrong_nonce_is_a_replay() {
    let root =
        super::merkle::hex32::parse(std::str::from_utf8(&data("proof_root.hex")).unwrap().trim())
            .unwrap();
    let anchors = TrustAnchors::new(parse_certs(&data("rsa_ca.pem")).unwrap());
    let r = verify_response(
        &data("rsa_good.tsr"),
        &root,
        Some(&[1, 2, 3]),
        &[],
        &anchors,
    );
    assert_eq!(r, Err(TokenError::NonceMismatch));
}

#[test]
fn every_single_byte_change_of_a_good_token_is_refused_or_harmless() {
    // Flipping any byte either breaks the structure, or a check names it; it never passes
    // with different content and never panics.
    let root =
        super::merkle::hex32::parse(std::str::from_utf8(&data("proof_root.hex")).unwrap().trim())
            .unwrap();
    let anchors = TrustAnchors::new(parse_certs(&data("ec_ca.pem")).unwrap());
    let good = data("ec_good.tsr");
    let base = verify_response(&good, &root, None, &[], &anchors).unwrap();
    for i in 0..good.len() {
        let mut d = good.clone();
        d[i] ^= 0x01;
        if let Ok(v) = verify_response(&d, &root, None, &[], &anchors) {
            // Only bytes outside what is signed (e.g. unsigned, unchecked fields of the
            // certificate set's encoding) may change without effect.
            assert_eq!(v.gen_time, base.gen_time, "byte {i}");
            assert_eq!(v.serial, base.serial, "byte {i}");
        }
    }
}

#[test]
fn the_python_fold_and_the_rust_fold_agree() {
    let root = std::str::from_utf8(&data("proof_root.hex"))
        .unwrap()
        .trim()
        .to_string();
    let good = ProofFile::parse(&data("proof_good.json")).unwrap();
    assert_eq!(hex::encode(good.root), root);
    good.check().unwrap();
    let bad = ProofFile::parse(&data("fail_proof_sibling.json")).unwrap();
    assert!(matches!(bad.check(), Err(MerkleError::RootMismatch { .. })));
}
