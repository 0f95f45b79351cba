//! `confradar-cli seed`: load the bundled list of major computer-science
//! conference series (names, acronyms, aliases, homepages). Idempotent.

use std::process::ExitCode;

use clap::Args;
use confradar_core::pipeline::seed::load_seed;

use super::Context;

/// Arguments of `seed`.
#[derive(Debug, Args)]
pub struct SeedArgs {}

/// Runs `seed`.
pub async fn run(ctx: &Context, _args: SeedArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let count = load_seed(&repo).await?;
    println!("{count} conference series loaded (their homepages are queued for `crawl`)");
    Ok(ExitCode::SUCCESS)
}
