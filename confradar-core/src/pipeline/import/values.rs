//! The values community files write: deadline dates and times, placeholders
//! (TBD, TBA, Cancelled), conference date ranges in words, rankings; and the
//! collector that turns them into deadlines while accounting for each one.

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde_yaml_ng::Value;

use super::yaml::scalar_text;
use super::{ImportNote, NoteKind};
use crate::kind::DeadlineKind;
use crate::repository::{ObservedDeadline, PriorValue, Ranking};

/// What a deadline field holds.
pub(super) enum When {
    /// A date, with the time when given.
    At(NaiveDate, Option<NaiveTime>),
    /// Not announced yet (TBD, TBA, None, Cancelled, empty): no deadline,
    /// nothing lost. Holds the word as written.
    Placeholder(String),
    /// Something that is not a date: the deadline is skipped.
    Bad(String),
}

/// Reads a deadline value: `2025-05-16`, `2025-5-6 23:59`,
/// `2025-05-16 23:59:59`, `2025-05-16T23:59:59`.
pub(super) fn when(value: &Value) -> When {
    let Some(text) = scalar_text(value) else {
        return if value.is_null() {
            When::Placeholder("empty".to_string())
        } else {
            When::Bad("a list or mapping where a date was expected".to_string())
        };
    };
    if let Some(word) = placeholder(&text) {
        return When::Placeholder(word);
    }
    match parse_when(&text) {
        Ok((date, time)) => When::At(date, time),
        Err(e) => When::Bad(e),
    }
}

/// The words community files use for "no date yet".
pub(super) fn placeholder(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let known = lower.is_empty()
        || matches!(
            lower.trim_end_matches('.'),
            "tbd" | "tba" | "tbc" | "none" | "null" | "n/a" | "na" | "cancelled" | "canceled" | "~"
        );
    known.then(|| {
        if t.is_empty() {
            "empty".to_string()
        } else {
            t.to_string()
        }
    })
}

/// `2025-05-16`, `2025-5-6 23:59`, `2025-05-16 23:59:59`, `2025-05-16T23:59:59`.
/// Seconds are dropped: a deadline is kept to the minute.
pub(super) fn parse_when(text: &str) -> Result<(NaiveDate, Option<NaiveTime>), String> {
    let text = text.trim();
    let (date_part, time_part) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (text, None),
    };
    let date = parse_date(date_part).ok_or_else(|| {
        format!("bad date '{text}': expected YYYY-MM-DD (optionally with HH:MM[:SS])")
    })?;
    let time = match time_part.filter(|t| !t.is_empty()) {
        Some(t) => Some(
            NaiveTime::parse_from_str(t, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
                .map_err(|_| format!("bad time in '{text}': expected HH:MM or HH:MM:SS"))?,
        )
        .map(|t| {
            NaiveTime::from_hms_opt(chrono::Timelike::hour(&t), chrono::Timelike::minute(&t), 0)
                .unwrap_or(t)
        }),
        None => None,
    };
    Ok((date, time))
}

/// `YYYY-M-D` with or without zero padding.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let year = parts.next()?.parse::<i32>().ok()?;
    let month = parts.next()?.parse::<u32>().ok()?;
    let day = parts.next()?.parse::<u32>().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A date-only field (`start: 2025-12-02`).
pub(super) fn day(value: &Value) -> Option<NaiveDate> {
    match when(value) {
        When::At(date, _) => Some(date),
        _ => None,
    }
}

