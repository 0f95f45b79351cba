//! Each source's view of a deadline, on every backend: every source's value
//! is kept with when it was seen, the deadline shows the reconciled value
//! (the conference's own page over community data, else the latest change),
//! and a change is recorded only when an instant really moves.

use chrono::{NaiveDate, NaiveTime};
use confradar_core::entity::{deadline_changes, deadline_values, deadlines};
use confradar_core::repository::{
    DeadlineQuery, Observation, ObservedDeadline, ObservedSource, PriorValue, Ranking, SeriesFacts,
    SourceAuthority,
};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    every_source_value_is_stored_with_when_it_was_seen,
    agreeing_sources_in_other_zone_spellings_record_no_change,
    agreeing_sources_in_a_batch_record_no_change,
    an_extension_is_exactly_one_change,
    an_extension_seen_after_the_original_is_exactly_one_change,
    disagreeing_sources_are_a_conflict_and_the_cfp_page_wins,
    among_community_sources_the_latest_change_wins,
    categories_and_rankings_are_stored_and_filterable,
    place_dates_and_homepage_are_stored_and_updated,
    editions_sharing_a_key_without_a_year_stay_apart,
);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

fn due(kind: DeadlineKind, day: NaiveDate, at: Option<NaiveTime>, zone: &str) -> ObservedDeadline {
    ObservedDeadline {
        kind,
        track: None,
        due_date: day,
        end_date: None,
        time: at,
        timezone: Some(zone.to_string()),
        label: None,
        replaces: None,
    }
}

fn seen_on(url: &str, authority: SourceAuthority, deadlines: Vec<ObservedDeadline>) -> Observation {
    Observation {
        name: "Conference on Neural Information Processing Systems".into(),
        acronym: Some("NeurIPS".into()),
        year: Some(2023),
        source: Some(ObservedSource {
            url: url.into(),
            authority,
            ..Default::default()
        }),
        deadlines,
        ..Default::default()
    }
}

const CCF: &str = "ccf-deadlines/AI/neurips.yml";
const AID: &str = "ai-deadlines/_data/conferences.yml";
const PAGE: &str = "https://neurips.cc/Conferences/2023/CallForPapers";

/// NeurIPS as ccf-deadlines writes it: `UTC+0`, `UTC-12`.
fn ccf() -> Observation {
    seen_on(
        CCF,
        SourceAuthority::Community,
        vec![
            due(
                DeadlineKind::Abstract,
                date(2023, 5, 11),
                time(20, 0),
                "UTC+0",
            ),
            due(
                DeadlineKind::Submission,
                date(2023, 5, 18),
                time(7, 59),
                "UTC-12",
            ),
        ],
    )
}

/// The same instants as ai-deadlines writes them: `UTC`, `America/Los_Angeles`.
fn aid() -> Observation {
    seen_on(
        AID,
        SourceAuthority::Community,
        vec![
            due(
                DeadlineKind::Abstract,
                date(2023, 5, 11),
                time(20, 0),
                "UTC",
            ),
            // 07:59 UTC-12 = 19:59 UTC = 12:59 PDT on 2023-05-18.
            due(
                DeadlineKind::Submission,
                date(2023, 5, 18),
                time(12, 59),
                "America/Los_Angeles",
            ),
        ],
    )
}

async fn change_count(test: &TestDb) -> u64 {
    deadline_changes::Entity::find()
        .count(&test.db)
        .await
        .unwrap()
}

