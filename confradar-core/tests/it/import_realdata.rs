//! The importer against the real community data snapshots in
//! `$CONFRADAR_REALDATA` (README there): for each layout, the deadlines the
//! importer reads equal the number an independent reading of the files finds
//! (plain `serde_yaml_ng::Value` walking, nothing shared with the parser),
//! every deadline read is produced or skipped with a reason, and entry by
//! entry the dates agree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use confradar_core::pipeline::import::{Detected, ImportFormat, NoteKind, detect, read_file_items};
use serde_yaml_ng::Value;

fn realdata() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("CONFRADAR_REALDATA")?);
    // Relative paths are taken from the workspace root, as `.ci/run` does.
    Some(if dir.is_relative() {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir)
    } else {
        dir
    })
}

/// The data files under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

// ---- The independent reading -------------------------------------------------

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A value that names a date (anything but the "not yet" words).
fn dated(value: &Value) -> Option<String> {
    let t = text(value)?;
    let lower = t.to_lowercase();
    let empty = [
        "",
        "tbd",
        "tba",
        "tbc",
        "none",
        "null",
        "n/a",
        "cancelled",
        "canceled",
    ];
    (!empty.contains(&lower.as_str())).then(|| normal_day(&t))
}

/// `2024-5-3 23:59` → `2024-05-03` (unchanged when it is no such date).
fn normal_day(t: &str) -> String {
    let day = t.split([' ', 'T']).next().unwrap_or(t);
    let parts: Vec<_> = day
        .split('-')
        .filter_map(|p| p.parse::<u32>().ok())
        .collect();
    match parts[..] {
        [y, m, d] => format!("{y:04}-{m:02}-{d:02}"),
        _ => t.to_string(),
    }
}

