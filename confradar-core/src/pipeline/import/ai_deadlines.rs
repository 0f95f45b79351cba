//! ai-deadlines: huggingface/ai-deadlines (`src/data/conferences/*.yml`, one
//! file per series, a list of yearly entries with a `deadlines:` list of
//! `{type, label, date, timezone}`) and the older flat layout
//! (paperswithcode/ai-deadlines `_data/conferences.yml`, and some huggingface
//! entries): `deadline` (one or a list), `abstract_deadline`, `timezone`.
//!
//! How each `type` of the `deadlines:` list is stored:
//!
//! | type | kind | track |
//! |---|---|---|
//! | `paper`, `submission` | submission | |
//! | `abstract` | abstract | |
//! | `supplementary` | supplementary | |
//! | `rebuttal_start` + `rebuttal_end` | rebuttal: one deadline, the period (`due_date` the start, `end_date` the end, the time and zone of the end) | |
//! | `rebuttal`, `author_response` | rebuttal | |
//! | `notification`, `first-/final-notification` | notification | |
//! | `review_release` | notification | `reviews` |
//! | `commitment_deadline` | submission | `commitment` (the ARR convention) |
//! | `camera_ready`, `camera-ready` | camera_ready | |
//! | `registration` | registration | |
//! | anything else (`withdrawal`, …) | other | the type, the label kept |
//!
//! `review_release` is when reviews reach the authors: a notification, but on
//! its own track so it never takes the place of the acceptance notification.
//! Several deadlines of one kind and track (two notifications) are kept in
//! order, as ordinals. The flat `review_release_date`, `rebuttal_period_end`
//! and `final_decision_date` are read the same way.

use chrono::{NaiveDate, NaiveTime};
use serde_yaml_ng::Value;

use super::values::{Collector, Slot, day, event_dates, no_range, rankings};
use super::yaml::{Fields, ItemText, parse_item, text_list};
use super::{
    FileInfo, ImportNote, NoteKind, community_source, event_days, kind_of, report_ignored, year_of,
};
use crate::kind::DeadlineKind;
use crate::repository::{Observation, Ranking, SeriesFacts};

/// Fields read elsewhere or deliberately not stored, with why.
const NOT_STORED: &[(&str, &str)] = &[
    ("hindex", "the h-index is not stored"),
    ("note", "free text; not stored"),
    (
        "venue",
        "the building; the location comes from `place` or `city`/`country`",
    ),
    ("paperslink", "a link to the papers; not stored"),
    ("pwclink", "a link to the papers; not stored"),
];

