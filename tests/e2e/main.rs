//! ConfRadar's end-to-end suite: the real `confradar-cli` binary, started as a user would,
//! against a hostile HTTP server of its own on 127.0.0.1, a real PostgreSQL database
//! (`CONFRADAR_TEST_POSTGRES_URL`; tests that need it print "skipped: …" when it is unset)
//! and bad input of every kind. See docs/development-guide.md, "End-to-end suite".
#![allow(clippy::unwrap_used)]

mod hostile;
mod support;

mod bad_input;
mod browser;
mod crawl;
mod serve;
