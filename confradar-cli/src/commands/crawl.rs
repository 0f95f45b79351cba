//! `confradar-cli crawl` (one cycle) and `confradar-cli watch --every 24h`
//! (cycles on an interval until SIGINT/SIGTERM).

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use confradar_core::SeaOrmRepository;
use confradar_core::fetch::Fetcher;
use confradar_core::pipeline::{
    CrawlProgress, CrawlReport, Crawler, PageOutcome, PageReport, Pipeline,
};
use indicatif::ProgressBar;
use std::sync::Mutex;

use confradar_core::notify::RunChange;
use tokio::sync::watch;

use super::Context;
use super::fetch::print_report;
use super::progress::{bar, worker_name};

/// Arguments of `crawl`.
#[derive(Debug, Args)]
#[command(
    after_help = "Re-checks every tracked page (pages given to `fetch`, sources of imported conferences,\n\
    homepages of seeded series) that is due. Several workers may crawl one PostgreSQL database\n\
    at once: each page is claimed by one worker per cycle. On SQLite, run one worker."
)]
pub struct CrawlArgs {
    /// Print a line per page (default: only failures and changes).
    #[arg(long)]
    pub verbose_pages: bool,
    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,
}

/// Arguments of `watch`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  confradar-cli watch --every 24h\n\nStops cleanly on Ctrl-C or SIGTERM: the page in hand is stored, the run is recorded as interrupted."
)]
pub struct WatchArgs {
    /// Time between the starts of two crawls (e.g. 30m, 6h, 24h, 1d).
    #[arg(long, default_value = "24h", value_parser = humantime::parse_duration)]
    pub every: Duration,
    /// Serve Prometheus metrics at http://ADDR/metrics while watching (e.g. 127.0.0.1:9090).
    #[arg(long, value_name = "ADDR")]
    pub metrics_bind: Option<std::net::SocketAddr>,
    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,
}

struct Progress {
    bar: ProgressBar,
    verbose: bool,
    /// The cycle's changes, kept only when they are to be sent (`--notify`).
    changes: Option<Mutex<Vec<RunChange>>>,
}

impl Progress {
    fn new(verbose: bool, notify: bool) -> Self {
        Self {
            bar: bar(Some(0), "crawling"),
            verbose,
            changes: notify.then(|| Mutex::new(Vec::new())),
        }
    }

    fn take_changes(&self) -> Vec<RunChange> {
        self.changes
            .as_ref()
            .and_then(|c| c.lock().ok().map(|mut c| std::mem::take(&mut *c)))
            .unwrap_or_default()
    }
}

impl CrawlProgress for Progress {
    fn started(&self, due: u64) {
        self.bar.set_length(due);
        tracing::info!("crawl started: {due} page(s) due");
    }

    fn page_done(&self, report: &PageReport) {
        self.bar.inc(1);
        if let Some(Ok(mut changes)) = self.changes.as_ref().map(Mutex::lock)
            && changes.len() < super::notify::MAX_CHANGES
        {
            changes.extend(super::notify::changes_of(report));
        }
        let interesting = match &report.outcome {
            PageOutcome::Failed(_) => true,
            PageOutcome::Stored(stored) => !stored.changes.is_empty(),
            PageOutcome::NotModified => false,
        };
        if interesting || self.verbose {
            self.bar.suspend(|| print_report(report));
        }
    }

    fn finished(&self, report: &CrawlReport) {
        self.bar.finish_and_clear();
        println!(
            "crawl run {}: {} stored, {} unchanged, {} failed, {} change(s){}",
            report.run_id,
            report.stored,
            report.unchanged,
            report.failed,
            report.changes,
            if report.interrupted {
                " (interrupted)"
            } else {
                ""
            }
        );
    }
}

fn crawler(ctx: &Context, repo: SeaOrmRepository) -> anyhow::Result<Crawler<SeaOrmRepository>> {
    let fetcher = Fetcher::new(ctx.settings.fetch.clone())?;
    Ok(Crawler::new(
        Pipeline::new(repo, fetcher),
        ctx.settings.crawl.clone(),
        worker_name(),
    ))
}

/// A channel that turns true on SIGINT or SIGTERM.
fn stop_signal() -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(false);
    tokio::spawn(async move {
        #[cfg(unix)]
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            () = terminate => {},
        }
        tracing::warn!("stop requested: finishing the pages in hand");
        let _ = tx.send(true);
    });
    rx
}

/// Runs `crawl`.
pub async fn run_crawl(ctx: &Context, args: CrawlArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let notifier = super::notify::notifier(ctx, &args.notify, repo.connection())?;
    let crawler = crawler(ctx, repo)?;
    let progress = Progress::new(args.verbose_pages, notifier.is_some());
    let report = crawler.run_cycle(&progress, &stop_signal()).await?;
    super::notify::send_and_finish(
        notifier.as_ref(),
        report.run_id,
        "crawl",
        &progress.take_changes(),
    )
    .await;
    if report.stored + report.unchanged + report.failed == 0 && !report.interrupted {
        println!(
            "nothing was due: track pages with `confradar-cli fetch URL` or `confradar-cli seed`; \
             `confradar-cli sources` lists what is tracked and when it is due"
        );
    }
    Ok(if report.failed > 0 || report.interrupted {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs `watch`.
pub async fn run_watch(ctx: &Context, args: WatchArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let metrics = match args.metrics_bind {
        Some(_) => Some(super::metrics::scrape(ctx, repo.connection().clone())?),
        None => None,
    };
    let notifier = super::notify::notifier(ctx, &args.notify, repo.connection())?;
    let crawler = crawler(ctx, repo)?;
    let mut stop = stop_signal();
    if let (Some(bind), Some(scrape)) = (args.metrics_bind, metrics) {
        super::metrics::spawn_server(ctx, bind, scrape, stop.clone()).await?;
    }
    tracing::info!(
        "watching: a crawl every {}",
        humantime::format_duration(args.every)
    );
    loop {
        let started = tokio::time::Instant::now();
        let progress = Progress::new(false, notifier.is_some());
        let cycle = crawler.run_cycle(&progress, &stop).await;
        if let (Some(notifier), Ok(report)) = (&notifier, &cycle) {
            // Delivered in the background while the worker waits for the next cycle.
            notifier.send(Some(report.run_id), "crawl", &progress.take_changes());
        }
        match cycle {
            Ok(report) if report.interrupted => break,
            Ok(_) => {}
            // A lost database connection is survived: the next cycle tries again.
            Err(err) => tracing::error!("crawl failed: {err}; trying again next cycle"),
        }
        if *stop.borrow() {
            break;
        }
        let next = started + args.every;
        tokio::select! {
            () = tokio::time::sleep_until(next) => {}
            _ = stop.changed() => break,
        }
    }
    if let Some(notifier) = &notifier {
        notifier.finish(Duration::from_secs(60)).await;
    }
    println!("watch stopped");
    Ok(ExitCode::SUCCESS)
}
