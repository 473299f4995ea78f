//! The packs for the people who act: 投诉材料 (a complaint to the financial regulator 12378,
//! the central bank 12363 or the internet finance association) and 报警材料 (a report to the
//! police asking for an order not to contact, 禁止接触, under 治安管理处罚法 第50条第2款).
//!
//! Both are built from the case's violation summary ([`crate::domain::contact::summarize`]):
//! who (the organisation, person and number of each contact), when, what was said (the whole
//! sentence as recorded, line breaks kept) or done, which rule it breaks (each citation with its
//! kind), and which exhibits prove it — cited by their E-number and title, the same numbers as
//! the evidence PDF and pack — followed by those exhibits themselves. What only the user knows
//! (name, ID number) is left as a line to write on. Words are declared once here, zh-CN and
//! English.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;

use super::catalogue::exhibit_title;
use super::evidence_pdf::{self, Exhibits};
use super::pdf::{Block, Document, Lang};
use super::report::{CaseReport, CheckedContact, EvidenceSource, exhibit_label};
use crate::domain::contact::{
    ComplaintRecipient, FlagCode, Source, ViolationItem, public_security_2026,
};
use crate::domain::display_time;
use crate::domain::named::named_enum;

const BLANK: &str = "＿＿＿＿＿＿＿＿";

named_enum! {
    /// The fixed words of the complaint and police-report PDFs.
    pub ActionWord, "action PDF word", "actionPdfWord" {
        ComplaintTitle => "complaint_title", "投诉材料", "Complaint";
        PoliceTitle => "police_title", "报警材料（申请禁止接触）", "Report to the police (request for an order not to contact)";
        To => "to", "致：{}", "To: {}";
        PoliceTo => "police_to", "致：{}派出所（公安机关）", "To: {} police station";
        Dated => "dated", "日期：{}", "Date: {}";
        Complainant => "complainant", "投诉人", "Complainant";
        Reporter => "reporter", "报警人", "Person reporting";
        Name => "name", "姓名", "Name";
        IdNumber => "id_number", "身份证号", "ID number";
        Phone => "phone", "联系电话", "Phone";
        Respondent => "respondent", "被投诉方", "Complained against";
        Actor => "actor", "行为人", "Who did it";
        Lender => "lender", "出借人", "Lender";
        Platform => "platform", "借款平台", "Platform";
        Organisations => "organisations", "催收机构", "Collection organisations";
        Persons => "persons", "人员", "Persons";
        Numbers => "numbers", "号码或账号", "Numbers or accounts";
        Unknown => "unknown", "身份不明（见下表中的号码）", "Not known (see the numbers below)";
        Facts => "facts", "一、违规事实", "1. What happened";
        PoliceFacts => "police_facts", "一、事实经过", "1. What happened";
        PoliceFactsIntro => "police_facts_intro", "下列威胁均为对方发来或说出，原话照录；时间为报警人当地时间。", "The threats below were sent or said by them, their words as recorded; times are the reporter's local time.";
        Harassment => "harassment", "此外，对方在禁止时段联系或超出每日次数反复联系共 {} 次（见联系记录），干扰了报警人的正常生活。", "Besides, they contacted the reporter in quiet hours or more often than allowed a day {} times (see the contact log), disturbing normal life.";
        No => "no", "序号", "No.";
        Time => "time", "时间", "Time";
        Who => "who", "对方", "Who";
        WhatHappened => "what_happened", "经过与原话", "What was said or done";
        Rule => "rule", "违反的规定", "Rule broken";
        Exhibits => "exhibits", "证据", "Exhibits";
        SaidLine => "said_line", "原话：“{}”", "Their words: “{}”";
        NoExhibit => "no_exhibit", "暂无", "none";
        Request => "request", "二、投诉请求", "2. Request";
        ComplaintRequest => "complaint_request", "请依法核查上述行为，责令出借人及其委托的催收方停止违规催收，依法处理，并将处理结果告知投诉人。", "Please look into the conduct above, order the lender and the agencies it hired to stop collecting in breach of the rules, deal with it as the rules provide, and tell the complainant the outcome.";
        Law => "law", "二、法律依据", "2. The law";
        PoliceRequest => "police_request", "三、请求", "3. Request";
        PoliceRequestInvestigate => "police_request_investigate", "1. 依法对上述行为进行调查处理；", "1. Investigate the conduct above and deal with it according to law;";
        PoliceRequestNoContact => "police_request_no_contact", "2. 依照《治安管理处罚法》第50条第2款，责令行为人不得接触报警人及其近亲属。", "2. Under art. 50(2) of the Public Security Administration Punishments Law, order them not to contact the reporter or the reporter's close relatives.";
        NoContactNotYet => "no_contact_not_yet", "（《治安管理处罚法》第50条第2款的禁止接触自2026年1月1日起施行，本材料日期在此之前，未提出该项请求。）", "(The order not to contact under art. 50(2) is in force from 2026-01-01; this report is dated earlier, so it does not ask for one.)";
        ExhibitList => "exhibit_list", "证据目录", "Exhibits";
        ExhibitName => "exhibit_name", "证据名称", "Exhibit";
        ExhibitKind => "exhibit_kind", "类型", "Kind";
        Hash => "hash", "SHA-256 校验值", "SHA-256";
        Proves => "proves", "证明事项", "Proves";
        ProvesItems => "proves_items", "第 {} 项", "item {}";
        ExhibitNote => "exhibit_note", "证据编号与本案证据材料 PDF 和证据包中的编号一致；每件证据在加入案卷时即计算 SHA-256 哈希值并记录时间，原件未作改动，可随时提供核验。", "Exhibit numbers are the same as in the case's evidence PDF and evidence pack; each exhibit was hashed (SHA-256) and its time recorded the moment it was added, the original is unchanged and can be produced for checking.";
        Sign => "sign", "{}（签名）：", "{} (signature):";
        SignDate => "sign_date", "日期：　　　　年　　月　　日", "Date:";
        Separator => "separator", "、", ", ";
    }
}

