//! Trusted timestamps (RFC 3161) for the vault: stamp what is pending, list batches, read a
//! batch's proofs for exports, and check every stored batch for `verify`.
//!
//! A batch covers every evidence item no batch covers yet, plus the chain head at that moment.
//! Only the batch's 32-byte Merkle root is sent. The exchange happens outside the vault's
//! writer lock (a slow or absent network never blocks intake); the verified reply is then
//! saved in one change: a `timestamp_obtained` chain event carrying the response, the
//! certificate chain and every leaf, plus the batch and proof rows. When anything fails
//! nothing is saved and the items stay pending.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::json;

use super::Session;
use crate::chain::EventKind;
use crate::db::{self, BatchRow, ProofRow};
use crate::domain::new_id;
use crate::timestamp::{
    self, LeafKind, ProofFile, Step, TrustAnchors, http::NetError, merkle, token,
};
use crate::{Error, Result};

/// Setting key: the timestamp service's address, saved after the first success.
pub const SETTING_TSA_URL: &str = "timestamp.tsa_url";
/// Setting key: extra trusted root certificates (PEM), saved after the first success.
pub const SETTING_TSA_ROOTS: &str = "timestamp.roots_pem";

/// What the user is told before the first request (and the app shows before turning it on).
pub const PRIVACY_NOTE_ZH: &str = "只有一个 32 字节的指纹（所有待盖章条目哈希的默克尔根）会发送给时间戳服务；证据文件、文件名、案卷内容都不会离开这台电脑。";
pub const PRIVACY_NOTE_EN: &str = "Only a 32-byte fingerprint (the Merkle root of the pending items' hashes) is sent to the timestamp service; no evidence file, file name or case detail leaves this computer.";

/// A stored batch, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Batch {
    pub id: String,
    pub tsa_url: String,
    /// The TSA's genTime, RFC 3339 UTC.
    pub gen_time: String,
    /// Serial number of the token, hex.
    pub serial: String,
    /// TSA policy, dotted OID.
    pub policy: String,
    /// Subject of the signing certificate.
    pub signer: String,
    /// Evidence items in the batch (the chain head is not counted).
    pub items: u32,
    /// Position of the chain head the batch stamped.
    pub head_seq: u32,
    /// Position of the batch's own chain event.
    pub seq: u32,
    /// The stamped Merkle root, hex.
    pub root: String,
}

/// What is waiting for a stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Pending {
    pub evidence_items: u32,
    /// Whether the chain has grown since the last batch.
    pub chain_head: bool,
    /// The saved service address, if any.
    pub tsa_url: Option<String>,
}

/// One stamp of one evidence item, for the PDF, the pack and the app's badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStamp {
    pub batch: Batch,
    pub proof: ProofFile,
}

/// Where to ask, and which root to trust besides the saved and shipped ones.
#[derive(Debug, Clone, Default)]
pub struct StampRequest {
    /// The service's URL; the saved one when `None`.
    pub tsa_url: Option<String>,
    /// Root certificate(s) to trust, PEM or DER; saved after the first success.
    pub ca: Option<Vec<u8>>,
}

/// The exchange with the service (the real one is [`timestamp::http::exchange`]; tests may
/// pass another).
pub type Exchange<'a> = &'a dyn Fn(&str, &[u8]) -> std::result::Result<Vec<u8>, NetError>;

/// What is pending now.
pub fn pending(session: &Session) -> Result<Pending> {
    let conn = session.conn();
    let evidence = db::unstamped_evidence(conn)?;
    Ok(Pending {
        evidence_items: u32::try_from(evidence.len()).unwrap_or(u32::MAX),
        chain_head: head_pending(session)?.is_some(),
        tsa_url: db::setting(conn, SETTING_TSA_URL)?,
    })
}

/// The chain head if it is not stamped yet (events other than timestamps since the last batch).
fn head_pending(session: &Session) -> Result<Option<(u64, String)>> {
    let Some((seq, hash)) = session.chain_head()? else {
        return Ok(None);
    };
    let last_batch_seq = db::batches(session.conn())?.last().map(|b| b.seq);
    Ok((last_batch_seq != Some(seq)).then_some((seq, hash)))
}

/// The roots trusted now: shipped, saved in the vault, and `extra`.
pub fn anchors(session: &Session, extra: &[x509_cert::Certificate]) -> Result<TrustAnchors> {
    let mut a = TrustAnchors::new(timestamp::shipped_roots());
    if let Some(pem) = db::setting(session.conn(), SETTING_TSA_ROOTS)? {
        for c in token::parse_certs(pem.as_bytes()).map_err(Error::TimestampRejected)? {
            a.add(c);
        }
    }
    for c in extra {
        a.add(c.clone());
    }
    Ok(a)
}

