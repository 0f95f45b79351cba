//! The rule that turns several sources' values of one deadline into the one
//! the knowledge base shows (documented in `docs/architecture.md`):
//!
//! 1. the conference's own CFP page ([`SourceAuthority::CfpPage`]) wins over
//!    community data;
//! 2. among sources of equal authority, the value that changed most recently
//!    (a source's first sighting counts as a change);
//! 3. on a tie, the value already shown stays (no flip-flop), then the
//!    oldest source.
//!
//! Values are compared by instant and range, never by spelling: `20:00 UTC`
//! and `20:00 UTC+0` are one value.

use chrono::{DateTime, NaiveDate, Utc};

use crate::repository::SourceAuthority;

/// One source's value of a deadline, as the rule sees it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Candidate {
    /// The source; none for an observation without one (it speaks for the
    /// conference itself, now).
    pub source_id: Option<i32>,
    pub authority: SourceAuthority,
    pub changed_at: DateTime<Utc>,
    pub due_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub due_time: Option<String>,
    pub timezone: Option<String>,
    pub due_at: DateTime<Utc>,
}

impl Candidate {
    /// What makes two values the same deadline: the instant and the range.
    pub fn moment(&self) -> Moment {
        (self.due_at, self.end_date)
    }
}

/// The instant and the last day of a range.
pub(super) type Moment = (DateTime<Utc>, Option<NaiveDate>);

fn rank(authority: SourceAuthority) -> u8 {
    match authority {
        SourceAuthority::CfpPage => 1,
        SourceAuthority::Community => 0,
    }
}

/// The value to show, given every source's value and the one shown now.
pub(super) fn choose(candidates: &[Candidate], shown: Option<Moment>) -> Option<&Candidate> {
    candidates.iter().max_by(|a, b| {
        rank(a.authority)
            .cmp(&rank(b.authority))
            .then(a.changed_at.cmp(&b.changed_at))
            .then((Some(a.moment()) == shown).cmp(&(Some(b.moment()) == shown)))
            // The oldest source (lowest id) wins a full tie; no source (None) ranks first.
            .then(b.source_id.cmp(&a.source_id))
    })
}

/// Whether the candidates disagree on the instant or range.
pub(super) fn disagree<'a>(moments: impl IntoIterator<Item = &'a Moment>) -> bool {
    let mut iter = moments.into_iter();
    match iter.next() {
        Some(first) => iter.any(|m| m != first),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 30, hour, 0, 0).unwrap()
    }

    fn value(source: i32, authority: SourceAuthority, changed: u32, due: u32) -> Candidate {
        Candidate {
            source_id: Some(source),
            authority,
            changed_at: at(changed),
            due_date: NaiveDate::from_ymd_opt(2026, 1, 30).unwrap(),
            end_date: None,
            due_time: None,
            timezone: None,
            due_at: at(due),
        }
    }

    #[test]
    fn the_cfp_page_wins_over_newer_community_data() {
        let all = [
            value(1, SourceAuthority::CfpPage, 1, 10),
            value(2, SourceAuthority::Community, 5, 12),
        ];
        assert_eq!(choose(&all, None).unwrap().source_id, Some(1));
    }

    #[test]
    fn among_equals_the_latest_change_wins() {
        let all = [
            value(1, SourceAuthority::Community, 1, 10),
            value(2, SourceAuthority::Community, 5, 12),
        ];
        assert_eq!(choose(&all, None).unwrap().source_id, Some(2));
    }

    #[test]
    fn a_tie_keeps_what_is_shown_then_the_oldest_source() {
        let all = [
            value(1, SourceAuthority::Community, 3, 10),
            value(2, SourceAuthority::Community, 3, 12),
        ];
        assert_eq!(
            choose(&all, Some((at(12), None))).unwrap().source_id,
            Some(2)
        );
        assert_eq!(choose(&all, None).unwrap().source_id, Some(1));
    }

    #[test]
    fn disagreement_is_on_the_instant_only() {
        let a = (at(10), None);
        let b = (at(10), None);
        let c = (at(11), None);
        assert!(!disagree([&a, &b]));
        assert!(disagree([&a, &b, &c]));
        assert!(!disagree(std::iter::empty()));
    }
}
