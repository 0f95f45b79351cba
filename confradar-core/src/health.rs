//! [`check`]: is this ConfRadar installation healthy? Database reachable,
//! schema current, crawl queue kept up with, last crawl good, no run whose
//! process died. `confradar-cli status` prints it and exits non-zero when it
//! is not, so it serves as a container health check.

use chrono::{DateTime, Duration, Utc};
use confradar_migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;

use crate::entity::time::{db_time, utc};
use crate::entity::{crawl_queue, fetch_runs, sources};
use crate::repository::RunStatus;
use crate::settings::Settings;

/// Limits beyond which the installation counts as unhealthy.
#[derive(Debug, Clone, Copy)]
pub struct HealthLimits {
    /// The longest a due page may wait unclaimed.
    pub max_queue_lag: Duration,
    /// A running run silent for longer than this is dead (the crawl lease).
    pub run_lease: Duration,
}

/// What [`check`] found. `healthy` is false exactly when `problems` is not empty.
#[derive(Debug, Clone, Serialize)]
pub struct HealthReport {
    /// Whether everything is in order.
    pub healthy: bool,
    /// Each reason it is not, with what to do.
    pub problems: Vec<String>,
    /// The database, password removed.
    pub database: String,
    /// Whether it answered.
    pub reachable: bool,
    /// Names of the migrations not yet applied.
    pub pending_migrations: Vec<String>,
    /// The crawl queue.
    pub queue: Option<QueueHealth>,
    /// Sources whose last fetches failed, most failures first.
    pub failing_sources: Vec<FailingSource>,
    /// The latest runs, newest first.
    pub last_runs: Vec<RunSummary>,
    /// When the last crawl that went through without failures finished.
    pub last_successful_crawl: Option<DateTime<Utc>>,
}

/// The crawl queue at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct QueueHealth {
    /// Pages queued.
    pub size: u64,
    /// Pages due now.
    pub due: u64,
    /// Pages claimed by a worker right now.
    pub claimed: u64,
    /// How long the oldest due, unclaimed page has waited, in seconds.
    pub lag_secs: Option<i64>,
}

/// A source that keeps failing.
#[derive(Debug, Clone, Serialize)]
pub struct FailingSource {
    /// The page.
    pub url: String,
    /// Failures in a row.
    pub failures: i32,
    /// The last error.
    pub last_error: Option<String>,
}

/// One run, as `status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    /// Run id.
    pub id: i32,
    /// The command.
    pub command: String,
    /// How it ended, or `running`.
    pub status: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
    /// Its last heartbeat.
    pub heartbeat_at: Option<DateTime<Utc>>,
}

/// Checks the installation the settings describe. Never fails: what cannot
/// be checked is a problem in the report.
pub async fn check(settings: &Settings, limits: HealthLimits) -> HealthReport {
    let mut report = HealthReport {
        healthy: false,
        problems: Vec::new(),
        database: settings.database_url.redacted(),
        reachable: false,
        pending_migrations: Vec::new(),
        queue: None,
        failing_sources: Vec::new(),
        last_runs: Vec::new(),
        last_successful_crawl: None,
    };
    match crate::db::connect(&settings.database_url, &settings.database).await {
        Ok(db) => {
            report.reachable = true;
            if let Err(err) = inspect(&db, limits, &mut report).await {
                report
                    .problems
                    .push(format!("the knowledge base could not be read: {err}"));
            }
            db.close().await.ok();
        }
        Err(err) => report.problems.push(err.to_string()),
    }
    report.healthy = report.problems.is_empty();
    report
}

async fn inspect(
    db: &DatabaseConnection,
    limits: HealthLimits,
    report: &mut HealthReport,
) -> crate::Result<()> {
    report.pending_migrations = Migrator::get_pending_migrations_read_only(db)
        .await?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    if !report.pending_migrations.is_empty() {
        report.problems.push(format!(
            "{} migration(s) pending: run `confradar-cli migrate up`",
            report.pending_migrations.len()
        ));
        // Tables of later migrations may be missing: stop here.
        return Ok(());
    }
    let now = Utc::now();
    let queue = queue_health(db, now).await?;
    if let Some(lag) = queue
        .lag_secs
        .filter(|&lag| lag > limits.max_queue_lag.num_seconds())
    {
        report.problems.push(format!(
            "the oldest due page has waited {} h unclaimed: no worker is keeping up \
             (is `confradar-cli watch` running?)",
            lag / 3600
        ));
    }
    report.queue = Some(queue);
    report.failing_sources = failing_sources(db).await?;
    report.last_runs = last_runs(db).await?;
    report.last_successful_crawl = last_successful_crawl(db).await?;
    judge_runs(
        &report.last_runs,
        now,
        limits.run_lease,
        &mut report.problems,
    );
    Ok(())
}

