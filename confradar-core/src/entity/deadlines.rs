//! `deadlines`: one important date of a conference, as published and as a UTC instant.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One deadline. Identity: (conference, kind, track, ordinal).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "deadlines")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The conference.
    pub conference_id: i32,
    /// A [`crate::DeadlineKind`] name.
    pub kind: String,
    /// Track or cycle; empty when the page has one.
    pub track: String,
    /// Position among deadlines of the same kind and track (rounds, cycles).
    pub ordinal: i32,
    /// The date as published.
    pub due_date: Date,
    /// Last day of a range.
    pub end_date: Option<Date>,
    /// Time of day as published (`HH:MM`).
    pub due_time: Option<String>,
    /// Zone as written (`AoE`, `UTC-12`, `PST`, …).
    pub timezone: Option<String>,
    /// The resolved instant (see [`crate::timezone::resolve_due_at`]).
    #[serde(with = "super::time::serde_utc")]
    pub due_at: DateTimeWithTimeZone,
    /// The page's wording.
    pub label: Option<String>,
    /// Where it was last seen.
    pub source_id: Option<i32>,
    /// When the row was created.
    #[serde(with = "super::time::serde_utc")]
    pub created_at: DateTimeWithTimeZone,
    /// When the row last changed.
    #[serde(with = "super::time::serde_utc")]
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `deadlines`.
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
    /// The source.
    #[sea_orm(
        belongs_to = "super::sources::Entity",
        from = "Column::SourceId",
        to = "super::sources::Column::Id",
        on_delete = "SetNull"
    )]
    Source,
}

impl Related<super::conferences::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conference.def()
    }
}

impl Related<super::sources::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Source.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
