//! [`RunRecorder`]: the one run bookkeeping of `fetch`, `import` and `crawl`.
//!
//! A run is recorded when it starts, keeps a heartbeat while it works, and
//! ends with one status rule ([`RunStatus::of_tally`]). Before it starts, the
//! runs of processes that died without finishing (no heartbeat for longer
//! than the lease) are marked `abandoned` and their crawl claims released.

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::error::Result;
use crate::repository::{AbandonedRun, Repository, RunStatus, RunTally};

/// The first errors kept in a run's summary.
const MAX_ERRORS: usize = 20;

/// A run in progress: counts what happened and keeps the heartbeat going.
pub struct RunRecorder<R: Repository + Clone + 'static> {
    repo: R,
    run_id: i32,
    command: String,
    heartbeat: JoinHandle<()>,
    tally: RunTally,
    errors: Vec<String>,
}

impl<R: Repository + Clone + 'static> RunRecorder<R> {
    /// Sweeps abandoned runs, then records a new `running` run of `command`
    /// by `worker` whose heartbeat beats four times per `lease`.
    ///
    /// # Errors
    /// A database error.
    pub async fn start(
        repo: R,
        command: &str,
        worker: &str,
        lease: Duration,
    ) -> Result<(Self, Vec<AbandonedRun>)> {
        let lease_chrono = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
        let abandoned = repo.abandon_stale_runs(lease_chrono).await?;
        for run in &abandoned {
            tracing::warn!(
                run = run.id,
                command = %run.command,
                worker = run.worker.as_deref().unwrap_or("?"),
                released_claims = run.released_claims,
                "marked a run abandoned: its process stopped without finishing it"
            );
        }
        let run_id = repo.start_run(command, worker).await?;
        let heartbeat = tokio::spawn(beat(repo.clone(), run_id, lease / 4));
        let recorder = Self {
            repo,
            run_id,
            command: command.to_string(),
            heartbeat,
            tally: RunTally::default(),
            errors: Vec::new(),
        };
        Ok((recorder, abandoned))
    }

    /// The run's id.
    pub fn id(&self) -> i32 {
        self.run_id
    }

    /// An item (page, file item) stored with `changes` deadline changes.
    pub fn stored(&mut self, changes: usize) {
        self.tally.pages_ok = self.tally.pages_ok.saturating_add(1);
        self.tally.changes_detected = self
            .tally
            .changes_detected
            .saturating_add(i32::try_from(changes).unwrap_or(i32::MAX));
    }

    /// An item found unchanged.
    pub fn unchanged(&mut self) {
        self.tally.pages_unchanged = self.tally.pages_unchanged.saturating_add(1);
    }

    /// An item that failed, with why.
    pub fn failed(&mut self, why: impl Into<String>) {
        self.tally.pages_failed = self.tally.pages_failed.saturating_add(1);
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(why.into());
        }
    }

    /// Counts a whole batch at once (bulk commands such as `import`).
    pub fn add(&mut self, stored: u64, unchanged: u64, failed: u64, changes: u64) {
        let clamp = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
        self.tally.pages_ok = self.tally.pages_ok.saturating_add(clamp(stored));
        self.tally.pages_unchanged = self.tally.pages_unchanged.saturating_add(clamp(unchanged));
        self.tally.pages_failed = self.tally.pages_failed.saturating_add(clamp(failed));
        self.tally.changes_detected = self.tally.changes_detected.saturating_add(clamp(changes));
    }

    /// Keeps a reason in the run's error summary without counting an item.
    pub fn note_error(&mut self, why: impl Into<String>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(why.into());
        }
    }

    /// What has been counted so far.
    pub fn tally(&self) -> &RunTally {
        &self.tally
    }

    /// Ends the run with the status the tally gives.
    ///
    /// # Errors
    /// A database error.
    pub async fn finish(mut self, interrupted: bool) -> Result<RunStatus> {
        self.heartbeat.abort();
        let status = RunStatus::of_tally(&self.tally, interrupted);
        self.tally.error_summary = (!self.errors.is_empty()).then(|| self.errors.join("\n"));
        self.repo
            .finish_run(self.run_id, status, &self.tally)
            .await?;
        crate::telemetry::run_finished(&self.command, status.as_str());
        Ok(status)
    }
}

impl<R: Repository + Clone + 'static> Drop for RunRecorder<R> {
    /// A recorder dropped without `finish` (an error, a panic) stops beating,
    /// so the next command marks its run abandoned.
    fn drop(&mut self) {
        self.heartbeat.abort();
    }
}

async fn beat<R: Repository>(repo: R, run_id: i32, every: Duration) {
    let every = every.max(Duration::from_millis(250));
    let mut ticks = tokio::time::interval(every);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        if let Err(err) = repo.heartbeat(run_id).await {
            // A missed beat is harmless unless it lasts a whole lease.
            tracing::debug!(run = run_id, %err, "heartbeat failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(ok: i32, unchanged: i32, failed: i32) -> RunTally {
        RunTally {
            pages_ok: ok,
            pages_unchanged: unchanged,
            pages_failed: failed,
            ..RunTally::default()
        }
    }

    #[test]
    fn one_status_rule_for_every_command() {
        assert_eq!(
            RunStatus::of_tally(&tally(0, 0, 0), false),
            RunStatus::Succeeded
        );
        assert_eq!(
            RunStatus::of_tally(&tally(2, 1, 0), false),
            RunStatus::Succeeded
        );
        assert_eq!(
            RunStatus::of_tally(&tally(0, 1, 1), false),
            RunStatus::Partial
        );
        assert_eq!(
            RunStatus::of_tally(&tally(0, 0, 3), false),
            RunStatus::Failed
        );
        assert_eq!(
            RunStatus::of_tally(&tally(5, 0, 0), true),
            RunStatus::Interrupted
        );
    }
}