/// Stamps everything pending in one request. `Ok(None)` when nothing is pending.
///
/// The same as [`prepare`], `exchange`, then [`finish`].
///
/// # Errors
/// `InvalidInput` when no service is given or saved, or `--ca` is not a certificate;
/// `TsaUnreachable` when the service cannot be asked; `TimestampRejected` when its reply does
/// not verify (wrong root, signature, certificate, untrusted chain…). Nothing is saved then.
pub fn stamp(
    session: &mut Session,
    request: &StampRequest,
    exchange: Exchange<'_>,
) -> Result<Option<Batch>> {
    let Some(prepared) = prepare(session, request)? else {
        return Ok(None);
    };
    let response = exchange(&prepared.url, &prepared.request).map_err(Error::TsaUnreachable)?;
    finish(session, prepared, &response).map(Some)
}

/// A batch ready to be sent: the tree of everything pending and the request for its root.
///
/// Made by [`prepare`] with the session; the exchange needs no session (a caller that shares
/// the session between threads releases it meanwhile), and [`finish`] saves the reply.
pub struct Prepared {
    vault_id: String,
    url: String,
    request: Vec<u8>,
    nonce: [u8; 8],
    anchors: TrustAnchors,
    extra: Vec<x509_cert::Certificate>,
    evidence: Vec<(String, String)>,
    head_seq: u64,
    head_hash: String,
    leaves: Vec<(Option<String>, merkle::Leaf)>,
    tree: merkle::Tree,
}

impl Prepared {
    /// The service's address.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The DER `TimeStampReq` to POST (it carries only the 32-byte root and a nonce).
    pub fn request(&self) -> &[u8] {
        &self.request
    }

    /// Evidence items in the batch.
    pub fn evidence_items(&self) -> usize {
        self.evidence.len()
    }
}

/// Builds the batch of everything pending and its request. `Ok(None)` when nothing is pending.
///
/// # Errors
/// `InvalidInput` when no service is given or saved, or `request.ca` is not a certificate.
pub fn prepare(session: &Session, request: &StampRequest) -> Result<Option<Prepared>> {
    let url = match super::clean(request.tsa_url.clone()) {
        Some(u) => u,
        None => db::setting(session.conn(), SETTING_TSA_URL)?.ok_or_else(|| {
            Error::InvalidInput(
                "no timestamp service is set; pass --tsa URL (for example an RFC 3161 service's address)"
                    .into(),
            )
        })?,
    };
    let extra = match &request.ca {
        Some(bytes) => token::parse_certs(bytes).map_err(|e| {
            Error::InvalidInput(format!(
                "the --ca file is not a certificate: {e}; give the service's root certificate as PEM or DER"
            ))
        })?,
        None => Vec::new(),
    };
    let anchors = anchors(session, &extra)?;

    let evidence = db::unstamped_evidence(session.conn())?;
    let head = head_pending(session)?;
    let Some((head_seq, head_hash)) = head.or_else(|| {
        // Evidence without a new head cannot happen (intake appends an event), but stamp the
        // current head anyway so every batch names one.
        (!evidence.is_empty())
            .then(|| session.chain_head().ok().flatten())
            .flatten()
    }) else {
        return Ok(None);
    };
    let mut leaves: Vec<(Option<String>, merkle::Leaf)> = Vec::with_capacity(evidence.len() + 1);
    for (id, sha) in &evidence {
        leaves.push((Some(id.clone()), leaf(sha)?));
    }
    leaves.push((None, leaf(&head_hash)?));
    let plain: Vec<merkle::Leaf> = leaves.iter().map(|(_, l)| *l).collect();
    let tree = merkle::build(&plain).map_err(|e| Error::InvalidInput(e.to_string()))?;

    let nonce = token::new_nonce();
    let req = token::request(&tree.root, &nonce).map_err(Error::TimestampRejected)?;
    Ok(Some(Prepared {
        vault_id: session.vault().header().vault_id.clone(),
        url,
        request: req,
        nonce,
        anchors,
        extra,
        evidence,
        head_seq,
        head_hash,
        leaves,
        tree,
    }))
}

