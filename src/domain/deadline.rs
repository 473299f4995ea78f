//! Legal deadlines: which periods run from which recorded events, and the day each one ends.
//!
//! Every rule here is statute or an SPC rule (`basis_kind` "law"); the article is in `basis`.
//! Periods are counted as 民事诉讼法 第85条 and 民法典 第201–203条 say: the day of the event is
//! not counted; a period in months or years ends on the corresponding date (the last day of
//! the month when there is none); a period whose last day is a rest day ends on the next
//! working day. Rest days come from the State Council's yearly holiday notices, kept as data in
//! `data/holidays-cn.json`; a date in a year that file does not cover is judged on weekends
//! alone, and the deadline says so (`calendar_known == false`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::named::named_enum;

named_enum! {
    /// What happened in a case that a legal period counts from.
    pub LegalEventKind, "legal event kind", "eventKind" {
        /// 诉前委派调解或在线调解开始
        MediationStarted => "mediation_started", "调解开始", "mediation started";
        AgreementEffective => "agreement_effective", "调解协议生效", "mediation agreement took effect";
        ComplaintServed => "complaint_served", "收到起诉状副本", "copy of the complaint received";
        /// The date on the summons.
        HearingScheduled => "hearing_scheduled", "开庭日期", "hearing date";
        JudgmentServed => "judgment_served", "收到判决书", "judgment received";
        RulingServed => "ruling_served", "收到裁定书", "ruling received";
        PaymentOrderServed => "payment_order_served", "收到支付令", "payment order received";
        /// The performance period set by an effective judgment or other enforceable document.
        PerformanceDue => "performance_due", "履行期限届满", "performance period ended";
        LastInstallmentDue => "last_installment_due", "最后一期还款到期", "last instalment due";
        /// The creditor demanded payment (collection, a lawsuit …).
        CreditorDemand => "creditor_demand", "债权人催收或主张权利", "creditor demanded payment";
        DebtorAcknowledged => "debtor_acknowledged", "债务人承认欠款或同意还款", "debtor acknowledged the debt or agreed to pay";
    }
}

named_enum! {
    /// A legal period the app tracks. Declaration order is the tie-break order when two
    /// deadlines fall on the same day.
    pub DeadlineKind, "deadline kind", "deadlineKind" {
        Defence => "defence", "答辩期届满", "end of the defence period";
        JurisdictionObjection => "jurisdiction_objection", "管辖权异议期届满", "end of the period to object to jurisdiction";
        Appeal => "appeal", "判决上诉期届满", "end of the period to appeal a judgment";
        AppealRuling => "appeal_ruling", "裁定上诉期届满", "end of the period to appeal a ruling";
        PaymentOrderObjection => "payment_order_objection", "支付令异议期届满", "end of the period to object to a payment order";
        JudicialConfirmation => "judicial_confirmation", "申请司法确认期限届满", "last day to apply for judicial confirmation";
        MediationPeriodEnd => "mediation_period_end", "调解期限届满", "end of the mediation period";
        /// Not a deadline to act by: the day of the hearing.
        Hearing => "hearing", "开庭", "hearing";
        EnforcementApplication => "enforcement_application", "申请强制执行期限届满", "last day to apply for enforcement";
        Limitation => "limitation", "诉讼时效届满", "end of the limitation period";
    }
}

/// Something that happened on a date the law counts from (the date of service, of effect...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LegalEvent {
    pub id: String,
    pub kind: LegalEventKind,
    pub on: NaiveDate,
}

/// The event a deadline was counted from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CountsFrom {
    pub event_id: String,
    pub kind: LegalEventKind,
    pub on: NaiveDate,
}

