//! Open a database, store one observed conference through the
//! [`Repository`] trait, and query its upcoming deadlines.
//!
//! ```text
//! cargo run -p confradar-examples --example store_and_query
//! DATABASE_URL=postgres://confradar:confradar@localhost:5432/confradar \
//!   cargo run -p confradar-examples --example store_and_query
//! ```
//!
//! Without `DATABASE_URL` it uses a fresh SQLite file in a temporary
//! directory (migrated on first use, like the CLI does). With
//! `DATABASE_URL` set it uses that database, whose schema must be current
//! there (`confradar-cli migrate up`). Storing is idempotent: running the
//! example twice against one database reports `unchanged` the second time.
//! The program exits non-zero if anything fails or the query does not return
//! the two stored deadlines.

use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, NaiveTime, Utc};
use confradar_core::repository::{
    DeadlineQuery, Observation, ObservedDeadline, ObservedSource, StoreStatus,
};
use confradar_core::settings::{DatabaseUrl, Settings};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository, db};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Kept alive until the end of `run`: the SQLite file lives in it.
    let scratch = tempfile::tempdir()?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", scratch.path().join("example.db").display()));
    let settings = Settings {
        database_url: DatabaseUrl::new(url),
        ..Settings::default()
    };
    // `Display` of the URL hides any password.
    println!("database: {}", settings.database_url);

    // `db::open` connects with the pool settings and checks the schema
    // (applying pending migrations on SQLite).
    let repo = SeaOrmRepository::new(db::open(&settings).await?);

    // Next year's edition, so that its deadlines are upcoming whenever this runs.
    let year = Utc::now().year() + 1;
    let day = |month, day| NaiveDate::from_ymd_opt(year, month, day).ok_or("no such day");
    let end_of_day = NaiveTime::from_hms_opt(23, 59, 0);
    let observation = Observation {
        key: Some(format!("examplecon{year}")),
        name: format!("ExampleCon {year}: Example Conference on Library Use"),
        acronym: Some("ExampleCon".to_string()),
        year: Some(year),
        location: Some("Online".to_string()),
        source: Some(ObservedSource {
            url: "https://example.org/examplecon/cfp".to_string(),
            ..ObservedSource::default()
        }),
        deadlines: vec![
            ObservedDeadline {
                kind: DeadlineKind::Submission,
                track: None,
                due_date: day(3, 1)?,
                end_date: None,
                time: end_of_day,
                timezone: Some("AoE".to_string()),
                label: Some("Paper submission".to_string()),
                replaces: None,
            },
            ObservedDeadline {
                kind: DeadlineKind::Notification,
                track: None,
                due_date: day(5, 15)?,
                end_date: None,
                time: None,
                timezone: None,
                label: Some("Author notification".to_string()),
                replaces: None,
            },
        ],
        ..Observation::default()
    };

    let outcome = repo.store_observation(&observation).await?;
    println!(
        "stored {} as {} (series {}): {:?}",
        outcome.display_name, outcome.conference_key, outcome.series_key, outcome.status
    );
    for change in &outcome.changes {
        println!("  {}", change.describe());
    }
    // The same observation again changes nothing and records no change.
    let again = repo.store_observation(&observation).await?;
    if again.status != StoreStatus::Unchanged || !again.changes.is_empty() {
        return Err(format!(
            "storing the same observation twice should change nothing, got {again:?}"
        )
        .into());
    }
    println!("stored again: {:?}", again.status);

    let query = DeadlineQuery {
        from: Some(Utc::now()),
        series: Some(outcome.series_key.clone()),
        ..DeadlineQuery::default()
    };
    let upcoming = repo.upcoming_deadlines(&query).await?;
    println!("upcoming deadlines of series {}:", outcome.series_key);
    for deadline in &upcoming {
        println!(
            "  {:<14} {:<13} {} {} {}  = {} UTC",
            deadline.conference_key,
            deadline.kind.as_str(),
            deadline.due_date,
            deadline.due_time.as_deref().unwrap_or("--:--"),
            deadline.timezone.as_deref().unwrap_or("(no zone: AoE)"),
            deadline.due_at.format("%Y-%m-%d %H:%M"),
        );
    }
    let ours = upcoming
        .iter()
        .filter(|d| d.conference_key == outcome.conference_key)
        .count();
    if ours != 2 {
        return Err(format!(
            "expected the 2 stored deadlines of {}, the query returned {ours}",
            outcome.conference_key
        )
        .into());
    }
    Ok(())
}
