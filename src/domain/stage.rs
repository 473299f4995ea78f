//! Where a case stands, derived from what was recorded (DOMAIN.md §1).
//!
//! The rule, in order of what it looks at:
//! 1. Each recorded legal event that marks a stage puts the case in that stage on its date:
//!    a payment order, a complaint copy or a hearing date → 诉讼; a judgment or ruling → 判决;
//!    mediation started → 调解; a mediation agreement taking effect → 履行协议. A hearing dated
//!    in the future counts from today (the case is in litigation now, not from that day).
//!    Events that mark no stage (a creditor's demand, an acknowledgement, the end of a
//!    performance period, the last instalment's due date) are left out.
//! 2. The user's explicit stage change (the latest by date) holds until a stage-marking event
//!    dated *after* it; on the same day the user's choice wins.
//! 3. With neither, an incoming contact (a collector calling or writing) means 催收 from its
//!    date, and a recorded overdue date means 逾期 from that date.
//!
//! Stages can be skipped and can go back (mediation fails → litigation): the latest dated mark
//! wins, whatever its rank. Withdrawn records never reach this rule.

use chrono::NaiveDate;

use super::deadline::LegalEventKind;
use super::debt::{Stage, StageChange};
use super::named::named_enum;

named_enum! {
    /// What put the case in its current stage.
    pub StageBasis, "stage basis", "stageBasis" {
        Explicit => "explicit", "按你设定的阶段", "as you set it";
        Event => "event", "按记录的事件", "from a recorded event";
        Contact => "contact", "按催收联系记录", "from the contact log";
        Overdue => "overdue", "按逾期日期", "from the overdue date";
    }
}

/// The stage a legal event puts a case in, if any.
pub fn stage_of_event(kind: LegalEventKind) -> Option<Stage> {
    use LegalEventKind as E;
    match kind {
        E::MediationStarted => Some(Stage::Mediation),
        E::AgreementEffective => Some(Stage::Agreement),
        E::ComplaintServed | E::HearingScheduled | E::PaymentOrderServed => Some(Stage::Litigation),
        E::JudgmentServed | E::RulingServed => Some(Stage::Judgment),
        E::PerformanceDue | E::LastInstallmentDue | E::CreditorDemand | E::DebtorAcknowledged => {
            None
        }
    }
}

/// The case's current stage, the day it began and why; `None` when nothing recorded says.
///
/// `changes` are the user's stage changes and `events` the legal events (kind, date), in any
/// order; `first_incoming_contact` is the local date of the earliest contact from the other
/// side; `today` bounds future-dated hearings.
pub fn derive(
    changes: &[StageChange],
    events: &[(LegalEventKind, NaiveDate)],
    overdue_since: Option<NaiveDate>,
    first_incoming_contact: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<(Stage, NaiveDate, StageBasis)> {
    // The latest explicit change by date; among the same date, the one recorded last.
    let explicit = changes
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (c.on, *i))
        .map(|(_, c)| (c.stage, c.on, StageBasis::Explicit));
    // The latest stage-marking event by date; on the same date, the later stage in the ladder
    // (a judgment served the day of the hearing is a judgment).
    let event = events
        .iter()
        .filter_map(|(k, on)| stage_of_event(*k).map(|s| (s, (*on).min(today))))
        .max_by_key(|(s, on)| (*on, ladder(*s)))
        .map(|(s, on)| (s, on, StageBasis::Event));
    match (explicit, event) {
        (Some(x), Some(e)) => Some(if e.1 > x.1 { e } else { x }),
        (Some(x), None) => Some(x),
        (None, Some(e)) => Some(e),
        (None, None) => first_incoming_contact
            .map(|d| (Stage::Collection, d, StageBasis::Contact))
            .or(overdue_since.map(|d| (Stage::Overdue, d, StageBasis::Overdue))),
    }
}

