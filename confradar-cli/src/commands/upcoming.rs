//! `confradar-cli upcoming` (being written by the publishing work).
use std::process::ExitCode;

use clap::Args;

use super::Context;

/// Arguments of `upcoming`.
#[derive(Debug, Args)]
pub struct UpcomingArgs {}

/// Runs `upcoming`.
pub async fn run(_ctx: &Context, _args: UpcomingArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("upcoming is not available yet")
}
