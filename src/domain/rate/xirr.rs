//! The annual rate of dated cash flows (`XIRR`, Actual/365): Newton's method from a few
//! guesses, with bracketing and bisection when Newton does not settle.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::RateError;
use crate::domain::Money;

/// Days in the year for the Actual/365 day count.
const DAYS_PER_YEAR: f64 = 365.0;
/// Lowest rate searched (−99.99 %).
pub const MIN_RATE: f64 = -0.9999;
/// Highest rate searched (100 000 000 000 %): very short loans with large fees annualise to
/// astronomically high rates, and the number should still come out rather than an error.
pub const MAX_RATE: f64 = 1e9;

/// One dated movement of money. Money paid out to the borrower is negative, payments made by
/// the borrower are positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CashFlow {
    pub on: NaiveDate,
    pub amount_fen: i64,
}

impl CashFlow {
    pub fn new(on: NaiveDate, amount_fen: i64) -> Self {
        Self { on, amount_fen }
    }

    /// Parses `YYYY-MM-DD:AMOUNT`, the amount in 元 as [`Money`] reads it (up to 2 decimals, an
    /// optional sign), e.g. `2024-01-15:-10000.00` or `2024-02-15:1000`.
    pub fn parse(input: &str) -> Result<Self, RateError> {
        let bad = |reason: &str| RateError::BadCashFlow {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let (date_part, amount_part) = input
            .trim()
            .split_once(':')
            .ok_or_else(|| bad("missing `:` between the date and the amount"))?;
        let date_part = date_part.trim();
        let on = NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
            .map_err(|_| bad(&format!("`{date_part}` is not a valid date YYYY-MM-DD")))?;
        let amount = amount_part
            .parse::<Money>()
            .map_err(|e| bad(&e.to_string()))?;
        Ok(Self {
            on,
            amount_fen: amount.fen(),
        })
    }
}

impl FromStr for CashFlow {
    type Err = RateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

// ---------------------------------------------------------------------------------------------
// XIRR
// ---------------------------------------------------------------------------------------------

/// Annualised rate (a fraction: 0.35 = 35 %) at which the cash flows balance, Actual/365 like
/// spreadsheet `XIRR`: Σ amount_i / (1+r)^((d_i − d_0)/365) = 0 with d_0 the earliest date.
///
/// Newton's method from 10 % first; when it does not converge inside the bracket, a scan for a
/// sign change followed by bisection on ln(1+r) over [−99.99 %, [`MAX_RATE`]]. The flows need not
/// be sorted. When the flows change sign more than once several rates can balance them; the one
/// found is the one Newton reaches from 10 %, else the root nearest to 10 %.
///
/// This is the *effective* (compounded) annual rate. A lender's "年化" figure computed as the
/// monthly IRR × 12 is lower for the same loan (e.g. 35.07 % versus 41.28 %).
pub fn xirr(flows: &[CashFlow]) -> Result<f64, RateError> {
    if flows.len() < 2 {
        return Err(RateError::TooFewFlows(flows.len()));
    }
    let has_pos = flows.iter().any(|f| f.amount_fen > 0);
    let has_neg = flows.iter().any(|f| f.amount_fen < 0);
    if !(has_pos && has_neg) {
        return Err(RateError::NoSignChange {
            all_positive: has_pos,
        });
    }
    let d0 = flows.iter().map(|f| f.on).min().unwrap_or_default();
    let terms: Vec<(f64, f64)> = flows
        .iter()
        .map(|f| {
            let years = (f.on - d0).num_days() as f64 / DAYS_PER_YEAR;
            (f.amount_fen as f64, years)
        })
        .collect();
    if terms.iter().all(|&(_, t)| t == 0.0) {
        return Err(RateError::AllSameDate);
    }
    let scale: f64 = terms.iter().map(|&(a, _)| a.abs()).sum();

    if let Some(r) = newton(&terms, scale, 0.1) {
        return Ok(r);
    }
    bracket_and_bisect(&terms).ok_or(RateError::NoConvergence)
}

/// Net present value and its derivative at rate `r`.
fn npv_and_derivative(terms: &[(f64, f64)], r: f64) -> (f64, f64) {
    let ln1p = r.ln_1p();
    terms.iter().fold((0.0, 0.0), |(v, d), &(a, t)| {
        let disc = (-t * ln1p).exp();
        (v + a * disc, d - t * a * disc / (1.0 + r))
    })
}

fn newton(terms: &[(f64, f64)], scale: f64, guess: f64) -> Option<f64> {
    let mut r = guess;
    for _ in 0..100 {
        let (v, d) = npv_and_derivative(terms, r);
        if !v.is_finite() || !d.is_finite() || d == 0.0 {
            return None;
        }
        let next = r - v / d;
        if !next.is_finite() || next <= MIN_RATE || next >= MAX_RATE {
            return None;
        }
        if (next - r).abs() <= 1e-12 * (1.0 + r.abs()) {
            let (v_next, _) = npv_and_derivative(terms, next);
            return (v_next.abs() <= 1e-9 * scale).then_some(next);
        }
        r = next;
    }
    None
}

/// Sign of the NPV at x = ln(1+r), computed with the largest exponent factored out so that it
/// stays finite over the whole bracket (−1, 0 or 1).
fn npv_sign(terms: &[(f64, f64)], x: f64) -> f64 {
    let max_exp = terms
        .iter()
        .map(|&(_, t)| -t * x)
        .fold(f64::NEG_INFINITY, f64::max);
    let v: f64 = terms
        .iter()
        .map(|&(a, t)| a * (-t * x - max_exp).exp())
        .sum();
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

pub(super) fn bracket_and_bisect(terms: &[(f64, f64)]) -> Option<f64> {
    const STEPS: usize = 2000;
    let lo = MIN_RATE.ln_1p();
    let hi = MAX_RATE.ln_1p();
    let target = 0.1_f64.ln_1p();
    let xs: Vec<f64> = (0..=STEPS)
        .map(|i| lo + (hi - lo) * i as f64 / STEPS as f64)
        .collect();
    let signs: Vec<f64> = xs.iter().map(|&x| npv_sign(terms, x)).collect();
    // Every bracket [a, b] holding a root; keep the one nearest to 10 %.
    let mut best: Option<(f64, f64)> = None;
    for i in 0..STEPS {
        let (a, b) = (xs[i], xs[i + 1]);
        if signs[i] == 0.0 {
            return Some(a.exp_m1());
        }
        if signs[i] * signs[i + 1] < 0.0 {
            let dist = |(p, q): (f64, f64)| (((p + q) / 2.0) - target).abs();
            if best.is_none_or(|cur| dist((a, b)) < dist(cur)) {
                best = Some((a, b));
            }
        }
    }
    if signs[STEPS] == 0.0 {
        return Some(hi.exp_m1());
    }
    let (mut a, mut b) = best?;
    let sa = npv_sign(terms, a);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        let sm = npv_sign(terms, m);
        if sm == 0.0 {
            return Some(m.exp_m1());
        }
        if sm == sa {
            a = m;
        } else {
            b = m;
        }
    }
    Some((0.5 * (a + b)).exp_m1())
}

/// Number of times the sign changes when the flows are summed per date in date order.
pub(super) fn sign_changes(flows: &[CashFlow]) -> usize {
    let mut sorted: Vec<CashFlow> = flows.to_vec();
    sorted.sort_by_key(|f| f.on);
    let mut per_day: Vec<i64> = Vec::new();
    let mut last: Option<NaiveDate> = None;
    for f in sorted {
        match (last, per_day.last_mut()) {
            (Some(d), Some(sum)) if d == f.on => *sum = sum.saturating_add(f.amount_fen),
            _ => per_day.push(f.amount_fen),
        }
        last = Some(f.on);
    }
    let signs: Vec<i64> = per_day
        .into_iter()
        .filter(|&a| a != 0)
        .map(i64::signum)
        .collect();
    signs.windows(2).filter(|w| w[0] != w[1]).count()
}
