//! Legal deadlines: which periods run from which recorded events, and the day each one ends.
//!
//! Every rule here is statute or an SPC rule (`basis_kind` "law"); the article is in `basis`.
//! Periods are counted as 民事诉讼法 第85条 and 民法典 第201–203条 say: the day of the event is
//! not counted; a period in months or years ends on the corresponding date (the last day of
//! the month when there is none); a period whose last day is a rest day ends on the next
//! working day. Rest days come from [`HolidayCalendar`] (`domain::calendar`, re-exported here);
//! a date in a year it does not cover is judged on weekends alone, and the deadline says so
//! (`calendar_known == false`).
//!
//! Rooms: `kinds` (the closed sets and the records), `rules` (the periods and the counting).

mod kinds;
mod rules;
#[cfg(test)]
mod tests;

pub use super::calendar::{CalendarError, HolidayCalendar};
pub use kinds::{CountsFrom, Deadline, DeadlineKind, DeadlineNote, LegalEvent, LegalEventKind};
pub use rules::{MAX_NOTICE_PERIOD_DAYS, compute};
