//! `confradar-cli extract` (being written by the extraction work).
use std::process::ExitCode;

use clap::Args;

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The page: a file path or an http(s) URL.
    pub page: String,
}

/// Runs `extract`.
pub async fn run(_args: ExtractArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("extract is not available yet")
}
