//! `notify_deliveries`: each change notification sent to a webhook.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One delivery (or failed delivery) of a run's changes to one webhook.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "notify_deliveries")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The run whose changes were sent.
    pub run_id: Option<i32>,
    /// The webhook, password and query redacted.
    pub url: String,
    /// `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: i32,
    /// The last HTTP status received.
    pub http_status: Option<i32>,
    /// Changes in the message.
    pub changes: i32,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// When the run handed the changes over.
    #[serde(with = "super::time::serde_utc")]
    pub created_at: DateTimeWithTimeZone,
    /// When the webhook accepted them.
    #[serde(default, with = "super::time::serde_utc_opt")]
    pub delivered_at: Option<DateTimeWithTimeZone>,
}

/// No relations: a delivery outlives its run's row if that is ever pruned.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
