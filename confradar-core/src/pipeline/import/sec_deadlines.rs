//! sec-deadlines (sec-deadlines/sec-deadlines.github.io, `_data/conferences.yml`):
//! `name`, `description`, `year`, `link`, `deadline` (a list of
//! `"YYYY-MM-DD HH:MM"`), `comment`, `date` (days without a year), `place`,
//! `tags`, `timezone`.
//!
//! - Rolling cycles write `%Y` for the year before the conference and `%y`
//!   for the conference year (`"%Y-05-31 23:59"`, `"%y-02-28 23:59"`); they are
//!   expanded for each year the entry names (`year: 2027` or a list).
//! - No `timezone` means AoE, and `AoE` is written into the deadline.
//!   tz-database names are kept exactly as written: `Etc/GMT+8` is UTC−8 by
//!   the POSIX sign inversion, which the time-zone resolver applies.
//! - `tags`: all kept as tags; `CORE-A`/`-B`/`-C` and `ASTAR` (CORE A*) also
//!   become CORE rankings, `SHOP` makes the edition a workshop, and the topic
//!   tags (`SEC`, `PRIV`, `CRYPTO`, …: every tag that is not a venue type or
//!   a ranking) become categories.
//! - Each deadline is a submission round (kept in order as ordinals); the
//!   entry's `comment` is their label.

use chrono::Datelike;
use serde_yaml_ng::Value;

use super::values::{Collector, Slot, event_dates, no_range, placeholder};
use super::yaml::{Fields, ItemText, parse_item, scalar_text, text_list};
use super::{FileInfo, ImportNote, NoteKind, community_source, report_ignored, split_title};
use crate::kind::DeadlineKind;
use crate::repository::{ConferenceKind, Observation, Ranking, SeriesFacts};

const NOT_STORED: &[(&str, &str)] = &[
    ("dblp", "the DBLP link is not stored"),
    ("note", "free text; not stored"),
];

/// Tags that say what kind of venue it is or how it ranks, not its topic.
const NOT_TOPICS: &[&str] = &["CONF", "SHOP", "JRN", "TOP4", "OTHERS", "ASTAR"];

/// Parses one sec-deadlines entry: one observation per year it names.
pub(super) fn parse(
    item: &ItemText<'_>,
    file: &FileInfo,
    notes: &mut Vec<ImportNote>,
) -> Result<Vec<Observation>, String> {
    let first = item.first_line;
    let mut fields = Fields::new(parse_item(item, notes)?);
    let short = fields.text("name").ok_or("no `name`")?;
    let description = fields.text("description");
    let years: Vec<i32> = text_list(fields.take("year").as_ref())
        .iter()
        .filter_map(|y| y.parse().ok())
        .collect();
    let zone = fields.text("timezone").unwrap_or_else(|| "AoE".to_string());
    let comment = fields.text("comment");
    let date_text = fields.text("date");
    let location = fields.text("place").filter(|p| placeholder(p).is_none());
    let homepage = fields.text("link");
    let tags = text_list(fields.take("tags").as_ref());
    let deadline_line = item.line_of_top_key("deadline");
    let deadlines: Vec<Value> = match fields.take("deadline") {
        Some(Value::Sequence(values)) => values,
        Some(one) => vec![one],
        None => Vec::new(),
    };
    report_ignored(fields, item, first, NOT_STORED, notes);

    let facts = facts_of(&tags, description.clone());
    let kind = if tags.iter().any(|t| t.eq_ignore_ascii_case("SHOP")) {
        ConferenceKind::Workshop
    } else {
        ConferenceKind::Conference
    };
    let (acronym, _) = split_title(&short);
    let name = description.unwrap_or_else(|| short.clone());
    let editions: Vec<Option<i32>> = if years.is_empty() {
        vec![None]
    } else {
        years.iter().copied().map(Some).collect()
    };
    let mut per_edition: Vec<Collector> = editions.iter().map(|_| Collector::default()).collect();
    let mut from = deadline_line;
    for value in &deadlines {
        let text = scalar_text(value).unwrap_or_default();
        let line = if text.is_empty() {
            from
        } else {
            item.line_of_text(&text, from)
        };
        from = line;
        let slot = |zone: &str| Slot {
            kind: DeadlineKind::Submission,
            track: None,
            label: comment.clone(),
            timezone: Some(zone.to_string()),
            field: "deadline",
            line,
        };
        if text.contains('%') {
            // A rolling template: one deadline per edition.
            for (edition, collector) in editions.iter().zip(per_edition.iter_mut()) {
                match edition {
                    Some(year) => {
                        let expanded = text
                            .replace("%Y", &(year - 1).to_string())
                            .replace("%y", &year.to_string());
                        collector.add(&Value::String(expanded), slot(&zone));
                    }
                    None => collector.note(
                        line,
                        NoteKind::SkippedDeadline,
                        format!("`deadline` '{text}' is a template and the entry names no `year`"),
                    ),
                }
            }
            continue;
        }
        // A dated value belongs to the first edition it comes before.
        let at = super::values::parse_when(&text).ok().map(|(d, _)| d.year());
        let index = editions
            .iter()
            .position(|e| matches!((e, at), (Some(y), Some(d)) if d <= *y))
            .unwrap_or(editions.len() - 1);
        per_edition[index].add(value, slot(&zone));
    }

    let mut out = Vec::new();
    for (edition, mut collector) in editions.into_iter().zip(per_edition) {
        let (start_date, end_date) = match date_text.as_deref() {
            Some(text) => match event_dates(text, edition) {
                Some((s, e)) => (Some(s), Some(e)),
                None => {
                    collector.note(
                        item.line_of_top_key("date"),
                        NoteKind::IgnoredField,
                        format!("`date` ignored: {}", no_range(text)),
                    );
                    (None, None)
                }
            },
            None => (None, None),
        };
        notes.append(&mut collector.notes);
        let entry = format!(
            "{short} {}",
            edition.map(|y| y.to_string()).unwrap_or_default()
        );
        out.push(Observation {
            key: None,
            name: name.clone(),
            acronym: acronym.clone().or_else(|| Some(short.clone())),
            year: edition,
            location: location.clone(),
            start_date,
            end_date,
            homepage: homepage.clone(),
            kind,
            source: Some(community_source("sec-deadlines", &file.file_name(), &entry)),
            deadlines: collector.deadlines,
            facts: facts.clone(),
            ..Default::default()
        });
    }
    Ok(out)
}

