//! Bulk import of the deadline data the community publishes, streamed item
//! by item so memory stays flat however large the file. One file per layout:
//!
//! - [`ImportFormat::Jsonl`] (`jsonl.rs`): one JSON item per line;
//! - [`ImportFormat::AiDeadlines`] (`ai_deadlines.rs`): huggingface/ai-deadlines
//!   (`src/data/conferences/*.yml`, a `deadlines:` list of `{type, label, date,
//!   timezone}`) and the older flat `deadline` / `abstract_deadline` layout
//!   (paperswithcode/ai-deadlines `_data/conferences.yml`);
//! - [`ImportFormat::Ccf`] (`ccf.rs`): ccfddl/ccf-deadlines, one series per
//!   file with its yearly editions and their rounds;
//! - [`ImportFormat::SecDeadlines`] (`sec_deadlines.rs`): sec-deadlines'
//!   `_data/conferences.yml`, deadline lists with rolling `%Y`/`%y` templates;
//! - [`ImportFormat::PythonDeadlines`] (`python_deadlines.rs`):
//!   python-deadlines' `_data/conferences.yml` (`cfp`, `cfp_ext`, …).
//!
//! YAML files are lists; each top-level `- ` item is cut out and parsed on its
//! own, so a bad item is reported with its line and the rest still imports.
//!
//! Nothing is lost silently. Every deadline value read ends up as exactly one
//! of: a deadline of an observation, a [`NoteKind::SkippedDeadline`] note
//! (with line and reason), or a [`NoteKind::Repeated`] note (the edition gave
//! that very deadline already; stored once). Placeholders (TBD, TBA, None,
//! Cancelled) hold no date and are not deadlines read: each is a
//! [`NoteKind::NotAnnounced`] note. Every field
//! that is not stored is an [`NoteKind::IgnoredField`] note.
//!
//! **Source URLs.** An imported edition's source is the data set entry, not
//! the conference homepage (which goes to `homepage`):
//! `<data set>:<file>#<entry>`, e.g. `ccf-deadlines:DB/sigmod.yml#sigmod23`,
//! `ai-deadlines:aaai.yml#aaai25`, `sec-deadlines:conferences.yml#ccs-2026`.
//! `<file>` does not depend on where the data set was checked out or on which
//! folder was named on the command line: it is the file name, and for
//! ccf-deadlines the path from its category folder (`DB/pods/pods.yml`).
//! Two data sets never share a source row; re-importing a file finds its
//! own rows again. Every imported source has [`SourceAuthority::Community`].
//!
//! [`SourceAuthority::Community`]: crate::repository::SourceAuthority::Community

mod ai_deadlines;
mod ccf;
mod jsonl;
mod lines;
mod python_deadlines;
mod sec_deadlines;
mod values;
mod yaml;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde_yaml_ng::Value;

use crate::repository::{ConferenceKind, Observation, ObservedSource, SourceAuthority};
use yaml::{Fields, ItemText, YamlItems};

pub use jsonl::parse_jsonl_item;

/// The layouts `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// JSON Lines, one item per line.
    Jsonl,
    /// ai-deadlines (huggingface's `deadlines:` list and the older flat layout).
    AiDeadlines,
    /// ccf-deadlines per-series YAML.
    Ccf,
    /// sec-deadlines `conferences.yml`.
    SecDeadlines,
    /// python-deadlines `conferences.yml`.
    PythonDeadlines,
}

impl ImportFormat {
    /// Every layout.
    pub const ALL: [ImportFormat; 5] = [
        Self::Jsonl,
        Self::AiDeadlines,
        Self::Ccf,
        Self::SecDeadlines,
        Self::PythonDeadlines,
    ];

    /// The name `--format` takes and the summaries print.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jsonl => "jsonl",
            Self::AiDeadlines => "ai-deadlines",
            Self::Ccf => "ccf-deadlines",
            Self::SecDeadlines => "sec-deadlines",
            Self::PythonDeadlines => "python-deadlines",
        }
    }
}

impl std::fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ImportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "jsonl" | "json-lines" | "ndjson" => Ok(Self::Jsonl),
            "ai-deadlines" | "aideadlines" | "huggingface" | "paperswithcode" => {
                Ok(Self::AiDeadlines)
            }
            "ccf" | "ccf-deadlines" | "ccfddl" => Ok(Self::Ccf),
            "sec-deadlines" | "sec" => Ok(Self::SecDeadlines),
            "python-deadlines" | "pythondeadlines" | "python" => Ok(Self::PythonDeadlines),
            other => Err(format!(
                "unknown import format '{other}': expected jsonl, ai-deadlines, ccf, sec-deadlines or python-deadlines"
            )),
        }
    }
}

