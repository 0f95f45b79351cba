//! `--notify URL`: a run's changes reach a real HTTP receiver on 127.0.0.1
//! (retried when it fails), an unreachable webhook leaves the run going, and
//! every delivery is recorded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use sea_orm::{ConnectionTrait, Database, Statement};

use crate::support::{Site, cfp_page, cli, run};

/// A webhook receiver: answers with the next status of `statuses` (the last
/// one repeats) and keeps each request body.
struct Receiver {
    url: String,
    bodies: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl Receiver {
    fn start(statuses: &[u16]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let bodies: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
        let kept = Arc::clone(&bodies);
        let statuses = statuses.to_vec();
        std::thread::spawn(move || {
            for (n, stream) in listener.incoming().flatten().enumerate() {
                let mut reader = BufReader::new(stream);
                let mut length = 0usize;
                let mut line = String::new();
                while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    line.clear();
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                kept.lock()
                    .unwrap()
                    .push(serde_json::from_slice(&body).unwrap());
                let status = statuses[n.min(statuses.len() - 1)];
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        Self { url, bodies }
    }

    fn bodies(&self) -> Vec<serde_json::Value> {
        self.bodies.lock().unwrap().clone()
    }
}

/// A tracked page whose submission deadline then moves: the next fetch has one change.
fn moved_page(dir: &std::path::Path, site: &Site) -> String {
    site.set(
        "/cfp",
        200,
        cfp_page("NOTECONF", "Conference on Notes", "May 5, 2031"),
    );
    let url = site.url("/cfp");
    let (ok, out, err) = run(cli(dir).args(["--database-url", "sqlite://kb.db", "fetch", &url]));
    assert!(ok, "{out}{err}");
    site.set(
        "/cfp",
        200,
        cfp_page("NOTECONF", "Conference on Notes", "May 12, 2031"),
    );
    url
}

/// The recorded deliveries: (status, attempts, url, http_status).
fn deliveries(dir: &std::path::Path) -> Vec<(String, i32, String, Option<i32>)> {
    let url = format!("sqlite://{}", dir.join("kb.db").display());
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let db = Database::connect(url.as_str()).await.unwrap();
            let rows = db
                .query_all_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT status, attempts, url, http_status FROM notify_deliveries ORDER BY id",
                ))
                .await
                .unwrap();
            rows.iter()
                .map(|r| {
                    (
                        r.try_get("", "status").unwrap(),
                        r.try_get("", "attempts").unwrap(),
                        r.try_get("", "url").unwrap(),
                        r.try_get("", "http_status").unwrap(),
                    )
                })
                .collect()
        })
}

#[test]
fn a_fetch_posts_its_changes_retrying_a_failing_receiver() {
    let site = Site::start();
    let dir = tempfile::tempdir().unwrap();
    let page = moved_page(dir.path(), &site);
    // The receiver fails once (503), then accepts.
    let receiver = Receiver::start(&[503, 200]);
    let (ok, out, err) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "fetch",
        &page,
        "--notify",
        &receiver.url,
    ]));
    assert!(ok, "{out}{err}");
    let bodies = receiver.bodies();
    assert_eq!(bodies.len(), 2, "one retry: {bodies:?}");
    let body = &bodies[1];
    assert_eq!(body["command"], "fetch");
    assert!(body["run_id"].as_i64().is_some());
    let change = &body["changes"][0];
    assert_eq!(change["conference"], "NOTECONF 2026");
    assert_eq!(change["kind"], "submission");
    assert_eq!(change["new_value"], "2031-05-12 23:59 AoE");
    assert_eq!(change["source"], page);
    assert!(
        body["text"]
            .as_str()
            .unwrap()
            .contains("1 deadline change(s)"),
        "{body}"
    );
    assert_eq!(
        deliveries(dir.path()),
        vec![("delivered".to_string(), 2, receiver.url.clone(), Some(200))]
    );
}

#[test]
fn an_unreachable_webhook_is_recorded_and_the_run_goes_on() {
    let site = Site::start();
    let dir = tempfile::tempdir().unwrap();
    let page = moved_page(dir.path(), &site);
    // Nothing listens on port 1; the password must never be printed or stored.
    let hook = "http://notify:hunter2-secret@127.0.0.1:1/hook?token=abc";
    let (ok, out, err) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "fetch",
        &page,
        "--notify",
        hook,
    ]));
    assert!(ok, "the run succeeds all the same: {out}{err}");
    assert!(
        out.contains("2031-05-12"),
        "the change is stored and printed: {out}"
    );
    assert!(
        err.contains("not delivered after 4 attempt(s)") && err.contains("cannot connect"),
        "{err}"
    );
    assert!(
        !err.contains("hunter2") && !out.contains("hunter2") && !err.contains("token=abc"),
        "{err}"
    );
    let rows = deliveries(dir.path());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "failed");
    assert_eq!(rows[0].1, 4);
    assert_eq!(rows[0].2, "http://notify:***@127.0.0.1:1/hook");

    // `deliveries` shows it, without the password or the token.
    let (ok, out, err) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "deliveries",
        "--failed",
        "--json",
    ]));
    assert!(ok, "{out}{err}");
    assert!(
        !out.contains("hunter2") && !out.contains("token=abc"),
        "{out}"
    );
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown[0]["url"], "http://notify:***@127.0.0.1:1/hook");
    assert_eq!(shown[0]["attempts"], 4);
    assert!(
        shown[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("cannot connect")),
        "{shown}"
    );
    assert!(shown[0]["run_id"].as_i64().is_some(), "{shown}");
}

#[test]
fn a_crawl_posts_to_the_webhooks_of_the_config_file_and_bad_urls_are_refused() {
    let site = Site::start();
    let dir = tempfile::tempdir().unwrap();
    site.set(
        "/cfp",
        200,
        cfp_page("NOTECONF", "Conference on Notes", "May 5, 2031"),
    );
    let page = site.url("/cfp");
    // Tracked and due again at once.
    let (ok, out, err) = run(cli(dir.path())
        .args(["--database-url", "sqlite://kb.db", "fetch", &page])
        .env("CONFRADAR_CRAWL__RECHECK_AFTER_SECS", "0"));
    assert!(ok, "{out}{err}");
    site.set(
        "/cfp",
        200,
        cfp_page("NOTECONF", "Conference on Notes", "May 12, 2031"),
    );
    let receiver = Receiver::start(&[200]);
    std::fs::write(
        dir.path().join("confradar.toml"),
        format!("notify = [\"{}\"]\n", receiver.url),
    )
    .unwrap();
    let (ok, out, err) = run(cli(dir.path())
        .args(["--database-url", "sqlite://kb.db", "crawl"])
        .env("CONFRADAR_FETCH__PER_HOST_DELAY_MS", "0"));
    assert!(ok, "{out}{err}");
    let bodies = receiver.bodies();
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert_eq!(bodies[0]["command"], "crawl");
    assert_eq!(bodies[0]["changes"][0]["new_value"], "2031-05-12 23:59 AoE");

    let (ok, _, err) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "fetch",
        &page,
        "--notify",
        "ftp://user:hunter2@example.org/x",
    ]));
    assert!(!ok);
    assert!(
        err.contains("scheme ftp") && !err.contains("hunter2"),
        "{err}"
    );
}
