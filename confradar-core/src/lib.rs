//! ConfRadar's library: a knowledge base of academic conference deadlines.
//!
//! - [`extract`] turns a Call-for-Papers page into an [`extract::ExtractedPage`].
//! - [`repository`] is the backend-agnostic storage trait; [`store`] implements it with SeaORM
//!   on PostgreSQL, SQLite and MySQL/MariaDB.
//! - [`settings`] loads configuration (defaults < `confradar.toml` < `.env` < environment < flags).
#![deny(missing_docs)]

pub mod extract;
pub mod kind;

pub use kind::DeadlineKind;
