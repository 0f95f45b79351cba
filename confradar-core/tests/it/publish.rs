//! Publishing, on every backend: the iCalendar feed (checked with an
//! independent parser, the `ical` crate), the JSON and CSV exports, the
//! Markdown and HTML pages (escaping of page-controlled text), window
//! bounds at the AoE day boundary, and the HTTP server over real HTTP.

#![allow(clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};
use std::io::BufReader;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use confradar_core::publish::{self, Bound, Format, PageOptions, parse_bound};
use confradar_core::repository::{DeadlineQuery, Observation, ObservedDeadline, ObservedSource};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    ics_parses_with_an_independent_parser_and_keeps_uids_when_a_deadline_moves,
    json_export_has_series_sources_deadlines_and_history,
    csv_export_has_one_row_per_deadline_and_defuses_formulas,
    html_page_escapes_page_text_and_highlights_moved_deadlines,
    markdown_page_escapes_page_text_and_highlights_moved_deadlines,
    until_a_date_keeps_deadlines_due_that_day_in_aoe,
    http_server_serves_every_route_with_types_and_caching,
);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn deadline(kind: DeadlineKind, due: NaiveDate, label: &str) -> ObservedDeadline {
    ObservedDeadline {
        kind,
        track: None,
        due_date: due,
        end_date: None,
        time: Some(NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
        timezone: Some("AoE".into()),
        label: Some(label.into()),
        replaces: None,
    }
}

/// A conference whose page says hostile things.
fn icml(submission: NaiveDate) -> Observation {
    Observation {
        name: "International Conference on Machine Learning".into(),
        acronym: Some("ICML".into()),
        year: Some(2026),
        location: Some("Seoul, South Korea".into()),
        source: Some(ObservedSource {
            url: "https://icml.cc/Conferences/2026/CallForPapers?a=1&b=2".into(),
            status: Some(200),
            ..Default::default()
        }),
        deadlines: vec![
            deadline(
                DeadlineKind::Abstract,
                date(2026, 1, 16),
                "Abstract; due, \"early\"\r\nsecond line",
            ),
            deadline(
                DeadlineKind::Submission,
                submission,
                "Full paper submission deadline with a very long label that has to be folded across lines by the writer — ünïcødé included",
            ),
        ],
        ..Default::default()
    }
}

fn hostile() -> Observation {
    Observation {
        name: "<script>alert('x')</script> Workshop | *bold* [link](javascript:alert(1))".into(),
        acronym: Some("<b>XSS</b>".into()),
        year: Some(2026),
        source: Some(ObservedSource {
            url: "javascript:alert(1)".into(),
            ..Default::default()
        }),
        deadlines: vec![deadline(
            DeadlineKind::Submission,
            date(2026, 2, 10),
            "=HYPERLINK(\"http://evil\")",
        )],
        ..Default::default()
    }
}

async fn seeded(test: &TestDb) -> SeaOrmRepository {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observation(&icml(date(2026, 1, 23)))
        .await
        .unwrap();
    repo.store_observation(&icml(date(2026, 1, 30)))
        .await
        .unwrap();
    repo.store_observation(&hostile()).await.unwrap();
    repo
}

/// Just after the extension was detected (so it counts as recent), before the deadlines.
fn options(repo_now: DateTime<Utc>) -> PageOptions {
    PageOptions {
        now: repo_now,
        ..PageOptions::default()
    }
}

fn before_deadlines() -> DateTime<Utc> {
    // The changes are detected "now" (real time); pages are rendered at a
    // fixed instant before the deadlines with a recent-window reaching back
    // to the detection.
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

fn page_options() -> PageOptions {
    let now = before_deadlines();
    let recent = (Utc::now() - now).abs() + chrono::Duration::days(1);
    PageOptions {
        recent,
        ..options(now)
    }
}

/// RFC 5545 TEXT unescaping, for comparing parsed values.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn props(properties: &[ical::property::Property]) -> HashMap<String, String> {
    properties
        .iter()
        .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
        .collect()
}

async fn ics_parses_with_an_independent_parser_and_keeps_uids_when_a_deadline_moves(test: TestDb) {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observation(&icml(date(2026, 1, 23)))
        .await
        .unwrap();
    let all = DeadlineQuery::default();
    let before = publish::render(&repo, Format::Ics, &all, options(before_deadlines()))
        .await
        .unwrap();
    repo.store_observation(&icml(date(2026, 1, 30)))
        .await
        .unwrap();
    repo.store_observation(&hostile()).await.unwrap();
    let text = publish::render(&repo, Format::Ics, &all, options(before_deadlines()))
        .await
        .unwrap();

    // The same data gives the same feed (no random alarm UIDs): stable ETags.
    let again = publish::render(&repo, Format::Ics, &all, options(before_deadlines()))
        .await
        .unwrap();
    assert_eq!(text, again);

    // Raw form: CRLF everywhere, no line longer than 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF");
    assert!(!text.replace("\r\n", "").contains('\r'), "a bare CR");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
    }

    // Parsed by an independent parser.
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(text.as_bytes())).collect();
    assert_eq!(calendars.len(), 1);
    let calendar = calendars
        .into_iter()
        .next()
        .unwrap()
        .expect("the feed parses");
    let head = props(&calendar.properties);
    assert_eq!(head["VERSION"], "2.0");
    assert!(head["PRODID"].contains("ConfRadar"));
    assert_eq!(calendar.events.len(), 3, "one VEVENT per deadline");

    let mut uids = HashSet::new();
    for event in &calendar.events {
        let p = props(&event.properties);
        assert!(uids.insert(p["UID"].clone()), "duplicate UID {}", p["UID"]);
        assert!(p["DTSTART"].ends_with('Z'), "UTC start: {}", p["DTSTART"]);
        assert!(p["DTSTAMP"].ends_with('Z'));
        assert!(!event.alarms.is_empty(), "a reminder");
        let alarm = props(&event.alarms[0].properties);
        assert_eq!(alarm["ACTION"], "DISPLAY");
        assert_eq!(alarm["TRIGGER"], "-P7D");
    }
    let by_uid: HashMap<String, HashMap<String, String>> = calendar
        .events
        .iter()
        .map(|e| props(&e.properties))
        .map(|p| (p["UID"].clone(), p))
        .collect();

    // The moved submission: same UID as before, the new instant, a higher sequence.
    let submission = &by_uid["icml2026.submission.1@confradar"];
    assert_eq!(
        submission["DTSTART"], "20260131T115900Z",
        "23:59 AoE on Jan 30 is 11:59 UTC on Jan 31"
    );
    assert_eq!(submission["SUMMARY"], "ICML 2026: submission deadline");
    assert_eq!(
        submission["URL"],
        "https://icml.cc/Conferences/2026/CallForPapers?a=1&b=2"
    );
    assert!(submission["SEQUENCE"].parse::<u32>().unwrap() > 0);
    let description = unescape(&submission["DESCRIPTION"]);
    assert!(
        description.contains("Moved from 2026-01-23 23:59 AoE"),
        "{description}"
    );
    assert!(
        description.contains("Source: https://icml.cc/"),
        "{description}"
    );
    assert!(
        description.contains("ünïcødé"),
        "folding kept the UTF-8 intact: {description}"
    );

    // Escaping: commas, semicolons, quotes, newlines survive; the CR is gone.
    let abstract_ = &by_uid["icml2026.abstract.1@confradar"];
    let description = unescape(&abstract_["DESCRIPTION"]);
    assert!(
        description.contains("Abstract; due, \"early\"\nsecond line"),
        "{description:?}"
    );

    // The hostile source is no URL property; its UID is still well-formed.
    let hostile = by_uid
        .values()
        .find(|p| p["SUMMARY"].contains("XSS"))
        .expect("the hostile event");
    assert!(!hostile.contains_key("URL"), "javascript: is no link");

    // Re-importing updates: the UIDs of the first feed are all still there.
    let first: Vec<_> = ical::IcalParser::new(BufReader::new(before.as_bytes())).collect();
    let first = first.into_iter().next().unwrap().unwrap();
    for event in &first.events {
        let uid = &props(&event.properties)["UID"];
        assert!(uids.contains(uid), "UID {uid} vanished after the extension");
    }

    // A filter does not change UIDs.
    let only_submissions = DeadlineQuery {
        kinds: vec![DeadlineKind::Submission],
        ..Default::default()
    };
    let filtered = publish::render(
        &repo,
        Format::Ics,
        &only_submissions,
        options(before_deadlines()),
    )
    .await
    .unwrap();
    assert!(filtered.contains("UID:icml2026.submission.1@confradar\r\n"));
    assert!(!filtered.contains("icml2026.abstract"));
}

