//! Crawl throughput with politeness on: 1,000 pages served by 20 hosts
//! (20 loopback addresses, 127.0.0.2 … 127.0.0.21), one crawl cycle into a
//! fresh SQLite database (and PostgreSQL when `CONFRADAR_TEST_POSTGRES_URL`
//! is set), then a second cycle where every page answers 304.
//!
//! Pages come from `CONFRADAR_BENCH_PAGES` (a folder made by
//! `../shared/bench/gen_pages.py`), else a small built-in CFP page.
//!
//! ```sh
//! python3 ../shared/bench/gen_pages.py target/bench-pages --n 200
//! CONFRADAR_BENCH_PAGES=target/bench-pages cargo bench -p confradar-core --bench crawl
//! ```
//! Knobs: `CONFRADAR_BENCH_HOSTS` (20), `CONFRADAR_BENCH_PAGES_PER_HOST` (50),
//! `CONFRADAR_BENCH_DELAY_MS` (the per-host politeness delay, default 1000 as shipped).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use confradar_core::fetch::{FetchSettings, Fetcher};
use confradar_core::pipeline::{CrawlSettings, Crawler, NoProgress, Pipeline};
use confradar_core::queue::CrawlQueue;
use confradar_core::settings::{DatabaseUrl, PoolSettings};
use confradar_core::{SeaOrmRepository, db};
use confradar_migration::{Migrator, MigratorTrait};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Response, header};
use sea_orm::ConnectionTrait;
use tokio::net::TcpListener;
use tokio::sync::watch;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn load_pages() -> Vec<String> {
    if let Ok(dir) = std::env::var("CONFRADAR_BENCH_PAGES") {
        let mut pages: Vec<String> = std::fs::read_dir(&dir)
            .expect("CONFRADAR_BENCH_PAGES is a folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        pages.sort();
        assert!(!pages.is_empty(), "no .html pages in {dir}");
        return pages;
    }
    vec![
        "<html><head><title>BENCHCONF 2026</title></head><body><h1>BENCHCONF 2026: Conference on Benchmarks</h1>\
         <h2>Important Dates</h2><ul><li>Paper submission: March 3, 2026</li><li>Notification: May 1, 2026</li></ul>\
         <p>All deadlines are 23:59 AoE.</p></body></html>"
            .to_string(),
    ]
}

/// Serves `pages` on one address; page `/p{i}` is `pages[i % len]` with its
/// acronym made unique, so every page is a conference of its own.
async fn serve(address: String, pages: Arc<Vec<String>>, host: usize) -> std::net::SocketAddr {
    let listener = TcpListener::bind(&address)
        .await
        .expect("bind a loopback address");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let pages = Arc::clone(&pages);
            let service =
                hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let pages = Arc::clone(&pages);
                        async move {
                            let path = request.uri().path().to_string();
                            let index: usize = path.trim_start_matches("/p").parse().unwrap_or(0);
                            let etag = format!("\"h{host}p{index}\"");
                            if request
                                .headers()
                                .get(header::IF_NONE_MATCH)
                                .and_then(|v| v.to_str().ok())
                                == Some(etag.as_str())
                            {
                                return Ok::<_, Infallible>(
                                    Response::builder()
                                        .status(304)
                                        .header(header::ETAG, etag)
                                        .body(Full::new(Bytes::new()))
                                        .unwrap(),
                                );
                            }
                            if path == "/robots.txt" {
                                return Ok(Response::builder()
                                    .status(404)
                                    .body(Full::new(Bytes::new()))
                                    .unwrap());
                            }
                            let page = &pages[index % pages.len()];
                            let body = format!("{page}<p>Edition code: H{host}P{index}</p>")
                                .replacen("<title>", &format!("<title>H{host}P{index} 2026 "), 1);
                            Ok(Response::builder()
                                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                                .header(header::ETAG, etag)
                                .body(Full::new(Bytes::from(body)))
                                .unwrap())
                        }
                    },
                );
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await;
            });
        }
    });
    addr
}

async fn run(label: &str, url: DatabaseUrl, urls: &[String], delay_ms: u64) {
    let database = db::connect(
        &url,
        &PoolSettings {
            max_connections: 8,
            ..PoolSettings::default()
        },
    )
    .await
    .unwrap();
    Migrator::up(&database, None).await.unwrap();
    let repo = SeaOrmRepository::new(database);
    let now = chrono::Utc::now();
    for url in urls {
        repo.enqueue(url, None, now).await.unwrap();
    }
    let fetcher = Fetcher::new(FetchSettings {
        per_host_delay_ms: delay_ms,
        ..FetchSettings::default()
    })
    .unwrap();
    let settings = CrawlSettings {
        recheck_after_secs: 0,
        batch_size: 32,
        ..CrawlSettings::default()
    };
    let crawler = Crawler::new(Pipeline::new(repo.clone(), fetcher), settings, "bench");
    let (_tx, stop) = watch::channel(false);

    let started = Instant::now();
    let first = crawler.run_cycle(&NoProgress, &stop).await.unwrap();
    let first_secs = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let started = Instant::now();
    let second = crawler.run_cycle(&NoProgress, &stop).await.unwrap();
    let second_secs = started.elapsed().as_secs_f64();
    println!(
        "{label}: first cycle {} pages ({} stored, {} failed) in {first_secs:.1} s = {:.1} pages/s; \
         second cycle (304s) {} pages in {second_secs:.1} s = {:.1} pages/s",
        urls.len(),
        first.stored,
        first.failed,
        urls.len() as f64 / first_secs,
        second.unchanged + second.stored,
        urls.len() as f64 / second_secs,
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: keep that run tiny.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let hosts = if smoke {
            2
        } else {
            env_usize("CONFRADAR_BENCH_HOSTS", 20)
        };
        let per_host = if smoke {
            2
        } else {
            env_usize("CONFRADAR_BENCH_PAGES_PER_HOST", 50)
        };
        let delay_ms = if smoke {
            0
        } else {
            env_usize("CONFRADAR_BENCH_DELAY_MS", 1000) as u64
        };
        let pages = Arc::new(load_pages());
        let mut urls = Vec::new();
        for host in 0..hosts {
            let addr = serve(format!("127.0.0.{}:0", host + 2), Arc::clone(&pages), host).await;
            urls.extend((0..per_host).map(|i| format!("http://{addr}/p{i}")));
        }
        println!(
            "crawl bench: {hosts} hosts × {per_host} pages, politeness delay {delay_ms} ms per host"
        );
        let dir = tempfile::tempdir().unwrap();
        let sqlite = DatabaseUrl::new(format!(
            "sqlite://{}",
            dir.path().join("crawl.db").display()
        ));
        run("sqlite", sqlite, &urls, delay_ms).await;
        if let (false, Ok(admin)) = (smoke, std::env::var("CONFRADAR_TEST_POSTGRES_URL")) {
            let name = format!("confradar_bench_crawl_{}", std::process::id());
            let admin_db = sea_orm::Database::connect(admin.as_str()).await.unwrap();
            admin_db
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let mut url = url::Url::parse(&admin).unwrap();
            url.set_path(&format!("/{name}"));
            run(
                "postgres",
                DatabaseUrl::new(url.to_string()),
                &urls,
                delay_ms,
            )
            .await;
            admin_db
                .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
                .await
                .unwrap();
        }
    });
}
