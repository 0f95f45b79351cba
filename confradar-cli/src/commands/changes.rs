//! `confradar-cli changes` (being written by the publishing work).
use std::process::ExitCode;

use clap::Args;

use super::Context;

/// Arguments of `changes`.
#[derive(Debug, Args)]
pub struct ChangesArgs {}

/// Runs `changes`.
pub async fn run(_ctx: &Context, _args: ChangesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("changes is not available yet")
}
