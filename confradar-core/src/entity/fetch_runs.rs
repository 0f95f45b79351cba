//! `fetch_runs`: the pipeline's run history.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One run of `fetch`, `import` or `crawl`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "fetch_runs")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Start.
    #[serde(with = "super::time::serde_utc")]
    pub started_at: DateTimeWithTimeZone,
    /// End; none while running (or when the worker died).
    #[serde(default, with = "super::time::serde_utc_opt")]
    pub finished_at: Option<DateTimeWithTimeZone>,
    /// `running`, `succeeded`, `partial`, `failed` or `interrupted`.
    pub status: String,
    /// The command that ran (`crawl`, `fetch`, `import`).
    pub command: String,
    /// Which worker ran it.
    pub worker: Option<String>,
    /// Pages stored.
    pub pages_ok: i32,
    /// Pages that failed.
    pub pages_failed: i32,
    /// Pages found unchanged.
    pub pages_unchanged: i32,
    /// Deadline changes detected.
    pub changes_detected: i32,
    /// The first errors, one per line.
    pub error_summary: Option<String>,
    /// The last sign of life of a running command.
    #[serde(default, with = "super::time::serde_utc_opt")]
    pub heartbeat_at: Option<DateTimeWithTimeZone>,
}

/// `fetch_runs` has no relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
