//! The crawl queue: which pages the crawler visits and when, shared safely
//! between several workers on one database.
//!
//! Each URL is claimed by exactly one worker per cycle with a lease: a
//! conditional `UPDATE … WHERE claimable` that only one worker can win on
//! every backend. A worker that dies keeps its claims only until the lease
//! expires; then another worker picks the URLs up. On SQLite one worker is
//! the rule (it has one writer at a time anyway).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::entity::crawl_queue;
use crate::entity::time::utc;
use crate::error::Result;
use crate::fetch::Validators;

/// A URL a worker has claimed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimedPage {
    /// The page.
    pub url: String,
    /// The series it belongs to, when known (passed to the store as a hint).
    pub series_key: Option<String>,
    /// What the last good fetch of it returned.
    pub validators: Validators,
    /// Failures in a row so far.
    pub failure_count: i32,
}

/// How a crawl of one page ended, for [`CrawlQueue::complete`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// Fetched (changed or not) and stored.
    Succeeded,
    /// Failed; the message names the URL and the cause.
    Failed(String),
}

/// Scheduling and claiming of crawl work.
#[async_trait::async_trait]
pub trait CrawlQueue: Send + Sync {
    /// Queues a URL (idempotent: a queued URL keeps its schedule; a series
    /// given now fills in one not known before).
    ///
    /// # Errors
    /// A database error.
    async fn enqueue(
        &self,
        url: &str,
        series_key: Option<&str>,
        due_at: DateTime<Utc>,
    ) -> Result<()>;

    /// Queues every tracked page: the http(s) sources of stored conferences
    /// and the homepages of known series. Returns how many were new.
    ///
    /// # Errors
    /// A database error.
    async fn enqueue_tracked(&self, due_at: DateTime<Utc>) -> Result<u64>;

    /// How many URLs are due at `cycle_start` and not held by a live claim.
    ///
    /// # Errors
    /// A database error.
    async fn count_due(&self, cycle_start: DateTime<Utc>) -> Result<u64>;

    /// Claims up to `limit` URLs due at `cycle_start` for `worker`, each for
    /// `lease`. A URL is handed to one worker only.
    ///
    /// # Errors
    /// A database error.
    async fn claim_due(
        &self,
        worker: &str,
        cycle_start: DateTime<Utc>,
        lease: chrono::Duration,
        limit: u64,
    ) -> Result<Vec<ClaimedPage>>;

    /// Releases a claim and schedules the next visit: `next_due_at` after a
    /// success, a backoff after a failure (also recorded on the page's sources).
    ///
    /// # Errors
    /// A database error.
    async fn complete(
        &self,
        url: &str,
        worker: &str,
        attempt: &Attempt,
        next_due_at: DateTime<Utc>,
    ) -> Result<()>;

    /// The validators of the last good fetch of a URL (for a conditional GET).
    ///
    /// # Errors
    /// A database error.
    async fn validators_for(&self, url: &str) -> Result<Validators>;

    /// Marks the sources of a URL as checked now (a 304 or the same content).
    ///
    /// # Errors
    /// A database error.
    async fn touch_sources(&self, url: &str, status: Option<i32>) -> Result<()>;

    /// Everything queued, by URL.
    ///
    /// # Errors
    /// A database error.
    async fn queued(&self) -> Result<Vec<QueuedPage>>;
}

/// A tracked page, as `sources --json` prints it (a stable shape:
/// docs/operations.md, "JSON of sources and runs").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedPage {
    /// The queue entry's id.
    pub id: i32,
    /// The page.
    pub url: String,
    /// The series it belongs to, when known.
    pub series_id: Option<i32>,
    /// When it is next due.
    pub next_due_at: DateTime<Utc>,
    /// The worker holding it right now.
    pub claimed_by: Option<String>,
    /// Until when that worker holds it.
    pub claim_expires_at: Option<DateTime<Utc>>,
    /// The last fetch attempt.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Failures in a row.
    pub failure_count: i32,
    /// The last failure.
    pub last_error: Option<String>,
    /// When it was first queued.
    pub created_at: DateTime<Utc>,
}

impl From<crawl_queue::Model> for QueuedPage {
    fn from(page: crawl_queue::Model) -> Self {
        Self {
            id: page.id,
            url: page.url,
            series_id: page.series_id,
            next_due_at: utc(page.next_due_at),
            claimed_by: page.claimed_by,
            claim_expires_at: page.claim_expires_at.map(utc),
            last_attempt_at: page.last_attempt_at.map(utc),
            failure_count: page.failure_count,
            last_error: page.last_error,
            created_at: utc(page.created_at),
        }
    }
}
