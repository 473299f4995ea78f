//! Repayment plan proposals to bring to mediation.
//!
//! Every option is a 停息分期 proposal: the outstanding amount (less whatever the option asks the
//! creditor to waive) is split into equal monthly payments with no new interest during the plan.
//! Whether the creditor accepts is the creditor's choice; see [`NOTES_ZH`] / [`NOTES_EN`].
//!
//! Money is integer 分 (fen) throughout.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::named::named_enum;

/// Month counts proposed when the caller gives none.
pub const DEFAULT_MONTHS: [u32; 3] = [12, 24, 36];
/// Longest plan proposed. Typical mediation proposals run 12–36 months; for credit cards a bank
/// may agree a personalised plan of up to 5 years, but that is the bank's choice, not a right.
pub const MAX_MONTHS: u32 = 60;

/// Notes to show with every set of proposals; `NOTES_ZH[i]` and `NOTES_EN[i]` say the same.
pub const NOTES_ZH: [&str; 4] = [
    "以下方案均为停息分期：分期期间不再计收新的利息、罚息和费用，每月等额还款（尾差按分摊入前几期）。是否同意由债权人决定。",
    "\"停息挂账\"不是法律术语；信用卡个性化分期最长5年由银行自行决定，不是借款人的权利。",
    "承认欠款或承诺还款会使诉讼时效重新计算（民法典第195条）；调解中为达成协议作出的让步，不能在后续诉讼中作为对己不利的证据（民诉法解释第107条）。",
    "月供不应超过收入减去必要开支后的可支配金额，否则方案难以履行。",
];

/// English versions of [`NOTES_ZH`].
pub const NOTES_EN: [&str; 4] = [
    "Every option is a no-new-interest instalment plan (停息分期): no new interest, penalties or \
     fees during the plan, equal monthly payments (the odd fen go into the first months). \
     Whether to accept is the creditor's choice.",
    "\"停息挂账\" is not a legal term; a personalised credit-card plan of up to 5 years is the \
     bank's choice, not the borrower's right.",
    "Acknowledging the debt or promising to pay restarts the limitation period (Civil Code art. \
     195); concessions made in mediation to reach agreement cannot be used against you later \
     (民诉法解释 art. 107).",
    "The monthly payment should not exceed income minus essential expenses, or the plan is hard \
     to keep.",
];

/// The outstanding amounts as last claimed by the creditor, and the borrower's monthly budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanInput {
    pub principal_fen: i64,
    pub interest_fen: i64,
    pub penalties_fen: i64,
    pub fees_fen: i64,
    pub monthly_income_fen: i64,
    pub essential_expenses_fen: i64,
}

named_enum! {
    /// What the proposal asks the creditor to waive.
    pub Waiver, "waiver", "waiver" {
        /// Pay everything claimed.
        None => "none", "全额还款（不减免）", "Pay everything claimed";
        /// Waive penalties and fees; pay principal and interest.
        PenaltiesAndFees => "penalties_and_fees", "减免罚息和费用，偿还本金和利息", "Waive penalties and fees; pay principal and interest";
        /// Waive interest, penalties and fees; pay principal only.
        InterestPenaltiesFees => "interest_penalties_fees", "减免利息、罚息和费用，只还本金", "Waive interest, penalties and fees; principal only";
    }
}

impl Waiver {
    /// The amount to repay under this waiver.
    fn total(self, input: &PlanInput) -> Option<i64> {
        let p = input.principal_fen;
        match self {
            Waiver::None => p
                .checked_add(input.interest_fen)?
                .checked_add(input.penalties_fen)?
                .checked_add(input.fees_fen),
            Waiver::PenaltiesAndFees => p.checked_add(input.interest_fen),
            Waiver::InterestPenaltiesFees => Some(p),
        }
    }
}

