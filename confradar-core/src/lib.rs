//! ConfRadar's library: a knowledge base of academic conference deadlines.
//!
//! - [`extract`] turns a Call-for-Papers page into an [`extract::ExtractedPage`].
//! - [`repository`] is the backend-agnostic storage trait; [`store`] implements it with SeaORM
//!   on PostgreSQL, SQLite and MySQL/MariaDB; [`domain`] holds the records that cross the
//!   trait (never SeaORM `Model`s); [`db`] opens the database.
//! - [`settings`] loads configuration (defaults < `confradar.toml` < `.env` < environment < flags).
//! - [`timezone`] turns a deadline as published into its UTC instant (AoE = UTC−12).
//! - [`fetch`] fetches pages politely; [`pipeline`] runs a page (or a data file) through
//!   extraction into the store, and [`queue`] shares crawl work between workers;
//!   [`publish`] renders what is stored (iCalendar, JSON, CSV, Markdown, HTML, HTTP).
//!
//! From a page to its upcoming deadlines, on an in-memory SQLite database (the same
//! code runs on PostgreSQL and MySQL/MariaDB with another `database_url`):
//!
//! ```
//! use confradar_core::extract::{Format, extract};
//! use confradar_core::pipeline::observation_from_page;
//! use confradar_core::repository::{DeadlineQuery, ObservedSource, StoreStatus};
//! use confradar_core::settings::{DatabaseUrl, Settings};
//! use confradar_core::{DeadlineKind, Repository, SeaOrmRepository, db};
//!
//! let page = "<h1>FooConf 2099</h1>
//!   <h2>Important Dates</h2>
//!   <ul><li>Paper submission: May 8, 2099 (23:59 AoE)</li></ul>";
//! let extraction = extract(page, Format::Html);
//! let source = ObservedSource { url: "https://fooconf.example/cfp".into(), ..ObservedSource::default() };
//! let observation = observation_from_page(&extraction.page, source, None);
//!
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     let settings = Settings { database_url: DatabaseUrl::new("sqlite::memory:"), ..Settings::default() };
//!     // Connects, and applies the migrations on SQLite.
//!     let repo = SeaOrmRepository::new(db::open(&settings).await?);
//!     let outcome = repo.store_observation(&observation).await?;
//!     assert_eq!(outcome.status, StoreStatus::Created);
//!
//!     let upcoming = repo.upcoming_deadlines(&DeadlineQuery::default()).await?;
//!     assert_eq!(upcoming[0].kind, DeadlineKind::Submission);
//!     // AoE is UTC−12: 23:59 AoE on May 8 is 11:59 UTC on May 9.
//!     assert_eq!(upcoming[0].due_at.to_rfc3339(), "2099-05-09T11:59:00+00:00");
//!     Ok::<(), Box<dyn std::error::Error>>(())
//! })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod backup;
pub mod db;
pub mod domain;
pub mod entity;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod health;
pub mod kind;
pub mod names;
pub mod notify;
pub mod pipeline;
pub mod publish;
pub mod queue;
pub mod repository;
pub mod settings;
pub mod store;
pub mod telemetry;
pub mod timezone;

pub use error::{Error, Result};
pub use kind::DeadlineKind;
pub use repository::Repository;
pub use store::SeaOrmRepository;
