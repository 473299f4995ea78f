//! Across cases: where each debt stands and what comes next.

use chrono::NaiveDate;
use serde::Serialize;

use super::Session;
use super::timeline::{self, CaseDeadline};
use crate::domain::debt::Stage;
use crate::{Result, db};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CaseLine {
    pub id: String,
    pub title: String,
    pub lender: String,
    pub stage: Option<Stage>,
    /// What the lender last claimed in total, else the principal; 分.
    pub outstanding_fen: Option<i64>,
    pub next_deadline: Option<NextDeadline>,
    pub violation_count: usize,
    pub evidence_count: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NextDeadline {
    pub kind: String,
    pub due: NaiveDate,
    pub days_left: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Dashboard {
    pub today: NaiveDate,
    pub cases: Vec<CaseLine>,
    pub totals: Totals,
    /// Deadlines due within the next 30 days (including today), soonest first.
    pub next_30_days: Vec<CaseDeadline>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Totals {
    pub cases: usize,
    pub outstanding_fen: i64,
    pub violations: usize,
    pub evidence: u64,
}

pub fn build(session: &Session) -> Result<Dashboard> {
    let today = session.today();
    let all_deadlines = timeline::deadlines(session, None)?;
    let mut cases = Vec::new();
    for c in db::list_cases(session.conn())? {
        let claimed = c.details.claimed.total_fen();
        let outstanding = if claimed > 0 {
            Some(claimed)
        } else {
            c.principal.map(|p| p.fen())
        };
        let next = all_deadlines
            .iter()
            .filter(|d| d.case_id == c.id && !d.deadline.passed)
            .min_by_key(|d| d.deadline.due)
            .map(|d| NextDeadline {
                kind: d.deadline.kind.as_str().to_string(),
                due: d.deadline.due,
                days_left: d.deadline.days_left,
            });
        let violations = super::contacts::violations(session, &c.id)?.total;
        cases.push(CaseLine {
            id: c.id,
            title: c.title,
            lender: c.lender,
            stage: c.stage.map(|(s, _)| s),
            outstanding_fen: outstanding,
            next_deadline: next,
            violation_count: violations,
            evidence_count: c.evidence_count,
        });
    }
    let totals = Totals {
        cases: cases.len(),
        outstanding_fen: cases.iter().filter_map(|c| c.outstanding_fen).sum(),
        violations: cases.iter().map(|c| c.violation_count).sum(),
        evidence: cases.iter().map(|c| c.evidence_count).sum(),
    };
    let horizon = today + chrono::Duration::days(30);
    let next_30_days = all_deadlines
        .into_iter()
        .filter(|d| d.deadline.due >= today && d.deadline.due <= horizon)
        .collect();
    Ok(Dashboard {
        today,
        cases,
        totals,
        next_30_days,
    })
}
