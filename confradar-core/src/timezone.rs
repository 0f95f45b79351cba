//! Turning a deadline as published (date, optional time, zone as written)
//! into the UTC instant it stands for.
//!
//! The field's conventions: a deadline without a time means the end of that
//! day (23:59); a deadline without a zone is Anywhere on Earth (AoE, UTC−12).
//! Named zones (PT, PST/PDT, CET, `America/Los_Angeles`, …) resolve with the
//! daylight-saving rule in force on that date: an hour off is a missed deadline.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A zone the resolver does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown time zone '{0}': use AoE, UTC±HH[:MM], GMT±HH, an abbreviation such as PST or CET, or an IANA name such as Europe/Paris"
)]
pub struct UnknownTimezone(pub String);

/// A resolved zone: a fixed offset or an IANA zone with its DST rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// A fixed UTC offset (AoE, UTC+2, GMT).
    Fixed(FixedOffset),
    /// A named zone whose offset depends on the date.
    Named(Tz),
}

/// Anywhere on Earth: UTC−12.
pub fn aoe() -> FixedOffset {
    const AOE: FixedOffset = match FixedOffset::west_opt(12 * 3600) {
        Some(offset) => offset,
        None => panic!("UTC-12 is a valid offset"),
    };
    AOE
}

/// Parses a zone as pages write it.
///
/// # Errors
/// [`UnknownTimezone`] when the text is no zone this resolver knows.
pub fn parse_zone(text: &str) -> Result<Zone, UnknownTimezone> {
    if let Some(zone) = parse_one(text) {
        return Ok(zone);
    }
    // `AoE (UTC-12)`, `11:59 PT (UTC-7)`: the part outside the brackets, else the part inside.
    if let Some((outside, rest)) = text.split_once('(') {
        let inside = rest.split(')').next().unwrap_or_default();
        if let Some(zone) = parse_one(outside).or_else(|| parse_one(inside)) {
            return Ok(zone);
        }
    }
    Err(UnknownTimezone(text.to_string()))
}

/// One spelling of a zone, no brackets.
///
/// `Etc/GMT+8` is UTC−8: the tz database's POSIX-style names invert the sign,
/// and the IANA name is read as such; `GMT+8` written alone is UTC+8.
fn parse_one(text: &str) -> Option<Zone> {
    let trimmed = text
        .trim()
        .trim_matches(|c: char| c == '(' || c == ')' || c == '.');
    let upper = trimmed.to_ascii_uppercase().replace(['−', '–'], "-");
    let compact: String = upper.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    if matches!(
        compact.as_str(),
        "AOE" | "ANYWHEREONEARTH" | "ANYWHERE-ON-EARTH" | "ANYWHERE_ON_EARTH"
    ) {
        return Some(Zone::Fixed(aoe()));
    }
    if matches!(
        compact.as_str(),
        "UTC" | "GMT" | "Z" | "UT" | "ZULU" | "ETC/UTC" | "ETC/GMT"
    ) {
        return fixed(0);
    }
    for prefix in ["UTC", "GMT", "UT", ""] {
        if let Some(seconds) = compact.strip_prefix(prefix).and_then(parse_offset) {
            return fixed(seconds);
        }
    }
    if let Some(tz) = abbreviation(&compact).and_then(|name| name.parse::<Tz>().ok()) {
        return Some(Zone::Named(tz));
    }
    trimmed
        .parse::<Tz>()
        .ok()
        .or_else(|| iana_any_case(trimmed))
        .map(Zone::Named)
}

/// `america/los_angeles`: an IANA name in the wrong case. A scan of the zone
/// list, only for text no faster rule understood (chrono-tz's own
/// case-insensitive parser needs a feature that pulls in a build-time map).
fn iana_any_case(text: &str) -> Option<Tz> {
    chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(text))
        .copied()
}

fn fixed(seconds: i32) -> Option<Zone> {
    FixedOffset::east_opt(seconds).map(Zone::Fixed)
}

