//! `migrate` and database errors, on SQLite, PostgreSQL and MariaDB.

use crate::support::{ServerDb, cli, run};

fn migrate_round_trip(url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(cli(dir.path()).args(["--database-url", url, "migrate", "up"]));
    assert!(ok, "{out}{err}");
    assert!(out.contains("applied 3 migration(s)"), "{out}");
    let (ok, out, _) = run(cli(dir.path()).args(["--database-url", url, "migrate", "status"]));
    assert!(ok && out.contains("3 applied, 0 pending"), "{out}");
    let (ok, out, _) = run(cli(dir.path()).args(["--database-url", url, "migrate", "down"]));
    assert!(
        ok && out.contains("reverted 1 migration(s)") && out.contains("2 still applied"),
        "{out}"
    );
    let (ok, _, err) = run(cli(dir.path()).args(["--database-url", url, "migrate", "fresh"]));
    assert!(
        !ok && err.contains("--yes"),
        "fresh without --yes refuses: {err}"
    );
    let (ok, out, _) =
        run(cli(dir.path()).args(["--database-url", url, "migrate", "fresh", "--yes"]));
    assert!(ok && out.contains("applied 3 migration(s)"), "{out}");
    let (ok, out, _) =
        run(cli(dir.path()).args(["--database-url", url, "migrate", "down", "--all"]));
    assert!(ok && out.contains("0 still applied"), "{out}");
}

#[test]
fn migrate_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("kb.db").display());
    migrate_round_trip(&url);
}

#[test]
fn migrate_on_postgres() {
    if let Some(db) = ServerDb::create("CONFRADAR_TEST_POSTGRES_URL") {
        migrate_round_trip(&db.url);
    }
}

#[test]
fn migrate_on_mysql() {
    if let Some(db) = ServerDb::create("CONFRADAR_TEST_MYSQL_URL") {
        migrate_round_trip(&db.url);
    }
}

#[test]
fn a_server_database_without_schema_says_to_migrate() {
    let Some(db) = ServerDb::create("CONFRADAR_TEST_POSTGRES_URL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(cli(dir.path()).args(["--database-url", &db.url, "runs"]));
    assert!(!ok);
    assert!(
        err.contains("pending migration") && err.contains("confradar-cli migrate up"),
        "{err}"
    );
    assert!(
        !err.contains("no such table") && !err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn the_embedded_database_migrates_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(cli(dir.path()).args(["--database-url", "sqlite://fresh.db", "runs"]));
    assert!(ok, "{out}{err}");
    assert!(dir.path().join("fresh.db").exists());
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(cli(dir.path())
        .args([
            "--database-url",
            "postgres://confradar:hunter2secret@127.0.0.1:1/confradar",
            "runs",
        ])
        .env("CONFRADAR_DATABASE__CONNECT_TIMEOUT_SECS", "1")
        .env("CONFRADAR_DATABASE__ACQUIRE_TIMEOUT_SECS", "1"));
    assert!(!ok);
    assert!(!err.contains("hunter2secret"), "the password leaked: {err}");
    assert!(
        err.contains("postgres://confradar:***@127.0.0.1:1/confradar"),
        "{err}"
    );
    assert!(
        err.contains("docker compose up -d postgres") && err.contains("sqlite://"),
        "{err}"
    );
}

#[test]
fn a_bad_scheme_names_the_allowed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(cli(dir.path()).args(["--database-url", "oracle://x", "runs"]));
    assert!(
        !ok && err.contains("postgres://, sqlite:// or mysql://"),
        "{err}"
    );
}

#[test]
fn settings_come_from_the_config_file_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("confradar.toml"),
        "database_url = \"sqlite://from-file.db\"\n",
    )
    .unwrap();
    let (ok, out, err) = run(cli(dir.path()).args(["migrate", "status"]));
    assert!(ok && out.contains("sqlite://from-file.db"), "{out}{err}");
    let (ok, out, _) = run(cli(dir.path())
        .args(["migrate", "status"])
        .env("DATABASE_URL", "sqlite://from-env.db"));
    assert!(ok && out.contains("sqlite://from-env.db"), "{out}");
    let (ok, out, _) = run(cli(dir.path())
        .args([
            "--database-url",
            "sqlite://from-flag.db",
            "migrate",
            "status",
        ])
        .env("DATABASE_URL", "sqlite://from-env.db"));
    assert!(ok && out.contains("sqlite://from-flag.db"), "{out}");
}