/// Verifies the service's reply to `prepared` and saves it in one change.
///
/// # Errors
/// `TimestampRejected` when the reply does not verify; `VaultBusy` when some item of the batch
/// was stamped meanwhile (or the open vault is not the one the batch was made from). Nothing
/// is saved then.
pub fn finish(session: &mut Session, prepared: Prepared, response: &[u8]) -> Result<Batch> {
    let Prepared {
        vault_id,
        url,
        request: _,
        nonce,
        anchors,
        extra,
        evidence,
        head_seq,
        head_hash,
        leaves,
        tree,
    } = prepared;
    if session.vault().header().vault_id != vault_id {
        return Err(Error::VaultBusy);
    }
    let verified = token::verify_response(response, &tree.root, Some(&nonce), &[], &anchors)
        .map_err(Error::TimestampRejected)?;
    let certs_pem = verified
        .chain
        .iter()
        .map(|c| token::to_pem(c))
        .collect::<std::result::Result<String, _>>()
        .map_err(Error::TimestampRejected)?;

    let batch_id = new_id('t', 8);
    let gen_time = verified
        .gen_time
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    let leaf_json: Vec<serde_json::Value> = leaves
        .iter()
        .map(|(id, l)| {
            json!({
                "evidence_id": id,
                "sha256": hex::encode(l.digest),
                "salt": hex::encode(l.salt),
            })
        })
        .collect();
    let saved_roots = if extra.is_empty() {
        None
    } else {
        let mut pem = db::setting(session.conn(), SETTING_TSA_ROOTS)?.unwrap_or_default();
        for c in &extra {
            use der::Encode;
            let der = c
                .to_der()
                .map_err(|e| Error::InvalidInput(format!("the --ca certificate: {e}")))?;
            let one = token::to_pem(&der).map_err(Error::TimestampRejected)?;
            if !pem.contains(&one) {
                pem.push_str(&one);
            }
        }
        Some(pem)
    };
    let ev = session.change("saving the timestamp", |c| {
        // Another process may have stamped some of these items meanwhile.
        let still: std::collections::HashSet<String> = db::unstamped_evidence(c.tx())?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        if evidence.iter().any(|(id, _)| !still.contains(id)) {
            return Err(Error::VaultBusy);
        }
        let ev = c.event(
            EventKind::TimestampObtained,
            None,
            json!({
                "batch_id": batch_id,
                "tsa_url": url,
                "root": hex::encode(tree.root),
                "gen_time": gen_time,
                "serial": verified.serial,
                "policy": verified.policy,
                "head_seq": head_seq,
                "head_hash": head_hash,
                "response": hex::encode(response),
                "certs": certs_pem,
                "leaves": leaf_json,
            }),
        )?;
        db::insert_batch(
            c.tx(),
            &BatchRow {
                id: batch_id.clone(),
                seq: ev.seq,
                tsa_url: url.clone(),
                root: hex::encode(tree.root),
                gen_time: gen_time.clone(),
                serial: verified.serial.clone(),
                policy: verified.policy.clone(),
                signer: verified.signer.clone(),
                response: response.to_vec(),
                certs: certs_pem.clone(),
                head_seq,
                head_hash: head_hash.clone(),
            },
        )?;
        for (i, ((id, l), path)) in leaves.iter().zip(&tree.proofs).enumerate() {
            db::insert_proof(
                c.tx(),
                &ProofRow {
                    batch_id: batch_id.clone(),
                    leaf: i as u64,
                    evidence_id: id.clone(),
                    digest: hex::encode(l.digest),
                    salt: hex::encode(l.salt),
                    path: serde_json::to_string(path).expect("steps serialise"),
                },
            )?;
        }
        db::set_setting(c.tx(), SETTING_TSA_URL, &url)?;
        if let Some(pem) = &saved_roots {
            db::set_setting(c.tx(), SETTING_TSA_ROOTS, pem)?;
        }
        Ok(ev)
    })?;
    let _ = ev;
    list(session)?
        .into_iter()
        .find(|b| b.id == batch_id)
        .ok_or_else(|| Error::RecordDamaged {
            id: batch_id,
            reason: "the batch just saved is not listed".into(),
        })
}

fn leaf(hex_digest: &str) -> Result<merkle::Leaf> {
    let digest = merkle::hex32::parse(hex_digest).map_err(|e| Error::RecordDamaged {
        id: hex_digest.into(),
        reason: e,
    })?;
    Ok(merkle::Leaf {
        digest,
        salt: rand::random(),
    })
}

/// Every batch, oldest first.
pub fn list(session: &Session) -> Result<Vec<Batch>> {
    let proofs = db::proofs(session.conn())?;
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for p in &proofs {
        if p.evidence_id.is_some() {
            *counts.entry(p.batch_id.as_str()).or_default() += 1;
        }
    }
    Ok(db::batches(session.conn())?
        .iter()
        .map(|b| batch_of(b, counts.get(b.id.as_str()).copied().unwrap_or(0)))
        .collect())
}

