//! `conferences`: one edition of a series (or a workshop under its parent).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One conference edition or workshop.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "conferences")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable key, e.g. `neurips2025`.
    #[sea_orm(unique)]
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
    pub start_date: Option<Date>,
    /// Last day.
    pub end_date: Option<Date>,
    /// Homepage.
    pub homepage: Option<String>,
    /// The main conference a workshop belongs to.
    pub parent_id: Option<i32>,
    /// `conference` or `workshop`.
    pub kind: String,
    /// When the row was created.
    #[serde(with = "super::time::serde_utc")]
    pub created_at: DateTimeWithTimeZone,
    /// When the row last changed.
    #[serde(with = "super::time::serde_utc")]
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `conferences`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its series.
    #[sea_orm(
        belongs_to = "super::series::Entity",
        from = "Column::SeriesId",
        to = "super::series::Column::Id",
        on_delete = "Cascade"
    )]
    Series,
    /// Its deadlines.
    #[sea_orm(has_many = "super::deadlines::Entity")]
    Deadlines,
    /// The pages it was seen on.
    #[sea_orm(has_many = "super::sources::Entity")]
    Sources,
}

impl Related<super::series::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Series.def()
    }
}

impl Related<super::deadlines::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Deadlines.def()
    }
}

impl Related<super::sources::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sources.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
