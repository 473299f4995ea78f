//! The evidence PDF's contact log and violations, made to be read by a court: the counts first
//! (calls counted by attempt, never by entry), the contact-frequency chart, a table with short
//! columns, then the violations grouped by rule with each rule's basis printed once.
//!
//! The counting is the domain's ([`contact::frequency`], [`contact::group_by_rule`]): the same
//! numbers the app's chart shows.

use super::pdf::{BarChart, Block, ChartBar, ChartLine, Lang};
use super::report::{CaseReport, CheckedContact};
use super::words::Word;
use crate::domain::contact::{
    self, Channel, CheckContext, ContactFrequency, ContactRecord, Direction, FlagCode, LimitKind,
};
use crate::domain::display_time;

/// What the counts are made with: the case's parties (its court and mediation body are not
/// collection) and its lender's type (which daily limits apply).
pub fn check_context(report: &CaseReport) -> CheckContext {
    CheckContext {
        parties: report.parties.clone(),
        lender_type: report.case.details.lender_type,
        illegal_debt: false,
    }
}

/// The case's contact log counted.
pub fn frequency(report: &CaseReport) -> ContactFrequency {
    let records: Vec<ContactRecord> = report.contacts.iter().map(|c| c.contact.clone()).collect();
    let flags: Vec<_> = report.contacts.iter().map(|c| c.flags.clone()).collect();
    contact::frequency(&records, &flags, &check_context(report))
}

