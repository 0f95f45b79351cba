//! Countdowns in words: `in 3 days 4 h`, `in 5 h 12 min`, `2 days ago`.

use chrono::{DateTime, Utc};

/// The time from `now` to `at` in words, to the minute: `in 3 days 4 h`,
/// `in 5 h 12 min`, `in 12 min`, `now`, `2 days ago`.
///
/// ```
/// use chrono::TimeZone;
/// use confradar_core::publish::countdown::countdown;
/// let now = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
/// assert_eq!(countdown(now, now + chrono::Duration::minutes(312)), "in 5 h 12 min");
/// assert_eq!(countdown(now, now - chrono::Duration::days(2)), "2 days ago");
/// ```
pub fn countdown(now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let minutes = (at - now).num_minutes();
    if minutes == 0 {
        return "now".into();
    }
    let span = span(minutes.unsigned_abs());
    if minutes > 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

fn span(minutes: u64) -> String {
    let days = minutes / (24 * 60);
    let hours = minutes / 60 % 24;
    let mins = minutes % 60;
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, h) if mins == 0 => format!("{h} h"),
        (0, h) => format!("{h} h {mins} min"),
        (d, 0) => format!("{d} {}", plural(d)),
        (d, h) => format!("{d} {} {h} h", plural(d)),
    }
}

fn plural(days: u64) -> &'static str {
    if days == 1 { "day" } else { "days" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn spans_in_words() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        for (minutes, expected) in [
            (0, "now"),
            (1, "in 1 min"),
            (59, "in 59 min"),
            (60, "in 1 h"),
            (61, "in 1 h 1 min"),
            (24 * 60, "in 1 day"),
            (24 * 60 + 59, "in 1 day"),
            (3 * 24 * 60 + 4 * 60 + 30, "in 3 days 4 h"),
            (-2 * 24 * 60, "2 days ago"),
            (-5, "5 min ago"),
        ] {
            assert_eq!(
                countdown(now, now + Duration::minutes(minutes)),
                expected,
                "{minutes} min"
            );
        }
    }
}
