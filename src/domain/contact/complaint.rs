//! The complaint summary: the flags as counts and a dated list with the evidence behind each
//! item, and the complaint lines that fit the violations present.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::{BasisKind, ContactRecord, Flag, FlagCode};

/// How many flags of one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CodeCount {
    pub code: FlagCode,
    pub label_zh: String,
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
    pub basis: String,
    pub basis_kind: BasisKind,
    pub evidence_ids: Vec<String>,
}

/// A place to complain, with the codes present that it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ComplaintChannel {
    pub number: String,
    pub name_zh: String,
    pub name_en: String,
    pub for_zh: String,
    pub for_en: String,
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

struct ChannelSpec {
    number: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    for_zh: &'static str,
    for_en: &'static str,
    /// `None`: every code present (the regulator's line takes any violation).
    codes: Option<&'static [FlagCode]>,
}

const COMPLAINT_CHANNELS: [ChannelSpec; 5] = [
    ChannelSpec {
        number: "12378",
        name_zh: "金融监管总局消费者投诉热线",
        name_en: "Financial regulator's consumer complaint line",
        for_zh: "投诉银行、信用卡中心、消费金融公司等持牌机构及其委托的催收方的违规催收。",
        for_en: "Complaints about collection by banks, card issuers, consumer finance companies and the agencies they hire.",
        codes: None,
    },
    ChannelSpec {
        number: "12363",
        name_zh: "中国人民银行金融消费权益保护热线",
        name_en: "People's Bank of China consumer protection line",
        for_zh: "支付和征信问题；举报声称可以花钱修复或删除征信记录的人。",
        for_en: "Payment and credit-record matters; report anyone offering to repair or erase a credit record for money.",
        codes: Some(&[FlagCode::RecordErasureScam]),
    },
    ChannelSpec {
        number: "12321",
        name_zh: "网络不良与垃圾信息举报受理中心",
        name_en: "Spam and harassing call reporting centre",
        for_zh: "举报骚扰电话和垃圾短信；提交短信时保留原文，不要做任何改动。",
        for_en: "Report harassing calls and spam SMS; submit the original SMS text unedited.",
        codes: Some(&[
            FlagCode::QuietHours,
            FlagCode::TooManyCalls,
            FlagCode::TooManyAttempts,
            FlagCode::ThirdParty,
        ]),
    },
    ChannelSpec {
        number: "12368",
        name_zh: "人民法院诉讼服务热线",
        name_en: "People's court litigation service line",
        for_zh: "核实对方所称的诉讼、案件或法院文书是否真实。",
        for_en: "Check whether a claimed lawsuit, case or court document is real.",
        codes: Some(&[FlagCode::Impersonation]),
    },
    ChannelSpec {
        number: "110",
        name_zh: "公安报警电话（反诈咨询 96110）",
        name_en: "Police (anti-fraud advice line 96110)",
        for_zh: "遭到威胁、暴力，或遇到冒充公检法、诱导转账、付费消除征信等诈骗时报警。",
        for_en: "Threats or violence, impersonation of officials, and fraud such as payment demands or paid credit-record erasure.",
        codes: Some(&[
            FlagCode::Threat,
            FlagCode::Impersonation,
            FlagCode::UnofficialPayment,
            FlagCode::RecordErasureScam,
        ]),
    },
];

/// Builds the complaint summary from the records and the flags [`check`] returned for them
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
                        basis_kind: flag.basis_kind,
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
            (count > 0).then(|| CodeCount {
                code,
                label_zh: code.label_zh().to_owned(),
                count,
            })
        })
        .collect();
    let present: Vec<FlagCode> = counts.iter().map(|c| c.code).collect();

    let channels = COMPLAINT_CHANNELS
        .iter()
        .filter_map(|spec| {
            let codes: Vec<FlagCode> = present
                .iter()
                .copied()
                .filter(|code| spec.codes.is_none_or(|codes| codes.contains(code)))
                .collect();
            (!codes.is_empty()).then(|| ComplaintChannel {
                number: spec.number.to_owned(),
                name_zh: spec.name_zh.to_owned(),
                name_en: spec.name_en.to_owned(),
                for_zh: spec.for_zh.to_owned(),
                for_en: spec.for_en.to_owned(),
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
