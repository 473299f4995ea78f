//! The complaint summary: the flags as counts and a dated list with the evidence behind each
//! item, and the complaint lines that fit the violations present.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::{BasisKind, ContactRecord, Flag, FlagCode, Source};
use crate::domain::named::named_enum;

/// How many flags of one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CodeCount {
    pub code: FlagCode,
    pub count: usize,
}

/// One violation in the dated list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ViolationItem {
    pub contact_id: String,
    /// RFC 3339, in the record's own offset.
    pub at: String,
    pub code: FlagCode,
    pub reason_zh: String,
    pub reason_en: String,
    /// The rules cited, each with its kind, in Chinese and in English.
    pub basis: String,
    pub basis_en: String,
    pub basis_kind: BasisKind,
    pub sources: Vec<Source>,
    /// What was said, as recorded (the whole sentence, line breaks kept); `None` for flags
    /// about facts (a time, a count, who was contacted).
    pub quote: Option<String>,
    pub evidence_ids: Vec<String>,
}

/// A place to complain, with the codes present that it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ComplaintChannel {
    /// Which line; its name and scope are the labels of [`ComplaintLine`] and [`ComplaintScope`].
    pub line: ComplaintLine,
    pub number: String,
    pub codes: Vec<FlagCode>,
}

/// The complaint summary: counts, a dated list with evidence, and where to complain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ViolationSummary {
    pub total: usize,
    pub counts: Vec<CodeCount>,
    pub items: Vec<ViolationItem>,
    pub channels: Vec<ComplaintChannel>,
}

named_enum! {
    /// A public line to complain to or check with; its label is the line's name.
    pub ComplaintLine, "complaint line", "complaintLine" {
        Regulator => "regulator", "金融监管总局消费者投诉热线", "Financial regulator's consumer complaint line";
        CentralBank => "central_bank", "中国人民银行金融消费权益保护热线", "People's Bank of China consumer protection line";
        SpamReport => "spam_report", "网络不良与垃圾信息举报受理中心", "Spam and harassing call reporting centre";
        CourtService => "court_service", "人民法院诉讼服务热线", "People's court litigation service line";
        Police => "police", "公安报警电话（反诈咨询 96110）", "Police (anti-fraud advice line 96110)";
    }
}

named_enum! {
    /// What a [`ComplaintLine`] is for, with the same codes: one sentence per line.
    pub ComplaintScope, "complaint scope", "complaintScope" {
        Regulator => "regulator", "投诉银行、信用卡中心、消费金融公司等持牌机构及其委托的催收方的违规催收。", "Complaints about collection by banks, card issuers, consumer finance companies and the agencies they hire.";
        CentralBank => "central_bank", "支付和征信问题；举报声称可以花钱修复或删除征信记录的人。", "Payment and credit-record matters; report anyone offering to repair or erase a credit record for money.";
        SpamReport => "spam_report", "举报骚扰电话和垃圾短信；提交短信时保留原文，不要做任何改动。", "Report harassing calls and spam SMS; submit the original SMS text unedited.";
        CourtService => "court_service", "核实对方所称的诉讼、案件或法院文书是否真实。", "Check whether a claimed lawsuit, case or court document is real.";
        Police => "police", "遭到威胁、暴力，或遇到冒充公检法、诱导转账、付费消除征信等诈骗时报警。", "Threats or violence, impersonation of officials, and fraud such as payment demands or paid credit-record erasure.";
    }
}

named_enum! {
    /// Who a complaint (投诉材料) is addressed to; its label names the body and its line.
    pub ComplaintRecipient, "complaint recipient", "complaintRecipient" {
        Regulator => "regulator", "国家金融监督管理总局（消费者投诉热线 12378）", "National Financial Regulatory Administration (consumer line 12378)";
        CentralBank => "central_bank", "中国人民银行（金融消费权益保护热线 12363）", "People's Bank of China (consumer protection line 12363)";
        /// The association's own complaint channel; no phone number is given here.
        Nifa => "nifa", "中国互联网金融协会", "National Internet Finance Association of China";
    }
}

