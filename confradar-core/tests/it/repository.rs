//! The repository story, on every backend: store, re-store, extend, resolve
//! aliases, attach workshops, query upcoming deadlines, record runs, and
//! stay consistent under concurrent writers.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use confradar_core::entity::{conferences, deadline_changes, deadlines, series};
use confradar_core::repository::{
    ConferenceKind, DeadlineQuery, NewSeries, Observation, ObservedDeadline, ObservedSource,
    RunStatus, RunTally, StoreStatus,
};
use confradar_core::{DeadlineKind, Error, Repository, SeaOrmRepository};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    storing_twice_changes_nothing,
    an_extension_updates_the_row_and_records_one_change,
    aliases_resolve_to_one_series_and_one_edition,
    workshops_point_to_their_parent,
    upcoming_is_ordered_by_utc_instant_and_filtered,
    rounds_without_a_track_are_matched_by_order,
    fields_the_page_leaves_out_are_kept,
    an_observation_without_a_year_is_refused_clearly,
    runs_are_recorded,
    concurrent_writers_leave_no_duplicates_and_no_lost_history,
    a_batch_stores_what_one_by_one_would,
    imported_editions_sites_are_tracked_while_they_are_current,
);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn deadline(kind: DeadlineKind, due: NaiveDate, zone: Option<&str>) -> ObservedDeadline {
    ObservedDeadline {
        kind,
        track: None,
        due_date: due,
        end_date: None,
        time: Some(NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
        timezone: zone.map(str::to_string),
        label: Some(format!("{kind} deadline")),
        replaces: None,
    }
}

fn icml(submission: NaiveDate) -> Observation {
    Observation {
        name: "International Conference on Machine Learning".into(),
        acronym: Some("ICML".into()),
        year: Some(2026),
        location: Some("Seoul, South Korea".into()),
        start_date: Some(date(2026, 7, 6)),
        end_date: Some(date(2026, 7, 11)),
        source: Some(ObservedSource {
            url: "https://icml.cc/Conferences/2026/CallForPapers".into(),
            content_hash: Some("abc".into()),
            status: Some(200),
            ..Default::default()
        }),
        deadlines: vec![
            deadline(DeadlineKind::Abstract, date(2026, 1, 16), Some("AoE")),
            deadline(DeadlineKind::Submission, submission, Some("AoE")),
            ObservedDeadline {
                time: None,
                timezone: None,
                ..deadline(DeadlineKind::Notification, date(2026, 5, 1), None)
            },
        ],
        ..Default::default()
    }
}

async fn storing_twice_changes_nothing(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let first = repo
        .store_observation(&icml(date(2026, 1, 23)))
        .await
        .unwrap();
    assert_eq!(first.status, StoreStatus::Created);
    assert_eq!(first.conference_key, "icml2026");
    assert_eq!(first.series_key, "icml");
    assert!(first.changes.is_empty(), "a new conference has no changes");

    let again = repo
        .store_observation(&icml(date(2026, 1, 23)))
        .await
        .unwrap();
    assert_eq!(again.status, StoreStatus::Unchanged);
    assert!(again.changes.is_empty());
    assert!(repo.changes_since(None).await.unwrap().is_empty());
    assert_eq!(deadlines::Entity::find().count(&test.db).await.unwrap(), 3);
}

async fn an_extension_updates_the_row_and_records_one_change(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observation(&icml(date(2026, 1, 23)))
        .await
        .unwrap();
    let extended = repo
        .store_observation(&icml(date(2026, 1, 30)))
        .await
        .unwrap();
    assert_eq!(extended.status, StoreStatus::Updated);
    assert_eq!(extended.changes.len(), 1, "{:?}", extended.changes);
    let change = &extended.changes[0];
    assert_eq!(change.kind, DeadlineKind::Submission);
    assert_eq!(change.old_value.as_deref(), Some("2026-01-23 23:59 AoE"));
    assert_eq!(change.new_value.as_deref(), Some("2026-01-30 23:59 AoE"));
    assert_eq!(
        change.describe(),
        "submission: 2026-01-23 23:59 AoE → 2026-01-30 23:59 AoE"
    );

    assert_eq!(
        deadlines::Entity::find().count(&test.db).await.unwrap(),
        3,
        "an extension never adds a row"
    );
    let history = repo.changes_since(None).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].conference_key, "icml2026");
    assert_eq!(
        history[0].source_url.as_deref(),
        Some("https://icml.cc/Conferences/2026/CallForPapers")
    );

    // The resolved instant moved too: 23:59 AoE on Jan 30 is 11:59 UTC on Jan 31.
    let upcoming = repo
        .upcoming_deadlines(&DeadlineQuery {
            kinds: vec![DeadlineKind::Submission],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        upcoming[0].due_at,
        Utc.with_ymd_and_hms(2026, 1, 31, 11, 59, 0).unwrap()
    );
    assert_eq!(
        upcoming[0]
            .last_change
            .as_ref()
            .and_then(|c| c.old_value.as_deref()),
        Some("2026-01-23 23:59 AoE")
    );

    // Seeing the extended page again records nothing more.
    let same = repo
        .store_observation(&icml(date(2026, 1, 30)))
        .await
        .unwrap();
    assert_eq!(same.status, StoreStatus::Unchanged);
    assert_eq!(
        deadline_changes::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        1
    );
}

