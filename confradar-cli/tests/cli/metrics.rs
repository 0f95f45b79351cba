//! `/metrics`: scraped from `watch --metrics-bind` after a real crawl of a
//! local site, and from `serve`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Site, cfp_page, cli, run};

/// The first `http://…` address the child prints on stdout.
fn printed_address(child: &mut Child) -> String {
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "no address printed"
        );
        if let Some(word) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            // Keep draining stdout so the child never blocks on a full pipe.
            std::thread::spawn(move || {
                let mut sink = String::new();
                while reader.read_line(&mut sink).unwrap_or(0) > 0 {
                    sink.clear();
                }
            });
            return word.to_string();
        }
    }
}

fn get(url: &str) -> (u16, String, String) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let response = reqwest::get(url).await.unwrap();
            let status = response.status().as_u16();
            let kind = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_string();
            (status, kind, response.text().await.unwrap())
        })
}

/// The value of the sample whose line starts with `series` (name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[test]
fn watch_exposes_pages_deadlines_runs_durations_and_the_queue_after_a_crawl() {
    let site = Site::start();
    site.set(
        "/good",
        200,
        cfp_page("METRICONF", "Conference on Metrics", "May 5, 2031"),
    );
    site.set(
        "/broken",
        200,
        cfp_page("BROKENCONF", "Conference on Breaking", "May 6, 2031"),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = ["--database-url", "sqlite://kb.db"];
    for path in ["/good", "/broken"] {
        let (ok, out, err) = run(cli(dir.path())
            .args(db)
            .args(["fetch", &site.url(path)])
            .env("CONFRADAR_CRAWL__RECHECK_AFTER_SECS", "0"));
        assert!(ok, "{out}{err}");
    }
    // Tracked and due; one deadline moves, the other page now fails.
    site.set(
        "/good",
        200,
        cfp_page("METRICONF", "Conference on Metrics", "May 12, 2031"),
    );
    site.set("/broken", 500, "oops");
    let mut child = cli(dir.path())
        .args(db)
        .args(["watch", "--every", "1h", "--metrics-bind", "127.0.0.1:0"])
        .env("CONFRADAR_FETCH__PER_HOST_DELAY_MS", "0")
        .env("CONFRADAR_FETCH__MAX_RETRIES", "0")
        .env("CONFRADAR_CRAWL__RECHECK_AFTER_SECS", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let metrics = printed_address(&mut child);
    // Wait for the first crawl to finish (its run is counted when it ends).
    let started = Instant::now();
    let text = loop {
        let (status, kind, text) = get(&metrics);
        assert_eq!(status, 200);
        assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
        if text.contains("confradar_runs_finished_total{command=\"crawl\"") {
            break text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no crawl finished:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(
        sample(&text, "confradar_pages_total{outcome=\"failed\"}").unwrap_or(0.0) >= 1.0,
        "{text}"
    );
    assert_eq!(
        sample(&text, "confradar_pages_total{outcome=\"stored\"}"),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "confradar_deadline_changes_total"),
        Some(1.0),
        "{text}"
    );
    assert!(
        sample(&text, "confradar_deadlines_stored_total").unwrap_or(0.0) >= 1.0,
        "{text}"
    );
    assert_eq!(
        sample(&text, "confradar_store_duration_seconds_count"),
        Some(1.0),
        "{text}"
    );
    assert!(
        sample(
            &text,
            "confradar_runs_finished_total{command=\"crawl\",status=\"partial\"}"
        )
        .is_some()
            || sample(
                &text,
                "confradar_runs_finished_total{command=\"crawl\",status=\"failed\"}"
            )
            .is_some(),
        "a crawl with a failing page is not a success:\n{text}"
    );
    assert!(
        sample(&text, "confradar_fetch_duration_seconds_count").unwrap() >= 2.0,
        "{text}"
    );
    assert!(
        text.contains("confradar_fetch_duration_seconds_bucket{le=\"0.005\"}"),
        "{text}"
    );
    assert_eq!(sample(&text, "confradar_queue_pages"), Some(2.0), "{text}");
    assert!(
        sample(&text, "confradar_queue_due_pages").is_some(),
        "{text}"
    );
    assert!(
        sample(&text, "confradar_queue_overdue_pages").is_some(),
        "{text}"
    );
    assert!(
        sample(&text, "confradar_runs{status=\"succeeded\"}").unwrap_or(0.0) >= 1.0,
        "the fetches:\n{text}"
    );
    assert!(text.contains("# HELP confradar_pages_total"), "{text}");
}

#[test]
fn serve_counts_requests_by_route_and_stores_no_url_as_a_label() {
    let site = Site::start();
    site.set(
        "/good",
        200,
        cfp_page("SERVECONF", "Conference on Serving", "May 5, 2031"),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = ["--database-url", "sqlite://kb.db"];
    let (ok, out, err) = run(cli(dir.path()).args(db).args(["fetch", &site.url("/good")]));
    assert!(ok, "{out}{err}");
    let mut child = cli(dir.path())
        .args(db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = printed_address(&mut child);
    assert_eq!(get(&format!("{base}api/deadlines")).0, 200);
    assert_eq!(get(&format!("{base}no/such/page?x=1")).0, 404);
    let (status, _, text) = get(&format!("{base}metrics"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        sample(
            &text,
            "confradar_http_requests_total{route=\"/api/deadlines\",status=\"200\"}"
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "confradar_http_requests_total{route=\"unmatched\",status=\"404\"}"
        ),
        Some(1.0),
        "{text}"
    );
    assert!(!text.contains("no/such/page"), "{text}");
    assert!(
        text.contains("confradar_http_request_duration_seconds_bucket{route=\"/api/deadlines\""),
        "{text}"
    );
    // The database's gauges are there on serve too.
    assert_eq!(sample(&text, "confradar_queue_pages"), Some(1.0), "{text}");
}