/// A conference's days in words: `June 20-25, 2021`, `February 25 - March 4, 2025`,
/// `July 21, 2024`, `December, 12-15, 2023`, `29 June - 3 July, 2026`,
/// `November 15-19` (the year taken from `year`). A month without days
/// (`April, 2024`) is no range.
pub(super) fn event_dates(text: &str, year: Option<i32>) -> Option<(NaiveDate, NaiveDate)> {
    let normalised = text.replace(['–', '—', '−'], "-").replace(',', " ");
    let mut halves = normalised.split('-');
    let first = day_parts(halves.next()?)?;
    let second = match halves.next() {
        Some(half) => day_parts(half)?,
        None => DayParts::default(),
    };
    if halves.next().is_some() {
        return None;
    }
    let d1 = first.day?;
    let year_end = second.year.or(first.year).or(year)?;
    let year_start = first.year.unwrap_or(year_end);
    let m1 = first.month.or(second.month)?;
    let m2 = second.month.unwrap_or(m1);
    let d2 = second.day.unwrap_or(d1);
    let mut start = NaiveDate::from_ymd_opt(year_start, m1, d1)?;
    let mut end = NaiveDate::from_ymd_opt(year_end, m2, d2)?;
    if end < start {
        // December 30 - January 2: the range spans New Year; the year
        // written (or known) is the end's unless the start has its own.
        if first.year.is_none() {
            start = start.with_year(start.year() - 1)?;
        } else {
            end = end.with_year(end.year() + 1)?;
        }
    }
    Some((start, end))
}

/// Why a conference's `date` text gives no days, for the report.
pub(super) fn no_range(text: &str) -> String {
    match placeholder(text) {
        Some(word) => format!("{word}, not announced"),
        None => format!("'{text}' is no date range ConfRadar reads"),
    }
}

#[derive(Default)]
struct DayParts {
    month: Option<u32>,
    day: Option<u32>,
    year: Option<i32>,
}

/// `June 20`, `20 June`, `25 2025`, `March 4 2025`: the parts of one end of a range.
fn day_parts(half: &str) -> Option<DayParts> {
    let mut parts = DayParts::default();
    for token in half.split_whitespace() {
        let token = token.trim_end_matches('.');
        let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if token.len() == 4 && token.chars().all(|c| c.is_ascii_digit()) {
            parts.year = Some(token.parse().ok()?);
        } else if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            // 20, 20th, 1st
            if parts.day.is_some() {
                return None;
            }
            parts.day = Some(digits.parse().ok()?);
        } else {
            parts.month = Some(month(token)?);
        }
    }
    Some(parts)
}

fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = word.to_ascii_lowercase();
    let position = MONTHS.iter().position(|m| lower.starts_with(m))?;
    u32::try_from(position + 1).ok()
}

/// `CCF: A, CORE: A*, THCPL: A` → rankings; parts without a colon are ignored.
pub(super) fn rankings(text: &str) -> Vec<Ranking> {
    text.split([',', ';'])
        .filter_map(|part| {
            let (system, rank) = part.split_once(':')?;
            let (system, rank) = (system.trim(), rank.trim());
            (!system.is_empty() && !rank.is_empty()).then(|| Ranking {
                system: system.to_ascii_uppercase(),
                rank: rank.to_string(),
            })
        })
        .collect()
}

/// Collects one edition's deadlines and accounts for every value read:
/// each is a deadline, a placeholder, or a skipped deadline with its reason.
#[derive(Default)]
pub(super) struct Collector {
    /// The deadlines made.
    pub deadlines: Vec<ObservedDeadline>,
    /// What was skipped or noticed, with lines.
    pub notes: Vec<ImportNote>,
}

/// A deadline's identity and wording, before its date is known.
pub(super) struct Slot<'a> {
    pub kind: DeadlineKind,
    pub track: Option<String>,
    pub label: Option<String>,
    pub timezone: Option<String>,
    /// The field it came from, for the report (`deadline`, `cfp_ext`).
    pub field: &'a str,
    pub line: usize,
}

impl Collector {
    /// Reads `value` as the date of `slot`: a placeholder is noted, a bad
    /// value is noted as a skipped deadline; a date comes back.
    pub fn date(
        &mut self,
        value: &Value,
        slot: &Slot<'_>,
    ) -> Option<(NaiveDate, Option<NaiveTime>)> {
        match when(value) {
            When::At(date, time) => Some((date, time)),
            When::Placeholder(word) => {
                let meaning = if word.to_ascii_lowercase().starts_with("cancel") {
                    "the call is cancelled"
                } else {
                    "not announced"
                };
                self.note(
                    slot.line,
                    NoteKind::NotAnnounced,
                    format!("`{}` is {word}: {meaning}, no deadline", slot.field),
                );
                None
            }
            When::Bad(reason) => {
                self.note(
                    slot.line,
                    NoteKind::SkippedDeadline,
                    format!("`{}`: {reason}", slot.field),
                );
                None
            }
        }
    }

