//! confradar-cli's integration tests: the built binary against a temporary
//! SQLite file. One binary, one module per command.
#![allow(clippy::unwrap_used)]

mod publish_fixture;

mod changes;
mod export;
mod serve;
mod upcoming;
