//! ConfRadar's library: a knowledge base of academic conference deadlines.
//!
//! - [`extract`] turns a Call-for-Papers page into an [`extract::ExtractedPage`].
//! - [`repository`] is the backend-agnostic storage trait; [`store`] implements it with SeaORM
//!   on PostgreSQL, SQLite and MySQL/MariaDB; [`db`] opens the database.
//! - [`settings`] loads configuration (defaults < `confradar.toml` < `.env` < environment < flags).
//! - [`timezone`] turns a deadline as published into its UTC instant (AoE = UTC−12).
#![deny(missing_docs)]

pub mod db;
pub mod entity;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod kind;
pub mod names;
pub mod publish;
pub mod pipeline;
pub mod queue;
pub mod repository;
pub mod settings;
pub mod store;
pub mod timezone;

pub use error::{Error, Result};
pub use kind::DeadlineKind;
pub use repository::Repository;
pub use store::SeaOrmRepository;
