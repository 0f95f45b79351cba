//! `fetch`, `import`, `crawl` and `sources`/`runs` through the binary,
//! including several crawl workers (processes) sharing one PostgreSQL database.

use std::io::Write;
use std::process::Stdio;

use crate::support::{ServerDb, Site, cfp_page, cli, run};

#[test]
fn fetch_reports_created_unchanged_and_the_change_in_words() {
    let site = Site::start();
    site.set(
        "/cfp",
        200,
        cfp_page(
            "ICML",
            "International Conference on Machine Learning",
            "January 23, 2026",
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = ["--database-url", "sqlite://kb.db"];
    let url = site.url("/cfp");

    let (ok, out, err) = run(cli(dir.path()).args(db).args(["fetch", &url]));
    assert!(ok, "{out}{err}");
    assert!(
        out.starts_with("created") && out.contains("ICML 2026 (icml2026)"),
        "{out}"
    );
    let (ok, out, _) = run(cli(dir.path()).args(db).args(["fetch", &url]));
    assert!(ok && out.starts_with("unchanged"), "{out}");

    site.set(
        "/cfp",
        200,
        cfp_page(
            "ICML",
            "International Conference on Machine Learning",
            "January 30, 2026",
        ),
    );
    let (ok, out, _) = run(cli(dir.path()).args(db).args(["fetch", &url]));
    assert!(ok && out.starts_with("updated"), "{out}");
    assert!(
        out.contains("ICML 2026 submission: 2026-01-23 23:59 AoE → 2026-01-30 23:59 AoE"),
        "{out}"
    );

    // A failing page is reported, the others are stored, and the exit code says something failed.
    let (ok, out, _) = run(cli(dir.path())
        .args(db)
        .args(["fetch", &site.url("/missing"), &url]));
    assert!(!ok);
    assert!(out.contains("failed") && out.contains("404"), "{out}");
    assert!(out.contains("unchanged"), "{out}");

    let (ok, out, _) = run(cli(dir.path()).args(db).args(["runs"]));
    assert!(
        ok && out.contains("fetch") && out.contains("partial"),
        "{out}"
    );
    let (ok, out, _) = run(cli(dir.path()).args(db).args(["sources"]));
    assert!(ok && out.contains(&url), "{out}");
}

#[test]
fn fetch_reads_local_files_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("saved.html"),
        cfp_page(
            "SOSP",
            "Symposium on Operating Systems Principles",
            "April 17, 2026",
        ),
    )
    .unwrap();
    let (ok, out, err) =
        run(cli(dir.path()).args(["--database-url", "sqlite://kb.db", "fetch", "saved.html"]));
    assert!(
        ok && out.contains("created") && out.contains("sosp2026"),
        "{out}{err}"
    );
    let (ok, out, _) =
        run(cli(dir.path()).args(["--database-url", "sqlite://kb.db", "fetch", "saved.html"]));
    assert!(ok && out.starts_with("unchanged"), "{out}");
}

#[test]
fn a_workshop_page_that_names_only_its_host_is_not_filed_as_the_host() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cfp.md"),
        "## Call for papers\n\nThe top papers present their work during the workshop.\n\n\
         Accepted papers will be published in ICCV 2023 Workshop proceedings.\n\n\
         ## Timeline\n\n- Submission deadline: July 19th, 2023\n",
    )
    .unwrap();
    let (ok, out, err) =
        run(cli(dir.path()).args(["--database-url", "sqlite://kb.db", "fetch", "cfp.md"]));
    let all = format!("{out}{err}");
    assert!(!ok, "{all}");
    assert!(
        all.contains("workshop held at ICCV 2023") && all.contains("--series"),
        "{all}"
    );
    // Nothing was filed under the host.
    let (_, out, _) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "upcoming",
        "--include-past",
    ]));
    assert!(!out.contains("ICCV"), "{out}");
}

