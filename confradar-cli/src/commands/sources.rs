//! `confradar-cli sources` (what is tracked) and `confradar-cli runs` (the run history).

use std::process::ExitCode;

use clap::Args;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use confradar_core::queue::CrawlQueue;
use confradar_core::repository::Repository;

use super::Context;

/// Arguments of `sources`.
#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `runs`.
#[derive(Debug, Args)]
pub struct RunsArgs {
    /// How many runs to show.
    #[arg(long, default_value_t = 20)]
    pub limit: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "—".into())
}

/// Runs `sources`.
pub async fn run_sources(ctx: &Context, args: SourcesArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let queued = repo.queued().await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&queued)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "page",
        "next check",
        "last attempt",
        "failures",
        "last error",
    ]);
    for page in &queued {
        table.add_row([
            page.url.clone(),
            time(Some(page.next_due_at)),
            time(page.last_attempt_at),
            page.failure_count.to_string(),
            page.last_error.clone().unwrap_or_default(),
        ]);
    }
    println!("{table}\n{} tracked page(s)", queued.len());
    Ok(ExitCode::SUCCESS)
}

/// Runs `runs`.
pub async fn run_runs(ctx: &Context, args: RunsArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let runs = repo.recent_runs(args.limit).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&runs)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "run",
        "command",
        "worker",
        "started",
        "finished",
        "status",
        "ok",
        "unchanged",
        "failed",
        "changes",
    ]);
    for run in &runs {
        table.add_row([
            run.id.to_string(),
            run.command.clone(),
            run.worker.clone().unwrap_or_default(),
            time(Some(run.started_at)),
            time(run.finished_at),
            run.status.clone(),
            run.pages_ok.to_string(),
            run.pages_unchanged.to_string(),
            run.pages_failed.to_string(),
            run.changes_detected.to_string(),
        ]);
    }
    println!("{table}");
    Ok(ExitCode::SUCCESS)
}
