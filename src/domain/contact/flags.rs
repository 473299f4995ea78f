//! What a violation is called ([`FlagCode`]), what its rule rests on ([`FlagCode::basis`],
//! [`BasisKind`]) and one found violation ([`Flag`]). A flag code's labels are its one name,
//! on screen, in the PDF and in the complaint text.

use serde::Serialize;

use crate::domain::named::named_enum;

named_enum! {
    /// What a flag is about. Serialized names are stable: they are stored and exported.
    pub FlagCode, "flag code", "flag" {
        /// Contact between 22:00 and 08:00 local time.
        QuietHours => "quiet_hours", "禁止时段联系", "contact in quiet hours";
        /// More than 3 answered calls in one local day.
        TooManyCalls => "too_many_calls", "每日通话过多", "too many calls in a day";
        /// More than 6 unanswered call attempts in one local day.
        TooManyAttempts => "too_many_attempts", "每日未接通呼叫过多", "too many call attempts in a day";
        /// Family, employer, contacts or friends were contacted.
        ThirdParty => "third_party", "联系第三方", "third party contacted";
        /// Claimed to be a court, the police, the government, or a court or mediation body by SMS.
        Impersonation => "impersonation", "冒用公检法或调解名义", "impersonating officials";
        /// Threats, exaggerated legal consequences, or insults.
        Threat => "threat", "威胁或侮辱", "threat or insult";
        /// Fees, deposits, or payment anywhere but the lender's own channel.
        UnofficialPayment => "unofficial_payment", "非官方渠道收款或额外收费", "unofficial payment or extra fee";
        /// Offers to erase a credit record for money.
        RecordErasureScam => "record_erasure_scam", "声称可消除征信记录", "credit-record erasure scam";
        /// Pushing the user to borrow elsewhere to pay.
        NewBorrowing => "new_borrowing", "诱导借新还旧", "pushing new borrowing";
    }
}

named_enum! {
    /// What kind of source a rule rests on. The app must always say which.
    pub BasisKind, "basis kind", "basisKind" {
        /// A statute, judicial interpretation or regulation: binding.
        Law => "law", "法律法规", "law";
        /// A recommended national standard or industry self-regulation: not binding law.
        Standard => "standard", "标准或行业自律规范", "standard or self-regulation";
    }
}

const GBT_45251: &str = "GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》";
const NIFA_2024: &str = "中国互联网金融协会《互联网金融贷后催收业务指引》（2024）";
const CBA_GUIDE: &str = "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》";
const PACT_2018: &str = "《互联网金融逾期债务催收自律公约》";

impl FlagCode {
    /// The codes found by phrase matching; a [`PhraseBook`](super::PhraseBook) must list phrases for each.
    pub const PHRASE_CODES: [FlagCode; 4] = [
        FlagCode::Threat,
        FlagCode::UnofficialPayment,
        FlagCode::RecordErasureScam,
        FlagCode::NewBorrowing,
    ];

    /// Whether this code comes from the phrase book rather than from the facts of the record.
    pub fn is_phrase_based(self) -> bool {
        FlagCode::PHRASE_CODES.contains(&self)
    }

    /// The rule the flag rests on, as cited to the user.
    pub fn basis(self) -> String {
        match self {
            FlagCode::QuietHours => format!("{GBT_45251}；{NIFA_2024}"),
            FlagCode::TooManyCalls => {
                format!("{GBT_45251}（每天有效通话不超过 3 次）；{NIFA_2024}")
            }
            FlagCode::TooManyAttempts => format!("{CBA_GUIDE}（每天未接通呼叫不超过 6 次）"),
            FlagCode::ThirdParty => {
                format!("《个人信息保护法》第10条；《民法典》第1033条；另见 {GBT_45251}")
            }
            FlagCode::Impersonation => {
                "《刑法》第279条（冒充国家机关工作人员招摇撞骗）；《民事诉讼法》第90条（电子送达须经受送达人同意）".to_owned()
            }
            FlagCode::Threat => {
                format!("《治安管理处罚法》（威胁、侮辱他人）；《刑法》第293条之一（催收非法债务罪）；{PACT_2018}")
            }
            FlagCode::UnofficialPayment => format!("{PACT_2018}第19条"),
            FlagCode::RecordErasureScam => {
                "《征信业管理条例》第16条（不良信息保存 5 年）".to_owned()
            }
            FlagCode::NewBorrowing => format!("{GBT_45251}；{PACT_2018}"),
        }
    }

    /// Whether [`FlagCode::basis`] is binding law or a standard.
    pub fn basis_kind(self) -> BasisKind {
        match self {
            FlagCode::ThirdParty
            | FlagCode::Impersonation
            | FlagCode::Threat
            | FlagCode::RecordErasureScam => BasisKind::Law,
            FlagCode::QuietHours
            | FlagCode::TooManyCalls
            | FlagCode::TooManyAttempts
            | FlagCode::UnofficialPayment
            | FlagCode::NewBorrowing => BasisKind::Standard,
        }
    }
}

/// One problem found in one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Flag {
    pub code: FlagCode,
    pub reason_zh: String,
    pub reason_en: String,
    pub basis: String,
    pub basis_kind: BasisKind,
    /// The phrase or fact that triggered it.
    pub matched: Option<String>,
}

impl Flag {
    pub(crate) fn new(
        code: FlagCode,
        reason_zh: String,
        reason_en: String,
        matched: Option<String>,
    ) -> Flag {
        Flag {
            code,
            reason_zh,
            reason_en,
            basis: code.basis(),
            basis_kind: code.basis_kind(),
            matched,
        }
    }
}
