//! Which event each period runs from, how long it runs, the article behind it, and the
//! counting: [`compute`] turns recorded events into deadlines, shifted off rest days.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::{CountsFrom, Deadline, DeadlineKind, HolidayCalendar, LegalEvent, LegalEventKind};
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

/// Plain-language notes (Chinese, English) for the deadlines that need one.
fn notes(kind: DeadlineKind, small_claims: bool) -> Option<(&'static str, &'static str)> {
    match kind {
        DeadlineKind::Hearing => Some((
            "请按传票上的时间到庭（或按法院通知参加线上庭审）。法院应在开庭三日前通知当事人（民事诉讼法 第139条）；被告经传票传唤，无正当理由拒不到庭的，法院可以缺席判决（民事诉讼法 第147条）。确有正当理由不能到庭的，应尽早向法院书面说明并申请延期。",
            "Attend the hearing on the date in the summons (or join online if the court says so). The court must notify parties at least three days ahead (Civil Procedure Law art. 139); a defendant who has been summoned and stays away without good reason can be judged in default (art. 147). If you truly cannot attend, tell the court in writing as early as possible and ask for a postponement.",
        )),
        DeadlineKind::Limitation => Some((
            "这是债权人起诉的三年诉讼时效，不是你必须做什么的期限。注意：在此之前，你承认欠款、答应还款、同意分期、部分还款或请求延期，时效都会从那天起重新计算三年（民法典 第195条）；债权人催收或起诉也会让时效重新计算。时效届满后，你可以拒绝还款，但如果又同意还款，就不能再以时效已过为由拒绝（民法典 第192条）。接电话或参加调解时表态前先想清楚。本日期只按你记录的最近一次事件计算，没有记录的催收或表态会让实际届满日更晚。",
            "This is the creditor's three-year limitation period for suing, not something you must do by this date. Be careful: if, before it ends, you admit the debt, promise to pay, agree to instalments, pay part of it or ask for more time, the three years start again from that day (Civil Code art. 195); a demand or lawsuit by the creditor restarts it too. After it ends you may refuse to pay, but once you agree to pay again you can no longer rely on it (art. 192). Think before you say anything on a collection call or in mediation. This date counts only from the latest event you recorded; any demand or admission you did not record makes the real end later.",
        )),
        DeadlineKind::MediationPeriodEnd => Some((
            "《人民法院在线调解规则》是最高人民法院的司法解释（法释〔2021〕23号），其第24条规定诉前在线调解一般为30日；法院委派的特邀调解为30日（特邀调解规定 第27条）。经各方同意可以延长。期满未达成调解协议的，案件可能转入立案审理。",
            "The Online Mediation Rules of the People's Courts are a judicial interpretation of the Supreme People's Court (Fa Shi [2021] No. 23); art. 24 sets 30 days for pre-filing online mediation, and court-delegated mediation also has 30 days (Provisions on Specially Invited Mediation, art. 27). The parties can agree to extend it. If no agreement is reached by then, the case may go on to filing and trial.",
        )),
        DeadlineKind::PaymentOrderObjection => Some((
            "异议必须书面提出。期满不提出书面异议，又不履行的，债权人可以申请法院强制执行支付令（民事诉讼法 第227条）。",
            "The objection must be in writing. If you neither object in writing nor pay within the period, the creditor can ask the court to enforce the payment order (Civil Procedure Law art. 227).",
        )),
        DeadlineKind::EnforcementApplication => Some((
            "这是债权人申请强制执行的两年期限，不是你必须做什么的期限。法律文书规定分期履行的，从最后一期履行期限届满之日起算（民事诉讼法 第250条）；这一期限也会因你承认债务、同意履行而重新计算。",
            "This is the creditor's two-year period for applying for enforcement, not something you must do by this date. If the judgment or document sets instalments, it runs from the last instalment's due date (Civil Procedure Law art. 250); it restarts, like the limitation period, if you acknowledge the debt or agree to pay.",
        )),
        DeadlineKind::AppealRuling if small_claims => Some((
            "小额诉讼案件实行一审终审，其中的裁定（如管辖权异议、驳回起诉的裁定）一般一经作出即生效，不能上诉。是否还能上诉，请看裁定书末尾的告知或向法院确认。",
            "Small-claims cases are final at first instance, and their rulings (on jurisdiction, or dismissing the claim) generally take effect at once with no appeal. Check the notice at the end of the ruling, or ask the court, whether an appeal is open.",
        )),
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
    let end = match rule.period {
        Period::Days(n) => event.on.checked_add_days(Days::new(n))?,
        // chrono takes the month's last day when the day does not exist (民法典 第202条).
        Period::Months(n) => event.on.checked_add_months(Months::new(n))?,
        Period::OnTheDay => event.on,
    };
    let (nominal_end, due) = match rule.period {
        // The day itself: nothing is counted, so nothing shifts off a rest day.
        Period::OnTheDay => (end, end),
        _ => (end, calendar.next_working_day(end)?),
    };
    let (note_zh, note_en) = match notes(kind, small_claims) {
        Some((zh, en)) => (Some(zh.to_owned()), Some(en.to_owned())),
        None => (None, None),
    };
    Some(Deadline {
        kind,
        due,
        basis: basis(kind, event.kind).to_owned(),
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
        note_zh,
        note_en,
    })
}
