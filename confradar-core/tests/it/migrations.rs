//! The migration suite, on every backend: up, down to zero, up again; and
//! the entities match the migrated schema column for column.

use confradar_core::entity::{
    conferences, crawl_queue, deadline_changes, deadline_values, deadlines, fetch_runs,
    notify_deliveries, series, series_aliases, series_categories, series_rankings, series_tags,
    sources,
};
use confradar_migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::{ColumnTrait, DbErr};
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, IdenStatic, Iterable, Statement};

use crate::support::{Backend, TestDb, on_every_backend};

const TABLES: [&str; 13] = [
    "series",
    "series_categories",
    "series_rankings",
    "series_tags",
    "deadline_values",
    "series_aliases",
    "conferences",
    "sources",
    "deadlines",
    "deadline_changes",
    "fetch_runs",
    "crawl_queue",
    "notify_deliveries",
];

on_every_backend!(crate::support::empty => up_down_up_round_trip, every_index_exists, source_values_migration_steps_down_and_back_up);
mod mysql_datetime {
    use super::*;
    on_every_backend!(crate::support::migrated => datetime_migration_keeps_values_and_refuses_to_lose_them);
}
mod drift {
    use super::*;
    on_every_backend!(crate::support::migrated => entities_match_the_migrated_schema);
}

async fn up_down_up_round_trip(test: TestDb) {
    let db = &test.db;
    let manager = SchemaManager::new(db);
    assert_eq!(
        Migrator::get_pending_migrations(db).await.unwrap().len(),
        Migrator::migrations().len()
    );

    Migrator::up(db, None).await.unwrap();
    for table in TABLES {
        assert!(
            manager.has_table(table).await.unwrap(),
            "{table} exists after up"
        );
    }
    assert!(
        Migrator::get_pending_migrations(db)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::down(db, None).await.unwrap();
    for table in TABLES {
        assert!(
            !manager.has_table(table).await.unwrap(),
            "{table} is gone after down to zero"
        );
    }

    Migrator::up(db, None).await.unwrap();
    for table in TABLES {
        assert!(
            manager.has_table(table).await.unwrap(),
            "{table} exists after the second up"
        );
    }
    // Fresh = drop everything and apply again.
    Migrator::fresh(db).await.unwrap();
    assert!(manager.has_table("deadlines").await.unwrap());
}

async fn every_index_exists(test: TestDb) {
    let db = &test.db;
    Migrator::up(db, None).await.unwrap();
    let manager = SchemaManager::new(db);
    for (table, index) in [
        ("deadlines", "idx_deadlines_due_at"),
        ("deadlines", "uq_deadlines_identity"),
        ("sources", "uq_sources_conference_url"),
        ("conferences", "idx_conferences_series_year"),
        ("deadline_changes", "idx_deadline_changes_detected"),
        ("deadline_values", "uq_deadline_values_identity"),
        ("series_rankings", "uq_series_rankings"),
        ("series_categories", "uq_series_categories"),
        ("conferences", "idx_conferences_updated_at"),
        ("deadlines", "idx_deadlines_updated_at"),
        ("deadline_values", "idx_deadline_values_changed_at"),
    ] {
        assert!(
            manager.has_index(table, index).await.unwrap(),
            "index {index} on {table}"
        );
    }
    // Search: GIN indexes on PostgreSQL, FTS5 tables on SQLite.
    match test.backend {
        Backend::Postgres => {
            for (table, index) in [
                ("conferences", "idx_conferences_search"),
                ("series", "idx_series_search"),
                ("series_aliases", "idx_series_aliases_search"),
            ] {
                assert!(manager.has_index(table, index).await.unwrap(), "{index}");
            }
        }
        Backend::Sqlite => {
            for table in ["conferences_fts", "series_fts", "series_aliases_fts"] {
                assert!(manager.has_table(table).await.unwrap(), "{table}");
            }
        }
        Backend::MySql => {}
    }
    // The search migration steps down (with those after it) and leaves the
    // earlier schema whole.
    let search_and_later = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name().ends_with("_add_search"))
        .expect("the search migration")
        + 1;
    Migrator::down(db, Some(u32::try_from(search_and_later).unwrap()))
        .await
        .unwrap();
    assert!(
        !manager
            .has_index("conferences", "idx_conferences_updated_at")
            .await
            .unwrap()
    );
    assert!(!manager.has_table("conferences_fts").await.unwrap());
    assert!(manager.has_table("conferences").await.unwrap());
}

