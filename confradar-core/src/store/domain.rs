//! Rows into the [`crate::domain`] records the [`crate::Repository`] trait
//! hands out: the one place that knows both. Each row is destructured without
//! `..`, so a new column stops the build here until someone decides whether
//! it crosses the trait.

use crate::domain::{Conference, Series, Source};
use crate::entity::time::utc;
use crate::entity::{conferences, series, sources};

impl From<series::Model> for Series {
    fn from(row: series::Model) -> Self {
        let series::Model {
            id,
            key,
            name,
            acronym,
            homepage,
            description,
            created_at,
            updated_at,
        } = row;
        Self {
            id,
            key,
            name,
            acronym,
            homepage,
            description,
            created_at: utc(created_at),
            updated_at: utc(updated_at),
        }
    }
}

impl From<conferences::Model> for Conference {
    fn from(row: conferences::Model) -> Self {
        let conferences::Model {
            id,
            key,
            series_id,
            name,
            acronym,
            year,
            location,
            start_date,
            end_date,
            homepage,
            parent_id,
            kind,
            created_at,
            updated_at,
        } = row;
        Self {
            id,
            key,
            series_id,
            name,
            acronym,
            year,
            location,
            start_date,
            end_date,
            homepage,
            parent_id,
            kind,
            created_at: utc(created_at),
            updated_at: utc(updated_at),
        }
    }
}

impl From<sources::Model> for Source {
    fn from(row: sources::Model) -> Self {
        let sources::Model {
            id,
            conference_id,
            url,
            last_fetched_at,
            etag,
            last_modified,
            content_hash,
            last_status,
            last_error,
            failure_count,
            created_at,
            authority,
        } = row;
        Self {
            id,
            conference_id,
            url,
            last_fetched_at: last_fetched_at.map(utc),
            etag,
            last_modified,
            content_hash,
            last_status,
            last_error,
            failure_count,
            created_at: utc(created_at),
            authority,
        }
    }
}
