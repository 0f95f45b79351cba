//! One crawl cycle: queue every tracked page, then claim due pages in
//! batches, run each through the pipeline, and schedule the next visit.
//! Several workers may run cycles against one database at once: each page is
//! claimed by one worker per cycle (see [`crate::queue`]).

use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::error::Result;
use crate::pipeline::RunRecorder;
use crate::pipeline::{PageOutcome, PageReport, Pipeline};
use crate::queue::{Attempt, CrawlQueue};
use crate::repository::{Repository, StoreStatus};

/// Crawl scheduling settings (`[crawl]` in `confradar.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CrawlSettings {
    /// After a good visit, how long until a page is due again (seconds).
    pub recheck_after_secs: u64,
    /// How long a worker holds a claimed page before others may take it (seconds).
    pub lease_secs: u64,
    /// After a failure, the first retry delay (seconds); it doubles per failure, up to `recheck_after_secs`.
    pub retry_after_secs: u64,
    /// Pages claimed and processed together (also the pipeline's parallelism).
    pub batch_size: u64,
}

impl Default for CrawlSettings {
    fn default() -> Self {
        Self {
            recheck_after_secs: 6 * 3600,
            lease_secs: 600,
            retry_after_secs: 300,
            batch_size: 16,
        }
    }
}

/// What a cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CrawlReport {
    /// The `fetch_runs` row of the cycle.
    pub run_id: i32,
    /// Pages stored (created or updated).
    pub stored: u32,
    /// Pages that had not changed.
    pub unchanged: u32,
    /// Pages that failed (retried next cycle).
    pub failed: u32,
    /// Deadline changes detected.
    pub changes: u32,
    /// Whether a stop signal cut the cycle short.
    pub interrupted: bool,
}

/// Progress reporting hooks (a progress bar on a terminal, log lines otherwise).
pub trait CrawlProgress: Send + Sync {
    /// The cycle starts with about `due` pages to visit.
    fn started(&self, due: u64);
    /// One page is done.
    fn page_done(&self, report: &PageReport);
    /// The cycle ended.
    fn finished(&self, report: &CrawlReport);
}

/// Progress that reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl CrawlProgress for NoProgress {
    fn started(&self, _due: u64) {}
    fn page_done(&self, _report: &PageReport) {}
    fn finished(&self, _report: &CrawlReport) {}
}

/// Runs crawl cycles for one worker.
#[derive(Debug, Clone)]
pub struct Crawler<R> {
    pipeline: Pipeline<R>,
    settings: CrawlSettings,
    worker: String,
}

impl<R: Repository + CrawlQueue + Clone + 'static> Crawler<R> {
    /// A crawler for `worker` (a name unique among the workers sharing the database).
    pub fn new(pipeline: Pipeline<R>, settings: CrawlSettings, worker: impl Into<String>) -> Self {
        Self {
            pipeline,
            settings,
            worker: worker.into(),
        }
    }

    /// Runs one cycle. `stop` turning true ends it after the current batch:
    /// every page is stored in its own transaction, pages not yet claimed stay
    /// due, and the run is recorded as interrupted.
    ///
    /// # Errors
    /// Only database errors of the bookkeeping itself; a page's failure is counted, not returned.
    pub async fn run_cycle(
        &self,
        progress: &dyn CrawlProgress,
        stop: &watch::Receiver<bool>,
    ) -> Result<CrawlReport> {
        let repo = self.pipeline.repository();
        let cycle_start = Utc::now();
        repo.enqueue_tracked(cycle_start).await?;
        let (mut run, _) = RunRecorder::start(
            repo.clone(),
            "crawl",
            &self.worker,
            Duration::from_secs(self.settings.lease_secs),
        )
        .await?;
        let mut report = CrawlReport {
            run_id: run.id(),
            ..Default::default()
        };
        progress.started(repo.count_due(cycle_start).await?);
        let lease =
            chrono::Duration::seconds(i64::try_from(self.settings.lease_secs).unwrap_or(600));
        let batch = self.settings.batch_size.max(1);

        loop {
            if *stop.borrow() {
                report.interrupted = true;
                break;
            }
            let claimed = repo
                .claim_due(&self.worker, cycle_start, lease, batch)
                .await?;
            if claimed.is_empty() {
                break;
            }
            let results: Vec<_> = futures::stream::iter(claimed)
                .map(|page| async move {
                    let result = self
                        .pipeline
                        .process(&page.url, page.series_key.as_deref())
                        .await;
                    (page, result)
                })
                .buffer_unordered(usize::try_from(batch).unwrap_or(16))
                .collect()
                .await;
            for (page, result) in results {
                let attempt = match &result.outcome {
                    PageOutcome::Failed(err) => Attempt::Failed(err.to_string()),
                    _ => Attempt::Succeeded,
                };
                let next_due = match &attempt {
                    Attempt::Succeeded => self.after(self.settings.recheck_after_secs),
                    Attempt::Failed(_) => {
                        let doublings =
                            u32::try_from(page.failure_count.clamp(0, 16)).unwrap_or(16);
                        let wait = self
                            .settings
                            .retry_after_secs
                            .saturating_mul(1u64 << doublings);
                        self.after(wait.min(self.settings.recheck_after_secs))
                    }
                };
                // Never due again within this cycle, even where the database
                // rounds timestamps (to microseconds on PostgreSQL and MySQL).
                let next_due = next_due.max(cycle_start + Duration::from_secs(1));
                repo.complete(&page.url, &self.worker, &attempt, next_due)
                    .await?;
                match &result.outcome {
                    PageOutcome::Stored(outcome) if outcome.status == StoreStatus::Unchanged => {
                        report.unchanged += 1;
                        run.unchanged();
                    }
                    PageOutcome::Stored(outcome) => {
                        report.stored += 1;
                        report.changes += u32::try_from(outcome.changes.len()).unwrap_or(u32::MAX);
                        run.stored(outcome.changes.len());
                    }
                    PageOutcome::NotModified => {
                        report.unchanged += 1;
                        run.unchanged();
                    }
                    PageOutcome::Failed(err) => {
                        report.failed += 1;
                        run.failed(err.to_string());
                    }
                }
                progress.page_done(&result);
            }
        }

        run.finish(report.interrupted).await?;
        progress.finished(&report);
        Ok(report)
    }

    fn after(&self, secs: u64) -> chrono::DateTime<Utc> {
        Utc::now() + Duration::from_secs(secs)
    }
}
