//! China's holiday calendar: statutory holidays and 调休 working weekends per year, from the
//! State Council's yearly notices kept as data in `data/holidays-cn.json`, each year with its
//! source. Working days are what legal periods end on (民事诉讼法 第85条); a year the data does
//! not cover is judged on weekends alone, and [`HolidayCalendar::knows_year`] says so.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use thiserror::Error;

/// The data file, embedded at build time.
const BUILTIN_JSON: &str = include_str!("../../data/holidays-cn.json");

/// Why holiday data was refused.
#[derive(Debug, Error)]
pub enum CalendarError {
    #[error("holiday data is not JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    #[error("holiday data version {0} is not supported (expected 1)")]
    Version(u32),
    #[error("holiday data is for country “{0}”, expected “CN”")]
    Country(String),
    #[error("holiday data lists no years")]
    NoYears,
    #[error("“{0}” is not a year")]
    YearKey(String),
    #[error("holiday data skips from {after} to {next}: years must be consecutive")]
    Gap { after: i32, next: i32 },
    #[error("year {0} has no source (the State Council notice it comes from)")]
    MissingSource(i32),
    #[error("{date} is listed under year {year}")]
    DateOutsideYear { year: i32, date: NaiveDate },
    #[error("{date} is listed twice in year {year}")]
    Duplicate { year: i32, date: NaiveDate },
    #[error("{0} is listed both as a holiday and as a working day")]
    HolidayAndWorkday(NaiveDate),
    #[error("{date} is listed as a 调休 working day but is a {weekday}, not a weekend day")]
    WorkdayNotWeekend { date: NaiveDate, weekday: Weekday },
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    version: u32,
    country: String,
    years: BTreeMap<String, RawYear>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawYear {
    source: String,
    holidays: Vec<NaiveDate>,
    workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct YearData {
    source: String,
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

/// China's statutory holidays and 调休 working weekends, per year, each with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    years: BTreeMap<i32, YearData>,
}

impl HolidayCalendar {
    /// The calendar embedded from `data/holidays-cn.json`.
    pub fn builtin() -> &'static HolidayCalendar {
        static BUILTIN: OnceLock<HolidayCalendar> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            HolidayCalendar::from_json(BUILTIN_JSON)
                .expect("embedded data/holidays-cn.json is invalid; this is a bug in the build")
        })
    }

    /// Parses and checks holiday data: version 1, country CN, consecutive years, a non-empty
    /// source for every year, every date inside its year and listed once, no date both a holiday
    /// and a working day, and every working day a Saturday or Sunday.
    pub fn from_json(json: &str) -> Result<Self, CalendarError> {
        let raw: RawCalendar = serde_json::from_str(json)?;
        if raw.version != 1 {
            return Err(CalendarError::Version(raw.version));
        }
        if raw.country != "CN" {
            return Err(CalendarError::Country(raw.country));
        }
        let mut years = BTreeMap::new();
        for (key, raw_year) in raw.years {
            let year: i32 = key
                .parse()
                .map_err(|_| CalendarError::YearKey(key.clone()))?;
            if key != year.to_string() {
                return Err(CalendarError::YearKey(key));
            }
            years.insert(year, YearData::check(year, raw_year)?);
        }
        let mut keys = years.keys().copied();
        let Some(mut prev) = keys.next() else {
            return Err(CalendarError::NoYears);
        };
        for next in keys {
            if next != prev + 1 {
                return Err(CalendarError::Gap { after: prev, next });
            }
            prev = next;
        }
        Ok(HolidayCalendar { years })
    }

    /// A statutory holiday, or a Saturday or Sunday that is not a 调休 working day. In a year
    /// the data does not cover, weekends alone.
    pub fn is_rest_day(&self, date: NaiveDate) -> bool {
        match self.years.get(&date.year()) {
            Some(y) if y.holidays.contains(&date) => true,
            Some(y) if y.workdays.contains(&date) => false,
            _ => is_weekend(date),
        }
    }

    /// One of the days the State Council notice gives off (放假调休), weekends included.
    pub fn is_statutory_holiday(&self, date: NaiveDate) -> bool {
        self.years
            .get(&date.year())
            .is_some_and(|y| y.holidays.contains(&date))
    }

    /// A weekend day worked in exchange for a holiday (调休上班).
    pub fn is_adjusted_workday(&self, date: NaiveDate) -> bool {
        self.years
            .get(&date.year())
            .is_some_and(|y| y.workdays.contains(&date))
    }

    /// `date` itself if it is a working day, else the first working day after it. `None` only
    /// at the very end of chrono's date range.
    pub fn next_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        while self.is_rest_day(d) {
            d = d.succ_opt()?;
        }
        Some(d)
    }

    /// Whether the data covers this year.
    pub fn knows_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The notice (title and document number) a year's data comes from.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.years.get(&year).map(|y| y.source.as_str())
    }

    /// The years covered; `from_json` guarantees they are consecutive and at least one.
    pub fn years(&self) -> RangeInclusive<i32> {
        let first = self.years.keys().next().copied().unwrap_or_default();
        let last = self.years.keys().next_back().copied().unwrap_or_default();
        first..=last
    }
}

