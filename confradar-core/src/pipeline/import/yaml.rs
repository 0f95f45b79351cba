//! Reading YAML data files one list item at a time: cutting the top-level
//! list into items (with the line each starts on), parsing an item even when
//! it repeats a key, and finding the line of a field for the report.

use std::collections::HashMap;
use std::io::BufRead;

use serde_yaml_ng::{Mapping, Value};

use super::lines::{BoundedLines, Line, MAX_ITEM_BYTES, too_long};
use super::{ImportNote, NoteKind};

/// Cuts a YAML list into its top-level items (`- ` at the column of the
/// first one, column 0 in every known data set), with the
/// line each starts on, without holding the whole file.
pub(super) struct YamlItems<R> {
    lines: BoundedLines<R>,
    line: usize,
    pending: Option<(usize, String)>,
    /// Why the pending item cannot be read (a line or the item too long).
    pending_fault: Option<String>,
    indent: Option<usize>,
    done: bool,
}

impl<R: BufRead> YamlItems<R> {
    pub(super) fn new(reader: R) -> Self {
        Self {
            lines: BoundedLines::new(reader),
            line: 0,
            pending: None,
            pending_fault: None,
            indent: None,
            done: false,
        }
    }

    /// The pending item as it goes out: its text, or its fault marked.
    fn take_pending(&mut self) -> Option<(usize, String)> {
        let (line, text) = self.pending.take()?;
        Some(match self.pending_fault.take() {
            Some(fault) => (line, format!("{SKIPPED}{fault}")),
            None => (line, text),
        })
    }

    /// Adds a line to the pending item, within [`MAX_ITEM_BYTES`].
    fn append(&mut self, text: &str) {
        let Some((_, body)) = self.pending.as_mut() else {
            return;
        };
        if self.pending_fault.is_some() {
            return;
        }
        if body.len() + text.len() + 1 > MAX_ITEM_BYTES {
            self.pending_fault = Some(format!(
                "the item is longer than the {MAX_ITEM_BYTES} bytes an item may have; \
                 this is not community deadline data (check the file)"
            ));
            body.clear();
            return;
        }
        body.push_str(text);
        body.push('\n');
    }
}

/// The marker of a line the reader could not read (bad UTF-8, I/O error).
pub(super) const UNREADABLE: &str = "!! unreadable: ";

/// The marker of an item skipped whole (too long), with the reason.
pub(super) const SKIPPED: &str = "!! skipped: ";

impl<R: BufRead> Iterator for YamlItems<R> {
    type Item = (usize, String);

    fn next(&mut self) -> Option<(usize, String)> {
        if self.done {
            return None;
        }
        loop {
            match self.lines.next() {
                Some(Ok(Line::TooLong(bytes))) => {
                    self.line += 1;
                    if self.pending.is_none() {
                        return Some((self.line, format!("{SKIPPED}{}", too_long(bytes))));
                    }
                    self.pending_fault.get_or_insert_with(|| too_long(bytes));
                }
                Some(Ok(Line::Text(text))) => {
                    self.line += 1;
                    // The first `- ` line sets the items' column (usually 0).
                    let trimmed = text.trim_start();
                    let indent = text.len() - trimmed.len();
                    let marks_item = trimmed.starts_with("- ") || trimmed == "-";
                    if self.indent.is_none() && marks_item {
                        self.indent = Some(indent);
                    }
                    if marks_item && self.indent == Some(indent) {
                        let finished = self.take_pending();
                        self.pending = Some((self.line, String::new()));
                        self.append(&text);
                        if finished.is_some() {
                            return finished;
                        }
                    } else {
                        self.append(&text);
                    }
                    // Lines before the first item (comments, `---`) are skipped.
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Some((self.line + 1, format!("{UNREADABLE}{e}")));
                }
                None => {
                    self.done = true;
                    return self.take_pending();
                }
            }
        }
    }
}

/// One list item's text and the file line it starts on.
pub(super) struct ItemText<'a> {
    pub text: &'a str,
    pub first_line: usize,
}