async fn json_export_has_series_sources_deadlines_and_history(test: TestDb) {
    let repo = seeded(&test).await;
    let text = publish::render(
        &repo,
        Format::Json,
        &DeadlineQuery::default(),
        options(before_deadlines()),
    )
    .await
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let conferences = doc["conferences"].as_array().unwrap();
    assert_eq!(conferences.len(), 2);
    let icml = conferences
        .iter()
        .find(|c| c["key"] == "icml2026")
        .expect("icml2026");
    assert_eq!(icml["series"]["key"], "icml");
    assert_eq!(
        icml["sources"][0]["url"],
        "https://icml.cc/Conferences/2026/CallForPapers?a=1&b=2"
    );
    let deadlines = icml["deadlines"].as_array().unwrap();
    assert_eq!(deadlines.len(), 2);
    let submission = deadlines
        .iter()
        .find(|d| d["kind"] == "submission")
        .unwrap();
    assert_eq!(submission["published"], "2026-01-30 23:59 AoE");
    assert_eq!(submission["due_at"], "2026-01-31T11:59:00Z");
    assert_eq!(submission["uid"], "icml2026.submission.1@confradar");
    assert_eq!(
        submission["last_change"]["old_value"],
        "2026-01-23 23:59 AoE"
    );
    let history = icml["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0]["description"],
        "ICML 2026 submission: 2026-01-23 23:59 AoE → 2026-01-30 23:59 AoE"
    );

    // A filter keeps only conferences with a matching deadline.
    let query = DeadlineQuery {
        series: Some("icml".into()),
        ..Default::default()
    };
    let text = publish::render(&repo, Format::Json, &query, options(before_deadlines()))
        .await
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["conferences"].as_array().unwrap().len(), 1);
}