/// One computed deadline. Dates serialise as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The last day of the period, after any rest-day shift.
    pub due: NaiveDate,
    /// Article the period comes from, e.g. "民事诉讼法 第171条".
    pub basis: String,
    /// Kind of source, as in DOMAIN.md's legend; "law" for every rule here.
    pub basis_kind: &'static str,
    pub counts_from: CountsFrom,
    /// The last day before any rest-day shift.
    pub nominal_end: NaiveDate,
    pub shifted_for_rest_day: bool,
    /// `due` is before `today`.
    pub passed: bool,
    /// `due - today` in days; negative once passed, 0 on the day itself.
    pub days_left: i64,
    /// False when `due` (or the nominal end) lies in a year the holiday data does not cover:
    /// the rest-day shift was then judged on weekends alone and may be wrong.
    pub calendar_known: bool,
    pub note_zh: Option<String>,
    pub note_en: Option<String>,
}

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
    let (nominal_end, due) = match rule.period {
        Period::Days(n) => {
            let end = event.on.checked_add_days(Days::new(n))?;
            (end, calendar.next_working_day(end)?)
        }
        Period::Months(n) => {
            // chrono uses the last day of the month when the day does not exist (民法典 第202条).
            let end = event.on.checked_add_months(Months::new(n))?;
            (end, calendar.next_working_day(end)?)
        }
        Period::OnTheDay => (event.on, event.on),
    };
    let (note_zh, note_en) = match notes(kind, small_claims) {
        Some((zh, en)) => (Some(zh.to_owned()), Some(en.to_owned())),
        None => (None, None),
    };
    Some(Deadline {
        kind,
        due,
        basis: basis(kind, event.kind).to_owned(),
        basis_kind: "law",
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

/// The data file, embedded at build time.
const BUILTIN_JSON: &str = include_str!("../../data/holidays-cn.json");

/// Why holiday data was refused.
#[derive(Debug, Error)]
pub enum CalendarError {
    #[error("holiday data is not JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    #[error("holiday data version {0} is not supported (expected 1)")]
    Version(u32),
    #[error("holiday data is for country “{0}”, expected “CN”")]
    Country(String),
    #[error("holiday data lists no years")]
    NoYears,
    #[error("“{0}” is not a year")]
    YearKey(String),
    #[error("holiday data skips from {after} to {next}: years must be consecutive")]
    Gap { after: i32, next: i32 },
    #[error("year {0} has no source (the State Council notice it comes from)")]
    MissingSource(i32),
    #[error("{date} is listed under year {year}")]
    DateOutsideYear { year: i32, date: NaiveDate },
    #[error("{date} is listed twice in year {year}")]
    Duplicate { year: i32, date: NaiveDate },
    #[error("{0} is listed both as a holiday and as a working day")]
    HolidayAndWorkday(NaiveDate),
    #[error("{date} is listed as a 调休 working day but is a {weekday}, not a weekend day")]
    WorkdayNotWeekend { date: NaiveDate, weekday: Weekday },
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    version: u32,
    country: String,
    years: BTreeMap<String, RawYear>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawYear {
    source: String,
    holidays: Vec<NaiveDate>,
    workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct YearData {
    source: String,
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

/// China's statutory holidays and 调休 working weekends, per year, each with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    years: BTreeMap<i32, YearData>,
}

impl HolidayCalendar {
    /// The calendar embedded from `data/holidays-cn.json`.
    pub fn builtin() -> &'static HolidayCalendar {
        static BUILTIN: OnceLock<HolidayCalendar> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            HolidayCalendar::from_json(BUILTIN_JSON)
                .expect("embedded data/holidays-cn.json is invalid; this is a bug in the build")
        })
    }

    /// Parses and checks holiday data: version 1, country CN, consecutive years, a non-empty
    /// source for every year, every date inside its year and listed once, no date both a holiday
    /// and a working day, and every working day a Saturday or Sunday.
    pub fn from_json(json: &str) -> Result<Self, CalendarError> {
        let raw: RawCalendar = serde_json::from_str(json)?;
        if raw.version != 1 {
            return Err(CalendarError::Version(raw.version));
        }
        if raw.country != "CN" {
            return Err(CalendarError::Country(raw.country));
        }
        let mut years = BTreeMap::new();
        for (key, raw_year) in raw.years {
            let year: i32 = key
                .parse()
                .map_err(|_| CalendarError::YearKey(key.clone()))?;
            if key != year.to_string() {
                return Err(CalendarError::YearKey(key));
            }
            years.insert(year, YearData::check(year, raw_year)?);
        }
        let mut keys = years.keys().copied();
        let Some(mut prev) = keys.next() else {
            return Err(CalendarError::NoYears);
        };
        for next in keys {
            if next != prev + 1 {
                return Err(CalendarError::Gap { after: prev, next });
            }
            prev = next;
        }
        Ok(HolidayCalendar { years })
    }

    /// A statutory holiday, or a Saturday or Sunday that is not a 调休 working day. In a year
    /// the data does not cover, weekends alone.
    pub fn is_rest_day(&self, date: NaiveDate) -> bool {
        match self.years.get(&date.year()) {
            Some(y) if y.holidays.contains(&date) => true,
            Some(y) if y.workdays.contains(&date) => false,
            _ => is_weekend(date),
        }
    }

    /// One of the days the State Council notice gives off (放假调休), weekends included.
    pub fn is_statutory_holiday(&self, date: NaiveDate) -> bool {
        self.years
            .get(&date.year())
            .is_some_and(|y| y.holidays.contains(&date))
    }

    /// A weekend day worked in exchange for a holiday (调休上班).
    pub fn is_adjusted_workday(&self, date: NaiveDate) -> bool {
        self.years
            .get(&date.year())
            .is_some_and(|y| y.workdays.contains(&date))
    }

    /// `date` itself if it is a working day, else the first working day after it. `None` only
    /// at the very end of chrono's date range.
    pub fn next_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        while self.is_rest_day(d) {
            d = d.succ_opt()?;
        }
        Some(d)
    }

    /// Whether the data covers this year.
    pub fn knows_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The notice (title and document number) a year's data comes from.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.years.get(&year).map(|y| y.source.as_str())
    }

    /// The years covered; `from_json` guarantees they are consecutive and at least one.
    pub fn years(&self) -> RangeInclusive<i32> {
        let first = self.years.keys().next().copied().unwrap_or_default();
        let last = self.years.keys().next_back().copied().unwrap_or_default();
        first..=last
    }
}

