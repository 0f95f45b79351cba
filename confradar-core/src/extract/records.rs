//! Records: what one line holds (dates, times, zones) and the label each
//! date pairs with — the words inside its own record (table row with its
//! cells, list item, card, `<dt>`/`<dd>` pair, paragraph), whichever comes
//! first; the neighbouring line only when the record has no label.

use super::dates::{self, Mention};
use super::html::{Line, LineKind};
use super::labels::{self, Confidence};
use super::words;

/// `zone_hint` is [`labels::might_name_zone`] of the line, computed once
/// by the caller.
pub(super) fn analyse_line(
    line: &Line,
    order: Option<dates::DayOrder>,
    zone_hint: bool,
    rejected: &mut Vec<dates::Rejected>,
) -> (Vec<Mention>, Vec<dates::TimeHit>, Vec<dates::ZoneHit>) {
    let text = &line.text;
    let mut first_rejected = Vec::new();
    let mentions = if text.bytes().any(|b| b.is_ascii_digit()) && dates::may_hold_date(text) {
        dates::find_dates(text, &[], order, &mut first_rejected)
    } else {
        Vec::new()
    };
    if mentions.is_empty() && first_rejected.is_empty() {
        // No date, but perhaps a rule: "All times are in IDLW". Without a
        // digit, a rule names a zone (checked bytewise before any regex).
        if zone_hint && labels::is_rule_text(text) {
            return (Vec::new(), dates::find_times(text), dates::find_zones(text));
        }
        return (Vec::new(), Vec::new(), Vec::new());
    }
    let times = dates::find_times(text);
    let zones = dates::find_zones(text);
    if times.is_empty() && zones.is_empty() {
        rejected.append(&mut first_rejected);
        return (mentions, times, zones);
    }
    // Again with times and zones masked: "to 11:59PM EDT May 24" is a range.
    let mut masked: Vec<(usize, usize)> = times
        .iter()
        .map(|t| (t.start, t.end))
        .chain(zones.iter().map(|z| (z.start, z.end)))
        .collect();
    masked.sort_unstable();
    let mentions = dates::find_dates(text, &masked, order, rejected);
    (mentions, times, zones)
}

/// A cell that holds only a time and zone: "11:59am AoE".
fn is_time_only(cell: &str) -> bool {
    // "11:59 PM PT", "Anywhere on Earth".
    if !dates::has_time_or_zone(cell) {
        return false;
    }
    let mut rest = cell.to_string();
    let spans = dates::find_times(cell)
        .into_iter()
        .map(|t| (t.start, t.end))
        .chain(
            dates::find_zones(cell)
                .into_iter()
                .map(|z| (z.start, z.end)),
        );
    for (start, end) in spans {
        // Blanked in place, so that the other spans' offsets still hold.
        if rest.get(start..end).is_some() {
            rest.replace_range(start..end, &" ".repeat(end - start));
        }
    }
    !rest.chars().any(char::is_alphabetic)
}

/// A web address written out ("http://emap.fgv.br/logonto-2014/"): no label.
fn is_address(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
        && !t.contains(' ')
}

/// A cell that stands for a missing value: "N/A", "TBD", "–".
fn is_placeholder(cell: &str) -> bool {
    let c = cell.trim_matches(|c: char| !c.is_alphanumeric());
    c.is_empty()
        || ["n/a", "na", "tbd", "tba", "tbc", "none", "not applicable"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(c))
}

/// "bis", "until", "by": a word before a date that only leads to it ("bis
/// 7. November: Einreichung"); the label is after the date.
fn is_preposition(word: &str) -> bool {
    let lower = word.trim().to_lowercase();
    matches!(
        lower.as_str(),
        "bis"
            | "ab"
            | "am"
            | "vor"
            | "until"
            | "till"
            | "by"
            | "before"
            | "from"
            | "on"
            | "jusqu'au"
            | "jusqu’au"
            | "le"
            | "du"
            | "hasta"
            | "el"
            | "entro"
            | "il"
            | "dal"
            | "até"
            | "a partir de"
            | "antes del"
            | "antes de"
            | "hasta el"
            | "avant le"
            | "entro il"
            | "fino al"
    )
}

