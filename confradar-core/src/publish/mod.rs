//! Publishing the knowledge base: an iCalendar feed, JSON, CSV, Markdown, a
//! self-contained HTML page, and a small read-only HTTP server serving them.
//!
//! Every renderer reads through the [`Repository`] trait (never SQL), so the
//! output is the same on PostgreSQL, SQLite and MySQL/MariaDB, and returns a
//! `String`: `confradar-cli export` writes it to a file, [`http`] serves it.
//!
//! ```
//! use chrono::TimeZone;
//! use confradar_core::publish::{Bound, Format, countdown::countdown, parse_bound};
//! let format: Format = "ics".parse()?;
//! assert_eq!(format.content_type(), "text/calendar; charset=utf-8");
//! // A plain date as an upper bound keeps every deadline published on that
//! // day in any zone: the end of 2026-01-30 AoE is 12:00 UTC on Jan 31.
//! let until = parse_bound("2026-01-30", Bound::Until, chrono::Utc::now())?;
//! assert_eq!(until.to_rfc3339(), "2026-01-31T12:00:00+00:00");
//! let now = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
//! let due = chrono::Utc.with_ymd_and_hms(2026, 1, 4, 4, 30, 0).unwrap();
//! assert_eq!(countdown(now, due), "in 3 days 4 h");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::Repository;
use crate::repository::{
    ChangeView, ConferenceSnapshot, DeadlineChange, DeadlineQuery, DeadlineView,
};

pub mod cache;
pub mod countdown;
pub mod csv;
pub mod html;
pub mod http;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod view;
pub mod web;

/// What can go wrong while publishing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An output format ConfRadar does not write.
    #[error("unknown format '{0}': expected one of ics, json, csv, markdown, html")]
    UnknownFormat(String),
    /// A date or instant that does not parse.
    #[error(
        "bad {what} '{value}': expected a date (2026-01-30), an RFC 3339 instant (2026-01-30T12:00:00Z), \
         `now`, `today`, or a relative span such as 7d, 12h or 2w"
    )]
    BadInstant {
        /// Which value (`--since`, `from`, …).
        what: String,
        /// The text given.
        value: String,
    },
    /// A query parameter with a value that is not allowed.
    #[error("bad {what} '{value}': {allowed}")]
    BadParameter {
        /// Which parameter.
        what: String,
        /// The text given.
        value: String,
        /// What is allowed.
        allowed: String,
    },
    /// A page template failed to render (a bug: templates are checked at build time).
    #[error("cannot render the page: {0}")]
    Template(String),
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(String),
    /// Writing JSON failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Reading the knowledge base failed.
    #[error(transparent)]
    Repository(#[from] crate::Error),
}

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 5545 iCalendar: one event per deadline.
    Ics,
    /// Every conference with its series, sources, deadlines and history (see [`json`]).
    Json,
    /// One row per deadline (see [`csv`]).
    Csv,
    /// A Markdown page of upcoming deadlines.
    Markdown,
    /// A self-contained HTML page of upcoming deadlines.
    Html,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 5] = [
        Format::Ics,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Html,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Ics => "ics",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// The HTTP `Content-Type` of this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Ics => "text/calendar; charset=utf-8",
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
        }
    }

    /// Whether this format lists upcoming deadlines only by default (the
    /// pages), as opposed to everything (the calendar and the data dumps:
    /// a calendar keeps past events, a dump is complete).
    pub fn upcoming_by_default(self) -> bool {
        matches!(self, Format::Markdown | Format::Html)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        match wanted.as_str() {
            "ics" | "ical" | "icalendar" => Ok(Format::Ics),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(Error::UnknownFormat(s.to_string())),
        }
    }
}

/// Which end of a window a date bounds; see [`parse_bound`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// A lower bound (`--from`, `--since`): the start of the day.
    From,
    /// An upper bound (`--until`): the end of the day, exclusive.
    Until,
}

/// The earliest zone on Earth (UTC+14): a day starts there first.
fn earliest_zone() -> FixedOffset {
    const ZONE: FixedOffset = match FixedOffset::east_opt(14 * 3600) {
        Some(offset) => offset,
        None => panic!("UTC+14 is a valid offset"),
    };
    ZONE
}

