//! `sources`: the pages a conference was seen on, with fetch bookkeeping.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A page a conference was seen on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sources")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The conference seen there.
    pub conference_id: i32,
    /// URL or local path; unique per conference.
    pub url: String,
    /// Last fetch attempt.
    #[serde(default, with = "super::time::serde_utc_opt")]
    pub last_fetched_at: Option<DateTimeWithTimeZone>,
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
    /// When the row was created.
    #[serde(with = "super::time::serde_utc")]
    pub created_at: DateTimeWithTimeZone,
    /// `cfp_page` (the conference's own page) or `community` (a data set):
    /// decides whose value wins when sources disagree.
    pub authority: String,
}

/// Relations of `sources`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The conference.
    #[sea_orm(
        belongs_to = "super::conferences::Entity",
        from = "Column::ConferenceId",
        to = "super::conferences::Column::Id",
        on_delete = "Cascade"
    )]
    Conference,
}

impl Related<super::conferences::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conference.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