/// A line that holds dates, with the lines around it: what each date's
/// label is read from.
pub(super) struct DatedLine<'a> {
    pub line: &'a Line,
    pub mentions: &'a [Mention],
    pub prev: Option<&'a Line>,
    pub next: Option<&'a Line>,
    /// The line after `next`: a label broken by `<br>` goes on there.
    pub after_next: Option<&'a Line>,
    /// The label the line's dates share, read once per line and only when
    /// a date asks.
    pub shared_label: std::cell::OnceCell<String>,
}

/// The label of the `index`th date of a line, and whether the line reads
/// as prose. `labels_follow` is the page's answer, once found, to whether
/// a lone date's label comes after it.
pub(super) fn label_for(
    at: &DatedLine<'_>,
    index: usize,
    labels_follow: &mut Option<bool>,
) -> (String, bool) {
    let (line, mentions) = (at.line, at.mentions);
    let text = &line.text;
    let Some(first) = mentions.first() else {
        return (String::new(), false);
    };
    if line.kind == LineKind::Row && !line.cells.is_empty() {
        let date_cell = line
            .cells
            .iter()
            .position(|&(s, e)| s <= first.start && first.start < e);
        let is_label_cell = |&(s, e): &(usize, usize)| {
            let cell = text.get(s..e).unwrap_or("").trim();
            // Cheapest checks first: most cells fail on a mention.
            !mentions.iter().any(|m| s <= m.start && m.start < e)
                && cell.chars().any(char::is_alphabetic)
                && !dates::is_weekday_text(cell)
                && !is_placeholder(cell)
                && !is_time_only(cell)
        };
        let before =
            date_cell.and_then(|d| line.cells[..d].iter().rev().find(|c| is_label_cell(c)));
        let after = date_cell.and_then(|d| {
            line.cells
                .get(d + 1..)
                .and_then(|rest| rest.iter().find(|c| is_label_cell(c)))
        });
        if let Some(&(s, e)) = before.or(after) {
            return (labels::clean_label(text.get(s..e).unwrap_or("")), false);
        }
        // The label shares the cell with the date.
        if let Some(d) = date_cell.and_then(|d| line.cells.get(d)) {
            let piece = text.get(d.0..first.start).unwrap_or("");
            if !labels::clean_label(piece).is_empty() {
                return (labels::clean_label(piece), false);
            }
        }
    }
    let prose = text.len() > 160;
    let mention = mentions.get(index).unwrap_or(first);
    // "Abstract: May 1; Full paper: May 8": a later date whose own words
    // name a kind takes them instead of the line's first label.
    if index > 0 && !prose {
        let floor = mentions[..index].iter().map(|m| m.end).max().unwrap_or(0);
        if floor < mention.start {
            let own = labels::clean_label(text.get(floor..mention.start).unwrap_or(""));
            if labels::classify(&own).1 == Confidence::Clear
                || labels::says_event(&own.to_lowercase())
            {
                return (own, false);
            }
        }
    }
    if prose {
        // The clause that leads to this date.
        let floor = mentions[..index].iter().map(|m| m.end).max().unwrap_or(0);
        let before = text.get(floor..mention.start).unwrap_or("");
        return (labels::clean_label(words::last_sentence(before)), true);
    }
    let label = at
        .shared_label
        .get_or_init(|| shared_label(at, labels_follow))
        .clone();
    (label, false)
}