impl ActionWord {
    fn get(self, lang: Lang) -> String {
        self.label(lang).to_owned()
    }

    fn fill(self, lang: Lang, args: &[&str]) -> String {
        super::words::fill(self.label(lang), args)
    }
}

/// Which of the two packs. Over IPC: `{ "kind": "complaint", "to": "regulator" }` or
/// `{ "kind": "police" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "to", rename_all = "snake_case")]
pub enum Action {
    Complaint(ComplaintRecipient),
    Police,
}

impl Action {
    /// Whether `item` goes into this pack: every violation into a complaint; the threats into
    /// the police report (harassment by time and count is summarised beside them).
    pub fn takes(self, item: &ViolationItem) -> bool {
        match self {
            Action::Complaint(_) => true,
            Action::Police => item.code == FlagCode::Threat,
        }
    }
}

/// The violation items a pack is made of (see [`Action::takes`]).
pub fn items_for(report: &CaseReport, action: Action) -> Vec<&ViolationItem> {
    report
        .violations
        .items
        .iter()
        .filter(|i| action.takes(i))
        .collect()
}

/// The ids of the exhibits the pack cites, for [`read_cited`].
pub fn cited_ids(report: &CaseReport, action: Action) -> BTreeSet<String> {
    items_for(report, action)
        .into_iter()
        .flat_map(|i| i.evidence_ids.iter().cloned())
        .collect()
}

