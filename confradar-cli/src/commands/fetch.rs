//! `confradar-cli fetch URL|FILE…`: fetch each page, extract, store, and say
//! what happened, change by change.

use std::process::ExitCode;

use clap::Args;
use confradar_core::fetch::Fetcher;
use confradar_core::pipeline::{PageOutcome, PageReport, Pipeline, RunRecorder};
use confradar_core::queue::CrawlQueue;
use confradar_core::repository::StoreStatus;
use futures::StreamExt as _;

use super::Context;
use super::progress::worker_name;

/// Arguments of `fetch`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli fetch https://icml.cc/Conferences/2026/CallForPapers\n  \
    confradar-cli fetch saved-cfp.html --series icml\n\n\
    Pages on different hosts are fetched at the same time; a failure on one never stops\n\
    the others. Each page is also queued for `crawl` and `watch`, which re-check it from then on.")]
pub struct FetchArgs {
    /// Pages to fetch: http(s) URLs or local files (HTML, Markdown or text).
    #[arg(required = true, value_name = "URL|FILE")]
    pub pages: Vec<String>,
    /// Attach the pages to this known series (key, acronym or alias) when the page alone is ambiguous.
    #[arg(long, value_name = "KEY")]
    pub series: Option<String>,
    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,
}

/// Prints one page's report; returns whether it failed.
pub fn print_report(report: &PageReport) -> bool {
    match &report.outcome {
        PageOutcome::Stored(stored) => {
            let verb = match stored.status {
                StoreStatus::Created => "created",
                StoreStatus::Updated => "updated",
                StoreStatus::Unchanged => "unchanged",
            };
            println!(
                "{verb:<9} {} ({}) ← {}",
                stored.display_name, stored.conference_key, report.url
            );
            for change in &stored.changes {
                println!("          {} {}", stored.display_name, change.describe());
            }
            false
        }
        PageOutcome::NotModified => {
            println!("unchanged {} (page not modified)", report.url);
            false
        }
        PageOutcome::Failed(err) => {
            println!("failed    {err}");
            true
        }
    }
}

/// Runs `fetch`.
pub async fn run(ctx: &Context, args: FetchArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let fetcher = Fetcher::new(ctx.settings.fetch.clone())?;
    let pipeline = Pipeline::new(repo.clone(), fetcher);
    let lease = std::time::Duration::from_secs(ctx.settings.crawl.lease_secs);
    let notifier = super::notify::notifier(ctx, &args.notify, repo.connection())?;
    let mut changes = Vec::new();
    let (mut run, _) = RunRecorder::start(repo.clone(), "fetch", &worker_name(), lease).await?;
    // Pages are fetched concurrently (the fetcher keeps the per-host delay and
    // the global bound), and reported in command-line order.
    let series = args.series.as_deref();
    let mut reports = futures::stream::iter(&args.pages)
        .map(|page| {
            let pipeline = &pipeline;
            async move { (page, pipeline.process(page, series).await) }
        })
        .buffered(ctx.settings.fetch.concurrency.max(1));
    while let Some((page, report)) = reports.next().await {
        for diagnostic in &report.diagnostics {
            tracing::warn!("{page}: {diagnostic}");
        }
        if notifier.is_some() && changes.len() < super::notify::MAX_CHANGES {
            changes.extend(super::notify::changes_of(&report));
        }
        if print_report(&report) {
            if let PageOutcome::Failed(err) = &report.outcome {
                run.failed(err.to_string());
            }
            continue;
        }
        match &report.outcome {
            PageOutcome::Stored(stored) if stored.status != StoreStatus::Unchanged => {
                run.stored(stored.changes.len());
            }
            _ => run.unchanged(),
        }
        let due = chrono::Utc::now()
            + std::time::Duration::from_secs(ctx.settings.crawl.recheck_after_secs);
        repo.enqueue(page, args.series.as_deref(), due).await?;
    }
    let failed = run.tally().pages_failed;
    let run_id = run.id();
    run.finish(false).await?;
    super::notify::send_and_finish(notifier.as_ref(), run_id, "fetch", &changes).await;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
