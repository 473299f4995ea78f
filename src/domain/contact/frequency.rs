//! How often they made contact: the log's totals (calls counted by attempt, not by entry) and
//! the contacts per day (or per week, for long logs) with the daily limits the flags use — the
//! one counting behind the evidence PDF's summary and chart and the app's chart.
//!
//! Counted as the checks count ([`check`](super::check)): only contacts that came *in*, and not
//! those from the case's own court, judge, mediation body or mediator. Days are local days in
//! each record's own offset; "night" is 22:00–08:00 local time, as for the quiet-hours flag
//! (letters are not counted at night: their time is when the post came).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::rules::{
    MAX_ANSWERED_CALLS_PER_DAY, MAX_UNANSWERED_ATTEMPTS_PER_DAY, attempts_rule_applies,
    in_quiet_hours, is_official, party_role,
};
use super::{BasisKind, Channel, CheckContext, ContactRecord, Direction, Flag, FlagCode, Source};

/// Most bars a chart shows: up to this many days are shown day by day; a longer log is shown
/// by week (Monday to Sunday), or by blocks of several weeks, so no chart has more bars.
pub const MAX_BARS: usize = 92;

/// The log's totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactTotals {
    /// Inbound call attempts: each entry's `attempts` summed (a run of missed calls logged as
    /// one entry counts as that many calls).
    pub calls: u32,
    /// Entries of inbound calls marked answered (one connected call each, as the daily-limit
    /// check counts them).
    pub answered: u32,
    /// Inbound call attempts marked not answered.
    pub missed: u32,
    /// Inbound messages: SMS, WeChat, QQ, app messages and email.
    pub messages: u32,
    /// Inbound letters, visits and other contacts.
    pub other: u32,
    /// Inbound contacts between 22:00 and 08:00 local time (calls by attempt; letters never).
    pub night: u32,
    /// Contacts the user made (calls by attempt).
    pub outgoing: u32,
    /// Contacts whose direction is unknown (calls by attempt): never counted above.
    pub unknown_direction: u32,
    /// Contacts from the case's court, judge, mediation body or mediator (not collection).
    pub official: u32,
    /// First and last local day with an inbound collection contact.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// Calendar days from `first` to `last`, both counted (0 when there is none).
    pub span_days: u32,
    /// Days with at least one inbound collection contact.
    pub active_days: u32,
}

impl ContactTotals {
    /// All inbound collection contacts: calls (by attempt), messages and others.
    pub fn inbound(&self) -> u32 {
        self.calls
            .saturating_add(self.messages)
            .saturating_add(self.other)
    }
}

/// Inbound collection contacts in one bar of the chart: one day, or one week (or several).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FrequencyBar {
    /// The first local day of the bar.
    pub start: NaiveDate,
    /// Days the bar covers (1 for a day, 7 for a week).
    pub days: u32,
    /// All inbound contacts (calls by attempt, messages, others).
    pub contacts: u32,
    /// Of `contacts`, those between 22:00 and 08:00.
    pub night: u32,
    /// Of `contacts`, call attempts; of those, calls answered.
    pub calls: u32,
    pub answered: u32,
    /// A daily call-count flag (too many calls, too many attempts) was raised in the bar.
    pub over_limit: bool,
}

/// What a daily limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// Connected calls a day, by one lender and its agencies together.
    AnsweredCalls,
    /// Unanswered call attempts a day to the same number (counted per calling number).
    UnansweredPerNumber,
}

/// A daily limit of the rules, for the chart's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DailyLimit {
    pub kind: LimitKind,
    pub per_day: u32,
    /// The rule it comes from (cite it with [`Source::cite`]), and what kind of rule that is.
    pub source: Source,
    pub basis_kind: BasisKind,
}

/// The counting of a case's contact log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactFrequency {
    pub totals: ContactTotals,
    /// Every bar from the first to the last day with an inbound contact, empty days included;
    /// empty when there is none. At most [`MAX_BARS`].
    pub bars: Vec<FrequencyBar>,
    /// Days per bar: 1, or a multiple of 7 (weeks from Monday).
    pub bar_days: u32,
    /// The daily limits in force on the last day, for the case's lender type; empty when no
    /// rule covered that day. Only meaningful when bars are days (`bar_days == 1`).
    pub limits: Vec<DailyLimit>,
}

#[derive(Default, Clone, Copy)]
struct Day {
    contacts: u32,
    night: u32,
    calls: u32,
    answered: u32,
    over_limit: bool,
}

