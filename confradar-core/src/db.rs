//! Opening the database: one code path for PostgreSQL, SQLite and MySQL/MariaDB.

use std::time::Duration;

use confradar_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DbErr};

use crate::error::{Error, Result};
use crate::settings::{DatabaseUrl, PoolSettings, Settings};

/// The backend a URL names, or a clear error for any other scheme.
///
/// # Errors
/// [`Error::BadDatabaseUrl`] for a scheme other than postgres, sqlite or mysql.
pub fn backend_of(url: &DatabaseUrl) -> Result<DatabaseBackend> {
    let raw = url.expose();
    let scheme = raw
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase())
        .unwrap_or_default();
    match scheme.as_str() {
        "postgres" | "postgresql" => Ok(DatabaseBackend::Postgres),
        "sqlite" => Ok(DatabaseBackend::Sqlite),
        "mysql" | "mariadb" => Ok(DatabaseBackend::MySql),
        _ => Err(Error::BadDatabaseUrl {
            url: url.redacted(),
        }),
    }
}

/// Opens a connection pool with the configured tuning. SQLite gets WAL, a
/// busy timeout and foreign keys on every pooled connection, and its file is
/// created if missing.
///
/// # Errors
/// [`Error::BadDatabaseUrl`] for an unknown scheme; [`Error::Unreachable`]
/// (URL redacted, with a hint) when the server cannot be reached.
pub async fn connect(url: &DatabaseUrl, pool: &PoolSettings) -> Result<DatabaseConnection> {
    let backend = backend_of(url)?;
    let raw = if backend == DatabaseBackend::MySql && url.expose().starts_with("mariadb:") {
        url.expose().replacen("mariadb:", "mysql:", 1)
    } else {
        url.expose().to_string()
    };
    let in_memory = backend == DatabaseBackend::Sqlite && raw.contains(":memory:");
    let mut options = ConnectOptions::new(raw.clone());
    options
        // Each pooled connection to `sqlite::memory:` would be a database of its own.
        .max_connections(if in_memory {
            1
        } else {
            pool.max_connections.max(1)
        })
        .min_connections(if in_memory { 1 } else { pool.min_connections })
        .connect_timeout(Duration::from_secs(pool.connect_timeout_secs))
        .acquire_timeout(Duration::from_secs(pool.acquire_timeout_secs))
        .idle_timeout(Duration::from_secs(pool.idle_timeout_secs))
        // No statement logging: it would print parameters, and formatting a
        // multi-row insert for the log costs more than running it.
        .sqlx_logging(false);
    if in_memory {
        // An idle timeout would drop the only connection, and the data with it.
        options.idle_timeout(Duration::from_secs(u64::from(u32::MAX)));
    }
    let busy = Duration::from_millis(pool.sqlite_busy_timeout_ms);
    options.map_sqlx_sqlite_opts(move |opts| {
        opts.create_if_missing(true)
            .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
            .busy_timeout(busy)
            .foreign_keys(true)
            // A prepared multi-row statement of thousands of parameters holds
            // about a megabyte in SQLite; batches of varying sizes make new
            // ones all the time, and sqlx keeps 100 per connection. A few keep
            // an import's peak memory flat whatever the input's size.
            .statement_cache_capacity(SQLITE_STATEMENT_CACHE)
    });
    Database::connect(options)
        .await
        .map_err(|err| unreachable(url, &raw, backend, &err))
}

/// Prepared statements kept per SQLite connection (sqlx's default is 100).
const SQLITE_STATEMENT_CACHE: usize = 24;

/// Opens the database from settings and makes sure the schema is current:
/// on SQLite pending migrations are applied (when `sqlite_auto_migrate` is
/// on); elsewhere a pending migration is an error that says what to run.
///
/// # Errors
/// As [`connect`], plus [`Error::SchemaNotReady`] and migration errors.
pub async fn open(settings: &Settings) -> Result<DatabaseConnection> {
    let db = connect(&settings.database_url, &settings.database).await?;
    ensure_schema(
        &db,
        &settings.database_url,
        settings.database.sqlite_auto_migrate,
    )
    .await?;
    Ok(db)
}

/// Checks for pending migrations; applies them on SQLite when allowed.
///
/// # Errors
/// [`Error::SchemaNotReady`] when migrations are pending and may not be applied here.
pub async fn ensure_schema(
    db: &DatabaseConnection,
    url: &DatabaseUrl,
    sqlite_auto_migrate: bool,
) -> Result<()> {
    let pending = Migrator::get_pending_migrations_read_only(db).await?;
    if pending.is_empty() {
        return Ok(());
    }
    if db.get_database_backend() == DatabaseBackend::Sqlite && sqlite_auto_migrate {
        tracing::info!(
            "applying {} pending migration(s) to {}",
            pending.len(),
            url.redacted()
        );
        Migrator::up(db, None).await?;
        return Ok(());
    }
    Err(Error::SchemaNotReady {
        url: url.redacted(),
        pending: pending.len(),
        first: pending
            .first()
            .map(|m| m.name().to_string())
            .unwrap_or_default(),
    })
}

/// The error of a failed connection; `raw` is the URL as handed to the driver, which may
/// quote it whole (e.g. "The connection string '…' cannot be parsed", where no password
/// can be told apart), so every quotation of it is replaced by the redacted URL.
fn unreachable(url: &DatabaseUrl, raw: &str, backend: DatabaseBackend, err: &DbErr) -> Error {
    let mut reason = err.to_string().replace(raw, &url.redacted());
    if let Some(password) = url.password() {
        reason = reason.replace(&password, "***");
    }
    let hint = match backend {
        DatabaseBackend::Postgres => {
            "start PostgreSQL (`docker compose up -d postgres`), check the URL and credentials, or use the embedded database with `--database-url sqlite://confradar.db`"
        }
        DatabaseBackend::MySql => {
            "start MySQL/MariaDB, check the URL and credentials, or use the embedded database with `--database-url sqlite://confradar.db`"
        }
        _ => "check that the directory of the SQLite file exists and is writable",
    };
    Error::Unreachable {
        url: url.redacted(),
        reason,
        hint: hint.to_string(),
    }
}

/// What to do about an error that comes from PostgreSQL behind a connection
/// pooler in transaction mode (PgBouncer before 1.21, or without
/// `max_prepared_statements`): the driver names its prepared statements
/// (`sqlx_s_1`, …), and such a pooler hands them to other clients' sessions.
#[must_use]
pub fn pooler_hint(message: &str) -> Option<&'static str> {
    // Display and Debug forms alike (the latter escapes the quotes).
    let named = message.contains("prepared statement") && message.contains("sqlx_s_");
    (named && (message.contains("already exists") || message.contains("does not exist"))).then_some(
        "this PostgreSQL is reached through a pooler in transaction mode, which ConfRadar cannot use: \
         set PgBouncer's pool_mode = session, or use PgBouncer 1.21 or newer with max_prepared_statements = 200 \
         (docs/configuration.md, \"PgBouncer\")",
    )
}

#[cfg(test)]
mod tests {
    use super::pooler_hint;

    #[test]
    fn a_transaction_pooler_error_gets_a_hint() {
        let err = r#"Exec(SqlxError(Database(PgDatabaseError { code: "42P05", message: "prepared statement \"sqlx_s_1\" already exists" })))"#;
        assert!(pooler_hint(err).is_some_and(|h| h.contains("pool_mode = session")));
        assert!(pooler_hint("prepared statement \"sqlx_s_3\" does not exist").is_some());
        assert!(pooler_hint("relation \"series\" does not exist").is_none());
    }
}
