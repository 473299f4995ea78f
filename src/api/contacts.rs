//! The contact log: every call, message or visit from (or to) collectors, checked against the
//! collection rules.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::{RecordKind, Session, clean};
use crate::domain::contact::{
    self, Channel, CheckContext, ClaimedRole, ContactRecord, Direction, Flag, PhraseBook,
    ThirdParty, ViolationSummary,
};
use crate::domain::debt::{Party, PartyRole};
use crate::domain::new_id;
use crate::{Error, Result};

/// A contact to log. Only the time, channel and direction are required.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewContact {
    pub at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub direction: Direction,
    pub number: Option<String>,
    pub person: Option<String>,
    pub organisation: Option<String>,
    pub claimed_role: Option<ClaimedRole>,
    pub answered: Option<bool>,
    pub attempts: Option<u32>,
    pub third_party: Option<ThirdParty>,
    pub summary: Option<String>,
    pub quotes: Vec<String>,
    pub evidence_ids: Vec<String>,
}

impl NewContact {
    pub fn new(at: DateTime<FixedOffset>, channel: Channel, direction: Direction) -> Self {
        NewContact {
            at,
            channel,
            direction,
            number: None,
            person: None,
            organisation: None,
            claimed_role: None,
            answered: None,
            attempts: None,
            third_party: None,
            summary: None,
            quotes: Vec::new(),
            evidence_ids: Vec::new(),
        }
    }
}

/// A logged contact with the flags the collection rules raise on it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckedContact {
    #[serde(flatten)]
    pub contact: ContactRecord,
    pub flags: Vec<Flag>,
}

pub fn add(session: &mut Session, case_id: &str, c: NewContact) -> Result<CheckedContact> {
    super::case::check_id(case_id)?;
    session.check_evidence(case_id, &c.evidence_ids)?;
    let record = record(session.now().local(), c)?;
    session.append_record(case_id, RecordKind::Contact, &record.id, &record)?;
    // Flags depend on the other contacts of the day, so they are computed over the whole log.
    list(session, case_id)?
        .into_iter()
        .find(|c| c.contact.id == record.id)
        .ok_or_else(|| Error::RecordDamaged {
            id: record.id.clone(),
            reason: "it was saved but cannot be read back".into(),
        })
}

/// Checks a contact the way every entry is checked, typed or imported, and makes its record
/// (a new id, texts trimmed). `now` is the user's local time; evidence links are the caller's
/// to check.
pub(crate) fn record(now: DateTime<FixedOffset>, c: NewContact) -> Result<ContactRecord> {
    let attempts = c.attempts.unwrap_or(1);
    check_contact(now, c.at, attempts)?;
    Ok(ContactRecord {
        id: new_id('k', 6),
        at: c.at,
        channel: c.channel,
        direction: c.direction,
        number: clean(c.number),
        person: clean(c.person),
        organisation: clean(c.organisation),
        claimed_role: c.claimed_role,
        answered: c.answered,
        attempts,
        third_party: c.third_party,
        summary: clean(c.summary),
        quotes: c
            .quotes
            .into_iter()
            .map(|q| q.trim().to_string())
            .filter(|q| !q.is_empty())
            .collect(),
        evidence_ids: c.evidence_ids,
        duration_seconds: None,
    })
}

/// The checks every contact (new or corrected) passes: 1 to 500 attempts, a time not in the
/// future (five minutes' slack for a computer clock behind the phone's).
pub(crate) fn check_contact(
    now: DateTime<FixedOffset>,
    at: DateTime<FixedOffset>,
    attempts: u32,
) -> Result<()> {
    if attempts == 0 || attempts > 500 {
        return Err(Error::InvalidInput(
            "attempts counts the calls in this entry: a number from 1 to 500".into(),
        ));
    }
    if at > now + chrono::Duration::minutes(5) {
        return Err(Error::InvalidInput(
            "the contact's time is in the future; check the date and time (YYYY-MM-DDTHH:MM:SS+08:00)".into(),
        ));
    }
    Ok(())
}

/// The case's contact log, oldest first, each entry with its flags.
pub fn list(session: &Session, case_id: &str) -> Result<Vec<CheckedContact>> {
    let records = records(session, case_id)?;
    let flags = contact::check(&records, PhraseBook::builtin(), &context(session, case_id)?);
    Ok(records
        .into_iter()
        .zip(flags)
        .map(|(contact, flags)| CheckedContact { contact, flags })
        .collect())
}

fn records(session: &Session, case_id: &str) -> Result<Vec<ContactRecord>> {
    super::case::show(session, case_id)?;
    let mut records: Vec<ContactRecord> = session.records(case_id, RecordKind::Contact)?;
    records.sort_by_key(|r| r.at);
    Ok(records)
}

/// The complaint-ready summary: counts per rule, the dated list with the evidence behind each,
/// and where to complain.
pub fn violations(session: &Session, case_id: &str) -> Result<ViolationSummary> {
    let records = records(session, case_id)?;
    let flags = contact::check(&records, PhraseBook::builtin(), &context(session, case_id)?);
    Ok(contact::summarize(&records, &flags))
}

/// The contact log counted: totals (calls by attempt), contacts per day (or week) with the
/// night ones and the days a call-count flag was raised, and the daily limits for the case's
/// lender type — what the app's chart and the evidence PDF's chart both draw.
pub fn frequency(session: &Session, case_id: &str) -> Result<contact::ContactFrequency> {
    let records = records(session, case_id)?;
    let ctx = context(session, case_id)?;
    let flags = contact::check(&records, PhraseBook::builtin(), &ctx);
    Ok(contact::frequency(&records, &flags, &ctx))
}

/// What the checks know of the case: its parties (and its lender, by name), and the lender's
/// type.
pub(crate) fn context(session: &Session, case_id: &str) -> Result<CheckContext> {
    let case = super::case::show(session, case_id)?;
    let mut parties = super::debt::parties(session, case_id)?;
    if !case.lender.trim().is_empty() {
        parties.push(Party {
            id: String::new(),
            role: PartyRole::Lender,
            name: case.lender.clone(),
            phones: Vec::new(),
            case_number: None,
            note: None,
        });
    }
    Ok(CheckContext {
        parties,
        lender_type: case.details.lender_type,
        illegal_debt: false,
    })
}

/// Parses `--at`: RFC 3339, or `now` (the user's local time).
pub fn parse_at(session_now: DateTime<FixedOffset>, s: &str) -> Result<DateTime<FixedOffset>> {
    if s.trim() == "now" {
        return Ok(session_now);
    }
    DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        Error::InvalidInput(format!(
            "“{s}” is not a time; write it like 2026-03-20T23:05:00+08:00, or say now"
        ))
    })
}
