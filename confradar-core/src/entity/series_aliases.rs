//! `series_aliases`: every name a series is known by, normalized.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One alias of a series.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "series_aliases")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The series it names.
    pub series_id: i32,
    /// Normalized form (see [`crate::names::normalize`]); unique across all series.
    #[sea_orm(unique)]
    pub alias: String,
    /// The alias as first seen.
    pub display: String,
}

/// Relations of `series_aliases`.
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
