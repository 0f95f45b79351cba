//! CSV: one row per deadline (a conference without deadlines gets one row
//! with the deadline columns empty), UTF-8, RFC 4180 quoting, a header row.
//!
//! Columns, in order:
//!
//! | column | meaning |
//! |---|---|
//! | `series_key`, `series_name` | the series |
//! | `conference_key`, `conference_name`, `acronym`, `year` | the edition |
//! | `conference_kind`, `parent_key` | `conference`/`workshop`, a workshop's parent |
//! | `location`, `start_date`, `end_date`, `homepage` | the edition's facts |
//! | `uid` | the deadline's calendar UID (as in the iCalendar feed) |
//! | `kind`, `track` | what the deadline is for |
//! | `published` | as published: `2026-01-30 23:59 AoE` |
//! | `due_date`, `due_end_date`, `due_time`, `timezone` | the same, split |
//! | `due_at_utc` | the UTC instant, RFC 3339 |
//! | `label` | the page's wording |
//! | `source_url` | the page the deadline was seen on |
//! | `sources` | every page the conference was seen on, space-separated |
//! | `previous_value`, `changed_at` | the deadline's latest change, if any |
//! | `history` | every change of the conference's deadlines, in words, `; `-separated |
//!
//! Cells that would start with `=`, `+`, `-` or `@` (a formula in a
//! spreadsheet) and come from pages are prefixed with `'`.

use chrono::SecondsFormat;

use super::{Error, Snapshot, describe_change, published};

/// The header row.
pub const COLUMNS: [&str; 27] = [
    "series_key",
    "series_name",
    "conference_key",
    "conference_name",
    "acronym",
    "year",
    "conference_kind",
    "parent_key",
    "location",
    "start_date",
    "end_date",
    "homepage",
    "uid",
    "kind",
    "track",
    "published",
    "due_date",
    "due_end_date",
    "due_time",
    "timezone",
    "due_at_utc",
    "label",
    "source_url",
    "sources",
    "previous_value",
    "changed_at",
    "history",
];

/// A page-controlled cell, defused against spreadsheet formulas.
fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn opt(value: Option<&str>) -> String {
    value.map(text).unwrap_or_default()
}

/// The snapshot as CSV.
///
/// # Errors
/// [`Error::Csv`] if writing fails.
pub fn render(snapshot: &Snapshot) -> Result<String, Error> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let csv_err = |e: ::csv::Error| Error::Csv(e.to_string());
    writer.write_record(COLUMNS).map_err(csv_err)?;
    for s in &snapshot.conferences {
        let c = &s.conference;
        let sources = s
            .sources
            .iter()
            .map(|src| src.url.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let history = s
            .changes
            .iter()
            .map(describe_change)
            .collect::<Vec<_>>()
            .join("; ");
        let conference_cells = [
            text(&s.series.key),
            text(&s.series.name),
            text(&c.key),
            text(&c.name),
            opt(c.acronym.as_deref()),
            c.year.to_string(),
            text(&c.kind),
            opt(s.parent_key.as_deref()),
            opt(c.location.as_deref()),
            c.start_date.map(|d| d.to_string()).unwrap_or_default(),
            c.end_date.map(|d| d.to_string()).unwrap_or_default(),
            opt(c.homepage.as_deref()),
        ];
        if s.deadlines.is_empty() {
            let mut row: Vec<String> = conference_cells.to_vec();
            row.resize(COLUMNS.len() - 1, String::new());
            row[23] = text(&sources);
            row.push(text(&history));
            writer.write_record(&row).map_err(csv_err)?;
            continue;
        }
        for d in &s.deadlines {
            let mut row: Vec<String> = conference_cells.to_vec();
            let change = d.last_change.as_ref();
            row.extend([
                snapshot.uids.get(&d.id).cloned().unwrap_or_default(),
                d.kind.as_str().to_string(),
                text(&d.track),
                text(&published(d)),
                d.due_date.to_string(),
                d.end_date.map(|e| e.to_string()).unwrap_or_default(),
                opt(d.due_time.as_deref()),
                opt(d.timezone.as_deref()),
                d.due_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                opt(d.label.as_deref()),
                opt(d.source_url.as_deref()),
                text(&sources),
                opt(change.and_then(|c| c.old_value.as_deref())),
                change
                    .map(|c| c.detected_at.to_rfc3339_opts(SecondsFormat::Secs, true))
                    .unwrap_or_default(),
                text(&history),
            ]);
            writer.write_record(&row).map_err(csv_err)?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| Error::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::Csv(e.to_string()))
}