async fn aliases_resolve_to_one_series_and_one_edition(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.upsert_series(&NewSeries {
        key: "neurips".into(),
        name: "Conference on Neural Information Processing Systems".into(),
        acronym: Some("NeurIPS".into()),
        homepage: Some("https://neurips.cc".into()),
        aliases: vec![
            "NIPS".into(),
            "Neural Information Processing Systems".into(),
        ],
    })
    .await
    .unwrap();
    // Idempotent.
    repo.upsert_series(&NewSeries {
        key: "neurips".into(),
        name: "Conference on Neural Information Processing Systems".into(),
        acronym: Some("NeurIPS".into()),
        homepage: None,
        aliases: vec!["NIPS".into()],
    })
    .await
    .unwrap();
    assert_eq!(series::Entity::find().count(&test.db).await.unwrap(), 1);

    let old_name = Observation {
        name: "NIPS 2026".into(),
        acronym: Some("NIPS".into()),
        year: Some(2026),
        deadlines: vec![deadline(
            DeadlineKind::Submission,
            date(2026, 5, 15),
            Some("AoE"),
        )],
        ..Default::default()
    };
    let stored = repo.store_observation(&old_name).await.unwrap();
    assert_eq!(stored.series_key, "neurips");
    assert_eq!(stored.conference_key, "neurips2026");

    // Another page, another key, the full name: the same edition.
    let full_name = Observation {
        key: Some("neurips-2026-main".into()),
        name: "The Thirty-Ninth Annual Conference on Neural Information Processing Systems".into(),
        acronym: None,
        year: Some(2026),
        deadlines: vec![deadline(
            DeadlineKind::Submission,
            date(2026, 5, 15),
            Some("AoE"),
        )],
        ..Default::default()
    };
    let by_name = Observation {
        name: "Neural Information Processing Systems".into(),
        ..full_name
    };
    let again = repo.store_observation(&by_name).await.unwrap();
    assert_eq!(
        again.conference_key, "neurips2026",
        "same series and year is one conference"
    );
    assert_eq!(
        conferences::Entity::find().count(&test.db).await.unwrap(),
        1
    );

    assert_eq!(
        repo.find_series("nips")
            .await
            .unwrap()
            .map(|s| s.key)
            .as_deref(),
        Some("neurips")
    );
    assert_eq!(repo.conferences_of_series("NIPS").await.unwrap().len(), 1);
    assert!(matches!(
        repo.conferences_of_series("no such series").await,
        Err(Error::NotFound { .. })
    ));

    // Unknown series are created, not dropped.
    let unknown = Observation {
        name: "Symposium on Brand New Things".into(),
        acronym: Some("SBNT".into()),
        year: Some(2027),
        ..Default::default()
    };
    let created = repo.store_observation(&unknown).await.unwrap();
    assert_eq!(
        (created.series_key.as_str(), created.conference_key.as_str()),
        ("sbnt", "sbnt2027")
    );
}

