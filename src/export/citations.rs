//! The rules behind deadlines, cited in the PDF's language. (Flags carry their citations in
//! both languages, each with its kind: [`crate::domain::contact::Source`].)
//!
//! The Chinese citations are the domain's ([`Deadline::basis`]) and are printed as they are.
//! The English forms live here until the domain carries them beside the Chinese: each is keyed
//! by the same code, so a new code fails to compile here, not silently.

use crate::domain::Lang;
use crate::domain::deadline::{Deadline, DeadlineKind, LegalEventKind};

/// The article a deadline comes from.
pub fn deadline_basis(d: &Deadline, lang: Lang) -> String {
    match lang {
        Lang::Zh => d.basis.clone(),
        Lang::En if d.period_from_notice => "The period set in the court's notice (SPC interpretation of the Civil Procedure Law, arts. 266, 275; Civil Procedure Law arts. 128, 130)".to_owned(),
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
    use crate::domain::contact::Source;

    #[test]
    fn english_citations_have_no_han_characters() {
        let han = |s: &str| {
            s.chars()
                .any(|c| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'))
        };
        for source in Source::ALL {
            assert!(!han(&source.cite(Lang::En)), "{source}");
        }
        for kind in DeadlineKind::ALL {
            for from in LegalEventKind::ALL {
                assert!(!han(deadline_basis_en(kind, from)), "{kind} from {from}");
            }
        }
    }
}
