//! 证明目的: what a piece of evidence is offered to prove (民事证据规定 2019 第19条 asks for it
//! beside each item of a 证据目录).
//!
//! The user writes it; until they do, [`suggest`] offers a sentence from the item's kind and the
//! flags of the contacts it is linked to. A suggestion never claims more than the item and the
//! contact log show: it says what the item records and, for flags, that the contact log marks
//! them — the court decides what is proved.

use super::contact::FlagCode;
use super::{EvidenceKind, Lang};

/// A suggested 证明目的 for an item of `kind` linked to contacts carrying `flags` (repeats are
/// said once, in the order given), in `lang`. Exports and the app label it as a suggestion
/// (建议) wherever it stands in for one the user has not written.
#[must_use]
pub fn suggest(kind: EvidenceKind, flags: &[FlagCode], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let base = match kind {
        EvidenceKind::Contract => lang.pick(
            "证明借款合同的约定内容（金额、利率、期限以合同所载为准）",
            "shows the terms of the loan agreement (amount, rate and term as the agreement states them)",
        ),
        EvidenceKind::Repayment => lang.pick(
            "证明已还款的金额和时间（以凭证所载为准）",
            "shows the amount and time of a repayment (as the receipt states them)",
        ),
        EvidenceKind::Recording => lang.pick(
            "证明通话或录音中对方所说的内容",
            "shows what the other side said in the call or recording",
        ),
        EvidenceKind::Sms | EvidenceKind::Chat | EvidenceKind::Screenshot => lang.pick(
            "证明截图或消息所显示的内容",
            "shows the content of the messages or screen captured",
        ),
        EvidenceKind::Photo => lang.pick("证明照片所示的情况", "shows what the photo shows"),
        EvidenceKind::Notice => lang.pick(
            "证明收到该通知或文书及其内容",
            "shows that the notice or document was received and what it says",
        ),
        EvidenceKind::Id => lang.pick("证明当事人的身份", "shows the person's identity"),
        EvidenceKind::Income => lang.pick(
            "证明当事人的收入情况",
            "shows the person's income",
        ),
        EvidenceKind::Other => lang.pick("证明文件所载的内容", "shows what the file contains"),
    };
    let mut seen: Vec<FlagCode> = Vec::new();
    for f in flags {
        if !seen.contains(f) {
            seen.push(*f);
        }
    }
    if seen.is_empty() {
        return base.to_string();
    }
    let labels: Vec<&str> = seen.iter().map(|f| f.label(lang)).collect();
    if zh {
        format!("{base}；联系记录标记其涉及：{}", labels.join("、"))
    } else {
        format!("{base}; the contact log marks it as: {}", labels.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recording_of_a_flagged_contact_names_the_flags_once() {
        let flags = [FlagCode::Threat, FlagCode::QuietHours, FlagCode::Threat];
        let zh = suggest(EvidenceKind::Recording, &flags, Lang::Zh);
        assert!(zh.contains("通话"), "{zh}");
        assert!(zh.contains(FlagCode::Threat.label(Lang::Zh)), "{zh}");
        assert!(zh.contains(FlagCode::QuietHours.label(Lang::Zh)), "{zh}");
        assert_eq!(
            zh.matches(FlagCode::Threat.label(Lang::Zh)).count(),
            1,
            "{zh}"
        );
        assert!(
            zh.contains("联系记录标记"),
            "says where the flag comes from: {zh}"
        );
        let en = suggest(EvidenceKind::Recording, &flags, Lang::En);
        assert!(en.contains(FlagCode::Threat.label(Lang::En)), "{en}");
        assert!(
            !en.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
            "{en}"
        );
    }

    #[test]
    fn without_flags_it_says_only_what_the_kind_records() {
        for kind in EvidenceKind::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let s = suggest(kind, &[], lang);
                assert!(!s.is_empty());
                assert!(!s.contains("联系记录") && !s.contains("contact log"), "{s}");
            }
        }
        assert_ne!(
            suggest(EvidenceKind::Contract, &[], Lang::Zh),
            suggest(EvidenceKind::Repayment, &[], Lang::Zh)
        );
    }
}
