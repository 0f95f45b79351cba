//! `crawl_queue`: the pages the crawler visits, one row per URL, with the
//! lease that lets several workers share one database. A worker claims a due
//! URL with one conditional UPDATE (atomic on every backend); a crashed
//! worker's claim lapses at `claim_expires_at` and the URL comes back.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CrawlQueue::Table)
                    .col(pk_auto(CrawlQueue::Id))
                    .col(string_len_uniq(CrawlQueue::Url, 700))
                    .col(integer_null(CrawlQueue::SeriesId))
                    .col(timestamp_with_time_zone(CrawlQueue::NextDueAt))
                    .col(string_len_null(CrawlQueue::ClaimedBy, 128))
                    .col(timestamp_with_time_zone_null(CrawlQueue::ClaimExpiresAt))
                    .col(timestamp_with_time_zone_null(CrawlQueue::LastAttemptAt))
                    .col(integer(CrawlQueue::FailureCount).default(0))
                    .col(text_null(CrawlQueue::LastError))
                    .col(timestamp_with_time_zone(CrawlQueue::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_crawl_queue_series")
                            .from(CrawlQueue::Table, CrawlQueue::SeriesId)
                            .to(Series::Table, Series::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_crawl_queue_next_due")
                    .table(CrawlQueue::Table)
                    .col(CrawlQueue::NextDueAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(CrawlQueue::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum CrawlQueue {
    Table,
    Id,
    Url,
    SeriesId,
    NextDueAt,
    ClaimedBy,
    ClaimExpiresAt,
    LastAttemptAt,
    FailureCount,
    LastError,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Series {
    Table,
    Id,
}
