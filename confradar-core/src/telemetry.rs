//! Prometheus metrics: what the pipeline counts as it runs, and what the
//! database tells at scrape time (queue, runs, the last good crawl).
//!
//! Counters and histograms are recorded through the `metrics` facade
//! everywhere (no cost when no recorder is installed); [`install`] sets up the
//! Prometheus recorder once per process, and [`routes`] serves `/metrics`.
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `confradar_pages_total` | counter | `outcome`: stored, unchanged, not_modified, failed |
//! | `confradar_deadlines_stored_total` | counter | |
//! | `confradar_deadline_changes_total` | counter | |
//! | `confradar_runs_finished_total` | counter | `command`, `status` |
//! | `confradar_fetch_duration_seconds` | histogram | |
//! | `confradar_store_duration_seconds` | histogram | |
//! | `confradar_runs` | gauge (database) | `status` |
//! | `confradar_queue_pages`, `_due_pages`, `_claimed_pages`, `_overdue_pages` | gauge (database) | |
//! | `confradar_queue_lag_seconds` | gauge (database) | |
//! | `confradar_last_successful_crawl_timestamp_seconds` | gauge (database) | |
//! | `confradar_http_requests_total` | counter | `route`, `status` |
//! | `confradar_http_request_duration_seconds` | histogram | `route` |

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::entity::time::db_time;
use crate::entity::{crawl_queue, fetch_runs};
use crate::pipeline::PageOutcome;
use crate::repository::{RunStatus, StoreStatus};

/// Histogram buckets for durations, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static HANDLE: OnceLock<Result<PrometheusHandle, String>> = OnceLock::new();

/// Installs the Prometheus recorder for this process (once; later calls
/// return the same handle).
///
/// # Errors
/// Another recorder was installed first.
pub fn install() -> Result<PrometheusHandle, String> {
    HANDLE
        .get_or_init(|| {
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)
                .map_err(|e| e.to_string())?
                .install_recorder()
                .map_err(|e| format!("cannot install the metrics recorder: {e}"))?;
            describe();
            Ok(handle)
        })
        .clone()
}

fn describe() {
    describe_counter!("confradar_pages_total", "Pages processed, by outcome.");
    describe_counter!(
        "confradar_deadlines_stored_total",
        "Deadlines in the observations stored."
    );
    describe_counter!(
        "confradar_deadline_changes_total",
        "Deadline changes detected."
    );
    describe_counter!(
        "confradar_runs_finished_total",
        "Runs finished by this process, by command and status."
    );
    describe_histogram!(
        "confradar_fetch_duration_seconds",
        metrics::Unit::Seconds,
        "Time to fetch a page."
    );
    describe_histogram!(
        "confradar_store_duration_seconds",
        metrics::Unit::Seconds,
        "Time to store one page's observation."
    );
    describe_gauge!("confradar_runs", "Runs in the database, by status.");
    describe_gauge!("confradar_queue_pages", "Pages in the crawl queue.");
    describe_gauge!("confradar_queue_due_pages", "Queued pages due now.");
    describe_gauge!(
        "confradar_queue_claimed_pages",
        "Queued pages claimed by a worker."
    );
    describe_gauge!(
        "confradar_queue_overdue_pages",
        "Due pages left unclaimed longer than a crawl lease."
    );
    describe_gauge!(
        "confradar_queue_lag_seconds",
        "How long the oldest due, unclaimed page has waited."
    );
    describe_gauge!(
        "confradar_last_successful_crawl_timestamp_seconds",
        "When the last crawl without failures finished (Unix time)."
    );
    describe_counter!(
        "confradar_http_requests_total",
        "HTTP requests served, by route and status."
    );
    describe_histogram!(
        "confradar_http_request_duration_seconds",
        metrics::Unit::Seconds,
        "Time to answer an HTTP request."
    );
}

