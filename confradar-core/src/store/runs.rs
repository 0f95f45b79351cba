//! Run bookkeeping that outlives a crashed process: heartbeats, and the
//! sweep that marks runs whose heartbeat stopped as `abandoned`.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entity::time::db_time;
use crate::entity::{crawl_queue, fetch_runs};
use crate::error::Result;
use crate::repository::{AbandonedRun, RunStatus};

/// Touches the run's heartbeat.
pub(super) async fn heartbeat<C: ConnectionTrait>(db: &C, run_id: i32) -> Result<()> {
    fetch_runs::Entity::update_many()
        .col_expr(
            fetch_runs::Column::HeartbeatAt,
            Expr::value(db_time(Utc::now())),
        )
        .filter(fetch_runs::Column::Id.eq(run_id))
        .filter(fetch_runs::Column::Status.eq(RunStatus::Running.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks running runs silent for longer than `lease` as abandoned, one by
/// one with a conditional UPDATE (two sweepers never both claim a run), and
/// releases the crawl claims of each one's worker.
pub(super) async fn abandon_stale<C: ConnectionTrait>(
    db: &C,
    lease: chrono::Duration,
) -> Result<Vec<AbandonedRun>> {
    let cutoff = Utc::now() - lease;
    let stale = fetch_runs::Entity::find()
        .filter(fetch_runs::Column::Status.eq(RunStatus::Running.as_str()))
        .filter(
            Expr::col(fetch_runs::Column::HeartbeatAt)
                .lt(db_time(cutoff))
                .or(fetch_runs::Column::HeartbeatAt
                    .is_null()
                    .and(fetch_runs::Column::StartedAt.lt(db_time(cutoff)))),
        )
        .all(db)
        .await?;
    let mut abandoned = Vec::with_capacity(stale.len());
    for run in stale {
        let marked = fetch_runs::Entity::update_many()
            .col_expr(
                fetch_runs::Column::Status,
                Expr::value(RunStatus::Abandoned.as_str()),
            )
            .col_expr(
                fetch_runs::Column::FinishedAt,
                Expr::value(db_time(Utc::now())),
            )
            .col_expr(
                fetch_runs::Column::ErrorSummary,
                Expr::value(format!(
                    "no heartbeat since {}: the process stopped without finishing the run",
                    run.heartbeat_at.unwrap_or(run.started_at).to_rfc3339()
                )),
            )
            .filter(fetch_runs::Column::Id.eq(run.id))
            .filter(fetch_runs::Column::Status.eq(RunStatus::Running.as_str()))
            .exec(db)
            .await?;
        if marked.rows_affected == 0 {
            continue;
        }
        let released_claims = match run.worker.as_deref() {
            Some(worker) => release_claims(db, worker).await?,
            None => 0,
        };
        abandoned.push(AbandonedRun {
            id: run.id,
            command: run.command,
            worker: run.worker,
            released_claims,
        });
    }
    Ok(abandoned)
}

async fn release_claims<C: ConnectionTrait>(db: &C, worker: &str) -> Result<u64> {
    let none: Option<String> = None;
    let released = crawl_queue::Entity::update_many()
        .col_expr(crawl_queue::Column::ClaimedBy, Expr::value(none))
        .col_expr(
            crawl_queue::Column::ClaimExpiresAt,
            Expr::value(Option::<sea_orm::prelude::DateTimeWithTimeZone>::None),
        )
        .filter(crawl_queue::Column::ClaimedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(released.rows_affected)
}
