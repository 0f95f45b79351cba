//! confradar-core's integration tests: one binary, one module per concept.
#![allow(clippy::unwrap_used)]

mod site;
mod support;

mod backup;
mod domain;
mod extraction;
mod fetch;
mod import_realdata;
mod injection;
mod migrations;
mod pipeline;
mod publish;
mod repository;
mod runs;
mod sources;
mod time_range;
mod web;
mod workshops;