impl YearData {
    fn check(year: i32, raw: RawYear) -> Result<Self, CalendarError> {
        if raw.source.trim().is_empty() {
            return Err(CalendarError::MissingSource(year));
        }
        let collect = |dates: Vec<NaiveDate>| -> Result<BTreeSet<NaiveDate>, CalendarError> {
            let mut set = BTreeSet::new();
            for date in dates {
                if date.year() != year {
                    return Err(CalendarError::DateOutsideYear { year, date });
                }
                if !set.insert(date) {
                    return Err(CalendarError::Duplicate { year, date });
                }
            }
            Ok(set)
        };
        let holidays = collect(raw.holidays)?;
        let workdays = collect(raw.workdays)?;
        if let Some(date) = holidays.intersection(&workdays).next() {
            return Err(CalendarError::HolidayAndWorkday(*date));
        }
        if let Some(date) = workdays.iter().find(|d| !is_weekend(**d)) {
            return Err(CalendarError::WorkdayNotWeekend {
                date: *date,
                weekday: date.weekday(),
            });
        }
        Ok(YearData {
            source: raw.source,
            holidays,
            workdays,
        })
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every expected date below was worked out by hand from a printed calendar and the State
    // Council notices, never by calling the code under test.

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ev(id: &str, kind: LegalEventKind, on: &str) -> LegalEvent {
        LegalEvent {
            id: id.to_owned(),
            kind,
            on: d(on),
        }
    }

    fn cal() -> &'static HolidayCalendar {
        HolidayCalendar::builtin()
    }

    fn find(deadlines: &[Deadline], kind: DeadlineKind) -> &Deadline {
        deadlines
            .iter()
            .find(|x| x.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} deadline in {deadlines:?}"))
    }

    struct Case {
        name: &'static str,
        event: LegalEventKind,
        on: &'static str,
        kind: DeadlineKind,
        nominal: &'static str,
        due: &'static str,
        basis: &'static str,
        calendar_known: bool,
    }

