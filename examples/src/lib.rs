//! Runnable examples of `confradar-core` used as a library.
//!
//! The examples themselves are the `[[example]]` targets of this package
//! (`examples/*.rs` beside its `Cargo.toml`); run them from the workspace
//! root:
//!
//! ```text
//! cargo run -p confradar-examples --example store_and_query
//! cargo run -p confradar-examples --example extract_page -- examples/pages/demo-cfp.html
//! ```
//!
//! This library only holds what they share.
#![deny(missing_docs)]

use std::path::PathBuf;

/// The demo Call-for-Papers page shipped with the repository
/// (`examples/pages/demo-cfp.html`), found from this package's directory so
/// the examples work from any working directory.
#[must_use]
pub fn demo_page() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("pages")
        .join("demo-cfp.html")
}