fn values(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Sequence(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

/// The dates of one entry's deadline instants, in the file's terms.
fn independent(format: ImportFormat, entry: &Value) -> Vec<String> {
    let mut days = Vec::new();
    match format {
        ImportFormat::AiDeadlines => {
            let (mut starts, mut ends) = (Vec::new(), Vec::new());
            for d in values(entry.get("deadlines")) {
                let Some(day) = d.get("date").and_then(dated) else {
                    continue;
                };
                match d.get("type").and_then(text).unwrap_or_default().as_str() {
                    "rebuttal_start" => starts.push(day),
                    "rebuttal_end" => ends.push(day),
                    _ => days.push(day),
                }
            }
            for key in [
                "deadline",
                "abstract_deadline",
                "review_release_date",
                "final_decision_date",
            ] {
                days.extend(values(entry.get(key)).into_iter().filter_map(dated));
            }
            ends.extend(
                values(entry.get("rebuttal_period_end"))
                    .into_iter()
                    .filter_map(dated),
            );
            // A start and an end make one period, dated by its start.
            let pairs = starts.len().min(ends.len());
            days.extend(starts.iter().cloned());
            days.extend(ends.into_iter().skip(pairs));
        }
        ImportFormat::Ccf => {
            for conf in values(entry.get("confs")) {
                for round in values(conf.get("timeline")) {
                    for key in ["deadline", "abstract_deadline", "abstract deadline"] {
                        days.extend(round.get(key).and_then(dated));
                    }
                }
            }
        }
        ImportFormat::SecDeadlines => {
            let year: i32 = entry
                .get("year")
                .and_then(text)
                .and_then(|y| y.parse().ok())
                .unwrap_or(0);
            for d in values(entry.get("deadline")) {
                let Some(t) = text(d) else { continue };
                let t = t
                    .replace("%Y", &(year - 1).to_string())
                    .replace("%y", &year.to_string());
                days.extend(dated(&Value::String(t)));
            }
        }
        ImportFormat::PythonDeadlines => {
            let cfp = entry.get("cfp").and_then(dated);
            let ext = entry.get("cfp_ext").and_then(dated);
            // An extension replaces its call: one instant, the extension's.
            days.extend(ext.or(cfp));
            for key in ["workshop_deadline", "tutorial_deadline"] {
                days.extend(entry.get(key).and_then(dated));
            }
        }
        ImportFormat::Jsonl => unreachable!("no jsonl snapshot"),
    }
    days.sort();
    days
}

// ---- The comparison ----------------------------------------------------------

#[derive(Default, Debug)]
struct Tally {
    files: usize,
    items: usize,
    items_skipped: usize,
    independent: usize,
    read: usize,
    produced: usize,
    skipped: usize,
    not_announced: usize,
    ignored: usize,
    compared_entries: usize,
}

fn check_layout(dir: &Path, format: ImportFormat) -> Tally {
    let mut tally = Tally::default();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for path in files(dir) {
        let content = std::fs::read_to_string(&path).unwrap();
        match detect(&path, &content) {
            Detected::Data(found) => assert_eq!(found, format, "{}", path.display()),
            // ccf-deadlines' category list is the one YAML file without deadlines.
            Detected::NotData(why) => {
                assert!(why.contains("types.yml"), "{}: {why}", path.display());
                continue;
            }
        }
        tally.files += 1;
        let whole: Value =
            serde_yaml_ng::from_str(&content).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let entries = whole.as_sequence().cloned().unwrap_or_default();
        let items: Vec<_> =
            read_file_items(std::io::Cursor::new(content), format, Some(&path)).collect();
        assert_eq!(
            items.len(),
            entries.len(),
            "{}: one item per list entry",
            path.display()
        );
        for (item, entry) in items.iter().zip(&entries) {
            tally.items += 1;
            let expected = independent(format, entry);
            tally.independent += expected.len();
            tally.read += item.deadlines_read();
            tally.produced += item.deadlines_produced();
            tally.skipped += item.deadlines_skipped();
            for note in &item.notes {
                match note.kind {
                    NoteKind::SkippedDeadline | NoteKind::Repeated => {
                        *reasons
                            .entry(format!(
                                "{}:{}: {}",
                                path.display(),
                                note.line,
                                note.message
                            ))
                            .or_default() += 1;
                    }
                    NoteKind::NotAnnounced => tally.not_announced += 1,
                    NoteKind::IgnoredField => tally.ignored += 1,
                }
                assert!(
                    note.line >= item.line,
                    "{}: note before its item: {note:?}",
                    path.display()
                );
            }
            let Ok(observations) = &item.result else {
                tally.items_skipped += 1;
                continue;
            };
            assert_eq!(
                item.deadlines_read(),
                expected.len(),
                "{}:{}: deadlines read vs. an independent reading {expected:?}",
                path.display(),
                item.line
            );
            if item.deadlines_skipped() == 0 {
                let mut got: Vec<String> = observations
                    .iter()
                    .flat_map(|o| o.deadlines.iter().map(|d| d.due_date.to_string()))
                    .collect();
                got.sort();
                assert_eq!(got, expected, "{}:{}", path.display(), item.line);
                tally.compared_entries += 1;
            }
            for obs in observations {
                let source = obs
                    .source
                    .as_ref()
                    .expect("every imported edition has a source");
                assert!(
                    source.url.starts_with(&format!("{}:", format.name()))
                        || format == ImportFormat::AiDeadlines
                            && source.url.starts_with("ai-deadlines:"),
                    "{}",
                    source.url
                );
                assert_ne!(Some(&source.url), obs.homepage.as_ref());
            }
        }
    }
    println!("{}: {tally:?}", dir.display());
    for reason in reasons.keys() {
        println!("  skipped: {reason}");
    }
    assert_eq!(tally.read, tally.independent, "{}", dir.display());
    assert_eq!(tally.read, tally.produced + tally.skipped);
    assert!(
        tally.files > 0 && tally.produced > 0,
        "{}: nothing read",
        dir.display()
    );
    tally
}

#[test]
fn every_real_layout_is_read_completely() {
    let Some(root) = realdata() else {
        println!("skipped: CONFRADAR_REALDATA not set");
        return;
    };
    assert!(
        root.is_dir(),
        "CONFRADAR_REALDATA={} is not a folder",
        root.display()
    );
    for (folder, format) in [
        ("ai-deadlines-hf", ImportFormat::AiDeadlines),
        ("ai-deadlines-pwc", ImportFormat::AiDeadlines),
        ("ccf-deadlines", ImportFormat::Ccf),
        ("sec-deadlines", ImportFormat::SecDeadlines),
        ("python-deadlines", ImportFormat::PythonDeadlines),
    ] {
        let dir = root.join(folder);
        assert!(dir.is_dir(), "{} is missing", dir.display());
        let tally = check_layout(&dir, format);
        assert_eq!(tally.items_skipped, 0, "{folder}: items skipped");
        assert!(
            tally.compared_entries * 10 >= tally.items * 9,
            "{folder}: {tally:?}"
        );
    }
}

/// A sample of what the files say, checked field by field.
#[test]
fn sample_entries_keep_what_the_files_know() {
    let Some(root) = realdata() else {
        println!("skipped: CONFRADAR_REALDATA not set");
        return;
    };
    // Each layout's first entry with a deadline, against its raw fields.
    for (folder, format, name_key, zone_default) in [
        ("ai-deadlines-pwc", ImportFormat::AiDeadlines, "title", None),
        ("ccf-deadlines", ImportFormat::Ccf, "title", None),
        (
            "sec-deadlines",
            ImportFormat::SecDeadlines,
            "name",
            Some("AoE"),
        ),
        (
            "python-deadlines",
            ImportFormat::PythonDeadlines,
            "conference",
            Some("AoE"),
        ),
    ] {
        let path = files(&root.join(folder))
            .into_iter()
            .find(|p| !p.ends_with("types.yml"))
            .unwrap();
        let content = std::fs::read_to_string(&path).unwrap();
        let whole: Value = serde_yaml_ng::from_str(&content).unwrap();
        let items: Vec<_> =
            read_file_items(std::io::Cursor::new(content), format, Some(&path)).collect();
        let (entry, item) = whole
            .as_sequence()
            .unwrap()
            .iter()
            .zip(&items)
            .find(|(e, _)| !independent(format, e).is_empty())
            .unwrap();
        let obs = &item.result.as_ref().unwrap()[0];
        let name = text(entry.get(name_key).unwrap()).unwrap();
        assert!(
            obs.acronym.as_deref() == Some(name.as_str())
                || obs.name.contains(&name)
                || name.contains(&obs.name),
            "{folder}: {name} vs {obs:?}"
        );
        let conf = if format == ImportFormat::Ccf {
            &entry["confs"][0]
        } else {
            entry
        };
        assert_eq!(
            obs.homepage.as_deref(),
            conf.get("link").and_then(text).as_deref(),
            "{folder}"
        );
        if let Some(year) = conf.get("year").and_then(text) {
            assert_eq!(obs.year.map(|y| y.to_string()), Some(year), "{folder}");
        }
        let zone = conf
            .get("timezone")
            .and_then(text)
            .or(zone_default.map(str::to_string));
        for d in &obs.deadlines {
            assert_eq!(d.timezone, zone, "{folder}: {d:?}");
        }
        if let Some(place) = conf.get("place").and_then(text) {
            assert_eq!(obs.location.as_deref(), Some(place.as_str()), "{folder}");
        }
        if format == ImportFormat::Ccf {
            let ccf_rank = entry["rank"]["ccf"].as_str().unwrap();
            assert!(
                obs.facts
                    .rankings
                    .iter()
                    .any(|r| r.system == "CCF" && r.rank == ccf_rank)
            );
            assert_eq!(
                obs.facts.categories,
                vec![entry["sub"].as_str().unwrap().to_string()]
            );
        }
    }
}