impl ComplaintLine {
    /// The phone number to call.
    pub fn number(self) -> &'static str {
        match self {
            ComplaintLine::Regulator => "12378",
            ComplaintLine::CentralBank => "12363",
            ComplaintLine::SpamReport => "12321",
            ComplaintLine::CourtService => "12368",
            ComplaintLine::Police => "110",
        }
    }

    /// What the line is for.
    pub fn scope(self) -> ComplaintScope {
        match self {
            ComplaintLine::Regulator => ComplaintScope::Regulator,
            ComplaintLine::CentralBank => ComplaintScope::CentralBank,
            ComplaintLine::SpamReport => ComplaintScope::SpamReport,
            ComplaintLine::CourtService => ComplaintScope::CourtService,
            ComplaintLine::Police => ComplaintScope::Police,
        }
    }

    /// The flag codes the line is for; `None`: every code (the regulator takes any violation).
    fn codes(self) -> Option<&'static [FlagCode]> {
        match self {
            ComplaintLine::Regulator => None,
            ComplaintLine::CentralBank => Some(&[FlagCode::RecordErasureScam]),
            ComplaintLine::SpamReport => Some(&[
                FlagCode::QuietHours,
                FlagCode::TooManyCalls,
                FlagCode::TooManyAttempts,
                FlagCode::ThirdParty,
            ]),
            ComplaintLine::CourtService => Some(&[FlagCode::Impersonation]),
            ComplaintLine::Police => Some(&[
                FlagCode::Threat,
                FlagCode::Impersonation,
                FlagCode::UnofficialPayment,
                FlagCode::RecordErasureScam,
            ]),
        }
    }
}

/// Builds the complaint summary from the records and the flags [`check`](super::check) returned for them
/// (paired by position).
pub fn summarize(records: &[ContactRecord], flags: &[Vec<Flag>]) -> ViolationSummary {
    let mut items: Vec<(DateTime<FixedOffset>, ViolationItem)> = records
        .iter()
        .zip(flags)
        .flat_map(|(record, flags)| {
            flags.iter().map(move |flag| {
                (
                    record.at,
                    ViolationItem {
                        contact_id: record.id.clone(),
                        at: record.at.to_rfc3339(),
                        code: flag.code,
                        reason_zh: flag.reason_zh.clone(),
                        reason_en: flag.reason_en.clone(),
                        basis: flag.basis.clone(),
                        basis_en: flag.basis_en.clone(),
                        basis_kind: flag.basis_kind,
                        sources: flag.sources.clone(),
                        quote: flag.quote.clone(),
                        evidence_ids: record.evidence_ids.clone(),
                    },
                )
            })
        })
        .collect();
    // Stable: same instant keeps input order, and within a record the check's code order.
    items.sort_by_key(|(at, _)| *at);
    let items: Vec<ViolationItem> = items.into_iter().map(|(_, item)| item).collect();

    let counts: Vec<CodeCount> = FlagCode::ALL
        .into_iter()
        .filter_map(|code| {
            let count = items.iter().filter(|item| item.code == code).count();
            (count > 0).then_some(CodeCount { code, count })
        })
        .collect();
    let present: Vec<FlagCode> = counts.iter().map(|c| c.code).collect();

    let channels = ComplaintLine::ALL
        .into_iter()
        .filter_map(|line| {
            let codes: Vec<FlagCode> = present
                .iter()
                .copied()
                .filter(|code| line.codes().is_none_or(|codes| codes.contains(code)))
                .collect();
            (!codes.is_empty()).then(|| ComplaintChannel {
                line,
                number: line.number().to_owned(),
                codes,
            })
        })
        .collect();

    ViolationSummary {
        total: items.len(),
        counts,
        items,
        channels,
    }
}
