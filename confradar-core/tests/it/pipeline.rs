//! The pipeline end to end against a real HTTP server on 127.0.0.1, on every
//! backend: fetch → extract → store → change detection, 304s, crawl cycles
//! with failing sites, and several workers sharing one database.

use std::time::Duration;

use confradar_core::entity::{deadline_changes, deadlines};
use confradar_core::fetch::{FetchSettings, Fetcher};
use confradar_core::pipeline::import::{ImportFormat, read_items};
use confradar_core::pipeline::{CrawlSettings, Crawler, NoProgress, PageOutcome, Pipeline};
use confradar_core::queue::CrawlQueue;
use confradar_core::repository::{Repository, StoreStatus};
use confradar_core::{DeadlineKind, SeaOrmRepository};
use sea_orm::{EntityTrait, PaginatorTrait};
use tokio::sync::watch;

use crate::site::{Site, cfp_page};
use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    an_extended_deadline_is_exactly_one_change,
    a_crawl_stores_what_works_and_retries_what_failed,
    workers_share_a_cycle_without_fetching_a_page_twice,
    import_detects_changes_between_two_files,
);

fn fast_fetcher() -> Fetcher {
    Fetcher::new(FetchSettings {
        per_host_delay_ms: 0,
        max_retries: 1,
        retry_base_delay_ms: 10,
        read_timeout_secs: 5,
        connect_timeout_secs: 2,
        ..FetchSettings::default()
    })
    .expect("fetcher")
}

fn stored(outcome: &PageOutcome) -> &confradar_core::repository::StoreOutcome {
    match outcome {
        PageOutcome::Stored(stored) => stored,
        other => panic!("expected a stored page, got {other:?}"),
    }
}

