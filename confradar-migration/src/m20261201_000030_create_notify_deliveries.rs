//! `notify_deliveries`: each change notification a run sent to a webhook
//! (`--notify URL`), delivered or not, so none is lost silently.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NotifyDeliveries::Table)
                    .if_not_exists()
                    .col(pk_auto(NotifyDeliveries::Id))
                    .col(integer_null(NotifyDeliveries::RunId))
                    // The webhook, password and query redacted.
                    .col(string_len(NotifyDeliveries::Url, 2048))
                    .col(string_len(NotifyDeliveries::Status, 16))
                    .col(integer(NotifyDeliveries::Attempts))
                    .col(integer_null(NotifyDeliveries::HttpStatus))
                    .col(integer(NotifyDeliveries::Changes))
                    .col(text_null(NotifyDeliveries::Error))
                    .col(timestamp_with_time_zone(NotifyDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone_null(NotifyDeliveries::DeliveredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notify_deliveries_run")
                    .table(NotifyDeliveries::Table)
                    .col(NotifyDeliveries::RunId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(NotifyDeliveries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum NotifyDeliveries {
    Table,
    Id,
    RunId,
    Url,
    Status,
    Attempts,
    HttpStatus,
    Changes,
    Error,
    CreatedAt,
    DeliveredAt,
}