/// Counts one processed page.
pub fn page_done(outcome: &PageOutcome, deadlines: usize) {
    let label = match outcome {
        PageOutcome::Stored(stored) if stored.status == StoreStatus::Unchanged => "unchanged",
        PageOutcome::Stored(stored) => {
            counter!("confradar_deadline_changes_total").increment(stored.changes.len() as u64);
            "stored"
        }
        PageOutcome::NotModified => "not_modified",
        PageOutcome::Failed(_) => "failed",
    };
    if matches!(outcome, PageOutcome::Stored(_)) {
        counter!("confradar_deadlines_stored_total").increment(deadlines as u64);
    }
    counter!("confradar_pages_total", "outcome" => label).increment(1);
}

/// Times a page fetch.
pub fn fetched(took: Duration) {
    histogram!("confradar_fetch_duration_seconds").record(took.as_secs_f64());
}

/// Times storing one observation.
pub fn stored(took: Duration) {
    histogram!("confradar_store_duration_seconds").record(took.as_secs_f64());
}

/// Counts a finished run.
pub fn run_finished(command: &str, status: &'static str) {
    counter!("confradar_runs_finished_total", "command" => command.to_string(), "status" => status)
        .increment(1);
}

/// What `/metrics` needs: the recorder and the database.
#[derive(Clone)]
pub struct Scrape {
    handle: PrometheusHandle,
    db: DatabaseConnection,
    lease: chrono::Duration,
}

impl Scrape {
    /// Scrapes read `db`; a due page unclaimed longer than `lease` is overdue.
    #[must_use]
    pub fn new(handle: PrometheusHandle, db: DatabaseConnection, lease: chrono::Duration) -> Self {
        Self { handle, db, lease }
    }

    /// The exposition text, database gauges refreshed first.
    ///
    /// # Errors
    /// A database error.
    pub async fn render(&self) -> crate::Result<String> {
        refresh(&self.db, self.lease).await?;
        Ok(self.handle.render())
    }
}

/// Reads the gauges that live in the database.
async fn refresh(db: &DatabaseConnection, lease: chrono::Duration) -> crate::Result<()> {
    let now = Utc::now();
    let queue = crate::health::queue_health(db, now).await?;
    let overdue = crawl_queue::Entity::find()
        .filter(crawl_queue::Column::NextDueAt.lte(db_time(now - lease)))
        .filter(
            Expr::col(crawl_queue::Column::ClaimExpiresAt)
                .is_null()
                .or(Expr::col(crawl_queue::Column::ClaimExpiresAt).lte(db_time(now))),
        )
        .count(db)
        .await?;
    gauge!("confradar_queue_pages").set(queue.size as f64);
    gauge!("confradar_queue_due_pages").set(queue.due as f64);
    gauge!("confradar_queue_claimed_pages").set(queue.claimed as f64);
    gauge!("confradar_queue_overdue_pages").set(overdue as f64);
    gauge!("confradar_queue_lag_seconds").set(queue.lag_secs.unwrap_or(0) as f64);
    if let Some(at) = crate::health::last_successful_crawl(db).await? {
        gauge!("confradar_last_successful_crawl_timestamp_seconds").set(at.timestamp() as f64);
    }
    let runs: Vec<(String, i64)> = fetch_runs::Entity::find()
        .select_only()
        .column(fetch_runs::Column::Status)
        .column_as(Expr::col(fetch_runs::Column::Id).count(), "n")
        .group_by(fetch_runs::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    // A status whose last run is gone reads 0, not its old count.
    for status in RunStatus::ALL {
        gauge!("confradar_runs", "status" => status.as_str()).set(0.0);
    }
    for (status, n) in runs {
        gauge!("confradar_runs", "status" => status).set(n as f64);
    }
    Ok(())
}

/// The `/metrics` route.
pub fn routes(scrape: Scrape) -> Router {
    Router::new()
        .route("/metrics", get(metrics_page))
        .with_state(scrape)
}

async fn metrics_page(State(scrape): State<Scrape>) -> Response {
    match scrape.render().await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(err) => {
            tracing::warn!("metrics: {err}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "metrics unavailable: the database cannot be read\n",
            )
                .into_response()
        }
    }
}

/// Counts and times every request (use with `axum::middleware::from_fn`);
/// the route is the matched pattern, so the labels stay few.
pub async fn track_http(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    histogram!("confradar_http_request_duration_seconds", "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    counter!("confradar_http_requests_total", "route" => route, "status" => status).increment(1);
    response
}
