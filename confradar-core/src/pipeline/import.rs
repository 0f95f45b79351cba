//! Bulk import of structured deadline data, streamed item by item so memory
//! stays flat however large the file:
//!
//! - `jsonl`: one item per line, `{"key","name","year","homepage","url","source",
//!   "scraped_at","deadlines":[{"kind","due_date","timezone"}]}`;
//! - `ai-deadlines`: the `conferences.yml` of the community AI-deadlines sites;
//! - `ccf`: the per-conference YAML files of ccf-deadlines.
//!
//! YAML files are lists; each top-level `- ` item is cut out and parsed on
//! its own, so a bad item is reported with its line number and skipped.

use std::io::BufRead;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;

use crate::kind::DeadlineKind;
use crate::repository::{ConferenceKind, Observation, ObservedDeadline, ObservedSource};

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// JSON Lines, one item per line.
    Jsonl,
    /// AI-deadlines `conferences.yml`.
    AiDeadlines,
    /// ccf-deadlines per-conference YAML.
    Ccf,
}

impl FromStr for ImportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jsonl" | "json-lines" | "ndjson" => Ok(Self::Jsonl),
            "ai-deadlines" | "aideadlines" | "ai_deadlines" => Ok(Self::AiDeadlines),
            "ccf" | "ccf-deadlines" => Ok(Self::Ccf),
            other => Err(format!(
                "unknown import format '{other}': expected jsonl, ai-deadlines or ccf"
            )),
        }
    }
}

/// One item of an import file: its first line and what it held.
#[derive(Debug)]
pub struct ImportItem {
    /// 1-based line where the item starts.
    pub line: usize,
    /// The observations it holds (a ccf item holds one per year), or why it was skipped.
    pub result: Result<Vec<Observation>, String>,
}

/// Reads items one at a time from `reader`.
pub fn read_items<R: BufRead + 'static>(
    reader: R,
    format: ImportFormat,
) -> Box<dyn Iterator<Item = ImportItem>> {
    match format {
        ImportFormat::Jsonl => Box::new(JsonLines {
            lines: reader.lines(),
            line: 0,
        }),
        ImportFormat::AiDeadlines => {
            Box::new(YamlItems::new(reader).map(|(line, text)| ImportItem {
                line,
                result: parse_ai_deadlines_item(&text).map(|o| vec![o]),
            }))
        }
        ImportFormat::Ccf => Box::new(YamlItems::new(reader).map(|(line, text)| ImportItem {
            line,
            result: parse_ccf_item(&text),
        })),
    }
}

struct JsonLines<L> {
    lines: L,
    line: usize,
}

impl<L: Iterator<Item = std::io::Result<String>>> Iterator for JsonLines<L> {
    type Item = ImportItem;

