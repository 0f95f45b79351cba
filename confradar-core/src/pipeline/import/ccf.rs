//! ccf-deadlines (ccfddl/ccf-deadlines): `conference/<CATEGORY>/*.yml`, one
//! series per file (`title`, `description`, `sub`, `rank: {ccf, core, thcpl}`,
//! `dblp`) with `confs[]`, its yearly editions (`year`, `id`, `link`,
//! `timeline[]`, `timezone`, `date`, `place`).
//!
//! Each `timeline` entry is a round: its `abstract_deadline` and `deadline`
//! become an abstract and a submission deadline, its `comment` the label.
//! When an edition has several rounds, the comment is also the track
//! ("Main Track", "Poster Paper", "second round"): rounds are often tracks
//! with the same date, which ordinals alone would merge. Rounds without a
//! comment are kept in order as ordinals of the same kind and track. The category (`sub`) becomes a series category, `rank` rankings
//! (as written, `N` included: CCF's "not ranked").

use serde_yaml_ng::Value;

use super::values::{Collector, Slot, event_dates, no_range, placeholder};
use super::yaml::{Fields, ItemText, parse_item, scalar_text, text_list};
use super::{FileInfo, ImportNote, NoteKind, community_source, kind_of, report_ignored, year_of};
use crate::kind::DeadlineKind;
use crate::repository::{Observation, Ranking, SeriesFacts};

const SERIES_NOT_STORED: &[(&str, &str)] = &[("dblp", "the DBLP key is not stored")];

/// Parses one ccf-deadlines series with its editions.
pub(super) fn parse(
    item: &ItemText<'_>,
    file: &FileInfo,
    notes: &mut Vec<ImportNote>,
) -> Result<Vec<Observation>, String> {
    let first = item.first_line;
    let mut fields = Fields::new(parse_item(item, notes)?);
    let title = fields.text("title").ok_or("no `title`")?;
    let description = fields.text("description");
    let categories = text_list(fields.take("sub").as_ref());
    let rankings = match fields.take("rank") {
        Some(Value::Mapping(ranks)) => ranks
            .iter()
            .filter_map(|(system, rank)| {
                Some(Ranking {
                    system: scalar_text(system)?.trim().to_ascii_uppercase(),
                    rank: scalar_text(rank)?.trim().to_string(),
                })
            })
            .filter(|r| !r.rank.is_empty())
            .collect(),
        Some(_) => {
            notes.push(ImportNote {
                line: item.line_of_top_key("rank"),
                kind: NoteKind::IgnoredField,
                message: "`rank` ignored: expected `{ccf, core, thcpl}`".to_string(),
            });
            Vec::new()
        }
        None => Vec::new(),
    };
    let facts = SeriesFacts {
        categories: categories.clone(),
        rankings,
        tags: Vec::new(),
        description: description.clone(),
    };
    let file_path = match categories.first() {
        Some(category) => file.path_from(category),
        None => file.file_name(),
    };
    let name = description.unwrap_or_else(|| title.clone());
    let confs = fields.take("confs");
    let confs_line = item.line_of_top_key("confs");
    report_ignored(fields, item, first, SERIES_NOT_STORED, notes);

    let mut out = Vec::new();
    let mut from = confs_line;
    for conf in confs
        .as_ref()
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let line = item.line_of_key("year", from).max(from);
        from = line + 1;
        let Some(map) = conf.as_mapping() else {
            notes.push(ImportNote {
                line,
                kind: NoteKind::IgnoredField,
                message: "a `confs` entry that is not an edition; ignored".to_string(),
            });
            continue;
        };
        let mut edition = Edition {
            item,
            line,
            collector: Collector::default(),
        };
        let mut obs = edition.read(Fields::new(map.clone()));
        from = edition
            .collector
            .notes
            .iter()
            .map(|n| n.line + 1)
            .fold(from, usize::max);
        notes.append(&mut edition.collector.notes);
        let entry = obs.key.clone().unwrap_or_else(|| {
            format!(
                "{title} {}",
                obs.year.map(|y| y.to_string()).unwrap_or_default()
            )
        });
        obs.name = name.clone();
        obs.acronym = Some(title.clone());
        obs.kind = kind_of(&name);
        obs.source = Some(community_source("ccf-deadlines", &file_path, &entry));
        obs.facts = facts.clone();
        obs.deadlines = edition.collector.deadlines;
        out.push(obs);
    }
    Ok(out)
}

/// One yearly edition being read.
struct Edition<'a, 'b> {
    item: &'a ItemText<'b>,
    line: usize,
    collector: Collector,
}

