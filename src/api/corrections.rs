//! Correcting and withdrawing what the user recorded: payments, contacts, legal events, stage
//! changes, parties, mediation checks, agreements, loan flows, checklist links and plan choices.
//!
//! Records are never edited or deleted (the table is append-only and the chain keeps every
//! event). A correction is a new record, carried by a `record_corrected` chain event, that holds
//! the target's whole new content; a withdrawal is a new record, carried by `record_withdrawn`,
//! that names the target and the reason. Reading a case's records ([`Session::records`])
//! applies them: the latest correction wins and a withdrawn record is left out of every sum and
//! rule. [`list`] gives the history (the content before and after, the reason, the time), so
//! the screens can show a withdrawn record struck through.
//!
//! The case's own figures are corrected with `debt::edit` and evidence annotations with
//! `evidence::annotate`; evidence items themselves are never withdrawn.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{RecordKind, Session, clean};
use crate::domain::new_id;
use crate::{Error, Result, db};

/// A correction as stored: the target record and its whole new content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Correction {
    pub id: String,
    pub target: String,
    pub target_kind: String,
    pub record: Value,
    pub reason: Option<String>,
}

/// A withdrawal as stored: the target record and why it no longer counts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Withdrawal {
    pub id: String,
    pub target: String,
    pub target_kind: String,
    pub reason: Option<String>,
}

/// The corrections and withdrawals of one case, ready to apply to its records.
pub(crate) struct Fixes {
    /// Target id → its latest corrected content (as JSON text).
    current: HashMap<String, String>,
    withdrawn: HashMap<String, ()>,
}

impl Fixes {
    pub(crate) fn load(session: &Session, case_id: &str) -> Result<Fixes> {
        let mut current = HashMap::new();
        for row in db::records(session.conn(), case_id, RecordKind::Correction.as_str())? {
            let c: Correction = parse(&row)?;
            current.insert(c.target, c.record.to_string());
        }
        let mut withdrawn = HashMap::new();
        for row in db::records(session.conn(), case_id, RecordKind::Withdrawal.as_str())? {
            let w: Withdrawal = parse(&row)?;
            withdrawn.insert(w.target, ());
        }
        Ok(Fixes { current, withdrawn })
    }

    pub(crate) fn is_withdrawn(&self, id: &str) -> bool {
        self.withdrawn.contains_key(id)
    }

    pub(crate) fn current_body(&self, id: &str) -> Option<&String> {
        self.current.get(id)
    }
}

fn parse<T: serde::de::DeserializeOwned>(row: &db::RecordRow) -> Result<T> {
    serde_json::from_str(&row.body).map_err(|e| Error::RecordDamaged {
        id: row.id.clone(),
        reason: e.to_string(),
    })
}

/// The record kinds a user can correct with new content (the others can only be withdrawn).
fn correctable(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::StageChange
            | RecordKind::LegalEvent
            | RecordKind::Contact
            | RecordKind::Party
            | RecordKind::MediationCheck
            | RecordKind::Agreement
            | RecordKind::Payment
            | RecordKind::CashFlow
    )
}

/// Finds the record `id` of `case_id` and its kind; refuses corrections and withdrawals
/// themselves, other cases' records, and a record already withdrawn.
fn target(session: &Session, case_id: &str, id: &str) -> Result<RecordKind> {
    super::case::check_id(case_id)?;
    db::get_case(session.conn(), case_id)?;
    let (owner, kind) = db::record_kind(session.conn(), id)?.ok_or_else(|| {
        Error::NotCorrectable(format!(
            "there is no record {id}; list the case's records (for example `casefile contact list CASE`) and use an id from there"
        ))
    })?;
    let kind = RecordKind::from_str(&kind)
        .filter(|k| !matches!(k, RecordKind::Correction | RecordKind::Withdrawal))
        .ok_or_else(|| {
            Error::NotCorrectable(format!(
                "{id} is itself a correction or withdrawal; correct the original record instead"
            ))
        })?;
    if owner != case_id {
        return Err(Error::NotCorrectable(format!(
            "record {id} belongs to another case ({owner})"
        )));
    }
    if Fixes::load(session, case_id)?.is_withdrawn(id) {
        return Err(Error::NotCorrectable(format!(
            "record {id} was already withdrawn; record it again if it should count"
        )));
    }
    Ok(kind)
}

