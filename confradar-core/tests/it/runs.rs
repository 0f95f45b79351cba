//! Run bookkeeping that survives a crashed process, on every backend: a run
//! whose heartbeat stopped longer than a lease ago is marked `abandoned` by
//! the next command, and its worker's claimed pages go back to the queue.

use std::time::Duration;

use chrono::Utc;
use confradar_core::entity::fetch_runs;
use confradar_core::entity::time::db_time;
use confradar_core::pipeline::RunRecorder;
use confradar_core::queue::CrawlQueue;
use confradar_core::repository::RunStatus;
use confradar_core::{Repository, SeaOrmRepository};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    a_silent_run_is_abandoned_and_its_claims_come_back,
    a_recorder_keeps_its_run_alive_and_finishes_it,
);

async fn run_status(test: &TestDb, id: i32) -> fetch_runs::Model {
    fetch_runs::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .expect("run row")
}

async fn a_silent_run_is_abandoned_and_its_claims_come_back(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let now = Utc::now();
    for page in ["https://a.example/cfp", "https://b.example/cfp"] {
        repo.enqueue(page, None, now - chrono::Duration::minutes(1))
            .await
            .unwrap();
    }
    let dead = repo.start_run("crawl", "host-1").await.unwrap();
    let claimed = repo
        .claim_due("host-1", now, chrono::Duration::hours(1), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 2);
    // The process died an hour ago: its last heartbeat is that old.
    let mut row: fetch_runs::ActiveModel = run_status(&test, dead).await.into();
    row.heartbeat_at = Set(Some(db_time(now - chrono::Duration::hours(1))));
    row.update(&test.db).await.unwrap();
    let alive = repo.start_run("import", "host-2").await.unwrap();

    let abandoned = repo
        .abandon_stale_runs(chrono::Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(abandoned.len(), 1, "{abandoned:?}");
    assert_eq!(abandoned[0].id, dead);
    assert_eq!(abandoned[0].released_claims, 2);
    let dead_row = run_status(&test, dead).await;
    assert_eq!(dead_row.status, RunStatus::Abandoned.as_str());
    assert!(dead_row.finished_at.is_some());
    assert!(
        dead_row
            .error_summary
            .as_deref()
            .is_some_and(|s| s.contains("no heartbeat")),
        "{dead_row:?}"
    );
    assert_eq!(
        run_status(&test, alive).await.status,
        RunStatus::Running.as_str()
    );
    // Another worker can take the pages at once, without waiting for the claim lease.
    let retaken = repo
        .claim_due("host-3", now, chrono::Duration::hours(1), 10)
        .await
        .unwrap();
    assert_eq!(retaken.len(), 2);
    // A second sweep finds nothing more to do.
    assert!(
        repo.abandon_stale_runs(chrono::Duration::minutes(10))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_recorder_keeps_its_run_alive_and_finishes_it(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let lease = Duration::from_secs(2);
    let (mut run, abandoned) = RunRecorder::start(repo.clone(), "import", "host-1", lease)
        .await
        .unwrap();
    assert!(abandoned.is_empty());
    let started = run_status(&test, run.id()).await.heartbeat_at.unwrap();
    // Longer than a lease: without heartbeats the run would count as abandoned.
    tokio::time::sleep(Duration::from_millis(2600)).await;
    let beat = run_status(&test, run.id()).await.heartbeat_at.unwrap();
    assert!(beat > started, "the heartbeat moved: {started} → {beat}");
    assert!(
        repo.abandon_stale_runs(chrono::Duration::seconds(2))
            .await
            .unwrap()
            .is_empty(),
        "a beating run is not abandoned"
    );
    run.stored(3);
    run.failed("line 7: no year");
    let id = run.id();
    assert_eq!(run.finish(false).await.unwrap(), RunStatus::Partial);
    let row = run_status(&test, id).await;
    assert_eq!(row.status, "partial");
    assert_eq!(
        (row.pages_ok, row.pages_failed, row.changes_detected),
        (1, 1, 3)
    );
    assert_eq!(row.error_summary.as_deref(), Some("line 7: no year"));
}