/// `+2`, `-12`, `+05:30`, `+0530`, `-08` → seconds east of UTC.
fn parse_offset(rest: &str) -> Option<i32> {
    let (sign, digits) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' => (-1, &rest[1..]),
        _ => return None,
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return None;
    }
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        // `get`, not indexing: four bytes may split a character ("1ë" from a page).
        None if digits.len() == 4 => (
            digits.get(..2)?.parse().ok()?,
            digits.get(2..)?.parse().ok()?,
        ),
        None => (digits.parse::<i32>().ok()?, 0),
    };
    if !(0..=14).contains(&hours) || !(0..60).contains(&minutes) {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

/// Abbreviations seen on CFP pages, mapped to the IANA zone whose rules they
/// name. PST and PDT both map to Los Angeles: pages often write "PST" in
/// summer, and the date decides which offset is in force.
fn abbreviation(upper: &str) -> Option<&'static str> {
    Some(match upper {
        "PT" | "PST" | "PDT" | "PACIFIC" | "PACIFICTIME" => "America/Los_Angeles",
        "MT" | "MST" | "MDT" => "America/Denver",
        "CT" | "CST" | "CDT" => "America/Chicago",
        "ET" | "EST" | "EDT" | "EASTERN" => "America/New_York",
        "AKST" | "AKDT" => "America/Anchorage",
        "HST" => "Pacific/Honolulu",
        "WET" | "WEST" => "Europe/Lisbon",
        "BST" => "Europe/London",
        "CET" | "CEST" | "MEZ" => "Europe/Paris",
        "EET" | "EEST" => "Europe/Athens",
        "MSK" => "Europe/Moscow",
        "IST" => "Asia/Kolkata",
        "SGT" => "Asia/Singapore",
        "HKT" => "Asia/Hong_Kong",
        "JST" => "Asia/Tokyo",
        "KST" => "Asia/Seoul",
        "AEST" | "AEDT" => "Australia/Sydney",
        "ACST" | "ACDT" => "Australia/Adelaide",
        "AWST" => "Australia/Perth",
        "NZST" | "NZDT" => "Pacific/Auckland",
        "BRT" => "America/Sao_Paulo",
        _ => return None,
    })
}

/// The UTC instant of a deadline published as `date`, optional `time` and optional `timezone`.
///
/// No time means 23:59 that day; no zone means AoE.
///
/// ```
/// use chrono::{NaiveDate, NaiveTime};
/// use confradar_core::timezone::resolve_due_at;
/// let date = NaiveDate::from_ymd_opt(2026, 1, 30).unwrap();
/// // 23:59 AoE on Jan 30 is 11:59 UTC on Jan 31.
/// let at = resolve_due_at(date, None, Some("AoE")).unwrap();
/// assert_eq!(at.to_rfc3339(), "2026-01-31T11:59:00+00:00");
/// ```
///
/// # Errors
/// [`UnknownTimezone`] when `timezone` is set but not understood.
pub fn resolve_due_at(
    date: NaiveDate,
    time: Option<NaiveTime>,
    timezone: Option<&str>,
) -> Result<DateTime<Utc>, UnknownTimezone> {
    let time = time.unwrap_or_else(end_of_day);
    let local = NaiveDateTime::new(date, time);
    let zone = match timezone.map(str::trim).filter(|z| !z.is_empty()) {
        Some(text) => parse_zone(text)?,
        None => Zone::Fixed(aoe()),
    };
    Ok(match zone {
        Zone::Fixed(offset) => from_local(&offset, local),
        Zone::Named(tz) => from_local(&tz, local),
    })
}

/// 23:59, the time a deadline without one is taken to end.
pub fn end_of_day() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN)
}

