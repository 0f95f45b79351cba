//! JSON documents: the full export, and the shapes of the HTTP API.
//!
//! The full export ([`conferences`], `export --format json`,
//! `GET /api/conferences`) is an [`ExportDocument`]:
//!
//! ```json
//! {
//!   "generated_at": "2026-01-10T08:00:00Z",
//!   "conferences": [{
//!     "key": "icml2026", "name": "International Conference on Machine Learning",
//!     "acronym": "ICML", "year": 2026, "kind": "conference", "parent_key": null,
//!     "location": "Seoul, South Korea", "start_date": "2026-07-06", "end_date": "2026-07-11",
//!     "homepage": null,
//!     "series": { "key": "icml", "name": "…", "acronym": "ICML", "homepage": null,
//!                 "description": null, "categories": ["ML"],
//!                 "rankings": [{ "system": "CCF", "rank": "A" }], "tags": [] },
//!     "sources": [{ "url": "https://icml.cc/…", "last_fetched_at": "…", "last_status": 200 }],
//!     "deadlines": [ /* DeadlineRecord */ ],
//!     "history": [ /* ChangeRecord, oldest first */ ]
//!   }]
//! }
//! ```
//!
//! A [`DeadlineRecord`] (also each element of `GET /api/deadlines` and of
//! `upcoming --json`):
//!
//! ```json
//! { "uid": "icml2026.submission.1@confradar" /* only in the export */,
//!   "conference_key": "icml2026", "conference": "ICML 2026", "series_key": "icml",
//!   "kind": "submission", "track": "", "published": "2026-01-30 23:59 AoE",
//!   "due_date": "2026-01-30", "end_date": null, "due_time": "23:59", "timezone": "AoE",
//!   "due_at": "2026-01-31T11:59:00Z", "label": "Paper submission deadline",
//!   "source_url": "https://…", "last_change": /* ChangeRecord or null */,
//!   "categories": ["ML"], "rankings": [{ "system": "CCF", "rank": "A" }],
//!   "conflict": false /* true: sources disagree, see `confradar-cli conflicts` */ }
//! ```
//!
//! A [`ChangeRecord`] (each element of `GET /api/changes` and `changes --json`):
//!
//! ```json
//! { "id": 7, "conference_key": "icml2026", "conference": "ICML 2026", "kind": "submission",
//!   "track": "", "old_value": "2026-01-23 23:59 AoE", "new_value": "2026-01-30 23:59 AoE",
//!   "detected_at": "2026-01-12T06:00:00Z", "source_url": "https://…",
//!   "description": "ICML 2026 submission: 2026-01-23 23:59 AoE → 2026-01-30 23:59 AoE" }
//! ```
//!
//! Instants are RFC 3339 in UTC; dates are `YYYY-MM-DD`; absent values are `null`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

use super::{Error, conference_label, describe_change, published};
use crate::repository::{
    ChangeView, ConferenceSnapshot, DeadlineConflict, DeadlineView, Ranking, SourceValueView,
};

/// The full export.
#[derive(Debug, Clone, Serialize)]
pub struct ExportDocument {
    /// When the document was written (UTC, RFC 3339).
    pub generated_at: String,
    /// Every conference, by series key, year and key.
    pub conferences: Vec<ConferenceRecord>,
}

/// One conference edition with everything known about it.
#[derive(Debug, Clone, Serialize)]
pub struct ConferenceRecord {
    /// Stable key (`icml2026`).
    pub key: String,
    /// Name of the edition.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// Year.
    pub year: i32,
    /// `conference` or `workshop`.
    pub kind: String,
    /// The parent conference of a workshop.
    pub parent_key: Option<String>,
    /// Where it takes place.
    pub location: Option<String>,
    /// First day.
    pub start_date: Option<NaiveDate>,
    /// Last day.
    pub end_date: Option<NaiveDate>,
    /// Homepage.
    pub homepage: Option<String>,
    /// Its series.
    pub series: SeriesRecord,
    /// The pages it was seen on.
    pub sources: Vec<SourceRecord>,
    /// Its deadlines, by UTC instant.
    pub deadlines: Vec<DeadlineRecord>,
    /// Every recorded change of its deadlines, oldest first.
    pub history: Vec<ChangeRecord>,
}

