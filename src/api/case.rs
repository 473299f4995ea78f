//! Case folders: one per debt.

use chrono::NaiveDate;
use serde_json::json;

use super::Session;
use crate::chain::EventKind;
use crate::domain::{Case, Money, is_valid_id, new_id};
use crate::{Error, Result, db};

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewCase {
    pub title: String,
    pub lender: String,
    pub platform: Option<String>,
    pub principal: Option<Money>,
    pub overdue_since: Option<NaiveDate>,
    /// The user confirmed a principal above the plausible bound (`domain::plausible`).
    #[serde(default)]
    pub confirm: bool,
}

/// Opens a new case folder and records it on the chain.
pub fn create(session: &mut Session, req: NewCase) -> Result<Case> {
    let title = required("title", &req.title)?;
    let lender = required("lender", &req.lender)?;
    let platform = req
        .platform
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if let Some(p) = req.principal
        && p.fen() < 0
    {
        return Err(Error::InvalidInput(
            "the principal cannot be negative; enter the amount borrowed, like 5000.00".into(),
        ));
    }
    if let Some(p) = req.principal
        && !req.confirm
        && let Some(doubt) = crate::domain::plausible::check_amount("principal", p)
    {
        return Err(Error::NeedsConfirmation(doubt.message()));
    }
    let id = new_id('c', 5);
    // The case's folder is made by its first evidence item, not here: a case row is all a new
    // case is, so a crash or a full disk cannot leave a folder without its row.
    session.change("saving the case", |c| {
        let ev = c.event(
            EventKind::CaseCreated,
            Some(&id),
            json!({
                "title": title,
                "lender": lender,
                "platform": platform,
                "principal_fen": req.principal.map(Money::fen),
                "overdue_since": req.overdue_since.map(|d| d.format("%Y-%m-%d").to_string()),
            }),
        )?;
        db::insert_case(
            c.tx(),
            &db::NewCase {
                id: &id,
                title,
                lender,
                platform,
                principal: req.principal,
                overdue_since: req.overdue_since,
                at: c.at(),
                seq: ev.seq,
            },
        )
    })?;
    show(session, &id)
}

/// Every case, in the order they were opened, each with its derived stage.
pub fn list(session: &Session) -> Result<Vec<Case>> {
    db::list_cases(session.conn())?
        .into_iter()
        .map(|c| with_stage(session, c))
        .collect()
}

/// One case, with its stage derived from what was recorded (see `domain::stage`).
pub fn show(session: &Session, id: &str) -> Result<Case> {
    check_id(id)?;
    with_stage(session, db::get_case(session.conn(), id)?)
}

/// Sets `case.stage` and `case.stage_basis` by the stage rule, from the case's records as they
/// stand (corrections applied, withdrawn records left out).
fn with_stage(session: &Session, mut case: Case) -> Result<Case> {
    use super::RecordKind;
    use crate::domain::contact::{ContactRecord, Direction};
    use crate::domain::debt::StageChange;

    let changes: Vec<StageChange> = session.records(&case.id, RecordKind::StageChange)?;
    let events: Vec<super::timeline::LegalEventRecord> =
        session.records(&case.id, RecordKind::LegalEvent)?;
    let events: Vec<_> = events.into_iter().map(|e| (e.kind, e.on)).collect();
    let contacts: Vec<ContactRecord> = session.records(&case.id, RecordKind::Contact)?;
    let first_in = contacts
        .iter()
        .filter(|c| c.direction == Direction::In)
        .map(|c| c.at.date_naive())
        .min();
    let derived = crate::domain::stage::derive(
        &changes,
        &events,
        case.overdue_since,
        first_in,
        session.today(),
    );
    case.stage = derived.map(|(s, on, _)| (s, on));
    case.stage_basis = derived.map(|(_, _, b)| b);
    Ok(case)
}

pub(crate) fn check_id(id: &str) -> Result<()> {
    if is_valid_id('c', id) {
        Ok(())
    } else {
        Err(Error::CaseNotFound(id.to_string()))
    }
}

fn required<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::InvalidInput(format!("the case needs a {field}")));
    }
    if v.chars().count() > 200 {
        return Err(Error::InvalidInput(format!(
            "the {field} is longer than 200 characters; shorten it"
        )));
    }
    Ok(v)
}

/// Parses a calendar date as people in China write it: `YYYY-MM-DD` (also `YYYY/MM/DD`).
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y/%m/%d"))
        .map_err(|_| {
            Error::InvalidInput(format!(
                "“{s}” is not a date; write it as YYYY-MM-DD, like 2026-03-15"
            ))
        })
}
