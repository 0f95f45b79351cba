//! confradar-core's integration tests: one binary, one module per concept.

mod extraction;
mod fetch;
