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
    db::get_case(session.conn(), &id)
}

pub fn list(session: &Session) -> Result<Vec<Case>> {
    db::list_cases(session.conn())
}

pub fn show(session: &Session, id: &str) -> Result<Case> {
    check_id(id)?;
    db::get_case(session.conn(), id)
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
