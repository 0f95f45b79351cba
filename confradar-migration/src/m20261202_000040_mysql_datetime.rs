//! On MySQL/MariaDB, every time column becomes `DATETIME(6)`.
//!
//! sea-query writes `timestamp_with_time_zone` as `TIMESTAMP` there, whose
//! range ends on 2038-01-19 03:14:07 UTC, too early for deadlines. The
//! values convert unchanged: ConfRadar's connections run in UTC (sqlx sets
//! `time_zone = '+00:00'`), so a `TIMESTAMP` read as UTC is the `DATETIME`
//! written. PostgreSQL (`timestamptz`) and SQLite (text) have no such limit
//! and skip this step.
//!
//! MySQL's DDL is not transactional: `down` checks every value first and
//! changes nothing while one lies outside `TIMESTAMP`'s range.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every time column of the schema: (table, [(column, nullable)]). None has
/// a default, so nullability is all a `MODIFY` must repeat.
const COLUMNS: [(&str, &[(&str, bool)]); 10] = [
    ("series", &[("created_at", false), ("updated_at", false)]),
    (
        "conferences",
        &[("created_at", false), ("updated_at", false)],
    ),
    (
        "sources",
        &[("last_fetched_at", true), ("created_at", false)],
    ),
    (
        "deadlines",
        &[
            ("due_at", false),
            ("created_at", false),
            ("updated_at", false),
        ],
    ),
    ("deadline_changes", &[("detected_at", false)]),
    (
        "fetch_runs",
        &[
            ("started_at", false),
            ("finished_at", true),
            ("heartbeat_at", true),
        ],
    ),
    (
        "crawl_queue",
        &[
            ("next_due_at", false),
            ("claim_expires_at", true),
            ("last_attempt_at", true),
            ("created_at", false),
        ],
    ),
    ("series_rankings", &[("updated_at", false)]),
    (
        "deadline_values",
        &[
            ("due_at", false),
            ("first_seen_at", false),
            ("last_seen_at", false),
            ("changed_at", false),
        ],
    ),
    (
        "notify_deliveries",
        &[("created_at", false), ("delivered_at", true)],
    ),
];

/// What `TIMESTAMP` holds, in UTC (the connection's zone).
const TIMESTAMP_MIN: &str = "1970-01-01 00:00:01";
const TIMESTAMP_MAX: &str = "2038-01-19 03:14:07";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::MySql {
            return Ok(());
        }
        for (table, columns) in COLUMNS {
            execute(manager, &modify(table, columns, "DATETIME(6)")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::MySql {
            return Ok(());
        }
        // Check all before changing any: a refusal half way would leave
        // some tables converted and others not.
        for (table, columns) in COLUMNS {
            for (column, _) in columns.iter() {
                refuse_if_out_of_range(manager, table, column).await?;
            }
        }
        for (table, columns) in COLUMNS {
            execute(manager, &modify(table, columns, "TIMESTAMP")).await?;
        }
        Ok(())
    }
}

/// One `ALTER TABLE` per table: MariaDB rebuilds a table once per statement.
fn modify(table: &str, columns: &[(&str, bool)], sql_type: &str) -> String {
    let changes: Vec<String> = columns
        .iter()
        .map(|(column, nullable)| {
            let null = if *nullable { "NULL" } else { "NOT NULL" };
            format!("MODIFY `{column}` {sql_type} {null}")
        })
        .collect();
    format!("ALTER TABLE `{table}` {}", changes.join(", "))
}

async fn execute(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    manager.get_connection().execute_unprepared(sql).await?;
    Ok(())
}

/// Fails, naming the column and a value, when `TIMESTAMP` cannot hold one
/// of its values.
async fn refuse_if_out_of_range(
    manager: &SchemaManager<'_>,
    table: &str,
    column: &str,
) -> Result<(), DbErr> {
    let sql = format!(
        "SELECT CAST(`{column}` AS CHAR) FROM `{table}` \
         WHERE `{column}` < '{TIMESTAMP_MIN}' OR `{column}` > '{TIMESTAMP_MAX}' LIMIT 1"
    );
    let db = manager.get_connection();
    let row = db
        .query_one_raw(Statement::from_string(DatabaseBackend::MySql, sql))
        .await?;
    let Some(row) = row else {
        return Ok(());
    };
    let value: String = row.try_get_by_index(0)?;
    Err(DbErr::Migration(format!(
        "cannot step down m20261202_000040_mysql_datetime: {table}.{column} holds {value} (UTC), \
         outside what a MySQL/MariaDB TIMESTAMP column holds ({TIMESTAMP_MIN} to {TIMESTAMP_MAX} UTC); \
         nothing was changed. Delete or move such rows first, or stay at this migration"
    )))
}
