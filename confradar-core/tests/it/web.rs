//! The web front on every backend: one search contract (PostgreSQL full-text,
//! SQLite FTS5, MySQL/MariaDB LIKE), the workshop filter, the conference and
//! series pages, the feeds, the JSON API, and the cache seeing every write.

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};
use confradar_core::repository::{
    ChangeView, ConferenceKind, DeadlineQuery, NewSeries, Observation, ObservedDeadline,
    ObservedSource, Ranking, SeriesFacts, WorkshopFilter,
};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    search_finds_words_in_names_acronyms_aliases_descriptions_and_locations,
    workshops_are_kept_left_out_or_alone,
    pages_feeds_and_api_over_http,
    feed_changes_are_filtered_and_cut_in_the_database,
    deadline_counts_ignore_the_limit,
    the_atom_feed_is_valid_rfc_4287_with_filters_and_when_empty,
    the_page_says_when_it_shows_fewer_deadlines_than_selected,
    each_export_route_caches_under_its_whole_query,
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

/// The changes `changes_of_deadlines` must give, computed the slow way: every
/// change since `since`, kept when its deadline is one `query` selects.
async fn changes_the_slow_way(
    repo: &SeaOrmRepository,
    query: &DeadlineQuery,
    since: Option<chrono::DateTime<Utc>>,
    limit: usize,
) -> Vec<ChangeView> {
    let kept: std::collections::HashSet<(String, DeadlineKind, String)> = repo
        .upcoming_deadlines(query)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.conference_key, d.kind, d.track))
        .collect();
    let mut changes = repo.changes_since(since).await.unwrap();
    changes.retain(|c| kept.contains(&(c.conference_key.clone(), c.kind, c.track.clone())));
    changes.reverse();
    changes.truncate(limit);
    changes
}

/// GraphX, a workshop at ICML, due in `days`.
fn graphx(days: i64) -> Observation {
    Observation {
        name: "GraphX: Workshop on Graph Learning".into(),
        acronym: Some("GraphX".into()),
        kind: ConferenceKind::Workshop,
        parent_hint: Some("ICML".into()),
        series_hint: None,
        ..edition("graphx", "GraphX", "GraphX", "Seoul", days)
    }
}

/// SOSP (systems, CORE:A*): an abstract due in `abstract_days`, the paper in 50 days.
fn sosp(abstract_days: i64) -> Observation {
    let mut sosp = edition(
        "sosp",
        "Symposium on Operating Systems Principles",
        "SOSP",
        "Austin, Texas",
        50,
    );
    sosp.deadlines.push(ObservedDeadline {
        kind: DeadlineKind::Abstract,
        label: Some("Abstract registration".into()),
        ..submission(abstract_days)
    });
    sosp.facts.categories = vec!["Systems".into()];
    sosp.facts.rankings = vec![Ranking::parse("CORE:A*").unwrap()];
    sosp
}

/// VLDB, ICML, the GraphX workshop at ICML and SOSP (5 deadlines), then six
/// moves: VLDB once, and after the returned instant ICML twice, VLDB, the
/// SOSP abstract and GraphX once each.
async fn feed_data(repo: &SeaOrmRepository) -> chrono::DateTime<Utc> {
    two_series(repo).await;
    repo.store_observation(&graphx(10)).await.unwrap();
    repo.store_observation(&sosp(45)).await.unwrap();
    let vldb = |days| {
        edition(
            "vldb",
            "Very Large Data Bases",
            "VLDB",
            "London, United Kingdom",
            days,
        )
    };
    repo.store_observation(&vldb(41)).await.unwrap();
    // Detection times have whole seconds on some backends: step over one.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let between = Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for days in [27, 29] {
        repo.store_observation(&edition(
            "icml",
            "International Conference on Machine Learning",
            "ICML",
            "Seoul, South Korea",
            days,
        ))
        .await
        .unwrap();
    }
    repo.store_observation(&vldb(42)).await.unwrap();
    repo.store_observation(&sosp(46)).await.unwrap();
    repo.store_observation(&graphx(11)).await.unwrap();
    between
}