fn ymd(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The summary above the table: calls, messages, the period, night contacts.
pub fn summary(f: &ContactFrequency, lang: Lang) -> Vec<Block> {
    let t = &f.totals;
    let times = |n: u32| Word::Times.fill(lang, &[&n.to_string()]);
    let mut rows = vec![(
        Word::LogCalls.get(lang),
        Word::LogCallsValue.fill(
            lang,
            &[
                &t.calls.to_string(),
                &t.answered.to_string(),
                &t.missed.to_string(),
            ],
        ),
    )];
    rows.push((Word::LogMessages.get(lang), times(t.messages)));
    if t.other > 0 {
        rows.push((Word::LogOther.get(lang), times(t.other)));
    }
    if let (Some(first), Some(last)) = (t.first, t.last) {
        rows.push((
            Word::LogPeriod.get(lang),
            Word::LogPeriodValue.fill(
                lang,
                &[
                    &ymd(first),
                    &ymd(last),
                    &t.span_days.to_string(),
                    &t.active_days.to_string(),
                ],
            ),
        ));
    }
    rows.push((Word::LogNight.get(lang), times(t.night)));
    rows.push((Word::LogOutgoing.get(lang), times(t.outgoing)));
    if t.unknown_direction > 0 {
        rows.push((
            Word::LogUnknownDirection.get(lang),
            times(t.unknown_direction),
        ));
    }
    if t.official > 0 {
        rows.push((Word::LogOfficial.get(lang), times(t.official)));
    }
    vec![
        Block::Fields(rows),
        Block::Paragraph(Word::LogCountsNote.get(lang)),
    ]
}

/// The contact-frequency chart; `None` when nobody contacted the user (no bars).
pub fn chart(f: &ContactFrequency, lang: Lang) -> Option<BarChart> {
    if f.bars.iter().all(|b| b.contacts == 0) {
        return None;
    }
    let daily = f.bar_days == 1;
    let bars = f
        .bars
        .iter()
        .map(|b| ChartBar {
            label: b.start.format("%m-%d").to_string(),
            value: b.contacts,
            part: b.night,
            marked: b.over_limit,
        })
        .collect();
    let lines = if daily {
        f.limits
            .iter()
            .map(|l| {
                let n = l.per_day.to_string();
                let word = match l.kind {
                    LimitKind::AnsweredCalls => Word::LimitAnswered,
                    LimitKind::UnansweredPerNumber => Word::LimitUnanswered,
                };
                ChartLine {
                    value: l.per_day,
                    short: Word::LimitShort.fill(lang, &[&n]),
                    legend: word.fill(lang, &[&n, &l.source.cite(lang)]),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let first = f.bars.first().map(|b| b.start);
    let last = f
        .bars
        .last()
        .map(|b| b.start + chrono::Duration::days(i64::from(b.days) - 1));
    let title = match f.bar_days {
        1 => Word::ChartDaily.get(lang),
        7 => Word::ChartWeekly.get(lang),
        n => Word::ChartGrouped.fill(lang, &[&n.to_string()]),
    };
    let title = match (first, last) {
        (Some(a), Some(b)) => format!("{title}  {} – {}", ymd(a), ymd(b)),
        _ => title,
    };
    Some(BarChart {
        title,
        y_label: Word::ChartAxis.get(lang),
        bars,
        lines,
        legend_bar: Word::ChartBar.get(lang),
        legend_part: Word::ChartNight.get(lang),
        legend_mark: Word::ChartMark.fill(
            lang,
            &[
                FlagCode::TooManyCalls.label(lang),
                FlagCode::TooManyAttempts.label(lang),
            ],
        ),
        note: (!daily && !f.limits.is_empty()).then(|| Word::LimitsWeekly.get(lang)),
    })
}

/// Who: person, organisation and number, with the role they claimed.
fn who(k: &ContactRecord, lang: Lang) -> String {
    let names = [
        k.person.as_deref(),
        k.organisation.as_deref(),
        k.number.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    match k.claimed_role {
        Some(role) => Word::ClaimedAs.fill(lang, &[&names, role.label(lang)]),
        None => names,
    }
}

/// The calls of one entry: how many, and whether answered; empty for what is not a call.
fn calls(k: &ContactRecord, lang: Lang) -> String {
    if k.channel != Channel::Call {
        return String::new();
    }
    let n = k.attempts.max(1);
    let ns = n.to_string();
    match (k.answered, n) {
        (Some(true), 1) => Word::CallAnswered.get(lang),
        (Some(true), _) => Word::CallsAnswered.fill(lang, &[&ns]),
        (Some(false), 1) => Word::CallMissed.get(lang),
        (Some(false), _) => Word::CallsMissed.fill(lang, &[&ns]),
        (None, 1) => "—".into(),
        (None, _) => Word::CallsUnknown.fill(lang, &[&ns]),
    }
}

fn direction(d: Direction, lang: Lang) -> String {
    match d {
        Direction::In => Word::DirIn,
        Direction::Out => Word::DirOut,
        Direction::Unknown => Word::DirUnknown,
    }
    .get(lang)
}

/// The table of contacts, one row per entry.
pub fn table(contacts: &[CheckedContact], refs: &dyn Fn(&[String]) -> String, lang: Lang) -> Block {
    let rows = contacts
        .iter()
        .map(|c| {
            let k = &c.contact;
            let mut summary = k.summary.clone().unwrap_or_default();
            for q in &k.quotes {
                summary.push_str(&Word::Quote.fill(lang, &[q]));
            }
            let flags: Vec<&str> = c.flags.iter().map(|f| f.code.label(lang)).collect();
            vec![
                display_time(&k.at),
                k.channel.label(lang).into(),
                direction(k.direction, lang),
                calls(k, lang),
                who(k, lang),
                summary,
                flags.join(Word::ListSeparator.label(lang)),
                refs(&k.evidence_ids),
            ]
        })
        .collect();
    let headers = [
        Word::Time,
        Word::Channel,
        Word::ColDirection,
        Word::ColCalls,
        Word::Who,
        Word::Summary,
        Word::Flags,
        Word::Exhibits,
    ];
    Block::Table {
        headers: headers.iter().map(|w| w.get(lang)).collect(),
        rows,
        // Millimetres of the 170 mm text width: a time wraps once, at its date.
        widths: vec![27.0, 17.0, 13.0, 20.0, 24.0, 31.0, 21.0, 17.0],
    }
}

/// The violations, one block per rule: a heading with the count, the basis once (each source
/// with its kind), then the dated rows.
pub fn violations(
    report: &CaseReport,
    refs: &dyn Fn(&[String]) -> String,
    lang: Lang,
) -> Vec<Block> {
    let v = &report.violations;
    let mut blocks = Vec::new();
    for group in contact::group_by_rule(&v.items) {
        // The rule's heading, its basis and the start of its table on one page.
        blocks.push(Block::NeedRoom(45.0));
        blocks.push(Block::Section {
            title: Word::RuleHeading.fill(
                lang,
                &[group.code.label(lang), &group.items.len().to_string()],
            ),
            level: 3,
        });
        blocks.push(Block::Paragraph(Word::BasisLine.fill(
            lang,
            &[lang.pick(group.basis.as_str(), group.basis_en.as_str())],
        )));
        let rows = group
            .items
            .iter()
            .filter_map(|&i| v.items.get(i))
            .map(|item| {
                let when = chrono::DateTime::parse_from_rfc3339(&item.at)
                    .map(|t| display_time(&t))
                    .unwrap_or_else(|_| item.at.clone());
                let by = report
                    .contacts
                    .iter()
                    .find(|c| c.contact.id == item.contact_id)
                    .map(|c| who(&c.contact, lang))
                    .unwrap_or_default();
                let mut what = lang.pick(&item.reason_zh, &item.reason_en).clone();
                if let Some(q) = &item.quote {
                    what.push_str(&Word::Quote.fill(lang, &[q]));
                }
                vec![when, by, what, refs(&item.evidence_ids)]
            })
            .collect();
        blocks.push(Block::Table {
            headers: [Word::Time, Word::Who, Word::WhatHappened, Word::Exhibits]
                .iter()
                .map(|w| w.get(lang))
                .collect(),
            rows,
            widths: vec![27.0, 30.0, 96.0, 17.0],
        });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(id: &str, when: &str, answered: Option<bool>, attempts: u32) -> ContactRecord {
        ContactRecord {
            id: id.into(),
            at: chrono::DateTime::parse_from_rfc3339(when).unwrap(),
            channel: Channel::Call,
            direction: Direction::In,
            number: Some("17000000001".into()),
            person: None,
            organisation: None,
            claimed_role: None,
            answered,
            attempts,
            third_party: None,
            summary: None,
            quotes: Vec::new(),
            evidence_ids: Vec::new(),
            duration_seconds: None,
        }
    }

    fn counted(records: &[ContactRecord]) -> ContactFrequency {
        contact::frequency(records, &[], &CheckContext::default())
    }

    #[test]
    fn the_chart_has_a_bar_a_day_the_limits_and_no_chart_without_contacts() {
        let f = counted(&[
            call("a", "2026-03-02T23:00:00+08:00", Some(true), 1),
            call("b", "2026-03-04T10:00:00+08:00", Some(false), 4),
        ]);
        let c = chart(&f, Lang::Zh).unwrap();
        let bars: Vec<(&str, u32, u32)> = c
            .bars
            .iter()
            .map(|b| (b.label.as_str(), b.value, b.part))
            .collect();
        assert_eq!(bars, [("03-02", 1, 1), ("03-03", 0, 0), ("03-04", 4, 0)]);
        assert!(c.title.starts_with("每日联系次数"), "{}", c.title);
        let lines: Vec<(u32, &str)> = c
            .lines
            .iter()
            .map(|l| (l.value, l.short.as_str()))
            .collect();
        assert_eq!(lines, [(3, "上限 3"), (6, "上限 6")]);
        assert!(c.lines[0].legend.contains("〔推荐性国家标准〕"));
        assert!(c.lines[1].legend.contains("〔行业自律规范〕"));

        let outgoing = ContactRecord {
            direction: Direction::Out,
            ..call("c", "2026-03-04T10:00:00+08:00", Some(true), 1)
        };
        assert!(chart(&counted(&[outgoing]), Lang::Zh).is_none());
    }

    #[test]
    fn a_long_log_is_drawn_by_week_without_daily_limits() {
        let f = counted(&[
            call("a", "2026-01-01T10:00:00+08:00", Some(true), 1),
            call("b", "2026-05-01T10:00:00+08:00", Some(true), 1),
        ]);
        let c = chart(&f, Lang::En).unwrap();
        assert!(c.title.starts_with("Contacts per week"), "{}", c.title);
        assert!(c.lines.is_empty());
        assert_eq!(
            c.note.as_deref(),
            Some("Daily limits are not drawn on weekly bars.")
        );
        assert_eq!(c.bars[0].label, "12-29");
    }

    #[test]
    fn the_calls_column_says_how_many_and_whether_answered() {
        let words = |answered, n| {
            calls(
                &call("a", "2026-03-02T10:00:00+08:00", answered, n),
                Lang::Zh,
            )
        };
        assert_eq!(words(Some(true), 1), "接通");
        assert_eq!(words(Some(true), 3), "3 次，接通");
        assert_eq!(words(Some(false), 1), "未接通");
        assert_eq!(words(Some(false), 4), "4 次未接通");
        assert_eq!(words(None, 2), "2 次");
        assert_eq!(direction(Direction::Out, Lang::En), "out");
    }
}