pub(crate) async fn queue_health(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> crate::Result<QueueHealth> {
    let size = crawl_queue::Entity::find().count(db).await?;
    let due = crawl_queue::Entity::find()
        .filter(crawl_queue::Column::NextDueAt.lte(db_time(now)))
        .count(db)
        .await?;
    let claimed = crawl_queue::Entity::find()
        .filter(crawl_queue::Column::ClaimExpiresAt.gt(db_time(now)))
        .count(db)
        .await?;
    let oldest = crawl_queue::Entity::find()
        .filter(crawl_queue::Column::NextDueAt.lte(db_time(now)))
        .filter(
            Expr::col(crawl_queue::Column::ClaimExpiresAt)
                .is_null()
                .or(Expr::col(crawl_queue::Column::ClaimExpiresAt).lte(db_time(now))),
        )
        .order_by_asc(crawl_queue::Column::NextDueAt)
        .one(db)
        .await?;
    Ok(QueueHealth {
        size,
        due,
        claimed,
        lag_secs: oldest.map(|page| (now - utc(page.next_due_at)).num_seconds()),
    })
}

async fn failing_sources(db: &DatabaseConnection) -> crate::Result<Vec<FailingSource>> {
    Ok(sources::Entity::find()
        .filter(sources::Column::FailureCount.gt(0))
        .order_by_desc(sources::Column::FailureCount)
        .limit(20)
        .all(db)
        .await?
        .into_iter()
        .map(|s| FailingSource {
            url: s.url,
            failures: s.failure_count,
            last_error: s.last_error,
        })
        .collect())
}

async fn last_runs(db: &DatabaseConnection) -> crate::Result<Vec<RunSummary>> {
    Ok(fetch_runs::Entity::find()
        .order_by_desc(fetch_runs::Column::StartedAt)
        .order_by_desc(fetch_runs::Column::Id)
        .limit(10)
        .all(db)
        .await?
        .into_iter()
        .map(|r| RunSummary {
            id: r.id,
            command: r.command,
            status: r.status,
            started_at: utc(r.started_at),
            finished_at: r.finished_at.map(utc),
            heartbeat_at: r.heartbeat_at.map(utc),
        })
        .collect())
}

pub(crate) async fn last_successful_crawl(
    db: &DatabaseConnection,
) -> crate::Result<Option<DateTime<Utc>>> {
    Ok(fetch_runs::Entity::find()
        .filter(fetch_runs::Column::Command.eq("crawl"))
        .filter(fetch_runs::Column::Status.eq(RunStatus::Succeeded.as_str()))
        .order_by_desc(fetch_runs::Column::FinishedAt)
        .one(db)
        .await?
        .and_then(|r| r.finished_at.map(utc)))
}

/// The latest crawl must not have failed or been abandoned, and no run may
/// be "running" without a heartbeat for longer than a lease.
fn judge_runs(
    runs: &[RunSummary],
    now: DateTime<Utc>,
    lease: Duration,
    problems: &mut Vec<String>,
) {
    let last_crawl = runs
        .iter()
        .find(|r| r.command == "crawl" && r.status != "running");
    if let Some(crawl) = last_crawl.filter(|c| {
        c.status == RunStatus::Failed.as_str() || c.status == RunStatus::Abandoned.as_str()
    }) {
        problems.push(format!(
            "the last crawl (run {}) ended {}: see `confradar-cli runs` and `confradar-cli sources`",
            crawl.id, crawl.status
        ));
    }
    for run in runs
        .iter()
        .filter(|r| r.status == RunStatus::Running.as_str())
    {
        let last_sign = run.heartbeat_at.unwrap_or(run.started_at);
        if now - last_sign > lease {
            problems.push(format!(
                "run {} ({}) has had no heartbeat since {}: its process died; the next \
                 command marks it abandoned",
                run.id,
                run.command,
                last_sign.format("%Y-%m-%d %H:%M UTC")
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: i32, command: &str, status: &str, beat_mins_ago: i64) -> RunSummary {
        let now = Utc::now();
        RunSummary {
            id,
            command: command.into(),
            status: status.into(),
            started_at: now - Duration::hours(1),
            finished_at: None,
            heartbeat_at: Some(now - Duration::minutes(beat_mins_ago)),
        }
    }

    #[test]
    fn a_failed_last_crawl_and_a_silent_run_are_problems() {
        let mut problems = Vec::new();
        let runs = [
            run(3, "fetch", "running", 30),
            run(2, "crawl", "failed", 0),
            run(1, "crawl", "succeeded", 0),
        ];
        judge_runs(&runs, Utc::now(), Duration::minutes(10), &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("run 2") && problems[0].contains("failed"));
        assert!(problems[1].contains("run 3") && problems[1].contains("heartbeat"));
    }

    #[test]
    fn an_older_failure_and_a_beating_run_are_fine() {
        let mut problems = Vec::new();
        let runs = [
            run(3, "crawl", "running", 1),
            run(2, "crawl", "partial", 0),
            run(1, "crawl", "failed", 0),
        ];
        judge_runs(&runs, Utc::now(), Duration::minutes(10), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
