//! Backup on every backend: a dump restores to the same views, a copy gives
//! the same views, a target with data is refused, and damaged dumps are
//! refused naming the line, leaving the target as it was. The knowledge
//! base holds a deadline in 2099, which MySQL/MariaDB keep too
//! (docs/architecture.md, "Times after 2038 on MySQL/MariaDB").

use std::io::{BufReader, Cursor, Write};

use chrono::{Datelike, NaiveDate, NaiveTime};
use confradar_core::backup::{self, BackupError, DumpFile, Progress, Table};
use confradar_core::entity::{conferences, fetch_runs, series};
use confradar_core::pipeline::seed::load_seed;
use confradar_core::repository::{
    ConferenceKind, DeadlineQuery, Observation, ObservedDeadline, ObservedSource, RunStatus,
    RunTally,
};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository, publish};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use crate::support::{self, TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    a_dump_restores_to_the_same_views,
    a_copy_from_sqlite_gives_the_same_views,
    a_target_with_data_is_refused,
    a_sqlite_dump_restores_into_every_backend,
);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn conference(
    acronym: &str,
    due: NaiveDate,
    kind: ConferenceKind,
    parent: Option<&str>,
) -> Observation {
    Observation {
        name: format!("{acronym} conference"),
        acronym: Some(acronym.into()),
        year: Some(due.year()),
        kind,
        parent_hint: parent.map(str::to_string),
        source: Some(ObservedSource {
            url: format!("https://{}.example/cfp", acronym.to_lowercase()),
            content_hash: Some(format!("{due}")),
            status: Some(200),
            ..Default::default()
        }),
        deadlines: vec![ObservedDeadline {
            kind: DeadlineKind::Submission,
            track: None,
            due_date: due,
            end_date: None,
            time: Some(NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
            timezone: Some("AoE".into()),
            label: Some("Paper submission".into()),
            replaces: None,
        }],
        ..Default::default()
    }
}

/// A knowledge base with something in every table: seeded series (aliases,
/// queue), editions, a workshop, an extension (a change), a run, and a
/// conference whose parent has a higher id (a forward reference), and a
/// deadline after 2038.
async fn fill(db: &DatabaseConnection) {
    let repo = SeaOrmRepository::new(db.clone());
    load_seed(&repo).await.unwrap();
    repo.store_observation(&conference(
        "FARC",
        date(2099, 5, 8),
        ConferenceKind::Conference,
        None,
    ))
    .await
    .unwrap();
    repo.store_observation(&conference(
        "FOOC",
        date(2037, 3, 1),
        ConferenceKind::Conference,
        None,
    ))
    .await
    .unwrap();
    repo.store_observation(&conference(
        "FOOC",
        date(2037, 3, 8),
        ConferenceKind::Conference,
        None,
    ))
    .await
    .unwrap();
    repo.store_observation(&conference(
        "BARW",
        date(2037, 4, 1),
        ConferenceKind::Workshop,
        Some("FOOC 2037"),
    ))
    .await
    .unwrap();
    let early = repo
        .store_observation(&conference(
            "EARLY",
            date(2037, 5, 1),
            ConferenceKind::Workshop,
            None,
        ))
        .await
        .unwrap();
    let late = repo
        .store_observation(&conference(
            "LATE",
            date(2037, 6, 1),
            ConferenceKind::Conference,
            None,
        ))
        .await
        .unwrap();
    let late_id = repo
        .conference_by_key(&late.conference_key)
        .await
        .unwrap()
        .unwrap()
        .id;
    conferences::Entity::update_many()
        .col_expr(conferences::Column::ParentId, Expr::value(late_id))
        .filter(conferences::Column::Key.eq(early.conference_key.as_str()))
        .exec(db)
        .await
        .unwrap();
    let run = repo.start_run("fetch", "test-worker").await.unwrap();
    repo.finish_run(run, RunStatus::Succeeded, &RunTally::default())
        .await
        .unwrap();
}

/// What readers see: upcoming (past included) and changes, as `--json` prints them.
async fn views(db: &DatabaseConnection) -> (String, String, u64) {
    let repo = SeaOrmRepository::new(db.clone());
    let upcoming = repo
        .upcoming_deadlines(&DeadlineQuery::default())
        .await
        .unwrap();
    let far = repo.conference_detail("farc2099").await.unwrap().unwrap();
    assert_eq!(
        far.deadlines[0].due_at.to_rfc3339(),
        "2099-05-09T11:59:00+00:00",
        "the deadline after 2038"
    );
    let changes = repo.changes_since(None).await.unwrap();
    assert!(
        !upcoming.is_empty() && !changes.is_empty(),
        "the fill made deadlines and changes"
    );
    let runs = fetch_runs::Entity::find().count(db).await.unwrap();
    (
        publish::json::deadlines(&upcoming).unwrap(),
        publish::json::changes(&changes).unwrap(),
        runs,
    )
}

fn quiet() -> impl FnMut(Progress) + Send {
    |_| {}
}

async fn dump_to_vec(db: &DatabaseConnection) -> Vec<u8> {
    let mut out = Vec::new();
    backup::dump(db, &mut out, &mut quiet()).await.unwrap();
    out
}

async fn a_dump_restores_to_the_same_views(test: TestDb) {
    fill(&test.db).await;
    let dump = dump_to_vec(&test.db).await;
    // Into a blank database (no schema) of the same backend.
    let target = support::empty(test.backend).await.unwrap();
    let summary = backup::restore(
        &target.db,
        &target.url,
        &mut Cursor::new(&dump),
        "dump.jsonl",
        &mut quiet(),
    )
    .await
    .unwrap();
    assert!(
        summary
            .tables
            .iter()
            .any(|(t, n)| *t == Table::CrawlQueue && *n > 0)
    );
    assert_eq!(views(&target.db).await, views(&test.db).await);
    // A second dump of the restored database holds the same rows.
    let again = dump_to_vec(&target.db).await;
    assert_eq!(rows_of(&again), rows_of(&dump));
    // New rows get fresh ids (PostgreSQL's sequences were moved past the restored ids).
    let repo = SeaOrmRepository::new(target.db.clone());
    repo.store_observation(&conference(
        "NEWC",
        date(2037, 7, 1),
        ConferenceKind::Conference,
        None,
    ))
    .await
    .unwrap();
    repo.start_run("crawl", "after-restore").await.unwrap();
}

/// The row lines of a dump (the header's time differs between two dumps).
fn rows_of(dump: &[u8]) -> Vec<String> {
    let text = String::from_utf8(dump.to_vec()).unwrap();
    text.lines().skip(1).map(str::to_string).collect()
}

async fn a_copy_from_sqlite_gives_the_same_views(test: TestDb) {
    let source = support::migrated(support::Backend::Sqlite).await.unwrap();
    fill(&source.db).await;
    // The test's database is migrated and empty: a copy fills it.
    let mut seen = Vec::new();
    let mut progress = |p: Progress| seen.push((p.table, p.done, p.total));
    let summary = backup::copy(&source.db, &test.db, &test.url, &mut progress)
        .await
        .unwrap();
    assert_eq!(views(&test.db).await, views(&source.db).await);
    assert!(summary.rows > 50);
    let series_total = series::Entity::find().count(&source.db).await.unwrap();
    assert!(seen.contains(&(Table::Series, series_total, Some(series_total))));
    // And back: from the test's backend into a blank SQLite database.
    let back = support::empty(support::Backend::Sqlite).await.unwrap();
    backup::copy(&test.db, &back.db, &back.url, &mut quiet())
        .await
        .unwrap();
    assert_eq!(views(&back.db).await, views(&source.db).await);
}

async fn a_target_with_data_is_refused(test: TestDb) {
    fill(&test.db).await;
    let dump = dump_to_vec(&test.db).await;
    let before = views(&test.db).await;
    let err = backup::restore(
        &test.db,
        &test.url,
        &mut Cursor::new(&dump),
        "d",
        &mut quiet(),
    )
    .await
    .unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(
            err,
            BackupError::NotEmpty {
                table: "series",
                ..
            }
        ),
        "{message}"
    );
    assert!(message.contains("migrate fresh --yes"), "{message}");
    let source = support::migrated(support::Backend::Sqlite).await.unwrap();
    fill(&source.db).await;
    let err = backup::copy(&source.db, &test.db, &test.url, &mut quiet())
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::NotEmpty { .. }), "{err}");
    assert_eq!(views(&test.db).await, before, "nothing changed");
}

