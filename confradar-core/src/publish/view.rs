//! What the HTML templates show, computed once in Rust so the templates only
//! place text (every value is escaped by the template engine).

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;

use super::countdown::countdown;
use super::{
    by_month, conference_label, describe_change, is_web_url, kind_label, published, recent_change,
};
use crate::repository::{ChangeView, DeadlineView};

/// RFC 3339 in UTC, to the second (`data-due`, `<time datetime>`).
pub fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2026-01-31 11:59 UTC`.
pub fn utc_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `2026-01-31 12:59 CET`: the instant in the reader's zone.
pub fn zone_text(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// A link that may be followed (http/https), or text shown as is.
#[derive(Debug, Clone)]
pub struct Link {
    /// The URL or path.
    pub url: String,
    /// Whether it may become a link.
    pub web: bool,
}

impl Link {
    /// `url`, a link when it is http/https.
    pub fn new(url: &str) -> Self {
        Self {
            url: url.to_string(),
            web: is_web_url(url),
        }
    }
}

/// One deadline row.
#[derive(Debug, Clone)]
pub struct Row {
    /// Conference key (`data-conference`, the star's key).
    pub conference_key: String,
    /// `ICML 2026`.
    pub label: String,
    /// The full name, when it differs from the label.
    pub full_name: Option<String>,
    /// Series key.
    pub series_key: String,
    /// `submission`.
    pub kind: &'static str,
    /// `submission (Research track)`.
    pub kind_label: String,
    /// `2026-01-30 23:59 AoE`.
    pub published: String,
    /// RFC 3339 UTC instant.
    pub due_iso: String,
    /// `2026-01-31 11:59 UTC`.
    pub due_utc: String,
    /// `2026-01-31 11:59` (UTC, the Markdown table's first column).
    pub due_minute: String,
    /// In the reader's zone.
    pub due_local: String,
    /// `in 3 days 4 h`.
    pub countdown: String,
    /// The value before its latest move, if it moved.
    pub was: Option<String>,
    /// Moved recently (highlighted).
    pub changed: bool,
    /// Already past.
    pub past: bool,
    /// Sources disagree.
    pub conflict: bool,
    /// Where it was seen.
    pub source: Option<Link>,
    /// `DB, ML`.
    pub categories: String,
    /// `CCF:A, CORE:A*`.
    pub rankings: String,
    /// A workshop (it has a host).
    pub workshop: bool,
}

impl Row {
    /// The row of `d` as seen at `now` from `zone`, highlighting changes within `recent`.
    pub fn new(d: &DeadlineView, now: DateTime<Utc>, recent: chrono::Duration, zone: Tz) -> Self {
        let label = conference_label(d);
        let moved = d
            .last_change
            .as_ref()
            .filter(|c| c.old_value.is_some())
            .and_then(|c| c.old_value.clone());
        Self {
            conference_key: d.conference_key.clone(),
            full_name: (label != d.conference_name).then(|| d.conference_name.clone()),
            label,
            series_key: d.series_key.clone(),
            kind: d.kind.as_str(),
            kind_label: kind_label(d),
            published: published(d),
            due_iso: instant(d.due_at),
            due_utc: utc_text(d.due_at),
            due_minute: d.due_at.format("%Y-%m-%d %H:%M").to_string(),
            due_local: zone_text(d.due_at, zone),
            countdown: countdown(now, d.due_at),
            changed: recent_change(d, now, recent).is_some(),
            was: moved,
            past: d.due_at < now,
            conflict: d.conflict,
            source: d.source_url.as_deref().map(Link::new),
            categories: d.categories.join(", "),
            rankings: d
                .rankings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            workshop: d.host.is_some(),
        }
    }

    /// ` class="changed past"`, or nothing.
    pub fn class_attr(&self) -> String {
        let mut classes = Vec::new();
        if self.changed {
            classes.push("changed");
        }
        if self.past {
            classes.push("past");
        }
        if self.conflict {
            classes.push("conflict");
        }
        if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", classes.join(" "))
        }
    }
}

/// The deadlines of one month.
#[derive(Debug, Clone)]
pub struct Group {
    /// `January 2026`.
    pub title: String,
    /// Rows by UTC instant.
    pub rows: Vec<Row>,
}

/// Deadlines grouped by the month they are published in.
pub fn groups(
    deadlines: &[DeadlineView],
    now: DateTime<Utc>,
    recent: chrono::Duration,
    zone: Tz,
) -> Vec<Group> {
    by_month(deadlines)
        .into_iter()
        .map(|(title, rows)| Group {
            title,
            rows: rows
                .into_iter()
                .map(|d| Row::new(d, now, recent, zone))
                .collect(),
        })
        .collect()
}

/// One change in the history or the recent-changes list.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    /// RFC 3339.
    pub at_iso: String,
    /// `2026-01-12 06:00 UTC`.
    pub at_text: String,
    /// The change in words.
    pub text: String,
    /// Conference key.
    pub conference_key: String,
    /// Where it was noticed.
    pub source: Option<Link>,
}

impl From<&ChangeView> for ChangeRow {
    fn from(c: &ChangeView) -> Self {
        Self {
            at_iso: instant(c.detected_at),
            at_text: utc_text(c.detected_at),
            text: describe_change(c),
            conference_key: c.conference_key.clone(),
            source: c.source_url.as_deref().map(Link::new),
        }
    }
}

/// An option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The submitted value.
    pub value: String,
    /// What the reader sees.
    pub label: String,
    /// Currently chosen.
    pub selected: bool,
}

impl Choice {
    /// An option whose label is its value.
    pub fn plain(value: &str, current: &str) -> Self {
        Self::labelled(value, value, current)
    }

    /// An option with a label of its own.
    pub fn labelled(value: &str, label: &str, current: &str) -> Self {
        Self {
            value: value.to_string(),
            label: label.to_string(),
            selected: value.eq_ignore_ascii_case(current),
        }
    }
}