async fn csv_export_has_one_row_per_deadline_and_defuses_formulas(test: TestDb) {
    let repo = seeded(&test).await;
    let text = publish::render(
        &repo,
        Format::Csv,
        &DeadlineQuery::default(),
        options(before_deadlines()),
    )
    .await
    .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), publish::csv::COLUMNS.len());
    let rows: Vec<HashMap<String, String>> = reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(str::to_string)
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 3, "one row per deadline");
    let submission = rows
        .iter()
        .find(|r| r["conference_key"] == "icml2026" && r["kind"] == "submission")
        .unwrap();
    assert_eq!(submission["due_at_utc"], "2026-01-31T11:59:00Z");
    assert_eq!(submission["previous_value"], "2026-01-23 23:59 AoE");
    assert!(submission["history"].contains("→ 2026-01-30 23:59 AoE"));
    assert_eq!(submission["series_key"], "icml");
    let evil = rows
        .iter()
        .find(|r| r["label"].contains("HYPERLINK"))
        .unwrap();
    assert!(
        evil["label"].starts_with('\''),
        "a formula from a page is defused: {}",
        evil["label"]
    );
}

async fn html_page_escapes_page_text_and_highlights_moved_deadlines(test: TestDb) {
    let repo = seeded(&test).await;
    let query = DeadlineQuery {
        from: Some(before_deadlines()),
        ..Default::default()
    };
    let html = publish::render(&repo, Format::Html, &query, page_options())
        .await
        .unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<b>XSS"), "page text is escaped");
    // The template engine escapes with numeric references.
    assert!(html.contains("&#60;b&#62;XSS&#60;/b&#62; 2026"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "no javascript: links");
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http://evil"),
        "no external assets"
    );
    assert!(html.contains("href=\"https://icml.cc/Conferences/2026/CallForPapers?a=1&#38;b=2\""));
    assert_eq!(
        html.matches("<tr class=\"changed\"").count(),
        1,
        "the moved deadline is highlighted"
    );
    assert!(html.contains("changed, was <del>2026-01-23 23:59 AoE</del>"));
    assert!(html.contains("<h2>January 2026</h2>") && html.contains("<h2>February 2026</h2>"));
    assert!(html.contains("data-due=\"2026-01-31T11:59:00Z\""));
    assert!(html.contains("Recent changes"));
    assert_eq!(html.matches("<tr ").count(), 3);
}

async fn markdown_page_escapes_page_text_and_highlights_moved_deadlines(test: TestDb) {
    let repo = seeded(&test).await;
    let query = DeadlineQuery {
        from: Some(before_deadlines()),
        ..Default::default()
    };
    let md = publish::render(&repo, Format::Markdown, &query, page_options())
        .await
        .unwrap();
    assert!(md.contains("## January 2026"));
    assert!(
        md.contains("**2026\\-01\\-30 23:59 AoE** (changed, was ~~2026\\-01\\-23 23:59 AoE~~)")
            || md.contains("**2026-01-30 23:59 AoE** (changed, was ~~2026-01-23 23:59 AoE~~)"),
        "{md}"
    );
    assert!(md.contains("[source](<https://icml.cc/Conferences/2026/CallForPapers?a=1&b=2>)"));
    assert!(!md.contains("](javascript:"), "no javascript: links");
    assert!(md.contains("\\<b\\>XSS\\</b\\>"), "markup is escaped: {md}");
    // Table rows keep their six cells: a `|` from a page is escaped.
    for line in md.lines().filter(|l| l.starts_with("| 2026")) {
        let unescaped_pipes = line
            .match_indices('|')
            .filter(|(i, _)| *i == 0 || &line[i - 1..*i] != "\\")
            .count();
        assert_eq!(unescaped_pipes, 7, "{line}");
    }
}