async fn workshops_point_to_their_parent(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observation(&icml(date(2026, 1, 23)))
        .await
        .unwrap();
    let workshop = Observation {
        name: "Workshop on Efficient Systems for Foundation Models at ICML 2026".into(),
        acronym: Some("ES-FoMo".into()),
        year: Some(2026),
        kind: ConferenceKind::Workshop,
        parent_hint: Some("ICML 2026".into()),
        deadlines: vec![deadline(
            DeadlineKind::Submission,
            date(2026, 5, 20),
            Some("AoE"),
        )],
        ..Default::default()
    };
    let stored = repo.store_observation(&workshop).await.unwrap();
    let row = repo
        .conference_by_key(&stored.conference_key)
        .await
        .unwrap()
        .unwrap();
    let parent = repo.conference_by_key("icml2026").await.unwrap().unwrap();
    assert_eq!(row.kind, "workshop");
    assert_eq!(row.parent_id, Some(parent.id));
    assert_ne!(row.id, parent.id);

    let snapshot = repo.snapshot().await.unwrap();
    assert_eq!(snapshot.len(), 2);
    let ws = snapshot
        .iter()
        .find(|s| s.conference.kind == "workshop")
        .unwrap();
    assert_eq!(ws.parent_key.as_deref(), Some("icml2026"));
    let main = snapshot
        .iter()
        .find(|s| s.conference.key == "icml2026")
        .unwrap();
    assert_eq!(
        (
            main.series.key.as_str(),
            main.deadlines.len(),
            main.sources.len()
        ),
        ("icml", 3, 1)
    );
}

