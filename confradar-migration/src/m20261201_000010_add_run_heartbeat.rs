//! `fetch_runs.heartbeat_at`: a running command touches it while it works, so
//! the next command can tell a run whose process died (`kill -9`, a lost
//! machine) from one still going, mark it `abandoned` and release its claims.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(FetchRuns::Table)
                    .add_column(timestamp_with_time_zone_null(FetchRuns::HeartbeatAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_fetch_runs_status")
                    .table(FetchRuns::Table)
                    .col(FetchRuns::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_fetch_runs_status")
                    .table(FetchRuns::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FetchRuns::Table)
                    .drop_column(FetchRuns::HeartbeatAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum FetchRuns {
    Table,
    Status,
    HeartbeatAt,
}
