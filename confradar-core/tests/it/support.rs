//! Test databases: a fresh, migrated database per test on every backend.
//!
//! SQLite runs in memory. PostgreSQL and MariaDB/MySQL run when
//! `CONFRADAR_TEST_POSTGRES_URL` / `CONFRADAR_TEST_MYSQL_URL` name a server
//! (an admin URL such as `postgres://postgres@127.0.0.1:5432/postgres`): each
//! test creates its own database there and drops it when done, so tests run
//! in parallel and leave nothing behind. A set URL whose server cannot be
//! reached fails the test; an unset one says plainly that it was skipped.

use std::sync::atomic::{AtomicU32, Ordering};

use confradar_core::db;
use confradar_core::settings::{DatabaseUrl, PoolSettings};
use confradar_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// The backends the suites run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

impl Backend {
    fn env_var(self) -> Option<&'static str> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some("CONFRADAR_TEST_POSTGRES_URL"),
            Backend::MySql => Some("CONFRADAR_TEST_MYSQL_URL"),
        }
    }
}

/// A database made for one test; dropped with it.
pub struct TestDb {
    pub db: DatabaseConnection,
    pub url: DatabaseUrl,
    pub backend: Backend,
    cleanup: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh database with no schema, or `None` (and a line saying so) when
/// the backend's URL is not set.
pub async fn empty(backend: Backend) -> Option<TestDb> {
    let Some(var) = backend.env_var() else {
        let url = DatabaseUrl::new("sqlite::memory:");
        let db = db::connect(&url, &PoolSettings::default())
            .await
            .expect("in-memory SQLite opens");
        return Some(TestDb {
            db,
            url,
            backend,
            cleanup: None,
        });
    };
    let Ok(admin_url) = std::env::var(var) else {
        eprintln!("skipped: {var} not set (set it to run this test on {backend:?})");
        return None;
    };
    let name = format!(
        "confradar_t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_subsec_nanos()
    );
    let admin = Database::connect(admin_url.as_str())
        .await
        .unwrap_or_else(|e| panic!("{var} is set but its server cannot be reached: {e}"));
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
    admin.close().await.ok();
    let url = DatabaseUrl::new(with_database(&admin_url, &name));
    let db = db::connect(
        &url,
        &PoolSettings {
            max_connections: 8,
            ..PoolSettings::default()
        },
    )
    .await
    .unwrap_or_else(|e| panic!("cannot open test database {name}: {e}"));
    Some(TestDb {
        db,
        url,
        backend,
        cleanup: Some((admin_url, name)),
    })
}

/// A fresh database with every migration applied.
pub async fn migrated(backend: Backend) -> Option<TestDb> {
    let test_db = empty(backend).await?;
    Migrator::up(&test_db.db, None)
        .await
        .expect("migrations apply");
    Some(test_db)
}

/// The admin URL with its database path replaced.
fn with_database(admin_url: &str, name: &str) -> String {
    let mut url = url::Url::parse(admin_url).expect("test URL parses");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.cleanup.take() else {
            return;
        };
        let backend = self.backend;
        // Drop runs inside the test's runtime: do the async cleanup on a thread of its own.
        let handle = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let admin = Database::connect(admin_url.as_str()).await?;
                let sql = match backend {
                    Backend::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    _ => format!("DROP DATABASE IF EXISTS {name}"),
                };
                admin.execute_unprepared(&sql).await?;
                admin.close().await
            })
        });
        if let Ok(Err(e)) = handle.join() {
            eprintln!("warning: could not drop test database: {e}");
        }
    }
}

/// Runs each named `async fn(TestDb)` on every backend, as tests named
/// `sqlite::NAME`, `postgres::NAME` and `mysql::NAME`.
macro_rules! on_every_backend {
    ($make:path => $($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(db) = $make($crate::support::Backend::Sqlite).await { super::$name(db).await }
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(db) = $make($crate::support::Backend::Postgres).await { super::$name(db).await }
            })*
        }
        mod mysql {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(db) = $make($crate::support::Backend::MySql).await { super::$name(db).await }
            })*
        }
    };
}
pub(crate) use on_every_backend;