/// A conference series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesRecord {
    /// Stable key (`icml`).
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// Homepage.
    pub homepage: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Categories (`DB`, `ML`).
    pub categories: Vec<String>,
    /// Rankings by system.
    pub rankings: Vec<Ranking>,
    /// Free-form tags.
    pub tags: Vec<String>,
}

/// A page a conference was seen on.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRecord {
    /// URL or local path.
    pub url: String,
    /// Last fetch attempt.
    pub last_fetched_at: Option<String>,
    /// HTTP status of the last fetch.
    pub last_status: Option<i32>,
}

/// One deadline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeadlineRecord {
    /// The calendar UID (export only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Conference key.
    pub conference_key: String,
    /// `ICML 2026`.
    pub conference: String,
    /// Series key.
    pub series_key: String,
    /// Kind (`submission`, `camera_ready`, …).
    pub kind: String,
    /// Track, empty for none.
    pub track: String,
    /// The date as published: `2026-01-30 23:59 AoE`.
    pub published: String,
    /// Date as published.
    pub due_date: NaiveDate,
    /// Last day of a range.
    pub end_date: Option<NaiveDate>,
    /// Time as published (`HH:MM`).
    pub due_time: Option<String>,
    /// Zone as written (none means AoE).
    pub timezone: Option<String>,
    /// The UTC instant.
    pub due_at: String,
    /// The page's wording.
    pub label: Option<String>,
    /// Where it was seen.
    pub source_url: Option<String>,
    /// Its latest change.
    pub last_change: Option<ChangeRecord>,
    /// The series' categories (`DB`, `ML`).
    pub categories: Vec<String>,
    /// The series' rankings (`{"system": "CCF", "rank": "A"}`).
    pub rankings: Vec<Ranking>,
    /// Sources disagree on this deadline (`confradar-cli conflicts` lists
    /// their values); the one shown is the reconciled value.
    pub conflict: bool,
}

/// One recorded change of a deadline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChangeRecord {
    /// Change id (grows over time).
    pub id: i32,
    /// Conference key.
    pub conference_key: String,
    /// Conference display name.
    pub conference: String,
    /// Deadline kind.
    pub kind: String,
    /// Deadline track, empty for none.
    pub track: String,
    /// Value before (none: the deadline is new).
    pub old_value: Option<String>,
    /// Value after (none: the deadline was removed).
    pub new_value: Option<String>,
    /// When the change was noticed (UTC).
    pub detected_at: String,
    /// The page it was noticed on.
    pub source_url: Option<String>,
    /// The change in words.
    pub description: String,
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<&ChangeView> for ChangeRecord {
    fn from(c: &ChangeView) -> Self {
        Self {
            id: c.id,
            conference_key: c.conference_key.clone(),
            conference: c.conference_name.clone(),
            kind: c.kind.as_str().to_string(),
            track: c.track.clone(),
            old_value: c.old_value.clone(),
            new_value: c.new_value.clone(),
            detected_at: instant(c.detected_at),
            source_url: c.source_url.clone(),
            description: describe_change(c),
        }
    }
}

impl From<&DeadlineView> for DeadlineRecord {
    fn from(d: &DeadlineView) -> Self {
        Self {
            uid: None,
            conference_key: d.conference_key.clone(),
            conference: conference_label(d),
            series_key: d.series_key.clone(),
            kind: d.kind.as_str().to_string(),
            track: d.track.clone(),
            published: published(d),
            due_date: d.due_date,
            end_date: d.end_date,
            due_time: d.due_time.clone(),
            timezone: d.timezone.clone(),
            due_at: instant(d.due_at),
            label: d.label.clone(),
            source_url: d.source_url.clone(),
            last_change: d.last_change.as_ref().map(ChangeRecord::from),
            categories: d.categories.clone(),
            rankings: d.rankings.clone(),
            conflict: d.conflict,
        }
    }
}

