//! `series_rankings`: how a ranking system rates a series (CCF A, CORE A*),
//! one row per system and source that says so.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One ranking of a series.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "series_rankings")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The series.
    pub series_id: i32,
    /// The ranking system, upper-cased (`CCF`, `CORE`, `THCPL`).
    pub system: String,
    /// The rank it gives (`A`, `A*`, `B`).
    pub rank: String,
    /// The URL or file that gave it; empty when unknown.
    pub source: String,
    /// When a source last stated it.
    #[serde(with = "super::time::serde_utc")]
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `series_rankings`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The series.
    #[sea_orm(
        belongs_to = "super::series::Entity",
        from = "Column::SeriesId",
        to = "super::series::Column::Id",
        on_delete = "Cascade"
    )]
    Series,
}

impl Related<super::series::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Series.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