    #[test]
    fn every_kind_counts_and_shifts_as_the_law_says() {
        use DeadlineKind as K;
        use LegalEventKind as E;
        let cases = [
            Case {
                name: "defence: Mon 2024-03-04 + 15 = Tue 03-19, a working day",
                event: E::ComplaintServed,
                on: "2024-03-04",
                kind: K::Defence,
                nominal: "2024-03-19",
                due: "2024-03-19",
                basis: "民事诉讼法 第128条",
                calendar_known: true,
            },
            Case {
                name: "jurisdiction objection: same window as the defence",
                event: E::ComplaintServed,
                on: "2024-03-04",
                kind: K::JurisdictionObjection,
                nominal: "2024-03-19",
                due: "2024-03-19",
                basis: "民事诉讼法 第130条",
                calendar_known: true,
            },
            Case {
                name: "appeal: 2024-09-20 + 15 = Sat 10-05 inside National Day (10-01..07) → Tue 10-08",
                event: E::JudgmentServed,
                on: "2024-09-20",
                kind: K::Appeal,
                nominal: "2024-10-05",
                due: "2024-10-08",
                basis: "民事诉讼法 第171条",
                calendar_known: true,
            },
            Case {
                name: "appeal against a ruling: Wed 2024-06-05 + 10 = Sat 06-15 → Mon 06-17",
                event: E::RulingServed,
                on: "2024-06-05",
                kind: K::AppealRuling,
                nominal: "2024-06-15",
                due: "2024-06-17",
                basis: "民事诉讼法 第171条",
                calendar_known: true,
            },
            Case {
                name: "payment order: 2024-09-27 + 15 = Sat 10-12, a 调休 working Saturday: stays",
                event: E::PaymentOrderServed,
                on: "2024-09-27",
                kind: K::PaymentOrderObjection,
                nominal: "2024-10-12",
                due: "2024-10-12",
                basis: "民事诉讼法 第227条",
                calendar_known: true,
            },
            Case {
                name: "judicial confirmation: Sun 2025-01-05 + 30 = Tue 02-04, last day of Spring Festival → Wed 02-05",
                event: E::AgreementEffective,
                on: "2025-01-05",
                kind: K::JudicialConfirmation,
                nominal: "2025-02-04",
                due: "2025-02-05",
                basis: "民事诉讼法 第205条",
                calendar_known: true,
            },
            Case {
                name: "mediation: Mon 2025-03-03 + 30 = Wed 04-02",
                event: E::MediationStarted,
                on: "2025-03-03",
                kind: K::MediationPeriodEnd,
                nominal: "2025-04-02",
                due: "2025-04-02",
                basis: "人民法院在线调解规则（法释〔2021〕23号）第24条；最高人民法院关于人民法院特邀调解的规定 第27条",
                calendar_known: true,
            },
            Case {
                name: "hearing: the day itself, never shifted even on a Saturday",
                event: E::HearingScheduled,
                on: "2024-06-15",
                kind: K::Hearing,
                nominal: "2024-06-15",
                due: "2024-06-15",
                basis: "民事诉讼法 第139条",
                calendar_known: true,
            },
            Case {
                name: "enforcement: 2023-10-04 + 2 years = Sat 2025-10-04 inside National Day (10-01..08) → Thu 10-09",
                event: E::PerformanceDue,
                on: "2023-10-04",
                kind: K::EnforcementApplication,
                nominal: "2025-10-04",
                due: "2025-10-09",
                basis: "民事诉讼法 第250条",
                calendar_known: true,
            },
            Case {
                name: "enforcement: Feb 29 + 2 years = 2026-02-28, a 调休 working Saturday: stays",
                event: E::PerformanceDue,
                on: "2024-02-29",
                kind: K::EnforcementApplication,
                nominal: "2026-02-28",
                due: "2026-02-28",
                basis: "民事诉讼法 第250条",
                calendar_known: true,
            },
            Case {
                name: "limitation: Feb 29 + 3 years = 2027-02-28 (no Feb 29), a Sunday beyond the data → Mon 03-01",
                event: E::LastInstallmentDue,
                on: "2024-02-29",
                kind: K::Limitation,
                nominal: "2027-02-28",
                due: "2027-03-01",
                basis: "民法典 第188条、第189条",
                calendar_known: false,
            },
            Case {
                name: "limitation after an acknowledgement: Mon 2022-06-13 + 3 years = Fri 2025-06-13",
                event: E::DebtorAcknowledged,
                on: "2022-06-13",
                kind: K::Limitation,
                nominal: "2025-06-13",
                due: "2025-06-13",
                basis: "民法典 第188条、第195条",
                calendar_known: true,
            },
            Case {
                name: "beyond the data: 2027-09-20 + 15 = Tue 10-05; weekends only, so no shift",
                event: E::ComplaintServed,
                on: "2027-09-20",
                kind: K::Defence,
                nominal: "2027-10-05",
                due: "2027-10-05",
                basis: "民事诉讼法 第128条",
                calendar_known: false,
            },
            Case {
                name: "beyond the data: 2027-01-01 + 15 = Sat 01-16 → Mon 01-18 on weekends alone",
                event: E::JudgmentServed,
                on: "2027-01-01",
                kind: K::Appeal,
                nominal: "2027-01-16",
                due: "2027-01-18",
                basis: "民事诉讼法 第171条",
                calendar_known: false,
            },
            Case {
                name: "before the data: 2019-09-20 + 15 = Sat 10-05 → Mon 10-07 on weekends alone",
                event: E::JudgmentServed,
                on: "2019-09-20",
                kind: K::Appeal,
                nominal: "2019-10-05",
                due: "2019-10-07",
                basis: "民事诉讼法 第171条",
                calendar_known: false,
            },
            Case {
                name: "2020: 2020-01-16 + 15 = Fri 01-31, inside the extended Spring Festival → Mon 02-03",
                event: E::PaymentOrderServed,
                on: "2020-01-16",
                kind: K::PaymentOrderObjection,
                nominal: "2020-01-31",
                due: "2020-02-03",
                basis: "民事诉讼法 第227条",
                calendar_known: true,
            },
        ];
        for c in cases {
            let events = [ev("e1", c.event, c.on)];
            let out = compute(&events, false, d("2024-01-01"), cal());
            let got = find(&out, c.kind);
            assert_eq!(got.nominal_end, d(c.nominal), "{}: nominal end", c.name);
            assert_eq!(got.due, d(c.due), "{}: due", c.name);
            assert_eq!(
                got.shifted_for_rest_day,
                c.nominal != c.due,
                "{}: shifted",
                c.name
            );
            assert_eq!(got.basis, c.basis, "{}: basis", c.name);
            assert_eq!(got.basis_kind, "law", "{}", c.name);
            assert_eq!(got.calendar_known, c.calendar_known, "{}: calendar", c.name);
            assert_eq!(got.counts_from.event_id, "e1", "{}", c.name);
            assert_eq!(got.counts_from.kind, c.event, "{}", c.name);
            assert_eq!(got.counts_from.on, d(c.on), "{}", c.name);
        }
    }