impl ItemText<'_> {
    /// The file line of the first `key:` at or after `from` (a file line),
    /// or the item's first line when it is not found.
    pub fn line_of_key(&self, key: &str, from: usize) -> usize {
        self.find_line(from, |line| {
            let body = line.trim_start().trim_start_matches("- ").trim_start();
            body.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }

    /// The file line of the item's own field `key` (not a nested one of the
    /// same name), or the item's first line when it is not found.
    pub fn line_of_top_key(&self, key: &str) -> usize {
        let column = self
            .text
            .lines()
            .next()
            .and_then(key_of)
            .map_or(2, |(c, _, _)| c);
        self.find_line(self.first_line, |line| {
            key_of(line).is_some_and(|(c, k, _)| c == column && k == key)
        })
    }

    /// The file line of the first line at or after `from` containing `needle`.
    pub fn line_of_text(&self, needle: &str, from: usize) -> usize {
        self.find_line(from, |line| line.contains(needle))
    }

    fn find_line(&self, from: usize, matches: impl Fn(&str) -> bool) -> usize {
        let skip = from.saturating_sub(self.first_line);
        self.text
            .lines()
            .enumerate()
            .skip(skip)
            .find(|(_, line)| matches(line))
            .map_or(from.max(self.first_line), |(i, _)| self.first_line + i)
    }
}

/// The deepest `[`/`{` nesting an item may have. YAML's scanner spends time
/// quadratic in the nesting (20,000 brackets: seconds) before its own
/// recursion limit speaks, so deeper items are refused before parsing.
const MAX_FLOW_NESTING: usize = 64;

/// How deep `[` and `{` nest in `text` (outside quotes), when deeper than `max`.
fn flow_nesting_over(text: &str, max: usize) -> Option<usize> {
    let (mut depth, mut deepest, mut quote) = (0usize, 0usize, None);
    for b in text.bytes() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b'\n') => quote = None,
            _ => {}
        }
    }
    (deepest > max).then_some(deepest)
}

/// Parses one item (a one-element list) into its mapping. A key given twice
/// in one mapping, which YAML forbids but Jekyll (the sites' engine) accepts
/// by keeping the later value, is handled the same way and reported.
pub(super) fn parse_item(
    item: &ItemText<'_>,
    notes: &mut Vec<ImportNote>,
) -> Result<Mapping, String> {
    if let Some(depth) = flow_nesting_over(item.text, MAX_FLOW_NESTING) {
        return Err(format!(
            "brackets nested {depth} deep (more than {MAX_FLOW_NESTING}); \
             deadline data nests a few levels: check the file"
        ));
    }
    let value = match serde_yaml_ng::from_str::<Value>(item.text) {
        Ok(value) => value,
        Err(e) if e.to_string().contains("duplicate entry") => {
            let (repaired, repeats) = drop_repeated_keys(item.text);
            for (key, earlier, later) in repeats {
                notes.push(ImportNote {
                    line: item.first_line + earlier,
                    kind: NoteKind::IgnoredField,
                    message: format!(
                        "`{key}` is given again on line {}; the later value is used, as Jekyll does",
                        item.first_line + later
                    ),
                });
            }
            serde_yaml_ng::from_str::<Value>(&repaired)
                .map_err(|e| format!("not valid YAML: {}", located(&e, item.first_line)))?
        }
        Err(e) => return Err(format!("not valid YAML: {}", located(&e, item.first_line))),
    };
    let Value::Sequence(mut items) = value else {
        return Err("not a list item".to_string());
    };
    match items.pop() {
        Some(Value::Mapping(map)) => Ok(map),
        Some(other) => Err(format!(
            "expected `key: value` fields, found {}",
            describe(&other)
        )),
        None => Err("empty item".to_string()),
    }
}

