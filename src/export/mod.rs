//! Documents that leave the vault: the evidence PDF and the evidence pack.
//!
//! Depends on `domain` and `chain` only. `api` hands in a [`report::CaseReport`] and an
//! [`report::EvidenceSource`]; this layer decides every word the documents say
//! ([`evidence_pdf`], [`words`], [`citations`]) and how they are laid out ([`pdf`], [`pack`]),
//! and returns bytes (or streams into a writer): it writes no file itself.

pub mod action_pdf;
pub mod catalogue;
pub mod citations;
pub mod contact_log;
pub mod evidence_pdf;
pub mod font;
pub mod mediation_docs;
pub mod pack;
pub mod pdf;
pub mod report;
pub mod summary;
pub mod words;

/// The PDF engine under its former name, for callers not yet moved to [`pdf`].
pub use self::pdf as document;