/// Parses a window bound as users write it.
///
/// - An RFC 3339 instant (`2026-01-30T12:00:00Z`) is taken as is.
/// - A date (`2026-01-30`) covers that whole day *anywhere on Earth*: as a
///   [`Bound::From`] it starts when the day starts in UTC+14, as a
///   [`Bound::Until`] it ends when the day ends in AoE (UTC−12). So
///   `--until 2026-01-30` keeps "2026-01-30 23:59 AoE" (11:59 UTC on Jan 31).
/// - `now`, `today`, and relative spans: `7d`, `12h`, `2w`, `30m` (before
///   `now` for a lower bound, after it for an upper bound).
///
/// # Errors
/// [`Error::BadInstant`] naming the text and the accepted forms.
pub fn parse_bound(text: &str, bound: Bound, now: DateTime<Utc>) -> Result<DateTime<Utc>, Error> {
    let bad = || Error::BadInstant {
        what: "date".into(),
        value: text.to_string(),
    };
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    if lower == "now" {
        return Ok(now);
    }
    let date = if lower == "today" {
        Some(now.date_naive())
    } else {
        NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").ok()
    };
    if let Some(date) = date {
        return match bound {
            Bound::From => earliest_zone()
                .from_local_datetime(&date.and_time(NaiveTime::MIN))
                .single()
                .map(|at| at.with_timezone(&Utc))
                .ok_or_else(bad),
            Bound::Until => date
                .succ_opt()
                .and_then(|next| {
                    crate::timezone::aoe()
                        .from_local_datetime(&next.and_time(NaiveTime::MIN))
                        .single()
                })
                .map(|at| at.with_timezone(&Utc))
                .ok_or_else(bad),
        };
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(at.with_timezone(&Utc));
    }
    if let Some(span) = parse_span(&lower) {
        return match bound {
            Bound::From => now.checked_sub_signed(span),
            Bound::Until => now.checked_add_signed(span),
        }
        .ok_or_else(bad);
    }
    Err(bad())
}

/// `7d`, `12h`, `2w`, `30m` → a duration.
fn parse_span(text: &str) -> Option<Duration> {
    let unit = text.chars().last()?;
    let number: i64 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
    if !(0..=100_000).contains(&number) {
        return None;
    }
    match unit {
        'm' => Some(Duration::minutes(number)),
        'h' => Some(Duration::hours(number)),
        'd' => Some(Duration::days(number)),
        'w' => Some(Duration::weeks(number)),
        _ => None,
    }
}

/// A deadline as published: `2026-01-30 23:59 AoE` (the same wording as the
/// change history).
pub fn published(view: &DeadlineView) -> String {
    crate::store::describe_value(
        view.due_date,
        view.end_date,
        view.due_time.as_deref(),
        view.timezone.as_deref(),
    )
}

/// `ICML 2026`: the acronym and year when known, the name otherwise; a
/// workshop names its host: `GraphX 2026 · workshop at NeurIPS 2026`.
pub fn conference_label(view: &DeadlineView) -> String {
    let own = match view
        .conference_acronym
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(acronym) => format!("{acronym} {}", view.year),
        None => view.conference_name.clone(),
    };
    match view.host.as_deref() {
        Some(host) if !own.contains(" · workshop at ") => format!("{own} · workshop at {host}"),
        _ => own,
    }
}

/// `submission`, or `submission (Research track)`.
pub fn kind_label(view: &DeadlineView) -> String {
    if view.track.is_empty() {
        view.kind.as_str().to_string()
    } else {
        format!("{} ({})", view.kind, view.track)
    }
}

/// The change in words: `ICML 2026 submission: 2026-01-23 23:59 AoE → 2026-01-30 23:59 AoE`.
pub fn describe_change(change: &ChangeView) -> String {
    let described = DeadlineChange {
        kind: change.kind,
        track: change.track.clone(),
        old_value: change.old_value.clone(),
        new_value: change.new_value.clone(),
    }
    .describe();
    format!("{} {described}", change.conference_name)
}

/// The deadline's latest change when it moved (it had an old value) within
/// `window` before `now`.
pub fn recent_change(
    view: &DeadlineView,
    now: DateTime<Utc>,
    window: Duration,
) -> Option<&ChangeView> {
    view.last_change
        .as_ref()
        .filter(|change| change.old_value.is_some() && change.detected_at >= now - window)
}

/// Whether `url` may become a link (`http`/`https` only: no `javascript:`).
pub fn is_web_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// How a page is rendered.
#[derive(Debug, Clone)]
pub struct PageOptions {
    /// The moment countdowns are computed from.
    pub now: DateTime<Utc>,
    /// How far back a change still counts as recent (highlighted).
    pub recent: Duration,
    /// The page title.
    pub title: String,
}

impl Default for PageOptions {
    fn default() -> Self {
        Self {
            now: Utc::now(),
            recent: Duration::days(14),
            title: "Upcoming conference deadlines".into(),
        }
    }
}

