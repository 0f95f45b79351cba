//! The date and time-zone parsers: zone names (`parse_zone`), due instants
//! (`resolve_due_at`) and the `--from`/`--until` bounds (`parse_bound`). Each answers
//! or refuses, never panics (e.g. on a time that does not exist in a zone).
#![no_main]

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use confradar_core::publish::{Bound, parse_bound};
use confradar_core::timezone::{parse_zone, resolve_due_at};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_zone(text);
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
    let _ = parse_bound(text, Bound::From, now);
    let _ = parse_bound(text, Bound::Until, now);
    // The first bytes pick a date and a time; the text is the zone.
    let day = data.first().copied().unwrap_or(0);
    let minute = data.get(1).copied().unwrap_or(0);
    let date = NaiveDate::from_ymd_opt(2026, 1 + u32::from(day % 12), 1 + u32::from(day % 28));
    let time = NaiveTime::from_hms_opt(u32::from(minute % 24), u32::from(minute % 60), 0);
    if let Some(date) = date {
        let _ = resolve_due_at(date, time, Some(text));
    }
});
