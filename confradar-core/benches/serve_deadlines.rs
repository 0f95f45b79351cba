//! Requests per second of `GET /api/deadlines` over 10,000 conferences on
//! PostgreSQL, through the real server on 127.0.0.1.
//!
//! ```text
//! CONFRADAR_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!   cargo bench -p confradar-core --bench serve_deadlines
//! ```
//!
//! It creates a fresh database, applies the migrations, stores 10,000
//! conferences (3 deadlines each, through `Repository::store_observation`),
//! starts the server on an ephemeral port, and drives a bounded number of
//! requests from a fixed number of concurrent clients in this process.
//! The database is dropped at the end.
//!
//! Knobs (environment): `BENCH_CONFERENCES` (10000), `BENCH_REQUESTS` (4000),
//! `BENCH_CONCURRENCY` (16), `BENCH_PATH` (`/api/deadlines`), `BENCH_HOLD=1`
//! to keep serving after the run (for an external load generator such as
//! `wrk`) until Ctrl-C.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveTime, Utc};
use confradar_core::repository::{Observation, ObservedDeadline, ObservedSource};
use confradar_core::settings::{DatabaseUrl, PoolSettings};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository, db, publish};
use confradar_migration::{Migrator, MigratorTrait};
use futures::StreamExt;
use sea_orm::{ConnectionTrait, Database};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `i` in base 26 with letters: series names must differ by more than digits
/// (the store's alias matching ignores them).
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    for _ in 0..4 {
        out.push(b'A' + (i % 26) as u8);
        i /= 26;
    }
    String::from_utf8(out).unwrap()
}

fn observation(i: usize, year: i32) -> Observation {
    let day = |offset: usize| {
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap()
            + chrono::Duration::days(((i * 7 + offset) % 360) as i64)
    };
    let deadline = |kind, due, zone: &str| ObservedDeadline {
        kind,
        track: None,
        due_date: due,
        end_date: None,
        time: Some(NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
        timezone: Some(zone.into()),
        label: Some(format!("{kind} deadline")),
        replaces: None,
    };
    let tag = letters(i);
    Observation {
        name: format!("Symposium on {tag} Systems"),
        acronym: Some(format!("ZB{tag}")),
        year: Some(year),
        source: Some(ObservedSource {
            url: format!("https://bench{i}.example/cfp"),
            ..Default::default()
        }),
        deadlines: vec![
            deadline(DeadlineKind::Abstract, day(0), "AoE"),
            deadline(DeadlineKind::Submission, day(7), "AoE"),
            deadline(DeadlineKind::CameraReady, day(60), "PT"),
        ],
        ..Default::default()
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing useful: skip then.
    let Ok(admin_url) = std::env::var("CONFRADAR_TEST_POSTGRES_URL") else {
        eprintln!(
            "serve_deadlines: set CONFRADAR_TEST_POSTGRES_URL to a PostgreSQL admin URL to run it"
        );
        return;
    };
    let conferences = env_or("BENCH_CONFERENCES", 10_000);
    let requests = env_or("BENCH_REQUESTS", 4_000);
    let concurrency = env_or("BENCH_CONCURRENCY", 16).max(1);
    let path = std::env::var("BENCH_PATH").unwrap_or_else(|_| "/api/deadlines".into());
    let hold = std::env::var("BENCH_HOLD").is_ok_and(|v| v == "1");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let name = format!("confradar_bench_{}", std::process::id());
        let admin = Database::connect(admin_url.as_str())
            .await
            .expect("PostgreSQL reachable");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&format!("/{name}"));
        let result = run(
            url.as_str(),
            conferences,
            requests,
            concurrency,
            &path,
            hold,
        )
        .await;
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
            .unwrap();
        admin.close().await.ok();
        result
    });
}

async fn run(
    url: &str,
    conferences: usize,
    requests: usize,
    concurrency: usize,
    path: &str,
    hold: bool,
) {
    let pool = PoolSettings {
        max_connections: 16,
        ..PoolSettings::default()
    };
    let conn = db::connect(&DatabaseUrl::new(url), &pool).await.unwrap();
    Migrator::up(&conn, None).await.unwrap();
    let repo = Arc::new(SeaOrmRepository::new(conn));

    let year = Utc::now().year() + 1;
    let started = Instant::now();
    futures::stream::iter(0..conferences)
        .map(|i| {
            let repo = repo.clone();
            async move { repo.store_observation(&observation(i, year)).await.unwrap() }
        })
        .buffer_unordered(16)
        .count()
        .await;
    let distinct = repo.snapshot().await.unwrap();
    let deadlines: usize = distinct.iter().map(|c| c.deadlines.len()).sum();
    assert_eq!(
        distinct.len(),
        conferences,
        "every observation is a conference of its own"
    );
    eprintln!(
        "seeded {} conferences ({deadlines} deadlines) in {:.1?}",
        distinct.len(),
        started.elapsed()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(publish::http::serve(listener, repo.clone(), async {
        stopped.await.ok();
    }));
    let target = format!("http://{addr}{path}");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();

    let probe = client.get(&target).send().await.unwrap();
    assert_eq!(probe.status(), 200, "{target}");
    let body = probe.bytes().await.unwrap();
    let rows = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.as_array().map(Vec::len));
    eprintln!(
        "GET {path}: {} bytes, {} rows per response",
        body.len(),
        rows.map_or("?".into(), |n| n.to_string())
    );

    // Warm-up, then the measured, bounded run.
    drive(&client, &target, concurrency * 4, concurrency).await;
    let started = Instant::now();
    let mut latencies = drive(&client, &target, requests, concurrency).await;
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "serve_deadlines: GET {path} over {conferences} conferences on PostgreSQL: {requests} requests, \
         {concurrency} concurrent: {:.0} req/s (p50 {:.1?}, p99 {:.1?}, total {:.2?})",
        requests as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        elapsed
    );

    if hold {
        println!("serving on http://{addr}/ until Ctrl-C (e.g. wrk -t2 -c16 -d15s {target})");
        tokio::signal::ctrl_c().await.ok();
    }
    stop.send(()).ok();
    server.await.unwrap().unwrap();
}

/// `total` GETs from `concurrency` clients; their latencies.
async fn drive(
    client: &reqwest::Client,
    target: &str,
    total: usize,
    concurrency: usize,
) -> Vec<Duration> {
    futures::stream::iter(0..total)
        .map(|_| async {
            let started = Instant::now();
            let response = client.get(target).send().await.unwrap();
            assert!(response.status().is_success(), "{}", response.status());
            response.bytes().await.unwrap();
            started.elapsed()
        })
        .buffer_unordered(concurrency)
        .collect()
        .await
}
