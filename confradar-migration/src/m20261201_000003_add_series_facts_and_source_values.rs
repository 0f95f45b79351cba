//! What community data files know beside the dates, and each source's own
//! view of every deadline:
//!
//! - `series_categories`, `series_rankings` (system, rank, the source that
//!   gave it) and `series_tags`; `series.description`;
//! - `sources.authority`: the conference's own CFP page or community data;
//! - `deadline_values`: one row per (source, deadline identity) with the
//!   value as that source publishes it, its UTC instant, and when it was
//!   first seen, last seen and last moved. `deadlines` keeps the reconciled
//!   value (see `docs/architecture.md`).
//!
//! Existing deadlines with a source become that source's value, so the
//! first import after the upgrade records no change.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// As in the first migration: fits MySQL's 3072-byte key limit in composite indexes.
const URL_LEN: u32 = 700;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite: one ALTER option per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Series::Table)
                    .add_column(text_null(Series::Description))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sources::Table)
                    .add_column(string_len(Sources::Authority, 16).default("cfp_page"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SeriesCategories::Table)
                    .col(pk_auto(SeriesCategories::Id))
                    .col(integer(SeriesCategories::SeriesId))
                    .col(string_len(SeriesCategories::Category, 64))
                    .foreign_key(&mut series_fk(
                        "fk_series_categories_series",
                        SeriesCategories::Table,
                        SeriesCategories::SeriesId,
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_series_categories",
            SeriesCategories::Table,
            &[SeriesCategories::SeriesId, SeriesCategories::Category],
        )
        .await?;
        index(
            manager,
            "idx_series_categories_category",
            SeriesCategories::Table,
            &[SeriesCategories::Category],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(SeriesRankings::Table)
                    .col(pk_auto(SeriesRankings::Id))
                    .col(integer(SeriesRankings::SeriesId))
                    .col(string_len(SeriesRankings::System, 32))
                    .col(string_len(SeriesRankings::Rank, 16))
                    // '' rather than NULL for "no source", so the unique index holds.
                    .col(string_len(SeriesRankings::Source, URL_LEN).default(""))
                    .col(timestamp_with_time_zone(SeriesRankings::UpdatedAt))
                    .foreign_key(&mut series_fk(
                        "fk_series_rankings_series",
                        SeriesRankings::Table,
                        SeriesRankings::SeriesId,
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_series_rankings",
            SeriesRankings::Table,
            &[
                SeriesRankings::SeriesId,
                SeriesRankings::System,
                SeriesRankings::Source,
            ],
        )
        .await?;
        index(
            manager,
            "idx_series_rankings_rank",
            SeriesRankings::Table,
            &[SeriesRankings::System, SeriesRankings::Rank],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(SeriesTags::Table)
                    .col(pk_auto(SeriesTags::Id))
                    .col(integer(SeriesTags::SeriesId))
                    .col(string_len(SeriesTags::Tag, 64))
                    .foreign_key(&mut series_fk(
                        "fk_series_tags_series",
                        SeriesTags::Table,
                        SeriesTags::SeriesId,
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_series_tags",
            SeriesTags::Table,
            &[SeriesTags::SeriesId, SeriesTags::Tag],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(DeadlineValues::Table)
                    .col(pk_auto(DeadlineValues::Id))
                    .col(integer(DeadlineValues::ConferenceId))
                    .col(integer(DeadlineValues::SourceId))
                    .col(string_len(DeadlineValues::Kind, 32))
                    .col(string_len(DeadlineValues::Track, 255).default(""))
                    .col(integer(DeadlineValues::Ordinal).default(0))
                    .col(date(DeadlineValues::DueDate))
                    .col(date_null(DeadlineValues::EndDate))
                    .col(string_len_null(DeadlineValues::DueTime, 5))
                    .col(string_len_null(DeadlineValues::Timezone, 64))
                    .col(timestamp_with_time_zone(DeadlineValues::DueAt))
                    .col(timestamp_with_time_zone(DeadlineValues::FirstSeenAt))
                    .col(timestamp_with_time_zone(DeadlineValues::LastSeenAt))
                    .col(timestamp_with_time_zone(DeadlineValues::ChangedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadline_values_conference")
                            .from(DeadlineValues::Table, DeadlineValues::ConferenceId)
                            .to(Conferences::Table, Conferences::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadline_values_source")
                            .from(DeadlineValues::Table, DeadlineValues::SourceId)
                            .to(Sources::Table, Sources::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_deadline_values_identity",
            DeadlineValues::Table,
            &[
                DeadlineValues::SourceId,
                DeadlineValues::Kind,
                DeadlineValues::Track,
                DeadlineValues::Ordinal,
            ],
        )
        .await?;
        index(
            manager,
            "idx_deadline_values_conference",
            DeadlineValues::Table,
            &[DeadlineValues::ConferenceId],
        )
        .await?;

        // Each deadline already stored with a source is that source's value.
        let backfill = Query::insert()
            .into_table(DeadlineValues::Table)
            .columns([
                DeadlineValues::ConferenceId,
                DeadlineValues::SourceId,
                DeadlineValues::Kind,
                DeadlineValues::Track,
                DeadlineValues::Ordinal,
                DeadlineValues::DueDate,
                DeadlineValues::EndDate,
                DeadlineValues::DueTime,
                DeadlineValues::Timezone,
                DeadlineValues::DueAt,
                DeadlineValues::FirstSeenAt,
                DeadlineValues::LastSeenAt,
                DeadlineValues::ChangedAt,
            ])
            .select_from(
                Query::select()
                    .columns([
                        Deadlines::ConferenceId,
                        Deadlines::SourceId,
                        Deadlines::Kind,
                        Deadlines::Track,
                        Deadlines::Ordinal,
                        Deadlines::DueDate,
                        Deadlines::EndDate,
                        Deadlines::DueTime,
                        Deadlines::Timezone,
                        Deadlines::DueAt,
                        Deadlines::CreatedAt,
                        Deadlines::UpdatedAt,
                        Deadlines::UpdatedAt,
                    ])
                    .from(Deadlines::Table)
                    .and_where(Expr::col(Deadlines::SourceId).is_not_null())
                    .to_owned(),
            )
            .map_err(|e| DbErr::Migration(format!("backfill of deadline_values: {e}")))?
            .to_owned();
        manager.exec_stmt(backfill).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DeadlineValues::Table.into_iden(),
            SeriesTags::Table.into_iden(),
            SeriesRankings::Table.into_iden(),
            SeriesCategories::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Sources::Table)
                    .drop_column(Sources::Authority)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Series::Table)
                    .drop_column(Series::Description)
                    .to_owned(),
            )
            .await
    }
}

fn series_fk<T: Iden + Clone + 'static, C: Iden + Clone + 'static>(
    name: &str,
    table: T,
    column: C,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Series::Table, Series::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

async fn index<T: Iden + Clone + 'static, C: Iden + Clone + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    create_index(manager, name, table, columns, false).await
}

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
    Description,
}

#[derive(DeriveIden, Clone, Copy)]
enum Conferences {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sources {
    Table,
    Id,
    Authority,
}

#[derive(DeriveIden, Clone, Copy)]
enum Deadlines {
    Table,
    ConferenceId,
    SourceId,
    Kind,
    Track,
    Ordinal,
    DueDate,
    EndDate,
    DueTime,
    Timezone,
    DueAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SeriesCategories {
    Table,
    Id,
    SeriesId,
    Category,
}

#[derive(DeriveIden, Clone, Copy)]
enum SeriesRankings {
    Table,
    Id,
    SeriesId,
    System,
    Rank,
    Source,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SeriesTags {
    Table,
    Id,
    SeriesId,
    Tag,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeadlineValues {
    Table,
    Id,
    ConferenceId,
    SourceId,
    Kind,
    Track,
    Ordinal,
    DueDate,
    EndDate,
    DueTime,
    Timezone,
    DueAt,
    FirstSeenAt,
    LastSeenAt,
    ChangedAt,
}