/// (column name, nullable) as the database reports them.
async fn db_columns(test: &TestDb, table: &str) -> Result<Vec<(String, bool)>, DbErr> {
    let backend = test.db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => {
            format!("SELECT name, \"notnull\" = 0 AND pk = 0 FROM pragma_table_info('{table}')")
        }
        DatabaseBackend::Postgres => format!(
            "SELECT column_name::text, is_nullable = 'YES' FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}'"
        ),
        _ => format!(
            "SELECT column_name, is_nullable = 'YES' FROM information_schema.columns \
             WHERE table_schema = DATABASE() AND table_name = '{table}'"
        ),
    };
    let rows = test
        .db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    rows.iter()
        .map(|row| {
            let name: String = row.try_get_by_index(0)?;
            let nullable: bool = match row.try_get_by_index::<bool>(1) {
                Ok(b) => b,
                Err(_) => row.try_get_by_index::<i64>(1)? != 0,
            };
            Ok((name, nullable))
        })
        .collect()
}

fn entity_columns<E: EntityTrait>() -> Vec<(String, bool)> {
    E::Column::iter()
        .map(|c| (c.as_str().to_string(), c.def().is_null()))
        .collect()
}

async fn check<E: EntityTrait + Default>(test: &TestDb) {
    let table = E::default().table_name().to_string();
    let mut from_db = db_columns(test, &table).await.unwrap();
    let mut from_entity = entity_columns::<E>();
    from_db.sort();
    from_entity.sort();
    assert_eq!(
        from_entity, from_db,
        "entity {table} drifted from the migrated schema on {:?}",
        test.backend
    );
}

async fn entities_match_the_migrated_schema(test: TestDb) {
    assert!(!matches!(test.backend, Backend::Sqlite) || test.url.expose().contains("memory"));
    // A later migration using `timestamp_with_time_zone` gives MySQL a
    // `TIMESTAMP`, which ends in 2038: give it `DATETIME(6)` there.
    if test.backend == Backend::MySql {
        assert_eq!(
            columns_of_type(&test.db, "timestamp").await,
            Vec::<String>::new(),
            "TIMESTAMP columns on MySQL (docs/architecture.md)"
        );
    }
    check::<series::Entity>(&test).await;
    check::<series_aliases::Entity>(&test).await;
    check::<conferences::Entity>(&test).await;
    check::<sources::Entity>(&test).await;
    check::<deadlines::Entity>(&test).await;
    check::<deadline_changes::Entity>(&test).await;
    check::<fetch_runs::Entity>(&test).await;
    check::<crawl_queue::Entity>(&test).await;
    check::<series_categories::Entity>(&test).await;
    check::<series_rankings::Entity>(&test).await;
    check::<series_tags::Entity>(&test).await;
    check::<deadline_values::Entity>(&test).await;
    check::<notify_deliveries::Entity>(&test).await;
}

