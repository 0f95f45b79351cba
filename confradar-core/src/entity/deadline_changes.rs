//! `deadline_changes`: the history of every deadline change.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One detected change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "deadline_changes")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The deadline that changed.
    pub deadline_id: i32,
    /// Its conference (kept for fast "changes of X" queries).
    pub conference_id: i32,
    /// What changed: `due` (date, time or zone) or `added`.
    pub field: String,
    /// Value before, e.g. `2026-01-23 23:59 AoE`; none when the deadline is new.
    pub old_value: Option<String>,
    /// Value after.
    pub new_value: Option<String>,
    /// When it was detected.
    #[serde(with = "super::time::serde_utc")]
    pub detected_at: DateTimeWithTimeZone,
    /// The page it was detected on.
    pub source_id: Option<i32>,
}

/// Relations of `deadline_changes`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The deadline.
    #[sea_orm(
        belongs_to = "super::deadlines::Entity",
        from = "Column::DeadlineId",
        to = "super::deadlines::Column::Id",
        on_delete = "Cascade"
    )]
    Deadline,
}

impl Related<super::deadlines::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Deadline.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