#[test]
fn import_skips_bad_lines_with_their_number_and_stores_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let items = concat!(
        r#"{"key":"neurips26","name":"NeurIPS 2026","year":2026,"url":"https://aideadlines.org/?sub=ML","deadlines":[{"kind":"submission","due_date":"2026-05-28","timezone":"AoE"}]}"#,
        "\nnot json at all\n",
        r#"{"key":"icml26","name":"ICML 2026","year":2026,"deadlines":[{"kind":"submission","due_date":"2026-02-30"}]}"#,
        "\n",
        r#"{"key":"kdd26","name":"KDD 2026","year":2026,"deadlines":[{"kind":"submission","due_date":"2026-02-08","timezone":"AoE"}]}"#,
        "\n"
    );
    std::fs::write(dir.path().join("items.jsonl"), items).unwrap();
    let (ok, out, err) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "import",
        "items.jsonl",
        "--format",
        "jsonl",
    ]));
    // What could be stored is stored; the exit code says something was skipped.
    assert!(!ok, "{out}{err}");
    assert!(
        err.contains("items.jsonl:2:")
            && err.contains("items.jsonl:3:")
            && err.contains("2026-02-30"),
        "{err}"
    );
    assert!(
        out.contains("2 created") && out.contains("2 skipped"),
        "{out}"
    );

    let moved = items.replace("2026-05-28", "2026-06-04");
    std::fs::write(dir.path().join("items.jsonl"), moved).unwrap();
    let (ok, out, _) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "import",
        "items.jsonl",
        "--format",
        "jsonl",
    ]));
    assert!(
        !ok && out.contains("1 updated")
            && out.contains("submission: 2026-05-28 AoE → 2026-06-04 AoE"),
        "{out}"
    );

    let (ok, _, err) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "import",
        "items.jsonl",
        "--format",
        "xml",
    ]));
    assert!(
        !ok && err.contains("jsonl, ai-deadlines, ccf, sec-deadlines or python-deadlines"),
        "{err}"
    );
}

#[test]
fn seed_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let (ok, out, err) =
            run(cli(dir.path()).args(["--database-url", "sqlite://kb.db", "seed"]));
        assert!(ok && out.contains("conference series loaded"), "{out}{err}");
    }
    let (ok, out, _) =
        run(cli(dir.path()).args(["--database-url", "sqlite://kb.db", "sources", "--json"]));
    let queued: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(ok && queued.as_array().map_or(0, Vec::len) >= 50);
}

/// Several `crawl` processes against one PostgreSQL database: every page is
/// fetched by exactly one of them, and every run is recorded.
#[test]
fn crawl_workers_share_the_pages_of_one_postgres_database() {
    let Some(db) = ServerDb::create("CONFRADAR_TEST_POSTGRES_URL") else {
        return;
    };
    let site = Site::start();
    let dir = tempfile::tempdir().unwrap();
    let pages = 30;
    let mut items = String::new();
    for i in 0..pages {
        let path = format!("/c{i}");
        site.set(
            &path,
            200,
            cfp_page(
                &format!("CONF{i}"),
                &format!("Conference Number {i}"),
                "March 3, 2026",
            ),
        );
        items.push_str(&format!(
            "{{\"key\":\"conf{i}-2026\",\"name\":\"CONF{i} 2026\",\"year\":2026,\"url\":\"{}\",\"deadlines\":[]}}\n",
            site.url(&path)
        ));
    }
    std::fs::write(dir.path().join("items.jsonl"), items).unwrap();
    let (ok, out, err) = run(cli(dir.path()).args(["--database-url", &db.url, "migrate", "up"]));
    assert!(ok, "{out}{err}");
    let (ok, out, err) = run(cli(dir.path()).args([
        "--database-url",
        &db.url,
        "import",
        "items.jsonl",
        "--format",
        "jsonl",
    ]));
    assert!(
        ok && out.contains(&format!("{pages} created")),
        "{out}{err}"
    );

    let workers: Vec<_> = (0..3)
        .map(|_| {
            cli(dir.path())
                .args(["--database-url", &db.url, "crawl"])
                .env("CONFRADAR_FETCH__PER_HOST_DELAY_MS", "0")
                .env("CONFRADAR_CRAWL__BATCH_SIZE", "2")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for worker in workers {
        let output = worker.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    for i in 0..pages {
        assert_eq!(
            site.hits(&format!("/c{i}")),
            1,
            "page {i} was fetched exactly once"
        );
    }
    let (ok, out, _) = run(cli(dir.path()).args(["--database-url", &db.url, "runs", "--json"]));
    let runs: serde_json::Value = serde_json::from_str(&out).unwrap();
    let crawls: Vec<_> = runs
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["command"] == "crawl")
        .collect();
    assert!(ok && crawls.len() == 3, "{out}");
    let handled: i64 = crawls
        .iter()
        .map(|r| r["pages_ok"].as_i64().unwrap() + r["pages_unchanged"].as_i64().unwrap())
        .sum();
    assert_eq!(handled, i64::from(pages));
    let _ = std::io::stdout().flush();
}

/// `watch` runs a first crawl at once and stops cleanly on SIGTERM: exit 0,
/// and the run it recorded is finished, not left half-written.
#[test]
fn watch_stops_cleanly_on_sigterm() {
    let site = Site::start();
    site.set(
        "/cfp",
        200,
        cfp_page("WATCHCONF", "Conference on Watching", "May 5, 2026"),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = ["--database-url", "sqlite://kb.db"];
    let url = site.url("/cfp");
    let (ok, out, err) = run(cli(dir.path())
        .args(db)
        .args(["fetch", &url])
        .env("CONFRADAR_CRAWL__RECHECK_AFTER_SECS", "0"));
    assert!(ok, "{out}{err}");

    let child = cli(dir.path())
        .args(db)
        .args(["watch", "--every", "1h"])
        .env("CONFRADAR_FETCH__PER_HOST_DELAY_MS", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first cycle to reach the page, then ask the worker to stop.
    let started = std::time::Instant::now();
    while site.hits("/cfp") < 2 && started.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("watch stopped"), "{stdout}");

    let (ok, out, _) = run(cli(dir.path()).args(db).args(["runs", "--json"]));
    let runs: serde_json::Value = serde_json::from_str(&out).unwrap();
    let crawl = runs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["command"] == "crawl")
        .expect("the crawl run is recorded");
    assert!(
        ok && crawl["status"] == "succeeded" && !crawl["finished_at"].is_null(),
        "{out}"
    );
}

/// A server that answers every request with headers, then one byte a second.
fn dripping_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut request = [0u8; 4096];
                let _ = std::io::Read::read(&mut stream, &mut request);
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n",
                );
                for _ in 0..600 {
                    if stream.write_all(b"<").is_err() {
                        return;
                    }
                    std::thread::sleep(std::time::Duration::from_secs(1));
                }
            });
        }
    });
    format!("http://{addr}/cfp")
}