impl YearData {
    fn check(year: i32, raw: RawYear) -> Result<Self, CalendarError> {
        if raw.source.trim().is_empty() {
            return Err(CalendarError::MissingSource(year));
        }
        let collect = |dates: Vec<NaiveDate>| -> Result<BTreeSet<NaiveDate>, CalendarError> {
            let mut set = BTreeSet::new();
            for date in dates {
                if date.year() != year {
                    return Err(CalendarError::DateOutsideYear { year, date });
                }
                if !set.insert(date) {
                    return Err(CalendarError::Duplicate { year, date });
                }
            }
            Ok(set)
        };
        let holidays = collect(raw.holidays)?;
        let workdays = collect(raw.workdays)?;
        if let Some(date) = holidays.intersection(&workdays).next() {
            return Err(CalendarError::HolidayAndWorkday(*date));
        }
        if let Some(date) = workdays.iter().find(|d| !is_weekend(**d)) {
            return Err(CalendarError::WorkdayNotWeekend {
                date: *date,
                weekday: date.weekday(),
            });
        }
        Ok(YearData {
            source: raw.source,
            holidays,
            workdays,
        })
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every expected date below was worked out by hand from a printed calendar and the State
    // Council notices, never by calling the code under test.

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> &'static HolidayCalendar {
        HolidayCalendar::builtin()
    }

    #[test]
    fn builtin_calendar_matches_the_notices() {
        let c = cal();
        assert_eq!(c.years(), 2020..=2026);
        assert!(!c.knows_year(2019) && !c.knows_year(2027));
        // (date, rest day?) read off the notices.
        let days = [
            ("2020-01-19", false), // Sunday worked before Spring Festival
            ("2020-01-31", true),  // Spring Festival extension, 国办发明电〔2020〕1号
            ("2020-02-01", true),  // was to be worked; the extension made it a holiday
            ("2020-02-03", false), // work resumed
            ("2021-09-18", false), // Saturday worked for Mid-Autumn
            ("2022-04-02", false), // Saturday worked for Qingming
            ("2023-04-05", true),  // Qingming on a Wednesday
            ("2023-01-29", false), // Sunday worked after Spring Festival
            ("2024-02-09", false), // 除夕 2024: only "encouraged" off, not a holiday
            ("2024-06-10", true),  // Dragon Boat, Monday
            ("2024-10-12", false), // Saturday worked after National Day
            ("2025-01-01", true),  // New Year, Wednesday, no swap
            ("2025-02-04", true),  // last day of Spring Festival
            ("2025-10-08", true),  // eighth day of National Day + Mid-Autumn
            ("2025-10-11", false), // Saturday worked
            ("2026-01-04", false), // Sunday worked after New Year
            ("2026-02-23", true),  // last day of the nine-day Spring Festival
            ("2026-09-20", false), // Sunday worked before National Day
            ("2026-10-08", false), // ordinary Thursday after National Day 2026 (ends 10-07)
            ("2024-03-20", false), // ordinary Wednesday
            ("2024-03-23", true),  // ordinary Saturday
        ];
        for (day, rest) in days {
            assert_eq!(c.is_rest_day(d(day)), rest, "{day}");
        }
        assert!(c.is_statutory_holiday(d("2024-10-05")));
        assert!(!c.is_statutory_holiday(d("2024-10-12")));
        assert!(c.is_adjusted_workday(d("2024-10-12")));
        // Holiday days per year, counted from the notices.
        let counts = [
            (2020, 30),
            (2021, 31),
            (2022, 31),
            (2023, 26),
            (2024, 28),
            (2025, 28),
            (2026, 33),
        ];
        for (year, n) in counts {
            assert_eq!(c.years[&year].holidays.len(), n, "{year}");
        }
        let numbers = [
            (2020, "国办发明电〔2019〕16号"),
            (2020, "国办发明电〔2020〕1号"),
            (2021, "国办发明电〔2020〕27号"),
            (2022, "国办发明电〔2021〕11号"),
            (2023, "国办发明电〔2022〕16号"),
            (2024, "国办发明电〔2023〕7号"),
            (2025, "国办发明电〔2024〕12号"),
            (2026, "国办发明电〔2025〕7号"),
        ];
        for (year, number) in numbers {
            let source = c.source(year).unwrap();
            assert!(source.contains(number), "{year}: {source}");
            assert!(source.contains(&format!("关于{year}年")), "{year}");
        }
        assert_eq!(c.source(2027), None);
    }

