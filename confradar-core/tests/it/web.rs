//! The web front on every backend: one search contract (PostgreSQL full-text,
//! SQLite FTS5, MySQL/MariaDB LIKE), the workshop filter, the conference and
//! series pages, the feeds, the JSON API, and the cache seeing every write.

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};
use confradar_core::repository::{
    ConferenceKind, DeadlineQuery, NewSeries, Observation, ObservedDeadline, ObservedSource,
    Ranking, SeriesFacts, WorkshopFilter,
};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    search_finds_words_in_names_acronyms_aliases_descriptions_and_locations,
    workshops_are_kept_left_out_or_alone,
    pages_feeds_and_api_over_http,
);

fn due_in(days: i64) -> NaiveDate {
    (Utc::now() + Duration::days(days)).date_naive()
}

fn submission(days: i64) -> ObservedDeadline {
    ObservedDeadline {
        kind: DeadlineKind::Submission,
        track: None,
        due_date: due_in(days),
        end_date: None,
        time: Some(NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
        timezone: Some("AoE".into()),
        label: Some("Paper submission".into()),
        replaces: None,
    }
}

fn edition(series: &str, name: &str, acronym: &str, location: &str, days: i64) -> Observation {
    Observation {
        series_hint: Some(series.into()),
        name: name.into(),
        acronym: Some(acronym.into()),
        // Next year's edition whatever the offset, so a second observation moves its deadline.
        year: Some(Utc::now().year() + 1 + i32::from(days > 365)),
        location: Some(location.into()),
        source: Some(ObservedSource {
            url: format!("https://{series}.example.org/cfp"),
            status: Some(200),
            ..Default::default()
        }),
        deadlines: vec![submission(days)],
        facts: SeriesFacts {
            categories: vec![if series == "vldb" { "DB" } else { "AI" }.into()],
            rankings: vec![Ranking::parse("CCF:A").unwrap()],
            description: (series == "vldb").then(|| "Data management research".to_string()),
            ..SeriesFacts::default()
        },
        ..Default::default()
    }
}

async fn two_series(repo: &SeaOrmRepository) {
    repo.upsert_series(&NewSeries {
        key: "vldb".into(),
        name: "Very Large Data Bases".into(),
        acronym: Some("VLDB".into()),
        homepage: None,
        aliases: vec!["PVLDB".into()],
    })
    .await
    .unwrap();
    repo.upsert_series(&NewSeries {
        key: "icml".into(),
        name: "International Conference on Machine Learning".into(),
        acronym: Some("ICML".into()),
        homepage: None,
        aliases: vec![],
    })
    .await
    .unwrap();
    repo.store_observation(&edition(
        "vldb",
        "Very Large Data Bases",
        "VLDB",
        "London, United Kingdom",
        40,
    ))
    .await
    .unwrap();
    repo.store_observation(&edition(
        "icml",
        "International Conference on Machine Learning",
        "ICML",
        "Seoul, South Korea",
        20,
    ))
    .await
    .unwrap();
}

async fn found(repo: &SeaOrmRepository, text: &str) -> Vec<String> {
    let mut keys: Vec<String> = repo
        .upcoming_deadlines(&DeadlineQuery {
            search: Some(text.into()),
            ..DeadlineQuery::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.series_key)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

async fn search_finds_words_in_names_acronyms_aliases_descriptions_and_locations(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    two_series(&repo).await;
    let none: Vec<String> = Vec::new();
    // Acronym, any case.
    assert_eq!(found(&repo, "vldb").await, ["vldb"]);
    assert_eq!(found(&repo, "IcMl").await, ["icml"]);
    // An alias of the series.
    assert_eq!(found(&repo, "pvldb").await, ["vldb"]);
    // Words of the name, as prefixes, all of them.
    assert_eq!(found(&repo, "machine learn").await, ["icml"]);
    assert_eq!(found(&repo, "conference").await, ["icml"]);
    // The description and the location.
    assert_eq!(found(&repo, "management").await, ["vldb"]);
    assert_eq!(found(&repo, "seoul").await, ["icml"]);
    assert_eq!(found(&repo, "kingdom").await, ["vldb"]);
    // Words may match different texts (location and acronym)…
    assert_eq!(found(&repo, "Seoul, ICML").await, ["icml"]);
    // …but every word must match.
    assert_eq!(found(&repo, "seoul vldb").await, none);
    // Inside a word is not a word start.
    assert_eq!(found(&repo, "earn").await, none);
    // Punctuation only: no words, no filter.
    assert_eq!(found(&repo, "\"*:&").await, ["icml", "vldb"]);
    // Search and the other filters together.
    let db_only = repo
        .upcoming_deadlines(&DeadlineQuery {
            search: Some("data".into()),
            category: Some("AI".into()),
            ..DeadlineQuery::default()
        })
        .await
        .unwrap();
    assert!(db_only.is_empty());
    // An edition stored later is found at once (the indexes follow writes).
    repo.store_observation(&edition(
        "icml",
        "International Conference on Machine Learning",
        "ICML",
        "Vienna, Austria",
        400,
    ))
    .await
    .unwrap();
    assert_eq!(found(&repo, "vienna").await, ["icml"]);
}

async fn workshops_are_kept_left_out_or_alone(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    two_series(&repo).await;
    let workshop = Observation {
        name: "GraphX: Workshop on Graph Learning".into(),
        acronym: Some("GraphX".into()),
        kind: ConferenceKind::Workshop,
        parent_hint: Some("ICML".into()),
        series_hint: None,
        ..edition("graphx", "GraphX", "GraphX", "Seoul", 10)
    };
    repo.store_observation(&workshop).await.unwrap();
    let with = |workshops| DeadlineQuery {
        workshops,
        ..DeadlineQuery::default()
    };
    let count = |views: Vec<confradar_core::repository::DeadlineView>| views.len();
    assert_eq!(
        count(
            repo.upcoming_deadlines(&with(WorkshopFilter::Include))
                .await
                .unwrap()
        ),
        3
    );
    assert_eq!(
        count(
            repo.upcoming_deadlines(&with(WorkshopFilter::Exclude))
                .await
                .unwrap()
        ),
        2
    );
    let only = repo
        .upcoming_deadlines(&with(WorkshopFilter::Only))
        .await
        .unwrap();
    assert_eq!(only.len(), 1);
    assert!(only[0].conference_name.contains("GraphX"), "{:?}", only[0]);
}

async fn pages_feeds_and_api_over_http(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    two_series(&repo).await;
    // The ICML submission moves: history and highlight.
    let mut moved = edition(
        "icml",
        "International Conference on Machine Learning",
        "ICML",
        "Seoul, South Korea",
        27,
    );
    moved.name = "International Conference on Machine Learning".into();
    repo.store_observation(&moved).await.unwrap();
    let version_before = repo.data_version().await.unwrap();
    let icml_key = repo
        .upcoming_deadlines(&DeadlineQuery {
            series: Some("icml".into()),
            ..DeadlineQuery::default()
        })
        .await
        .unwrap()[0]
        .conference_key
        .clone();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let shared: Arc<dyn Repository> = Arc::new(repo.clone());
    let server = tokio::spawn(confradar_core::publish::http::serve(
        listener,
        shared,
        async {
            stopped.await.ok();
        },
    ));
    let client = reqwest::Client::new();
    let get = |path: String| {
        let client = client.clone();
        async move {
            let response = client
                .get(format!("http://{addr}{path}"))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let etag = response
                .headers()
                .get("etag")
                .map(|v| v.to_str().unwrap().to_string());
            (status, response.text().await.unwrap(), etag)
        }
    };

    // `/`: the form, filters applied on the server, subscribe links with the same filters.
    let (status, page, _) = get("/?q=seoul&category=AI&tz=Europe%2FBerlin".into()).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"<input type="search" id="q" name="q" value="seoul""#),
        "{page}"
    );
    assert!(page.contains(&format!(r#"data-conference="{icml_key}""#)));
    assert!(
        !page.contains(r#"data-conference="vldb"#),
        "the search left VLDB out"
    );
    assert!(
        page.contains(r#"href="/calendar.ics?category=AI&#38;q=seoul""#),
        "{page}"
    );
    assert!(page.contains(r#"href="/changes.atom?category=AI&#38;q=seoul""#));
    assert!(
        page.contains("changed, was <del>"),
        "the moved deadline shows its old value"
    );
    assert!(
        page.contains("CET") || page.contains("CEST"),
        "times in the chosen zone"
    );
    assert!(
        page.contains(r#"<label for="category">"#)
            && page.contains(r#"<option value="AI" selected>"#)
    );
    for control in [
        "q",
        "category",
        "rank",
        "kind",
        "series",
        "workshops",
        "tz",
        "starred",
    ] {
        assert!(
            page.contains(&format!(r#"<label for="{control}">"#)),
            "label for {control}"
        );
    }
    // A bad filter is a page that says so, with a 400.
    let (status, page, _) = get("/?rank=A".into()).await;
    assert_eq!(status, 400);
    assert!(page.contains("<!DOCTYPE html>"));
    let (status, _, _) = get("/?tz=Mars%2FOlympus".into()).await;
    assert_eq!(status, 400);

    // The conference page: deadlines, sources, history, series link.
    let (status, page, _) = get(format!("/conference/{icml_key}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("History") && page.contains("→"), "{page}");
    assert!(page.contains("https://icml.example.org/cfp"));
    assert!(page.contains(r#"href="/series/icml""#));
    let (status, _, _) = get("/conference/nosuch2026".into()).await;
    assert_eq!(status, 404);
    // The series page lists its editions.
    let (status, page, _) = get("/series/icml".into()).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!(r#"href="/conference/{icml_key}""#)));
    let (status, page, _) = get("/series/PVLDB".into()).await;
    assert_eq!(status, 200, "found by alias");
    assert!(page.contains("PVLDB"));

    // The Atom feed: the move, filtered like the page.
    let (status, feed, _) = get("/changes.atom?series=icml".into()).await;
    assert_eq!(status, 200);
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert!(feed.contains("<entry>") && feed.contains("→"));
    assert!(feed.contains(&format!("http://{addr}/conference/{icml_key}")));
    let (_, feed, _) = get("/changes.atom?series=vldb".into()).await;
    assert!(!feed.contains("→"), "VLDB never moved: {feed}");
    // The calendar with filters.
    let (_, ics, _) = get("/calendar.ics?category=DB".into()).await;
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);

    // The JSON API.
    let (_, body, _) = get("/api/deadlines?q=pvldb".into()).await;
    let rows: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["series_key"], "vldb");
    let (_, body, _) = get("/api/series".into()).await;
    let series: serde_json::Value = serde_json::from_str(&body).unwrap();
    let keys: Vec<&str> = series
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"icml") && keys.contains(&"vldb"), "{keys:?}");
    let (status, body, _) = get(format!("/api/conferences/{icml_key}")).await;
    assert_eq!(status, 200);
    let conference: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(conference["key"], icml_key.as_str());
    assert!(!conference["history"].as_array().unwrap().is_empty());
    let (status, _, _) = get("/api/conferences/nosuch".into()).await;
    assert_eq!(status, 404);
    let (_, body, _) = get("/api/openapi.json".into()).await;
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/deadlines"]["get"].is_object());

    // A write changes the data version, and the cached answer with it.
    let (_, before, etag_before) = get("/api/deadlines".into()).await;
    repo.store_observation(&edition(
        "vldb",
        "Very Large Data Bases",
        "VLDB",
        "London, United Kingdom",
        60,
    ))
    .await
    .unwrap();
    assert_ne!(repo.data_version().await.unwrap(), version_before);
    tokio::time::sleep(
        confradar_core::publish::cache::VERSION_TTL + std::time::Duration::from_millis(100),
    )
    .await;
    let (_, after, etag_after) = get("/api/deadlines".into()).await;
    assert_ne!(before, after, "the new deadline is served");
    assert_ne!(etag_before, etag_after);

    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
