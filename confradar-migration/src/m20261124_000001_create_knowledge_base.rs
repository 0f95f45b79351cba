//! The knowledge base: series and their aliases, conferences (editions and
//! workshops), the pages they were seen on, their deadlines, the history of
//! every deadline change, and the pipeline's run history.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// URLs are unique per conference; 700 characters keeps the composite index
/// under MySQL's 3072-byte key limit with utf8mb4.
const URL_LEN: u32 = 700;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Series::Table)
                    .col(pk_auto(Series::Id))
                    .col(string_len_uniq(Series::Key, 128))
                    .col(string_len(Series::Name, 512))
                    .col(string_len_null(Series::Acronym, 64))
                    .col(string_len_null(Series::Homepage, URL_LEN))
                    .col(timestamp_with_time_zone(Series::CreatedAt))
                    .col(timestamp_with_time_zone(Series::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SeriesAliases::Table)
                    .col(pk_auto(SeriesAliases::Id))
                    .col(integer(SeriesAliases::SeriesId))
                    .col(string_len_uniq(SeriesAliases::Alias, 512))
                    .col(string_len(SeriesAliases::Display, 512))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_series_aliases_series")
                            .from(SeriesAliases::Table, SeriesAliases::SeriesId)
                            .to(Series::Table, Series::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_series_aliases_series",
            SeriesAliases::Table,
            &[SeriesAliases::SeriesId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Conferences::Table)
                    .col(pk_auto(Conferences::Id))
                    .col(string_len_uniq(Conferences::Key, 160))
                    .col(integer(Conferences::SeriesId))
                    .col(string_len(Conferences::Name, 512))
                    .col(string_len_null(Conferences::Acronym, 64))
                    .col(integer(Conferences::Year))
                    .col(string_len_null(Conferences::Location, 512))
                    .col(date_null(Conferences::StartDate))
                    .col(date_null(Conferences::EndDate))
                    .col(string_len_null(Conferences::Homepage, URL_LEN))
                    .col(integer_null(Conferences::ParentId))
                    .col(string_len(Conferences::Kind, 16).default("conference"))
                    .col(timestamp_with_time_zone(Conferences::CreatedAt))
                    .col(timestamp_with_time_zone(Conferences::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conferences_series")
                            .from(Conferences::Table, Conferences::SeriesId)
                            .to(Series::Table, Series::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conferences_parent")
                            .from(Conferences::Table, Conferences::ParentId)
                            .to(Conferences::Table, Conferences::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_conferences_series_year",
            Conferences::Table,
            &[Conferences::SeriesId, Conferences::Year],
        )
        .await?;
        index(
            manager,
            "idx_conferences_parent",
            Conferences::Table,
            &[Conferences::ParentId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sources::Table)
                    .col(pk_auto(Sources::Id))
                    .col(integer(Sources::ConferenceId))
                    .col(string_len(Sources::Url, URL_LEN))
                    .col(timestamp_with_time_zone_null(Sources::LastFetchedAt))
                    .col(string_len_null(Sources::Etag, 512))
                    .col(string_len_null(Sources::LastModified, 128))
                    .col(string_len_null(Sources::ContentHash, 64))
                    .col(integer_null(Sources::LastStatus))
                    .col(text_null(Sources::LastError))
                    .col(integer(Sources::FailureCount).default(0))
                    .col(timestamp_with_time_zone(Sources::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sources_conference")
                            .from(Sources::Table, Sources::ConferenceId)
                            .to(Conferences::Table, Conferences::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_sources_conference_url",
            Sources::Table,
            &[Sources::ConferenceId, Sources::Url],
        )
        .await?;
        index(manager, "idx_sources_url", Sources::Table, &[Sources::Url]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Deadlines::Table)
                    .col(pk_auto(Deadlines::Id))
                    .col(integer(Deadlines::ConferenceId))
                    .col(string_len(Deadlines::Kind, 32))
                    // '' rather than NULL: NULLs never collide in a UNIQUE index on any backend.
                    .col(string_len(Deadlines::Track, 255).default(""))
                    .col(integer(Deadlines::Ordinal).default(0))
                    .col(date(Deadlines::DueDate))
                    .col(date_null(Deadlines::EndDate))
                    .col(string_len_null(Deadlines::DueTime, 5))
                    .col(string_len_null(Deadlines::Timezone, 64))
                    .col(timestamp_with_time_zone(Deadlines::DueAt))
                    .col(string_len_null(Deadlines::Label, 512))
                    .col(integer_null(Deadlines::SourceId))
                    .col(timestamp_with_time_zone(Deadlines::CreatedAt))
                    .col(timestamp_with_time_zone(Deadlines::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadlines_conference")
                            .from(Deadlines::Table, Deadlines::ConferenceId)
                            .to(Conferences::Table, Conferences::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadlines_source")
                            .from(Deadlines::Table, Deadlines::SourceId)
                            .to(Sources::Table, Sources::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_deadlines_identity",
            Deadlines::Table,
            &[
                Deadlines::ConferenceId,
                Deadlines::Kind,
                Deadlines::Track,
                Deadlines::Ordinal,
            ],
        )
        .await?;
        index(
            manager,
            "idx_deadlines_due_at",
            Deadlines::Table,
            &[Deadlines::DueAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(DeadlineChanges::Table)
                    .col(pk_auto(DeadlineChanges::Id))
                    .col(integer(DeadlineChanges::DeadlineId))
                    .col(integer(DeadlineChanges::ConferenceId))
                    .col(string_len(DeadlineChanges::Field, 32))
                    .col(text_null(DeadlineChanges::OldValue))
                    .col(text_null(DeadlineChanges::NewValue))
                    .col(timestamp_with_time_zone(DeadlineChanges::DetectedAt))
                    .col(integer_null(DeadlineChanges::SourceId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadline_changes_deadline")
                            .from(DeadlineChanges::Table, DeadlineChanges::DeadlineId)
                            .to(Deadlines::Table, Deadlines::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadline_changes_conference")
                            .from(DeadlineChanges::Table, DeadlineChanges::ConferenceId)
                            .to(Conferences::Table, Conferences::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadline_changes_source")
                            .from(DeadlineChanges::Table, DeadlineChanges::SourceId)
                            .to(Sources::Table, Sources::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_deadline_changes_detected",
            DeadlineChanges::Table,
            &[DeadlineChanges::DetectedAt],
        )
        .await?;
        index(
            manager,
            "idx_deadline_changes_deadline",
            DeadlineChanges::Table,
            &[DeadlineChanges::DeadlineId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(FetchRuns::Table)
                    .col(pk_auto(FetchRuns::Id))
                    .col(timestamp_with_time_zone(FetchRuns::StartedAt))
                    .col(timestamp_with_time_zone_null(FetchRuns::FinishedAt))
                    .col(string_len(FetchRuns::Status, 16))
                    .col(string_len(FetchRuns::Command, 32))
                    .col(string_len_null(FetchRuns::Worker, 128))
                    .col(integer(FetchRuns::PagesOk).default(0))
                    .col(integer(FetchRuns::PagesFailed).default(0))
                    .col(integer(FetchRuns::PagesUnchanged).default(0))
                    .col(integer(FetchRuns::ChangesDetected).default(0))
                    .col(text_null(FetchRuns::ErrorSummary))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_fetch_runs_started",
            FetchRuns::Table,
            &[FetchRuns::StartedAt],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never block a drop.
        for table in [
            FetchRuns::Table.into_iden(),
            DeadlineChanges::Table.into_iden(),
            Deadlines::Table.into_iden(),
            Sources::Table.into_iden(),
            Conferences::Table.into_iden(),
            SeriesAliases::Table.into_iden(),
            Series::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

/// A plain index.
async fn index<T: Iden + Clone + 'static, C: Iden + Clone + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    create_index(manager, name, table, columns, false).await
}

/// A unique index (a constraint the data must keep on every backend).
async fn unique_index<T: Iden + Clone + 'static, C: Iden + Clone + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    create_index(manager, name, table, columns, true).await
}

async fn create_index<T: Iden + Clone + 'static, C: Iden + Clone + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    if unique {
        stmt.unique();
    }
    for column in columns {
        stmt.col(column.clone());
    }
    manager.create_index(stmt.to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
enum Series {
    Table,
    Id,
    Key,
    Name,
    Acronym,
    Homepage,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SeriesAliases {
    Table,
    Id,
    SeriesId,
    Alias,
    Display,
}

#[derive(DeriveIden, Clone, Copy)]
enum Conferences {
    Table,
    Id,
    Key,
    SeriesId,
    Name,
    Acronym,
    Year,
    Location,
    StartDate,
    EndDate,
    Homepage,
    ParentId,
    Kind,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sources {
    Table,
    Id,
    ConferenceId,
    Url,
    LastFetchedAt,
    Etag,
    LastModified,
    ContentHash,
    LastStatus,
    LastError,
    FailureCount,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Deadlines {
    Table,
    Id,
    ConferenceId,
    Kind,
    Track,
    Ordinal,
    DueDate,
    EndDate,
    DueTime,
    Timezone,
    DueAt,
    Label,
    SourceId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeadlineChanges {
    Table,
    Id,
    DeadlineId,
    ConferenceId,
    Field,
    OldValue,
    NewValue,
    DetectedAt,
    SourceId,
}

#[derive(DeriveIden, Clone, Copy)]
enum FetchRuns {
    Table,
    Id,
    StartedAt,
    FinishedAt,
    Status,
    Command,
    Worker,
    PagesOk,
    PagesFailed,
    PagesUnchanged,
    ChangesDetected,
    ErrorSummary,
}
