//! The iCalendar feed (RFC 5545), written with the `icalendar` crate.
//!
//! One `VEVENT` per deadline:
//!
//! - `UID`: `{conference key}.{kind}[.{track}].{ordinal}@confradar`, the
//!   ordinal counting the deadlines of that conference, kind and track in the
//!   order they were first seen. It does not depend on the date, so when a
//!   deadline moves, re-importing the feed updates the event instead of
//!   adding a second one; it does not depend on the filters either.
//! - `SEQUENCE`: the id of the deadline's latest change (0 if none), which
//!   only grows, so calendars take the new version.
//! - `DTSTART` in UTC (no `DTEND`: a deadline is an instant), `DTSTAMP` the
//!   generation time, `LAST-MODIFIED` the latest change.
//! - `SUMMARY` `ICML 2026: submission deadline`; `DESCRIPTION` with the date as
//!   published, the old value of a moved deadline and the source; `URL` the
//!   source page (http/https only); two display reminders, 7 days and 1 day before.
//!
//! Lines end in CRLF and are folded at 75 octets; text is escaped. Control
//! characters from pages are removed before they reach the writer.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use icalendar::{Alarm, Calendar as ICalendar, Component, Event, EventLike, Property};

use super::{Error, conference_label, kind_label, published};
use crate::Repository;
use crate::repository::{DeadlineQuery, DeadlineView};

/// How the feed is written.
#[derive(Debug, Clone)]
pub struct IcsOptions {
    /// `DTSTAMP` of every event.
    pub now: DateTime<Utc>,
    /// The calendar's display name (`X-WR-CALNAME`).
    pub name: String,
}

/// Deadlines with their stable UIDs, ready to be written.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// `(uid, deadline)`, by UTC instant.
    pub events: Vec<(String, DeadlineView)>,
}

impl Calendar {
    /// Reads the deadlines `query` selects and gives each its stable UID
    /// (ordinals are counted over all deadlines, so filters do not change them).
    ///
    /// # Errors
    /// [`Error::Repository`]: a database error, or an unknown series.
    pub async fn load(repo: &dyn Repository, query: &DeadlineQuery) -> Result<Self, Error> {
        let all = repo.upcoming_deadlines(&DeadlineQuery::default()).await?;
        let uids = uids(&all);
        let selected = if *query == DeadlineQuery::default() {
            all
        } else {
            let kept: HashSet<i32> = repo
                .upcoming_deadlines(query)
                .await?
                .into_iter()
                .map(|d| d.id)
                .collect();
            all.into_iter().filter(|d| kept.contains(&d.id)).collect()
        };
        let events = selected
            .into_iter()
            .map(|d| {
                let uid = uids
                    .get(&d.id)
                    .cloned()
                    .unwrap_or_else(|| format!("deadline-{}@confradar", d.id));
                (uid, d)
            })
            .collect();
        Ok(Self { events })
    }

    /// The feed as text (CRLF line ends).
    pub fn render(&self, options: &IcsOptions) -> String {
        let mut refresh = Property::new("REFRESH-INTERVAL", "PT1H");
        refresh.add_parameter("VALUE", "DURATION");
        let mut calendar = ICalendar::empty();
        calendar
            .append_property(Property::new("VERSION", "2.0"))
            .append_property(Property::new(
                "PRODID",
                "-//ConfRadar//Conference deadlines//EN",
            ))
            .append_property(Property::new("CALSCALE", "GREGORIAN"))
            .append_property(Property::new("METHOD", "PUBLISH"))
            .append_property(Property::new("X-WR-CALNAME", clean(&options.name)))
            .append_property(Property::new("X-PUBLISHED-TTL", "PT1H"))
            .append_property(refresh);
        for (uid, deadline) in &self.events {
            calendar.push(event(uid, deadline, options.now));
        }
        calendar.to_string()
    }
}

/// Stable UIDs: conference key, kind, track and the ordinal by id.
pub fn uids(deadlines: &[DeadlineView]) -> HashMap<i32, String> {
    let mut by_group: HashMap<(&str, &str, &str), Vec<i32>> = HashMap::new();
    for d in deadlines {
        by_group
            .entry((&d.conference_key, d.kind.as_str(), &d.track))
            .or_default()
            .push(d.id);
    }
    let mut out = HashMap::with_capacity(deadlines.len());
    for ((key, kind, track), mut ids) in by_group {
        ids.sort_unstable();
        for (ordinal, id) in ids.into_iter().enumerate() {
            let track = if track.is_empty() {
                String::new()
            } else {
                format!(".{}", slug(track))
            };
            out.insert(
                id,
                format!("{}.{kind}{track}.{}@confradar", slug(key), ordinal + 1),
            );
        }
    }
    out
}

/// Lower-case ASCII letters and digits, other runs become one `-`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "x".into()
    } else {
        trimmed.to_string()
    }
}

/// Text from pages, without control characters (a bare CR would end a line);
/// newlines are kept and escaped by the writer.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

fn event(uid: &str, d: &DeadlineView, now: DateTime<Utc>) -> Event {
    let what = if d.kind.is_deadline() {
        format!("{} deadline", kind_label(d))
    } else {
        kind_label(d)
    };
    let summary = format!("{}: {what}", conference_label(d));
    let mut description = format!("{}\n{what}: {}", d.conference_name, published(d));
    if let Some(label) = d.label.as_deref().filter(|l| !l.trim().is_empty()) {
        description.push_str(&format!("\nAs the page says: {label}"));
    }
    if let Some(change) = &d.last_change
        && let Some(old) = &change.old_value
    {
        description.push_str(&format!(
            "\nMoved from {old} (noticed {})",
            change.detected_at.format("%Y-%m-%d")
        ));
    }
    if let Some(url) = &d.source_url {
        description.push_str(&format!("\nSource: {url}"));
    }
    let mut event = Event::new();
    event
        .uid(&clean(uid))
        .timestamp(now)
        .starts(d.due_at)
        .summary(&clean(&summary))
        .description(&clean(&description))
        .sequence(
            d.last_change
                .as_ref()
                .and_then(|c| u32::try_from(c.id).ok())
                .unwrap_or(0),
        )
        .append_property(Property::new("TRANSP", "TRANSPARENT"))
        .append_property(Property::new("CATEGORIES", d.kind.as_str()));
    if let Some(change) = &d.last_change {
        event.last_modified(change.detected_at);
    }
    if let Some(url) = d.source_url.as_deref().filter(|u| super::is_web_url(u)) {
        event.url(url);
    }
    // Deterministic alarm UIDs and stamps (the writer would add random
    // ones), so the same data always gives the same feed and ETag.
    for (days, trigger) in [(7, "-P7D"), (1, "-P1D")] {
        let mut alarm = Alarm::display(
            &clean(&format!("{summary} ({})", published(d))),
            -Duration::days(days),
        );
        alarm
            .add_property("TRIGGER", trigger)
            .add_property("UID", format!("{uid}.alarm-{days}d"))
            .timestamp(now);
        event.alarm(alarm);
    }
    event.done()
}