async fn an_extended_deadline_is_exactly_one_change(test: TestDb) {
    let site = Site::start().await;
    site.html(
        "/cfp",
        cfp_page(
            "ICML",
            "International Conference on Machine Learning",
            "January 23, 2026",
        ),
    );
    let repo = SeaOrmRepository::new(test.db.clone());
    let pipeline = Pipeline::new(repo.clone(), fast_fetcher());
    let url = site.url("/cfp");

    let first = pipeline.process(&url, None).await;
    let first = stored(&first.outcome);
    assert_eq!(first.status, StoreStatus::Created);
    assert_eq!(first.conference_key, "icml2026");

    // The same page again: the server answers 304 to the conditional GET.
    let again = pipeline.process(&url, None).await;
    assert!(
        matches!(again.outcome, PageOutcome::NotModified),
        "{:?}",
        again.outcome
    );

    site.html(
        "/cfp",
        cfp_page(
            "ICML",
            "International Conference on Machine Learning",
            "<del>January 23, 2026</del> January 30, 2026",
        ),
    );
    let extended = pipeline.process(&url, None).await;
    let extended = stored(&extended.outcome);
    assert_eq!(extended.status, StoreStatus::Updated);
    assert_eq!(extended.changes.len(), 1, "{:?}", extended.changes);
    assert_eq!(extended.changes[0].kind, DeadlineKind::Submission);
    assert_eq!(
        extended.changes[0].old_value.as_deref(),
        Some("2026-01-23 23:59 AoE")
    );
    assert_eq!(
        extended.changes[0].new_value.as_deref(),
        Some("2026-01-30 23:59 AoE")
    );
    assert_eq!(
        deadline_changes::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        1
    );
    let submissions = repo
        .upcoming_deadlines(&confradar_core::repository::DeadlineQuery {
            kinds: vec![DeadlineKind::Submission],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        submissions.len(),
        1,
        "the extension updated the row instead of adding one"
    );
    assert_eq!(site.hits("/cfp"), 3);
}

async fn a_crawl_stores_what_works_and_retries_what_failed(test: TestDb) {
    let site = Site::start().await;
    site.html(
        "/good",
        cfp_page(
            "KDD",
            "Conference on Knowledge Discovery and Data Mining",
            "February 2, 2026",
        ),
    );
    site.set("/broken", 500, "text/html", "oops");
    site.set("/paper.pdf", 200, "application/pdf", "%PDF-1.4");
    let repo = SeaOrmRepository::new(test.db.clone());
    let now = chrono::Utc::now();
    for path in ["/good", "/broken", "/gone", "/paper.pdf"] {
        repo.enqueue(&site.url(path), None, now).await.unwrap();
    }
    let settings = CrawlSettings {
        retry_after_secs: 0,
        ..CrawlSettings::default()
    };
    let crawler = Crawler::new(
        Pipeline::new(repo.clone(), fast_fetcher()),
        settings,
        "test-worker",
    );
    let (_tx, stop) = watch::channel(false);

    let report = crawler.run_cycle(&NoProgress, &stop).await.unwrap();
    assert_eq!((report.stored, report.failed), (1, 3), "{report:?}");
    let run = repo.recent_runs(1).await.unwrap().remove(0);
    assert_eq!(
        (run.status.as_str(), run.pages_ok, run.pages_failed),
        ("partial", 1, 3)
    );
    assert!(
        run.error_summary
            .as_deref()
            .unwrap_or_default()
            .contains("application/pdf")
    );
    let queued = repo.queued().await.unwrap();
    let broken = queued.iter().find(|q| q.url.ends_with("/broken")).unwrap();
    assert_eq!(broken.failure_count, 1);
    assert!(
        broken
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("500")
    );
    assert!(repo.conference_by_key("kdd2026").await.unwrap().is_some());

    // Next cycle: the site is repaired; the failed pages are retried, the good one is not due.
    site.html(
        "/broken",
        cfp_page(
            "SOSP",
            "Symposium on Operating Systems Principles",
            "April 17, 2026",
        ),
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let retry = crawler.run_cycle(&NoProgress, &stop).await.unwrap();
    assert_eq!((retry.stored, retry.failed), (1, 2), "{retry:?}");
    assert_eq!(
        site.hits("/good"),
        1,
        "a good page is not fetched again before it is due"
    );
    assert!(repo.conference_by_key("sosp2026").await.unwrap().is_some());
}

async fn workers_share_a_cycle_without_fetching_a_page_twice(test: TestDb) {
    let site = Site::start().await;
    let repo = SeaOrmRepository::new(test.db.clone());
    let now = chrono::Utc::now();
    let pages = 24;
    for i in 0..pages {
        let path = format!("/conf{i}");
        site.html(
            &path,
            cfp_page(
                &format!("CONF{i}"),
                &format!("Conference Number {i}"),
                "March 3, 2026",
            ),
        );
        repo.enqueue(&site.url(&path), None, now).await.unwrap();
    }
    let mut tasks = Vec::new();
    for worker in 0..3 {
        let repo = repo.clone();
        tasks.push(tokio::spawn(async move {
            let settings = CrawlSettings {
                batch_size: 4,
                ..CrawlSettings::default()
            };
            let crawler = Crawler::new(
                Pipeline::new(repo, fast_fetcher()),
                settings,
                format!("worker-{worker}"),
            );
            let (_tx, stop) = watch::channel(false);
            crawler.run_cycle(&NoProgress, &stop).await.expect("cycle")
        }));
    }
    let mut stored_total = 0;
    for task in tasks {
        let report = task.await.unwrap();
        assert_eq!(report.failed, 0);
        stored_total += report.stored;
    }
    assert_eq!(stored_total, pages);
    for i in 0..pages {
        assert_eq!(
            site.hits(&format!("/conf{i}")),
            1,
            "page {i} fetched exactly once"
        );
    }
    assert_eq!(
        deadlines::Entity::find().count(&test.db).await.unwrap(),
        u64::from(pages) * 3
    );
}

async fn import_detects_changes_between_two_files(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let first = concat!(
        r#"{"key":"neurips26","name":"NeurIPS 2026","year":2026,"homepage":"https://neurips.cc","url":"https://aideadlines.org/?sub=ML","source":"aideadlines","scraped_at":"2025-06-06T04:07:25+00:00","deadlines":[{"kind":"abstract","due_date":"2026-05-21","timezone":null},{"kind":"submission","due_date":"2026-05-28","timezone":null},{"kind":"submission","due_date":"2026-07-27","timezone":null}]}"#,
        "\n{\"broken\n",
        r#"{"key":"icml26","name":"ICML 2026 : International Conference on Machine Learning","year":2026,"url":"https://icml.cc","deadlines":[{"kind":"submission","due_date":"2026-01-23","timezone":"AoE"}]}"#,
        "\n"
    );
    let second = first.replace("2026-07-27", "2026-08-03");
    let mut skipped_lines = Vec::new();
    for (round, text) in [first.to_string(), second].into_iter().enumerate() {
        let mut changes = Vec::new();
        for item in read_items(std::io::Cursor::new(text), ImportFormat::Jsonl) {
            match item.result {
                Ok(observations) => {
                    for obs in observations {
                        changes.extend(repo.store_observation(&obs).await.unwrap().changes);
                    }
                }
                Err(_) => skipped_lines.push(item.line),
            }
        }
        if round == 1 {
            assert_eq!(changes.len(), 1, "{changes:?}");
            assert_eq!(changes[0].old_value.as_deref(), Some("2026-07-27"));
            assert_eq!(changes[0].new_value.as_deref(), Some("2026-08-03"));
        }
    }
    assert_eq!(skipped_lines, vec![2, 2]);
    assert_eq!(
        repo.conferences_of_series("neurips").await.unwrap().len(),
        1
    );
}