/// The [`ConferenceRecord`]s of a snapshot; `uids` maps deadline ids to
/// their calendar UIDs (see [`super::Snapshot`]).
pub fn records(
    snapshot: &[ConferenceSnapshot],
    uids: &HashMap<i32, String>,
) -> Vec<ConferenceRecord> {
    snapshot
        .iter()
        .map(|s| ConferenceRecord {
            key: s.conference.key.clone(),
            name: s.conference.name.clone(),
            acronym: s.conference.acronym.clone(),
            year: s.conference.year,
            kind: s.conference.kind.clone(),
            parent_key: s.parent_key.clone(),
            location: s.conference.location.clone(),
            start_date: s.conference.start_date,
            end_date: s.conference.end_date,
            homepage: s.conference.homepage.clone(),
            series: SeriesRecord {
                key: s.series.key.clone(),
                name: s.series.name.clone(),
                acronym: s.series.acronym.clone(),
                homepage: s.series.homepage.clone(),
                description: s.facts.description.clone(),
                categories: s.facts.categories.clone(),
                rankings: s.facts.rankings.clone(),
                tags: s.facts.tags.clone(),
            },
            sources: s
                .sources
                .iter()
                .map(|src| SourceRecord {
                    url: src.url.clone(),
                    last_fetched_at: src.last_fetched_at.map(instant),
                    last_status: src.last_status,
                })
                .collect(),
            deadlines: s
                .deadlines
                .iter()
                .map(|d| DeadlineRecord {
                    uid: uids.get(&d.id).cloned(),
                    ..DeadlineRecord::from(d)
                })
                .collect(),
            history: s.changes.iter().map(ChangeRecord::from).collect(),
        })
        .collect()
}

/// The full export as pretty JSON (an [`ExportDocument`]).
///
/// # Errors
/// [`Error::Json`] if serialization fails.
pub fn conferences(
    snapshot: &super::Snapshot,
    generated_at: DateTime<Utc>,
) -> Result<String, Error> {
    let document = ExportDocument {
        generated_at: instant(generated_at),
        conferences: records(&snapshot.conferences, &snapshot.uids),
    };
    Ok(serde_json::to_string_pretty(&document)? + "\n")
}

/// Deadlines as a JSON array of [`DeadlineRecord`]s.
///
/// # Errors
/// [`Error::Json`] if serialization fails.
pub fn deadlines(views: &[DeadlineView]) -> Result<String, Error> {
    let records: Vec<DeadlineRecord> = views.iter().map(DeadlineRecord::from).collect();
    Ok(serde_json::to_string_pretty(&records)? + "\n")
}

/// Changes as a JSON array of [`ChangeRecord`]s.
///
/// # Errors
/// [`Error::Json`] if serialization fails.
pub fn changes(changes: &[ChangeView]) -> Result<String, Error> {
    let records: Vec<ChangeRecord> = changes.iter().map(ChangeRecord::from).collect();
    Ok(serde_json::to_string_pretty(&records)? + "\n")
}

/// A deadline its sources disagree on: the reconciled record, and every
/// source's value (the chosen one first). Each element of `conflicts --json`.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictRecord {
    /// The deadline as reconciled.
    #[serde(flatten)]
    pub deadline: DeadlineRecord,
    /// Every source's value.
    pub values: Vec<SourceValueView>,
}

/// Conflicts as a JSON array of [`ConflictRecord`]s.
///
/// # Errors
/// [`Error::Json`] if serialization fails.
pub fn conflicts(conflicts: &[DeadlineConflict]) -> Result<String, Error> {
    let records: Vec<ConflictRecord> = conflicts
        .iter()
        .map(|c| ConflictRecord {
            deadline: DeadlineRecord::from(&c.deadline),
            values: c.values.clone(),
        })
        .collect();
    Ok(serde_json::to_string_pretty(&records)? + "\n")
}
