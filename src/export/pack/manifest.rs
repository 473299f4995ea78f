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
    /// The `timestamps/` folder, when some exhibit has a trusted timestamp (packs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<ManifestTimestamps>,
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

/// The manifest of a case's pack (or of the PDF's embedded copy, with no `pdf`).
pub fn manifest(report: &CaseReport, pdf: Option<String>) -> Manifest {
    let chain = report
        .chain
        .iter()
        .map(|e| ChainExcerptEvent {
            seq: e.seq,
            prev_sha256: e.prev_hash.clone(),
            sha256: e.hash.clone(),
            body: e.body.clone(),
        })
        .collect();
    Manifest {
        format: PACK_FORMAT.into(),
        version: PACK_VERSION,
        created_at: report.now.to_rfc3339(),
        case: serde_json::to_value(&report.case).expect("case serialises"),
        exhibits: report
            .evidence
            .iter()
            .enumerate()
            .map(|(i, e)| ManifestExhibit {
                number: i + 1,
                path: exhibit_path(i + 1, &e.name),
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.as_str().into(),
                size: e.size,
                sha256: e.sha256.clone(),
                added_at: e.added_at.to_rfc3339(),
                chain_seq: e.chain_seq,
            })
            .collect(),
        chain,
        timestamps: pdf
            .is_some()
            .then(|| timestamp_files(report).map(|(m, _)| m))
            .flatten(),
        pdf,
    }
}