/// The label a line that is not prose gives its dates: the words before
/// the first one, else those after the last one when they name a kind,
/// else the line of its own record before or after.
fn shared_label(at: &DatedLine<'_>, labels_follow: &mut Option<bool>) -> String {
    let DatedLine {
        line,
        mentions,
        prev,
        next,
        after_next,
        ..
    } = *at;
    let text = &line.text;
    let Some(first) = mentions.first() else {
        return String::new();
    };
    let before = labels::clean_label(text.get(..first.start).unwrap_or(""));
    if !before.is_empty()
        && before.chars().any(char::is_alphabetic)
        && !dates::is_weekday_text(&before)
        && !is_preposition(&before)
    {
        return before;
    }
    // Text after the date names it only when it says what it is ("May 1:
    // paper deadline"); "(extended), 23:59 AoE" does not, the line before may
    // (a <dt>/<dd> pair, a heading over a paragraph).
    let last_end = mentions.iter().map(|m| m.end).max().unwrap_or(first.end);
    let after = labels::clean_label(text.get(last_end..).unwrap_or(""));
    let after_names_it = !after.is_empty()
        && after.chars().any(char::is_alphabetic)
        && !dates::is_weekday_text(&after)
        && labels::classify(&after).1 == Confidence::Clear;
    if after_names_it {
        return after;
    }
    // A date alone in its block takes the label of its own record (list
    // item, card) even when the label follows it: the line after shares
    // more of its block path than the line before.
    // Digits are fine in a label ("Round 2 deadline (11:59 PM PT)") as long
    // as it holds no date; a heading with digits is a title, not a label.
    let short_label = |l: &Line| {
        !is_address(&l.text)
            && l.text.len() <= 120
            && l.text.split_whitespace().count() <= 12
            && (!l.text.bytes().any(|b| b.is_ascii_digit())
                || l.kind == LineKind::Text && holds_no_date(&l.text))
    };
    // In a flat run of blocks (<p>date</p><p>label</p>…) nothing in the
    // markup tells the records apart: the page's first lone date decides
    // for all — a label after it and none before means labels follow dates.
    let names_a_kind = |l: &Line| {
        l.kind == LineKind::Text
            && short_label(l)
            && labels::classify(&l.text).1 == Confidence::Clear
    };
    let lone = !after.chars().any(char::is_alphabetic);
    let follow = lone
        && *labels_follow.get_or_insert_with(|| {
            !prev.is_some_and(&names_a_kind) && next.is_some_and(names_a_kind)
        });
    let prev_depth = prev.map_or(0, |p| line.shared_depth(p));
    if let Some(next) = next
        && next.kind == LineKind::Text
        && (line.shared_depth(next) > prev_depth || follow && line.shared_depth(next) == prev_depth)
        && short_label(next)
    {
        // "<dd>last possible<br>registration date</dd>": the rest of the
        // label's own block goes with it.
        if let Some(rest) = after_next
            && rest.kind == LineKind::Text
            && !rest.path.is_empty()
            && rest.path == next.path
            && short_label(rest)
            && holds_no_date(&rest.text)
        {
            return labels::clean_label(&format!("{} {}", next.text, rest.text));
        }
        return labels::clean_label(&next.text);
    }
    // A card whose date comes before its own heading (`<div><span>May 1</span>
    // <h4>Submission</h4><p>…</p></div>`): the heading is the card's label.
    if let Some(next) = next
        && matches!(next.kind, LineKind::Heading(_))
        && line.shared_depth(next) > prev_depth
        && short_label(next)
        && labels::classify(&next.text).1 == Confidence::Clear
    {
        return labels::clean_label(&next.text);
    }
    if let Some(prev) = prev
        && short_label(prev)
    {
        return labels::clean_label(&prev.text);
    }
    if !after.is_empty()
        && after.chars().any(char::is_alphabetic)
        && !dates::is_weekday_text(&after)
    {
        return after;
    }
    String::new()
}

/// The table cell holding byte `at` of a row.
pub(super) fn cell_of(line: &Line, at: usize) -> Option<usize> {
    line.cells.iter().position(|&(s, e)| s <= at && at < e)
}

/// True for text without a date ("Round 2 deadline", "11:59 PM PT").
fn holds_no_date(text: &str) -> bool {
    let times = dates::find_times(text);
    let masked: Vec<(usize, usize)> = times.iter().map(|t| (t.start, t.end)).collect();
    !dates::may_hold_date(text)
        || dates::find_dates(text, &masked, None, &mut Vec::new()).is_empty()
}
