//! `status`: the health check's verdict, its JSON and its exit code, on
//! SQLite and on a real PostgreSQL server.

use crate::support::{ServerDb, cli, run};

fn status_json(dir: &std::path::Path, url: &str) -> (bool, serde_json::Value) {
    let (ok, out, err) = run(cli(dir).args(["--database-url", url, "status", "--json"]));
    let report = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (ok, report)
}

#[test]
fn status_says_what_is_wrong_and_fails_until_it_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let url = "sqlite://kb.db";
    let (ok, report) = status_json(dir.path(), url);
    assert!(!ok, "pending migrations are unhealthy: {report}");
    assert_eq!(report["healthy"], false);
    assert!(
        report["problems"][0]
            .as_str()
            .is_some_and(|p| p.contains("migrate up")),
        "{report}"
    );

    let (ok, out, err) = run(cli(dir.path()).args(["--database-url", url, "migrate", "up"]));
    assert!(ok, "{out}{err}");
    let (ok, report) = status_json(dir.path(), url);
    assert!(ok, "{report}");
    assert_eq!(report["healthy"], true);
    assert_eq!(report["queue"]["size"], 0);
    assert_eq!(
        report["pending_migrations"].as_array().map(Vec::len),
        Some(0)
    );

    let (ok, out, _) = run(cli(dir.path()).args(["--database-url", url, "status"]));
    assert!(ok && out.starts_with("healthy"), "{out}");
}

#[test]
fn an_unreachable_database_is_unhealthy_and_its_password_stays_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(cli(dir.path())
        .env("CONFRADAR_DATABASE__CONNECT_TIMEOUT_SECS", "1")
        .args([
            "--database-url",
            "postgres://watcher:hunter2secret@127.0.0.1:1/kb",
            "status",
        ]));
    assert!(!ok);
    assert!(out.starts_with("UNHEALTHY"), "{out}{err}");
    assert!(
        !out.contains("hunter2secret") && !err.contains("hunter2secret"),
        "{out}{err}"
    );
}

#[test]
fn status_on_postgres() {
    let Some(db) = ServerDb::create("CONFRADAR_TEST_POSTGRES_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (ok, report) = status_json(dir.path(), &db.url);
    assert!(!ok && report["reachable"] == true, "{report}");
    let (ok, out, err) = run(cli(dir.path()).args(["--database-url", &db.url, "migrate", "up"]));
    assert!(ok, "{out}{err}");
    let (ok, report) = status_json(dir.path(), &db.url);
    assert!(ok && report["healthy"] == true, "{report}");
}
