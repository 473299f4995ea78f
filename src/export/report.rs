//! What an export is made from: a plain, fully assembled report of one case, and a way to
//! read each evidence item's plaintext.
//!
//! `api` gathers the report from the vault; export decides everything the PDF and the pack
//! say from it and reads evidence only through an [`EvidenceSource`], so export never opens
//! the database or the vault itself.

use std::io::Read;
use std::sync::Arc;

use crate::chain::StoredEvent;
use crate::domain::contact::{ContactRecord, Flag, ViolationSummary};
use crate::domain::deadline::{Deadline, LegalEvent};
use crate::domain::debt::{Agreement, MediationCheck, Party, Payment, StageChange};
use crate::domain::rate::RateReport;
use crate::domain::{Case, Evidence, Instant};

/// One case, everything an export prints about it.
#[derive(Debug, Clone)]
pub struct CaseReport {
    pub case: Case,
    pub parties: Vec<Party>,
    /// Stage changes, oldest first.
    pub stages: Vec<StageChange>,
    pub legal_events: Vec<LegalEvent>,
    /// The deadlines the legal events start, soonest first.
    pub deadlines: Vec<Deadline>,
    /// The contact log, oldest first, each with its flags.
    pub contacts: Vec<CheckedContact>,
    pub violations: ViolationSummary,
    /// The evidence items in exhibit order (E001 first).
    pub evidence: Vec<Evidence>,
    /// The case's chain events, for the manifest's excerpt.
    pub chain: Vec<StoredEvent>,
    /// The last event of the whole vault's chain (`seq`, hash).
    pub chain_head: Option<(u64, String)>,
    /// When the export is made.
    pub now: Instant,
    /// Trusted timestamps of this case's evidence, by evidence id (the earliest stamp).
    pub stamps: std::collections::HashMap<String, ExhibitStamp>,
    /// The batches those stamps belong to, oldest first.
    pub stamp_batches: Vec<StampBatch>,
    /// The loan's payments, made or scheduled by the contract, oldest first.
    pub repayments: Vec<Repayment>,
    /// The real annual rate from the loan's cash flows and the lines for the lender's type;
    /// `None` when the figures it needs are not recorded or no rate balances them.
    pub rate: Option<RateReport>,
    /// Signed agreements (oldest first), each with its payments.
    pub agreements: Vec<AgreementRecord>,
    /// Checks made on a mediation organisation, as recorded (oldest first).
    pub mediation_checks: Vec<MediationCheck>,
}

/// A payment on the loan itself (借还款流水): made, or scheduled by the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repayment {
    pub on: chrono::NaiveDate,
    /// Paid by the borrower, in 分 (positive).
    pub amount_fen: i64,
    /// Scheduled by the contract and not (yet) paid.
    pub scheduled: bool,
    pub note: Option<String>,
}

/// A signed agreement and the payments made on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRecord {
    pub agreement: Agreement,
    /// Oldest first.
    pub payments: Vec<Payment>,
}

/// One exhibit's trusted timestamp: its batch and its inclusion proof.
#[derive(Debug, Clone)]
pub struct ExhibitStamp {
    pub batch_id: String,
    /// The service's address.
    pub tsa_url: String,
    /// The TSA's genTime.
    pub gen_time: chrono::DateTime<chrono::Utc>,
    pub proof: crate::timestamp::ProofFile,
}

/// A stamped batch as an export carries it.
#[derive(Debug, Clone)]
pub struct StampBatch {
    pub id: String,
    pub tsa_url: String,
    /// RFC 3339 UTC.
    pub gen_time: String,
    /// The stamped Merkle root, hex.
    pub root: String,
    pub serial: String,
    pub policy: String,
    /// The whole TimeStampResp, DER (the `.tsr` file).
    pub response: Vec<u8>,
    /// The verified certificate chain, PEM, signer first, root last.
    pub certs_pem: String,
}

impl ExhibitStamp {
    /// The service's host name, as shown ("freetsa.org"); the whole address when it has none.
    pub fn service(&self) -> String {
        service_name(&self.tsa_url)
    }
}

/// The host of an `http(s)://host[:port]/path` address.
pub fn service_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if host.is_empty() {
        url.to_string()
    } else {
        host.to_string()
    }
}

/// A logged contact with the flags the rules found in it.
#[derive(Debug, Clone)]
pub struct CheckedContact {
    pub contact: ContactRecord,
    pub flags: Vec<Flag>,
}

/// Reads evidence plaintext for an export. Every read is checked against the size and
/// SHA-256 recorded at intake; a mismatch is an error naming the item.
pub trait EvidenceSource {
    type Error;

    /// Reports progress (`done` of `total` items) and may stop the export (cancellation).
    fn progress(&self, done: u64, total: u64) -> Result<(), Self::Error>;
    /// The whole plaintext, checked.
    fn read(&self, e: &Evidence) -> Result<Arc<[u8]>, Self::Error>;
    /// Decrypts and re-hashes the item as a stream, without holding it in memory.
    fn check_streaming(&self, e: &Evidence) -> Result<(), Self::Error>;
    /// A stream of the plaintext; the reader of it checks the hash (the pack writer does).
    fn open(&self, e: &Evidence) -> Result<Box<dyn Read + '_>, Self::Error>;
}

/// Exhibit number → "E001".
pub fn exhibit_label(n: usize) -> String {
    format!("E{n:03}")
}