    #[test]
    fn each_event_kind_yields_exactly_its_deadlines() {
        use DeadlineKind as K;
        use LegalEventKind as E;
        let table: [(E, &[K]); 11] = [
            (E::MediationStarted, &[K::MediationPeriodEnd]),
            (E::AgreementEffective, &[K::JudicialConfirmation]),
            (E::ComplaintServed, &[K::Defence, K::JurisdictionObjection]),
            (E::HearingScheduled, &[K::Hearing]),
            (E::JudgmentServed, &[K::Appeal]),
            (E::RulingServed, &[K::AppealRuling]),
            (E::PaymentOrderServed, &[K::PaymentOrderObjection]),
            (E::PerformanceDue, &[K::EnforcementApplication]),
            (E::LastInstallmentDue, &[K::Limitation]),
            (E::CreditorDemand, &[K::Limitation]),
            (E::DebtorAcknowledged, &[K::Limitation]),
        ];
        for (event, expected) in table {
            let out = compute(
                &[ev("x", event, "2024-03-04")],
                false,
                d("2024-01-01"),
                cal(),
            );
            let kinds: Vec<K> = out.iter().map(|x| x.kind).collect();
            assert_eq!(kinds, expected, "{event}");
        }
        assert!(compute(&[], false, d("2024-01-01"), cal()).is_empty());
    }

    #[test]
    fn small_claims_have_no_appeal_against_the_judgment() {
        let events = [
            ev("j", LegalEventKind::JudgmentServed, "2024-09-20"),
            ev("r", LegalEventKind::RulingServed, "2024-06-05"),
        ];
        let ordinary = compute(&events, false, d("2024-01-01"), cal());
        assert_eq!(find(&ordinary, DeadlineKind::Appeal).due, d("2024-10-08"));
        assert_eq!(find(&ordinary, DeadlineKind::AppealRuling).note_zh, None);

        let small = compute(&events, true, d("2024-01-01"), cal());
        assert!(small.iter().all(|x| x.kind != DeadlineKind::Appeal));
        // The ruling deadline is still shown, with a warning that it is usually final.
        let ruling = find(&small, DeadlineKind::AppealRuling);
        assert_eq!(ruling.due, d("2024-06-17"));
        assert!(ruling.note_zh.as_deref().unwrap().contains("小额诉讼"));
        assert!(ruling.note_en.as_deref().unwrap().contains("Small-claims"));
    }

    #[test]
    fn limitation_counts_from_the_latest_of_its_three_events() {
        use LegalEventKind as E;
        struct L {
            name: &'static str,
            events: Vec<LegalEvent>,
            from_id: &'static str,
            due: &'static str,
            basis: &'static str,
        }
        let cases = [
            L {
                name: "a demand after the last instalment restarts it: Sun 2025-08-10 → Mon 08-11",
                events: vec![
                    ev("inst", E::LastInstallmentDue, "2021-03-15"),
                    ev("demand", E::CreditorDemand, "2022-08-10"),
                    ev("ack", E::DebtorAcknowledged, "2022-01-05"),
                ],
                from_id: "demand",
                due: "2025-08-11",
                basis: "民法典 第188条、第195条",
            },
            L {
                name: "an acknowledgement is the latest: Thu 2023-11-02 + 3 years = Mon 2026-11-02",
                events: vec![
                    ev("ack", E::DebtorAcknowledged, "2023-11-02"),
                    ev("demand", E::CreditorDemand, "2022-08-10"),
                    ev("inst", E::LastInstallmentDue, "2021-03-15"),
                ],
                from_id: "ack",
                due: "2026-11-02",
                basis: "民法典 第188条、第195条",
            },
            L {
                name: "only the last instalment: Mon 2021-03-15 + 3 years = Fri 2024-03-15",
                events: vec![ev("inst", E::LastInstallmentDue, "2021-03-15")],
                from_id: "inst",
                due: "2024-03-15",
                basis: "民法典 第188条、第189条",
            },
            L {
                name: "several demands: the latest one counts",
                events: vec![
                    ev("d2", E::CreditorDemand, "2022-08-10"),
                    ev("d3", E::CreditorDemand, "2023-02-01"),
                    ev("d1", E::CreditorDemand, "2021-05-01"),
                ],
                from_id: "d3",
                // Wed 2023-02-01 + 3 years = Sun 2026-02-01 → Mon 02-02.
                due: "2026-02-02",
                basis: "民法典 第188条、第195条",
            },
        ];
        for c in cases {
            let out = compute(&c.events, false, d("2024-01-01"), cal());
            let lim = find(&out, DeadlineKind::Limitation);
            assert_eq!(lim.counts_from.event_id, c.from_id, "{}", c.name);
            assert_eq!(lim.due, d(c.due), "{}", c.name);
            assert_eq!(lim.basis, c.basis, "{}", c.name);
            let zh = lim.note_zh.as_deref().unwrap();
            assert!(
                zh.contains("重新计算") && zh.contains("第195条"),
                "{}",
                c.name
            );
            assert!(lim.note_en.as_deref().unwrap().contains("art. 195"));
        }
    }