/// Counts `records` (with the `flags` [`check`](super::check) gave them, paired by position;
/// missing flags count as none) for the summary and the chart.
pub fn frequency(
    records: &[ContactRecord],
    flags: &[Vec<Flag>],
    ctx: &CheckContext,
) -> ContactFrequency {
    let mut totals = ContactTotals::default();
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let n = if r.channel == Channel::Call {
            r.attempt_count()
        } else {
            1
        };
        match r.direction {
            Direction::Out => {
                totals.outgoing = totals.outgoing.saturating_add(n);
                continue;
            }
            Direction::Unknown => {
                totals.unknown_direction = totals.unknown_direction.saturating_add(n);
                continue;
            }
            Direction::In => {}
        }
        if party_role(r, &ctx.parties).is_some_and(is_official) {
            totals.official = totals.official.saturating_add(n);
            continue;
        }
        let night = in_quiet_hours(r);
        let day = days.entry(r.at.date_naive()).or_default();
        day.contacts = day.contacts.saturating_add(n);
        if night {
            day.night = day.night.saturating_add(n);
            totals.night = totals.night.saturating_add(n);
        }
        match r.channel {
            Channel::Call => {
                totals.calls = totals.calls.saturating_add(n);
                day.calls = day.calls.saturating_add(n);
                match r.answered {
                    Some(true) => {
                        totals.answered = totals.answered.saturating_add(1);
                        day.answered = day.answered.saturating_add(1);
                    }
                    Some(false) => totals.missed = totals.missed.saturating_add(n),
                    None => {}
                }
            }
            Channel::Sms | Channel::Wechat | Channel::Qq | Channel::App | Channel::Email => {
                totals.messages = totals.messages.saturating_add(1);
            }
            Channel::Letter | Channel::Visit | Channel::Other => {
                totals.other = totals.other.saturating_add(1);
            }
        }
        if flags.get(i).is_some_and(|f| {
            f.iter()
                .any(|f| matches!(f.code, FlagCode::TooManyCalls | FlagCode::TooManyAttempts))
        }) {
            day.over_limit = true;
        }
    }
    totals.first = days.keys().next().copied();
    totals.last = days.keys().next_back().copied();
    totals.active_days = u32::try_from(days.len()).unwrap_or(u32::MAX);
    let (Some(first), Some(last)) = (totals.first, totals.last) else {
        return ContactFrequency {
            totals,
            bars: Vec::new(),
            bar_days: 1,
            limits: Vec::new(),
        };
    };
    let span = (last - first).num_days() + 1;
    totals.span_days = u32::try_from(span).unwrap_or(u32::MAX);
    let (start, bar_days) = if span <= MAX_BARS as i64 {
        (first, 1)
    } else {
        // Weeks from Monday; several weeks a bar when even weeks are too many.
        let monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
        let weeks = ((last - monday).num_days() / 7) + 1;
        let per_bar = (weeks + MAX_BARS as i64 - 1) / MAX_BARS as i64;
        (monday, 7 * per_bar)
    };
    let count = ((last - start).num_days() / bar_days + 1) as usize;
    let mut bars: Vec<FrequencyBar> = (0..count)
        .map(|k| FrequencyBar {
            start: start + Duration::days(k as i64 * bar_days),
            days: bar_days as u32,
            contacts: 0,
            night: 0,
            calls: 0,
            answered: 0,
            over_limit: false,
        })
        .collect();
    for (date, d) in &days {
        let k = ((*date - start).num_days() / bar_days) as usize;
        let Some(bar) = bars.get_mut(k) else { continue };
        bar.contacts = bar.contacts.saturating_add(d.contacts);
        bar.night = bar.night.saturating_add(d.night);
        bar.calls = bar.calls.saturating_add(d.calls);
        bar.answered = bar.answered.saturating_add(d.answered);
        bar.over_limit |= d.over_limit;
    }
    ContactFrequency {
        totals,
        bars,
        bar_days: bar_days as u32,
        limits: daily_limits(last, ctx),
    }
}

/// The daily call limits the flags apply on `on` for the case's lender: connected calls (GB/T
/// 45251, or the NIFA guide before it), and unanswered attempts per number (the banking
/// association's guide, not for microloan companies or private lenders).
pub fn daily_limits(on: NaiveDate, ctx: &CheckContext) -> Vec<DailyLimit> {
    let mut out = Vec::new();
    if let Some(&source) = FlagCode::TooManyCalls.sources(on, false).first() {
        out.push(DailyLimit {
            kind: LimitKind::AnsweredCalls,
            per_day: MAX_ANSWERED_CALLS_PER_DAY,
            source,
            basis_kind: source.kind(),
        });
    }
    if attempts_rule_applies(ctx.lender_type)
        && let Some(&source) = FlagCode::TooManyAttempts.sources(on, false).first()
    {
        out.push(DailyLimit {
            kind: LimitKind::UnansweredPerNumber,
            per_day: MAX_UNANSWERED_ATTEMPTS_PER_DAY,
            source,
            basis_kind: source.kind(),
        });
    }
    out
}