fn batch_of(b: &BatchRow, items: u32) -> Batch {
    Batch {
        id: b.id.clone(),
        tsa_url: b.tsa_url.clone(),
        gen_time: b.gen_time.clone(),
        serial: b.serial.clone(),
        policy: b.policy.clone(),
        signer: b.signer.clone(),
        items,
        head_seq: u32::try_from(b.head_seq).unwrap_or(u32::MAX),
        seq: u32::try_from(b.seq).unwrap_or(u32::MAX),
        root: b.root.clone(),
    }
}

/// The stamp of each stamped evidence item (by evidence id), for exports and the app.
pub fn item_stamps(session: &Session) -> Result<HashMap<String, ItemStamp>> {
    let batches: HashMap<String, Batch> = list(session)?
        .into_iter()
        .map(|b| (b.id.clone(), b))
        .collect();
    let mut out = HashMap::new();
    for p in db::proofs(session.conn())? {
        let Some(id) = p.evidence_id.clone() else {
            continue;
        };
        let Some(batch) = batches.get(&p.batch_id) else {
            continue;
        };
        if out.contains_key(&id) {
            continue; // the first (earliest) stamp is the one that counts
        }
        let proof = proof_file(&p, batch, LeafKind::Evidence)?;
        out.insert(
            id,
            ItemStamp {
                batch: batch.clone(),
                proof,
            },
        );
    }
    Ok(out)
}

/// The stored response (`.tsr`) and certificate chain (PEM) of every batch, by batch id.
pub fn batch_files(session: &Session) -> Result<Vec<(Batch, Vec<u8>, String)>> {
    let listed = list(session)?;
    Ok(db::batches(session.conn())?
        .into_iter()
        .filter_map(|row| {
            let b = listed.iter().find(|b| b.id == row.id)?.clone();
            Some((b, row.response, row.certs))
        })
        .collect())
}

fn proof_file(p: &ProofRow, batch: &Batch, kind: LeafKind) -> Result<ProofFile> {
    let damaged = |reason: String| Error::RecordDamaged {
        id: format!("{} leaf {}", p.batch_id, p.leaf),
        reason,
    };
    let path: Vec<Step> = serde_json::from_str(&p.path).map_err(|e| damaged(e.to_string()))?;
    Ok(ProofFile {
        v: ProofFile::VERSION,
        evidence_id: p.evidence_id.clone(),
        kind: Some(kind),
        batch: Some(format!("{}.tsr", batch.id)),
        salt: merkle::hex32::parse(&p.salt).map_err(damaged)?,
        sha256: merkle::hex32::parse(&p.digest).map_err(damaged)?,
        path,
        root: merkle::hex32::parse(&batch.root).map_err(damaged)?,
    })
}

/// One thing wrong with a stored timestamp, for `verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchProblem {
    /// `timestamp_invalid`, `timestamp_unchained`, `timestamp_proof` or `timestamp_rollback`.
    pub code: &'static str,
    pub batch_id: String,
    pub evidence_id: Option<String>,
    pub position: Option<u64>,
    pub message: String,
}

