//! `crawl_queue`: the URLs the crawler visits, with the lease that shares them among workers.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One URL to crawl.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crawl_queue")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The page.
    #[sea_orm(unique)]
    pub url: String,
    /// The series the page belongs to, when known (seed homepages).
    pub series_id: Option<i32>,
    /// When it should be fetched next.
    #[serde(with = "super::time::serde_utc")]
    pub next_due_at: DateTimeWithTimeZone,
    /// The worker holding it now.
    pub claimed_by: Option<String>,
    /// When that claim lapses (a crashed worker's claims come back).
    #[serde(default, with = "super::time::serde_utc_opt")]
    pub claim_expires_at: Option<DateTimeWithTimeZone>,
    /// The last attempt.
    #[serde(default, with = "super::time::serde_utc_opt")]
    pub last_attempt_at: Option<DateTimeWithTimeZone>,
    /// Failures in a row.
    pub failure_count: i32,
    /// The last failure.
    pub last_error: Option<String>,
    /// When it was queued.
    #[serde(with = "super::time::serde_utc")]
    pub created_at: DateTimeWithTimeZone,
}

/// Relations of `crawl_queue`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The series.
    #[sea_orm(
        belongs_to = "super::series::Entity",
        from = "Column::SeriesId",
        to = "super::series::Column::Id",
        on_delete = "SetNull"
    )]
    Series,
}

impl Related<super::series::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Series.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