/// Replaces what record `id` says with `record` (its whole new content, the same shape as the
/// record as listed, with the same id). Checks the content as a new record of its kind would be
/// checked; a payment above what remains needs `confirm` as when it was first added.
///
/// Errors: `NotCorrectable` (unknown id, withdrawn, not correctable), `InvalidInput` (the
/// content does not fit the record's kind, or fails its checks), `NeedsConfirmation`.
pub fn correct(
    session: &mut Session,
    case_id: &str,
    id: &str,
    record: Value,
    reason: Option<String>,
    confirm: bool,
) -> Result<CorrectionEntry> {
    let kind = target(session, case_id, id)?;
    if !correctable(kind) {
        return Err(Error::NotCorrectable(format!(
            "a {} record cannot be changed, only withdrawn; withdraw it and record the right one",
            kind.as_str()
        )));
    }
    if record.get("id").and_then(Value::as_str) != Some(id) {
        return Err(Error::InvalidInput(format!(
            "the corrected record must keep its id {id}"
        )));
    }
    let record = checked(session, case_id, kind, id, record, confirm)?;
    let correction = Correction {
        id: new_id('r', 6),
        target: id.to_string(),
        target_kind: kind.as_str().to_string(),
        record,
        reason: clean(reason),
    };
    session.append_record(case_id, RecordKind::Correction, &correction.id, &correction)?;
    list(session, case_id)?
        .into_iter()
        .rev()
        .find(|c| c.id == correction.id)
        .ok_or_else(|| Error::RecordDamaged {
            id: correction.id.clone(),
            reason: "it was saved but cannot be read back".into(),
        })
}

/// Takes record `id` out of the case: it no longer counts in sums, flags, stages or deadlines,
/// and stays in the history (and the chain) with `reason`.
pub fn withdraw(
    session: &mut Session,
    case_id: &str,
    id: &str,
    reason: Option<String>,
) -> Result<CorrectionEntry> {
    let kind = target(session, case_id, id)?;
    let w = Withdrawal {
        id: new_id('w', 6),
        target: id.to_string(),
        target_kind: kind.as_str().to_string(),
        reason: clean(reason),
    };
    session.append_record(case_id, RecordKind::Withdrawal, &w.id, &w)?;
    list(session, case_id)?
        .into_iter()
        .rev()
        .find(|c| c.id == w.id)
        .ok_or_else(|| Error::RecordDamaged {
            id: w.id.clone(),
            reason: "it was saved but cannot be read back".into(),
        })
}

/// Type-checks a corrected record against its kind and applies that kind's rules; returns the
/// content in its canonical form (as the record type serialises it).
fn checked(
    session: &Session,
    case_id: &str,
    kind: RecordKind,
    id: &str,
    record: Value,
    confirm: bool,
) -> Result<Value> {
    use crate::domain::contact::ContactRecord;
    use crate::domain::debt::{Agreement, MediationCheck, Party, Payment, StageChange};

    fn typed<T: serde::de::DeserializeOwned + Serialize>(v: Value) -> Result<(T, Value)> {
        let t: T = serde_json::from_value(v).map_err(|e| {
            Error::InvalidInput(format!(
                "the corrected record does not fit its kind: {e}; send it in the shape it is listed in"
            ))
        })?;
        let canonical = serde_json::to_value(&t).expect("records serialise");
        Ok((t, canonical))
    }

    Ok(match kind {
        RecordKind::Contact => {
            let (c, v) = typed::<ContactRecord>(record)?;
            super::contacts::check_contact(session.now().local(), c.at, c.attempts)?;
            session.check_evidence(case_id, &c.evidence_ids)?;
            v
        }
        RecordKind::Payment => {
            let (p, v) = typed::<Payment>(record)?;
            let others: i64 = session
                .records::<Payment>(case_id, RecordKind::Payment)?
                .iter()
                .filter(|o| o.agreement_id == p.agreement_id && o.id != id)
                .map(|o| o.amount_fen)
                .sum();
            let agreement = super::mediation::agreements(session, case_id)?
                .into_iter()
                .find(|a| a.id == p.agreement_id)
                .ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "the payment names agreement {}, which is not in this case",
                        p.agreement_id
                    ))
                })?;
            super::mediation::check_payment(
                crate::domain::Money::from_fen(p.amount_fen),
                agreement.total_fen - others,
                confirm,
            )?;
            if let Some(e) = &p.evidence_id {
                session.check_evidence(case_id, std::slice::from_ref(e))?;
            }
            v
        }
        RecordKind::LegalEvent => typed::<super::timeline::LegalEventRecord>(record)?.1,
        RecordKind::StageChange => {
            let (s, v) = typed::<StageChange>(record)?;
            session.check_evidence(case_id, &s.evidence_ids)?;
            v
        }
        RecordKind::Party => {
            let (p, v) = typed::<Party>(record)?;
            if p.name.trim().is_empty() {
                return Err(Error::InvalidInput("the party needs a name".into()));
            }
            v
        }
        RecordKind::MediationCheck => typed::<MediationCheck>(record)?.1,
        RecordKind::Agreement => {
            let (a, v) = typed::<Agreement>(record)?;
            let sum: i64 = a.installments.iter().map(|i| i.amount_fen).sum();
            if a.total_fen <= 0 || sum != a.total_fen || a.effective_on < a.signed_on {
                return Err(Error::InvalidInput(
                    "the agreement needs a positive total that its instalments add up to, and cannot take effect before it is signed".into(),
                ));
            }
            super::mediation::check_total(crate::domain::Money::from_fen(a.total_fen), confirm)?;
            v
        }
        RecordKind::CashFlow => {
            let (f, v) = typed::<super::debt::LoanFlow>(record)?;
            if f.amount_fen <= 0 {
                return Err(Error::InvalidInput(
                    "a payment is a positive amount in 元, like 1000.00".into(),
                ));
            }
            super::debt::check_flow_amount(crate::domain::Money::from_fen(f.amount_fen), confirm)?;
            v
        }
        RecordKind::ChecklistLink
        | RecordKind::ChecklistUntick
        | RecordKind::PlanChoice
        | RecordKind::Correction
        | RecordKind::Withdrawal => unreachable!("refused by `correctable`"),
    })
}

