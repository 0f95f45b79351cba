//! The knowledge base's records as the rest of ConfRadar sees them: what
//! crosses the [`crate::Repository`] trait instead of SeaORM `Model`s, so a
//! change of the schema or of the ORM does not reach callers by accident.
//!
//! The fields are the columns' (same names, same JSON), so everything that
//! read a row reads these unchanged. The conversions from the rows live with
//! the SeaORM implementation ([`crate::store`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A conference series such as NeurIPS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    /// Its id in the knowledge base.
    pub id: i32,
    /// Stable key, e.g. `neurips`.
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Acronym, e.g. `NeurIPS`.
    pub acronym: Option<String>,
    /// Series homepage.
    pub homepage: Option<String>,
    /// A one-line description, from community data.
    pub description: Option<String>,
    /// When it was first stored.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// One edition of a series, or a workshop under its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conference {
    /// Its id in the knowledge base.
    pub id: i32,
    /// Stable key, e.g. `neurips2025`.
    pub key: String,
    /// The series it belongs to.
    pub series_id: i32,
    /// Name of this edition.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// Year of the edition.
    pub year: i32,
    /// Where it takes place.
    pub location: Option<String>,
    /// First day.
    pub start_date: Option<NaiveDate>,
    /// Last day.
    pub end_date: Option<NaiveDate>,
    /// Homepage.
    pub homepage: Option<String>,
    /// The main conference a workshop belongs to.
    pub parent_id: Option<i32>,
    /// `conference` or `workshop` ([`crate::repository::ConferenceKind::as_str`]).
    pub kind: String,
    /// When it was first stored.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A page (or data file) a conference was seen on, with what fetching it learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Its id in the knowledge base.
    pub id: i32,
    /// The conference seen there.
    pub conference_id: i32,
    /// URL or local path.
    pub url: String,
    /// Last fetch attempt.
    pub last_fetched_at: Option<DateTime<Utc>>,
    /// HTTP `ETag` of the last good fetch.
    pub etag: Option<String>,
    /// HTTP `Last-Modified` of the last good fetch.
    pub last_modified: Option<String>,
    /// sha256 of the last body.
    pub content_hash: Option<String>,
    /// HTTP status of the last fetch.
    pub last_status: Option<i32>,
    /// Error of the last fetch, if it failed.
    pub last_error: Option<String>,
    /// Failures in a row.
    pub failure_count: i32,
    /// When it was first stored.
    pub created_at: DateTime<Utc>,
    /// `cfp_page` or `community` ([`crate::repository::SourceAuthority::as_str`]).
    pub authority: String,
}
