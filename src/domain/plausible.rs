//! Plausibility: amounts that are possible but far more likely a typing slip than the truth.
//!
//! An evidence log must not take a wrong figure silently, nor refuse a true one. So an amount
//! that fails these checks is not an error of form: it is saved only once the user confirms it
//! (the UI asks in a dialog, the CLI wants `--yes`). Each check returns why it doubts the
//! amount, as a stable code the UI words and a plain message.

use super::{Lang, Money};

/// The largest principal, received amount, claimed figure or agreement total taken without a
/// confirmation: 1,000,000 元 (100 万元), in 分.
///
/// Why this bound: CaseFile is for a person behind on consumer loans from online platforms,
/// where one loan is commonly a few thousand to some tens of thousands of 元. A figure above
/// 100 万元 for one such debt is far more likely an extra zero or two (or 元 typed as 分 the
/// other way round) than a real loan, while a real one that large can still be saved after one
/// confirmation. This is a choice of the program, not a legal limit.
pub const PLAUSIBLE_MAX_FEN: i64 = 100_000_000;

/// Why an amount needs the user's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// Above [`PLAUSIBLE_MAX_FEN`]; `field` names the figure ("principal", "total" …).
    AboveBound { field: &'static str, amount: Money },
    /// A payment above what the agreement still leaves to pay.
    PaymentAboveRemaining { amount: Money, remaining: Money },
}

impl Doubt {
    /// The message shown to the user; it says what to check and how to confirm.
    pub fn message(&self) -> String {
        match self {
            Doubt::AboveBound { field, amount } => format!(
                "the {field} of {} is more than {} — please check the digits. If it is right, confirm to save it (CLI: add --yes)",
                amount.yuan(Lang::Zh),
                Money::from_fen(PLAUSIBLE_MAX_FEN).yuan(Lang::Zh)
            ),
            Doubt::PaymentAboveRemaining { amount, remaining } => format!(
                "a payment of {} is more than the {} the agreement still leaves to pay — please check the amount. If you did pay that much, confirm to save it (CLI: add --yes)",
                amount.yuan(Lang::Zh),
                remaining.yuan(Lang::Zh)
            ),
        }
    }
}

/// Doubts an amount above [`PLAUSIBLE_MAX_FEN`].
pub fn check_amount(field: &'static str, amount: Money) -> Option<Doubt> {
    (amount.fen() > PLAUSIBLE_MAX_FEN).then_some(Doubt::AboveBound { field, amount })
}

/// Doubts a payment larger than what remains to be paid (`remaining_fen`, 分, at least 0).
pub fn check_payment(amount: Money, remaining_fen: i64) -> Option<Doubt> {
    (amount.fen() > remaining_fen.max(0)).then(|| Doubt::PaymentAboveRemaining {
        amount,
        remaining: Money::from_fen(remaining_fen.max(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_figures_are_doubted() {
        // 800 亿元 as a principal; 99,999,999 元 against a 6,800 元 agreement.
        let principal = Money::from_fen(8_000_000_000_000);
        assert!(matches!(
            check_amount("principal", principal),
            Some(Doubt::AboveBound { .. })
        ));
        let pay = Money::from_fen(9_999_999_900);
        let doubt = check_payment(pay, 680_000).unwrap();
        assert!(
            doubt.message().contains("6800.00 元"),
            "{}",
            doubt.message()
        );
    }

    #[test]
    fn ordinary_figures_pass() {
        assert_eq!(check_amount("principal", Money::from_fen(800_000)), None);
        assert_eq!(
            check_amount("principal", Money::from_fen(PLAUSIBLE_MAX_FEN)),
            None
        );
        assert!(check_amount("principal", Money::from_fen(PLAUSIBLE_MAX_FEN + 1)).is_some());
        // Paying exactly what remains is the last payment, not a slip.
        assert_eq!(check_payment(Money::from_fen(680_000), 680_000), None);
        assert!(check_payment(Money::from_fen(680_001), 680_000).is_some());
        // Nothing remains: any further payment is doubted.
        assert!(check_payment(Money::from_fen(1), 0).is_some());
    }
}
