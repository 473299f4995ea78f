//! Which event each period runs from, how long it runs, the article behind it, and the
//! counting: [`compute`] turns recorded events into deadlines, shifted off rest days.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::{
    CountsFrom, Deadline, DeadlineKind, DeadlineNote, HolidayCalendar, LegalEvent, LegalEventKind,
};
use crate::domain::contact::BasisKind;

/// How long a period runs.
#[derive(Debug, Clone, Copy)]
enum Period {
    /// n days; the event day is not counted (民事诉讼法 第85条).
    Days(u64),
    /// n months, ending on the corresponding date (民法典 第202条).
    Months(u32),
    /// The event date itself: no counting and no shift.
    OnTheDay,
}

struct Rule {
    /// Counted from the latest recorded event of any of these kinds.
    from: &'static [LegalEventKind],
    period: Period,
}

fn rule(kind: DeadlineKind) -> Rule {
    use LegalEventKind as E;
    let (from, period): (&'static [LegalEventKind], Period) = match kind {
        DeadlineKind::Defence | DeadlineKind::JurisdictionObjection => {
            (&[E::ComplaintServed], Period::Days(15))
        }
        DeadlineKind::Appeal => (&[E::JudgmentServed], Period::Days(15)),
        DeadlineKind::AppealRuling => (&[E::RulingServed], Period::Days(10)),
        DeadlineKind::PaymentOrderObjection => (&[E::PaymentOrderServed], Period::Days(15)),
        DeadlineKind::JudicialConfirmation => (&[E::AgreementEffective], Period::Days(30)),
        DeadlineKind::MediationPeriodEnd => (&[E::MediationStarted], Period::Days(30)),
        DeadlineKind::Hearing => (&[E::HearingScheduled], Period::OnTheDay),
        DeadlineKind::EnforcementApplication => (&[E::PerformanceDue], Period::Months(24)),
        DeadlineKind::Limitation => (
            &[
                E::LastInstallmentDue,
                E::CreditorDemand,
                E::DebtorAcknowledged,
            ],
            Period::Months(36),
        ),
    };
    Rule { from, period }
}

/// The article behind a deadline. For the limitation period it depends on which event the
/// three years restarted from: the last instalment (民法典 第189条) or an interruption (第195条).
fn basis(kind: DeadlineKind, from: LegalEventKind) -> &'static str {
    match kind {
        DeadlineKind::Defence => "民事诉讼法 第128条",
        DeadlineKind::JurisdictionObjection => "民事诉讼法 第130条",
        DeadlineKind::Appeal | DeadlineKind::AppealRuling => "民事诉讼法 第171条",
        DeadlineKind::PaymentOrderObjection => "民事诉讼法 第227条",
        DeadlineKind::JudicialConfirmation => "民事诉讼法 第205条",
        DeadlineKind::MediationPeriodEnd => {
            "人民法院在线调解规则（法释〔2021〕23号）第24条；最高人民法院关于人民法院特邀调解的规定 第27条"
        }
        DeadlineKind::Hearing => "民事诉讼法 第139条",
        DeadlineKind::EnforcementApplication => "民事诉讼法 第250条",
        DeadlineKind::Limitation => match from {
            LegalEventKind::LastInstallmentDue => "民法典 第188条、第189条",
            _ => "民法典 第188条、第195条",
        },
    }
}

/// The article behind a defence or jurisdiction-objection period taken from the court's notice.
const FROM_NOTICE_BASIS: &str =
    "法院应诉通知书载明的期限（民事诉讼法解释 第266条、第275条；民事诉讼法 第128条、第130条）";

/// The longest answer period a notice can give that is accepted (the statute's 15 days and
/// some slack for a court that counts otherwise); longer is refused by the `api`.
pub const MAX_NOTICE_PERIOD_DAYS: u32 = 30;

/// Whether a deadline of `kind` takes its period from the court's notice when one was entered.
fn takes_notice_period(kind: DeadlineKind) -> bool {
    matches!(
        kind,
        DeadlineKind::Defence | DeadlineKind::JurisdictionObjection
    )
}