/// What a `type` stands for.
enum TypeOf {
    Plain(DeadlineKind, Option<&'static str>),
    RebuttalStart,
    RebuttalEnd,
    Unknown(String),
}

fn type_of(raw: &str) -> TypeOf {
    use DeadlineKind as K;
    let t = raw.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    match t.as_str() {
        "paper" | "submission" | "full_paper" | "paper_submission" | "deadline" => {
            TypeOf::Plain(K::Submission, None)
        }
        "abstract" | "abstract_submission" | "abstract_deadline" | "abstract_registration" => {
            TypeOf::Plain(K::Abstract, None)
        }
        "supplementary" | "supplementary_material" | "supplemental" => {
            TypeOf::Plain(K::Supplementary, None)
        }
        "rebuttal_start" | "author_response_start" | "rebuttal_period_start" => {
            TypeOf::RebuttalStart
        }
        "rebuttal_end" | "author_response_end" | "rebuttal_period_end" => TypeOf::RebuttalEnd,
        "rebuttal" | "author_response" | "rebuttal_and_revision" | "author_feedback" => {
            TypeOf::Plain(K::Rebuttal, None)
        }
        "notification"
        | "first_notification"
        | "final_notification"
        | "decision"
        | "final_decision"
        | "final_decision_date" => TypeOf::Plain(K::Notification, None),
        "review_release" | "review_release_date" | "reviews_released" => {
            TypeOf::Plain(K::Notification, Some("reviews"))
        }
        "commitment_deadline" | "commitment" => TypeOf::Plain(K::Submission, Some("commitment")),
        "camera_ready" | "cameraready" | "camera" | "final_version" => {
            TypeOf::Plain(K::CameraReady, None)
        }
        "registration" | "author_registration" => TypeOf::Plain(K::Registration, None),
        _ => TypeOf::Unknown(t),
    }
}

/// One end of a rebuttal period, waiting for its other end.
struct PeriodEnd {
    date: NaiveDate,
    time: Option<NaiveTime>,
    timezone: Option<String>,
    label: Option<String>,
    field: String,
    line: usize,
}

/// Parses one ai-deadlines entry (either layout).
pub(super) fn parse(
    item: &ItemText<'_>,
    file: &FileInfo,
    notes: &mut Vec<ImportNote>,
) -> Result<Vec<Observation>, String> {
    let mut fields = Fields::new(parse_item(item, notes)?);
    let first = item.first_line;
    let title = fields.text("title").ok_or("no `title`")?;
    let year = year_of(fields.take("year").as_ref());
    let id = fields.text("id");
    let full_name = fields.text("full_name");
    let zone = fields.text("timezone");
    let mut collector = Collector::default();
    let mut starts = Vec::new();
    let mut ends = Vec::new();

    if let Some(list) = fields.take("deadlines") {
        let mut from = item.line_of_top_key("deadlines");
        for entry in list.as_sequence().into_iter().flatten() {
            let line = item.line_of_key("type", from).max(from);
            from = line + 1;
            read_listed(
                entry,
                line,
                zone.as_deref(),
                item,
                &mut collector,
                &mut starts,
                &mut ends,
            );
        }
    }
    // The flat layout: one or several values per field.
    for (field, kind) in [
        (
            "abstract_deadline",
            TypeOf::Plain(DeadlineKind::Abstract, None),
        ),
        ("deadline", TypeOf::Plain(DeadlineKind::Submission, None)),
        ("review_release_date", type_of("review_release")),
        ("rebuttal_period_start", TypeOf::RebuttalStart),
        ("rebuttal_period_end", TypeOf::RebuttalEnd),
        ("final_decision_date", type_of("final_decision")),
    ] {
        let Some(value) = fields.take(field) else {
            continue;
        };
        let line = item.line_of_top_key(field);
        let values = match value {
            Value::Sequence(values) => values,
            one => vec![one],
        };
        for value in &values {
            add_typed(
                &kind,
                value,
                None,
                zone.clone(),
                field,
                line,
                &mut collector,
                &mut starts,
                &mut ends,
            );
        }
    }
    pair_rebuttals(starts, ends, &mut collector);

    let start = fields.take("start").as_ref().and_then(day);
    let end = fields.take("end").as_ref().and_then(day);
    let date_field = if fields.has("date") { "date" } else { "data" };
    let date_text = fields.text(date_field);
    let date_line = item.line_of_top_key(date_field);
    let (start, end) = match (start, end, date_text) {
        (None, None, Some(text)) => match event_dates(&text, year) {
            Some((s, e)) => (Some(s), Some(e)),
            None => {
                collector.note(
                    date_line,
                    NoteKind::IgnoredField,
                    format!("`{date_field}` ignored: {}", no_range(&text)),
                );
                (None, None)
            }
        },
        (s, e, Some(_)) => {
            collector.note(
                date_line,
                NoteKind::IgnoredField,
                format!("`{date_field}` ignored: the days in words; `start`/`end` are used"),
            );
            (s, e)
        }
        (s, e, None) => (s, e),
    };
    let (start_date, end_date) = event_days(
        start,
        end,
        item.line_of_top_key("end"),
        &mut collector.notes,
    );

    let place = fields.text("place");
    let city = fields.text("city");
    let country = fields.text("country");
    let location = place.or_else(|| {
        let parts: Vec<_> = [city, country].into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    });
    let mut ranks = fields
        .text("rankings")
        .map(|r| rankings(&r))
        .unwrap_or_default();
    if let Some(era) = fields.text("era_rating") {
        ranks.push(Ranking {
            system: "ERA".to_string(),
            rank: era.to_ascii_uppercase(),
        });
    }
    let facts = SeriesFacts {
        categories: text_list(fields.take("sub").as_ref()),
        rankings: ranks,
        tags: text_list(fields.take("tags").as_ref()),
        description: None,
    };
    let homepage = fields.text("link");
    report_ignored(fields, item, first, NOT_STORED, &mut collector.notes);
    notes.append(&mut collector.notes);

    let entry = id.clone().unwrap_or_else(|| {
        format!(
            "{title} {}",
            year.map(|y| y.to_string()).unwrap_or_default()
        )
    });
    let name = full_name.unwrap_or_else(|| title.clone());
    Ok(vec![Observation {
        key: id,
        name: name.clone(),
        acronym: Some(title),
        year,
        location,
        start_date,
        end_date,
        homepage,
        kind: kind_of(&name),
        source: Some(community_source("ai-deadlines", &file.file_name(), &entry)),
        deadlines: collector.deadlines,
        facts,
        ..Default::default()
    }])
}

/// One `{type, label, date, timezone}` of the `deadlines:` list.
fn read_listed(
    entry: &Value,
    line: usize,
    entry_zone: Option<&str>,
    item: &ItemText<'_>,
    collector: &mut Collector,
    starts: &mut Vec<PeriodEnd>,
    ends: &mut Vec<PeriodEnd>,
) {
    let Some(map) = entry.as_mapping() else {
        collector.note(
            line,
            NoteKind::SkippedDeadline,
            "a `deadlines` entry that is not `{type, label, date, timezone}`".to_string(),
        );
        return;
    };
    let mut fields = Fields::new(map.clone());
    let raw_type = fields.text("type").unwrap_or_default();
    let label = fields.text("label");
    let zone = fields
        .text("timezone")
        .or_else(|| entry_zone.map(str::to_string));
    let Some(date) = fields.take("date") else {
        collector.note(
            line,
            NoteKind::SkippedDeadline,
            format!("the `{raw_type}` deadline has no `date`"),
        );
        report_ignored(fields, item, line, &[], &mut collector.notes);
        return;
    };
    let kind = if raw_type.is_empty() {
        TypeOf::Unknown("untyped".to_string())
    } else {
        type_of(&raw_type)
    };
    // Problems with the value are reported on the `date:` line.
    let line = item.line_of_key("date", line);
    let field = format!(
        "deadlines: {}",
        if raw_type.is_empty() { "?" } else { &raw_type }
    );
    add_typed(
        &kind, &date, label, zone, &field, line, collector, starts, ends,
    );
    report_ignored(fields, item, line, &[], &mut collector.notes);
}

#[allow(clippy::too_many_arguments)] // the parts of one deadline, read by two callers
fn add_typed(
    kind: &TypeOf,
    value: &Value,
    label: Option<String>,
    timezone: Option<String>,
    field: &str,
    line: usize,
    collector: &mut Collector,
    starts: &mut Vec<PeriodEnd>,
    ends: &mut Vec<PeriodEnd>,
) {
    let (kind, track, label) = match kind {
        TypeOf::Plain(kind, track) => (*kind, track.map(str::to_string), label),
        TypeOf::Unknown(t) => (
            DeadlineKind::Other,
            Some(t.clone()),
            label.or_else(|| Some(t.clone())),
        ),
        TypeOf::RebuttalStart | TypeOf::RebuttalEnd => {
            let slot = Slot {
                kind: DeadlineKind::Rebuttal,
                track: None,
                label: None,
                timezone: None,
                field,
                line,
            };
            if let Some((date, time)) = collector.date(value, &slot) {
                let end = PeriodEnd {
                    date,
                    time,
                    timezone,
                    label,
                    field: field.to_string(),
                    line,
                };
                if matches!(kind, TypeOf::RebuttalStart) {
                    starts.push(end)
                } else {
                    ends.push(end)
                }
            }
            return;
        }
    };
    collector.add(
        value,
        Slot {
            kind,
            track,
            label,
            timezone,
            field,
            line,
        },
    );
}

/// The i-th rebuttal start with the i-th end, as one period; a lone end or
/// start (or an end before its start) is a rebuttal deadline of its own.
fn pair_rebuttals(starts: Vec<PeriodEnd>, ends: Vec<PeriodEnd>, collector: &mut Collector) {
    let mut starts = starts.into_iter();
    let mut ends = ends.into_iter();
    loop {
        match (starts.next(), ends.next()) {
            (Some(start), Some(end)) if end.date >= start.date => {
                let label = match (start.label, end.label.clone()) {
                    (Some(a), Some(b)) => Some(format!("{a} – {b}")),
                    (a, b) => b.or(a),
                };
                let slot = Slot {
                    kind: DeadlineKind::Rebuttal,
                    track: None,
                    label,
                    timezone: end.timezone.or(start.timezone),
                    field: &end.field,
                    line: end.line,
                };
                collector.push(slot, start.date, Some(end.date), end.time, None);
            }
            (None, None) => return,
            (start, end) => {
                for single in [start, end].into_iter().flatten() {
                    let slot = Slot {
                        kind: DeadlineKind::Rebuttal,
                        track: None,
                        label: single.label,
                        timezone: single.timezone,
                        field: &single.field,
                        line: single.line,
                    };
                    collector.push(slot, single.date, None, single.time, None);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::import::{ImportFormat, read_file_items};
    use crate::repository::SourceAuthority;

    fn items(yaml: &str) -> Vec<crate::pipeline::import::ImportItem> {
        read_file_items(
            std::io::Cursor::new(yaml.to_string()),
            ImportFormat::AiDeadlines,
            Some(std::path::Path::new("/x/src/data/conferences/conf.yml")),
        )
        .collect()
    }

    #[test]
    fn every_listed_type_is_kept() {
        let yaml = "\
- title: CONF
  year: 2026
  id: conf26
  full_name: Conference on Things
  link: https://conf.example/2026
  deadlines:
    - type: abstract
      label: Abstracts
      date: '2025-07-25 23:59:59'
      timezone: AoE
    - type: paper
      label: Papers
      date: '2025-08-01 23:59:59'
      timezone: AoE
    - type: rebuttal_start
      label: Feedback opens
      date: '2025-10-07 23:59:59'
      timezone: AoE
    - type: rebuttal_end
      label: Feedback closes
      date: '2025-10-13 12:00:00'
      timezone: UTC
    - type: review_release
      label: Reviews out
      date: '2025-10-01 00:00:00'
      timezone: AoE
    - type: commitment_deadline
      label: ARR commitment
      date: '2025-11-01 23:59:59'
      timezone: AoE
    - type: camera-ready
      label: Final
      date: '2025-12-01 23:59:59'
      timezone: AoE
    - type: notification
      label: Phase 1
      date: '2025-09-15 23:59:59'
      timezone: AoE
    - type: notification
      label: Final
      date: '2025-11-08 23:59:59'
      timezone: AoE
    - type: withdrawal
      label: Withdrawal deadline
      date: '2025-11-20 23:59:59'
      timezone: AoE
    - type: paper
      label: Late
      date: 'next week'
      timezone: AoE
  start: 2026-02-25
  end: 2026-03-04
  city: Philadelphia
  country: USA
  tags: [machine-learning, vision]
  rankings: 'CCF: A, CORE: A*, THCPL: A'
  era_rating: a
  hindex: 212
";
        let items = items(yaml);
        let item = &items[0];
        let obs = &item.result.as_ref().unwrap()[0];
        let kinds: Vec<_> = obs
            .deadlines
            .iter()
            .map(|d| (d.kind.as_str(), d.track.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("abstract", None),
                ("submission", None),
                ("notification", Some("reviews")),
                ("submission", Some("commitment")),
                ("camera_ready", None),
                ("notification", None),
                ("notification", None),
                ("other", Some("withdrawal")),
                ("rebuttal", None),
            ]
        );
        let rebuttal = &obs.deadlines[8];
        assert_eq!(rebuttal.due_date.to_string(), "2025-10-07");
        assert_eq!(
            rebuttal.end_date.map(|d| d.to_string()).as_deref(),
            Some("2025-10-13")
        );
        assert_eq!(
            rebuttal.time.map(|t| t.to_string()).as_deref(),
            Some("12:00:00")
        );
        assert_eq!(rebuttal.timezone.as_deref(), Some("UTC"));
        assert_eq!(
            obs.deadlines[7].label.as_deref(),
            Some("Withdrawal deadline")
        );
        // The bad date is a skipped deadline with its line; the h-index an ignored field.
        assert_eq!(item.deadlines_skipped(), 1);
        assert_eq!(item.deadlines_read(), 10);
        let bad = item
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::SkippedDeadline)
            .unwrap();
        assert_eq!(bad.line, 49, "{bad:?}");
        assert!(bad.message.contains("next week"));
        assert!(item.notes.iter().any(|n| n.kind == NoteKind::IgnoredField
            && n.message.contains("hindex")
            && n.line == 58));
        assert_eq!(obs.location.as_deref(), Some("Philadelphia, USA"));
        assert_eq!(obs.facts.rankings.len(), 4);
        assert_eq!(obs.facts.tags, vec!["machine-learning", "vision"]);
        assert_eq!(obs.homepage.as_deref(), Some("https://conf.example/2026"));
        let source = obs.source.as_ref().unwrap();
        assert_eq!(source.url, "ai-deadlines:conf.yml#conf26");
        assert_eq!(source.authority, SourceAuthority::Community);
    }

    #[test]
    fn the_flat_layout_reads_lists_and_quirks() {
        let yaml = "\
- title: CIKM
  year: 2024
  id: CIKM24
  link: https://cikm2024.org/
  deadline: ['2024-05-20 23:59', '2024-6-1 23:59']
  abstract_deadline: TBD
  timezone: UTC-12
  place: Boise, Idaho, USA
  data: October 21 - October 25, 2024
  sub: ['DM', 'KR']
- title: NeurIPS
  year: 2024
  deadline: '2024-05-22 23:59:59'
  start: 2024-12-09
  end: 2023-12-15
  date: December 9 - December 15, 2024
";
        let items = items(yaml);
        let cikm = &items[0].result.as_ref().unwrap()[0];
        assert_eq!(cikm.deadlines.len(), 2);
        assert_eq!(cikm.deadlines[1].due_date.to_string(), "2024-06-01");
        assert_eq!(cikm.deadlines[0].timezone.as_deref(), Some("UTC-12"));
        assert_eq!(
            cikm.start_date.map(|d| d.to_string()).as_deref(),
            Some("2024-10-21")
        );
        assert_eq!(cikm.facts.categories, vec!["DM", "KR"]);
        assert!(
            items[0]
                .notes
                .iter()
                .any(|n| n.kind == NoteKind::NotAnnounced && n.line == 6)
        );
        let neurips = &items[1];
        let obs = &neurips.result.as_ref().unwrap()[0];
        assert_eq!(obs.end_date, None);
        assert!(
            neurips
                .notes
                .iter()
                .any(|n| n.message.contains("before the start") && n.line == 15)
        );
    }
}
