//! `confradar-cli changes`: the change log, in words.
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::Utc;
use clap::Args;
use confradar_core::Repository;
use confradar_core::publish::{self, Bound};

use super::Context;
use super::upcoming::flag_bound;

/// Arguments of `changes`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli changes --since 7d\n  \
    confradar-cli changes --since 2026-01-01 --json")]
pub struct ChangesArgs {
    /// Only changes noticed from this moment: a date (2026-01-30), an RFC 3339 instant,
    /// or a span back from now (7d, 12h, 2w). Default: the whole history.
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Print JSON (an array of change records, as GET /api/changes).
    #[arg(long)]
    pub json: bool,
}

/// Runs `changes`.
pub async fn run(ctx: &Context, args: ChangesArgs) -> anyhow::Result<ExitCode> {
    let since = args
        .since
        .as_deref()
        .map(|text| flag_bound("--since", text, Bound::From, Utc::now()))
        .transpose()?;
    let repo = ctx.repository().await?;
    let changes = repo
        .changes_since(since)
        .await
        .context("reading the change log")?;
    if args.json {
        print!("{}", publish::json::changes(&changes)?);
        return Ok(ExitCode::SUCCESS);
    }
    if changes.is_empty() {
        match since {
            Some(since) => println!("No changes since {}.", since.format("%Y-%m-%d %H:%M UTC")),
            None => println!("No changes recorded yet."),
        }
        return Ok(ExitCode::SUCCESS);
    }
    for change in &changes {
        let source = change
            .source_url
            .as_deref()
            .map(|url| format!("  ({url})"))
            .unwrap_or_default();
        println!(
            "{}  {}{source}",
            change.detected_at.format("%Y-%m-%d %H:%M UTC"),
            publish::describe_change(change)
        );
    }
    Ok(ExitCode::SUCCESS)
}
