//! Instants and the clock. Every timestamp is kept as a UTC instant plus the user's UTC offset at
//! that moment, so it can be shown in the local time the user lived it in. Time comes in through
//! [`Clock`], never from a global, so tests and exports are deterministic.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Instant {
    pub utc: DateTime<Utc>,
    /// The user's offset from UTC at that instant, in minutes (China: +480).
    pub offset_minutes: i32,
}

impl Instant {
    pub fn from_local(t: DateTime<FixedOffset>) -> Self {
        Instant {
            utc: t.with_timezone(&Utc),
            offset_minutes: t.offset().local_minus_utc() / 60,
        }
    }

    pub fn local(&self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset_minutes * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
        self.utc.with_timezone(&offset)
    }

    /// RFC 3339 in the user's local offset, e.g. `2026-11-29T11:40:00+08:00`.
    pub fn to_rfc3339(&self) -> String {
        self.local().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// The one way a time is shown in documents: the user's local time with its offset,
    /// `2026-11-29 11:40:00 +08:00` (see [`display_time`]).
    pub fn display(&self) -> String {
        display_time(&self.local())
    }

    /// RFC 3339 in UTC with a `Z`, as stored.
    pub fn utc_rfc3339(&self) -> String {
        self.utc.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// From a stored UTC RFC 3339 string and offset; `None` if the string is not a time.
    pub fn from_stored(utc: &str, offset_minutes: i32) -> Option<Self> {
        let utc = DateTime::parse_from_rfc3339(utc).ok()?.with_timezone(&Utc);
        Some(Instant {
            utc,
            offset_minutes,
        })
    }
}

/// `YYYY-MM-DD HH:MM:SS ±HH:MM`: the local time as the user lived it, with its offset from
/// UTC, so a reader in another zone (or a court checking a timestamp in UTC) can convert it.
pub const DISPLAY_FORMAT: &str = "%Y-%m-%d %H:%M:%S %:z";

/// `t` in [`DISPLAY_FORMAT`].
pub fn display_time(t: &DateTime<FixedOffset>) -> String {
    t.format(DISPLAY_FORMAT).to_string()
}

pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// The computer's clock and time zone.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::from_local(chrono::Local::now().fixed_offset())
    }
}

/// A clock stopped at one instant, for tests and reproducible exports.
pub struct FixedClock(pub Instant);

impl Clock for FixedClock {
    fn now(&self) -> Instant {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_display_format_with_the_offset() {
        let t = DateTime::parse_from_rfc3339("2026-11-29T23:05:07+08:00").unwrap();
        assert_eq!(
            Instant::from_local(t).display(),
            "2026-11-29 23:05:07 +08:00"
        );
        let utc = Instant::from_stored("2026-11-29T15:05:07Z", 0).unwrap();
        assert_eq!(utc.display(), "2026-11-29 15:05:07 +00:00");
    }

    #[test]
    fn keeps_offset_and_instant() {
        let t = DateTime::parse_from_rfc3339("2026-11-29T23:05:00+08:00").unwrap();
        let i = Instant::from_local(t);
        assert_eq!(i.offset_minutes, 480);
        assert_eq!(i.utc_rfc3339(), "2026-11-29T15:05:00Z");
        assert_eq!(i.to_rfc3339(), "2026-11-29T23:05:00+08:00");
        let back = Instant::from_stored(&i.utc_rfc3339(), 480).unwrap();
        assert_eq!(back, i);
    }
}
