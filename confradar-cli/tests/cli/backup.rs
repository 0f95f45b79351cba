//! `dump`, `restore` and `copy` as a user runs them: a round trip keeps
//! `upcoming --include-past --json` and `changes --json` identical on every
//! backend, and bad input fails clearly without printing a password.

use std::process::Output;

use crate::publish_fixture::{Kb, fails, ok};
use crate::support::ServerDb;

/// Runs the binary in the fixture's directory against `url` instead of the fixture's database.
fn on(kb: &Kb, url: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_confradar-cli"))
        .current_dir(kb.dir.path())
        .env("CONFRADAR_CONFIG", kb.path("none.toml"))
        .env_remove("DATABASE_URL")
        .env("TZ", "UTC")
        .arg("--database-url")
        .arg(url)
        .args(args)
        .output()
        .unwrap()
}

/// What readers see, through `--database-url url`.
fn views(kb: &Kb, url: &str) -> (String, String) {
    (
        ok(&on(kb, url, &["upcoming", "--include-past", "--json"])),
        ok(&on(kb, url, &["changes", "--json"])),
    )
}

/// Each server database that is configured (a line says which are skipped).
fn servers() -> Vec<ServerDb> {
    ["CONFRADAR_TEST_POSTGRES_URL", "CONFRADAR_TEST_MYSQL_URL"]
        .into_iter()
        .filter_map(ServerDb::create)
        .collect()
}

#[test]
fn a_dump_restores_to_identical_views_on_every_backend() {
    let kb = Kb::seeded();
    let before = views(&kb, &kb.url);
    assert!(before.1.contains("new_value"), "the fixture has a change");
    for name in ["kb.jsonl", "kb.jsonl.gz", "kb.jsonl.zst"] {
        let out = kb.run(&["dump", "-o", name]);
        ok(&out);
        assert!(String::from_utf8_lossy(&out.stderr).contains("dumped"));
        let restored = format!("sqlite://{}", kb.path(&format!("{name}.db")).display());
        ok(&on(&kb, &restored, &["restore", name]));
        assert_eq!(views(&kb, &restored), before, "{name}");
    }
    for server in servers() {
        ok(&on(&kb, &server.url, &["restore", "kb.jsonl.zst"]));
        assert_eq!(views(&kb, &server.url), before, "{}", server.url);
    }
    // To stdout: plain JSON Lines, header first.
    let text = ok(&kb.run(&["dump"]));
    let header: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(header["format"], "confradar-dump");
    assert_eq!(header["version"], 1);
}

#[test]
fn a_copy_gives_identical_views_and_never_prints_a_password() {
    let kb = Kb::seeded();
    let before = views(&kb, &kb.url);
    let target = format!("sqlite://{}", kb.path("copy.db").display());
    ok(&kb.run(&["copy", "--to", &target]));
    assert_eq!(views(&kb, &target), before);
    for server in servers() {
        let out = kb.run(&["copy", "--to", &server.url]);
        ok(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("copied") && err.contains("deadlines"), "{err}");
        if let Some(password) = url::Url::parse(&server.url).unwrap().password() {
            // CI's role is named as its password (confradar_test): the user
            // name may show, the password in its place may not.
            assert!(!err.contains(&format!(":{password}@")), "{err}");
            assert!(err.contains(":***@"), "{err}");
        }
        assert_eq!(views(&kb, &server.url), before);
        // Once more: the target now holds data and is refused.
        let err = fails(&kb.run(&["copy", "--to", &server.url]));
        assert!(
            err.contains("not empty") && err.contains("migrate fresh --yes"),
            "{err}"
        );
    }
    // An unreachable target: a clear error, the password replaced.
    let err = fails(&kb.run(&[
        "copy",
        "--to",
        "postgres://confradar:hunter2-secret@127.0.0.1:1/confradar",
    ]));
    assert!(!err.contains("hunter2-secret"), "{err}");
    assert!(err.contains("confradar:***@127.0.0.1:1"), "{err}");
}

#[test]
fn bad_dumps_and_targets_fail_clearly() {
    let kb = Kb::seeded();
    ok(&kb.run(&["dump", "-o", "kb.jsonl"]));
    // Into the database it came from: not empty.
    let err = fails(&kb.run(&["restore", "kb.jsonl"]));
    assert!(
        err.contains("not empty") && err.contains("migrate fresh --yes"),
        "{err}"
    );

    let fresh = |name: &str| format!("sqlite://{}", kb.path(name).display());
    let text = std::fs::read_to_string(kb.path("kb.jsonl")).unwrap();
    std::fs::write(
        kb.path("v9.jsonl"),
        text.replacen("\"version\":1", "\"version\":9", 1),
    )
    .unwrap();
    let err = fails(&on(&kb, &fresh("a.db"), &["restore", "v9.jsonl"]));
    assert!(
        err.contains("v9.jsonl, line 1") && err.contains("version 9"),
        "{err}"
    );

    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(kb.path("cut.jsonl"), format!("{}\n", lines[..3].join("\n"))).unwrap();
    let err = fails(&on(&kb, &fresh("b.db"), &["restore", "cut.jsonl"]));
    assert!(
        err.contains("cut.jsonl, line 4") && err.contains("truncated"),
        "{err}"
    );
    assert!(
        ok(&on(
            &kb,
            &fresh("b.db"),
            &["upcoming", "--include-past", "--json"]
        ))
        .trim()
            == "[]",
        "nothing was restored"
    );

    std::fs::write(kb.path("foreign.jsonl"), "{\"hello\": 1}\n").unwrap();
    let err = fails(&on(&kb, &fresh("c.db"), &["restore", "foreign.jsonl"]));
    assert!(err.contains("not a ConfRadar dump"), "{err}");

    let err = fails(&kb.run(&["restore", "missing.jsonl"]));
    assert!(err.contains("missing.jsonl"), "{err}");
    let err = fails(&kb.run(&["dump", "-o", "no/such/dir/kb.jsonl"]));
    assert!(err.contains("no/such/dir/kb.jsonl"), "{err}");
}
