//! Money as integer 分 (fen): the one parser and formatter of amounts in the core. Parsing
//! accepts what people type ("5000", "5,000.5", "+12.5", "-472.50", "¥5000.00", "5000元") and
//! never goes through floating point; display is always 元 with two decimals.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// The amount with its unit, as people read it: `5000.00 元`, or `CNY 5000.00` in English.
    pub fn yuan(self, lang: super::Lang) -> String {
        match lang {
            super::Lang::Zh => format!("{self} 元"),
            super::Lang::En => format!("CNY {self}"),
        }
    }
}

impl fmt::Display for Money {
    /// `5000.00` — amounts in 元 with exactly two decimals (append "元" where the context needs it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not an amount in 元; write it like 5000 or 5000.00")]
pub struct ParseMoneyError(String);

impl FromStr for Money {
    type Err = ParseMoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseMoneyError(s.to_string());
        let cleaned: String = s
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let (negative, digits) = match cleaned.as_bytes().first() {
            Some(b'-') => (true, &cleaned[1..]),
            Some(b'+') => (false, &cleaned[1..]),
            _ => (false, cleaned.as_str()),
        };
        let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        let (yuan, fen) = match digits.split_once('.') {
            // A point promises 1 or 2 decimals: "5." is a typo, not 5 元.
            Some((_, f)) if !all_digits(f) || f.len() > 2 => return Err(err()),
            Some((y, f)) => (y, f),
            None => (digits, ""),
        };
        if !all_digits(yuan) {
            return Err(err());
        }
        let yuan: i64 = yuan.parse().map_err(|_| err())?;
        let fen_part: i64 = match fen.len() {
            0 => 0,
            1 => fen.parse::<i64>().map_err(|_| err())? * 10,
            _ => fen.parse().map_err(|_| err())?,
        };
        let total = yuan
            .checked_mul(100)
            .and_then(|v| v.checked_add(fen_part))
            .ok_or_else(err)?;
        Ok(Money(if negative { -total } else { total }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        for (input, fen) in [
            ("5000", 500_000),
            ("5000.00", 500_000),
            ("5,000.5", 500_050),
            ("¥12.34", 1234),
            ("12.3元", 1230),
            ("0.01", 1),
            ("-3.10", -310),
            ("-472.50", -47_250),
            ("+12.5", 1250),
            ("1,234.56", 123_456),
        ] {
            assert_eq!(input.parse::<Money>().unwrap().fen(), fen, "{input}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        for input in [
            "",
            "abc",
            "1.234",
            "1.2.3",
            ".5",
            "5.",
            "-",
            "+",
            "+-5",
            "1e5",
            "99999999999999999999",
        ] {
            assert!(input.parse::<Money>().is_err(), "{input}");
        }
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Money::from_fen(500_000).to_string(), "5000.00");
        assert_eq!(Money::from_fen(5).to_string(), "0.05");
        assert_eq!(Money::from_fen(-1234).to_string(), "-12.34");
    }
}
