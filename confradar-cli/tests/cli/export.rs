//! `export`: every format to a file or to stdout; unknown formats.

use crate::publish_fixture::{Kb, fails, ok, read, year};

#[test]
fn every_format_is_written() {
    let kb = Kb::seeded();
    let y = year();
    for format in ["ics", "json", "csv", "markdown", "html"] {
        let path = kb.path(&format!("out.{format}"));
        ok(&kb.run(&["export", "--format", format, "-o", path.to_str().unwrap()]));
        let text = read(&path);
        assert!(
            text.contains(&format!("{y}-01-29")) || text.contains(&format!("{y}0130T115900Z")),
            "{format}: {text}"
        );
    }
    let ics = read(&kb.path("out.ics"));
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    assert!(ics.contains(&format!("UID:icml{y}.submission.1@confradar\r\n")));
    assert!(ics.contains("BEGIN:VALARM"));
    let html = read(&kb.path("out.html"));
    assert!(!html.contains("<img src=x"), "page text is escaped");
    assert!(!html.contains("<i>EVIL"), "page text is escaped");
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("class=\"changed\""));
    let json: serde_json::Value = serde_json::from_str(&read(&kb.path("out.json"))).unwrap();
    assert_eq!(json["conferences"].as_array().unwrap().len(), 2);
    let csv = read(&kb.path("out.csv"));
    assert_eq!(
        csv.lines().count(),
        4,
        "a header and one row per deadline: {csv}"
    );
}

#[test]
fn stdout_and_filters() {
    let kb = Kb::seeded();
    let out = ok(&kb.run(&["export", "--format", "markdown", "--series", "icml"]));
    assert!(out.contains("| Deadline (UTC) |"), "{out}");
    assert!(!out.contains("EVIL"), "{out}");
    assert!(out.contains("(changed, was ~~"), "{out}");
}

#[test]
fn an_unknown_format_names_the_allowed_ones() {
    let kb = Kb::seeded();
    let err = fails(&kb.run(&["export", "--format", "pdf"]));
    assert!(
        err.contains("'pdf'") && err.contains("ics, json, csv, markdown, html"),
        "{err}"
    );
}