async fn feed_changes_are_filtered_and_cut_in_the_database(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let between = feed_data(&repo).await;
    let query = |f: &dyn Fn(&mut DeadlineQuery)| {
        let mut q = DeadlineQuery::default();
        f(&mut q);
        q
    };
    let queries = [
        DeadlineQuery::default(),
        query(&|q| q.category = Some("db".into())),
        query(&|q| q.category = Some("Systems".into())),
        query(&|q| q.rank = Some(Ranking::parse("CCF:A").unwrap())),
        query(&|q| q.rank = Some(Ranking::parse("core:a*").unwrap())),
        query(&|q| q.series = Some("icml".into())),
        query(&|q| q.series = Some("PVLDB".into())),
        query(&|q| q.kinds = vec![DeadlineKind::Abstract]),
        query(&|q| q.search = Some("seoul".into())),
        query(&|q| q.workshops = WorkshopFilter::Only),
        query(&|q| q.workshops = WorkshopFilter::Exclude),
        query(&|q| {
            q.search = Some("machine learn".into());
            q.category = Some("AI".into());
            q.workshops = WorkshopFilter::Exclude;
        }),
        query(&|q| q.category = Some("nosuch".into())),
    ];
    for q in &queries {
        for (since, limit) in [(None, 100), (None, 1), (Some(between), 100)] {
            let fast = repo.changes_of_deadlines(q, since, limit).await.unwrap();
            let slow = changes_the_slow_way(&repo, q, since, limit as usize).await;
            assert_eq!(fast, slow, "{q:?} since {since:?} limit {limit}");
        }
    }
    // What the comparison stands on, said plainly.
    let all = repo
        .changes_of_deadlines(&DeadlineQuery::default(), None, 100)
        .await
        .unwrap();
    assert_eq!(all.len(), 6, "six moves: {all:#?}");
    assert_eq!(
        repo.changes_of_deadlines(&DeadlineQuery::default(), Some(between), 100)
            .await
            .unwrap()
            .len(),
        5,
        "five moves after {between}"
    );
    assert!(
        all.windows(2)
            .all(|w| (w[0].detected_at, w[0].id) > (w[1].detected_at, w[1].id)),
        "newest first"
    );
    assert!(all[0].old_value.is_some() && all[0].conference_name.contains("GraphX"));
    let icml = repo
        .changes_of_deadlines(&queries[5], Some(between), 100)
        .await
        .unwrap();
    assert_eq!(icml.len(), 2, "the two moves: {icml:#?}");
    let abstracts = repo
        .changes_of_deadlines(&queries[7], None, 100)
        .await
        .unwrap();
    assert_eq!(abstracts.len(), 1);
    assert_eq!(abstracts[0].kind, DeadlineKind::Abstract);
    let workshops = repo
        .changes_of_deadlines(&queries[9], None, 100)
        .await
        .unwrap();
    assert_eq!(workshops.len(), 1);
    assert!(
        workshops[0].conference_name.contains("GraphX"),
        "{workshops:?}"
    );
    assert!(
        repo.changes_of_deadlines(&queries[12], None, 100)
            .await
            .unwrap()
            .is_empty()
    );
    // An unknown series is an error that names it, as for the deadlines.
    let err = repo
        .changes_of_deadlines(&query(&|q| q.series = Some("nosuch".into())), None, 100)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nosuch"), "{err}");
}

async fn deadline_counts_ignore_the_limit(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    feed_data(&repo).await;
    for q in [
        DeadlineQuery::default(),
        DeadlineQuery {
            category: Some("AI".into()),
            ..DeadlineQuery::default()
        },
        DeadlineQuery {
            search: Some("seoul".into()),
            workshops: WorkshopFilter::Exclude,
            ..DeadlineQuery::default()
        },
        DeadlineQuery {
            from: Some(Utc::now() + Duration::days(30)),
            ..DeadlineQuery::default()
        },
    ] {
        let all = repo.upcoming_deadlines(&q).await.unwrap().len() as u64;
        let limited = DeadlineQuery {
            limit: Some(1),
            ..q.clone()
        };
        assert_eq!(repo.count_deadlines(&limited).await.unwrap(), all, "{q:?}");
    }
    assert_eq!(
        repo.count_deadlines(&DeadlineQuery::default())
            .await
            .unwrap(),
        5
    );
}

/// A server over `repo` on a free port, stopped by [`Server::stop`].
struct Server {
    addr: std::net::SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    client: reqwest::Client,
}

impl Server {
    async fn start(repo: &SeaOrmRepository) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let shared: Arc<dyn Repository> = Arc::new(repo.clone());
        let task = tokio::spawn(confradar_core::publish::http::serve(
            listener,
            shared,
            async {
                stopped.await.ok();
            },
        ));
        Self {
            addr,
            stop,
            task,
            client: reqwest::Client::new(),
        }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("http://{}{path}", self.addr))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    async fn stop(self) {
        self.stop.send(()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(10), self.task)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
    }
}