/// What kind of thing a note reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// A deadline value that was read but could not be made a deadline.
    SkippedDeadline,
    /// A deadline the same edition already gave (same kind, track, date and
    /// time, e.g. both in the `deadlines:` list and the flat `deadline`):
    /// stored once, nothing lost.
    Repeated,
    /// A deadline field holding no date (TBD, TBA, None, Cancelled).
    NotAnnounced,
    /// A field that is not stored (or a repeated key whose earlier value was dropped).
    IgnoredField,
}

/// One thing the report must show, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportNote {
    /// 1-based file line.
    pub line: usize,
    /// What it is.
    pub kind: NoteKind,
    /// Why, in a sentence.
    pub message: String,
}

/// One item of an import file: its first line, what it held, and what was
/// skipped or ignored in it.
#[derive(Debug)]
pub struct ImportItem {
    /// 1-based line where the item starts.
    pub line: usize,
    /// The observations it holds (a ccf item holds one per year), or why the
    /// whole item was skipped.
    pub result: Result<Vec<Observation>, String>,
    /// Skipped deadlines, placeholders and ignored fields.
    pub notes: Vec<ImportNote>,
}

impl ImportItem {
    /// Deadlines made.
    pub fn deadlines_produced(&self) -> usize {
        self.result
            .as_ref()
            .map_or(0, |obs| obs.iter().map(|o| o.deadlines.len()).sum())
    }

    /// Deadline values read but not made a deadline: skipped (lost, each
    /// with a note saying why) or repeated (stored once).
    pub fn deadlines_skipped(&self) -> usize {
        self.count(NoteKind::SkippedDeadline) + self.count(NoteKind::Repeated)
    }

    /// Deadline values lost: read but unusable (a bad date, …).
    pub fn deadlines_lost(&self) -> usize {
        self.count(NoteKind::SkippedDeadline)
    }

    /// Deadline values that repeat one of the same edition.
    pub fn deadlines_repeated(&self) -> usize {
        self.count(NoteKind::Repeated)
    }

    /// Deadline values read: produced + skipped.
    pub fn deadlines_read(&self) -> usize {
        self.deadlines_produced() + self.deadlines_skipped()
    }

    fn count(&self, kind: NoteKind) -> usize {
        self.notes.iter().filter(|n| n.kind == kind).count()
    }
}

/// Reads items one at a time from `reader` (a file whose path is unknown).
pub fn read_items<R: BufRead + 'static>(
    reader: R,
    format: ImportFormat,
) -> Box<dyn Iterator<Item = ImportItem>> {
    read_file_items(reader, format, None)
}

/// Reads items one at a time from `reader`, the content of the file at
/// `path` (which names the sources, see the module docs).
pub fn read_file_items<R: BufRead + 'static>(
    reader: R,
    format: ImportFormat,
    path: Option<&Path>,
) -> Box<dyn Iterator<Item = ImportItem>> {
    let file = FileInfo {
        path: path.map(Path::to_path_buf),
    };
    type Parse =
        fn(&ItemText<'_>, &FileInfo, &mut Vec<ImportNote>) -> Result<Vec<Observation>, String>;
    let parse: Parse = match format {
        ImportFormat::Jsonl => return Box::new(jsonl::JsonLines::new(reader)),
        ImportFormat::AiDeadlines => ai_deadlines::parse,
        ImportFormat::Ccf => ccf::parse,
        ImportFormat::SecDeadlines => sec_deadlines::parse,
        ImportFormat::PythonDeadlines => python_deadlines::parse,
    };
    Box::new(YamlItems::new(reader).map(move |(line, text)| {
        let mut notes = Vec::new();
        let result = match (
            text.strip_prefix(yaml::UNREADABLE),
            text.strip_prefix(yaml::SKIPPED),
        ) {
            (Some(reason), _) => Err(format!("cannot read the file from here on: {reason}")),
            (_, Some(reason)) => Err(reason.to_string()),
            (None, None) => parse(
                &ItemText {
                    text: &text,
                    first_line: line,
                },
                &file,
                &mut notes,
            ),
        };
        ImportItem {
            line,
            result,
            notes,
        }
    }))
}

/// What a file is, judged from its name and first bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// Data in this layout.
    Data(ImportFormat),
    /// Not deadline data (a README, ccf-deadlines' `types.yml`): why.
    NotData(String),
}

/// Extensions of files a directory import reads; others are skipped with a note.
pub const DATA_EXTENSIONS: [&str; 5] = ["yml", "yaml", "jsonl", "ndjson", "json"];

