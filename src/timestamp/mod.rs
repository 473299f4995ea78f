//! Trusted timestamps (RFC 3161): a batch of items under one Merkle root, one request to a
//! timestamp authority (TSA) for that root, and offline verification of what comes back.
//!
//! Owns: the tree and proofs ([`merkle`]), the request and the verification of responses
//! ([`token`]), the one HTTP exchange ([`http`]), and the roots the app ships ([`shipped_roots`]).
//! Invariants: only the 32-byte root is ever sent; nothing read from the network or from a
//! stored token is trusted before [`token::verify_response`] has checked it; every parser is
//! bounded ([`token::MAX_RESPONSE_BYTES`], [`merkle::MAX_LEAVES`], [`merkle::MAX_PROOF_STEPS`]).

pub mod http;
pub mod merkle;
pub mod services;
pub mod token;

pub use merkle::{Leaf, MerkleError, Step};
pub use services::{KNOWN_SERVICES, KnownService, TsaProblem};
pub use token::{TokenError, TrustAnchors, Verified};

/// The TSA root certificates the app trusts without being told (PEM files built in).
///
/// None yet: no service's root could be fetched and checked from where this version was
/// built, and a root nobody compared with its publisher's is not a trust anchor. A user adds
/// their service's root with `casefile timestamp --ca FILE`; it is kept in the vault.
pub const SHIPPED_ROOTS: &[(&str, &str)] = &[];

/// The shipped roots, parsed.
pub fn shipped_roots() -> Vec<x509_cert::Certificate> {
    SHIPPED_ROOTS
        .iter()
        .filter_map(|(_, pem)| token::parse_certs(pem.as_bytes()).ok())
        .flatten()
        .collect()
}

/// What a leaf of a batch stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeafKind {
    /// An evidence item: the leaf's digest is the file's SHA-256.
    Evidence,
    /// The chain head at stamping time: the digest is that event's hash.
    ChainHead,
}

/// One item's proof as exported (`timestamps/proofs/<id>.json` in a pack) and as committed in
/// `tests/data/tsa/`: version 1, the leaf's salt and digest, the path, and the root the
/// batch's token stamps. Folding it needs only SHA-256 (see [`merkle`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProofFile {
    pub v: u32,
    /// The evidence id (absent for the chain head and in bare proofs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<LeafKind>,
    /// The `.tsr` file of the batch, relative to the proof (`../<batch>.tsr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    #[serde(with = "merkle::hex32")]
    pub salt: [u8; 32],
    #[serde(with = "merkle::hex32")]
    pub sha256: [u8; 32],
    pub path: Vec<Step>,
    #[serde(with = "merkle::hex32")]
    pub root: [u8; 32],
}

/// The largest proof file read (a proof of [`merkle::MAX_PROOF_STEPS`] steps is under 10 KiB).
pub const MAX_PROOF_FILE_BYTES: usize = 64 * 1024;

impl ProofFile {
    pub const VERSION: u32 = 1;

    /// Reads a proof file (bounded, version 1 only).
    pub fn parse(bytes: &[u8]) -> Result<ProofFile, String> {
        if bytes.len() > MAX_PROOF_FILE_BYTES {
            return Err(format!(
                "the proof is {} bytes; at most {MAX_PROOF_FILE_BYTES} are read",
                bytes.len()
            ));
        }
        let p: ProofFile = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if p.v != Self::VERSION {
            return Err(format!("proof version {} is not known (expected 1)", p.v));
        }
        Ok(p)
    }

    pub fn leaf(&self) -> Leaf {
        Leaf {
            digest: self.sha256,
            salt: self.salt,
        }
    }

    /// Checks that the leaf folds to the root the proof names.
    pub fn check(&self) -> Result<(), MerkleError> {
        merkle::check(&self.leaf(), &self.path, &self.root)
    }
}

#[cfg(test)]
mod vectors;