/// The parser's message without its item-relative position, plus the file line.
fn located(e: &serde_yaml_ng::Error, first_line: usize) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text).to_string();
    match e.location() {
        Some(at) => format!("{text} (line {})", first_line + at.line() - 1),
        None => text,
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Blanks the earlier copies of keys repeated within one mapping (keeping
/// line numbers); returns the text and (key, earlier line, later line),
/// lines counted from 0 within the item.
fn drop_repeated_keys(text: &str) -> (String, Vec<(String, usize, usize)>) {
    let lines: Vec<&str> = text.lines().collect();
    // Open mappings: (key column, key → (first line, last line of its value)).
    let mut open: Vec<(usize, HashMap<String, usize>)> = Vec::new();
    let mut blank = vec![false; lines.len()];
    let mut repeats = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((column, key, new_item)) = key_of(line) else {
            continue;
        };
        while open
            .last()
            .is_some_and(|(c, _)| *c > column || (new_item && *c == column))
        {
            open.pop();
        }
        if open.last().is_none_or(|(c, _)| *c != column) {
            open.push((column, HashMap::new()));
        }
        let Some((_, keys)) = open.last_mut() else {
            continue;
        };
        if let Some(earlier) = keys.insert(key.clone(), i) {
            // The earlier value runs until the next line at or left of its column.
            let end = (earlier + 1..lines.len())
                .find(|&j| {
                    let l = lines[j];
                    !l.trim().is_empty() && l.len() - l.trim_start().len() <= column
                })
                .unwrap_or(lines.len());
            for flag in &mut blank[earlier..end.min(i)] {
                *flag = true;
            }
            repeats.push((key, earlier, i));
        }
    }
    let mut out = String::with_capacity(text.len());
    for (line, blanked) in lines.iter().zip(blank) {
        if !blanked {
            out.push_str(line);
        } else if line.trim_start().starts_with("- ") {
            // Keep the list item itself; only its repeated key goes.
            let indent = line.len() - line.trim_start().len();
            out.push_str(&" ".repeat(indent));
            out.push('-');
        }
        out.push('\n');
    }
    (out, repeats)
}

/// `  - key: value` → (column of `key`, key, starts a list item).
fn key_of(line: &str) -> Option<(usize, String, bool)> {
    let indent = line.len() - line.trim_start().len();
    let mut rest = &line[indent..];
    let mut column = indent;
    let mut new_item = false;
    while let Some(after) = rest.strip_prefix("- ") {
        new_item = true;
        let spaces = after.len() - after.trim_start().len();
        column += 2 + spaces;
        rest = after.trim_start();
    }
    if rest.starts_with('#') {
        return None;
    }
    let (key, _) = rest.split_once(':')?;
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'));
    valid.then(|| (column, key.trim().to_string(), new_item))
}

/// A mapping's fields, taken one by one so the fields nobody took can be reported.
pub(super) struct Fields {
    entries: Vec<(String, Value)>,
}

impl Fields {
    pub fn new(map: Mapping) -> Self {
        Self {
            entries: map
                .into_iter()
                .map(|(k, v)| (scalar_text(&k).unwrap_or_default(), v))
                .collect(),
        }
    }

    /// Removes and returns the field `key` (null counts as absent).
    pub fn take(&mut self, key: &str) -> Option<Value> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(at).1).filter(|v| !v.is_null())
    }

    /// Whether the field is there (and not null).
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, v)| k == key && !v.is_null())
    }

    /// The field as text (numbers and booleans written out).
    pub fn text(&mut self, key: &str) -> Option<String> {
        self.take(key)
            .as_ref()
            .and_then(scalar_text)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// The fields nobody took.
    pub fn rest(self) -> Vec<(String, Value)> {
        self.entries
    }
}

/// A scalar as text; none for null, lists and mappings.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

/// A string, a comma-separated string or a list of them, as separate trimmed words.
pub(super) fn text_list(value: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        Some(Value::Sequence(items)) => {
            for item in items {
                out.extend(text_list(Some(item)));
            }
        }
        Some(other) => {
            if let Some(text) = scalar_text(other) {
                out.extend(
                    text.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
            }
        }
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_keep_the_later_value_and_are_reported() {
        let text = "- title: A\n  year: 2024\n  place: Old\n  deadlines:\n    - type: paper\n      date: '2024-01-01'\n      date: '2024-01-02'\n  place: New\n";
        let mut notes = Vec::new();
        let map = parse_item(
            &ItemText {
                text,
                first_line: 10,
            },
            &mut notes,
        )
        .unwrap();
        let mut fields = Fields::new(map);
        assert_eq!(fields.text("place").as_deref(), Some("New"));
        let deadlines = fields.take("deadlines").unwrap();
        let first = &deadlines.as_sequence().unwrap()[0];
        assert_eq!(
            first.get("date").and_then(Value::as_str),
            Some("2024-01-02")
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes
                .iter()
                .any(|n| n.line == 12 && n.message.contains("line 17"))
        );
        assert!(
            notes
                .iter()
                .any(|n| n.line == 15 && n.message.contains("line 16"))
        );
    }

    #[test]
    fn yaml_errors_name_the_file_line() {
        let text = "- title: A\n  year: [2024\n  place: X\n";
        let err = parse_item(
            &ItemText {
                text,
                first_line: 10,
            },
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(err.starts_with("not valid YAML"), "{err}");
        let line: usize = err
            .rsplit("(line ")
            .next()
            .unwrap()
            .trim_end_matches(')')
            .parse()
            .unwrap();
        assert!((11..=12).contains(&line), "{err}");
    }

    #[test]
    fn items_start_at_column_zero_dashes() {
        let text = "# c\n---\n- a: 1\n  b:\n  - x\n- a: 2\n";
        let items: Vec<_> = YamlItems::new(std::io::Cursor::new(text)).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].0, 3);
        assert_eq!(items[1].0, 6);
        // An indented list is cut at its own column, not at its nested lists.
        let text = "  - a: 1\n    b:\n    - x\n  - a: 2\n";
        let items: Vec<_> = YamlItems::new(std::io::Cursor::new(text)).collect();
        assert_eq!(items.iter().map(|i| i.0).collect::<Vec<_>>(), vec![1, 4]);
    }

    #[test]
    fn lists_come_from_strings_or_sequences() {
        let v: Value = serde_yaml_ng::from_str("['DM', 'KR']").unwrap();
        assert_eq!(text_list(Some(&v)), vec!["DM", "KR"]);
        let v = Value::String("PY, DATA".into());
        assert_eq!(text_list(Some(&v)), vec!["PY", "DATA"]);
    }
}