/// Order on the litigation ladder, for events on the same day.
fn ladder(s: Stage) -> u8 {
    match s {
        Stage::Overdue => 0,
        Stage::Collection => 1,
        Stage::Mediation => 2,
        Stage::Litigation => 3,
        Stage::Judgment => 4,
        Stage::Enforcement => 5,
        Stage::Agreement => 6,
        Stage::Settled => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LegalEventKind as E;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn change(stage: Stage, on: &str) -> StageChange {
        StageChange {
            id: format!("s-{on}"),
            stage,
            on: d(on),
            note: None,
            evidence_ids: vec![],
        }
    }

    const TODAY: &str = "2026-12-01";

    fn stage(
        changes: &[StageChange],
        events: &[(E, &str)],
        overdue: Option<&str>,
        contact: Option<&str>,
    ) -> Option<(Stage, NaiveDate, StageBasis)> {
        let events: Vec<_> = events.iter().map(|(k, on)| (*k, d(on))).collect();
        derive(changes, &events, overdue.map(d), contact.map(d), d(TODAY))
    }

    #[test]
    fn a_summons_and_a_hearing_put_the_case_in_litigation() {
        // The issue: 收到起诉状副本 and 开庭 left the case 未设阶段.
        let s = stage(
            &[],
            &[
                (E::ComplaintServed, "2026-11-20"),
                (E::HearingScheduled, "2026-12-20"),
            ],
            Some("2026-06-01"),
            None,
        );
        // The hearing is in the future: litigation counts from today.
        assert_eq!(s, Some((Stage::Litigation, d(TODAY), StageBasis::Event)));
    }

    #[test]
    fn an_agreement_moves_a_collection_case_to_performing() {
        let s = stage(
            &[change(Stage::Collection, "2026-09-01")],
            &[(E::AgreementEffective, "2026-10-15")],
            None,
            None,
        );
        assert_eq!(
            s,
            Some((Stage::Agreement, d("2026-10-15"), StageBasis::Event))
        );
    }

    #[test]
    fn a_judgment_follows_the_suit() {
        let s = stage(
            &[],
            &[
                (E::ComplaintServed, "2026-08-01"),
                (E::JudgmentServed, "2026-10-01"),
            ],
            None,
            None,
        );
        assert_eq!(s.unwrap().0, Stage::Judgment);
        // Served on the day of the hearing: still a judgment.
        let s = stage(
            &[],
            &[
                (E::JudgmentServed, "2026-10-01"),
                (E::HearingScheduled, "2026-10-01"),
            ],
            None,
            None,
        );
        assert_eq!(s.unwrap().0, Stage::Judgment);
    }

    #[test]
    fn the_users_choice_holds_until_a_later_event() {
        let events = [(E::ComplaintServed, "2026-08-01")];
        // The user says enforcement after the suit: it holds.
        let s = stage(
            &[change(Stage::Enforcement, "2026-09-01")],
            &events,
            None,
            None,
        );
        assert_eq!(
            s,
            Some((Stage::Enforcement, d("2026-09-01"), StageBasis::Explicit))
        );
        // Same day: the user's choice wins.
        let s = stage(
            &[change(Stage::Mediation, "2026-08-01")],
            &events,
            None,
            None,
        );
        assert_eq!(s.unwrap().0, Stage::Mediation);
        // A later event overrides it.
        let s = stage(
            &[change(Stage::Mediation, "2026-08-01")],
            &[(E::JudgmentServed, "2026-11-01")],
            None,
            None,
        );
        assert_eq!(
            s,
            Some((Stage::Judgment, d("2026-11-01"), StageBasis::Event))
        );
    }

    #[test]
    fn events_that_mark_no_stage_leave_it() {
        let s = stage(
            &[change(Stage::Collection, "2026-09-01")],
            &[
                (E::CreditorDemand, "2026-11-01"),
                (E::DebtorAcknowledged, "2026-11-02"),
            ],
            None,
            None,
        );
        assert_eq!(s.unwrap().0, Stage::Collection);
    }

    #[test]
    fn with_nothing_else_contacts_mean_collection_and_a_date_means_overdue() {
        assert_eq!(
            stage(&[], &[], Some("2026-06-01"), Some("2026-07-01")),
            Some((Stage::Collection, d("2026-07-01"), StageBasis::Contact))
        );
        assert_eq!(
            stage(&[], &[], Some("2026-06-01"), None),
            Some((Stage::Overdue, d("2026-06-01"), StageBasis::Overdue))
        );
        assert_eq!(stage(&[], &[], None, None), None);
    }
}
