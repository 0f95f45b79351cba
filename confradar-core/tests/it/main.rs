//! confradar-core's integration tests: one binary, one module per concept.

mod support;

mod extraction;
mod fetch;
mod migrations;
mod publish;
mod repository;
