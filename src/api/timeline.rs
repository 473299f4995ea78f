//! Stages, the dated legal events the user records, and the deadlines those events start.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{RecordKind, Session, clean};
use crate::domain::deadline::{self, Deadline, HolidayCalendar, LegalEvent, LegalEventKind};
use crate::domain::debt::{Stage, StageChange};
use crate::domain::new_id;
use crate::{Error, Result, db};

pub fn set_stage(
    session: &mut Session,
    case_id: &str,
    stage: Stage,
    on: NaiveDate,
    note: Option<String>,
    evidence_ids: Vec<String>,
) -> Result<StageChange> {
    super::case::check_id(case_id)?;
    session.check_evidence(case_id, &evidence_ids)?;
    let change = StageChange {
        id: new_id('s', 6),
        stage,
        on,
        note: clean(note),
        evidence_ids,
    };
    session.append_record(case_id, RecordKind::StageChange, &change.id, &change)?;
    Ok(change)
}

/// Stage changes in date order (ties in the order recorded).
pub fn stages(session: &Session, case_id: &str) -> Result<Vec<StageChange>> {
    super::case::show(session, case_id)?;
    let mut s: Vec<StageChange> = session.records(case_id, RecordKind::StageChange)?;
    s.sort_by_key(|c| c.on);
    Ok(s)
}

/// A dated legal event as recorded by the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LegalEventRecord {
    pub id: String,
    pub kind: LegalEventKind,
    pub on: NaiveDate,
    pub note: Option<String>,
    /// The period in days the court's notice gives (答辩期 in simplified or small-claims
    /// procedure); see [`LegalEvent::period_days`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<u32>,
}

impl From<LegalEventRecord> for LegalEvent {
    /// What the deadline rules need of a recorded event (the note is the user's own).
    fn from(r: LegalEventRecord) -> Self {
        LegalEvent {
            id: r.id,
            kind: r.kind,
            on: r.on,
            period_days: r.period_days,
        }
    }
}

pub fn add_event(
    session: &mut Session,
    case_id: &str,
    kind: LegalEventKind,
    on: NaiveDate,
    note: Option<String>,
) -> Result<LegalEventRecord> {
    add_event_with_period(session, case_id, kind, on, note, None)
}

/// [`add_event`], with the period in days the court's notice gives (for a complaint served:
/// the answer period in simplified or small-claims procedure), 1 to
/// [`deadline::MAX_NOTICE_PERIOD_DAYS`].
pub fn add_event_with_period(
    session: &mut Session,
    case_id: &str,
    kind: LegalEventKind,
    on: NaiveDate,
    note: Option<String>,
    period_days: Option<u32>,
) -> Result<LegalEventRecord> {
    super::case::check_id(case_id)?;
    if let Some(n) = period_days {
        if kind != LegalEventKind::ComplaintServed {
            return Err(Error::InvalidInput(format!(
                "a period from the court's notice is kept for {} only; leave it out for {kind}",
                LegalEventKind::ComplaintServed
            )));
        }
        if !(1..=deadline::MAX_NOTICE_PERIOD_DAYS).contains(&n) {
            return Err(Error::InvalidInput(format!(
                "the period from the court's notice is a number of days from 1 to {}; {n} is not",
                deadline::MAX_NOTICE_PERIOD_DAYS
            )));
        }
    }
    let record = LegalEventRecord {
        id: new_id('l', 6),
        kind,
        on,
        note: clean(note),
        period_days,
    };
    session.append_record(case_id, RecordKind::LegalEvent, &record.id, &record)?;
    Ok(record)
}

pub fn events(session: &Session, case_id: &str) -> Result<Vec<LegalEventRecord>> {
    super::case::show(session, case_id)?;
    let mut e: Vec<LegalEventRecord> = session.records(case_id, RecordKind::LegalEvent)?;
    e.sort_by_key(|x| x.on);
    Ok(e)
}

/// A deadline with the case it belongs to.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CaseDeadline {
    pub case_id: String,
    pub case_title: String,
    #[serde(flatten)]
    pub deadline: Deadline,
}

/// Every deadline the recorded events start, soonest first; one case or all of them.
pub fn deadlines(session: &Session, case_id: Option<&str>) -> Result<Vec<CaseDeadline>> {
    let cases = match case_id {
        Some(id) => vec![super::case::show(session, id)?],
        None => db::list_cases(session.conn())?,
    };
    let today = session.today();
    let calendar = HolidayCalendar::builtin();
    let mut out = Vec::new();
    for case in cases {
        let recorded: Vec<LegalEventRecord> = session.records(&case.id, RecordKind::LegalEvent)?;
        let legal: Vec<LegalEvent> = recorded.into_iter().map(LegalEvent::from).collect();
        for d in deadline::compute(&legal, case.details.small_claims, today, calendar) {
            out.push(CaseDeadline {
                case_id: case.id.clone(),
                case_title: case.title.clone(),
                deadline: d,
            });
        }
    }
    out.sort_by_key(|d| d.deadline.due);
    Ok(out)
}

/// Parses a legal event kind, with the accepted names in the error.
pub fn parse_event_kind(s: &str) -> Result<LegalEventKind> {
    s.parse().map_err(|e: String| Error::InvalidInput(e))
}
