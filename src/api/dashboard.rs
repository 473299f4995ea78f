//! Across cases: where each debt stands and what comes next.

use chrono::NaiveDate;
use serde::Serialize;

use super::Session;
use super::timeline::{self, CaseDeadline};
use crate::Result;
use crate::domain::debt::Stage;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CaseLine {
    pub id: String,
    pub title: String,
    pub lender: String,
    pub stage: Option<Stage>,
    /// The user's own name for the case (the card's title); `lender` goes beneath it.
    /// What the lender last claimed in total, else the principal; 分.
    pub outstanding_fen: Option<i64>,
    /// Where `outstanding_fen` comes from: the other side's claim (对方主张) or the principal.
    pub outstanding_source: Option<OutstandingSource>,
    pub next_deadline: Option<NextDeadline>,
    pub violation_count: usize,
    pub evidence_count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OutstandingSource {
    /// What the creditor or its agent last claimed (对方主张), not a figure the user agreed.
    Claimed,
    /// The contract principal.
    Principal,
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
    for c in super::case::list(session)? {
        let claimed = c.details.claimed.total_fen();
        let (outstanding, source) = if claimed > 0 {
            (Some(claimed), Some(OutstandingSource::Claimed))
        } else {
            let p = c.principal.map(|p| p.fen());
            (p, p.map(|_| OutstandingSource::Principal))
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
            outstanding_source: source,
            next_deadline: next,
            violation_count: violations,
            evidence_count: c.evidence_count,
        });
    }
    sort_by_urgency(&mut cases);
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

/// Most urgent first: the nearest open deadline (cases without one after those with one),
/// then the most recorded violations, then the title.
pub fn sort_by_urgency(cases: &mut [CaseLine]) {
    cases.sort_by(|a, b| {
        let due = |c: &CaseLine| c.next_deadline.as_ref().map(|d| d.due);
        match (due(a), due(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(b.violation_count.cmp(&a.violation_count))
        .then_with(|| a.title.cmp(&b.title))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(title: &str, due: Option<&str>, violations: usize) -> CaseLine {
        CaseLine {
            id: title.into(),
            title: title.into(),
            lender: "L".into(),
            stage: None,
            outstanding_fen: None,
            outstanding_source: None,
            next_deadline: due.map(|d| NextDeadline {
                kind: "defence".into(),
                due: NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(),
                days_left: 0,
            }),
            violation_count: violations,
            evidence_count: 0,
        }
    }

    #[test]
    fn cases_sort_by_nearest_deadline_then_violations() {
        let mut cases = vec![
            line("quiet", None, 0),
            line("noisy", None, 5),
            line("later", Some("2026-12-20"), 9),
            line("sooner", Some("2026-12-05"), 0),
        ];
        sort_by_urgency(&mut cases);
        let order: Vec<_> = cases.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(order, ["sooner", "later", "noisy", "quiet"]);
    }
}
