//! confradar-cli's tests: the real binary, run as a user would, against
//! SQLite files, PostgreSQL and MariaDB databases, and HTTP servers on
//! 127.0.0.1. One test binary, one module per concern.
#![allow(clippy::unwrap_used)]

mod publish_fixture;
mod support;

mod backup;
mod database;
mod deliveries;
mod extract;
mod import;
mod metrics;
mod notify;
mod pipeline;
mod status;

// upcoming, changes, export, serve (publishing)
mod changes;
mod export;
mod serve;
mod upcoming;
