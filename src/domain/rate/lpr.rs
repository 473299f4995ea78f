//! The one-year LPR history (`data/lpr-1y.json`): loading, validating and looking up the value
//! in force on a date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::RateError;
use crate::domain::Money;

/// The date the reformed one-year LPR was first published.
pub fn lpr_reform_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 8, 20).unwrap_or_default()
}

/// The date the 2020 private-lending rules took effect (new/old split for interest).
pub(super) fn private_lending_2020_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 8, 20).unwrap_or_default()
}

const BUILTIN_LPR_JSON: &str = include_str!("../../../data/lpr-1y.json");

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct LprFile {
    version: u32,
    source: String,
    /// Last fixing that was checked to still carry the latest value (optional).
    #[serde(default)]
    checked_through: Option<NaiveDate>,
    values: Vec<LprFileValue>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct LprFileValue {
    from: NaiveDate,
    percent: String,
}

/// One change of the one-year LPR: the value published on `from`, in force until the next change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LprEntry {
    pub from: NaiveDate,
    pub basis_points: i32,
}

/// The one-year LPR history, one entry per change, in ascending date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LprTable {
    source: String,
    checked_through: Option<NaiveDate>,
    entries: Vec<LprEntry>,
}

impl LprTable {
    /// The table shipped with the app (`data/lpr-1y.json`).
    pub fn builtin() -> Self {
        match Self::from_json(BUILTIN_LPR_JSON) {
            Ok(t) => t,
            // The shipped file is validated by a unit test; reaching this is a build defect.
            Err(e) => panic!("built-in LPR data is invalid: {e}"),
        }
    }

    /// Parses and validates a table: version 1, at least one value, dates strictly ascending,
    /// every percent a positive decimal with at most 2 decimals.
    pub fn from_json(json: &str) -> Result<Self, RateError> {
        let file: LprFile =
            serde_json::from_str(json).map_err(|e| RateError::LprData(e.to_string()))?;
        if file.version != 1 {
            return Err(RateError::LprData(format!(
                "unsupported version {} (this app reads version 1)",
                file.version
            )));
        }
        if file.values.is_empty() {
            return Err(RateError::LprData("no values".to_string()));
        }
        let mut entries: Vec<LprEntry> = Vec::with_capacity(file.values.len());
        for v in &file.values {
            let basis_points = percent_to_basis_points(&v.percent)
                .map_err(|reason| RateError::LprData(format!("value from {}: {reason}", v.from)))?;
            if let Some(prev) = entries.last()
                && v.from <= prev.from
            {
                return Err(RateError::LprData(format!(
                    "dates must be strictly ascending: {} comes after {}",
                    v.from, prev.from
                )));
            }
            entries.push(LprEntry {
                from: v.from,
                basis_points,
            });
        }
        if let Some(c) = file.checked_through
            && entries.last().is_some_and(|l| c < l.from)
        {
            return Err(RateError::LprData(format!(
                "checked_through {c} is before the last value's date"
            )));
        }
        Ok(Self {
            source: file.source,
            checked_through: file.checked_through,
            entries,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The last fixing the data was checked against, if the file says.
    pub fn checked_through(&self) -> Option<NaiveDate> {
        self.checked_through
    }

    pub fn entries(&self) -> &[LprEntry] {
        &self.entries
    }

    /// The one-year LPR in force on `date`: the latest value published on or before it, as
    /// (publication date, basis points). `None` before the first value (2019-08-20 in the
    /// built-in table).
    pub fn one_year_on(&self, date: NaiveDate) -> Option<(NaiveDate, i32)> {
        let n = self.entries.partition_point(|e| e.from <= date);
        n.checked_sub(1)
            .map(|i| (self.entries[i].from, self.entries[i].basis_points))
    }
}

/// "4.25" → 425, "3" → 300, "3.1" → 310. Positive, at most 2 decimals.
///
/// A percent to two decimals has the shape of an amount in 元, so [`Money`]'s exact decimal
/// reader does the work; only digits and one point are allowed (no sign, `¥` or commas).
fn percent_to_basis_points(s: &str) -> Result<i32, String> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(format!("`{s}` must be a positive percent like 4.25"));
    }
    let hundredths = s
        .parse::<Money>()
        .map_err(|_| format!("`{s}` is not a percent like 4.25"))?
        .fen();
    if hundredths <= 0 {
        return Err(format!("`{s}` must be a positive percent like 4.25"));
    }
    i32::try_from(hundredths).map_err(|_| format!("`{s}` is too large"))
}

/// 1540 → "15.40": hundredths of a percent written as [`Money`] writes fen.
pub(super) fn format_basis_points(bp: i32) -> String {
    Money::from_fen(i64::from(bp)).to_string()
}