/// The source-values migration (with the one after it): down removes its
/// tables and columns and keeps the rest; up again backfills each sourced
/// deadline as its source's value.
async fn source_values_migration_steps_down_and_back_up(test: TestDb) {
    let db = &test.db;
    let manager = SchemaManager::new(db);
    Migrator::up(db, None).await.unwrap();
    // Later migrations (run heartbeat, search, notify deliveries) came after
    // it; step back over all of them and it: every migration but the first two.
    let later = u32::try_from(Migrator::migrations().len() - 2).unwrap();
    Migrator::down(db, Some(later)).await.unwrap();
    assert!(!manager.has_table("notify_deliveries").await.unwrap());
    assert!(
        !manager
            .has_column("fetch_runs", "heartbeat_at")
            .await
            .unwrap()
    );
    for table in [
        "deadline_values",
        "series_rankings",
        "series_categories",
        "series_tags",
    ] {
        assert!(!manager.has_table(table).await.unwrap(), "{table} gone");
    }
    assert!(!manager.has_column("sources", "authority").await.unwrap());
    assert!(!manager.has_column("series", "description").await.unwrap());
    assert!(manager.has_table("deadlines").await.unwrap());

    // A deadline stored before the upgrade, with its source.
    let backend = db.get_database_backend();
    for sql in [
        "INSERT INTO series (key, name, created_at, updated_at) VALUES ('icml', 'ICML', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        "INSERT INTO conferences (key, series_id, name, year, kind, created_at, updated_at) VALUES ('icml2026', 1, 'ICML 2026', 2026, 'conference', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        "INSERT INTO sources (conference_id, url, failure_count, created_at) VALUES (1, 'https://icml.cc', 0, '2026-01-01 00:00:00')",
        "INSERT INTO deadlines (conference_id, kind, track, ordinal, due_date, due_at, source_id, created_at, updated_at) VALUES (1, 'submission', '', 0, '2026-01-30', '2026-01-31 11:59:00', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    ] {
        // `key` is a reserved word on MySQL.
        let quoted = match backend {
            DatabaseBackend::MySql => "`key`",
            _ => "\"key\"",
        };
        let sql = sql.replacen("(key,", &format!("({quoted},"), 1);
        db.execute_raw(Statement::from_string(backend, sql))
            .await
            .unwrap();
    }
    Migrator::up(db, None).await.unwrap();
    assert!(manager.has_column("sources", "authority").await.unwrap());
    let values = deadline_values::Entity::find().all(db).await.unwrap();
    assert_eq!(
        values.len(),
        1,
        "the sourced deadline became its source's value"
    );
    assert_eq!(values[0].source_id, 1);
    assert_eq!(values[0].kind, "submission");
    let source = sources::Entity::find().one(db).await.unwrap().unwrap();
    assert_eq!(source.authority, "cfp_page");
}

/// `table.column` of every column of a MySQL data type, in order.
async fn columns_of_type(db: &sea_orm::DatabaseConnection, data_type: &str) -> Vec<String> {
    let sql = format!(
        "SELECT CONCAT(table_name, '.', column_name) FROM information_schema.columns \
         WHERE table_schema = DATABASE() AND data_type = '{data_type}' \
         ORDER BY table_name, column_name"
    );
    db.query_all_raw(Statement::from_string(DatabaseBackend::MySql, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// The last migration (MySQL's `DATETIME(6)`) steps down and up again with
/// every value kept, and refuses to step down, changing nothing, while a
/// value lies outside what `TIMESTAMP` holds. PostgreSQL and SQLite skip it.
async fn datetime_migration_keeps_values_and_refuses_to_lose_them(test: TestDb) {
    let db = &test.db;
    let mysql = test.backend == Backend::MySql;
    assert!(
        Migrator::migrations()
            .last()
            .unwrap()
            .name()
            .ends_with("_mysql_datetime")
    );
    let repo = confradar_core::SeaOrmRepository::new(db.clone());
    let run = confradar_core::Repository::start_run(&repo, "fetch", "w")
        .await
        .unwrap();
    let started = fetch_runs::Entity::find_by_id(run)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .started_at;
    let kept = || async {
        fetch_runs::Entity::find_by_id(run)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .started_at
    };
    if mysql {
        assert_eq!(columns_of_type(db, "timestamp").await.len(), 0);
        assert_eq!(columns_of_type(db, "datetime").await.len(), 24);
    }

    Migrator::down(db, Some(1)).await.unwrap();
    if mysql {
        assert_eq!(columns_of_type(db, "timestamp").await.len(), 24);
        assert_eq!(columns_of_type(db, "datetime").await.len(), 0);
    }
    // TIMESTAMP keeps whole seconds.
    assert_eq!(kept().await.timestamp(), started.timestamp());
    Migrator::up(db, None).await.unwrap();
    assert_eq!(kept().await.timestamp(), started.timestamp());

    // A deadline in 2099 does not fit a TIMESTAMP: down refuses, naming it.
    let far = confradar_core::repository::Observation {
        name: "Far Future Conference 2099".into(),
        year: Some(2099),
        deadlines: vec![confradar_core::repository::ObservedDeadline {
            kind: confradar_core::DeadlineKind::Submission,
            track: None,
            due_date: chrono::NaiveDate::from_ymd_opt(2099, 5, 9).unwrap(),
            end_date: None,
            time: chrono::NaiveTime::from_hms_opt(11, 59, 0),
            timezone: Some("UTC".into()),
            label: None,
            replaces: None,
        }],
        ..Default::default()
    };
    confradar_core::Repository::store_observation(&repo, &far)
        .await
        .unwrap();
    let down = Migrator::down(db, Some(1)).await;
    if mysql {
        let why = down.unwrap_err().to_string();
        assert!(
            why.contains("deadlines.due_at holds 2099-05-09 11:59:00")
                && why.contains("2038-01-19 03:14:07")
                && why.contains("nothing was changed"),
            "{why}"
        );
        assert_eq!(columns_of_type(db, "timestamp").await.len(), 0);
        assert!(
            Migrator::get_pending_migrations(db)
                .await
                .unwrap()
                .is_empty()
        );
    } else {
        down.unwrap();
        Migrator::up(db, None).await.unwrap();
    }
    let due = deadlines::Entity::find()
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .due_at;
    assert_eq!(due.to_rfc3339(), "2099-05-09T11:59:00+00:00");
}