/// One proposal: a month count and a waiver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanOption {
    pub months: u32,
    pub waiver: Waiver,
    pub total_fen: i64,
    /// One per month; all equal except that the remainder is spread one fen at a time over the
    /// first months, so the sum is exactly `total_fen`.
    pub payments_fen: Vec<i64>,
    /// The largest monthly payment.
    pub monthly_fen: i64,
    /// Income minus essential expenses (may be negative).
    pub disposable_fen: i64,
    /// `monthly_fen <= disposable_fen`.
    pub affordable: bool,
    /// `monthly_fen` as a percentage of `disposable_fen`, 2 decimals; `None` when nothing is
    /// disposable.
    pub share_of_disposable_percent: Option<f64>,
    /// How hard the monthly payment is to keep (see [`Affordability::of`]).
    pub affordability: Affordability,
}

named_enum! {
    /// How hard a monthly payment is to keep up, by its share of the disposable income. The
    /// label is the reason shown beside the plan.
    pub Affordability, "affordability", "affordability" {
        Comfortable => "comfortable", "月供不超过可支配收入的 60%，留有余地应付意外开支", "The payment is at most 60% of what is left after essentials, leaving room for the unexpected";
        Tight => "tight", "月供占可支配收入的 60%–80%，偏紧：一笔意外开支就可能断供", "The payment takes 60–80% of what is left after essentials: tight, one unexpected bill could break it";
        Strained => "strained", "月供超过可支配收入的 80%，很难长期坚持，断供会让协议失效；考虑更长的期数或争取减免", "The payment takes more than 80% of what is left after essentials: hard to keep up, and missing one can void the agreement; consider more months or a reduction";
        Unaffordable => "unaffordable", "月供超过收入减去必要开支后的金额，无法履行", "The payment is more than income minus essential expenses: it cannot be kept";
    }
}

impl Affordability {
    /// The band of `monthly_fen` against `disposable_fen`: at most 60 % comfortable, up to
    /// 80 % tight, up to 100 % strained, above (or nothing disposable) unaffordable. The
    /// bands follow the usual advice that a debt plan leave a margin for the unexpected; they
    /// are the program's choice, not a legal rule. Integer arithmetic, no rounding.
    pub fn of(monthly_fen: i64, disposable_fen: i64) -> Affordability {
        let m = i128::from(monthly_fen) * 100;
        let d = i128::from(disposable_fen);
        if disposable_fen <= 0 || monthly_fen > disposable_fen {
            Affordability::Unaffordable
        } else if m <= d * 60 {
            Affordability::Comfortable
        } else if m <= d * 80 {
            Affordability::Tight
        } else {
            Affordability::Strained
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanError {
    #[error(
        "{field} must not be negative (got {value} fen): enter the amount as a positive number"
    )]
    NegativeAmount { field: &'static str, value: i64 },
    #[error("a plan needs at least 1 month: remove the 0 from the month counts")]
    ZeroMonths,
    #[error(
        "{0} months is longer than the {MAX_MONTHS}-month maximum: mediation plans usually run \
         12-36 months, and even a credit-card plan of up to 5 years is the bank's choice"
    )]
    TooManyMonths(u32),
    #[error("the amounts are too large to add up: check for extra digits")]
    Overflow,
}

/// Proposals for each month count (default [`DEFAULT_MONTHS`] when `months` is empty) and each
/// [`Waiver`], in that order (months outer, waiver inner). Duplicate month counts are skipped.
pub fn propose(input: &PlanInput, months: &[u32]) -> Result<Vec<PlanOption>, PlanError> {
    for (field, value) in [
        ("principal", input.principal_fen),
        ("interest", input.interest_fen),
        ("penalties", input.penalties_fen),
        ("fees", input.fees_fen),
        ("monthly income", input.monthly_income_fen),
        ("essential expenses", input.essential_expenses_fen),
    ] {
        if value < 0 {
            return Err(PlanError::NegativeAmount { field, value });
        }
    }
    let months: &[u32] = if months.is_empty() {
        &DEFAULT_MONTHS
    } else {
        months
    };
    for &m in months {
        if m == 0 {
            return Err(PlanError::ZeroMonths);
        }
        if m > MAX_MONTHS {
            return Err(PlanError::TooManyMonths(m));
        }
    }
    // Both are non-negative, so the difference cannot overflow.
    let disposable_fen = input.monthly_income_fen - input.essential_expenses_fen;

    let mut seen: Vec<u32> = Vec::with_capacity(months.len());
    let mut out = Vec::with_capacity(months.len() * Waiver::ALL.len());
    for &m in months {
        if seen.contains(&m) {
            continue;
        }
        seen.push(m);
        for waiver in Waiver::ALL {
            let total_fen = waiver.total(input).ok_or(PlanError::Overflow)?;
            let payments_fen = split_evenly(total_fen, m);
            let monthly_fen = payments_fen.iter().copied().max().unwrap_or(0);
            let share_of_disposable_percent = (disposable_fen > 0).then(|| {
                let pct = monthly_fen as f64 * 100.0 / disposable_fen as f64;
                (pct * 100.0).round() / 100.0
            });
            out.push(PlanOption {
                months: m,
                waiver,
                total_fen,
                payments_fen,
                monthly_fen,
                disposable_fen,
                affordable: monthly_fen <= disposable_fen,
                share_of_disposable_percent,
                affordability: Affordability::of(monthly_fen, disposable_fen),
            });
        }
    }
    Ok(out)
}

