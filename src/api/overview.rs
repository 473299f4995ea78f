//! One case at a glance: everything the case's first tab shows, and the next steps to take.
//!
//! The next steps follow the stage and the recorded events, in the spirit of DOMAIN.md's advice:
//! log every contact; verify a "mediation centre" before calling back; never pay a deposit or a
//! personal account; answer a complaint within its period; get any agreement in writing and have
//! it confirmed by a court within 30 days. Each step is a stable code the UI words in its language.

use chrono::NaiveDate;
use serde::Serialize;

use super::Session;
use super::debt::{HistoryEntry, history, parties};
use super::timeline::{CaseDeadline, LegalEventRecord, deadlines, events, stages};
use crate::Result;
use crate::domain::Case;
use crate::domain::deadline::DeadlineKind;
use crate::domain::debt::{Party, Stage, StageChange};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CaseOverview {
    pub case: Case,
    pub stages: Vec<StageChange>,
    pub events: Vec<LegalEventRecord>,
    pub deadlines: Vec<CaseDeadline>,
    pub history: Vec<HistoryEntry>,
    pub parties: Vec<Party>,
    /// Corrections and withdrawals of the case's records (withdrawn ones are shown struck
    /// through in the history).
    pub corrections: Vec<super::corrections::CorrectionEntry>,
    pub next_steps: Vec<NextStep>,
}

/// Something to do now, most urgent first. `due` is the last day when the law sets one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NextStep {
    pub code: NextStepCode,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NextStepCode {
    /// Keep every channel open and log every contact.
    LogEveryContact,
    /// Verify a mediation organisation (12368, the court platform) before calling back.
    VerifyMediator,
    /// Never pay a "deposit", a "fee" or into a personal account.
    NeverPayPersonalAccount,
    /// Prepare the mediation materials and a repayment plan you can keep.
    PrepareMediation,
    /// File a defence (答辩状) before the defence period ends.
    AnswerComplaint,
    /// Attend the hearing on its date.
    AttendHearing,
    /// Decide on an appeal before the period ends.
    ConsiderAppeal,
    /// Object to a payment order before the period ends, if you dispute it.
    ObjectToPaymentOrder,
    /// Get the agreement in writing and apply for judicial confirmation in time.
    ApplyJudicialConfirmation,
    /// Pay each instalment on time and keep the receipts.
    KeepPaying,
    /// Keep the settlement proof (结清证明).
    KeepSettlementProof,
}

pub fn overview(session: &Session, case_id: &str) -> Result<CaseOverview> {
    let case = super::case::show(session, case_id)?;
    let deadlines = deadlines(session, Some(case_id))?;
    let view = super::mediation::view(session, case_id)?;
    let facts = StepFacts {
        has_agreement: !view.agreements.is_empty(),
        next_installment: view
            .agreements
            .iter()
            .filter_map(|a| a.status.next_due)
            .min(),
        mediator_confirmed: view.warning.is_none()
            && view
                .checks
                .iter()
                .any(|c| c.result == crate::domain::debt::MediationCheckResult::Confirmed),
    };
    let next_steps = next_steps(&case, &deadlines, &facts);
    Ok(CaseOverview {
        stages: stages(session, case_id)?,
        events: events(session, case_id)?,
        history: history(session, case_id)?,
        parties: parties(session, case_id)?,
        corrections: super::corrections::list(session, case_id)?,
        case,
        deadlines,
        next_steps,
    })
}

/// What else the next steps depend on, beyond the stage and the deadlines.
#[derive(Debug, Clone, Default)]
pub struct StepFacts {
    /// A (not withdrawn) agreement is recorded.
    pub has_agreement: bool,
    /// The next unpaid instalment of an agreement.
    pub next_installment: Option<NaiveDate>,
    /// A check confirmed the mediation organisation and none raised doubt.
    pub mediator_confirmed: bool,
}

/// The steps for a case's stage, its open deadlines and what is recorded: dated steps first,
/// soonest first, then the standing advice that fits the stage. Advice that no longer applies
/// is left out: a case in court or past it is not told to verify a mediation centre, a case
/// with an agreement is not told to get one (only to have it confirmed while that is open),
/// and a confirmed mediator is not to be verified again.
pub fn next_steps(case: &Case, deadlines: &[CaseDeadline], facts: &StepFacts) -> Vec<NextStep> {
    let stage = case.stage.map(|(s, _)| s);
    let mut steps: Vec<NextStep> = deadlines
        .iter()
        .filter(|d| !d.deadline.passed)
        .filter_map(|d| {
            let code = match d.deadline.kind {
                DeadlineKind::Defence => NextStepCode::AnswerComplaint,
                DeadlineKind::Hearing => NextStepCode::AttendHearing,
                DeadlineKind::Appeal | DeadlineKind::AppealRuling => NextStepCode::ConsiderAppeal,
                DeadlineKind::PaymentOrderObjection => NextStepCode::ObjectToPaymentOrder,
                DeadlineKind::JudicialConfirmation => NextStepCode::ApplyJudicialConfirmation,
                _ => return None,
            };
            Some(NextStep {
                code,
                due: Some(d.deadline.due),
            })
        })
        // Court steps of an earlier suit do not apply once an agreement settles the case.
        .filter(|s| {
            !(matches!(stage, Some(Stage::Agreement | Stage::Settled))
                && matches!(
                    s.code,
                    NextStepCode::AnswerComplaint | NextStepCode::ObjectToPaymentOrder
                ))
        })
        .collect();
    if let Some(due) = facts.next_installment
        && stage != Some(Stage::Settled)
    {
        steps.push(NextStep {
            code: NextStepCode::KeepPaying,
            due: Some(due),
        });
    }
    steps.sort_by_key(|s| s.due);
    steps.dedup_by_key(|s| s.code);
    let mut add = |code| {
        if !steps.iter().any(|s| s.code == code) {
            steps.push(NextStep { code, due: None });
        }
    };
    match stage {
        Some(Stage::Settled) => add(NextStepCode::KeepSettlementProof),
        Some(Stage::Agreement) => {
            add(NextStepCode::KeepPaying);
            add(NextStepCode::NeverPayPersonalAccount);
        }
        Some(Stage::Litigation | Stage::Judgment | Stage::Enforcement) => {
            add(NextStepCode::LogEveryContact);
            add(NextStepCode::NeverPayPersonalAccount);
        }
        Some(Stage::Mediation) => {
            if !facts.mediator_confirmed {
                add(NextStepCode::VerifyMediator);
            }
            add(NextStepCode::NeverPayPersonalAccount);
            if !facts.has_agreement {
                add(NextStepCode::PrepareMediation);
            }
        }
        Some(Stage::Overdue | Stage::Collection) | None => {
            add(NextStepCode::LogEveryContact);
            if !facts.mediator_confirmed {
                add(NextStepCode::VerifyMediator);
            }
            add(NextStepCode::NeverPayPersonalAccount);
        }
    }
    steps
}
