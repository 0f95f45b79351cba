//! The library's error type.

use sea_orm::DbErr;

/// Everything that can go wrong in ConfRadar's library, by domain.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database URL has a scheme ConfRadar cannot use.
    #[error(
        "unsupported database URL '{url}': it must start with postgres://, sqlite:// or mysql:// (e.g. --database-url sqlite://confradar.db)"
    )]
    BadDatabaseUrl {
        /// The URL, password redacted.
        url: String,
    },
    /// The database cannot be reached.
    #[error("cannot connect to the database at {url}: {reason}\nhint: {hint}")]
    Unreachable {
        /// The URL, password redacted.
        url: String,
        /// Why (password scrubbed).
        reason: String,
        /// What to do about it.
        hint: String,
    },
    /// The schema is missing or out of date.
    #[error(
        "the database at {url} has {pending} pending migration(s) ({first} first): run `confradar-cli migrate up` first"
    )]
    SchemaNotReady {
        /// The URL, password redacted.
        url: String,
        /// How many migrations are pending.
        pending: usize,
        /// The name of the first pending one.
        first: String,
    },
    /// Settings could not be loaded.
    #[error("invalid settings: {0}")]
    Settings(#[from] Box<figment::Error>),
    /// Something looked up does not exist.
    #[error("{what} '{key}' not found")]
    NotFound {
        /// What kind of thing (`conference`, `series`, …).
        what: &'static str,
        /// The key looked for.
        key: String,
    },
    /// An observation cannot be stored as it is.
    #[error("cannot store observation: {0}")]
    InvalidObservation(String),
    /// A database error.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
