//! Workshops keep their own identity, on every backend: a workshop held at a
//! conference gets its own series and key, points at its host's edition
//! (a placeholder until the host's own page is read), and every output names
//! it as a workshop of its host instead of passing it off as the host.

use chrono::{NaiveDate, NaiveTime};
use confradar_core::entity::{conferences, series};
use confradar_core::publish::conference_label;
use confradar_core::repository::{
    ConferenceKind, DeadlineQuery, Observation, ObservedDeadline, ObservedSource, StoreStatus,
};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    a_workshop_keeps_its_identity_and_names_its_host,
    the_hosts_own_page_fills_in_the_placeholder,
    a_host_without_a_year_creates_nothing,
);

fn submission(month: u32, day: u32) -> ObservedDeadline {
    ObservedDeadline {
        kind: DeadlineKind::Submission,
        track: None,
        due_date: NaiveDate::from_ymd_opt(2026, month, day).unwrap(),
        end_date: None,
        time: Some(NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
        timezone: Some("AoE".into()),
        label: Some("Paper submission".into()),
        replaces: None,
    }
}

fn graphx(host: &str) -> Observation {
    Observation {
        name: "GraphX: Workshop on Graph Learning".into(),
        acronym: Some("GraphX".into()),
        year: Some(2026),
        kind: ConferenceKind::Workshop,
        parent_hint: Some(host.into()),
        source: Some(ObservedSource {
            url: "https://graphx-workshop.example/cfp".into(),
            ..Default::default()
        }),
        deadlines: vec![submission(8, 29)],
        ..Default::default()
    }
}

fn neurips() -> Observation {
    Observation {
        name: "Conference on Neural Information Processing Systems".into(),
        acronym: Some("NeurIPS".into()),
        year: Some(2026),
        source: Some(ObservedSource {
            url: "https://neurips.cc/Conferences/2026/CallForPapers".into(),
            ..Default::default()
        }),
        deadlines: vec![submission(5, 15)],
        ..Default::default()
    }
}

async fn conference(test: &TestDb, key: &str) -> conferences::Model {
    conferences::Entity::find()
        .filter(conferences::Column::Key.eq(key))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("conference {key} is stored"))
}

async fn a_workshop_keeps_its_identity_and_names_its_host(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let stored = repo
        .store_observation(&graphx("NeurIPS 2026"))
        .await
        .unwrap();
    assert_eq!(stored.status, StoreStatus::Created);
    assert_eq!(stored.series_key, "graphx");
    assert_ne!(stored.conference_key, "neurips2026");

    let workshop = conference(&test, &stored.conference_key).await;
    assert_eq!(workshop.kind, "workshop");
    let host = conference(&test, "neurips2026").await;
    assert_eq!(workshop.parent_id, Some(host.id));
    assert_eq!(host.kind, "conference");

    let views = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    assert_eq!(views.len(), 1, "the placeholder host has no deadlines");
    assert_eq!(views[0].host.as_deref(), Some("NeurIPS 2026"));
    assert_eq!(
        conference_label(&views[0]),
        "GraphX 2026 · workshop at NeurIPS 2026"
    );
    assert_eq!(
        views[0].conference_name,
        "GraphX 2026 · workshop at NeurIPS 2026"
    );
}

async fn the_hosts_own_page_fills_in_the_placeholder(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observation(&graphx("NeurIPS 2026"))
        .await
        .unwrap();
    let stored = repo.store_observation(&neurips()).await.unwrap();
    assert_eq!(stored.conference_key, "neurips2026");
    assert_eq!(stored.status, StoreStatus::Updated);

    let host = conference(&test, "neurips2026").await;
    assert_eq!(
        host.name,
        "Conference on Neural Information Processing Systems"
    );
    assert_eq!(
        conferences::Entity::find()
            .filter(conferences::Column::Year.eq(2026))
            .count(&test.db)
            .await
            .unwrap(),
        2,
        "one workshop and one host, no duplicate edition"
    );
    let views = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    let labels: Vec<String> = views.iter().map(conference_label).collect();
    assert_eq!(
        labels,
        ["NeurIPS 2026", "GraphX 2026 · workshop at NeurIPS 2026"]
    );
}

async fn a_host_without_a_year_creates_nothing(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let stored = repo
        .store_observation(&graphx("Acme Summit"))
        .await
        .unwrap();
    let workshop = conference(&test, &stored.conference_key).await;
    assert_eq!(workshop.parent_id, None);
    assert_eq!(series::Entity::find().count(&test.db).await.unwrap(), 1);
}