    #[test]
    fn the_latest_event_of_a_kind_counts() {
        let events = [
            ev("late", LegalEventKind::ComplaintServed, "2024-03-04"),
            ev("early", LegalEventKind::ComplaintServed, "2024-02-01"),
        ];
        let out = compute(&events, false, d("2024-01-01"), cal());
        let defence = find(&out, DeadlineKind::Defence);
        assert_eq!(defence.counts_from.event_id, "late");
        assert_eq!(defence.due, d("2024-03-19"));
    }

    #[test]
    fn passed_and_days_left_are_relative_to_today() {
        // Appeal due Tue 2024-10-08 (see above).
        let events = [ev("j", LegalEventKind::JudgmentServed, "2024-09-20")];
        let cases = [
            ("2024-10-10", true, -2),
            ("2024-10-09", true, -1),
            ("2024-10-08", false, 0),
            ("2024-10-01", false, 7),
            ("2023-10-08", false, 366),
        ];
        for (today, passed, left) in cases {
            let out = compute(&events, false, d(today), cal());
            let appeal = find(&out, DeadlineKind::Appeal);
            assert_eq!(appeal.passed, passed, "today {today}");
            assert_eq!(appeal.days_left, left, "today {today}");
        }
    }

    #[test]
    fn deadlines_come_soonest_first_with_ties_in_kind_order() {
        use DeadlineKind as K;
        use LegalEventKind as E;
        let events = [
            ev("lim", E::LastInstallmentDue, "2021-03-15"), // 2024-03-15
            ev("hear", E::HearingScheduled, "2024-03-19"),  // 2024-03-19
            ev("comp", E::ComplaintServed, "2024-03-04"),   // 2024-03-19 twice
            ev("med", E::MediationStarted, "2024-02-01"),   // Sat 03-02 → Mon 03-04
            ev("pay", E::PaymentOrderServed, "2024-03-20"), // Thu 04-04 Qingming → Sun 04-07 调休 workday
        ];
        let out = compute(&events, false, d("2024-03-10"), cal());
        let got: Vec<(K, NaiveDate)> = out.iter().map(|x| (x.kind, x.due)).collect();
        assert_eq!(
            got,
            vec![
                (K::MediationPeriodEnd, d("2024-03-04")),
                (K::Limitation, d("2024-03-15")),
                (K::Defence, d("2024-03-19")),
                (K::JurisdictionObjection, d("2024-03-19")),
                (K::Hearing, d("2024-03-19")),
                (K::PaymentOrderObjection, d("2024-04-07")),
            ]
        );
        assert!(out[0].passed && out[0].shifted_for_rest_day);
    }

    #[test]
    fn hearing_carries_the_default_judgment_warning() {
        let out = compute(
            &[ev("h", LegalEventKind::HearingScheduled, "2024-05-20")],
            false,
            d("2024-05-01"),
            cal(),
        );
        let hearing = find(&out, DeadlineKind::Hearing);
        assert!(hearing.note_zh.as_deref().unwrap().contains("第147条"));
        assert!(hearing.note_zh.as_deref().unwrap().contains("缺席判决"));
        assert!(hearing.note_en.as_deref().unwrap().contains("art. 147"));
        assert_eq!(hearing.days_left, 19);
    }