/// Local → UTC. In a DST overlap the earlier instant wins (the safe side of a
/// deadline); in a DST gap the wall clock is moved past the gap.
fn from_local<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local).earliest() {
        Some(at) => at.with_timezone(&Utc),
        None => {
            let later = local + chrono::Duration::hours(1);
            zone.from_local_datetime(&later)
                .earliest()
                .map(|at| at.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// Found by the `dates` fuzz target: four bytes of offset that split a character
    /// panicked on slicing; signs inside the digits were taken as offsets.
    #[test]
    fn offsets_with_non_ascii_or_doubled_signs_are_refused_not_a_panic() {
        for text in [
            "GMT+1\u{eb}\u{3}",
            "UTC+1\u{e9}",
            "UTC-\u{e9}12",
            "UTC+-5",
            "GMT+5:-30",
        ] {
            assert!(parse_zone(text).is_err(), "{text:?}");
        }
        assert!(parse_zone("UTC+0530").is_ok());
    }

    #[test]
    fn aoe_is_utc_minus_twelve_across_the_day_boundary() {
        let at = resolve_due_at(d(2026, 1, 30), Some(t(23, 59)), Some("AoE")).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-01-31T11:59:00+00:00");
    }

    #[test]
    fn no_time_means_end_of_day_and_no_zone_means_aoe() {
        let at = resolve_due_at(d(2026, 5, 15), None, None).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-05-16T11:59:00+00:00");
    }

    #[test]
    fn pst_written_in_summer_uses_daylight_time() {
        let summer = resolve_due_at(d(2026, 7, 1), Some(t(12, 0)), Some("PST")).unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T19:00:00+00:00");
        let winter = resolve_due_at(d(2026, 1, 15), Some(t(12, 0)), Some("PDT")).unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-01-15T20:00:00+00:00");
    }

    #[test]
    fn cet_switches_at_the_end_of_march() {
        let before = resolve_due_at(d(2026, 3, 28), Some(t(12, 0)), Some("CET")).unwrap();
        let after = resolve_due_at(d(2026, 3, 30), Some(t(12, 0)), Some("CET")).unwrap();
        assert_eq!(before.to_rfc3339(), "2026-03-28T11:00:00+00:00");
        assert_eq!(after.to_rfc3339(), "2026-03-30T10:00:00+00:00");
    }

    #[test]
    fn fixed_offsets_in_several_spellings() {
        for (zone, expected) in [
            ("UTC-12", "2026-02-02T12:00:00+00:00"),
            ("UTC+1", "2026-02-01T23:00:00+00:00"),
            ("GMT+05:30", "2026-02-01T18:30:00+00:00"),
            ("UTC −7", "2026-02-02T07:00:00+00:00"),
            ("GMT", "2026-02-02T00:00:00+00:00"),
            ("Anywhere on Earth", "2026-02-02T12:00:00+00:00"),
            ("America/Los_Angeles", "2026-02-02T08:00:00+00:00"),
        ] {
            let at = resolve_due_at(d(2026, 2, 2), Some(t(0, 0)), Some(zone)).unwrap();
            assert_eq!(at.to_rfc3339(), expected, "zone {zone}");
        }
    }

    #[test]
    fn unknown_zone_is_an_error_that_names_it() {
        let err = resolve_due_at(d(2026, 2, 2), None, Some("Mars/Olympus")).unwrap_err();
        assert!(err.to_string().contains("Mars/Olympus"));
    }

    /// Every spelling seen in community data, with the instant of 12:00 on
    /// 2026-02-02 (winter in the north).
    #[test]
    fn every_spelling_in_community_data() {
        for (zone, expected) in [
            ("AoE", "2026-02-03T00:00:00+00:00"),
            ("aoe", "2026-02-03T00:00:00+00:00"),
            ("anywhere on earth", "2026-02-03T00:00:00+00:00"),
            ("AoE (UTC-12)", "2026-02-03T00:00:00+00:00"),
            ("UTC-12", "2026-02-03T00:00:00+00:00"),
            ("UTC-08", "2026-02-02T20:00:00+00:00"),
            ("UTC+0", "2026-02-02T12:00:00+00:00"),
            ("UTC+00:00", "2026-02-02T12:00:00+00:00"),
            ("UTC", "2026-02-02T12:00:00+00:00"),
            ("GMT", "2026-02-02T12:00:00+00:00"),
            ("Z", "2026-02-02T12:00:00+00:00"),
            ("Etc/UTC", "2026-02-02T12:00:00+00:00"),
            ("GMT+02", "2026-02-02T10:00:00+00:00"),
            ("GMT+8", "2026-02-02T04:00:00+00:00"),
            ("+05:30", "2026-02-02T06:30:00+00:00"),
            // The tz database's POSIX-style names invert the sign: Etc/GMT+8 is UTC−8.
            ("Etc/GMT+8", "2026-02-02T20:00:00+00:00"),
            ("Etc/GMT-2", "2026-02-02T10:00:00+00:00"),
            ("PT", "2026-02-02T20:00:00+00:00"),
            ("PST", "2026-02-02T20:00:00+00:00"),
            ("PDT", "2026-02-02T20:00:00+00:00"),
            ("America/Los_Angeles", "2026-02-02T20:00:00+00:00"),
            ("america/los_angeles", "2026-02-02T20:00:00+00:00"),
            ("Asia/Shanghai", "2026-02-02T04:00:00+00:00"),
            ("Europe/Paris", "2026-02-02T11:00:00+00:00"),
        ] {
            let at = resolve_due_at(d(2026, 2, 2), Some(t(12, 0)), Some(zone)).unwrap();
            assert_eq!(at.to_rfc3339(), expected, "zone {zone}");
        }
    }

    /// The spellings community data sets use for one instant resolve alike.
    #[test]
    fn different_spellings_of_one_instant_are_equal() {
        for ((day, at, zone), (day2, at2, zone2)) in [
            (
                ((2023, 5, 11), (20, 0), "UTC+0"),
                ((2023, 5, 11), (20, 0), "UTC"),
            ),
            (
                ((2023, 1, 26), (7, 59), "UTC-12"),
                ((2023, 1, 26), (11, 59), "America/Los_Angeles"),
            ),
            (
                ((2026, 7, 1), (23, 59), "Etc/GMT+8"),
                ((2026, 7, 1), (23, 59), "UTC-08"),
            ),
            (
                ((2026, 7, 1), (23, 59), "AoE"),
                ((2026, 7, 2), (11, 59), "Z"),
            ),
        ] {
            let left = resolve_due_at(d(day.0, day.1, day.2), Some(t(at.0, at.1)), Some(zone));
            let right = resolve_due_at(
                d(day2.0, day2.1, day2.2),
                Some(t(at2.0, at2.1)),
                Some(zone2),
            );
            assert_eq!(left.unwrap(), right.unwrap(), "{zone} vs {zone2}");
        }
    }

    /// Los Angeles springs forward at 02:00 on 2026-03-08 and falls back at
    /// 02:00 on 2026-11-01; `PT` follows the date.
    #[test]
    fn los_angeles_at_the_dst_boundaries() {
        for ((y, m, day), (h, min), zone, expected) in [
            ((2026, 3, 7), (23, 59), "PT", "2026-03-08T07:59:00+00:00"),
            (
                (2026, 3, 8),
                (1, 59),
                "America/Los_Angeles",
                "2026-03-08T09:59:00+00:00",
            ),
            (
                (2026, 3, 8),
                (3, 0),
                "America/Los_Angeles",
                "2026-03-08T10:00:00+00:00",
            ),
            ((2026, 3, 8), (23, 59), "PT", "2026-03-09T06:59:00+00:00"),
            ((2026, 3, 8), (23, 59), "PST", "2026-03-09T06:59:00+00:00"),
            ((2026, 10, 31), (23, 59), "PT", "2026-11-01T06:59:00+00:00"),
            ((2026, 11, 1), (0, 30), "PT", "2026-11-01T07:30:00+00:00"),
            // 01:30 happens twice: the earlier (PDT) instant is the safe side.
            ((2026, 11, 1), (1, 30), "PT", "2026-11-01T08:30:00+00:00"),
            ((2026, 11, 1), (2, 30), "PT", "2026-11-01T10:30:00+00:00"),
            ((2026, 11, 1), (23, 59), "PDT", "2026-11-02T07:59:00+00:00"),
        ] {
            let at = resolve_due_at(d(y, m, day), Some(t(h, min)), Some(zone)).unwrap();
            assert_eq!(at.to_rfc3339(), expected, "{y}-{m}-{day} {h}:{min} {zone}");
        }
    }

    #[test]
    fn dst_gap_moves_past_the_gap() {
        // 02:30 on 2026-03-08 does not exist in Los Angeles.
        let at = resolve_due_at(d(2026, 3, 8), Some(t(2, 30)), Some("PT")).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-03-08T10:30:00+00:00");
    }
}
