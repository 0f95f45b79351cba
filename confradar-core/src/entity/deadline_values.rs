//! `deadline_values`: one source's own value of one deadline, as published,
//! with when it was first seen, last seen and last moved. The reconciled
//! value lives in `deadlines`.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A source's value of a deadline. Identity: (source, kind, track, ordinal);
/// the source row already names the conference.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "deadline_values")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The conference.
    pub conference_id: i32,
    /// The source that publishes this value.
    pub source_id: i32,
    /// A [`crate::DeadlineKind`] name.
    pub kind: String,
    /// Track or cycle; empty for none.
    pub track: String,
    /// Position among deadlines of the same kind and track.
    pub ordinal: i32,
    /// The date as published.
    pub due_date: Date,
    /// Last day of a range.
    pub end_date: Option<Date>,
    /// Time of day as published (`HH:MM`).
    pub due_time: Option<String>,
    /// Zone as written.
    pub timezone: Option<String>,
    /// The resolved instant.
    #[serde(with = "super::time::serde_utc")]
    pub due_at: DateTimeWithTimeZone,
    /// When this source first showed the deadline.
    #[serde(with = "super::time::serde_utc")]
    pub first_seen_at: DateTimeWithTimeZone,
    /// When this source last showed it.
    #[serde(with = "super::time::serde_utc")]
    pub last_seen_at: DateTimeWithTimeZone,
    /// When this source's instant or range last moved (first sighting included).
    #[serde(with = "super::time::serde_utc")]
    pub changed_at: DateTimeWithTimeZone,
}

/// Relations of `deadline_values`.
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
        on_delete = "Cascade"
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