async fn upcoming_is_ordered_by_utc_instant_and_filtered(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let mut tokyo = Observation {
        name: "Asia Conference".into(),
        acronym: Some("ASIAC".into()),
        year: Some(2026),
        ..Default::default()
    };
    // 2026-03-01 23:59 JST = 14:59 UTC on Mar 1.
    tokyo.deadlines = vec![deadline(
        DeadlineKind::Submission,
        date(2026, 3, 1),
        Some("JST"),
    )];
    let mut aoe = Observation {
        name: "Late Conference".into(),
        acronym: Some("LATEC".into()),
        ..tokyo.clone()
    };
    // 2026-03-01 23:59 AoE = 11:59 UTC on Mar 2: later than Tokyo's although the same date.
    aoe.deadlines = vec![
        deadline(DeadlineKind::Submission, date(2026, 3, 1), Some("AoE")),
        deadline(DeadlineKind::CameraReady, date(2026, 6, 1), Some("AoE")),
    ];
    let mut pacific = Observation {
        name: "West Conference".into(),
        acronym: Some("WESTC".into()),
        ..tokyo.clone()
    };
    // 2026-03-01 23:59 PST = 07:59 UTC on Mar 2.
    pacific.deadlines = vec![deadline(
        DeadlineKind::Submission,
        date(2026, 3, 1),
        Some("PST"),
    )];
    for obs in [&aoe, &tokyo, &pacific] {
        repo.store_observation(obs).await.unwrap();
    }

    let all = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    let order: Vec<&str> = all.iter().map(|d| d.conference_key.as_str()).collect();
    assert_eq!(order, ["asiac2026", "westc2026", "latec2026", "latec2026"]);
    assert_eq!(
        all[1].due_at,
        Utc.with_ymd_and_hms(2026, 3, 2, 7, 59, 0).unwrap()
    );

    let from = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
    let later = repo
        .upcoming_deadlines(&DeadlineQuery {
            from: Some(from),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(later.len(), 3);
    let until = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    let window = repo
        .upcoming_deadlines(&DeadlineQuery {
            from: Some(from),
            until: Some(until),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(window.len(), 2);
    let camera = repo
        .upcoming_deadlines(&DeadlineQuery {
            kinds: vec![DeadlineKind::CameraReady],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(camera.len(), 1);
    let one_series = repo
        .upcoming_deadlines(&DeadlineQuery {
            series: Some("latec".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(one_series.len(), 2);
    let limited = repo
        .upcoming_deadlines(&DeadlineQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(limited.len(), 1);
    assert!(matches!(
        repo.upcoming_deadlines(&DeadlineQuery {
            series: Some("nope".into()),
            ..Default::default()
        })
        .await,
        Err(Error::NotFound { .. })
    ));
}

async fn rounds_without_a_track_are_matched_by_order(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let rounds = |second: NaiveDate| Observation {
        name: "Privacy Symposium".into(),
        acronym: Some("PETSX".into()),
        year: Some(2026),
        deadlines: vec![
            deadline(DeadlineKind::Submission, date(2025, 11, 30), Some("AoE")),
            deadline(DeadlineKind::Submission, second, Some("AoE")),
        ],
        ..Default::default()
    };
    repo.store_observation(&rounds(date(2026, 2, 28)))
        .await
        .unwrap();
    let moved = repo
        .store_observation(&rounds(date(2026, 3, 7)))
        .await
        .unwrap();
    assert_eq!(moved.changes.len(), 1);
    assert_eq!(
        moved.changes[0].old_value.as_deref(),
        Some("2026-02-28 23:59 AoE")
    );
    assert_eq!(deadlines::Entity::find().count(&test.db).await.unwrap(), 2);
}

async fn fields_the_page_leaves_out_are_kept(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observation(&icml(date(2026, 1, 23)))
        .await
        .unwrap();
    let sparse = Observation {
        location: None,
        start_date: None,
        deadlines: vec![],
        ..icml(date(2026, 1, 23))
    };
    let outcome = repo.store_observation(&sparse).await.unwrap();
    assert_eq!(outcome.status, StoreStatus::Unchanged);
    let row = repo.conference_by_key("icml2026").await.unwrap().unwrap();
    assert_eq!(row.location.as_deref(), Some("Seoul, South Korea"));
    assert_eq!(
        deadlines::Entity::find().count(&test.db).await.unwrap(),
        3,
        "deadlines a page stops listing stay"
    );

    let moved = Observation {
        location: Some("Vienna, Austria".into()),
        ..sparse
    };
    assert_eq!(
        repo.store_observation(&moved).await.unwrap().status,
        StoreStatus::Updated
    );
}

async fn an_observation_without_a_year_is_refused_clearly(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let err = repo
        .store_observation(&Observation {
            name: "Timeless Conf".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidObservation(_)));
    assert!(
        err.to_string().contains("Timeless Conf") && err.to_string().contains("year"),
        "{err}"
    );
    // Nothing half-written.
    assert_eq!(series::Entity::find().count(&test.db).await.unwrap(), 0);
}

async fn runs_are_recorded(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let first = repo.start_run("crawl", "worker-a").await.unwrap();
    let second = repo.start_run("crawl", "worker-b").await.unwrap();
    let tally = RunTally {
        pages_ok: 3,
        pages_failed: 1,
        changes_detected: 2,
        error_summary: Some("x: 500".into()),
        ..Default::default()
    };
    repo.finish_run(first, RunStatus::Partial, &tally)
        .await
        .unwrap();
    let runs = repo.recent_runs(10).await.unwrap();
    assert_eq!(runs.len(), 2);
    let finished = runs.iter().find(|r| r.id == first).unwrap();
    assert_eq!(
        (
            finished.status.as_str(),
            finished.pages_ok,
            finished.pages_failed
        ),
        ("partial", 3, 1)
    );
    assert!(finished.finished_at.is_some());
    let running = runs.iter().find(|r| r.id == second).unwrap();
    assert_eq!(running.status, "running");
}

async fn concurrent_writers_leave_no_duplicates_and_no_lost_history(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let series_names = ["ALPHA", "BETA", "GAMMA"];
    let mut tasks = Vec::new();
    for writer in 0..8u32 {
        let repo = repo.clone();
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for round in 0..3u32 {
                for name in series_names {
                    // Every writer sees the same pages; some see the extended deadline.
                    let day = if (writer + round) % 2 == 0 { 10 } else { 20 };
                    let obs = Observation {
                        name: format!("{name} Conference"),
                        acronym: Some(name.into()),
                        year: Some(2026),
                        source: Some(ObservedSource {
                            url: format!("https://{name}.example/cfp"),
                            ..Default::default()
                        }),
                        deadlines: vec![deadline(
                            DeadlineKind::Submission,
                            date(2026, 4, day),
                            Some("AoE"),
                        )],
                        ..Default::default()
                    };
                    outcomes.push(
                        repo.store_observation(&obs)
                            .await
                            .expect("no error reaches a concurrent writer"),
                    );
                }
            }
            outcomes
        }));
    }
    let mut reported_changes = 0;
    for task in tasks {
        for outcome in task.await.unwrap() {
            reported_changes += outcome.changes.len();
        }
    }
    assert_eq!(series::Entity::find().count(&test.db).await.unwrap(), 3);
    assert_eq!(
        conferences::Entity::find().count(&test.db).await.unwrap(),
        3
    );
    assert_eq!(
        deadlines::Entity::find().count(&test.db).await.unwrap(),
        3,
        "one submission deadline per conference"
    );
    // Every change a writer reported is in the history, and nothing else.
    let history = deadline_changes::Entity::find()
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(history as usize, reported_changes);
    // The history of each deadline is a chain: each change starts where the previous ended.
    let all = repo.changes_since(None).await.unwrap();
    for key in ["alpha2026", "beta2026", "gamma2026"] {
        let chain: Vec<_> = all.iter().filter(|c| c.conference_key == key).collect();
        for pair in chain.windows(2) {
            assert_eq!(
                pair[0].new_value, pair[1].old_value,
                "history of {key} is a chain"
            );
        }
    }
}

async fn a_batch_stores_what_one_by_one_would(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let batch = vec![
        icml(date(2026, 1, 23)),
        Observation {
            name: "No Year Conf".into(),
            ..Default::default()
        },
        // The same conference again in one batch: applied after the first, as an extension.
        icml(date(2026, 1, 30)),
        Observation {
            key: Some("icml27".into()),
            name: "ICML 2027".into(),
            year: Some(2027),
            deadlines: vec![deadline(
                DeadlineKind::Submission,
                date(2027, 1, 29),
                Some("AoE"),
            )],
            ..Default::default()
        },
    ];
    let results = repo.store_observations(&batch).await;
    assert_eq!(results.len(), 4);
    let first = results[0].as_ref().unwrap();
    assert_eq!(
        (first.status, first.conference_key.as_str()),
        (StoreStatus::Created, "icml2026")
    );
    assert!(matches!(results[1], Err(Error::InvalidObservation(_))));
    let second = results[2].as_ref().unwrap();
    assert_eq!(second.status, StoreStatus::Updated);
    assert_eq!(second.changes.len(), 1);
    assert_eq!(
        second.changes[0].new_value.as_deref(),
        Some("2026-01-30 23:59 AoE")
    );
    let next_year = results[3].as_ref().unwrap();
    assert_eq!(
        (
            next_year.series_key.as_str(),
            next_year.conference_key.as_str()
        ),
        ("icml", "icml27")
    );
    assert_eq!(series::Entity::find().count(&test.db).await.unwrap(), 1);
    assert_eq!(
        conferences::Entity::find().count(&test.db).await.unwrap(),
        2
    );
    assert_eq!(
        deadline_changes::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        1
    );

    // The same batch again: nothing changes but the extension is undone and redone, in order.
    let again = repo.store_observations(&batch).await;
    let statuses: Vec<_> = again
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|o| o.status)
        .collect();
    assert_eq!(
        statuses,
        [
            StoreStatus::Updated,
            StoreStatus::Updated,
            StoreStatus::Unchanged
        ]
    );
    assert_eq!(deadlines::Entity::find().count(&test.db).await.unwrap(), 4);
}

/// Community data names each edition's own site; the crawler visits those of
/// this year and later (the CFP page outranks the community's copy), never the
/// `dataset:file#entry` names of the imported sources.
async fn imported_editions_sites_are_tracked_while_they_are_current(test: TestDb) {
    use confradar_core::queue::CrawlQueue;
    use confradar_core::repository::{ObservedSource, SourceAuthority};
    let repo = SeaOrmRepository::new(test.db.clone());
    let edition = |year: i32| Observation {
        name: "International Conference on Testing".into(),
        acronym: Some("ICT".into()),
        year: Some(year),
        homepage: Some(format!("https://ict{year}.example.org/")),
        source: Some(ObservedSource {
            url: format!("ccf-deadlines:SE/ict.yml#ict{year}"),
            authority: SourceAuthority::Community,
            ..Default::default()
        }),
        ..Default::default()
    };
    for result in repo
        .store_observations(&[edition(2019), edition(2026), edition(2027)])
        .await
    {
        result.unwrap();
    }
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    assert_eq!(repo.enqueue_tracked(now).await.unwrap(), 2);
    let mut urls: Vec<String> = repo
        .queued()
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.url)
        .collect();
    urls.sort();
    assert_eq!(
        urls,
        [
            "https://ict2026.example.org/",
            "https://ict2027.example.org/"
        ]
    );
    // Tracking again adds nothing.
    assert_eq!(repo.enqueue_tracked(now).await.unwrap(), 0);
}