    fn next(&mut self) -> Option<ImportItem> {
        loop {
            let text = self.lines.next()?;
            self.line += 1;
            let line = self.line;
            let text = match text {
                Ok(text) => text,
                Err(e) => {
                    return Some(ImportItem {
                        line,
                        result: Err(format!("cannot read the line: {e}")),
                    });
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            return Some(ImportItem {
                line,
                result: parse_jsonl_item(&text).map(|o| vec![o]),
            });
        }
    }
}

#[derive(Deserialize)]
struct JsonItem {
    key: Option<String>,
    name: String,
    year: Option<i32>,
    homepage: Option<String>,
    url: Option<String>,
    #[serde(default)]
    deadlines: Vec<JsonDeadline>,
}

#[derive(Deserialize)]
struct JsonDeadline {
    kind: String,
    due_date: String,
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
        deadlines.push(ObservedDeadline {
            kind,
            track: d.track,
            due_date,
            end_date: None,
            time,
            timezone: d.timezone,
            label: d.label,
            replaces: None,
        });
    }
    Ok(Observation {
        key: item.key,
        name,
        acronym,
        year: item.year,
        homepage: item.homepage.clone(),
        kind: kind_of(&item.name),
        source: item.url.or(item.homepage).map(|url| ObservedSource {
            url,
            ..Default::default()
        }),
        deadlines,
        ..Default::default()
    })
}

#[derive(Deserialize)]
struct AiDeadlinesItem {
    title: String,
    year: Option<i32>,
    id: Option<String>,
    full_name: Option<String>,
    link: Option<String>,
    deadline: Option<OneOrMany>,
    abstract_deadline: Option<OneOrMany>,
    timezone: Option<String>,
    place: Option<String>,
    start: Option<serde_yaml_ng::Value>,
    end: Option<serde_yaml_ng::Value>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn all(&self) -> Vec<&str> {
        match self {
            Self::One(s) => vec![s.as_str()],
            Self::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

fn yaml_date(value: Option<&serde_yaml_ng::Value>) -> Option<NaiveDate> {
    let text = match value? {
        serde_yaml_ng::Value::String(s) => s.clone(),
        other => serde_yaml_ng::to_string(other).ok()?.trim().to_string(),
    };
    parse_when(&text).ok().map(|(d, _)| d)
}

/// Parses one AI-deadlines item.
///
/// # Errors
/// A sentence naming what is wrong.
pub fn parse_ai_deadlines_item(text: &str) -> Result<Observation, String> {
    let mut items: Vec<AiDeadlinesItem> =
        serde_yaml_ng::from_str(text).map_err(|e| format!("not a valid item: {e}"))?;
    let item = items.pop().ok_or("empty item")?;
    let mut deadlines = Vec::new();
    for (kind, values) in [
        (DeadlineKind::Abstract, &item.abstract_deadline),
        (DeadlineKind::Submission, &item.deadline),
    ] {
        for value in values.iter().flat_map(OneOrMany::all) {
            if is_tbd(value) {
                continue;
            }
            let (due_date, time) = parse_when(value)?;
            deadlines.push(ObservedDeadline {
                kind,
                track: None,
                due_date,
                end_date: None,
                time,
                timezone: item.timezone.clone(),
                label: None,
                replaces: None,
            });
        }
    }
    Ok(Observation {
        key: item.id,
        name: item.full_name.clone().unwrap_or_else(|| item.title.clone()),
        acronym: Some(item.title.clone()),
        year: item.year,
        location: item.place,
        start_date: yaml_date(item.start.as_ref()),
        end_date: yaml_date(item.end.as_ref()),
        homepage: item.link.clone(),
        kind: kind_of(item.full_name.as_deref().unwrap_or(&item.title)),
        source: item.link.map(|url| ObservedSource {
            url,
            ..Default::default()
        }),
        deadlines,
        ..Default::default()
    })
}

#[derive(Deserialize)]
struct CcfItem {
    title: String,
    description: Option<String>,
    #[serde(default)]
    confs: Vec<CcfConf>,
}

#[derive(Deserialize)]
struct CcfConf {
    year: Option<i32>,
    id: Option<String>,
    link: Option<String>,
    #[serde(default)]
    timeline: Vec<CcfTimeline>,
    timezone: Option<String>,
    place: Option<String>,
}

#[derive(Deserialize)]
struct CcfTimeline {
    deadline: Option<String>,
    abstract_deadline: Option<String>,
    comment: Option<String>,
}

/// Parses one ccf-deadlines item (a series with its yearly editions).
///
/// # Errors
/// A sentence naming what is wrong.
pub fn parse_ccf_item(text: &str) -> Result<Vec<Observation>, String> {
    let mut items: Vec<CcfItem> =
        serde_yaml_ng::from_str(text).map_err(|e| format!("not a valid item: {e}"))?;
    let item = items.pop().ok_or("empty item")?;
    let mut out = Vec::new();
    for conf in item.confs {
        let mut deadlines = Vec::new();
        for entry in &conf.timeline {
            // Several timeline entries are rounds; their comment names them.
            let track = if conf.timeline.len() > 1 {
                entry.comment.clone()
            } else {
                None
            };
            for (kind, value) in [
                (DeadlineKind::Abstract, &entry.abstract_deadline),
                (DeadlineKind::Submission, &entry.deadline),
            ] {
                let Some(value) = value.as_deref().filter(|v| !is_tbd(v)) else {
                    continue;
                };
                let (due_date, time) = parse_when(value)?;
                deadlines.push(ObservedDeadline {
                    kind,
                    track: track.clone(),
                    due_date,
                    end_date: None,
                    time,
                    timezone: conf.timezone.clone(),
                    label: entry.comment.clone(),
                    replaces: None,
                });
            }
        }
        out.push(Observation {
            key: conf.id,
            name: item
                .description
                .clone()
                .unwrap_or_else(|| item.title.clone()),
            acronym: Some(item.title.clone()),
            year: conf.year,
            location: conf.place,
            homepage: conf.link.clone(),
            kind: kind_of(item.description.as_deref().unwrap_or(&item.title)),
            source: conf.link.map(|url| ObservedSource {
                url,
                ..Default::default()
            }),
            deadlines,
            ..Default::default()
        });
    }
    Ok(out)
}

fn is_tbd(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    v.is_empty() || v == "tbd" || v == "tba" || v == "none"
}

/// `2025-05-16`, `2025-05-16 23:59`, `2025-05-16 23:59:59`, `2025-05-16T23:59:59`.
fn parse_when(text: &str) -> Result<(NaiveDate, Option<NaiveTime>), String> {
    let text = text.trim();
    let (date_part, time_part) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (text, None),
    };
    let date = NaiveDate::parse_from_str(date_part, "%Y-%m-%d").map_err(|_| {
        format!("bad date '{text}': expected YYYY-MM-DD (optionally with HH:MM[:SS])")
    })?;
    let time = match time_part.filter(|t| !t.is_empty()) {
        Some(t) => Some(
            NaiveTime::parse_from_str(t, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
                .map_err(|_| format!("bad time in '{text}': expected HH:MM or HH:MM:SS"))?,
        )
        .map(|t| t.with_second_zero()),
        None => None,
    };
    Ok((date, time))
}

trait SecondZero {
    fn with_second_zero(self) -> Self;
}

impl SecondZero for NaiveTime {
    fn with_second_zero(self) -> Self {
        chrono::Timelike::with_second(&self, 0).unwrap_or(self)
    }
}

/// "NeurIPS 2024 : Conference on Neural …" → (NeurIPS, Conference on Neural …);
/// "ICML 2024" → (ICML, ICML 2024); a long name alone has no acronym.
fn split_title(title: &str) -> (Option<String>, String) {
    let strip_year = |s: &str| {
        s.split_whitespace()
            .filter(|w| !(w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some((head, rest)) = title.split_once(" : ").or_else(|| title.split_once(": ")) {
        let acronym = strip_year(head);
        if !acronym.is_empty() && !acronym.contains(' ') {
            return (Some(acronym), rest.trim().to_string());
        }
    }
    let bare = strip_year(title);
    let looks_like_acronym = !bare.is_empty()
        && !bare.contains(' ')
        && bare.chars().filter(char::is_ascii_uppercase).count() >= 2;
    if looks_like_acronym {
        (Some(bare), title.trim().to_string())
    } else {
        (None, title.trim().to_string())
    }
}

fn kind_of(name: &str) -> ConferenceKind {
    if name.to_ascii_lowercase().contains("workshop") {
        ConferenceKind::Workshop
    } else {
        ConferenceKind::Conference
    }
}

/// Cuts a YAML list into its top-level items (`- ` at column 0), with the
/// line each starts on, without holding the whole file.
struct YamlItems<R> {
    lines: std::io::Lines<R>,
    line: usize,
    pending: Option<(usize, String)>,
    done: bool,
}

impl<R: BufRead> YamlItems<R> {
    fn new(reader: R) -> Self {
        Self {
            lines: reader.lines(),
            line: 0,
            pending: None,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for YamlItems<R> {
    type Item = (usize, String);

    fn next(&mut self) -> Option<(usize, String)> {
        if self.done {
            return None;
        }
        loop {
            match self.lines.next() {
                Some(Ok(text)) => {
                    self.line += 1;
                    if text.starts_with("- ") || text == "-" {
                        let finished = self.pending.replace((self.line, format!("{text}\n")));
                        if finished.is_some() {
                            return finished;
                        }
                    } else if let Some((_, body)) = self.pending.as_mut() {
                        body.push_str(&text);
                        body.push('\n');
                    }
                    // Lines before the first item (comments, `---`) are skipped.
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Some((self.line + 1, format!("!! unreadable: {e}")));
                }
                None => {
                    self.done = true;
                    return self.pending.take();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_items_split_acronym_and_name() {
        let obs = parse_jsonl_item(r#"{"key":"neurips24","name":"NeurIPS 2024 : Conference on Neural Information Processing Systems","year":2024,"url":"http://x/cfp","deadlines":[{"kind":"submission","due_date":"2024-05-15","timezone":"AoE"}]}"#).unwrap();
        assert_eq!(obs.acronym.as_deref(), Some("NeurIPS"));
        assert_eq!(
            obs.name,
            "Conference on Neural Information Processing Systems"
        );
        assert_eq!(obs.deadlines[0].due_date.to_string(), "2024-05-15");
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
    fn jsonl_reader_skips_blank_lines_and_counts_lines() {
        let text = "{\"name\":\"A\"}\n\n{broken\n";
        let items: Vec<_> =
            read_items(std::io::Cursor::new(text.to_string()), ImportFormat::Jsonl).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].line, 3);
        assert!(items[1].result.is_err());
    }

    #[test]
    fn ai_deadlines_items_parse() {
        let yaml = "# comment\n- title: NeurIPS\n  year: 2025\n  id: neurips25\n  full_name: Conference on Neural Information Processing Systems\n  link: https://neurips.cc/Conferences/2025\n  deadline: '2025-05-16 23:59:59'\n  abstract_deadline: '2025-05-11 23:59:59'\n  timezone: AoE\n  place: San Diego, USA\n  start: 2025-12-02\n  end: 2025-12-07\n- title: BAD\n  deadline: 'soon'\n";
        let items: Vec<_> = read_items(
            std::io::Cursor::new(yaml.to_string()),
            ImportFormat::AiDeadlines,
        )
        .collect();
        assert_eq!(items.len(), 2);
        let obs = &items[0].result.as_ref().unwrap()[0];
        assert_eq!(obs.key.as_deref(), Some("neurips25"));
        assert_eq!(obs.deadlines.len(), 2);
        assert_eq!(
            obs.deadlines[1].time.map(|t| t.to_string()).as_deref(),
            Some("23:59:00")
        );
        assert_eq!(
            obs.start_date.map(|d| d.to_string()).as_deref(),
            Some("2025-12-02")
        );
        assert_eq!(items[1].line, 13);
        assert!(items[1].result.as_ref().unwrap_err().contains("soon"));
    }

    #[test]
    fn ccf_items_hold_one_observation_per_year() {
        let yaml = "- title: AAAI\n  description: AAAI Conference on Artificial Intelligence\n  sub: AI\n  confs:\n    - year: 2025\n      id: aaai25\n      link: https://aaai.org/conference/aaai/aaai-25/\n      timeline:\n        - abstract_deadline: '2024-08-07 23:59:59'\n          deadline: '2024-08-15 23:59:59'\n      timezone: UTC-12\n      place: Philadelphia, USA\n    - year: 2026\n      id: aaai26\n      link: https://aaai.org/conference/aaai/aaai-26/\n      timeline:\n        - deadline: TBD\n      timezone: UTC-12\n";
        let items: Vec<_> =
            read_items(std::io::Cursor::new(yaml.to_string()), ImportFormat::Ccf).collect();
        let observations = items[0].result.as_ref().unwrap();
        assert_eq!(observations.len(), 2);
        assert_eq!(observations[0].deadlines.len(), 2);
        assert_eq!(
            observations[0].deadlines[0].timezone.as_deref(),
            Some("UTC-12")
        );
        assert!(observations[1].deadlines.is_empty());
    }
}