/// Reads the cited exhibits the PDF draws (pictures and PDFs); every other slot stays empty, so
/// exhibit numbers stay those of the whole case.
///
/// # Errors
/// The source's error: a damaged item, or a cancelled job.
pub fn read_cited<S: EvidenceSource>(
    report: &CaseReport,
    source: &S,
    cited: &BTreeSet<String>,
) -> Result<Exhibits, S::Error> {
    let total = report.evidence.len() as u64;
    let mut bytes = Vec::with_capacity(report.evidence.len());
    for (i, e) in report.evidence.iter().enumerate() {
        source.progress(i as u64, total)?;
        let shown = e.media_type.starts_with("image/") || e.media_type == "application/pdf";
        bytes.push(if cited.contains(&e.id) && shown {
            source.read(e)?
        } else {
            Arc::from(Vec::new())
        });
    }
    Ok(Exhibits {
        bytes,
        warnings: Vec::new(),
    })
}

/// The pack as a document. `today` is the date written on it (and decides whether the order
/// not to contact, in force from 2026-01-01, can be asked for).
pub fn document(
    report: &CaseReport,
    exhibits: &Exhibits,
    action: Action,
    today: NaiveDate,
    lang: Lang,
) -> Document {
    // Exhibits by E-number and title, as the evidence PDF's 证据目录 gives them.
    let numbers: HashMap<&str, (usize, String)> = report
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), (i + 1, exhibit_title(e, lang))))
        .collect();
    let contacts: HashMap<&str, &CheckedContact> = report
        .contacts
        .iter()
        .map(|c| (c.contact.id.as_str(), c))
        .collect();
    let items = items_for(report, action);
    let sep = ActionWord::Separator.get(lang);
    let date = today.format("%Y-%m-%d").to_string();

    let mut blocks = Vec::new();
    let (title, person) = match action {
        Action::Complaint(to) => {
            blocks.push(Block::Paragraph(
                ActionWord::To.fill(lang, &[to.label(lang)]),
            ));
            (ActionWord::ComplaintTitle, ActionWord::Complainant)
        }
        Action::Police => {
            blocks.push(Block::Paragraph(ActionWord::PoliceTo.fill(lang, &[BLANK])));
            (ActionWord::PoliceTitle, ActionWord::Reporter)
        }
    };
    blocks.push(Block::Paragraph(ActionWord::Dated.fill(lang, &[&date])));
    blocks.push(Block::Heading(person.get(lang)));
    blocks.push(Block::Fields(vec![
        (ActionWord::Name.get(lang), BLANK.into()),
        (ActionWord::IdNumber.get(lang), BLANK.into()),
        (ActionWord::Phone.get(lang), BLANK.into()),
    ]));

    // Who: the lender, and the organisations, persons and numbers of the contacts cited.
    let involved: Vec<&CheckedContact> = unique(items.iter().map(|i| i.contact_id.as_str()))
        .into_iter()
        .filter_map(|id| contacts.get(id).copied())
        .collect();
    let who_heading = match action {
        Action::Complaint(_) => ActionWord::Respondent,
        Action::Police => ActionWord::Actor,
    };
    blocks.push(Block::Heading(who_heading.get(lang)));
    let mut who = vec![(ActionWord::Lender.get(lang), report.case.lender.clone())];
    if let Some(p) = &report.case.platform {
        who.push((ActionWord::Platform.get(lang), p.clone()));
    }
    for (word, values) in [
        (
            ActionWord::Organisations,
            unique(
                involved
                    .iter()
                    .filter_map(|c| c.contact.organisation.as_deref()),
            ),
        ),
        (
            ActionWord::Persons,
            unique(involved.iter().filter_map(|c| c.contact.person.as_deref())),
        ),
        (
            ActionWord::Numbers,
            unique(involved.iter().filter_map(|c| c.contact.number.as_deref())),
        ),
    ] {
        if !values.is_empty() {
            who.push((word.get(lang), values.join(&sep)));
        }
    }
    if involved.iter().all(|c| {
        c.contact.organisation.is_none() && c.contact.person.is_none() && c.contact.number.is_none()
    }) {
        who.push((
            ActionWord::Organisations.get(lang),
            ActionWord::Unknown.get(lang),
        ));
    }
    blocks.push(Block::Fields(who));

    // What happened, oldest first (the summary is sorted by time).
    blocks.push(Block::Heading(
        match action {
            Action::Complaint(_) => ActionWord::Facts,
            Action::Police => ActionWord::PoliceFacts,
        }
        .get(lang),
    ));
    if action == Action::Police {
        blocks.push(Block::Paragraph(ActionWord::PoliceFactsIntro.get(lang)));
    }
    let exhibit_ref = |ids: &[String]| -> String {
        let refs: Vec<String> = ids
            .iter()
            .filter_map(|id| numbers.get(id.as_str()))
            .map(|(n, name)| format!("{} {name}", exhibit_label(*n)))
            .collect();
        if refs.is_empty() {
            ActionWord::NoExhibit.get(lang)
        } else {
            refs.join("\n")
        }
    };
    let rows: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let contact = contacts.get(item.contact_id.as_str());
            let who = contact
                .map(|c| {
                    let c = &c.contact;
                    let mut parts = vec![c.channel.label(lang).to_owned()];
                    parts.extend(
                        [&c.organisation, &c.person, &c.number]
                            .into_iter()
                            .flatten()
                            .cloned(),
                    );
                    parts.join("\n")
                })
                .unwrap_or_default();
            let mut what = lang.pick(&item.reason_zh, &item.reason_en).clone();
            if let Some(q) = &item.quote {
                what.push('\n');
                what.push_str(&ActionWord::SaidLine.fill(lang, &[q]));
            }
            // The one time format of the documents: local time with its offset.
            let at = contact.map_or_else(
                || {
                    chrono::DateTime::parse_from_rfc3339(&item.at)
                        .map_or_else(|_| item.at.clone(), |t| display_time(&t))
                },
                |c| display_time(&c.contact.at),
            );
            vec![
                (n + 1).to_string(),
                at,
                who,
                what,
                lang.pick(&item.basis, &item.basis_en).clone(),
                exhibit_ref(&item.evidence_ids),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        headers: [
            ActionWord::No,
            ActionWord::Time,
            ActionWord::Who,
            ActionWord::WhatHappened,
            ActionWord::Rule,
            ActionWord::Exhibits,
        ]
        .iter()
        .map(|w| w.get(lang))
        .collect(),
        rows,
        // English citations are longer than Chinese ones; Chinese quotes longer than English.
        widths: match lang {
            Lang::Zh => vec![0.6, 1.45, 1.45, 3.0, 1.5, 1.1],
            Lang::En => vec![0.5, 1.45, 1.4, 2.5, 2.3, 1.1],
        },
    });

    match action {
        Action::Complaint(_) => {
            blocks.push(Block::Heading(ActionWord::Request.get(lang)));
            blocks.push(Block::Paragraph(ActionWord::ComplaintRequest.get(lang)));
        }
        Action::Police => {
            let harassment = report
                .violations
                .items
                .iter()
                .filter(|i| {
                    matches!(
                        i.code,
                        FlagCode::QuietHours | FlagCode::TooManyCalls | FlagCode::TooManyAttempts
                    )
                })
                .count();
            if harassment > 0 {
                blocks.push(Block::Paragraph(
                    ActionWord::Harassment.fill(lang, &[&harassment.to_string()]),
                ));
            }
            blocks.push(Block::Heading(ActionWord::Law.get(lang)));
            let order_possible = today >= public_security_2026();
            let mut law: Vec<Source> = Vec::new();
            for item in &items {
                for s in &item.sources {
                    if !law.contains(s) {
                        law.push(*s);
                    }
                }
            }
            if order_possible {
                law.push(Source::PublicSecurity50No2);
            }
            law.sort();
            for s in &law {
                blocks.push(Block::Paragraph(s.cite(lang)));
            }
            blocks.push(Block::Heading(ActionWord::PoliceRequest.get(lang)));
            blocks.push(Block::Paragraph(
                ActionWord::PoliceRequestInvestigate.get(lang),
            ));
            blocks.push(Block::Paragraph(if order_possible {
                ActionWord::PoliceRequestNoContact.get(lang)
            } else {
                ActionWord::NoContactNotYet.get(lang)
            }));
        }
    }

    // The exhibits cited: a list (number, title, kind, SHA-256, which items), then each one.
    let mut proves: Vec<(usize, Vec<usize>)> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        for id in &item.evidence_ids {
            if let Some((e, _)) = numbers.get(id.as_str()) {
                match proves.iter_mut().find(|(x, _)| x == e) {
                    Some((_, list)) => {
                        if !list.contains(&(n + 1)) {
                            list.push(n + 1);
                        }
                    }
                    None => proves.push((*e, vec![n + 1])),
                }
            }
        }
    }
    proves.sort();
    if !proves.is_empty() {
        blocks.push(Block::Heading(ActionWord::ExhibitList.get(lang)));
        let rows = proves
            .iter()
            .map(|(n, list)| {
                let e = &report.evidence[n - 1];
                let items: Vec<String> = list.iter().map(ToString::to_string).collect();
                vec![
                    exhibit_label(*n),
                    exhibit_title(e, lang),
                    e.kind.label(lang).to_owned(),
                    e.sha256.clone(),
                    ActionWord::ProvesItems.fill(lang, &[&items.join(&sep)]),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            headers: [
                ActionWord::No,
                ActionWord::ExhibitName,
                ActionWord::ExhibitKind,
                ActionWord::Hash,
                ActionWord::Proves,
            ]
            .iter()
            .map(|w| w.get(lang))
            .collect(),
            rows,
            widths: vec![0.7, 2.0, 0.9, 3.0, 1.0],
        });
        blocks.push(Block::Paragraph(ActionWord::ExhibitNote.get(lang)));
    }
    blocks.push(Block::Spacer(12.0));
    blocks.push(Block::Signature {
        lines: vec![
            ActionWord::Sign.fill(lang, &[&person.get(lang)]),
            ActionWord::SignDate.get(lang),
        ],
    });
    let cited: BTreeSet<&str> = proves
        .iter()
        .map(|(n, _)| report.evidence[n - 1].id.as_str())
        .collect();
    let items: Vec<(usize, Option<String>)> = report
        .evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| cited.contains(e.id.as_str()))
        .map(|(i, _)| (i, None))
        .collect();
    evidence_pdf::exhibit_pages_of(&mut blocks, report, exhibits, &items, true, false, lang);
    Document {
        title: title.get(lang),
        header: Some(report.case.title.clone()),
        blocks,
        lang,
    }
}