#[test]
fn a_dripping_page_fails_on_its_limit_and_the_others_are_stored() {
    let site = Site::start();
    site.set(
        "/cfp",
        200,
        cfp_page(
            "KDD",
            "Knowledge Discovery and Data Mining",
            "February 2, 2026",
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let drip = dripping_server();
    let (ok, out, err) = run(cli(dir.path())
        .env("CONFRADAR_FETCH__PER_HOST_DELAY_MS", "0")
        .args([
            "--database-url",
            "sqlite://kb.db",
            "fetch",
            &drip,
            &site.url("/cfp"),
        ]));
    assert!(!ok, "a failed page makes the exit code non-zero");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("failed") && lines[0].contains("min_bytes_per_sec"),
        "{out}{err}"
    );
    assert!(
        out.contains("created") && out.contains("KDD 2026"),
        "{out}{err}"
    );
}

#[test]
fn a_run_killed_mid_flight_is_marked_abandoned_by_the_next_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = ["--database-url", "sqlite://kb.db"];
    let drip = dripping_server();
    // The schema first: two processes must not race to create the SQLite file.
    let (ok, out, err) = run(cli(dir.path()).args(db).args(["migrate", "up"]));
    assert!(ok, "{out}{err}");
    let mut child = cli(dir.path())
        .args(db)
        .args(["fetch", &drip])
        .env("CONFRADAR_CRAWL__LEASE_SECS", "1")
        .env("CONFRADAR_FETCH__MIN_BYTES_PER_SEC", "0")
        .env("CONFRADAR_FETCH__PAGE_TIMEOUT_SECS", "600")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let running = || {
        let (_, out, _) = run(cli(dir.path()).args(db).args(["runs", "--json"]));
        serde_json::from_str::<serde_json::Value>(&out)
            .ok()
            .and_then(|runs| runs.as_array().cloned())
            .is_some_and(|runs| runs.iter().any(|r| r["status"] == "running"))
    };
    let started = std::time::Instant::now();
    while !running() && started.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(running(), "the fetch run is recorded as running");
    let status = std::process::Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let _ = child.wait();
    // Longer than the lease: the dead run's heartbeat has stopped.
    std::thread::sleep(std::time::Duration::from_secs(2));

    std::fs::write(
        dir.path().join("cfp.html"),
        cfp_page(
            "SOSP",
            "Symposium on Operating Systems Principles",
            "April 1, 2026",
        ),
    )
    .unwrap();
    let (ok, out, err) = run(cli(dir.path())
        .args(db)
        .args(["fetch", "cfp.html"])
        .env("CONFRADAR_CRAWL__LEASE_SECS", "1"));
    assert!(ok, "{out}{err}");
    let (_, out, _) = run(cli(dir.path()).args(db).args(["runs", "--json"]));
    let runs: serde_json::Value = serde_json::from_str(&out).unwrap();
    let statuses: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap_or(""))
        .collect();
    assert!(statuses.contains(&"abandoned"), "{out}");
    assert!(statuses.contains(&"succeeded"), "{out}");
    assert!(!statuses.contains(&"running"), "{out}");
}