impl Edition<'_, '_> {
    fn read(&mut self, mut fields: Fields) -> Observation {
        let year = year_of(fields.take("year").as_ref());
        let key = fields.text("id");
        let zone = fields.text("timezone");
        let timeline_line = self.item.line_of_key("timeline", self.line);
        let mut from = timeline_line;
        let timeline = fields.take("timeline");
        let rounds = timeline
            .as_ref()
            .and_then(Value::as_sequence)
            .map_or(&[][..], Vec::as_slice);
        for round in rounds {
            from = self.round(round, from, zone.as_deref(), rounds.len() > 1);
        }
        let (start_date, end_date) = match fields.text("date") {
            Some(text) => match event_dates(&text, year) {
                Some((s, e)) => (Some(s), Some(e)),
                None => {
                    let why = no_range(&text);
                    self.collector.note(
                        self.item.line_of_key("date", self.line),
                        NoteKind::IgnoredField,
                        format!("`date` ignored: {why}"),
                    );
                    (None, None)
                }
            },
            None => (None, None),
        };
        let location = fields.text("place").filter(|p| placeholder(p).is_none());
        let homepage = fields.text("link");
        report_ignored(fields, self.item, self.line, &[], &mut self.collector.notes);
        Observation {
            key,
            year,
            location,
            start_date,
            end_date,
            homepage,
            ..Default::default()
        }
    }

    /// One round; returns the line to search the next round from.
    fn round(&mut self, round: &Value, from: usize, zone: Option<&str>, several: bool) -> usize {
        let Some(map) = round.as_mapping() else {
            return from;
        };
        let mut fields = Fields::new(map.clone());
        let comment = fields.text("comment");
        let mut last = from;
        for (key, kind) in [
            ("abstract_deadline", DeadlineKind::Abstract),
            ("abstract deadline", DeadlineKind::Abstract),
            ("deadline", DeadlineKind::Submission),
        ] {
            let Some(value) = fields.take(key) else {
                continue;
            };
            let line = self.item.line_of_key(key, from);
            last = last.max(line);
            if key == "abstract deadline" {
                self.collector.note(
                    line,
                    NoteKind::IgnoredField,
                    "`abstract deadline` (misspelt) read as `abstract_deadline`".to_string(),
                );
            }
            self.collector.add(
                &value,
                Slot {
                    kind,
                    track: comment.clone().filter(|_| several),
                    label: comment.clone(),
                    timezone: zone.map(str::to_string),
                    field: key,
                    line,
                },
            );
        }
        report_ignored(fields, self.item, from, &[], &mut self.collector.notes);
        last + 1
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::import::{ImportFormat, NoteKind, read_file_items};

    #[test]
    fn series_with_editions_and_rounds() {
        let yaml = "\
- title: SIGMOD
  description: ACM Conference on Management of Data
  sub: DB
  rank:
    ccf: A
    core: A*
    thcpl: A
  dblp: sigmod
  confs:
    - year: 2023
      id: sigmod23
      link: http://2023.sigmod.org/
      timeline:
        - deadline: '2022-04-15 23:59:00'
          comment: first round
        - abstract deadline: '2022-07-08 23:59:00'
          deadline: '2022-07-15 23:59:00'
          comment: second round
      timezone: UTC-8
      date: June 18-23, 2023
      place: Seattle, WA, USA
    - year: 2026
      id: sigmod26
      link: http://2026.sigmod.org/
      timeline:
        - deadline: TBD
      timezone: AoE
      date: TBD
      place: TBD
";
        let items: Vec<_> = read_file_items(
            std::io::Cursor::new(yaml.to_string()),
            ImportFormat::Ccf,
            Some(std::path::Path::new("ccf/conference/DB/sigmod.yml")),
        )
        .collect();
        let item = &items[0];
        let obs = item.result.as_ref().unwrap();
        assert_eq!(obs.len(), 2);
        let first = &obs[0];
        assert_eq!(first.deadlines.len(), 3);
        assert_eq!(first.deadlines[0].label.as_deref(), Some("first round"));
        assert_eq!(first.deadlines[0].track.as_deref(), Some("first round"));
        assert_eq!(first.deadlines[2].track.as_deref(), Some("second round"));
        assert_eq!(first.deadlines[1].kind.as_str(), "abstract");
        assert_eq!(first.deadlines[2].due_date.to_string(), "2022-07-15");
        assert_eq!(first.deadlines[2].timezone.as_deref(), Some("UTC-8"));
        assert_eq!(
            first.start_date.map(|d| d.to_string()).as_deref(),
            Some("2023-06-18")
        );
        assert_eq!(first.location.as_deref(), Some("Seattle, WA, USA"));
        assert_eq!(first.homepage.as_deref(), Some("http://2023.sigmod.org/"));
        assert_eq!(
            first.source.as_ref().unwrap().url,
            "ccf-deadlines:DB/sigmod.yml#sigmod23"
        );
        assert_eq!(first.facts.categories, vec!["DB"]);
        assert_eq!(first.facts.rankings.len(), 3);
        assert_eq!(first.facts.rankings[1].rank, "A*");
        assert_eq!(first.name, "ACM Conference on Management of Data");
        assert_eq!(first.acronym.as_deref(), Some("SIGMOD"));
        assert!(obs[1].deadlines.is_empty() && obs[1].location.is_none());
        let lines = |kind| {
            item.notes
                .iter()
                .filter(|n| n.kind == kind)
                .map(|n| n.line)
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(NoteKind::NotAnnounced), vec![26]);
        assert_eq!(lines(NoteKind::IgnoredField), vec![8, 16, 28]);
        assert_eq!(item.deadlines_read(), 3);
    }
}