fn facts_of(tags: &[String], description: Option<String>) -> SeriesFacts {
    let mut rankings = Vec::new();
    let mut categories = Vec::new();
    for tag in tags {
        let upper = tag.to_ascii_uppercase();
        if upper == "ASTAR" {
            rankings.push(Ranking {
                system: "CORE".to_string(),
                rank: "A*".to_string(),
            });
        } else if let Some(rank) = upper.strip_prefix("CORE-") {
            rankings.push(Ranking {
                system: "CORE".to_string(),
                rank: rank.to_string(),
            });
        } else if !NOT_TOPICS.contains(&upper.as_str()) {
            categories.push(tag.clone());
        }
    }
    SeriesFacts {
        categories,
        rankings,
        tags: tags.to_vec(),
        description,
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::import::{ImportFormat, NoteKind, read_file_items};
    use crate::timezone::resolve_due_at;

    fn items(yaml: &str) -> Vec<crate::pipeline::import::ImportItem> {
        read_file_items(
            std::io::Cursor::new(yaml.to_string()),
            ImportFormat::SecDeadlines,
            Some(std::path::Path::new("_data/conferences.yml")),
        )
        .collect()
    }

    #[test]
    fn rolling_templates_expand_around_the_conference_year() {
        let yaml = "\
# Privacy
- name: PETS
  description: Privacy Enhancing Technologies Symposium
  year: 2027
  link: https://petsymposium.org/
  dblp: https://dblp.org/db/conf/pet/index.html
  deadline:
    - \"%Y-05-31 23:59\"
    - \"%y-02-28 23:59\"
  comment: Rolling deadline every quarter
  date: July 19-24
  place: Delft, Netherlands
  tags: [PRIV, CONF, CORE-A]
";
        let items = items(yaml);
        let obs = &items[0].result.as_ref().unwrap()[0];
        let dates: Vec<_> = obs
            .deadlines
            .iter()
            .map(|d| d.due_date.to_string())
            .collect();
        assert_eq!(dates, vec!["2026-05-31", "2027-02-28"]);
        assert_eq!(obs.deadlines[0].timezone.as_deref(), Some("AoE"));
        assert_eq!(
            obs.deadlines[0].label.as_deref(),
            Some("Rolling deadline every quarter")
        );
        assert_eq!(
            obs.start_date.map(|d| d.to_string()).as_deref(),
            Some("2027-07-19")
        );
        assert_eq!(obs.facts.categories, vec!["PRIV"]);
        assert_eq!(obs.facts.rankings[0].rank, "A");
        assert_eq!(
            obs.source.as_ref().unwrap().url,
            "sec-deadlines:conferences.yml#pets-2027"
        );
        assert!(
            items[0]
                .notes
                .iter()
                .any(|n| n.kind == NoteKind::IgnoredField && n.line == 6)
        );
    }

    #[test]
    fn posix_zone_names_are_kept_as_written_and_mean_the_opposite_sign() {
        let yaml = "- name: SHOPX\n  description: A Workshop\n  year: 2026\n  deadline: [\"2026-03-01 12:00\", \"soon\"]\n  timezone: Etc/GMT+8\n  tags: [SEC, SHOP]\n";
        let items = items(yaml);
        let obs = &items[0].result.as_ref().unwrap()[0];
        let d = &obs.deadlines[0];
        // The importer emits the zone string unchanged…
        assert_eq!(d.timezone.as_deref(), Some("Etc/GMT+8"));
        // …which the store's resolver reads as UTC−8: 12:00 there is 20:00 UTC.
        let at = resolve_due_at(d.due_date, d.time, d.timezone.as_deref()).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-03-01T20:00:00+00:00");
        assert_eq!(obs.kind, crate::repository::ConferenceKind::Workshop);
        assert_eq!(items[0].deadlines_skipped(), 1);
        assert_eq!(items[0].notes[0].line, 4);
    }
}
