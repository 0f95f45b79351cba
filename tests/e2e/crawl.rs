//! `crawl` over 50 queued pages, 10 of them hostile, against a real PostgreSQL database:
//! it ends within a bound, stores every good page, records every failure with its reason,
//! and never panics.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::hostile::{Behaviour, HostileServer};
use crate::support::{Postgres, Ran, cli, run};

/// Generous: the limits below make every hostile page fail within a few seconds; this only
/// catches a crawl that hangs.
const CRAWL_BOUND: Duration = Duration::from_secs(60);

/// Small limits so that hostile pages fail fast (the defaults are minutes in total).
const FAST_LIMITS: [(&str, &str); 11] = [
    ("CONFRADAR_FETCH__CONNECT_TIMEOUT_SECS", "2"),
    ("CONFRADAR_FETCH__READ_TIMEOUT_SECS", "2"),
    ("CONFRADAR_FETCH__PAGE_TIMEOUT_SECS", "3"),
    ("CONFRADAR_FETCH__MAX_RETRIES", "1"),
    ("CONFRADAR_FETCH__RETRY_BASE_DELAY_MS", "50"),
    ("CONFRADAR_FETCH__PER_HOST_DELAY_MS", "0"),
    ("CONFRADAR_FETCH__MAX_BODY_BYTES", "1048576"),
    ("CONFRADAR_FETCH__MAX_REDIRECTS", "5"),
    ("CONFRADAR_FETCH__CONCURRENCY", "16"),
    ("CONFRADAR_CRAWL__BATCH_SIZE", "16"),
    ("CONFRADAR_LOG", "warn"),
];

fn page(acronym: &str, submission: &str) -> String {
    format!(
        "<html><head><title>{acronym} 2027</title></head><body><h1>{acronym} 2027: \
         International Conference on {acronym}</h1><h2>Important Dates</h2><ul>\
         <li>Paper submission: {submission}</li><li>Notification: June 30, 2027</li></ul>\
         <p>All deadlines are 23:59 AoE.</p></body></html>"
    )
}

/// A hostile page: its URL and a piece of the reason its failure must be recorded with.
struct Hostile {
    url: String,
    reasons: &'static [&'static str],
}

/// Each hostile page on a server of its own (its own host for politeness).
fn hostile_pages(servers: &mut Vec<HostileServer>) -> Vec<Hostile> {
    let mut add = |path: &str, behaviour: Behaviour, reasons: &'static [&'static str]| {
        let server = HostileServer::start();
        let url = server.set(path, behaviour);
        servers.push(server);
        Hostile { url, reasons }
    };
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut pages = vec![
        add(
            "/drip",
            Behaviour::Drip {
                body: page("DRIP", "May 1, 2027").into_bytes(),
                every: Duration::from_millis(100),
            },
            &["page_timeout_secs", "min_bytes_per_sec"],
        ),
        add(
            "/hang",
            Behaviour::HangBeforeHeaders,
            &["timed out", "page_timeout_secs"],
        ),
        add(
            "/lying",
            Behaviour::LyingLength {
                promised: 100_000,
                body: page("LIAR", "May 1, 2027").into_bytes(),
            },
            &["closed the connection after"],
        ),
        add(
            "/bomb",
            Behaviour::gzip_bomb(64 * 1024 * 1024),
            &["larger than the 1048576-byte limit"],
        ),
        add(
            "/binary",
            Behaviour::with_type(200, "application/octet-stream", garbage.clone()),
            &["unsupported content type"],
        ),
        add(
            "/garbage",
            Behaviour::with_type(200, "text/html", garbage),
            &["no conference", "not a call for papers", "nothing"],
        ),
        add(
            "/gone",
            Behaviour::with_type(404, "text/html", b"<h1>gone</h1>".to_vec()),
            &["HTTP 404"],
        ),
        add(
            "/broken",
            Behaviour::with_type(500, "text/html", b"<h1>oops</h1>".to_vec()),
            &["HTTP 500"],
        ),
    ];
    // A redirect loop between two paths of one server.
    let looping = HostileServer::start();
    looping.set("/loop-b", Behaviour::redirect("/loop-a"));
    let url = looping.set("/loop-a", Behaviour::redirect("/loop-b"));
    servers.push(looping);
    pages.push(Hostile {
        url,
        reasons: &["redirected more than 5 times"],
    });
    // A site whose robots.txt disallows everything, with a fine page behind it.
    let private = HostileServer::start();
    private.set(
        "/robots.txt",
        Behaviour::with_type(200, "text/plain", b"User-agent: *\nDisallow: /\n".to_vec()),
    );
    let url = private.set("/cfp", Behaviour::html(page("PRIVATE", "May 1, 2027")));
    servers.push(private);
    pages.push(Hostile {
        url,
        reasons: &["disallows"],
    });
    pages
}