async fn until_a_date_keeps_deadlines_due_that_day_in_aoe(test: TestDb) {
    let repo = seeded(&test).await;
    let now = before_deadlines();
    // 2026-01-30 23:59 AoE is 2026-01-31T11:59Z: still "until 2026-01-30".
    let until = parse_bound("2026-01-30", Bound::Until, now).unwrap();
    assert_eq!(until, Utc.with_ymd_and_hms(2026, 1, 31, 12, 0, 0).unwrap());
    let query = DeadlineQuery {
        until: Some(until),
        kinds: vec![DeadlineKind::Submission],
        ..Default::default()
    };
    let rows = repo.upcoming_deadlines(&query).await.unwrap();
    assert_eq!(
        rows.iter()
            .map(|d| d.conference_key.as_str())
            .collect::<Vec<_>>(),
        ["icml2026"]
    );
    // ... and "until 2026-01-29" does not.
    let query = DeadlineQuery {
        until: Some(parse_bound("2026-01-29", Bound::Until, now).unwrap()),
        ..query
    };
    assert!(repo.upcoming_deadlines(&query).await.unwrap().is_empty());
    // "from 2026-01-31" still shows it: the day starts first in UTC+14.
    let from = parse_bound("2026-01-31", Bound::From, now).unwrap();
    assert_eq!(from, Utc.with_ymd_and_hms(2026, 1, 30, 10, 0, 0).unwrap());
    // Bad values name themselves.
    let err = parse_bound("next tuesday", Bound::From, now)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("next tuesday") && err.contains("RFC 3339"),
        "{err}"
    );
    let err = "pdf".parse::<Format>().unwrap_err().to_string();
    assert!(
        err.contains("'pdf'") && err.contains("ics, json, csv, markdown, html"),
        "{err}"
    );
}

async fn http_server_serves_every_route_with_types_and_caching(test: TestDb) {
    let repo = seeded(&test).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(publish::http::serve(listener, Arc::new(repo), async {
        stopped.await.ok();
    }));
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(format!("http://{addr}{path}")).send();

    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/api/deadlines?include_past=true", "application/json"),
        ("/api/conferences", "application/json"),
        ("/api/changes", "application/json"),
        ("/calendar.ics", "text/calendar; charset=utf-8"),
    ] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], content_type, "{path}");
        assert!(response.headers().contains_key("etag"), "{path}");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age="),
            "{path}"
        );
    }

    // Filters as query parameters; repeated kinds.
    let text = get("/api/deadlines?from=2026-01-01&kind=submission&kind=abstract&series=icml")
        .await
        .unwrap()
        .text();
    let body: serde_json::Value = serde_json::from_str(&text.await.unwrap()).unwrap();
    let rows = body.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["kind"], "abstract", "ordered by UTC instant");
    assert_eq!(rows[1]["due_at"], "2026-01-31T11:59:00Z");
    let text = get("/api/deadlines?from=2026-01-01&limit=1")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body.as_array().unwrap().len(), 1);

    // 304 on a matching ETag.
    let first = get("/api/changes").await.unwrap();
    let etag = first.headers()["etag"].clone();
    let again = client
        .get(format!("http://{addr}/api/changes"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());

    // Bad values are a 400 naming them; an unknown series a 404.
    let bad = get("/api/deadlines?kind=deadlinez").await.unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("deadlinez"));
    let bad = get("/api/deadlines?from=yesterdayish").await.unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("yesterdayish"));
    let bad = get("/api/deadlines?limit=0").await.unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(
        get("/api/deadlines?series=nosuchseries")
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(get("/nope").await.unwrap().status(), 404);

    // The feed over HTTP parses too.
    let feed = get("/calendar.ics").await.unwrap().text().await.unwrap();
    let parsed: Vec<_> = ical::IcalParser::new(BufReader::new(feed.as_bytes())).collect();
    assert_eq!(parsed.into_iter().next().unwrap().unwrap().events.len(), 3);

    // Graceful shutdown.
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