/// The note for the deadlines that need one.
fn note(kind: DeadlineKind, small_claims: bool) -> Option<DeadlineNote> {
    match kind {
        DeadlineKind::Defence | DeadlineKind::JurisdictionObjection => {
            Some(DeadlineNote::CourtNoticeDecides)
        }
        DeadlineKind::Hearing => Some(DeadlineNote::Hearing),
        DeadlineKind::Limitation => Some(DeadlineNote::Limitation),
        DeadlineKind::MediationPeriodEnd => Some(DeadlineNote::MediationPeriod),
        DeadlineKind::PaymentOrderObjection => Some(DeadlineNote::PaymentOrderObjection),
        DeadlineKind::EnforcementApplication => Some(DeadlineNote::EnforcementApplication),
        DeadlineKind::AppealRuling if small_claims => Some(DeadlineNote::SmallClaimsRuling),
        _ => None,
    }
}

/// The deadlines that follow from `events`, soonest first (same-day ties in [`DeadlineKind`]
/// order). Each period counts from the latest recorded event of its kind (for the limitation
/// period, the latest of the last instalment, a creditor's demand and an acknowledgement); on
/// equal dates the event recorded later in `events` wins. In a small-claims case (民事诉讼法
/// 第165条) there is no appeal against the judgment, so no `appeal` deadline is produced.
pub fn compute(
    events: &[LegalEvent],
    small_claims: bool,
    today: NaiveDate,
    calendar: &HolidayCalendar,
) -> Vec<Deadline> {
    let mut out: Vec<Deadline> = DeadlineKind::ALL
        .into_iter()
        .filter(|kind| !(small_claims && *kind == DeadlineKind::Appeal))
        .filter_map(|kind| deadline(kind, events, small_claims, today, calendar))
        .collect();
    out.sort_by_key(|d| (d.due, d.kind));
    out
}

fn deadline(
    kind: DeadlineKind,
    events: &[LegalEvent],
    small_claims: bool,
    today: NaiveDate,
    calendar: &HolidayCalendar,
) -> Option<Deadline> {
    let rule = rule(kind);
    let event = events
        .iter()
        .filter(|e| rule.from.contains(&e.kind))
        .max_by_key(|e| e.on)?;
    // Dates near chrono's limits cannot be real case dates; such a deadline is left out
    // rather than panicking.
    let notice_days = event
        .period_days
        .filter(|n| takes_notice_period(kind) && (1..=MAX_NOTICE_PERIOD_DAYS).contains(n));
    let period = match notice_days {
        Some(n) => Period::Days(u64::from(n)),
        None => rule.period,
    };
    let end = match period {
        Period::Days(n) => event.on.checked_add_days(Days::new(n))?,
        // chrono takes the month's last day when the day does not exist (民法典 第202条).
        Period::Months(n) => event.on.checked_add_months(Months::new(n))?,
        Period::OnTheDay => event.on,
    };
    let (nominal_end, due) = match period {
        // The day itself: nothing is counted, so nothing shifts off a rest day.
        Period::OnTheDay => (end, end),
        _ => (end, calendar.next_working_day(end)?),
    };
    Some(Deadline {
        kind,
        due,
        basis: if notice_days.is_some() {
            FROM_NOTICE_BASIS
        } else {
            basis(kind, event.kind)
        }
        .to_owned(),
        basis_kind: BasisKind::Law,
        counts_from: CountsFrom {
            event_id: event.id.clone(),
            kind: event.kind,
            on: event.on,
        },
        nominal_end,
        shifted_for_rest_day: due != nominal_end,
        passed: due < today,
        days_left: (due - today).num_days(),
        calendar_known: calendar.knows_year(nominal_end.year()) && calendar.knows_year(due.year()),
        note: note(kind, small_claims),
        period_from_notice: notice_days.is_some(),
    })
}