/// Tells the layout of a file from its name and its first bytes (`head`,
/// e.g. the first 64 KiB), by the fields of its first items.
pub fn detect(path: &Path, head: &str) -> Detected {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !DATA_EXTENSIONS.contains(&extension.as_str()) {
        return Detected::NotData(format!(
            "not a data file (expected .{})",
            DATA_EXTENSIONS.join(", .")
        ));
    }
    if matches!(extension.as_str(), "jsonl" | "ndjson") || head.trim_start().starts_with('{') {
        return Detected::Data(ImportFormat::Jsonl);
    }
    let mut keys = std::collections::BTreeSet::new();
    for (line, text) in YamlItems::new(std::io::Cursor::new(head)).take(8) {
        let mut ignored = Vec::new();
        let item = ItemText {
            text: &text,
            first_line: line,
        };
        if let Ok(map) = yaml::parse_item(&item, &mut ignored) {
            keys.extend(map.keys().filter_map(yaml::scalar_text));
        }
    }
    let has = |k: &str| keys.contains(k);
    let format = if has("confs") || (has("title") && has("rank")) {
        ImportFormat::Ccf
    } else if has("conference") && (has("cfp") || has("cfp_ext") || has("year")) {
        ImportFormat::PythonDeadlines
    } else if has("title") && (has("deadlines") || has("deadline") || has("abstract_deadline")) {
        ImportFormat::AiDeadlines
    } else if has("name") && has("name_en") && has("sub") {
        return Detected::NotData(
            "the category names of ccf-deadlines (types.yml), no deadlines".to_string(),
        );
    } else if has("name") && (has("deadline") || has("tags")) {
        ImportFormat::SecDeadlines
    } else if keys.is_empty() {
        return Detected::NotData("no YAML list items".to_string());
    } else {
        let found: Vec<_> = keys.into_iter().take(12).collect();
        return Detected::NotData(format!(
            "no known layout (fields found: {}); --format forces one",
            found.join(", ")
        ));
    };
    Detected::Data(format)
}

/// The file an item comes from.
pub(super) struct FileInfo {
    path: Option<PathBuf>,
}

impl FileInfo {
    /// The file name, or `-` when reading standard input.
    fn file_name(&self) -> String {
        self.path
            .as_deref()
            .and_then(Path::file_name)
            .map_or_else(|| "-".to_string(), |n| n.to_string_lossy().into_owned())
    }

    /// The path from the folder named `anchor` (case-insensitive), e.g.
    /// `DB/pods/pods.yml` for anchor `DB`; `<anchor>/<file name>` when no
    /// folder of that name holds the file.
    fn path_from(&self, anchor: &str) -> String {
        let parts: Vec<String> = self
            .path
            .iter()
            .flat_map(|p| p.components())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.iter().rposition(|p| p.eq_ignore_ascii_case(anchor)) {
            Some(at) if at + 1 < parts.len() => parts[at..].join("/"),
            _ => format!("{anchor}/{}", self.file_name()),
        }
    }
}

/// A community source: `<data set>:<file>#<entry>`.
fn community_source(dataset: &str, file: &str, entry: &str) -> ObservedSource {
    ObservedSource {
        url: format!("{dataset}:{file}#{}", slug(entry)),
        authority: SourceAuthority::Community,
        ..Default::default()
    }
}

/// `PyCon Lithuania 2027` → `pycon-lithuania-2027`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Reports every field nobody took: a known one with why it is not stored,
/// an unknown one as such.
fn report_ignored(
    fields: Fields,
    item: &ItemText<'_>,
    from_line: usize,
    known: &[(&str, &str)],
    notes: &mut Vec<ImportNote>,
) {
    for (key, _) in fields.rest() {
        let reason = known.iter().find(|(k, _)| *k == key).map_or(
            "a field this layout does not define; not stored",
            |(_, why)| why,
        );
        // The item's own fields are found at its own indentation.
        let line = if from_line == item.first_line {
            item.line_of_top_key(&key)
        } else {
            item.line_of_key(&key, from_line)
        };
        notes.push(ImportNote {
            line,
            kind: NoteKind::IgnoredField,
            message: format!("`{key}` ignored: {reason}"),
        });
    }
}

