//! What users type, turned into core values. Every failure is `Error::InvalidInput` with a
//! hint, so it exits 2 and reaches `--json` callers as `{"error": …}`.

use casefile::api::case;
use casefile::domain::Money;
use casefile::{Error, Result};
use chrono::NaiveDate;

/// Any value with `FromStr` (the named enums, `Lang`), trimmed.
pub fn value<T: std::str::FromStr>(s: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    s.trim()
        .parse()
        .map_err(|e: T::Err| Error::InvalidInput(e.to_string()))
}

/// An amount in 元 (`5000`, `5,000.50`, `-472.50`).
pub fn money(s: &str) -> Result<Money> {
    value(s)
}

/// A calendar date, `YYYY-MM-DD`.
pub fn date(s: &str) -> Result<NaiveDate> {
    case::parse_date(s)
}

/// An optional date flag.
pub fn opt_date(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(date).transpose()
}

/// `DATE:AMOUNT`, as in `2026-05-15:1000.00` or `2025-01-01:-10000`.
pub fn dated_amount(s: &str) -> Result<(NaiveDate, Money)> {
    let (d, a) = s.split_once(':').ok_or_else(|| {
        Error::InvalidInput(format!("“{s}” is not DATE:AMOUNT, like 2026-05-15:1000.00"))
    })?;
    Ok((date(d)?, money(a)?))
}

pub fn yes_no(s: &str) -> Result<bool> {
    match s.trim() {
        "yes" | "y" | "true" | "是" => Ok(true),
        "no" | "n" | "false" | "否" => Ok(false),
        other => Err(Error::InvalidInput(format!("“{other}” is not yes or no"))),
    }
}

pub fn months(s: &str) -> Result<u32> {
    s.trim()
        .parse::<u32>()
        .map_err(|_| Error::InvalidInput(format!("“{s}” is not a number of months")))
}

/// An edit flag read with `f`: absent leaves the field, an empty value clears it.
pub fn clearable<T>(
    flag: Option<&str>,
    f: impl Fn(&str) -> Result<T>,
) -> Result<Option<Option<T>>> {
    flag.map(|s| {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            f(s).map(Some)
        }
    })
    .transpose()
}

/// An edit flag of free text: absent leaves the field, an empty value clears it.
pub fn clearable_text(flag: Option<String>) -> Option<Option<String>> {
    flag.map(|s| if s.trim().is_empty() { None } else { Some(s) })
}
