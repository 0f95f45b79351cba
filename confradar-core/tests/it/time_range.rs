//! Deadlines far in the future, on every backend: PostgreSQL and SQLite
//! store a deadline in 2099; MySQL/MariaDB, whose `TIMESTAMP` columns end on
//! 2038-01-19 (docs/architecture.md), refuse it with a sentence saying so
//! instead of a database error, and in a batch it fails alone.

use chrono::{NaiveDate, NaiveTime};
use confradar_core::repository::{Observation, ObservedDeadline};
use confradar_core::{DeadlineKind, Error, Repository, SeaOrmRepository};

use crate::support::{Backend, TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    a_deadline_after_2038_is_stored_or_refused_clearly,
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

async fn a_deadline_after_2038_is_stored_or_refused_clearly(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let far = edition(2099, day(2099, 5, 8));
    let near = edition(2037, day(2037, 12, 1));
    let results = repo.store_observations(&[far.clone(), near]).await;
    assert!(results[1].is_ok(), "{:?}", results[1]);
    let stored = repo
        .conference_by_key("ffc2037")
        .await
        .unwrap()
        .expect("the 2037 edition is stored");
    assert_eq!(stored.year, 2037);

    let single = repo.store_observation(&far).await;
    if test.backend == Backend::MySql {
        for result in [&results[0], &single] {
            match result {
                Err(Error::InvalidObservation(why)) => assert!(
                    why.contains("2099-05-08")
                        && why.contains("2038-01-18")
                        && why.contains("PostgreSQL or SQLite"),
                    "{why}"
                ),
                other => panic!("expected a clear refusal, got {other:?}"),
            }
        }
        assert!(repo.conference_by_key("ffc2099").await.unwrap().is_none());
    } else {
        assert!(results[0].is_ok(), "{:?}", results[0]);
        single.unwrap();
        let detail = repo.conference_detail("ffc2099").await.unwrap().unwrap();
        assert_eq!(
            detail.deadlines[0].due_at.to_rfc3339(),
            "2099-05-09T11:59:00+00:00"
        );
    }
}
