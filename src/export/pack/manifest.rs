//! `manifest.json`: the exhibits and the chain excerpt a pack carries.

use super::*;

// Manifest

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    /// Case summary, free-form.
    pub case: Value,
    pub exhibits: Vec<ManifestExhibit>,
    pub chain: Vec<ChainExcerptEvent>,
    /// Path of the evidence PDF in the pack.
    pub pdf: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ManifestExhibit {
    pub number: usize,
    pub path: String,
    pub id: String,
    pub name: String,
    pub kind: String,
    pub size: u64,
    pub sha256: String,
    pub added_at: String,
    pub chain_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChainExcerptEvent {
    pub seq: u64,
    pub prev_sha256: String,
    pub sha256: String,
    /// Canonical body exactly as hashed.
    pub body: String,
}

/// `SHA-256(prev (32 raw bytes) ‖ body (UTF-8))`, the vault chain's rule.
pub fn chain_event_hash(prev: &[u8; 32], body: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(prev)
        .chain_update(body.as_bytes())
        .finalize()
        .into()
}

// ---------------------------------------------------------------------------------------------
