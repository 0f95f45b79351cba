//! `deliveries`: the change notifications recorded, as a table and as JSON,
//! newest first, filtered, and never with a webhook's secret, on SQLite and
//! on the PostgreSQL and MariaDB servers when they are configured.

use chrono::{TimeZone, Utc};
use confradar_core::entity::notify_deliveries;
use confradar_core::entity::time::db_time;
use sea_orm::{ActiveModelTrait, Database, Set};

use crate::support::{ServerDb, cli, run};

/// Secrets the seeded rows hold in the clear (as a row from an older
/// version or a hand-edited restore might); none may ever be printed.
const SECRETS: [&str; 3] = ["slacksecret", "pwsecret", "tokensecret"];

/// Migrates `url` and records three deliveries: a delivered one, a failed
/// Slack one and, newest, a failed one with a password and a token.
fn seeded(dir: &std::path::Path, url: &str) {
    let (ok, out, err) = run(cli(dir).args(["--database-url", url, "migrate", "up"]));
    assert!(ok, "{out}{err}");
    let rows = [
        (1, "https://example.org/hook", "delivered", None, 30),
        (
            2,
            "https://hooks.slack.com/services/T000/B000/slacksecret",
            "failed",
            Some("HTTP 404 (https://hooks.slack.com/services/T000/B000/slacksecret)"),
            20,
        ),
        (
            3,
            "https://user:pwsecret@example.org/hook?token=tokensecret",
            "failed",
            Some("cannot connect: Connection refused"),
            10,
        ),
    ];
    // A relative SQLite URL names a file in the test's directory.
    let url = url.replace("sqlite://", &format!("sqlite://{}/", dir.display()));
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let db = Database::connect(url.as_str()).await.unwrap();
            for (run_id, hook, status, error, minutes_ago) in rows {
                let at = Utc.with_ymd_and_hms(2031, 5, 1, 12, 0, 0).unwrap()
                    - chrono::Duration::minutes(minutes_ago);
                notify_deliveries::ActiveModel {
                    run_id: Set(Some(run_id)),
                    url: Set(hook.into()),
                    status: Set(status.into()),
                    attempts: Set(if status == "failed" { 4 } else { 1 }),
                    http_status: Set((status == "delivered").then_some(200)),
                    changes: Set(2),
                    error: Set(error.map(str::to_string)),
                    created_at: Set(db_time(at)),
                    delivered_at: Set((status == "delivered").then_some(db_time(at))),
                    ..Default::default()
                }
                .insert(&db)
                .await
                .unwrap();
            }
            db.close().await.unwrap();
        });
}

fn deliveries(dir: &std::path::Path, url: &str, flags: &[&str]) -> String {
    let (ok, out, err) = run(cli(dir)
        .args(["--database-url", url, "deliveries"])
        .args(flags));
    assert!(ok, "{out}{err}");
    for secret in SECRETS {
        assert!(
            !out.contains(secret) && !err.contains(secret),
            "{secret} printed: {out}{err}"
        );
    }
    out
}

/// The whole story on one database.
fn deliveries_story(dir: &std::path::Path, url: &str) {
    let (ok, out, err) = run(cli(dir).args(["--database-url", url, "migrate", "up"]));
    assert!(ok, "{out}{err}");
    assert!(
        deliveries(dir, url, &[]).starts_with("no change notifications recorded"),
        "nothing sent yet"
    );
    assert_eq!(deliveries(dir, url, &["--json"]).trim(), "[]");
    seeded(dir, url);
    let json: serde_json::Value = serde_json::from_str(&deliveries(dir, url, &["--json"])).unwrap();
    let all = json.as_array().unwrap();
    assert_eq!(all.len(), 3, "{json}");
    assert_eq!(
        all.iter().map(|d| d["run_id"].as_i64()).collect::<Vec<_>>(),
        vec![Some(3), Some(2), Some(1)],
        "newest first: {json}"
    );
    assert_eq!(all[0]["url"], "https://user:***@example.org/hook");
    assert_eq!(all[0]["status"], "failed");
    assert_eq!(all[0]["attempts"], 4);
    assert_eq!(all[0]["http_status"], serde_json::Value::Null);
    assert_eq!(all[1]["url"], "https://hooks.slack.com/...");
    assert_eq!(all[1]["error"], "HTTP 404 (https://hooks.slack.com/...)");
    assert_eq!(all[2]["status"], "delivered");
    assert_eq!(all[2]["http_status"], 200);
    assert_eq!(all[2]["changes"], 2);
    assert_eq!(all[2]["created_at"], "2031-05-01T11:30:00Z");
    assert_eq!(all[2]["delivered_at"], "2031-05-01T11:30:00Z");
    // Every documented field, and no other.
    let mut fields: Vec<&str> = all[2]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "attempts",
            "changes",
            "created_at",
            "delivered_at",
            "error",
            "http_status",
            "id",
            "run_id",
            "status",
            "url"
        ]
    );

    let failed: serde_json::Value = serde_json::from_str(&deliveries(
        dir,
        url,
        &["--failed", "--limit", "1", "--json"],
    ))
    .unwrap();
    assert_eq!(failed.as_array().map(Vec::len), Some(1), "{failed}");
    assert_eq!(failed[0]["run_id"], 3);

    let table = deliveries(dir, url, &["--failed"]);
    assert!(
        table.contains("https://hooks.slack.com/...")
            && table.contains("https://user:***@example.org/hook")
            && !table.contains("delivered")
            && table.contains("2 failed delivery(ies)"),
        "{table}"
    );
}

#[test]
fn deliveries_lists_newest_first_and_never_prints_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    deliveries_story(dir.path(), "sqlite://kb.db");
    let table = deliveries(dir.path(), "sqlite://kb.db", &[]);
    assert!(table.contains("3 delivery(ies)"), "{table}");
}

#[test]
fn deliveries_on_postgres_and_mariadb() {
    for var in ["CONFRADAR_TEST_POSTGRES_URL", "CONFRADAR_TEST_MYSQL_URL"] {
        let Some(db) = ServerDb::create(var) else {
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        deliveries_story(dir.path(), &db.url);
    }
}
