//! Text taken from web pages is data in every output: escaped in HTML, neutralised
//! in CSV (no cell starts a spreadsheet formula), escaped and folded in ICS (no
//! property or event can be smuggled in), whatever field it arrives in.

use std::io::BufReader;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use confradar_core::publish::{self, Format, PageOptions};
use confradar_core::repository::{DeadlineQuery, Observation, ObservedDeadline, ObservedSource};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository};

use crate::support::{TestDb, on_every_backend};

on_every_backend!(crate::support::migrated =>
    html_escapes_a_script_in_every_page_field,
    csv_starts_no_cell_with_a_formula_character,
    ics_escapes_and_folds_commas_newlines_and_smuggled_properties,
);

/// Starts of a CSV cell that a spreadsheet runs as a formula (OWASP "CSV injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn deadline(kind: DeadlineKind, label: &str, track: Option<&str>) -> ObservedDeadline {
    ObservedDeadline {
        kind,
        track: track.map(str::to_string),
        due_date: NaiveDate::from_ymd_opt(2027, 3, 3).unwrap(),
        end_date: None,
        time: Some(NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
        timezone: Some("AoE".into()),
        label: Some(label.into()),
        replaces: None,
    }
}

/// Every page-controlled field holds something hostile.
fn hostile() -> Observation {
    Observation {
        name: "<script>alert('name')</script>, Evil\r\nBEGIN:VEVENT\r\nSUMMARY:injected".into(),
        acronym: Some("=EVIL,ONE;TWO\nTHREE".into()),
        year: Some(2027),
        location: Some("@SUM(A1:A9)<script>alert('where')</script>".into()),
        source: Some(ObservedSource {
            url: "https://example.org/cfp?x=<script>alert(1)</script>".into(),
            status: Some(200),
            ..Default::default()
        }),
        deadlines: vec![
            deadline(
                DeadlineKind::Submission,
                "+cmd|' /C calc'!A0, due\nEND:VEVENT",
                Some("-2+3"),
            ),
            deadline(
                DeadlineKind::Notification,
                "\t=1+1 <img src=x onerror=alert(2)>",
                None,
            ),
        ],
        ..Default::default()
    }
}

async fn seeded(test: &TestDb) -> SeaOrmRepository {
    let repo = SeaOrmRepository::new(test.db.clone());
    repo.store_observation(&hostile()).await.unwrap();
    repo
}

async fn render(repo: &SeaOrmRepository, format: Format) -> String {
    let options = PageOptions {
        now: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
        ..PageOptions::default()
    };
    publish::render(repo, format, &DeadlineQuery::default(), options)
        .await
        .unwrap()
}

async fn html_escapes_a_script_in_every_page_field(test: TestDb) {
    let html = render(&seeded(&test).await, Format::Html).await;
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script: {html}"
    );
    assert!(!html.contains("<img"), "{html}");
    // askama writes `<` as `&#60;`, the hand-made escaping wrote `&lt;`.
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "the text is shown, escaped: {html}"
    );
}

async fn csv_starts_no_cell_with_a_formula_character(test: TestDb) {
    let text = render(&seeded(&test).await, Format::Csv).await;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut rows = 0;
    for record in reader.records() {
        rows += 1;
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with(FORMULA_STARTS), "cell {cell:?} in {text}");
        }
    }
    assert_eq!(rows, 2, "{text}");
    assert!(
        text.contains("'=EVIL") && text.contains("'+cmd"),
        "defused, not dropped: {text}"
    );
}

async fn ics_escapes_and_folds_commas_newlines_and_smuggled_properties(test: TestDb) {
    let text = render(&seeded(&test).await, Format::Ics).await;
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line:?}");
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
    let begins = text.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(
        begins, 2,
        "one event per deadline, none smuggled in: {text}"
    );
    assert!(!text.contains("\r\nSUMMARY:injected"), "{text}");

    let calendar = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .next()
        .unwrap()
        .expect("the feed parses");
    assert_eq!(calendar.events.len(), 2);
    for event in &calendar.events {
        let summary = event
            .properties
            .iter()
            .find(|p| p.name == "SUMMARY")
            .and_then(|p| p.value.clone())
            .unwrap();
        // RFC 5545 TEXT: the comma, semicolon and newline of the acronym are escaped.
        assert!(
            summary.starts_with("=EVIL\\,ONE\\;TWO\\nTHREE"),
            "{summary:?}"
        );
    }
}
