//! Backup and moving a knowledge base: [`dump`] writes every table as a
//! portable, versioned stream of JSON Lines (see [`mod@file`]); [`restore`]
//! loads one into an empty database of any backend; [`copy`] streams the
//! same rows from one database straight into another.
//!
//! Memory stays flat whatever the size: tables are read a page at a time by
//! id and written in multi-row batches. Ids are kept, so every reference
//! holds, and PostgreSQL's sequences are moved past them afterwards.

pub mod file;
mod tables;

use std::io::{BufRead, Write};

use confradar_migration::{Migrator, MigratorTrait};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    IsolationLevel, TransactionTrait,
};

pub use file::{Compression, DumpFile, FORMAT, Header, VERSION};
pub use tables::Table;

use crate::settings::DatabaseUrl;
use file::{BodyLine, EndOut};
use tables::Forward;

/// Rows read per query.
const PAGE: u64 = 1_000;

/// What went wrong with a dump, a restore or a copy.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Writing the dump failed.
    #[error("cannot write the dump: {0}")]
    Write(#[from] std::io::Error),
    /// A line of a dump is not what it must be.
    #[error("{file}, line {line}: {reason}")]
    BadLine {
        /// The dump's name.
        file: String,
        /// The line (1 is the header).
        line: u64,
        /// What is wrong and what to do.
        reason: String,
    },
    /// Rows could not be inserted.
    #[error("cannot insert into table {table}: {source}")]
    Insert {
        /// The table.
        table: &'static str,
        /// The database's error.
        source: DbErr,
    },
    /// The target already holds data.
    #[error(
        "the database at {url} is not empty (table {table} holds rows) and {what} only fills an empty one: \
         empty it with `confradar-cli --database-url URL migrate fresh --yes` (this drops its data) or name a new database"
    )]
    NotEmpty {
        /// The target, password redacted.
        url: String,
        /// The first table found holding rows.
        table: &'static str,
        /// `restore` or `copy`.
        what: &'static str,
    },
    /// A database error.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Rows per table moved by a dump, a restore or a copy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Each table with rows, in order.
    pub tables: Vec<(Table, u64)>,
    /// All rows.
    pub rows: u64,
}

impl Summary {
    fn add(&mut self, table: Table, rows: u64) {
        self.rows += rows;
        match self.tables.last_mut() {
            Some((last, n)) if *last == table => *n += rows,
            _ => self.tables.push((table, rows)),
        }
    }
}

/// Where a long transfer is: rows of `table` done so far, out of `total` when known.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// The table being moved.
    pub table: Table,
    /// Its rows done so far.
    pub done: u64,
    /// Its rows in all, when counted.
    pub total: Option<u64>,
}

