//! Every command with bad input: a clear error and exit code 1 (2 for a flag clap
//! refuses), never a panic, and never a database password in the output.

use std::path::Path;

use crate::support::{Ran, cli, run};

fn in_dir(dir: &Path, args: &[&str]) -> Ran {
    run(cli(dir).args(args).env("CONFRADAR_FETCH__MAX_RETRIES", "0"))
}

/// Exit 1 with an error that names `what`.
fn fails_naming(ran: &Ran, what: &str) {
    ran.assert_exit(1);
    assert!(
        ran.err.contains("error") && ran.err.contains(what),
        "{}",
        ran.both()
    );
}

#[test]
fn malformed_urls_are_named_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "http://",
        "http://[::1",
        "ftp://example.org/cfp",
        "http://exa mple.org/",
    ] {
        let ran = in_dir(dir.path(), &["extract", url]);
        ran.assert_exit(1);
        assert!(ran.err.contains("error"), "{}", ran.both());
    }
    // In `fetch`, a bad address fails alone; the good file next to it is stored.
    std::fs::write(
        dir.path().join("good.html"),
        "<html><head><title>GOOD 2027</title></head><body><h1>GOOD 2027</h1>\
         <p>Paper submission: March 3, 2027 (AoE)</p></body></html>",
    )
    .unwrap();
    let ran = in_dir(
        dir.path(),
        &[
            "--database-url",
            "sqlite://kb.db",
            "fetch",
            "http://[::1",
            "good.html",
        ],
    );
    ran.assert_exit(1);
    assert!(
        ran.out.contains("http://[::1") && ran.out.contains("good2027"),
        "{}",
        ran.both()
    );
}

#[test]
fn unreadable_and_non_utf8_files_are_named_or_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = ["--database-url", "sqlite://kb.db"];
    fails_naming(
        &in_dir(dir.path(), &["extract", "missing.html"]),
        "missing.html",
    );
    std::fs::create_dir(dir.path().join("a-directory")).unwrap();
    fails_naming(
        &in_dir(dir.path(), &["extract", "a-directory"]),
        "a-directory",
    );
    let import = |file: &str, format: &str| {
        let mut args = db.to_vec();
        args.extend(["import", file, "--format", format]);
        in_dir(dir.path(), &args)
    };
    fails_naming(&import("missing.jsonl", "jsonl"), "missing.jsonl");

    // Windows-1252 bytes in a page: read (lossily), not refused.
    let mut latin = b"<html><body><h1>Z".to_vec();
    latin.push(0xFC);
    latin.extend_from_slice(b"RICH 2027</h1><p>Paper submission: March 3, 2027</p></body></html>");
    std::fs::write(dir.path().join("latin.html"), &latin).unwrap();
    in_dir(dir.path(), &["extract", "latin.html"]).assert_exit(0);

    // Bytes that are no text at all, in every import layout: an error or skipped lines,
    // never a panic.
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 131 % 251) as u8).collect();
    std::fs::write(dir.path().join("binary.bin"), &binary).unwrap();
    for format in ["jsonl", "ai-deadlines", "ccf"] {
        let ran = import("binary.bin", format);
        ran.assert_no_panic();
        assert!(ran.err.contains("binary.bin"), "{format}: {}", ran.both());
    }
}

#[test]
fn wrong_formats_name_the_allowed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = ["--database-url", "sqlite://kb.db"];
    std::fs::write(dir.path().join("items.jsonl"), "").unwrap();
    std::fs::write(dir.path().join("broken.toml"), "[fetch\nconcurrency = ").unwrap();
    std::fs::write(
        dir.path().join("latin1.toml"),
        b"[fetch]\nuser_agent = \"Z\xfcrich\"\n",
    )
    .unwrap();
    let cases: [(&[&str], &str); 12] = [
        (&["export", "--format", "xml"], "xml"),
        (&["export", "--format", "csv", "-o", "."], "."),
        (&["import", "items.jsonl", "--format", "xml"], "xml"),
        (&["extract", "items.jsonl", "--format", "pdf"], "pdf"),
        (&["upcoming", "--from", "next blue moon"], "next blue moon"),
        (
            &["upcoming", "--tz", "Mars/Olympus_Mons"],
            "Mars/Olympus_Mons",
        ),
        (
            &["changes", "--since", "the dawn of time"],
            "the dawn of time",
        ),
        (&["watch", "--every", "often"], "often"),
        (&["serve", "--bind", "nowhere"], "nowhere"),
        (&["migrate", "down", "--steps", "many"], "many"),
        (&["--config", "broken.toml", "upcoming"], "broken.toml"),
        (&["--config", "latin1.toml", "upcoming"], "latin1.toml"),
    ];
    for (args, named) in cases {
        let mut all = db.to_vec();
        all.extend_from_slice(args);
        let ran = in_dir(dir.path(), &all);
        ran.assert_no_panic();
        assert!(matches!(ran.code, Some(1 | 2)), "{args:?}: {}", ran.both());
        assert!(ran.err.contains(named), "{args:?}: {}", ran.both());
    }
    let ran = in_dir(dir.path(), &["--database-url", "oracle://x/y", "upcoming"]);
    fails_naming(&ran, "oracle");
}

/// Every command that opens a database, with a password in its URL that must never be
/// printed, whether the server is unreachable or the URL itself is malformed.
#[test]
fn a_database_password_never_appears_in_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("items.jsonl"), "").unwrap();
    std::fs::write(dir.path().join("page.html"), "<h1>X 2027</h1>").unwrap();
    let urls = [
        "postgres://user:s3cretpw@127.0.0.1:1/db",
        "mysql://user:s3cretpw@127.0.0.1:1/db",
        "postgres://user:s3cretpw@127.0.0.1:notaport/db",
        "postgres://user:s3cretpw@[::1/db",
        "postgres://user:s3cretpw@/db?sslmode=bogus",
    ];
    // One command per way of opening the database (bare connection, schema check, the
    // pipeline, the publishers); the others share these code paths.
    let commands: [&[&str]; 6] = [
        &["migrate", "status"],
        &["fetch", "page.html"],
        &["import", "items.jsonl", "--format", "jsonl"],
        &["crawl"],
        &["runs", "--json"],
        &["export", "--format", "ics"],
    ];
    for url in urls {
        for command in commands {
            // By flag with the most verbose logs, and by environment.
            let mut by_flag = cli(dir.path());
            by_flag.args(["--database-url", url, "-vv"]).args(command);
            let mut by_env = cli(dir.path());
            by_env.env("DATABASE_URL", url).args(command);
            for mut how in [by_flag, by_env] {
                {
                    how.env("CONFRADAR_DATABASE__CONNECT_TIMEOUT_SECS", "1")
                        .env("CONFRADAR_DATABASE__ACQUIRE_TIMEOUT_SECS", "1");
                    let ran = run(&mut how);
                    ran.assert_exit(1);
                    assert!(
                        !ran.out.contains("s3cretpw") && !ran.err.contains("s3cretpw"),
                        "{url} {command:?}: {}",
                        ran.both()
                    );
                }
            }
        }
    }
}