async fn every_source_value_is_stored_with_when_it_was_seen(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observation(&ccf()).await.unwrap();
    repo.store_observation(&aid()).await.unwrap();
    let values = deadline_values::Entity::find().all(&test.db).await.unwrap();
    assert_eq!(values.len(), 4, "two sources × two deadlines");
    let ccf_abstract = values
        .iter()
        .find(|v| v.kind == "abstract" && v.timezone.as_deref() == Some("UTC+0"))
        .expect("ccf's spelling is kept as published");
    assert_eq!(ccf_abstract.due_time.as_deref(), Some("20:00"));
    assert_eq!(
        ccf_abstract.due_at.to_rfc3339(),
        "2023-05-11T20:00:00+00:00"
    );
    assert_eq!(ccf_abstract.first_seen_at, ccf_abstract.changed_at);

    // Every backend keeps at least microseconds (MariaDB too, since its
    // columns became DATETIME(6)): a millisecond apart is apart.
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    repo.store_observation(&ccf()).await.unwrap();
    let again = deadline_values::Entity::find_by_id(ccf_abstract.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(again.last_seen_at > ccf_abstract.last_seen_at, "seen again");
    assert_eq!(again.first_seen_at, ccf_abstract.first_seen_at);
    assert_eq!(again.changed_at, ccf_abstract.changed_at, "not moved");
    assert_eq!(deadlines::Entity::find().count(&test.db).await.unwrap(), 2);
}

async fn agreeing_sources_in_other_zone_spellings_record_no_change(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    for round in 0..4 {
        // Either order: A B A B …, then B A B A ….
        let (first, second) = if round < 2 {
            (ccf(), aid())
        } else {
            (aid(), ccf())
        };
        repo.store_observation(&first).await.unwrap();
        let outcome = repo.store_observation(&second).await.unwrap();
        assert!(
            outcome.changes.is_empty(),
            "round {round}: {:?}",
            outcome.changes
        );
    }
    assert_eq!(change_count(&test).await, 0);
    let shown = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    assert_eq!(shown.len(), 2);
    assert!(
        shown.iter().all(|d| !d.conflict),
        "same instants are no conflict"
    );
    assert!(
        repo.conflicts(&DeadlineQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn agreeing_sources_in_a_batch_record_no_change(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let batch = vec![aid(), ccf(), aid(), ccf()];
    for result in repo.store_observations(&batch).await {
        assert!(result.unwrap().changes.is_empty());
    }
    for result in repo.store_observations(&batch).await {
        assert!(result.unwrap().changes.is_empty());
    }
    assert_eq!(change_count(&test).await, 0);
}

/// python-deadlines style: `cfp_ext` with the original `cfp` beside it.
fn extended() -> Observation {
    seen_on(
        "python-deadlines/_data/conferences.yml",
        SourceAuthority::Community,
        vec![ObservedDeadline {
            replaces: Some(PriorValue {
                due_date: date(2023, 5, 11),
                time: time(23, 59),
                timezone: Some("UTC-12".into()),
            }),
            ..due(
                DeadlineKind::Submission,
                date(2023, 5, 18),
                time(23, 59),
                "UTC-12",
            )
        }],
    )
}

async fn an_extension_is_exactly_one_change(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let first = repo.store_observation(&extended()).await.unwrap();
    assert_eq!(first.changes.len(), 1, "{:?}", first.changes);
    assert_eq!(
        first.changes[0].old_value.as_deref(),
        Some("2023-05-11 23:59 UTC-12")
    );
    assert_eq!(
        first.changes[0].new_value.as_deref(),
        Some("2023-05-18 23:59 UTC-12")
    );
    for _ in 0..3 {
        let again = repo.store_observation(&extended()).await.unwrap();
        assert!(again.changes.is_empty());
    }
    assert_eq!(change_count(&test).await, 1);
}

async fn an_extension_seen_after_the_original_is_exactly_one_change(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let mut original = extended();
    original.deadlines = vec![due(
        DeadlineKind::Submission,
        date(2023, 5, 11),
        time(23, 59),
        "UTC-12",
    )];
    repo.store_observation(&original).await.unwrap();
    assert_eq!(change_count(&test).await, 0);
    repo.store_observation(&extended()).await.unwrap();
    repo.store_observation(&extended()).await.unwrap();
    assert_eq!(change_count(&test).await, 1);
    let shown = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    assert_eq!(shown[0].due_date, date(2023, 5, 18));
}

async fn disagreeing_sources_are_a_conflict_and_the_cfp_page_wins(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let page = seen_on(
        PAGE,
        SourceAuthority::CfpPage,
        vec![due(
            DeadlineKind::Submission,
            date(2023, 5, 17),
            time(13, 0),
            "PDT",
        )],
    );
    let community = seen_on(
        CCF,
        SourceAuthority::Community,
        vec![due(
            DeadlineKind::Submission,
            date(2023, 5, 18),
            time(7, 59),
            "UTC-12",
        )],
    );
    // The community value arrives later, and again: the page still wins.
    repo.store_observation(&page).await.unwrap();
    repo.store_observation(&community).await.unwrap();
    repo.store_observation(&community).await.unwrap();
    let shown = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].due_date, date(2023, 5, 17), "the CFP page wins");
    assert_eq!(shown[0].source_url.as_deref(), Some(PAGE));
    assert!(shown[0].conflict);
    assert_eq!(change_count(&test).await, 0, "the shown value never moved");

    let conflicts = repo.conflicts(&DeadlineQuery::default()).await.unwrap();
    assert_eq!(conflicts.len(), 1);
    let values = &conflicts[0].values;
    assert_eq!(values.len(), 2);
    assert!(values[0].chosen && values[0].source_url == PAGE);
    assert_eq!(values[0].authority, SourceAuthority::CfpPage);
    assert!(!values[1].chosen && values[1].source_url == CCF);
    assert_eq!(values[1].value, "2023-05-18 07:59 UTC-12");
    let page_text = confradar_core::publish::render(
        &repo,
        confradar_core::publish::Format::Markdown,
        &DeadlineQuery::default(),
        confradar_core::publish::PageOptions::default(),
    )
    .await
    .unwrap();
    assert!(page_text.contains("(sources disagree)"), "{page_text}");

    // The community source moves its own value: one change, and the page still wins.
    let mut moved = community.clone();
    moved.deadlines[0].due_date = date(2023, 5, 19);
    let outcome = repo.store_observation(&moved).await.unwrap();
    assert_eq!(outcome.changes.len(), 1);
    assert_eq!(change_count(&test).await, 1);
    let shown = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    assert_eq!(shown[0].due_date, date(2023, 5, 17));
}

async fn among_community_sources_the_latest_change_wins(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let a = seen_on(
        CCF,
        SourceAuthority::Community,
        vec![due(
            DeadlineKind::Submission,
            date(2023, 5, 17),
            None,
            "AoE",
        )],
    );
    let mut b = a.clone();
    b.source = Some(ObservedSource {
        url: AID.into(),
        authority: SourceAuthority::Community,
        ..Default::default()
    });
    b.deadlines[0].due_date = date(2023, 5, 20);
    repo.store_observation(&a).await.unwrap();
    repo.store_observation(&b).await.unwrap();
    let after_first_round = change_count(&test).await;
    assert_eq!(after_first_round, 1, "b's newer value moved the deadline");
    for _ in 0..3 {
        repo.store_observation(&a).await.unwrap();
        repo.store_observation(&b).await.unwrap();
    }
    assert_eq!(change_count(&test).await, after_first_round, "no flip-flop");
    let shown = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    assert_eq!(shown[0].due_date, date(2023, 5, 20));
    assert!(shown[0].conflict);
}

fn ranked(acronym: &str, categories: &[&str], rankings: &[(&str, &str)]) -> Observation {
    Observation {
        name: format!("{acronym} conference"),
        acronym: Some(acronym.into()),
        year: Some(2026),
        source: Some(ObservedSource {
            url: format!("ccf-deadlines/{acronym}.yml"),
            authority: SourceAuthority::Community,
            ..Default::default()
        }),
        deadlines: vec![due(DeadlineKind::Submission, date(2026, 3, 1), None, "AoE")],
        facts: SeriesFacts {
            categories: categories.iter().map(|c| c.to_string()).collect(),
            rankings: rankings
                .iter()
                .map(|(system, rank)| Ranking {
                    system: system.to_string(),
                    rank: rank.to_string(),
                })
                .collect(),
            tags: vec!["Databases".into()],
            description: Some(format!("{acronym}, the conference")),
        },
        ..Default::default()
    }
}

async fn categories_and_rankings_are_stored_and_filterable(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observations(&[
        ranked("SIGMOD", &["DB"], &[("CCF", "A"), ("CORE", "A*")]),
        ranked("DASFAA", &["DB"], &[("CCF", "B")]),
        ranked("ICML", &["AI"], &[("CCF", "A")]),
    ])
    .await
    .into_iter()
    .for_each(|r| {
        r.unwrap();
    });
    // Again: nothing doubles.
    repo.store_observation(&ranked("SIGMOD", &["db"], &[("ccf", "A")]))
        .await
        .unwrap();

    let keys = |views: Vec<confradar_core::repository::DeadlineView>| {
        let mut keys: Vec<String> = views.into_iter().map(|v| v.series_key).collect();
        keys.sort();
        keys
    };
    let query = |category: Option<&str>, rank: Option<&str>| DeadlineQuery {
        category: category.map(str::to_string),
        rank: rank.map(|r| Ranking::parse(r).unwrap()),
        ..DeadlineQuery::default()
    };
    assert_eq!(
        keys(
            repo.upcoming_deadlines(&query(Some("db"), None))
                .await
                .unwrap()
        ),
        ["dasfaa", "sigmod"]
    );
    assert_eq!(
        keys(
            repo.upcoming_deadlines(&query(None, Some("CCF:A")))
                .await
                .unwrap()
        ),
        ["icml", "sigmod"]
    );
    assert_eq!(
        keys(
            repo.upcoming_deadlines(&query(Some("DB"), Some("ccf:a")))
                .await
                .unwrap()
        ),
        ["sigmod"]
    );
    assert_eq!(
        keys(
            repo.upcoming_deadlines(&query(None, Some("CORE:A*")))
                .await
                .unwrap()
        ),
        ["sigmod"]
    );
    assert!(
        repo.upcoming_deadlines(&query(Some("SEC"), None))
            .await
            .unwrap()
            .is_empty()
    );

    let sigmod = repo
        .upcoming_deadlines(&query(None, Some("CORE:A*")))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(sigmod.categories, ["DB"]);
    assert_eq!(
        sigmod
            .rankings
            .iter()
            .map(Ranking::to_string)
            .collect::<Vec<_>>(),
        ["CCF:A", "CORE:A*"]
    );
    let json = confradar_core::publish::json::deadlines(std::slice::from_ref(&sigmod)).unwrap();
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(record[0]["categories"], serde_json::json!(["DB"]));
    assert_eq!(
        record[0]["rankings"][1],
        serde_json::json!({"system": "CORE", "rank": "A*"})
    );
    assert_eq!(record[0]["conflict"], serde_json::json!(false));
    let snapshot = repo.snapshot().await.unwrap();
    let facts = &snapshot
        .iter()
        .find(|s| s.series.key == "sigmod")
        .unwrap()
        .facts;
    assert_eq!(facts.tags, ["databases"]);
    assert_eq!(facts.description.as_deref(), Some("SIGMOD, the conference"));
}

async fn place_dates_and_homepage_are_stored_and_updated(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let bare = ccf();
    repo.store_observation(&bare).await.unwrap();
    let mut richer = aid();
    richer.location = Some("New Orleans, USA".into());
    richer.start_date = Some(date(2023, 12, 10));
    richer.end_date = Some(date(2023, 12, 16));
    richer.homepage = Some("https://neurips.cc/Conferences/2023".into());
    repo.store_observation(&richer).await.unwrap();
    let stored = repo
        .conference_by_key("neurips2023")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.location.as_deref(), Some("New Orleans, USA"));
    assert_eq!(stored.start_date, Some(date(2023, 12, 10)));
    assert_eq!(stored.end_date, Some(date(2023, 12, 16)));
    assert_eq!(
        stored.homepage.as_deref(),
        Some("https://neurips.cc/Conferences/2023")
    );
    // A source that leaves them out erases nothing; one that corrects them wins.
    repo.store_observation(&bare).await.unwrap();
    richer.location = Some("New Orleans, Louisiana, USA".into());
    repo.store_observation(&richer).await.unwrap();
    let stored = repo
        .conference_by_key("neurips2023")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.location.as_deref(),
        Some("New Orleans, Louisiana, USA")
    );
    assert_eq!(stored.end_date, Some(date(2023, 12, 16)));
}

/// ccf-deadlines writes `id: ica3pp` on every edition of a series: each
/// edition is still its own conference, and storing them again moves nothing.
async fn editions_sharing_a_key_without_a_year_stay_apart(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let edition = |year: i32| Observation {
        key: Some("ica3pp".into()),
        year: Some(year),
        ..seen_on(
            CCF,
            SourceAuthority::Community,
            vec![due(
                DeadlineKind::Submission,
                date(year, 5, 30),
                time(23, 59),
                "UTC-8",
            )],
        )
    };
    let editions = vec![edition(2022), edition(2023), edition(2025)];
    for _ in 0..3 {
        for result in repo.store_observations(&editions).await {
            result.unwrap();
        }
    }
    assert_eq!(change_count(&test).await, 0);
    let keys: Vec<String> = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.conference_key)
        .collect();
    assert_eq!(keys, ["ica3pp2022", "ica3pp2023", "ica3pp2025"]);
}