/// A year field: `2025` or `'2025'`.
fn year_of(value: Option<&Value>) -> Option<i32> {
    value
        .and_then(yaml::scalar_text)
        .and_then(|y| y.trim().parse().ok())
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

/// A workshop when its name says so.
fn kind_of(name: &str) -> ConferenceKind {
    if name.to_ascii_lowercase().contains("workshop") {
        ConferenceKind::Workshop
    } else {
        ConferenceKind::Conference
    }
}

/// Start and end days, the end left out (and noted) when before the start.
fn event_days(
    start: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
    line: usize,
    notes: &mut Vec<ImportNote>,
) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
    match (start, end) {
        (Some(s), Some(e)) if e < s => {
            notes.push(ImportNote {
                line,
                kind: NoteKind::IgnoredField,
                message: format!("`end` ignored: {e} is before the start {s}"),
            });
            (Some(s), None)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_yaml_item_is_skipped_alone() {
        // Item 2 holds a block of 5 MB, over the bound on an item's size.
        let mut text = String::from("- title: A\n  year: 2026\n- title: B\n  note: |\n");
        for _ in 0..5 * 1024 {
            text.push_str("    ");
            text.push_str(&"y".repeat(1020));
            text.push('\n');
        }
        text.push_str("- title: C\n  year: 2026\n");
        let items: Vec<_> =
            read_items(std::io::Cursor::new(text), ImportFormat::AiDeadlines).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[1].line, 3);
        let reason = items[1].result.as_ref().err().cloned().unwrap_or_default();
        assert!(reason.contains("item is longer than"), "{reason}");
        assert!(items[2].line > 3);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        // 100,000 open brackets: the parsers' recursion limits turn this into
        // one skipped item, not a stack overflow.
        let deep = "[".repeat(100_000);
        let yaml = format!("- title: A\n  x: {deep}\n- title: B\n  year: 2026\n");
        let items: Vec<_> =
            read_items(std::io::Cursor::new(yaml), ImportFormat::AiDeadlines).collect();
        assert_eq!(items.len(), 2);
        assert!(items[0].result.is_err());
        let json = format!("{{\"name\":{deep}\n{{\"name\":\"B 2026\"}}\n");
        let items: Vec<_> = read_items(std::io::Cursor::new(json), ImportFormat::Jsonl).collect();
        assert_eq!(items.len(), 2);
        assert!(items[0].result.is_err());
    }

    #[test]
    fn formats_by_old_and_new_names() {
        assert_eq!("ccf".parse(), Ok(ImportFormat::Ccf));
        assert_eq!("ai_deadlines".parse(), Ok(ImportFormat::AiDeadlines));
        assert_eq!("sec-deadlines".parse(), Ok(ImportFormat::SecDeadlines));
        assert!(
            "xml"
                .parse::<ImportFormat>()
                .unwrap_err()
                .contains("python-deadlines")
        );
        for format in ImportFormat::ALL {
            assert_eq!(format.name().parse(), Ok(format));
        }
    }

    #[test]
    fn layouts_are_told_by_their_fields() {
        let p = Path::new("x.yml");
        let d = |text: &str| detect(p, text);
        assert_eq!(
            d("- title: A\n  deadlines:\n    - type: paper\n"),
            Detected::Data(ImportFormat::AiDeadlines)
        );
        assert_eq!(
            d("- title: A\n  year: 1\n  deadline: '2024-01-01'\n"),
            Detected::Data(ImportFormat::AiDeadlines)
        );
        assert_eq!(
            d("- title: A\n  rank:\n    ccf: A\n  confs: []\n"),
            Detected::Data(ImportFormat::Ccf)
        );
        assert_eq!(
            d("# x\n- name: CCS\n  deadline: ['2026-01-01 23:59']\n"),
            Detected::Data(ImportFormat::SecDeadlines)
        );
        assert_eq!(
            d("---\n- conference: PyCon\n  cfp: TBA\n"),
            Detected::Data(ImportFormat::PythonDeadlines)
        );
        assert!(matches!(
            d("- name: x\n  name_en: y\n  sub: DB\n"),
            Detected::NotData(_)
        ));
        assert!(matches!(d("- foo: 1\n"), Detected::NotData(r) if r.contains("foo")));
        assert_eq!(
            detect(Path::new("a.jsonl"), ""),
            Detected::Data(ImportFormat::Jsonl)
        );
        assert!(matches!(
            detect(Path::new("README.md"), "- title: A"),
            Detected::NotData(_)
        ));
    }

    #[test]
    fn ccf_paths_start_at_the_category_folder() {
        let file = FileInfo {
            path: Some(PathBuf::from("/data/ccf/conference/DB/pods/pods.yml")),
        };
        assert_eq!(file.path_from("DB"), "DB/pods/pods.yml");
        let file = FileInfo {
            path: Some(PathBuf::from("sigmod.yml")),
        };
        assert_eq!(file.path_from("DB"), "DB/sigmod.yml");
        assert_eq!(slug("S&P (Oakland) 2027"), "s-p-oakland-2027");
    }
}
