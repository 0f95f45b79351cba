//! `confradar-cli export` (being written by the publishing work).
use std::process::ExitCode;

use clap::Args;

use super::Context;

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {}

/// Runs `export`.
pub async fn run(_ctx: &Context, _args: ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("export is not available yet")
}