fn unique<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for v in values {
        let v = v.trim();
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_have_no_chinese_and_take_the_same_arguments() {
        let chinese = |c: char| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF08}' | '\u{FF09}' | '\u{FF1A}');
        for w in ActionWord::ALL {
            let en = w.label_en();
            assert!(!en.chars().any(chinese), "{}: {en}", w.as_str());
            assert_eq!(
                en.matches("{}").count(),
                w.label_zh().matches("{}").count(),
                "{}",
                w.as_str()
            );
        }
    }

    #[test]
    fn the_action_crosses_ipc_as_kind_and_recipient() {
        let complaint: Action =
            serde_json::from_str(r#"{"kind":"complaint","to":"central_bank"}"#).expect("parses");
        assert_eq!(
            complaint,
            Action::Complaint(ComplaintRecipient::CentralBank)
        );
        let police: Action = serde_json::from_str(r#"{"kind":"police"}"#).expect("parses");
        assert_eq!(police, Action::Police);
        assert!(serde_json::from_str::<Action>(r#"{"kind":"complaint","to":"nobody"}"#).is_err());
        assert!(serde_json::from_str::<Action>(r#"{"kind":"complaint"}"#).is_err());
        assert_eq!(
            serde_json::to_string(&Action::Complaint(ComplaintRecipient::Nifa)).expect("json"),
            r#"{"kind":"complaint","to":"nifa"}"#
        );
    }
}