    fn year_json(source: &str, holidays: &str, workdays: &str) -> String {
        format!(
            r#"{{"version":1,"country":"CN","years":{{"2024":{{"source":{source},"holidays":[{holidays}],"workdays":[{workdays}]}}}}}}"#
        )
    }

    #[test]
    fn calendar_validation_rejects_bad_data() {
        let ok = year_json(r#""通知""#, r#""2024-10-01""#, r#""2024-10-12""#);
        let parsed = HolidayCalendar::from_json(&ok).unwrap();
        assert!(parsed.is_rest_day(d("2024-10-01")));
        assert!(!parsed.is_rest_day(d("2024-10-12")));

        type IsExpected = fn(&CalendarError) -> bool;
        let cases: [(&str, String, IsExpected); 11] = [
            (
                "workday on a Wednesday",
                year_json(r#""通知""#, "", r#""2024-10-09""#),
                |e| {
                    matches!(
                        e,
                        CalendarError::WorkdayNotWeekend {
                            weekday: Weekday::Wed,
                            ..
                        }
                    )
                },
            ),
            (
                "holiday outside its year",
                year_json(r#""通知""#, r#""2023-12-31""#, ""),
                |e| matches!(e, CalendarError::DateOutsideYear { year: 2024, .. }),
            ),
            (
                "workday outside its year",
                year_json(r#""通知""#, "", r#""2025-01-04""#),
                |e| matches!(e, CalendarError::DateOutsideYear { year: 2024, .. }),
            ),
            (
                "empty source",
                year_json(r#""  ""#, r#""2024-10-01""#, ""),
                |e| matches!(e, CalendarError::MissingSource(2024)),
            ),
            (
                "missing source",
                r#"{"version":1,"country":"CN","years":{"2024":{"holidays":[],"workdays":[]}}}"#
                    .to_owned(),
                |e| matches!(e, CalendarError::Json(_)),
            ),
            (
                "both holiday and workday",
                year_json(r#""通知""#, r#""2024-10-12""#, r#""2024-10-12""#),
                |e| matches!(e, CalendarError::HolidayAndWorkday(_)),
            ),
            (
                "listed twice",
                year_json(r#""通知""#, r#""2024-10-01","2024-10-01""#, ""),
                |e| matches!(e, CalendarError::Duplicate { .. }),
            ),
            (
                "wrong version",
                ok.replace(r#""version":1"#, r#""version":2"#),
                |e| matches!(e, CalendarError::Version(2)),
            ),
            (
                "not a date",
                year_json(r#""通知""#, r#""2024-02-30""#, ""),
                |e| matches!(e, CalendarError::Json(_)),
            ),
            (
                "no years",
                r#"{"version":1,"country":"CN","years":{}}"#.to_owned(),
                |e| matches!(e, CalendarError::NoYears),
            ),
            (
                "a gap between years",
                r#"{"version":1,"country":"CN","years":{
                    "2024":{"source":"a","holidays":[],"workdays":[]},
                    "2026":{"source":"b","holidays":[],"workdays":[]}}}"#
                    .to_owned(),
                |e| {
                    matches!(
                        e,
                        CalendarError::Gap {
                            after: 2024,
                            next: 2026
                        }
                    )
                },
            ),
        ];
        for (name, json, expected) in cases {
            match HolidayCalendar::from_json(&json) {
                Ok(_) => panic!("{name}: accepted"),
                Err(e) => assert!(expected(&e), "{name}: wrong error {e:?}"),
            }
        }
        assert!(HolidayCalendar::from_json("{").is_err());
        assert!(matches!(
            HolidayCalendar::from_json(&ok.replace("\"CN\"", "\"HK\"")),
            Err(CalendarError::Country(_))
        ));
        assert!(matches!(
            HolidayCalendar::from_json(&ok.replace("\"2024\":", "\"+2024\":")),
            Err(CalendarError::YearKey(_))
        ));
    }

    #[test]
    fn builtin_data_passes_its_own_validation() {
        // builtin() would panic otherwise; this names the failure if the file is edited badly.
        if let Err(e) = HolidayCalendar::from_json(BUILTIN_JSON) {
            panic!("data/holidays-cn.json: {e}");
        }
    }
}
