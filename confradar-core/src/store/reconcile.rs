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
use sea_orm::Set;

use crate::entity::time::{db_time, utc};
use crate::entity::{deadline_values, deadlines};
use crate::repository::SourceAuthority;

/// A deadline's value: the date, range, time and zone as published, and its
/// UTC instant. `deadline_values` holds one per source, `deadlines` the
/// reconciled one; this is the only place that copies it between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Value {
    pub due_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub due_time: Option<String>,
    pub timezone: Option<String>,
    pub due_at: DateTime<Utc>,
}

impl Value {
    /// What makes two values the same deadline: the instant and the range.
    pub fn moment(&self) -> Moment {
        (self.due_at, self.end_date)
    }

    /// Whether two values are written alike (date, time and zone).
    pub fn same_spelling(&self, other: &Value) -> bool {
        self.due_date == other.due_date
            && self.due_time == other.due_time
            && self.timezone == other.timezone
    }

    /// `2026-01-23 23:59 AoE`, as the change history shows it.
    pub fn text(&self) -> String {
        super::describe_value(
            self.due_date,
            self.end_date,
            self.due_time.as_deref(),
            self.timezone.as_deref(),
        )
    }

    /// Writes this value into a reconciled deadline row.
    pub fn write_deadline(&self, row: &mut deadlines::Model) {
        row.due_date = self.due_date;
        row.end_date = self.end_date;
        row.due_time.clone_from(&self.due_time);
        row.timezone.clone_from(&self.timezone);
        row.due_at = db_time(self.due_at);
    }

    /// Writes this value into one source's value row.
    pub fn write_source_value(&self, row: &mut deadline_values::Model) {
        row.due_date = self.due_date;
        row.end_date = self.end_date;
        row.due_time.clone_from(&self.due_time);
        row.timezone.clone_from(&self.timezone);
        row.due_at = db_time(self.due_at);
    }

    /// A new deadline row holding this value (other columns not set).
    pub fn new_deadline(&self) -> deadlines::ActiveModel {
        deadlines::ActiveModel {
            due_date: Set(self.due_date),
            end_date: Set(self.end_date),
            due_time: Set(self.due_time.clone()),
            timezone: Set(self.timezone.clone()),
            due_at: Set(db_time(self.due_at)),
            ..Default::default()
        }
    }

    /// A new source value row holding this value (other columns not set).
    pub fn new_source_value(&self) -> deadline_values::ActiveModel {
        deadline_values::ActiveModel {
            due_date: Set(self.due_date),
            end_date: Set(self.end_date),
            due_time: Set(self.due_time.clone()),
            timezone: Set(self.timezone.clone()),
            due_at: Set(db_time(self.due_at)),
            ..Default::default()
        }
    }
}

impl From<&deadlines::Model> for Value {
    fn from(row: &deadlines::Model) -> Self {
        Self {
            due_date: row.due_date,
            end_date: row.end_date,
            due_time: row.due_time.clone(),
            timezone: row.timezone.clone(),
            due_at: utc(row.due_at),
        }
    }
}

impl From<&deadline_values::Model> for Value {
    fn from(row: &deadline_values::Model) -> Self {
        Self {
            due_date: row.due_date,
            end_date: row.end_date,
            due_time: row.due_time.clone(),
            timezone: row.timezone.clone(),
            due_at: utc(row.due_at),
        }
    }
}

/// One source's value of a deadline, as the rule sees it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Candidate {
    /// The source; none for an observation without one (it speaks for the
    /// conference itself, now).
    pub source_id: Option<i32>,
    pub authority: SourceAuthority,
    pub changed_at: DateTime<Utc>,
    pub value: Value,
}

impl Candidate {
    /// What makes two values the same deadline: the instant and the range.
    pub fn moment(&self) -> Moment {
        self.value.moment()
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

    fn db_at(hour: u32) -> sea_orm::prelude::DateTimeWithTimeZone {
        db_time(at(hour))
    }

    fn value(source: i32, authority: SourceAuthority, changed: u32, due: u32) -> Candidate {
        Candidate {
            source_id: Some(source),
            authority,
            changed_at: at(changed),
            value: Value {
                due_date: NaiveDate::from_ymd_opt(2026, 1, 30).unwrap(),
                end_date: None,
                due_time: None,
                timezone: None,
                due_at: at(due),
            },
        }
    }

    fn deadline_row() -> deadlines::Model {
        deadlines::Model {
            id: 7,
            conference_id: 3,
            kind: "submission".into(),
            track: String::new(),
            ordinal: 0,
            due_date: NaiveDate::from_ymd_opt(2026, 1, 23).unwrap(),
            end_date: None,
            due_time: Some("23:59".into()),
            timezone: Some("AoE".into()),
            due_at: db_at(11),
            label: Some("Paper submission".into()),
            source_id: Some(2),
            created_at: db_at(1),
            updated_at: db_at(2),
        }
    }

    fn source_value_row() -> deadline_values::Model {
        deadline_values::Model {
            id: 9,
            conference_id: 3,
            source_id: 4,
            kind: "submission".into(),
            track: String::new(),
            ordinal: 0,
            due_date: NaiveDate::from_ymd_opt(2026, 1, 30).unwrap(),
            end_date: Some(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
            due_time: Some("12:00".into()),
            timezone: Some("UTC".into()),
            due_at: db_at(12),
            first_seen_at: db_at(1),
            last_seen_at: db_at(3),
            changed_at: db_at(2),
        }
    }

    #[test]
    fn a_value_moves_between_the_two_tables_whole_and_nothing_else() {
        let source = source_value_row();
        let mut deadline = deadline_row();
        let moved = Value::from(&source);
        moved.write_deadline(&mut deadline);
        assert_eq!(Value::from(&deadline), moved);
        assert_eq!(
            Value::from(&deadline).text(),
            "2026-01-30 – 2026-02-01 12:00 UTC"
        );
        // The row's own columns stay.
        assert_eq!(
            (deadline.id, deadline.label.as_deref(), deadline.source_id),
            (7, Some("Paper submission"), Some(2))
        );

        let mut back = source_value_row();
        Value::from(&deadline_row()).write_source_value(&mut back);
        assert_eq!(Value::from(&back), Value::from(&deadline_row()));
        assert_eq!((back.id, back.source_id, back.changed_at), (9, 4, db_at(2)));
    }

    #[test]
    fn new_rows_get_the_value_and_leave_the_rest_unset() {
        let value = Value::from(&deadline_row());
        let row = value.new_deadline();
        assert_eq!(row.due_time, Set(Some("23:59".to_string())));
        assert_eq!(row.due_at, Set(db_at(11)));
        assert!(row.id.is_not_set() && row.label.is_not_set() && row.source_id.is_not_set());
        let row = value.new_source_value();
        assert_eq!(row.timezone, Set(Some("AoE".to_string())));
        assert_eq!(row.due_date, Set(value.due_date));
        assert!(row.id.is_not_set() && row.first_seen_at.is_not_set());
    }

    #[test]
    fn spelling_and_moment_are_told_apart() {
        let a = Value::from(&deadline_row());
        let mut b = a.clone();
        b.timezone = Some("UTC-12".into());
        assert_eq!(a.moment(), b.moment());
        assert!(!a.same_spelling(&b));
        assert_eq!(a.text(), "2026-01-23 23:59 AoE");
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
