//! What a violation is called ([`FlagCode`]), what its rule rests on ([`FlagCode::sources`])
//! and one found violation ([`Flag`]). A flag code's labels are its one name,
//! on screen, in the PDF and in the complaint text.

use chrono::NaiveDate;
use serde::Serialize;

use super::sources::{BasisKind, Source, cba_2026_published, gbt_45251_in_force};
use crate::domain::Lang;
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

    /// The rules a flag of this code rests on for an event on `on`, strongest first; empty when
    /// no confirmed rule covered that day (the flag is then not raised). `illegal_debt`: the
    /// debt itself is illegal (高利放贷等), the only case where 刑法 293-1 is cited.
    pub fn sources(self, on: NaiveDate, illegal_debt: bool) -> Vec<Source> {
        let standard = Source::collection_standard_on(on);
        let gbt = (on >= gbt_45251_in_force()).then_some(Source::Gbt45251);
        match self {
            FlagCode::QuietHours | FlagCode::TooManyCalls => standard.into_iter().collect(),
            FlagCode::TooManyAttempts => {
                if on >= cba_2026_published() {
                    vec![Source::Cba2026]
                } else {
                    Vec::new()
                }
            }
            FlagCode::ThirdParty => [
                Some(Source::PersonalInfo10),
                Some(Source::CivilCode1033),
                gbt,
            ]
            .into_iter()
            .flatten()
            .collect(),
            FlagCode::Impersonation => vec![Source::Criminal279, Source::CivilProcedure90],
            FlagCode::Threat => {
                let mut out = vec![Source::public_security_on(on)];
                if illegal_debt {
                    out.push(Source::Criminal293a);
                }
                out.push(Source::Pact2018);
                out
            }
            FlagCode::UnofficialPayment => vec![Source::Pact2018],
            FlagCode::RecordErasureScam => vec![Source::CreditRegulation16],
            FlagCode::NewBorrowing => gbt.into_iter().chain([Source::Pact2018]).collect(),
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
    /// The rules cited, each with its kind, in Chinese.
    pub basis: String,
    /// The same in English.
    pub basis_en: String,
    /// The kind of the first (strongest) rule cited.
    pub basis_kind: BasisKind,
    /// The rules cited, strongest first.
    pub sources: Vec<Source>,
    /// The phrase or fact that triggered it (a keyword, a time): for the screen, never quoted
    /// as what was said.
    pub matched: Option<String>,
    /// What was said, as recorded: the whole sentence (or the whole short quote, line breaks
    /// kept) where the phrase was found. `None` when the flag is about facts, not words.
    pub quote: Option<String>,
}

impl Flag {
    /// A flag citing `sources`; `None` when no rule covered the day (`sources` empty).
    pub(crate) fn new(
        code: FlagCode,
        sources: Vec<Source>,
        reason_zh: String,
        reason_en: String,
        matched: Option<String>,
    ) -> Option<Flag> {
        let first = *sources.first()?;
        Some(Flag {
            code,
            reason_zh,
            reason_en,
            basis: Source::cite_all(&sources, Lang::Zh),
            basis_en: Source::cite_all(&sources, Lang::En),
            basis_kind: first.kind(),
            sources,
            matched,
            quote: None,
        })
    }

    pub(crate) fn with_quote(mut self, quote: Option<String>) -> Flag {
        self.quote = quote;
        self
    }

    /// The rules cited, in `lang`.
    pub fn basis_in(&self, lang: Lang) -> &str {
        lang.pick(&self.basis, &self.basis_en)
    }
}