/// What the Markdown and HTML pages show.
#[derive(Debug, Clone)]
pub struct Listing {
    /// Rendering options.
    pub options: PageOptions,
    /// The deadlines, by UTC instant.
    pub deadlines: Vec<DeadlineView>,
    /// Changes detected within [`PageOptions::recent`], newest first.
    pub recent_changes: Vec<ChangeView>,
}

impl Listing {
    /// Reads the deadlines matching `query` and the recent changes.
    ///
    /// # Errors
    /// [`Error::Repository`]: a database error, or an unknown series.
    pub async fn load(
        repo: &dyn Repository,
        query: &DeadlineQuery,
        options: PageOptions,
    ) -> Result<Self, Error> {
        let deadlines = repo.upcoming_deadlines(query).await?;
        let mut recent_changes = repo
            .changes_since(Some(options.now - options.recent))
            .await?;
        if let Some(series) = query.series.as_deref().filter(|s| !s.trim().is_empty()) {
            // Keep the changes of the conferences listed (the series filter).
            let keys: HashSet<String> = match repo.find_series(series).await? {
                Some(found) => repo
                    .conferences_of_series(&found.key)
                    .await?
                    .into_iter()
                    .map(|c| c.key)
                    .collect(),
                None => HashSet::new(),
            };
            recent_changes.retain(|c| keys.contains(&c.conference_key));
        }
        recent_changes.reverse();
        Ok(Self {
            options,
            deadlines,
            recent_changes,
        })
    }
}

/// Conferences for the data exports, with the calendar UIDs of their deadlines.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The conferences, by series key, year and key.
    pub conferences: Vec<ConferenceSnapshot>,
    /// Deadline id → calendar UID (counted over all deadlines, so the same
    /// as in the iCalendar feed whatever the filters).
    pub uids: HashMap<i32, String>,
}

impl Snapshot {
    /// Every conference (with series, sources, deadlines, history),
    /// restricted to the deadlines `query` selects. With an empty query every
    /// conference is kept, deadlines or not; with a filter, only conferences
    /// that have a matching deadline (and only those deadlines).
    ///
    /// # Errors
    /// [`Error::Repository`]: a database error, or an unknown series.
    pub async fn load(repo: &dyn Repository, query: &DeadlineQuery) -> Result<Self, Error> {
        let mut conferences = repo.snapshot().await?;
        let all: Vec<DeadlineView> = conferences
            .iter()
            .flat_map(|c| c.deadlines.iter().cloned())
            .collect();
        let uids = ics::uids(&all);
        if *query != DeadlineQuery::default() {
            let kept: HashSet<i32> = repo
                .upcoming_deadlines(query)
                .await?
                .into_iter()
                .map(|d| d.id)
                .collect();
            conferences.retain_mut(|conference| {
                conference.deadlines.retain(|d| kept.contains(&d.id));
                !conference.deadlines.is_empty()
            });
        }
        Ok(Self { conferences, uids })
    }
}

/// Renders `format` from the knowledge base: the one entry point of
/// `export` and of the server.
///
/// `query` selects deadlines as [`Repository::upcoming_deadlines`] does; the
/// caller decides the default window (see [`Format::upcoming_by_default`]).
///
/// # Errors
/// [`Error::Repository`] (a database error, an unknown series) or a
/// serialization error.
pub async fn render(
    repo: &dyn Repository,
    format: Format,
    query: &DeadlineQuery,
    options: PageOptions,
) -> Result<String, Error> {
    match format {
        Format::Ics => {
            let calendar = ics::Calendar::load(repo, query).await?;
            Ok(calendar.render(&ics::IcsOptions {
                now: options.now,
                name: "ConfRadar deadlines".into(),
            }))
        }
        Format::Json => json::conferences(&Snapshot::load(repo, query).await?, options.now),
        Format::Csv => csv::render(&Snapshot::load(repo, query).await?),
        Format::Markdown => markdown::render(&Listing::load(repo, query, options).await?),
        Format::Html => html::render(&Listing::load(repo, query, options).await?),
    }
}

/// Deadlines grouped by the month they are published in (`January 2026`),
/// months in order, each group by UTC instant.
pub fn by_month(deadlines: &[DeadlineView]) -> Vec<(String, Vec<&DeadlineView>)> {
    let mut groups: std::collections::BTreeMap<(i32, u32), Vec<&DeadlineView>> =
        std::collections::BTreeMap::new();
    for d in deadlines {
        use chrono::Datelike;
        groups
            .entry((d.due_date.year(), d.due_date.month()))
            .or_default()
            .push(d);
    }
    groups
        .into_values()
        .map(|mut group| {
            group.sort_by_key(|d| (d.due_at, d.id));
            let title = group
                .first()
                .map(|d| d.due_date.format("%B %Y").to_string())
                .unwrap_or_default();
            (title, group)
        })
        .collect()
}