    /// Reads and adds one deadline.
    pub fn add(&mut self, value: &Value, slot: Slot<'_>) {
        if let Some((date, time)) = self.date(value, &slot) {
            self.push(slot, date, None, time, None);
        }
    }

    /// Adds a deadline whose dates are known; an exact repeat within the
    /// edition is noted and left out (it would be stored once anyway).
    pub fn push(
        &mut self,
        slot: Slot<'_>,
        due_date: NaiveDate,
        end_date: Option<NaiveDate>,
        time: Option<NaiveTime>,
        replaces: Option<PriorValue>,
    ) {
        let deadline = ObservedDeadline {
            kind: slot.kind,
            track: slot.track,
            due_date,
            end_date,
            time,
            timezone: slot.timezone,
            label: slot.label,
            replaces,
        };
        let repeat = self.deadlines.iter().any(|d| {
            d.kind == deadline.kind
                && d.track == deadline.track
                && d.due_date == deadline.due_date
                && d.end_date == deadline.end_date
                && d.time == deadline.time
        });
        if repeat {
            self.note(
                slot.line,
                NoteKind::Repeated,
                format!(
                    "`{}` repeats a {} deadline of the same edition ({due_date}); stored once",
                    slot.field, deadline.kind
                ),
            );
        } else {
            self.deadlines.push(deadline);
        }
    }

    /// Adds a note.
    pub fn note(&mut self, line: usize, kind: NoteKind, message: String) {
        self.notes.push(ImportNote {
            line,
            kind,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_without_padding_or_seconds_parse() {
        let (d, t) = parse_when("2024-5-3 9:05").unwrap();
        assert_eq!(
            (d.to_string(), t.unwrap().to_string()),
            ("2024-05-03".into(), "09:05:00".into())
        );
        let (_, t) = parse_when("2024-05-03 23:59:59").unwrap();
        assert_eq!(t.unwrap().to_string(), "23:59:00");
        assert!(parse_when("2024-02-30").is_err());
        assert!(matches!(
            when(&Value::String("TBD".into())),
            When::Placeholder(_)
        ));
        assert!(matches!(when(&Value::String("soon".into())), When::Bad(_)));
    }

    #[test]
    fn event_dates_in_words() {
        let range = |t, y| event_dates(t, y).map(|(a, b)| format!("{a}/{b}"));
        assert_eq!(
            range("June 20-25, 2021", None).as_deref(),
            Some("2021-06-20/2021-06-25")
        );
        assert_eq!(
            range("February 25 - March 4, 2025", None).as_deref(),
            Some("2025-02-25/2025-03-04")
        );
        assert_eq!(
            range("July 21, 2024", None).as_deref(),
            Some("2024-07-21/2024-07-21")
        );
        assert_eq!(
            range("September 6–9", Some(2027)).as_deref(),
            Some("2027-09-06/2027-09-09")
        );
        assert_eq!(range("TBA", Some(2027)), None);
        assert_eq!(range("May 2027 (exact dates TBD)", None), None);
        assert_eq!(
            range("December, 12-15, 2023", None).as_deref(),
            Some("2023-12-12/2023-12-15")
        );
        assert_eq!(
            range("29 June - 3 July, 2026", None).as_deref(),
            Some("2026-06-29/2026-07-03")
        );
        assert_eq!(
            range("January 31 - 4 February, 2026", None).as_deref(),
            Some("2026-01-31/2026-02-04")
        );
        assert_eq!(
            range("December 30 - January 2, 2026", None).as_deref(),
            Some("2025-12-30/2026-01-02")
        );
        assert_eq!(range("April, 2024", None), None);
        assert_eq!(range("March-April, 2025", None), None);
    }

    #[test]
    fn rankings_split_on_commas() {
        let r = rankings("CCF: A, CORE: A*, THCPL: A");
        assert_eq!(r.len(), 3);
        assert_eq!((r[1].system.as_str(), r[1].rank.as_str()), ("CORE", "A*"));
    }
}