/// Waits for `child` at most `bound`; a child still running then is killed and the test fails.
fn wait_bounded(mut child: Child, bound: Duration) -> Ran {
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            let output = child.wait_with_output().unwrap();
            return Ran {
                code: output.status.code(),
                out: String::from_utf8_lossy(&output.stdout).into_owned(),
                err: String::from_utf8_lossy(&output.stderr).into_owned(),
            };
        }
        if started.elapsed() > bound {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "crawl still running after {bound:?}: a hostile page hangs it\n{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn json(ran: &Ran) -> serde_json::Value {
    ran.assert_exit(0);
    serde_json::from_str(&ran.out).unwrap_or_else(|e| panic!("{e}: {}", ran.both()))
}

#[test]
fn a_crawl_with_ten_hostile_pages_in_fifty_ends_stores_the_good_ones_and_names_each_failure() {
    let Some(db) = Postgres::create() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db_args = ["--database-url", db.url.as_str()];
    let with_db = |args: &[&str]| -> Command {
        let mut command = cli(dir.path());
        command.args(db_args).args(args);
        command
    };

    let good_site = HostileServer::start();
    let mut good: Vec<(String, String)> = (0..39)
        .map(|i| {
            let acronym = format!("GOOD{i}");
            let url = good_site.set(
                &format!("/cfp{i}"),
                Behaviour::html(page(&acronym, "March 3, 2027")),
            );
            (url, acronym)
        })
        .collect();
    // Declares UTF-8 but is Windows-1252 ("Zürich" with a lone 0xFC): readable all the same.
    let mut latin = page("CHARSET", "March 3, 2027").replace("Important", "Z\u{fc}rich Important");
    latin = latin.replace('\u{fc}', "\u{1}");
    let latin_bytes: Vec<u8> = latin
        .bytes()
        .map(|b| if b == 1 { 0xFC } else { b })
        .collect();
    let url = good_site.set(
        "/charset",
        Behaviour::with_type(200, "text/html; charset=utf-8", latin_bytes),
    );
    good.push((url, "CHARSET".into()));

    let mut servers = Vec::new();
    let hostile = hostile_pages(&mut servers);
    assert_eq!((good.len(), hostile.len()), (40, 10));

    let mut items = String::new();
    let all_urls = good
        .iter()
        .map(|(u, _)| u.as_str())
        .chain(hostile.iter().map(|h| h.url.as_str()));
    for (i, url) in all_urls.enumerate() {
        items.push_str(&format!(
            "{{\"key\":\"queued{i}-2027\",\"name\":\"QUEUED{i} 2027\",\"year\":2027,\"url\":\"{url}\",\"deadlines\":[]}}\n"
        ));
    }
    std::fs::write(dir.path().join("items.jsonl"), items).unwrap();
    run(&mut with_db(&["migrate", "up"])).assert_exit(0);
    run(&mut with_db(&[
        "import",
        "items.jsonl",
        "--format",
        "jsonl",
    ]))
    .assert_exit(0);

    let mut crawl = with_db(&["crawl"]);
    crawl
        .envs(FAST_LIMITS)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let ran = wait_bounded(crawl.spawn().unwrap(), CRAWL_BOUND);
    // Exit 1: the crawl ran to its end and some pages failed (documented in `crawl --help`).
    ran.assert_exit(1);
    assert!(
        ran.out.contains("40 stored, 0 unchanged, 10 failed"),
        "{}",
        ran.both()
    );

    let queued = json(&run(&mut with_db(&["sources", "--json"])));
    let entry = |url: &str| -> serde_json::Value {
        queued
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["url"] == url)
            .unwrap_or_else(|| panic!("{url} is tracked: {queued:#}"))
            .clone()
    };
    for (url, acronym) in &good {
        let e = entry(url);
        assert!(
            e["last_error"].is_null() && e["failure_count"] == 0,
            "{acronym}: {e:#}"
        );
    }
    for page in &hostile {
        let e = entry(&page.url);
        let reason = e["last_error"].as_str().unwrap_or_default();
        assert!(
            e["failure_count"].as_i64() >= Some(1)
                && page.reasons.iter().any(|r| reason.contains(r)),
            "{} must fail with one of {:?}: {e:#}",
            page.url,
            page.reasons
        );
        assert!(
            !reason.contains("  "),
            "the reason reads as one sentence: {reason}"
        );
    }

    let robots_server = servers.last().unwrap();
    assert_eq!(
        robots_server.hits("/cfp"),
        0,
        "a disallowed page is never requested"
    );

    let runs = json(&run(&mut with_db(&["runs", "--json"])));
    let crawl_run = runs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["command"] == "crawl")
        .unwrap_or_else(|| panic!("the crawl run is recorded: {runs:#}"));
    assert_eq!(
        (&crawl_run["pages_ok"], &crawl_run["pages_failed"]),
        (&serde_json::json!(40), &serde_json::json!(10)),
        "{crawl_run:#}"
    );

    // Every good page's dates are in the knowledge base.
    let export = run(&mut with_db(&["export", "--format", "json"]));
    export.assert_exit(0);
    for (_, acronym) in &good {
        assert!(
            export.out.contains(&format!("{acronym} 2027")),
            "{acronym} stored: {}",
            export.both()
        );
    }
}
