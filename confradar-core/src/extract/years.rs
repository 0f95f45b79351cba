//! Years the page leaves out, from the edition: the dates of an edition
//! fall in the months before and around its event, so in a page for the
//! 2026 edition whose event is in June, a November deadline is in 2025.

use chrono::NaiveDate;

use super::dates::PartialDate;

/// Years for dates written without one, in page order, when the page has no
/// dated event to anchor them: the last date is in the edition year, and an
/// earlier date falls a year back whenever the calendar wraps (a November
/// deadline listed before a February notification). A date a few weeks
/// after the next one is listed out of order, not a year apart ("July 1"
/// above "June 10").
pub(crate) fn chain_backwards(dates: &[PartialDate], edition: i32) -> Vec<i32> {
    let mut years = vec![edition; dates.len()];
    let mut next: Option<(u32, u32, i32)> = None;
    for (i, d) in dates.iter().enumerate().rev() {
        let year = match next {
            Some((m, day, y))
                if (d.month, d.day) > (m, day) && !weeks_apart((d.month, d.day), (m, day)) =>
            {
                y - 1
            }
            Some((_, _, y)) => y,
            None => edition,
        };
        years[i] = year;
        next = Some((d.month, d.day, year));
    }
    years
}

/// True when `later` falls less than two months after `earlier` in the
/// same year (months as 31 days: close enough for a listing order).
fn weeks_apart(later: (u32, u32), earlier: (u32, u32)) -> bool {
    let day_of_year = |(month, day): (u32, u32)| month * 31 + day;
    day_of_year(later).saturating_sub(day_of_year(earlier)) < 60
}

/// The event's own dates in the edition year, when the page gives the event
/// without a year ("Conference: June 10-12" on the "FooConf 2026" page).
pub(crate) fn event_in_edition(
    from: PartialDate,
    to: Option<PartialDate>,
    edition: i32,
) -> Option<(NaiveDate, NaiveDate)> {
    let start = from.resolve(edition)?;
    let end = to
        .and_then(|t| t.resolve(t.year.unwrap_or(edition)))
        .filter(|e| *e >= start)
        .unwrap_or(start);
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(month: u32, day: u32) -> PartialDate {
        PartialDate {
            year: None,
            month,
            day,
        }
    }

    #[test]
    fn the_calendar_wraps_into_the_previous_year() {
        type Case<'a> = (&'a [(u32, u32)], &'a [i32]);
        let cases: &[Case] = &[
            (
                &[(11, 15), (11, 22), (2, 1), (3, 15)],
                &[2025, 2025, 2026, 2026],
            ),
            (&[(1, 10), (3, 1), (5, 20)], &[2026, 2026, 2026]),
            (
                &[(9, 1), (12, 1), (1, 15), (6, 1)],
                &[2025, 2025, 2026, 2026],
            ),
            // A row a few weeks out of order stays in its year.
            (
                &[(3, 3), (3, 24), (7, 1), (6, 10)],
                &[2026, 2026, 2026, 2026],
            ),
            (&[(12, 20), (1, 10)], &[2025, 2026]),
        ];
        for (dates, want) in cases {
            let dates: Vec<PartialDate> = dates.iter().map(|&(m, d)| pd(m, d)).collect();
            assert_eq!(chain_backwards(&dates, 2026), *want, "{dates:?}");
        }
    }

    #[test]
    fn an_event_without_year_is_in_the_edition_year() {
        let got = event_in_edition(pd(6, 10), Some(pd(6, 12)), 2026);
        assert_eq!(
            got,
            Some((
                NaiveDate::from_ymd_opt(2026, 6, 10).unwrap_or_default(),
                NaiveDate::from_ymd_opt(2026, 6, 12).unwrap_or_default()
            ))
        );
    }
}
