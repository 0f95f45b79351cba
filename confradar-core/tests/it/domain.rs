//! What crosses the `Repository` trait, on every backend: domain records
//! (`Series`, `Conference`, `Source`) that carry each row's fields and print
//! the same JSON, and the change notifications with their secrets redacted.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use confradar_core::entity::time::db_time;
use confradar_core::entity::{conferences, notify_deliveries, series, sources};
use confradar_core::repository::{
    Conference, DeliveryQuery, NewSeries, Observation, ObservedSource, Series, Source,
    SourceAuthority,
};
use confradar_core::{Repository, SeaOrmRepository};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    the_trait_hands_out_domain_records_with_the_rows_fields,
    deliveries_are_listed_newest_first_filtered_and_redacted,
);

fn observation() -> Observation {
    Observation {
        series_hint: Some("demo".into()),
        name: "Demo Conference".into(),
        acronym: Some("DEMO".into()),
        year: Some(2031),
        location: Some("Lyon".into()),
        start_date: NaiveDate::from_ymd_opt(2031, 6, 2),
        end_date: NaiveDate::from_ymd_opt(2031, 6, 5),
        source: Some(ObservedSource {
            url: "https://demo.example/cfp".into(),
            etag: Some("\"v1\"".into()),
            status: Some(200),
            authority: SourceAuthority::Community,
            ..ObservedSource::default()
        }),
        ..Observation::default()
    }
}

/// The JSON of a row and of its record are one document: callers and
/// exports that printed rows print the same.
fn same_json<A: serde::Serialize, B: serde::Serialize>(row: &A, record: &B) {
    assert_eq!(
        serde_json::to_value(row).unwrap(),
        serde_json::to_value(record).unwrap()
    );
}

async fn the_trait_hands_out_domain_records_with_the_rows_fields(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    let created: Series = repo
        .upsert_series(&NewSeries {
            key: "demo".into(),
            name: "Demo Conference".into(),
            acronym: Some("DEMO".into()),
            homepage: Some("https://demo.example".into()),
            aliases: vec!["DemoConf".into()],
        })
        .await
        .unwrap();
    let outcome = repo.store_observation(&observation()).await.unwrap();

    let series_row = series::Entity::find_by_id(created.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let found: Series = repo.find_series("democonf").await.unwrap().unwrap();
    assert_eq!(found.key, "demo");
    assert_eq!(found.homepage.as_deref(), Some("https://demo.example"));
    same_json(&series_row, &found);

    let conference_row = conferences::Entity::find()
        .filter(conferences::Column::Key.eq(outcome.conference_key.as_str()))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let conference: Conference = repo
        .conference_by_key(&outcome.conference_key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            conference.series_id,
            conference.year,
            conference.kind.as_str()
        ),
        (created.id, 2031, "conference")
    );
    assert_eq!(conference.location.as_deref(), Some("Lyon"));
    same_json(&conference_row, &conference);
    let editions: Vec<Conference> = repo.conferences_of_series("DEMO").await.unwrap();
    assert_eq!(editions, vec![conference.clone()]);

    let source_row = sources::Entity::find()
        .filter(sources::Column::ConferenceId.eq(conference.id))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let snapshot = repo.snapshot().await.unwrap();
    assert_eq!(snapshot.len(), 1);
    assert_eq!(snapshot[0].conference, conference);
    assert_eq!(snapshot[0].series, found);
    let source: &Source = &snapshot[0].sources[0];
    assert_eq!(source.url, "https://demo.example/cfp");
    assert_eq!(source.authority, SourceAuthority::Community.as_str());
    assert_eq!(source.etag.as_deref(), Some("\"v1\""));
    same_json(&source_row, source);

    let detail = repo
        .conference_detail(&conference.key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (&detail.conference, &detail.series, &detail.sources[..]),
        (&conference, &found, std::slice::from_ref(source))
    );
    let series_detail = repo.series_detail("DemoConf").await.unwrap().unwrap();
    assert_eq!(series_detail.series, found);
    assert_eq!(series_detail.editions, vec![conference]);
}

async fn delivery(
    test: &TestDb,
    run_id: i32,
    url: &str,
    status: &str,
    error: Option<&str>,
    minutes_ago: i64,
) -> i32 {
    let at = Utc.with_ymd_and_hms(2031, 5, 1, 12, 0, 0).unwrap() - Duration::minutes(minutes_ago);
    notify_deliveries::ActiveModel {
        run_id: Set(Some(run_id)),
        url: Set(url.into()),
        status: Set(status.into()),
        attempts: Set(if status == "failed" { 4 } else { 1 }),
        http_status: Set((status == "delivered").then_some(200)),
        changes: Set(3),
        error: Set(error.map(str::to_string)),
        created_at: Set(db_time(at)),
        delivered_at: Set((status == "delivered").then_some(db_time(at))),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap()
    .id
}

async fn deliveries_are_listed_newest_first_filtered_and_redacted(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    assert!(
        repo.recent_deliveries(&DeliveryQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    let oldest = delivery(&test, 1, "https://example.org/hook", "delivered", None, 30).await;
    // Rows as an older version or a hand-made restore might hold them: secrets in the clear.
    let slack = delivery(
        &test,
        2,
        "https://hooks.slack.com/services/T000/B000/slacksecret",
        "failed",
        Some("HTTP 404 from https://hooks.slack.com/services/T000/B000/slacksecret"),
        20,
    )
    .await;
    let newest = delivery(
        &test,
        3,
        "https://user:pwsecret@example.org/hook?token=tokensecret",
        "failed",
        Some("cannot connect"),
        10,
    )
    .await;

    let all = repo
        .recent_deliveries(&DeliveryQuery::default())
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![newest, slack, oldest]
    );
    assert_eq!(all[0].url, "https://user:***@example.org/hook");
    assert_eq!(all[1].url, "https://hooks.slack.com/...");
    assert_eq!(
        all[1].error.as_deref(),
        Some("HTTP 404 from https://hooks.slack.com/...")
    );
    assert_eq!(all[2].url, "https://example.org/hook");
    assert_eq!(
        (all[2].status.as_str(), all[2].http_status, all[2].run_id),
        ("delivered", Some(200), Some(1))
    );
    let printed = serde_json::to_string(&all).unwrap();
    for secret in ["slacksecret", "pwsecret", "tokensecret"] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }

    let failed = repo
        .recent_deliveries(&DeliveryQuery {
            failed_only: true,
            limit: 1,
        })
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!((failed[0].id, failed[0].attempts), (newest, 4));
    let failed = repo
        .recent_deliveries(&DeliveryQuery {
            failed_only: true,
            limit: 10,
        })
        .await
        .unwrap();
    assert!(failed.iter().all(|d| d.status == "failed") && failed.len() == 2);
}