/// Writes the whole knowledge base to `out`, read from one consistent snapshot.
///
/// # Errors
/// Reading the database or writing `out` fails.
pub async fn dump(
    db: &DatabaseConnection,
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Summary, BackupError> {
    let txn = snapshot(db).await?;
    let schema = Migrator::get_applied_migrations_read_only(&txn)
        .await?
        .last()
        .map(|m| m.name().to_string())
        .unwrap_or_default();
    let header = Header {
        format: FORMAT.to_string(),
        version: VERSION,
        schema,
        created_at: chrono::Utc::now(),
        tables: Table::ALL.iter().map(|t| t.name().to_string()).collect(),
    };
    write_line(out, &header)?;
    let mut summary = Summary::default();
    for table in Table::ALL {
        let ops = table.ops();
        let (mut after, mut done) = (i32::MIN, 0);
        loop {
            let page = ops.dump_page(&txn, after, PAGE, out).await?;
            summary.add(table, page.rows);
            done += page.rows;
            progress(Progress {
                table,
                done,
                total: None,
            });
            match page.last_id {
                Some(id) if page.rows == PAGE => after = id,
                _ => break,
            }
        }
    }
    write_line(
        out,
        &EndOut {
            end: true,
            rows: summary.rows,
        },
    )?;
    out.flush()?;
    txn.commit().await?;
    Ok(summary)
}

fn write_line(out: &mut (dyn Write + Send), value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Loads a dump into `target`, which must hold no data: a blank database
/// gets the schema first. All or nothing: one transaction, so a bad or
/// truncated dump leaves the target as it was.
///
/// # Errors
/// [`BackupError::NotEmpty`] for a target with data; [`BackupError::BadLine`]
/// for a foreign, newer or truncated dump (naming the line); database errors.
pub async fn restore(
    target: &DatabaseConnection,
    url: &DatabaseUrl,
    input: &mut dyn BufRead,
    name: &str,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Summary, BackupError> {
    let mut reader = Lines {
        input,
        name,
        line: 0,
        buf: String::new(),
    };
    check_header(&mut reader)?;
    prepare_target(target, url, "restore").await?;
    let txn = target.begin().await?;
    let mut summary = Summary::default();
    let mut current: Option<Pending> = None;
    let mut ended = false;
    while reader.advance()? {
        let text = reader.buf.as_str();
        if text.trim().is_empty() {
            continue;
        }
        let line = reader.line;
        if ended {
            return Err(reader.bad("data after the end line: the file was put together wrongly"));
        }
        let body: BodyLine = serde_json::from_str(text).map_err(|e| {
            if text.ends_with('\n') {
                reader.bad(&format!("not a dump line ({e})"))
            } else {
                reader
                    .bad("the last line is cut short: the dump is truncated; nothing was restored")
            }
        })?;
        if body.end == Some(true) {
            if let Some(pending) = current.take() {
                pending.finish(&txn, name, &mut summary, progress).await?;
            }
            if body.rows != Some(summary.rows) {
                return Err(reader.bad(&format!(
                    "the end line counts {} rows but {} came before it: the dump is damaged",
                    body.rows.unwrap_or(0),
                    summary.rows
                )));
            }
            ended = true;
            continue;
        }
        let (Some(table_name), Some(row)) = (body.table, body.row) else {
            return Err(reader.bad("a line needs \"table\" and \"row\" (or \"end\")"));
        };
        let Some(table) = Table::from_name(&table_name) else {
            return Err(reader.bad(&format!(
                "unknown table '{table_name}' (a dump of a newer ConfRadar? restore it with that version)"
            )));
        };
        if current.as_ref().map(|p| p.table) != Some(table) {
            if let Some(pending) = current.take() {
                if position(table) < position(pending.table) {
                    return Err(reader.bad(&format!(
                        "rows of table {} after table {}: not in dump order",
                        table.name(),
                        pending.table.name()
                    )));
                }
                pending.finish(&txn, name, &mut summary, progress).await?;
            }
            current = Some(Pending::new(table));
        }
        if let Some(pending) = current.as_mut() {
            pending.rows.push((line, row));
            if pending.rows.len() >= table.ops().insert_batch() {
                pending.flush(&txn, name, progress).await?;
            }
        }
    }
    if !ended {
        return Err(BackupError::BadLine {
            file: name.to_string(),
            line: reader.line,
            reason: "the dump ends without its end line: it is truncated; nothing was restored"
                .to_string(),
        });
    }
    fix_sequences(&txn).await?;
    txn.commit().await?;
    Ok(summary)
}

/// Rows of one table waiting to be inserted.
struct Pending {
    table: Table,
    rows: Vec<(u64, serde_json::Value)>,
    forward: Vec<Forward>,
    done: u64,
}

impl Pending {
    fn new(table: Table) -> Self {
        Self {
            table,
            rows: Vec::new(),
            forward: Vec::new(),
            done: 0,
        }
    }

    async fn flush(
        &mut self,
        txn: &DatabaseTransaction,
        name: &str,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<(), BackupError> {
        let rows = std::mem::take(&mut self.rows);
        self.done += rows.len() as u64;
        self.table
            .ops()
            .insert_json(txn, rows, name, &mut self.forward)
            .await?;
        progress(Progress {
            table: self.table,
            done: self.done,
            total: None,
        });
        Ok(())
    }

    async fn finish(
        mut self,
        txn: &DatabaseTransaction,
        name: &str,
        summary: &mut Summary,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<(), BackupError> {
        self.flush(txn, name, progress).await?;
        self.table.ops().relink(txn, &self.forward).await?;
        summary.add(self.table, self.done);
        Ok(())
    }
}

fn position(table: Table) -> usize {
    Table::ALL.iter().position(|t| *t == table).unwrap_or(0)
}

/// A dump's lines, counted.
struct Lines<'a> {
    input: &'a mut dyn BufRead,
    name: &'a str,
    line: u64,
    buf: String,
}

impl Lines<'_> {
    /// Reads the next line into `buf`; false at the end.
    fn advance(&mut self) -> Result<bool, BackupError> {
        self.buf.clear();
        self.line += 1;
        let read = self.input.read_line(&mut self.buf).map_err(|err| {
            self.bad(&format!(
                "cannot read it ({err}): the file is truncated or damaged, or its name does not match its compression (.gz, .zst)"
            ))
        })?;
        Ok(read > 0)
    }

    fn bad(&self, reason: &str) -> BackupError {
        BackupError::BadLine {
            file: self.name.to_string(),
            line: self.line,
            reason: reason.to_string(),
        }
    }
}

/// Reads line 1 and checks it is a header this build understands.
fn check_header(reader: &mut Lines<'_>) -> Result<Header, BackupError> {
    if !reader.advance()? {
        return Err(reader.bad("the file is empty, not a ConfRadar dump"));
    }
    let value: serde_json::Value = serde_json::from_str(&reader.buf).map_err(|_| {
        reader.bad(
            "not a ConfRadar dump: its first line is not JSON (make one with `confradar-cli dump`)",
        )
    })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(reader.bad(&format!(
            "not a ConfRadar dump: its first line has no \"format\": \"{FORMAT}\""
        )));
    }
    let header: Header = serde_json::from_value(value)
        .map_err(|e| reader.bad(&format!("a damaged dump header ({e})")))?;
    if header.version != VERSION {
        return Err(reader.bad(&format!(
            "a dump of format version {}, and this confradar-cli reads version {VERSION}: restore it with the ConfRadar version that made it",
            header.version
        )));
    }
    let known = Migrator::migrations()
        .iter()
        .any(|m| m.name() == header.schema);
    if !header.schema.is_empty() && !known {
        return Err(reader.bad(&format!(
            "a dump of a newer schema ({}) than this confradar-cli knows: restore it with a newer version",
            header.schema
        )));
    }
    Ok(header)
}

/// Copies every table of `from` into `to`, which must hold no data (a blank
/// one gets the schema first): from one snapshot of `from`, each table in
/// one transaction of its own.
///
/// # Errors
/// [`BackupError::NotEmpty`] for a target with data; database errors (a
/// copy that fails part way leaves the tables copied so far: empty the
/// target and run it again).
pub async fn copy(
    from: &DatabaseConnection,
    to: &DatabaseConnection,
    to_url: &DatabaseUrl,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Summary, BackupError> {
    prepare_target(to, to_url, "copy").await?;
    let source = snapshot(from).await?;
    let mut summary = Summary::default();
    for table in Table::ALL {
        let ops = table.ops();
        let total = ops.count(&source).await?;
        let txn = to.begin().await?;
        let (mut after, mut done, mut forward) = (i32::MIN, 0, Vec::new());
        progress(Progress {
            table,
            done,
            total: Some(total),
        });
        loop {
            let page = ops
                .copy_page(&source, &txn, after, PAGE, &mut forward)
                .await
                .map_err(|source| BackupError::Insert {
                    table: table.name(),
                    source,
                })?;
            done += page.rows;
            summary.add(table, page.rows);
            progress(Progress {
                table,
                done,
                total: Some(total),
            });
            match page.last_id {
                Some(id) if page.rows == PAGE => after = id,
                _ => break,
            }
        }
        ops.relink(&txn, &forward).await?;
        fix_sequence(&txn, table).await?;
        txn.commit().await?;
    }
    source.commit().await?;
    Ok(summary)
}

/// A read transaction that sees one state of the database throughout.
async fn snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        // SQLite (WAL): a read transaction sees the state of its first read.
        DatabaseBackend::Sqlite => db.begin().await,
        _ => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await
        }
    }
}

/// Gives a blank database the schema and refuses one holding data.
async fn prepare_target(
    db: &DatabaseConnection,
    url: &DatabaseUrl,
    what: &'static str,
) -> Result<(), BackupError> {
    // Checked before migrating, so a database with data is never changed.
    for table in Table::ALL {
        // A table that is not there yet holds nothing.
        if table.ops().has_rows(db).await.unwrap_or(false) {
            return Err(BackupError::NotEmpty {
                url: url.redacted(),
                table: table.name(),
                what,
            });
        }
    }
    Migrator::up(db, None).await?;
    Ok(())
}

async fn fix_sequences(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    for table in Table::ALL {
        fix_sequence(txn, table).await?;
    }
    Ok(())
}

/// PostgreSQL hands out ids from a sequence that explicit ids do not move:
/// set it past the highest id. (MySQL and SQLite follow explicit ids.)
async fn fix_sequence(txn: &DatabaseTransaction, table: Table) -> Result<(), DbErr> {
    if txn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let name = table.name();
    txn.execute_unprepared(&format!(
        "SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
    ))
    .await?;
    Ok(())
}