/// `total` (≥ 0) split into `months` (≥ 1) payments differing by at most one fen, larger first.
fn split_evenly(total: i64, months: u32) -> Vec<i64> {
    let n = i64::from(months);
    let base = total / n;
    let extra = total % n;
    (0..n).map(|i| base + i64::from(i < extra)).collect()
}

/// Due dates for `option`: the first on `first_due`, then monthly on the same day of the month;
/// in shorter months the payment falls on the last day (31 Jan → 29 Feb → 31 Mar).
pub fn schedule(option: &PlanOption, first_due: NaiveDate) -> Vec<(NaiveDate, i64)> {
    option
        .payments_fen
        .iter()
        .enumerate()
        .map(|(i, &amount)| {
            let due = u32::try_from(i)
                .ok()
                .and_then(|i| first_due.checked_add_months(Months::new(i)))
                .unwrap_or(NaiveDate::MAX);
            (due, amount)
        })
        .collect()
}

/// The plan the user proposes, with the figures it was computed from. Only integer figures are
/// kept: the chain carries integers, never floating-point numbers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanChoice {
    pub id: String,
    pub input: PlanInput,
    pub option: ChosenPlan,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChosenPlan {
    pub months: u32,
    pub waiver: Waiver,
    pub total_fen: i64,
    pub monthly_fen: i64,
    pub payments_fen: Vec<i64>,
}

