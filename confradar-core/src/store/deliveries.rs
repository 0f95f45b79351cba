//! The change notifications recorded in `notify_deliveries`, as
//! [`DeliveryRecord`]s: redacted here, whatever an older version stored.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::SeaOrmRepository;
use crate::entity::notify_deliveries;
use crate::entity::time::utc;
use crate::error::Result;
use crate::notify::{redact_urls_in, redact_webhook};
use crate::repository::{DeliveryQuery, DeliveryRecord};

/// The status of a delivery that never reached its webhook.
const FAILED: &str = "failed";

impl From<notify_deliveries::Model> for DeliveryRecord {
    fn from(row: notify_deliveries::Model) -> Self {
        Self {
            id: row.id,
            run_id: row.run_id,
            // Stored redacted already; redacted again in case a row came from
            // elsewhere (a restored dump, an older version, a hand-made row).
            url: redact_webhook(&row.url),
            status: row.status,
            attempts: row.attempts,
            http_status: row.http_status,
            changes: row.changes,
            error: row.error.as_deref().map(redact_urls_in),
            created_at: utc(row.created_at),
            delivered_at: row.delivered_at.map(utc),
        }
    }
}

impl SeaOrmRepository {
    pub(super) async fn load_deliveries(
        &self,
        query: &DeliveryQuery,
    ) -> Result<Vec<DeliveryRecord>> {
        let mut select = notify_deliveries::Entity::find();
        if query.failed_only {
            select = select.filter(notify_deliveries::Column::Status.eq(FAILED));
        }
        Ok(select
            .order_by_desc(notify_deliveries::Column::CreatedAt)
            .order_by_desc(notify_deliveries::Column::Id)
            .limit(query.limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(DeliveryRecord::from)
            .collect())
    }
}