/// Reads `xml` with a feed parser and checks what RFC 4287 requires: the
/// feed's id, title and updated, an author, each entry's id, title and
/// updated, and links that are absolute URLs. Returns the parsed feed.
fn read_atom(xml: &str) -> feed_rs::model::Feed {
    // feed-rs makes up an id when there is none: make that visible.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| "MISSING".into())
        .build();
    let feed = parser
        .parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("not a feed ({e}): {xml}"));
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    let absolute =
        |href: &str| url::Url::parse(href).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    assert!(
        feed.id.starts_with("urn:confradar:changes:"),
        "feed id: {}",
        feed.id
    );
    assert!(
        feed.title
            .as_ref()
            .is_some_and(|t| !t.content.trim().is_empty()),
        "feed title: {xml}"
    );
    assert!(feed.updated.is_some(), "feed updated: {xml}");
    assert!(!feed.authors.is_empty(), "feed author: {xml}");
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel.as_deref() == Some("self") && absolute(&l.href)),
        "a self link: {xml}"
    );
    for link in &feed.links {
        assert!(absolute(&link.href), "absolute feed link: {}", link.href);
    }
    for entry in &feed.entries {
        assert!(
            entry.id.starts_with("urn:confradar:change:"),
            "entry id: {}",
            entry.id
        );
        assert!(
            entry
                .title
                .as_ref()
                .is_some_and(|t| !t.content.trim().is_empty()),
            "entry title: {xml}"
        );
        assert!(entry.updated.is_some(), "entry updated: {xml}");
        assert!(!entry.links.is_empty(), "entry link: {xml}");
        for link in &entry.links {
            assert!(absolute(&link.href), "absolute entry link: {}", link.href);
        }
    }
    feed
}

async fn the_atom_feed_is_valid_rfc_4287_with_filters_and_when_empty(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    feed_data(&repo).await;
    let server = Server::start(&repo).await;

    let (status, xml) = server.get("/changes.atom").await;
    assert_eq!(status, 200);
    let all = read_atom(&xml);
    assert_eq!(all.entries.len(), 6, "{xml}");
    let newest = all.entries[0].title.as_ref().unwrap().content.clone();
    assert!(newest.contains("→"), "newest first: {newest}");
    assert_eq!(
        all.updated, all.entries[0].updated,
        "the feed is as new as its newest entry"
    );

    let (status, xml) = server
        .get("/changes.atom?category=AI&workshops=exclude&tz=UTC")
        .await;
    assert_eq!(status, 200);
    let filtered = read_atom(&xml);
    assert_eq!(filtered.entries.len(), 2, "ICML moved twice: {xml}");
    assert!(filtered.id.contains("category=AI"), "{}", filtered.id);
    assert!(
        filtered
            .entries
            .iter()
            .all(|e| e.title.as_ref().unwrap().content.starts_with("ICML ")),
        "{xml}"
    );

    let (status, xml) = server.get("/changes.atom?q=nosuchword").await;
    assert_eq!(status, 200);
    let empty = read_atom(&xml);
    assert!(empty.entries.is_empty(), "{xml}");
    assert!(empty.updated.is_some());

    let (status, _) = server.get("/changes.atom?series=nosuch").await;
    assert_eq!(status, 404);
    server.stop().await;
}

async fn the_page_says_when_it_shows_fewer_deadlines_than_selected(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    feed_data(&repo).await;
    let server = Server::start(&repo).await;
    let (status, page) = server.get("/?limit=2").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Showing 2 of 5 deadlines — narrow the filters or use the"),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="/calendar.ics">calendar</a>"#),
        "{page}"
    );
    assert_eq!(page.matches("<tr ").count(), 2);
    // With a filter, the total is the filter's.
    let (_, page) = server.get("/?category=AI&limit=1").await;
    assert!(
        page.contains("Showing 1 of 2 deadlines"),
        "ICML and its workshop: {page}"
    );
    // A list that is not cut says nothing of the kind.
    let (_, page) = server.get("/").await;
    assert!(!page.contains("Showing "), "{page}");
    let (_, page) = server.get("/?limit=5").await;
    assert!(
        !page.contains("Showing "),
        "exactly the limit is not cut: {page}"
    );
    server.stop().await;
}

async fn each_export_route_caches_under_its_whole_query(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    feed_data(&repo).await;
    let server = Server::start(&repo).await;
    // The calendar with a limit first: the unlimited one must not get its answer.
    let (_, one) = server.get("/calendar.ics?limit=1").await;
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);
    let (_, every) = server.get("/calendar.ics").await;
    assert_eq!(every.matches("BEGIN:VEVENT").count(), 5);
    let (_, one) = server.get("/calendar.ics?limit=1").await;
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);
    // The JSON export, filtered and not.
    let (_, db) = server.get("/api/conferences?category=DB").await;
    let (_, everything) = server.get("/api/conferences").await;
    let count = |body: &str| {
        serde_json::from_str::<serde_json::Value>(body).unwrap()["conferences"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(count(&db), 1, "{db}");
    assert_eq!(count(&everything), 4, "{everything}");
    // The feed's links follow the host it was asked on.
    let response = server
        .client
        .get(format!("http://{}/changes.atom", server.addr))
        .header("host", "radar.example.org")
        .send()
        .await
        .unwrap();
    let xml = response.text().await.unwrap();
    assert!(
        xml.contains("href=\"http://radar.example.org/changes.atom\""),
        "{xml}"
    );
    let (_, xml) = server.get("/changes.atom").await;
    assert!(
        xml.contains(&format!("href=\"http://{}/changes.atom\"", server.addr)),
        "{xml}"
    );
    server.stop().await;
}
