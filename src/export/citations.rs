//! The rules behind flags and deadlines, cited in the PDF's language.
//!
//! The Chinese citations are the domain's ([`FlagCode::basis`], [`Deadline::basis`]) and are
//! printed as they are. The English forms live here until the domain carries them beside the
//! Chinese: each is keyed by the same code, so a new code fails to compile here, not silently.

use crate::domain::Lang;
use crate::domain::contact::FlagCode;
use crate::domain::deadline::{Deadline, DeadlineKind, LegalEventKind};

const GBT_45251: &str = "GB/T 45251-2025 (Internet finance: post-loan collection risk-control guideline for personal online consumer credit)";
const NIFA_2024: &str = "NIFA Post-loan Collection Guideline for Internet Finance (2024)";
const CBA_GUIDE: &str =
    "China Banking Association Guideline on Collecting Personal Consumer Loans (trial)";
const PACT_2018: &str =
    "Self-regulatory Convention on Collecting Overdue Internet Finance Debts (2018)";

/// The rule a flag rests on.
pub fn flag_basis(code: FlagCode, lang: Lang) -> String {
    match lang {
        Lang::Zh => code.basis(),
        Lang::En => match code {
            FlagCode::QuietHours => format!("{GBT_45251}; {NIFA_2024}"),
            FlagCode::TooManyCalls => {
                format!("{GBT_45251} (at most 3 connected calls a day); {NIFA_2024}")
            }
            FlagCode::TooManyAttempts => {
                format!("{CBA_GUIDE} (at most 6 unanswered calls a day)")
            }
            FlagCode::ThirdParty => format!(
                "Personal Information Protection Law art. 10; Civil Code art. 1033; see also {GBT_45251}"
            ),
            FlagCode::Impersonation => "Criminal Law art. 279 (impersonating a state official); Civil Procedure Law art. 90 (electronic service needs the recipient's consent)".to_owned(),
            FlagCode::Threat => format!(
                "Public Security Administration Punishments Law (threats, insults); Criminal Law art. 293-1 (collecting illegal debts); {PACT_2018}"
            ),
            FlagCode::UnofficialPayment => format!("{PACT_2018} art. 19"),
            FlagCode::RecordErasureScam => {
                "Regulation on the Administration of Credit Investigation Industry art. 16 (negative records kept 5 years)".to_owned()
            }
            FlagCode::NewBorrowing => format!("{GBT_45251}; {PACT_2018}"),
        },
    }
}

/// The article a deadline comes from.
pub fn deadline_basis(d: &Deadline, lang: Lang) -> String {
    match lang {
        Lang::Zh => d.basis.clone(),
        Lang::En => deadline_basis_en(d.kind, d.counts_from.kind).to_owned(),
    }
}

fn deadline_basis_en(kind: DeadlineKind, from: LegalEventKind) -> &'static str {
    match kind {
        DeadlineKind::Defence => "Civil Procedure Law art. 128",
        DeadlineKind::JurisdictionObjection => "Civil Procedure Law art. 130",
        DeadlineKind::Appeal | DeadlineKind::AppealRuling => "Civil Procedure Law art. 171",
        DeadlineKind::PaymentOrderObjection => "Civil Procedure Law art. 227",
        DeadlineKind::JudicialConfirmation => "Civil Procedure Law art. 205",
        DeadlineKind::MediationPeriodEnd => {
            "SPC Rules on Online Mediation (Fa Shi [2021] No. 23) art. 24; SPC Provisions on Specially Invited Mediation art. 27"
        }
        DeadlineKind::Hearing => "Civil Procedure Law art. 139",
        DeadlineKind::EnforcementApplication => "Civil Procedure Law art. 250",
        DeadlineKind::Limitation => match from {
            LegalEventKind::LastInstallmentDue => "Civil Code arts. 188, 189",
            _ => "Civil Code arts. 188, 195",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_citations_have_no_han_characters() {
        let han = |s: &str| {
            s.chars()
                .any(|c| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'))
        };
        for code in FlagCode::ALL {
            assert!(!han(&flag_basis(code, Lang::En)), "{code}");
        }
        for kind in DeadlineKind::ALL {
            for from in LegalEventKind::ALL {
                assert!(!han(deadline_basis_en(kind, from)), "{kind} from {from}");
            }
        }
    }
}
