//! Search and cheap change detection for the web front.
//!
//! - Search (see `confradar_core::store::search`): on PostgreSQL, GIN indexes
//!   over `to_tsvector('simple', …)` of conference and series texts and aliases
//!   (PostgreSQL only); on SQLite, FTS5 tables over the same texts, kept in step
//!   by triggers; MySQL/MariaDB search with `LIKE` and need nothing here.
//! - Indexes on the columns whose newest value makes the data version the
//!   server's cache compares on every request (`MAX(updated_at)` and friends),
//!   so that check is a few index lookups on every backend.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (index, table, column) of the data-version indexes.
const VERSION_INDEXES: [(&str, &str, &str); 5] = [
    ("idx_conferences_updated_at", "conferences", "updated_at"),
    ("idx_deadlines_updated_at", "deadlines", "updated_at"),
    ("idx_series_updated_at", "series", "updated_at"),
    (
        "idx_series_rankings_updated_at",
        "series_rankings",
        "updated_at",
    ),
    (
        "idx_deadline_values_changed_at",
        "deadline_values",
        "changed_at",
    ),
];

/// PostgreSQL: the texts searched, exactly as the search queries write them.
const PG_UP: &str = "
CREATE INDEX idx_conferences_search ON conferences USING GIN
  (to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(location, '')));
CREATE INDEX idx_series_search ON series USING GIN
  (to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(description, '')));
CREATE INDEX idx_series_aliases_search ON series_aliases USING GIN
  (to_tsvector('simple', display));
";

const PG_DOWN: &str = "
DROP INDEX IF EXISTS idx_conferences_search;
DROP INDEX IF EXISTS idx_series_search;
DROP INDEX IF EXISTS idx_series_aliases_search;
";

/// (FTS table, base table, columns) on SQLite.
const SQLITE_FTS: [(&str, &str, &[&str]); 3] = [
    (
        "conferences_fts",
        "conferences",
        &["name", "acronym", "location"],
    ),
    ("series_fts", "series", &["name", "acronym", "description"]),
    ("series_aliases_fts", "series_aliases", &["display"]),
];

/// An external-content FTS5 table over `base`, its three triggers, and a rebuild
/// that indexes the rows already there.
fn sqlite_up(fts: &str, base: &str, columns: &[&str]) -> String {
    let list = columns.join(", ");
    let new: Vec<String> = columns.iter().map(|c| format!("new.{c}")).collect();
    let old: Vec<String> = columns.iter().map(|c| format!("old.{c}")).collect();
    let (new, old) = (new.join(", "), old.join(", "));
    format!(
        "CREATE VIRTUAL TABLE {fts} USING fts5({list}, content='{base}', content_rowid='id');
CREATE TRIGGER {fts}_ai AFTER INSERT ON {base} BEGIN
  INSERT INTO {fts}(rowid, {list}) VALUES (new.id, {new});
END;
CREATE TRIGGER {fts}_ad AFTER DELETE ON {base} BEGIN
  INSERT INTO {fts}({fts}, rowid, {list}) VALUES ('delete', old.id, {old});
END;
CREATE TRIGGER {fts}_au AFTER UPDATE OF {list} ON {base} BEGIN
  INSERT INTO {fts}({fts}, rowid, {list}) VALUES ('delete', old.id, {old});
  INSERT INTO {fts}(rowid, {list}) VALUES (new.id, {new});
END;
INSERT INTO {fts}({fts}) VALUES ('rebuild');
"
    )
}

fn sqlite_down(fts: &str) -> String {
    format!(
        "DROP TRIGGER IF EXISTS {fts}_ai;
DROP TRIGGER IF EXISTS {fts}_ad;
DROP TRIGGER IF EXISTS {fts}_au;
DROP TABLE IF EXISTS {fts};
"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, column) in VERSION_INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Alias::new(table))
                        .col(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(PG_UP).await?;
            }
            DatabaseBackend::Sqlite => {
                for (fts, base, columns) in SQLITE_FTS {
                    db.execute_unprepared(&sqlite_up(fts, base, columns))
                        .await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(PG_DOWN).await?;
            }
            DatabaseBackend::Sqlite => {
                for (fts, _, _) in SQLITE_FTS {
                    db.execute_unprepared(&sqlite_down(fts)).await?;
                }
            }
            _ => {}
        }
        for (name, table, _) in VERSION_INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