impl From<PlanOption> for ChosenPlan {
    fn from(o: PlanOption) -> Self {
        ChosenPlan {
            months: o.months,
            waiver: o.waiver,
            total_fen: o.total_fen,
            monthly_fen: o.monthly_fen,
            payments_fen: o.payments_fen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn input() -> PlanInput {
        PlanInput {
            principal_fen: 1_000_001,        // 10,000.01
            interest_fen: 123_457,           // 1,234.57
            penalties_fen: 45_678,           // 456.78
            fees_fen: 9_999,                 // 99.99
            monthly_income_fen: 600_000,     // 6,000.00
            essential_expenses_fen: 450_000, // 4,500.00
        }
    }

    fn find(opts: &[PlanOption], months: u32, waiver: Waiver) -> &PlanOption {
        opts.iter()
            .find(|o| o.months == months && o.waiver == waiver)
            .unwrap()
    }

    #[test]
    fn totals_add_up_to_the_fen() {
        let opts = propose(&input(), &[]).unwrap();
        assert_eq!(opts.len(), 9);
        for o in &opts {
            assert_eq!(o.payments_fen.len() as u32, o.months);
            assert_eq!(o.payments_fen.iter().sum::<i64>(), o.total_fen, "{o:?}");
            let min = *o.payments_fen.iter().min().unwrap();
            assert!(o.monthly_fen - min <= 1);
            assert_eq!(o.monthly_fen, *o.payments_fen.iter().max().unwrap());
        }
        // 10,000.01 over 36 months: 1,000,001 = 36 × 27,777 + 29 → 29 × 277.78 then 7 × 277.77.
        let p = find(&opts, 36, Waiver::InterestPenaltiesFees);
        assert_eq!(p.total_fen, 1_000_001);
        assert_eq!(p.payments_fen[..29], [27_778; 29]);
        assert_eq!(p.payments_fen[29..], [27_777; 7]);
        assert_eq!(p.monthly_fen, 27_778);
    }

    #[test]
    fn every_waiver_total() {
        let opts = propose(&input(), &[12]).unwrap();
        let waivers: Vec<Waiver> = opts.iter().map(|o| o.waiver).collect();
        assert_eq!(waivers, Waiver::ALL.to_vec());
        assert_eq!(find(&opts, 12, Waiver::None).total_fen, 1_179_135);
        assert_eq!(
            find(&opts, 12, Waiver::PenaltiesAndFees).total_fen,
            1_123_458
        );
        assert_eq!(
            find(&opts, 12, Waiver::InterestPenaltiesFees).total_fen,
            1_000_001
        );
        // 1,179,135 / 12 = 98,261 r 3.
        let all = find(&opts, 12, Waiver::None);
        assert_eq!(all.payments_fen[..3], [98_262; 3]);
        assert_eq!(all.payments_fen[3..], [98_261; 9]);
    }

    #[test]
    fn affordability_bands_follow_the_share_of_disposable_income() {
        use Affordability as A;
        // The issue: a plan taking 95 % of disposable income was marked green.
        assert_eq!(A::of(9_500, 10_000), A::Strained);
        assert_eq!(A::of(6_000, 10_000), A::Comfortable);
        assert_eq!(A::of(6_001, 10_000), A::Tight);
        assert_eq!(A::of(8_000, 10_000), A::Tight);
        assert_eq!(A::of(8_001, 10_000), A::Strained);
        assert_eq!(A::of(10_000, 10_000), A::Strained);
        assert_eq!(A::of(10_001, 10_000), A::Unaffordable);
        assert_eq!(A::of(1, 0), A::Unaffordable);
        assert_eq!(A::of(1, -5), A::Unaffordable);
        // The 65.51 % plan of the proposals below is tight, not comfortable.
        let o = propose(&input(), &[12]).unwrap();
        assert_eq!(find(&o, 12, Waiver::None).affordability, A::Tight);
    }

    #[test]
    fn affordability_and_share() {
        let opts = propose(&input(), &[12, 24, 36]).unwrap();
        // Disposable 1,500.00.
        assert!(opts.iter().all(|o| o.disposable_fen == 150_000));
        // 12 months, everything: 982.62 a month, affordable, 65.51 % of disposable.
        let o = find(&opts, 12, Waiver::None);
        assert!(o.affordable);
        assert_eq!(o.share_of_disposable_percent, Some(65.51));

        let tight = PlanInput {
            monthly_income_fen: 400_000,
            essential_expenses_fen: 330_000, // disposable 700.00
            ..input()
        };
        let opts = propose(&tight, &[12, 24]).unwrap();
        // 12 months principal only: 833.34 > 700.00.
        let o = find(&opts, 12, Waiver::InterestPenaltiesFees);
        assert_eq!(o.monthly_fen, 83_334);
        assert!(!o.affordable);
        assert_eq!(o.share_of_disposable_percent, Some(119.05));
        // 24 months principal only: 416.67 ≤ 700.00.
        assert!(find(&opts, 24, Waiver::InterestPenaltiesFees).affordable);
        // Exactly equal is affordable.
        let exact = PlanInput {
            principal_fen: 120_000,
            interest_fen: 0,
            penalties_fen: 0,
            fees_fen: 0,
            monthly_income_fen: 10_000,
            essential_expenses_fen: 0,
        };
        let o = &propose(&exact, &[12]).unwrap()[0];
        assert_eq!(o.monthly_fen, 10_000);
        assert!(o.affordable);
        assert_eq!(o.share_of_disposable_percent, Some(100.0));

        // Expenses above income: nothing is affordable, no share.
        let broke = PlanInput {
            monthly_income_fen: 100_000,
            essential_expenses_fen: 120_000,
            ..input()
        };
        for o in propose(&broke, &[]).unwrap() {
            assert_eq!(o.disposable_fen, -20_000);
            assert!(!o.affordable);
            assert_eq!(o.share_of_disposable_percent, None);
        }
    }

    #[test]
    fn errors() {
        for (field, bad) in [
            (
                "principal",
                PlanInput {
                    principal_fen: -1,
                    ..input()
                },
            ),
            (
                "penalties",
                PlanInput {
                    penalties_fen: -5,
                    ..input()
                },
            ),
            (
                "essential expenses",
                PlanInput {
                    essential_expenses_fen: -1,
                    ..input()
                },
            ),
        ] {
            match propose(&bad, &[]) {
                Err(PlanError::NegativeAmount { field: f, .. }) => assert_eq!(f, field),
                other => panic!("expected NegativeAmount for {field}, got {other:?}"),
            }
        }
        assert_eq!(propose(&input(), &[12, 0]), Err(PlanError::ZeroMonths));
        assert_eq!(propose(&input(), &[61]), Err(PlanError::TooManyMonths(61)));
        assert!(
            PlanError::TooManyMonths(61)
                .to_string()
                .contains("bank's choice")
        );
        assert_eq!(propose(&input(), &[60]).unwrap().len(), 3);
        let huge = PlanInput {
            principal_fen: i64::MAX,
            interest_fen: 1,
            ..input()
        };
        assert_eq!(propose(&huge, &[12]), Err(PlanError::Overflow));
    }

    #[test]
    fn duplicate_months_are_skipped_and_order_kept() {
        let opts = propose(&input(), &[24, 12, 24]).unwrap();
        let months: Vec<u32> = opts.iter().map(|o| o.months).collect();
        assert_eq!(months, vec![24, 24, 24, 12, 12, 12]);
    }

    #[test]
    fn zero_total_is_fine() {
        let zero = PlanInput::default();
        let opts = propose(&zero, &[12]).unwrap();
        assert!(opts.iter().all(|o| o.total_fen == 0 && o.monthly_fen == 0));
        assert!(opts.iter().all(|o| o.payments_fen.iter().all(|&p| p == 0)));
    }

    #[test]
    fn schedule_clamps_to_month_end_without_drift() {
        let opts = propose(&input(), &[12]).unwrap();
        let o = find(&opts, 12, Waiver::None);
        let s = schedule(o, d(2024, 1, 31));
        assert_eq!(s.len(), 12);
        let dates: Vec<NaiveDate> = s.iter().map(|&(dt, _)| dt).collect();
        assert_eq!(
            dates,
            vec![
                d(2024, 1, 31),
                d(2024, 2, 29),
                d(2024, 3, 31),
                d(2024, 4, 30),
                d(2024, 5, 31),
                d(2024, 6, 30),
                d(2024, 7, 31),
                d(2024, 8, 31),
                d(2024, 9, 30),
                d(2024, 10, 31),
                d(2024, 11, 30),
                d(2024, 12, 31),
            ]
        );
        assert_eq!(s.iter().map(|&(_, a)| a).sum::<i64>(), o.total_fen);
        assert_eq!(s[0].1, 98_262);
        assert_eq!(s[11].1, 98_261);

        // Day 29 and 30 in a non-leap February, then back to the same day.
        let s = schedule(o, d(2025, 1, 30));
        assert_eq!(s[1].0, d(2025, 2, 28));
        assert_eq!(s[2].0, d(2025, 3, 30));
        let s = schedule(o, d(2025, 12, 29));
        assert_eq!(s[2].0, d(2026, 2, 28));
        assert_eq!(s[3].0, d(2026, 3, 29));
        // Ordinary day, across a year boundary.
        let s = schedule(o, d(2024, 11, 15));
        assert_eq!(s[2].0, d(2025, 1, 15));
    }

    #[test]
    fn serde_names() {
        assert_eq!(
            serde_json::to_string(&Waiver::InterestPenaltiesFees).unwrap(),
            "\"interest_penalties_fees\""
        );
        for w in Waiver::ALL {
            assert_eq!(
                serde_json::to_string(&w).unwrap(),
                format!("\"{}\"", w.as_str())
            );
        }
        let o = &propose(&input(), &[12]).unwrap()[0];
        let v = serde_json::to_value(o).unwrap();
        assert_eq!(v["waiver"], "none");
        assert_eq!(v["payments_fen"].as_array().unwrap().len(), 12);
        assert_eq!(NOTES_ZH.len(), NOTES_EN.len());
    }
}
