//! `series`: a conference series such as NeurIPS.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A conference series.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "series")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable key, e.g. `neurips`.
    #[sea_orm(unique)]
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Acronym, e.g. `NeurIPS`.
    pub acronym: Option<String>,
    /// Series homepage.
    pub homepage: Option<String>,
    /// A one-line description, from community data.
    pub description: Option<String>,
    /// When the row was created.
    #[serde(with = "super::time::serde_utc")]
    pub created_at: DateTimeWithTimeZone,
    /// When the row last changed.
    #[serde(with = "super::time::serde_utc")]
    pub updated_at: DateTimeWithTimeZone,
}

/// Relations of `series`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its aliases.
    #[sea_orm(has_many = "super::series_aliases::Entity")]
    Aliases,
    /// Its editions.
    #[sea_orm(has_many = "super::conferences::Entity")]
    Conferences,
}

impl Related<super::series_aliases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Aliases.def()
    }
}

impl Related<super::conferences::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conferences.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