/// A dump from SQLite, its deadline in 2099 included, restores into a blank
/// database of each backend (MariaDB's `DATETIME(6)` columns hold it).
/// Dumps write times in UTC (`…Z`), as before the entities' change of type.
async fn a_sqlite_dump_restores_into_every_backend(test: TestDb) {
    let source = support::migrated(support::Backend::Sqlite).await.unwrap();
    fill(&source.db).await;
    let dump = String::from_utf8(dump_to_vec(&source.db).await).unwrap();
    assert!(dump.contains(r#""due_at":"2099-05-09T11:59:00Z""#));
    let target = support::empty(test.backend).await.unwrap();
    backup::restore(
        &target.db,
        &target.url,
        &mut Cursor::new(dump.as_bytes()),
        "dump.jsonl",
        &mut quiet(),
    )
    .await
    .unwrap();
    // Not the dump's rows: SQLite keeps nanoseconds, the others microseconds.
    assert_eq!(views(&target.db).await, views(&source.db).await);
}

/// A dump of a small knowledge base (SQLite), as text.
async fn small_dump() -> String {
    let source = support::migrated(support::Backend::Sqlite).await.unwrap();
    fill(&source.db).await;
    String::from_utf8(dump_to_vec(&source.db).await).unwrap()
}

/// Restores `text` into a blank SQLite database: the error, and how many series it holds after.
async fn restore_text(text: &[u8]) -> (BackupError, u64) {
    let target = support::empty(support::Backend::Sqlite).await.unwrap();
    let err = backup::restore(
        &target.db,
        &target.url,
        &mut Cursor::new(text),
        "bad.jsonl",
        &mut quiet(),
    )
    .await
    .unwrap_err();
    let left = series::Entity::find().count(&target.db).await.unwrap_or(0);
    (err, left)
}

fn line_of(err: &BackupError) -> u64 {
    match err {
        BackupError::BadLine { line, .. } => *line,
        other => panic!("expected an error naming a line, got: {other}"),
    }
}

#[tokio::test]
async fn damaged_dumps_are_refused_naming_the_line_and_restore_nothing() {
    let dump = small_dump().await;
    let lines: Vec<&str> = dump.lines().collect();

    // Another format version.
    let other = dump.replacen("\"version\":1", "\"version\":2", 1);
    let (err, left) = restore_text(other.as_bytes()).await;
    assert_eq!(line_of(&err), 1);
    assert!(err.to_string().contains("format version 2"), "{err}");
    assert_eq!(left, 0);

    // Cut at a line boundary: no end line.
    let cut = format!("{}\n", lines[..lines.len() / 2].join("\n"));
    let (err, left) = restore_text(cut.as_bytes()).await;
    assert!(err.to_string().contains("truncated"), "{err}");
    assert_eq!(line_of(&err), lines.len() as u64 / 2 + 1);
    assert_eq!(left, 0, "all or nothing");

    // Cut inside a line.
    let (err, left) = restore_text(&dump.as_bytes()[..dump.len() / 2]).await;
    assert!(err.to_string().contains("truncated"), "{err}");
    assert!(line_of(&err) > 1);
    assert_eq!(left, 0);

    // Not a dump at all.
    let (err, _) = restore_text(b"id,name\n1,foo\n").await;
    assert_eq!(line_of(&err), 1);
    assert!(err.to_string().contains("not a ConfRadar dump"), "{err}");
    let (err, _) = restore_text(b"").await;
    assert!(err.to_string().contains("empty"), "{err}");

    // A row that does not fit its table, late in the file.
    let mut bad: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    let at = bad.len() - 2;
    bad[at] = r#"{"table":"fetch_runs","row":{"id":"x"}}"#.to_string();
    let (err, left) = restore_text(format!("{}\n", bad.join("\n")).as_bytes()).await;
    assert_eq!(line_of(&err), at as u64 + 1);
    assert!(err.to_string().contains("fetch_runs"), "{err}");
    assert_eq!(left, 0, "rows before the bad line were rolled back");

    // A table this build does not know.
    bad[at] = r#"{"table":"spaceships","row":{"id":1}}"#.to_string();
    let (err, _) = restore_text(format!("{}\n", bad.join("\n")).as_bytes()).await;
    assert!(
        err.to_string().contains("unknown table 'spaceships'"),
        "{err}"
    );
}

#[tokio::test]
async fn compressed_dumps_round_trip_and_a_truncated_one_is_refused() {
    let dump = small_dump().await;
    let dir = tempfile::tempdir().unwrap();
    for name in ["d.jsonl.gz", "d.jsonl.zst", "d.jsonl"] {
        let path = dir.path().join(name);
        let mut file = DumpFile::create(&path).unwrap();
        file.write_all(dump.as_bytes()).unwrap();
        file.finish().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        if name != "d.jsonl" {
            assert!(bytes.len() < dump.len() / 3, "{name} is compressed");
        }
        let target = support::empty(support::Backend::Sqlite).await.unwrap();
        let mut input = backup::file::open(&path).unwrap();
        backup::restore(&target.db, &target.url, &mut input, name, &mut quiet())
            .await
            .unwrap();
        let series = series::Entity::find().count(&target.db).await.unwrap();
        assert!(series > 0);

        // The same file cut in half.
        let cut = dir.path().join(format!("cut-{name}"));
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let target = support::empty(support::Backend::Sqlite).await.unwrap();
        let mut input = BufReader::new(backup::file::open(&cut).unwrap());
        let err = backup::restore(&target.db, &target.url, &mut input, name, &mut quiet())
            .await
            .unwrap_err();
        assert!(line_of(&err) >= 1, "{err}");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}