/// What happened to a record after it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CorrectionAction {
    Corrected,
    Withdrawn,
}

/// One correction or withdrawal, with the record's content before and after it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CorrectionEntry {
    /// The correction's (or withdrawal's) own id.
    pub id: String,
    pub action: CorrectionAction,
    /// The record it changes, and that record's kind (`contact`, `payment`, `legal_event` …).
    pub target: String,
    pub target_kind: String,
    /// The record's content just before; for a withdrawal, what no longer counts.
    pub before: Value,
    /// The new content (corrections only).
    pub after: Option<Value>,
    pub reason: Option<String>,
    /// Chain position and local time (RFC 3339) of the correction.
    pub seq: u64,
    pub at: String,
}

/// Every correction and withdrawal of a case, oldest first.
pub fn list(session: &Session, case_id: &str) -> Result<Vec<CorrectionEntry>> {
    super::case::show(session, case_id)?;
    let mut rows: Vec<(db::RecordRow, RecordKind)> = Vec::new();
    for kind in [RecordKind::Correction, RecordKind::Withdrawal] {
        for row in db::records(session.conn(), case_id, kind.as_str())? {
            rows.push((row, kind));
        }
    }
    rows.sort_by_key(|(r, _)| r.seq);
    let times: HashMap<u64, String> = super::log::entries(session, Some(case_id))?
        .into_iter()
        .map(|e| (e.seq, e.at))
        .collect();
    // The content each target had, as the corrections go by.
    let mut content: HashMap<String, Value> = HashMap::new();
    let mut out = Vec::new();
    for (row, kind) in rows {
        let (target, target_kind, after, reason, action) = match kind {
            RecordKind::Correction => {
                let c: Correction = parse(&row)?;
                (
                    c.target,
                    c.target_kind,
                    Some(c.record),
                    c.reason,
                    CorrectionAction::Corrected,
                )
            }
            _ => {
                let w: Withdrawal = parse(&row)?;
                (
                    w.target,
                    w.target_kind,
                    None,
                    w.reason,
                    CorrectionAction::Withdrawn,
                )
            }
        };
        let before = match content.get(&target) {
            Some(v) => v.clone(),
            None => db::record_body(session.conn(), &target)?
                .and_then(|b| serde_json::from_str(&b).ok())
                .unwrap_or(Value::Null),
        };
        if let Some(a) = &after {
            content.insert(target.clone(), a.clone());
        }
        out.push(CorrectionEntry {
            id: row.id,
            action,
            target,
            target_kind,
            before,
            after,
            reason,
            seq: row.seq,
            at: times.get(&row.seq).cloned().unwrap_or_default(),
        });
    }
    Ok(out)
}
