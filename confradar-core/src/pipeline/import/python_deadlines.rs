//! python-deadlines (JesperDramsch/python-deadlines, `_data/conferences.yml`):
//! `conference`, `year`, `link`, `cfp` (`'YYYY-MM-DD HH:MM:SS'`, or `TBA`,
//! `Cancelled`, `None`), `cfp_ext`, `workshop_deadline`, `tutorial_deadline`,
//! `timezone` (an IANA name; none means AoE, written as `AoE`), `sub`
//! (`"PY,DATA"`), `place`, `start`, `end`.
//!
//! `cfp_ext` is an extension of `cfp`: one submission deadline whose value is
//! the extension and whose [`PriorValue`] is `cfp`, so the store keeps the
//! extension in the history. `workshop_deadline` and `tutorial_deadline` are
//! submission deadlines on the `workshop` and `tutorial` tracks.

use super::values::{Collector, Slot, day};
use super::yaml::{Fields, ItemText, parse_item, text_list};
use super::{
    FileInfo, ImportNote, NoteKind, community_source, event_days, report_ignored, split_title,
    year_of,
};
use crate::kind::DeadlineKind;
use crate::repository::{ConferenceKind, Observation, PriorValue, SeriesFacts};

const NOT_STORED: &[(&str, &str)] = &[
    ("alt_name", "other names are not stored with imported data"),
    ("cfp_link", "the CFP page is not crawled from imports"),
    (
        "location",
        "map coordinates; the location comes from `place`",
    ),
    ("sponsor", "not stored"),
    ("finaid", "not stored"),
    ("twitter", "social links are not stored"),
    ("mastodon", "social links are not stored"),
    ("bluesky", "social links are not stored"),
    ("youtube", "social links are not stored"),
    ("note", "free text; not stored"),
];

/// Parses one python-deadlines entry.
pub(super) fn parse(
    item: &ItemText<'_>,
    file: &FileInfo,
    notes: &mut Vec<ImportNote>,
) -> Result<Vec<Observation>, String> {
    let first = item.first_line;
    let mut fields = Fields::new(parse_item(item, notes)?);
    let conference = fields.text("conference").ok_or("no `conference`")?;
    let year = year_of(fields.take("year").as_ref());
    let zone = fields.text("timezone").unwrap_or_else(|| "AoE".to_string());
    let mut collector = Collector::default();
    let slot = |field: &'static str, track: Option<&str>, label: Option<&str>| Slot {
        kind: DeadlineKind::Submission,
        track: track.map(str::to_string),
        label: label.map(str::to_string),
        timezone: Some(zone.clone()),
        field,
        line: item.line_of_top_key(field),
    };

    // The call and its extension: one deadline, the extension replacing the call.
    let cfp = fields.take("cfp");
    let cfp_ext = fields.take("cfp_ext");
    let cfp_slot = slot("cfp", None, None);
    let ext_slot = slot("cfp_ext", None, Some("extended"));
    match (cfp, cfp_ext) {
        (cfp, Some(ext)) => {
            let prior = cfp
                .as_ref()
                .and_then(|value| match super::values::when(value) {
                    super::values::When::At(date, time) => Some(PriorValue {
                        due_date: date,
                        time,
                        timezone: Some(zone.clone()),
                    }),
                    _ => {
                        let written = super::yaml::scalar_text(value).unwrap_or_default();
                        collector.note(
                            cfp_slot.line,
                            NoteKind::IgnoredField,
                            format!(
                                "`cfp` ignored: '{written}' is no date; `cfp_ext` is used alone"
                            ),
                        );
                        None
                    }
                });
            if let Some((date, time)) = collector.date(&ext, &ext_slot) {
                collector.push(ext_slot, date, None, time, prior);
            } else if let Some(prior) = prior {
                // The extension is unreadable: the call itself still stands.
                collector.push(cfp_slot, prior.due_date, None, prior.time, None);
            }
        }
        (Some(cfp), None) => collector.add(&cfp, cfp_slot),
        (None, None) => collector.note(
            first,
            NoteKind::NotAnnounced,
            "no `cfp`: not announced, no deadline".to_string(),
        ),
    }
    for (field, track) in [
        ("workshop_deadline", "workshop"),
        ("tutorial_deadline", "tutorial"),
    ] {
        if let Some(value) = fields.take(field) {
            collector.add(&value, slot(field, Some(track), None));
        }
    }

    let start = fields.take("start").as_ref().and_then(day);
    let end = fields.take("end").as_ref().and_then(day);
    let (start_date, end_date) = event_days(
        start,
        end,
        item.line_of_top_key("end"),
        &mut collector.notes,
    );
    let location = fields.text("place");
    let homepage = fields.text("link");
    let categories = text_list(fields.take("sub").as_ref());
    report_ignored(fields, item, first, NOT_STORED, &mut collector.notes);
    notes.append(&mut collector.notes);

    let (acronym, name) = split_title(&conference);
    let entry = format!(
        "{conference} {}",
        year.map(|y| y.to_string()).unwrap_or_default()
    );
    Ok(vec![Observation {
        key: None,
        name,
        acronym,
        year,
        location,
        start_date,
        end_date,
        homepage,
        kind: ConferenceKind::Conference,
        source: Some(community_source(
            "python-deadlines",
            &file.file_name(),
            &entry,
        )),
        deadlines: collector.deadlines,
        facts: SeriesFacts {
            categories,
            ..Default::default()
        },
        ..Default::default()
    }])
}

#[cfg(test)]
mod tests {
    use crate::pipeline::import::{ImportFormat, NoteKind, read_file_items};

    #[test]
    fn an_extension_replaces_the_call_and_placeholders_are_not_lost() {
        let yaml = "\
---

- conference: PyCon Testland
  year: 2026
  link: https://pycon.test/
  cfp: '2026-01-10 23:59:00'
  cfp_ext: '2026-01-17 23:59:00'
  tutorial_deadline: '2026-01-05 23:59:00'
  timezone: Europe/Berlin
  place: Berlin, Germany
  start: 2026-04-01
  end: 2026-04-03
  sub: PY,DATA
  twitter: pytest
- conference: PyCon Later
  year: 2027
  cfp: TBA
  place: Online
  start: 2027-01-01
  end: 2027-01-02
  sub: PY
";
        let items: Vec<_> = read_file_items(
            std::io::Cursor::new(yaml.to_string()),
            ImportFormat::PythonDeadlines,
            None,
        )
        .collect();
        let obs = &items[0].result.as_ref().unwrap()[0];
        assert_eq!(obs.deadlines.len(), 2);
        let sub = &obs.deadlines[0];
        assert_eq!(sub.due_date.to_string(), "2026-01-17");
        let prior = sub.replaces.as_ref().unwrap();
        assert_eq!(prior.due_date.to_string(), "2026-01-10");
        assert_eq!(prior.timezone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(obs.deadlines[1].track.as_deref(), Some("tutorial"));
        assert_eq!(obs.facts.categories, vec!["PY", "DATA"]);
        assert_eq!(
            obs.source.as_ref().unwrap().url,
            "python-deadlines:-#pycon-testland-2026"
        );
        assert!(
            items[0]
                .notes
                .iter()
                .any(|n| n.kind == NoteKind::IgnoredField && n.line == 14)
        );
        let later = &items[1];
        assert!(later.result.as_ref().unwrap()[0].deadlines.is_empty());
        assert_eq!(later.deadlines_read(), 0);
        assert!(
            later
                .notes
                .iter()
                .any(|n| n.kind == NoteKind::NotAnnounced && n.line == 17)
        );
    }
}
