//! `confradar-cli serve` (being written by the publishing work).
use std::process::ExitCode;

use clap::Args;

use super::Context;

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {}

/// Runs `serve`.
pub async fn run(_ctx: &Context, _args: ServeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("serve is not available yet")
}
