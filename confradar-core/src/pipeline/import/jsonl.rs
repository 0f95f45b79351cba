//! JSON Lines: one item per line,
//! `{"key","name","year","homepage","url","location","start","end","kind",
//! "parent","categories","rankings":[{"system","rank"}],"tags","description",
//! "deadlines":[{"kind","due_date","time","timezone","label","track","end_date"}]}`.
//! `source` and `scraped_at` (written by scrapers) are accepted and not stored.

use std::io::BufRead;
use std::str::FromStr;

use chrono::NaiveTime;
use serde::Deserialize;

use super::lines::{BoundedLines, Line, too_long};
use super::values::parse_when;
use super::{ImportItem, ImportNote, NoteKind, kind_of, split_title};
use crate::kind::DeadlineKind;
use crate::repository::{
    ConferenceKind, Observation, ObservedDeadline, ObservedSource, Ranking, SeriesFacts,
    SourceAuthority,
};

pub(super) struct JsonLines<R> {
    lines: BoundedLines<R>,
    line: usize,
}

impl<R: BufRead> JsonLines<R> {
    pub(super) fn new(reader: R) -> Self {
        Self {
            lines: BoundedLines::new(reader),
            line: 0,
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = ImportItem;

    fn next(&mut self) -> Option<ImportItem> {
        loop {
            let text = self.lines.next()?;
            self.line += 1;
            let line = self.line;
            let mut notes = Vec::new();
            let result = match text {
                Ok(Line::Text(text)) if text.trim().is_empty() => continue,
                Ok(Line::TooLong(bytes)) => Err(too_long(bytes)),
                Ok(Line::Text(text)) => {
                    let result = parse_jsonl_item(&text).map(|o| vec![o]);
                    if result.is_ok() {
                        notes = unknown_fields(&text, line);
                    }
                    result
                }
                Err(e) => Err(format!("cannot read the line: {e}")),
            };
            return Some(ImportItem {
                line,
                result,
                notes,
            });
        }
    }
}

/// The item fields read; `source` and `scraped_at` are written by scrapers
/// and deliberately not stored.
const ITEM_FIELDS: &[&str] = &[
    "key",
    "name",
    "year",
    "homepage",
    "url",
    "location",
    "start",
    "end",
    "kind",
    "parent",
    "categories",
    "rankings",
    "tags",
    "description",
    "deadlines",
    "source",
    "scraped_at",
];
const DEADLINE_FIELDS: &[&str] = &[
    "kind", "due_date", "end_date", "timezone", "time", "label", "track",
];

/// Notes for the fields of an item (or of its deadlines) that are not read.
fn unknown_fields(text: &str, line: usize) -> Vec<ImportNote> {
    let Ok(serde_json::Value::Object(item)) = serde_json::from_str::<serde_json::Value>(text)
    else {
        return Vec::new();
    };
    let mut unknown: Vec<String> = item
        .keys()
        .filter(|k| !ITEM_FIELDS.contains(&k.as_str()))
        .map(|k| format!("`{k}`"))
        .collect();
    if let Some(serde_json::Value::Array(deadlines)) = item.get("deadlines") {
        for deadline in deadlines.iter().filter_map(serde_json::Value::as_object) {
            unknown.extend(
                deadline
                    .keys()
                    .filter(|k| !DEADLINE_FIELDS.contains(&k.as_str()))
                    .map(|k| format!("`deadlines.{k}`")),
            );
        }
    }
    unknown.sort();
    unknown.dedup();
    unknown
        .into_iter()
        .map(|field| ImportNote {
            line,
            kind: NoteKind::IgnoredField,
            message: format!(
                "{field} ignored: a field the jsonl layout does not define; not stored"
            ),
        })
        .collect()
}

#[derive(Deserialize)]
struct JsonItem {
    key: Option<String>,
    name: String,
    year: Option<i32>,
    homepage: Option<String>,
    url: Option<String>,
    location: Option<String>,
    start: Option<String>,
    end: Option<String>,
    kind: Option<ConferenceKind>,
    parent: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    rankings: Vec<Ranking>,
    #[serde(default)]
    tags: Vec<String>,
    description: Option<String>,
    #[serde(default)]
    deadlines: Vec<JsonDeadline>,
}

#[derive(Deserialize)]
struct JsonDeadline {
    kind: String,
    due_date: String,
    end_date: Option<String>,
    timezone: Option<String>,
    time: Option<String>,
    label: Option<String>,
    track: Option<String>,
}

/// Parses one JSON Lines item.
///
/// # Errors
/// A sentence naming what is wrong (bad JSON, unknown kind, bad date).
pub fn parse_jsonl_item(text: &str) -> Result<Observation, String> {
    let item: JsonItem =
        serde_json::from_str(text).map_err(|e| format!("not a valid item: {e}"))?;
    let (acronym, name) = split_title(&item.name);
    let mut deadlines = Vec::with_capacity(item.deadlines.len());
    for d in item.deadlines {
        let kind = DeadlineKind::from_str(&d.kind).map_err(|e| e.to_string())?;
        let (due_date, parsed_time) = parse_when(&d.due_date)?;
        let time = match d.time.as_deref() {
            Some(t) => Some(
                NaiveTime::parse_from_str(t, "%H:%M")
                    .map_err(|_| format!("bad time '{t}': expected HH:MM"))?,
            ),
            None => parsed_time,
        };
        let end_date = d
            .end_date
            .as_deref()
            .map(|e| parse_when(e).map(|(date, _)| date))
            .transpose()?;
        deadlines.push(ObservedDeadline {
            kind,
            track: d.track,
            due_date,
            end_date,
            time,
            timezone: d.timezone,
            label: d.label,
            replaces: None,
        });
    }
    let day = |text: Option<&str>| text.map(|t| parse_when(t).map(|(d, _)| d)).transpose();
    Ok(Observation {
        key: item.key,
        name,
        acronym,
        year: item.year,
        location: item.location,
        start_date: day(item.start.as_deref())?,
        end_date: day(item.end.as_deref())?,
        homepage: item.homepage.clone(),
        kind: item.kind.unwrap_or_else(|| kind_of(&item.name)),
        parent_hint: item.parent,
        source: item.url.or(item.homepage).map(|url| ObservedSource {
            url,
            authority: SourceAuthority::Community,
            ..Default::default()
        }),
        deadlines,
        facts: SeriesFacts {
            categories: item.categories,
            rankings: item.rankings,
            tags: item.tags,
            description: item.description,
        },
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::import::{ImportFormat, read_items};

    #[test]
    fn jsonl_items_split_acronym_and_name() {
        let obs = parse_jsonl_item(r#"{"key":"neurips24","name":"NeurIPS 2024 : Conference on Neural Information Processing Systems","year":2024,"url":"http://x/cfp","location":"Vancouver","categories":["ML"],"rankings":[{"system":"CORE","rank":"A*"}],"deadlines":[{"kind":"submission","due_date":"2024-05-15","timezone":"AoE"}]}"#).unwrap();
        assert_eq!(obs.acronym.as_deref(), Some("NeurIPS"));
        assert_eq!(
            obs.name,
            "Conference on Neural Information Processing Systems"
        );
        assert_eq!(obs.deadlines[0].due_date.to_string(), "2024-05-15");
        assert_eq!(obs.location.as_deref(), Some("Vancouver"));
        assert_eq!(obs.facts.rankings[0].rank, "A*");
        assert_eq!(obs.source.unwrap().authority, SourceAuthority::Community);
    }

    #[test]
    fn bad_jsonl_lines_name_the_problem() {
        assert!(
            parse_jsonl_item("{not json")
                .unwrap_err()
                .contains("not a valid item")
        );
        let bad_kind = parse_jsonl_item(
            r#"{"name":"X","deadlines":[{"kind":"party","due_date":"2025-01-01"}]}"#,
        );
        assert!(
            bad_kind
                .unwrap_err()
                .contains("unknown deadline kind 'party'")
        );
        let bad_date = parse_jsonl_item(
            r#"{"name":"X","deadlines":[{"kind":"submission","due_date":"2025-02-30"}]}"#,
        );
        assert!(bad_date.unwrap_err().contains("2025-02-30"));
    }

    #[test]
    fn an_endless_line_is_one_skipped_item_and_the_rest_imports() {
        let mut text = String::from("{\"name\":\"A\"}\n{\"name\":\"");
        text.push_str(&"x".repeat(super::super::lines::MAX_LINE_BYTES));
        text.push_str("\"}\n{\"name\":\"C\"}\n");
        let items: Vec<_> = read_items(std::io::Cursor::new(text), ImportFormat::Jsonl).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[1].line, 2);
        let reason = items[1].result.as_ref().err().cloned().unwrap_or_default();
        assert!(reason.contains("longer than"), "{reason}");
        assert_eq!(items[2].line, 3);
    }

    #[test]
    fn jsonl_reader_skips_blank_lines_and_counts_lines() {
        let text = "{\"name\":\"A\"}\n\n{broken\n";
        let items: Vec<_> =
            read_items(std::io::Cursor::new(text.to_string()), ImportFormat::Jsonl).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].line, 3);
        assert!(items[1].result.is_err());
        let text = r#"{"name":"A 2026","year":2026,"source":"x","colour":"red","deadlines":[{"kind":"submission","due_date":"2026-01-01","zone":"AoE"}]}"#;
        let items: Vec<_> =
            read_items(std::io::Cursor::new(text.to_string()), ImportFormat::Jsonl).collect();
        let messages: Vec<_> = items[0].notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("`colour` ignored")
                && messages[1].starts_with("`deadlines.zone` ignored")
        );
    }
}