    #[test]
    fn serialises_dates_as_plain_days_and_kinds_in_snake_case() {
        let out = compute(
            &[ev("j1", LegalEventKind::JudgmentServed, "2024-09-20")],
            false,
            d("2024-10-01"),
            cal(),
        );
        let v = serde_json::to_value(&out[0]).unwrap();
        assert_eq!(v["kind"], "appeal");
        assert_eq!(v["due"], "2024-10-08");
        assert_eq!(v["nominal_end"], "2024-10-05");
        assert_eq!(v["basis_kind"], "law");
        assert_eq!(v["counts_from"]["event_id"], "j1");
        assert_eq!(v["counts_from"]["kind"], "judgment_served");
        assert_eq!(v["counts_from"]["on"], "2024-09-20");
        assert_eq!(v["shifted_for_rest_day"], true);
        assert_eq!(v["days_left"], 7);
        assert_eq!(v["calendar_known"], true);
        assert!(v["note_zh"].is_null());

        let e: LegalEvent =
            serde_json::from_str(r#"{"id":"a","kind":"debtor_acknowledged","on":"2024-01-02"}"#)
                .unwrap();
        assert_eq!(e, ev("a", LegalEventKind::DebtorAcknowledged, "2024-01-02"));
    }

    #[test]
    fn enum_names_round_trip_and_match_serde() {
        for k in LegalEventKind::ALL {
            assert_eq!(k.as_str().parse::<LegalEventKind>().unwrap(), k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
            assert!(!k.label_zh().is_empty());
        }
        for k in DeadlineKind::ALL {
            assert_eq!(k.as_str().parse::<DeadlineKind>().unwrap(), k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
            assert!(!k.label_zh().is_empty());
        }
        let err = "served".parse::<LegalEventKind>().unwrap_err();
        assert!(err.contains("served") && err.contains("complaint_served, hearing_scheduled"));
        let err = "appeals".parse::<DeadlineKind>().unwrap_err();
        assert!(err.contains("defence, jurisdiction_objection, appeal"));
        // ALL is in declaration order, which is also the tie-break order.
        assert!(DeadlineKind::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn builtin_calendar_matches_the_notices() {
        let c = cal();
        assert_eq!(c.years(), 2020..=2026);
        assert!(!c.knows_year(2019) && !c.knows_year(2027));
        // (date, rest day?) read off the notices.
        let days = [
            ("2020-01-19", false), // Sunday worked before Spring Festival
            ("2020-01-31", true),  // Spring Festival extension, 国办发明电〔2020〕1号
            ("2020-02-01", true),  // was to be worked; the extension made it a holiday
            ("2020-02-03", false), // work resumed
            ("2021-09-18", false), // Saturday worked for Mid-Autumn
            ("2022-04-02", false), // Saturday worked for Qingming
            ("2023-04-05", true),  // Qingming on a Wednesday
            ("2023-01-29", false), // Sunday worked after Spring Festival
            ("2024-02-09", false), // 除夕 2024: only "encouraged" off, not a holiday
            ("2024-06-10", true),  // Dragon Boat, Monday
            ("2024-10-12", false), // Saturday worked after National Day
            ("2025-01-01", true),  // New Year, Wednesday, no swap
            ("2025-02-04", true),  // last day of Spring Festival
            ("2025-10-08", true),  // eighth day of National Day + Mid-Autumn
            ("2025-10-11", false), // Saturday worked
            ("2026-01-04", false), // Sunday worked after New Year
            ("2026-02-23", true),  // last day of the nine-day Spring Festival
            ("2026-09-20", false), // Sunday worked before National Day
            ("2026-10-08", false), // ordinary Thursday after National Day 2026 (ends 10-07)
            ("2024-03-20", false), // ordinary Wednesday
            ("2024-03-23", true),  // ordinary Saturday
        ];
        for (day, rest) in days {
            assert_eq!(c.is_rest_day(d(day)), rest, "{day}");
        }
        assert!(c.is_statutory_holiday(d("2024-10-05")));
        assert!(!c.is_statutory_holiday(d("2024-10-12")));
        assert!(c.is_adjusted_workday(d("2024-10-12")));
        // Holiday days per year, counted from the notices.
        let counts = [
            (2020, 30),
            (2021, 31),
            (2022, 31),
            (2023, 26),
            (2024, 28),
            (2025, 28),
            (2026, 33),
        ];
        for (year, n) in counts {
            assert_eq!(c.years[&year].holidays.len(), n, "{year}");
        }
        let numbers = [
            (2020, "国办发明电〔2019〕16号"),
            (2020, "国办发明电〔2020〕1号"),
            (2021, "国办发明电〔2020〕27号"),
            (2022, "国办发明电〔2021〕11号"),
            (2023, "国办发明电〔2022〕16号"),
            (2024, "国办发明电〔2023〕7号"),
            (2025, "国办发明电〔2024〕12号"),
            (2026, "国办发明电〔2025〕7号"),
        ];
        for (year, number) in numbers {
            let source = c.source(year).unwrap();
            assert!(source.contains(number), "{year}: {source}");
            assert!(source.contains(&format!("关于{year}年")), "{year}");
        }
        assert_eq!(c.source(2027), None);
    }

    fn year_json(source: &str, holidays: &str, workdays: &str) -> String {
        format!(
            r#"{{"version":1,"country":"CN","years":{{"2024":{{"source":{source},"holidays":[{holidays}],"workdays":[{workdays}]}}}}}}"#
        )
    }

    #[test]
    fn calendar_validation_rejects_bad_data() {
        let ok = year_json(r#""通知""#, r#""2024-10-01""#, r#""2024-10-12""#);
        let parsed = HolidayCalendar::from_json(&ok).unwrap();
        assert!(parsed.is_rest_day(d("2024-10-01")));
        assert!(!parsed.is_rest_day(d("2024-10-12")));

        type IsExpected = fn(&CalendarError) -> bool;
        let cases: [(&str, String, IsExpected); 11] = [
            (
                "workday on a Wednesday",
                year_json(r#""通知""#, "", r#""2024-10-09""#),
                |e| {
                    matches!(
                        e,
                        CalendarError::WorkdayNotWeekend {
                            weekday: Weekday::Wed,
                            ..
                        }
                    )
                },
            ),
            (
                "holiday outside its year",
                year_json(r#""通知""#, r#""2023-12-31""#, ""),
                |e| matches!(e, CalendarError::DateOutsideYear { year: 2024, .. }),
            ),
            (
                "workday outside its year",
                year_json(r#""通知""#, "", r#""2025-01-04""#),
                |e| matches!(e, CalendarError::DateOutsideYear { year: 2024, .. }),
            ),
            (
                "empty source",
                year_json(r#""  ""#, r#""2024-10-01""#, ""),
                |e| matches!(e, CalendarError::MissingSource(2024)),
            ),
            (
                "missing source",
                r#"{"version":1,"country":"CN","years":{"2024":{"holidays":[],"workdays":[]}}}"#
                    .to_owned(),
                |e| matches!(e, CalendarError::Json(_)),
            ),
            (
                "both holiday and workday",
                year_json(r#""通知""#, r#""2024-10-12""#, r#""2024-10-12""#),
                |e| matches!(e, CalendarError::HolidayAndWorkday(_)),
            ),
            (
                "listed twice",
                year_json(r#""通知""#, r#""2024-10-01","2024-10-01""#, ""),
                |e| matches!(e, CalendarError::Duplicate { .. }),
            ),
            (
                "wrong version",
                ok.replace(r#""version":1"#, r#""version":2"#),
                |e| matches!(e, CalendarError::Version(2)),
            ),
            (
                "not a date",
                year_json(r#""通知""#, r#""2024-02-30""#, ""),
                |e| matches!(e, CalendarError::Json(_)),
            ),
            (
                "no years",
                r#"{"version":1,"country":"CN","years":{}}"#.to_owned(),
                |e| matches!(e, CalendarError::NoYears),
            ),
            (
                "a gap between years",
                r#"{"version":1,"country":"CN","years":{
                    "2024":{"source":"a","holidays":[],"workdays":[]},
                    "2026":{"source":"b","holidays":[],"workdays":[]}}}"#
                    .to_owned(),
                |e| {
                    matches!(
                        e,
                        CalendarError::Gap {
                            after: 2024,
                            next: 2026
                        }
                    )
                },
            ),
        ];
        for (name, json, expected) in cases {
            match HolidayCalendar::from_json(&json) {
                Ok(_) => panic!("{name}: accepted"),
                Err(e) => assert!(expected(&e), "{name}: wrong error {e:?}"),
            }
        }
        assert!(HolidayCalendar::from_json("{").is_err());
        assert!(matches!(
            HolidayCalendar::from_json(&ok.replace("\"CN\"", "\"HK\"")),
            Err(CalendarError::Country(_))
        ));
        assert!(matches!(
            HolidayCalendar::from_json(&ok.replace("\"2024\":", "\"+2024\":")),
            Err(CalendarError::YearKey(_))
        ));
    }

    #[test]
    fn builtin_data_passes_its_own_validation() {
        // builtin() would panic otherwise; this names the failure if the file is edited badly.
        if let Err(e) = HolidayCalendar::from_json(BUILTIN_JSON) {
            panic!("data/holidays-cn.json: {e}");
        }
    }
}
