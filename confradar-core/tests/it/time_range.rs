//! Times far in the future, on every backend: a deadline in 2099 is stored
//! and read back equal (MySQL/MariaDB included, since its columns became
//! `DATETIME(6)`, docs/architecture.md); one outside years 1000–9999 is
//! refused with a sentence naming it, and in a batch it fails alone.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use confradar_core::entity::time::db_time;
use confradar_core::repository::{Observation, ObservedDeadline};
use confradar_core::{DeadlineKind, Error, Repository, SeaOrmRepository};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

use crate::support::{Backend, TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    a_deadline_in_2099_is_stored_and_read_back_equal,
    a_deadline_outside_years_1000_to_9999_is_refused_clearly,
    a_time_bound_as_the_entities_bind_it_survives_2038,
);

fn edition(year: i32, due: NaiveDate) -> Observation {
    Observation {
        name: format!("Far Future Conference {year}"),
        acronym: Some("FFC".into()),
        year: Some(year),
        deadlines: vec![ObservedDeadline {
            kind: DeadlineKind::Submission,
            track: None,
            due_date: due,
            end_date: None,
            time: NaiveTime::from_hms_opt(23, 59, 0),
            timezone: Some("AoE".into()),
            label: None,
            replaces: None,
        }],
        ..Observation::default()
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn instant(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

async fn a_deadline_in_2099_is_stored_and_read_back_equal(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let far = edition(2099, day(2099, 5, 8));
    let near = edition(2037, day(2037, 12, 1));
    let results = repo.store_observations(&[far.clone(), near]).await;
    for result in &results {
        assert!(result.is_ok(), "{result:?}");
    }
    // Seen again unchanged: compared with the stored value, not recorded as a change.
    repo.store_observation(&far).await.unwrap();
    let detail = repo.conference_detail("ffc2099").await.unwrap().unwrap();
    assert_eq!(
        detail.deadlines[0].due_at,
        instant("2099-05-09T11:59:00Z"),
        "on {:?}",
        test.backend
    );
    assert!(detail.changes.is_empty(), "{:?}", detail.changes);
    let upcoming = repo
        .upcoming_deadlines(&confradar_core::repository::DeadlineQuery {
            from: Some(instant("2099-01-01T00:00:00Z")),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(upcoming.len(), 1, "a filter after 2038 finds it");
}

async fn a_deadline_outside_years_1000_to_9999_is_refused_clearly(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let beyond = edition(2099, day(10_000, 1, 1));
    let near = edition(2037, day(2037, 12, 1));
    let results = repo.store_observations(&[beyond.clone(), near]).await;
    assert!(results[1].is_ok(), "the batch's other item is stored");
    let single = repo.store_observation(&beyond).await;
    for result in [&results[0], &single] {
        match result {
            Err(Error::InvalidObservation(why)) => assert!(
                why.contains("10000-01-01") && why.contains("1000-01-02 to 9999-12-30"),
                "{why}"
            ),
            other => panic!("expected a clear refusal, got {other:?}"),
        }
    }
    assert!(repo.conference_by_key("ffc2099").await.unwrap().is_none());
}

/// The driver finding behind `entity::time`: a time bound as the entities
/// bind it (`DateTime<FixedOffset>`) arrives after 2038 on every backend; on
/// MySQL/MariaDB one bound as `DateTime<Utc>` (sent as a `TIMESTAMP`
/// parameter) arrives as NULL even in a `DATETIME(6)` column. If that
/// second assertion fails, the driver changed and `entity::time` may go.
async fn a_time_bound_as_the_entities_bind_it_survives_2038(test: TestDb) {
    let db = &test.db;
    let backend = db.get_database_backend();
    let (column, insert) = match backend {
        DatabaseBackend::MySql => ("DATETIME(6)", "INSERT INTO probe (id, t) VALUES (?, ?)"),
        DatabaseBackend::Postgres => ("TIMESTAMPTZ", "INSERT INTO probe (id, t) VALUES ($1, $2)"),
        _ => ("TEXT", "INSERT INTO probe (id, t) VALUES (?, ?)"),
    };
    db.execute_unprepared(&format!("CREATE TABLE probe (id INT, t {column} NULL)"))
        .await
        .unwrap();
    let t = instant("2099-05-09T11:59:00.123456Z");
    for (id, value) in [(1, Value::from(db_time(t))), (2, Value::from(t))] {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            insert,
            [Value::from(id), value],
        ))
        .await
        .unwrap();
    }
    let read = |id: i32| async move {
        db.query_one_raw(Statement::from_string(
            backend,
            format!("SELECT t FROM probe WHERE id = {id}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<Option<DateTime<Utc>>>(0)
        .unwrap()
    };
    assert_eq!(read(1).await, Some(t), "bound as the entities bind it");
    let as_utc = read(2).await;
    if test.backend == Backend::MySql {
        assert_eq!(as_utc, None, "bound as DateTime<Utc> on MySQL/MariaDB");
    } else {
        assert_eq!(as_utc, Some(t));
    }
}