/// Checks every stored batch: its row against its chain event, the token offline against the
/// trusted roots, the tree against the leaves, each leaf against its evidence row, and that the
/// stamped chain head is still in the chain (a vault rolled back loses it).
pub fn check_all(
    session: &Session,
    events: &HashMap<u64, &crate::chain::StoredEvent>,
) -> Result<Vec<BatchProblem>> {
    let conn = session.conn();
    let anchors = anchors(session, &[])?;
    let proofs = db::proofs(conn)?;
    let evidence: HashMap<String, String> = db::list_evidence(conn, None)?
        .into_iter()
        .map(|e| (e.id, e.sha256))
        .collect();
    let mut problems = Vec::new();
    for b in db::batches(conn)? {
        let mut bad = |code: &'static str, evidence_id: Option<String>, position, msg: String| {
            problems.push(BatchProblem {
                code,
                batch_id: b.id.clone(),
                evidence_id,
                position,
                message: format!("timestamp batch {} ({}): {msg}", b.id, b.gen_time),
            })
        };
        let mine: Vec<&ProofRow> = proofs.iter().filter(|p| p.batch_id == b.id).collect();
        // The row against its chain event.
        let event_ok = events.get(&b.seq).is_some_and(|ev| {
            let body: serde_json::Value = serde_json::from_str(&ev.body).unwrap_or_default();
            let d = &body["data"];
            let leaves_match = d["leaves"].as_array().is_some_and(|ls| {
                ls.len() == mine.len()
                    && ls.iter().zip(&mine).all(|(l, p)| {
                        l["evidence_id"].as_str() == p.evidence_id.as_deref()
                            && l["sha256"].as_str() == Some(p.digest.as_str())
                            && l["salt"].as_str() == Some(p.salt.as_str())
                    })
            });
            ev.kind == EventKind::TimestampObtained.as_str()
                && d["batch_id"].as_str() == Some(b.id.as_str())
                && d["root"].as_str() == Some(b.root.as_str())
                && d["gen_time"].as_str() == Some(b.gen_time.as_str())
                && d["serial"].as_str() == Some(b.serial.as_str())
                && d["head_seq"].as_u64() == Some(b.head_seq)
                && d["head_hash"].as_str() == Some(b.head_hash.as_str())
                && d["response"].as_str() == Some(hex::encode(&b.response).as_str())
                && d["certs"].as_str() == Some(b.certs.as_str())
                && leaves_match
        });
        if !event_ok {
            bad(
                "timestamp_unchained",
                None,
                Some(b.seq),
                format!(
                    "its rows differ from the chain event at position {} that recorded it",
                    b.seq
                ),
            );
        }
        // The tree.
        let mut leaves = Vec::new();
        for p in &mine {
            match (
                merkle::hex32::parse(&p.digest),
                merkle::hex32::parse(&p.salt),
            ) {
                (Ok(digest), Ok(salt)) => leaves.push(merkle::Leaf { digest, salt }),
                _ => bad(
                    "timestamp_proof",
                    p.evidence_id.clone(),
                    None,
                    format!("leaf {} is not readable", p.leaf),
                ),
            }
        }
        let root = merkle::hex32::parse(&b.root).unwrap_or([0; 32]);
        match merkle::build(&leaves) {
            Ok(tree) if tree.root == root => {
                for (p, path) in mine.iter().zip(&tree.proofs) {
                    let stored: Option<Vec<Step>> = serde_json::from_str(&p.path).ok();
                    if stored.as_ref() != Some(path) {
                        bad(
                            "timestamp_proof",
                            p.evidence_id.clone(),
                            None,
                            format!("the proof of leaf {} does not lead to the root", p.leaf),
                        );
                    }
                }
            }
            _ => bad(
                "timestamp_proof",
                None,
                None,
                "its leaves do not make the stamped root".into(),
            ),
        }
        // Each leaf against what it stands for.
        for p in &mine {
            match &p.evidence_id {
                Some(id) => {
                    if evidence.get(id) != Some(&p.digest) {
                        bad(
                            "timestamp_proof",
                            Some(id.clone()),
                            None,
                            format!(
                                "evidence {id}: its SHA-256 is not the one stamped ({})",
                                p.digest
                            ),
                        );
                    }
                }
                None => {
                    if p.digest != b.head_hash {
                        bad(
                            "timestamp_proof",
                            None,
                            Some(b.head_seq),
                            "the chain-head leaf is not the recorded head".into(),
                        );
                    }
                }
            }
        }
        // The stamped head must still be in the chain.
        if events.get(&b.head_seq).map(|e| e.hash.as_str()) != Some(b.head_hash.as_str()) {
            bad(
                "timestamp_rollback",
                None,
                Some(b.head_seq),
                format!(
                    "the chain head it stamped (position {}, {}) is no longer in the chain: the vault was rolled back or its chain rewritten after the stamp",
                    b.head_seq,
                    &b.head_hash.get(..16).unwrap_or(&b.head_hash)
                ),
            );
        }
        // The token itself, offline.
        let extra = token::parse_certs(b.certs.as_bytes()).unwrap_or_default();
        match token::verify_response(&b.response, &root, None, &extra, &anchors) {
            Ok(v) => {
                let stored_time = chrono::DateTime::parse_from_rfc3339(&b.gen_time).ok();
                if stored_time.map(|t| t.timestamp()) != Some(v.gen_time.timestamp())
                    || v.serial != b.serial
                {
                    bad(
                        "timestamp_invalid",
                        None,
                        Some(b.seq),
                        "the recorded genTime or serial differs from the token's".into(),
                    );
                }
            }
            Err(e) => bad(
                "timestamp_invalid",
                None,
                Some(b.seq),
                format!("the token does not verify: {e}"),
            ),
        }
    }
    Ok(problems)
}
