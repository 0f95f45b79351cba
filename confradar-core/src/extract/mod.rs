//! Rule-based extraction of a conference and its important dates from a CFP
//! page (HTML, Markdown or plain text). No database, no network.
//!
//! The pipeline:
//! 1. `text` turns the page into lines of visible text, remembering which
//!    parts are struck through, which lines are headings, table rows or part of
//!    the page header (scripts, styles, navigation, footers and comments are
//!    dropped);
//! 2. headings and short "Important Dates:" lines open and close sections;
//! 3. `dates` finds dates, ranges, times and zones in each line;
//! 4. `labels` turns the words around a date into a [`DeadlineKind`];
//! 5. years missing on the page are inferred, page-wide rules ("all deadlines
//!    are 23:59 AoE") fill in times and zones of deadlines, repeated event
//!    dates are kept once.
//!
//! Other extractors (an LLM endpoint, say) plug in through [`Extractor`].

mod conference;
mod dates;
mod depth;
mod format;
mod labels;
mod months;
mod rules;
mod text;
mod types;
mod years;

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use scraper::Html;

use crate::kind::DeadlineKind;
use crate::repository::ConferenceKind;
use dates::{Mention, PartialDate};
use labels::Confidence;
use text::{Line, LineKind};

pub use format::{Format, UnknownFormat};
pub use types::{ExtractedDate, ExtractedPage, HostEvent};

/// The largest page extracted; longer input is cut (with a diagnostic).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Something the extractor noticed but did not put in the result, for
/// a human to read ("dropped 'February 30, 2025' (label 'Submission'): no such day").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What happened, in one sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The result of an extraction: the page and what was dropped on the way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// The conference and its dates.
    pub page: ExtractedPage,
    /// Dates seen but dropped (impossible, ambiguous, no year), and the like.
    pub diagnostics: Vec<Diagnostic>,
}

/// Anything that turns a page into an [`Extraction`]: the rule-based
/// [`RuleExtractor`] today, perhaps an LLM endpoint later.
pub trait Extractor {
    /// Extracts the conference and its dates from `body`. Never panics.
    fn extract(&self, body: &str, format: Format) -> Extraction;
}

/// The rule-based extractor: no network, deterministic, linear in the input.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleExtractor;

impl Extractor for RuleExtractor {
    fn extract(&self, body: &str, format: Format) -> Extraction {
        run(body, format)
    }
}

/// Extracts a conference and its important dates with the [`RuleExtractor`].
///
/// ```
/// use confradar_core::extract::{extract, Format};
/// use confradar_core::DeadlineKind;
///
/// let page = "<h1>FooConf 2025</h1>
///   <h2>Important Dates</h2>
///   <p>All deadlines are 23:59 AoE.</p>
///   <ul><li>Paper submission: <del>May 1</del> May 8, 2025</li>
///       <li>Notification: June 30, 2025</li></ul>";
/// let got = extract(page, Format::Html);
/// let dates = &got.page.dates;
/// assert_eq!(dates.len(), 3);
/// assert_eq!(dates[0].kind, DeadlineKind::Submission);
/// assert!(dates[0].struck);
/// assert_eq!(dates[1].date.to_string(), "2025-05-08");
/// assert_eq!(dates[1].timezone.as_deref(), Some("AoE"));
/// assert_eq!(dates[2].kind, DeadlineKind::Notification);
/// assert_eq!(dates[2].time, None);
/// assert_eq!(got.page.acronym.as_deref(), Some("FooConf"));
/// ```
pub fn extract(body: &str, format: Format) -> Extraction {
    RuleExtractor.extract(body, format)
}

/// Where a line stands with respect to the page's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Under an "Important Dates"-like heading.
    Dates,
    /// Under a heading such as "News" or "Sponsors".
    Excluded,
    /// Anywhere else.
    Plain,
}

/// A heading on the stack of open sections.
struct Open {
    level: u8,
    scope: Scope,
    text: String,
}

/// One candidate date before the years are settled.
struct Candidate {
    kind: DeadlineKind,
    from: PartialDate,
    to: Option<PartialDate>,
    weekday: Option<u32>,
    /// A reference date from the same line (for the missing year).
    line_ref: Option<NaiveDate>,
    time: Option<NaiveTime>,
    zone: Option<String>,
    struck: bool,
    label: String,
    track: Option<String>,
    line: usize,
    in_section: bool,
    is_range: bool,
    says_deadline: bool,
}

fn analyse_line(
    line: &Line,
    order: Option<dates::DayOrder>,
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
        if labels::might_name_zone(text) && labels::is_rule_text(text) {
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

/// The label of the mentions of a line, and whether the line reads as prose.
fn label_for(
    line: &Line,
    mentions: &[Mention],
    index: usize,
    prev: Option<&Line>,
    next: Option<&Line>,
) -> (String, bool) {
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
            !cell.is_empty()
                && !mentions.iter().any(|m| s <= m.start && m.start < e)
                && !dates::is_weekday_text(cell)
                && cell.chars().any(char::is_alphabetic)
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
            if labels::classify(&own).1 == Confidence::Clear {
                return (own, false);
            }
        }
    }
    if prose {
        // The clause that leads to this date.
        let floor = mentions[..index].iter().map(|m| m.end).max().unwrap_or(0);
        let before = text.get(floor..mention.start).unwrap_or("");
        let clause_start = before.rfind(". ").map_or(0, |p| p + 2);
        let clause = before.get(clause_start..).unwrap_or("");
        return (labels::clean_label(clause), true);
    }
    let before = labels::clean_label(text.get(..first.start).unwrap_or(""));
    if !before.is_empty()
        && before.chars().any(char::is_alphabetic)
        && !dates::is_weekday_text(&before)
    {
        return (before, false);
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
        return (after, false);
    }
    // A date alone in its block takes the label of its own record (list
    // item, card) even when the label follows it: the line after shares
    // more of its block path than the line before.
    let short_label = |l: &Line| {
        l.text.len() <= 120
            && l.text.split_whitespace().count() <= 12
            && !l.text.bytes().any(|b| b.is_ascii_digit())
    };
    if let Some(next) = next
        && next.kind == LineKind::Text
        && line.shared_depth(next) > prev.map_or(0, |p| line.shared_depth(p))
        && short_label(next)
    {
        return (labels::clean_label(&next.text), false);
    }
    if let Some(prev) = prev
        && prev.text.len() <= 120
        && prev.text.split_whitespace().count() <= 12
        && !prev.text.bytes().any(|b| b.is_ascii_digit())
    {
        return (labels::clean_label(&prev.text), false);
    }
    if !after.is_empty()
        && after.chars().any(char::is_alphabetic)
        && !dates::is_weekday_text(&after)
    {
        return (after, false);
    }
    (String::new(), false)
}

/// The table cell holding byte `at` of a row.
fn cell_of(line: &Line, at: usize) -> Option<usize> {
    line.cells.iter().position(|&(s, e)| s <= at && at < e)
}

/// True when the words around mention `i` say it was replaced ("extended from …").
fn superseded_by_words(line: &Line, mentions: &[Mention], i: usize) -> bool {
    let Some(m) = mentions.get(i) else {
        return false;
    };
    let text = &line.text;
    let prev_end = if i == 0 {
        0
    } else {
        mentions[..i]
            .iter()
            .map(|m| m.end)
            .max()
            .unwrap_or(0)
            .min(m.start)
    };
    let before = text.get(prev_end..m.start).unwrap_or("").to_lowercase();
    let tail: String = before
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if [
        "extended from",
        "originally",
        "previously",
        "postponed from",
        "moved from",
        "was:",
        "old:",
    ]
    .iter()
    .any(|w| tail.contains(w))
    {
        return true;
    }
    let next = mentions.iter().skip(i + 1).find(|n| n.start >= m.end);
    if let Some(next) = next {
        let between = text.get(m.end..next.start).unwrap_or("").to_lowercase();
        if [
            "extended to",
            "postponed to",
            "moved to",
            "changed to",
            "→",
            "->",
            "=>",
            "new deadline",
            "now ",
        ]
        .iter()
        .any(|w| between.contains(w))
        {
            return true;
        }
    }
    false
}

fn is_generic_label(label: &str) -> bool {
    let l = label.to_lowercase();
    let l = l.trim();
    l.is_empty()
        || !l.chars().any(char::is_alphabetic)
        || matches!(l, "date" | "dates" | "when" | "event date" | "event dates")
}

/// Chooses the kind of an event announced with "will take place" words.
fn event_kind(label: &str, acronym: Option<&str>, own: DeadlineKind) -> DeadlineKind {
    let l = label.to_lowercase();
    let names_us = acronym.is_some_and(|a| !a.is_empty() && l.contains(&a.to_lowercase()));
    if names_us {
        own
    } else if ["conference", "symposium", "congress", "summit", "meeting"]
        .iter()
        .any(|w| l.contains(w))
    {
        DeadlineKind::Conference
    } else if l.contains("workshop") {
        DeadlineKind::Workshop
    } else {
        DeadlineKind::Other
    }
}

fn run(body: &str, format: Format) -> Extraction {
    let mut diagnostics = Vec::new();
    let mut body = body;
    if body.len() > MAX_INPUT_BYTES {
        let mut cut = MAX_INPUT_BYTES;
        while cut > 0 && !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body = body.get(..cut).unwrap_or("");
        diagnostics.push(Diagnostic {
            message: format!("page longer than {MAX_INPUT_BYTES} bytes: only the start was read"),
        });
    }
    let parse = |html: &str| Html::parse_document(&depth::bound_depth(html, depth::MAX_DEPTH));
    let doc = match format {
        Format::Html => text::html_lines(&parse(text::strip_front_matter(body))),
        Format::Markdown => text::html_lines(&parse(&text::markdown_to_html(body, false))),
        Format::Text => text::html_lines(&parse(&text::markdown_to_html(body, true))),
    };
    let conf = conference::read(&doc);
    let acronym = conf.acronym.as_deref();
    // The page's own event dates are of its kind: a workshop page's "Dates:
    // July 17-18" is the workshop.
    let own_event = if conf.workshop {
        DeadlineKind::Workshop
    } else {
        DeadlineKind::Conference
    };

    // Slash dates such as 05/06/2025 are read the way the page's unambiguous
    // ones (15/03/2025) are written; with no such evidence they are dropped.
    let mut order: Option<dates::DayOrder> = None;
    for line in doc.lines.iter().filter(|l| l.text.contains('/')) {
        match (order, dates::slash_order(&line.text)) {
            (None, found) => order = found,
            (Some(seen), Some(found)) if seen != found => {
                order = None;
                break;
            }
            _ => {}
        }
    }

    let mut rejected = Vec::new();
    let mut column_heads: Vec<String> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut aside_candidates: Vec<Candidate> = Vec::new();
    let mut rule: Option<rules::Rule> = None;
    let mut stack: Vec<Open> = Vec::new();
    let mut location_hint: Option<String> = None;

    for (index, line) in doc.lines.iter().enumerate() {
        let (mentions, times, zones) = analyse_line(line, order, &mut rejected);
        // Column headings of the current table, for rows with several dates.
        if line.kind == LineKind::Row && line.header_row {
            column_heads = line
                .cells
                .iter()
                .map(|&(s, e)| labels::clean_label(line.text.get(s..e).unwrap_or("")))
                .collect();
        } else if line.kind != LineKind::Row {
            column_heads.clear();
        }
        let dates_heading = matches!(line.kind, LineKind::Heading(_))
            && mentions.is_empty()
            && labels::is_dates_heading(&line.text);
        if labels::might_name_zone(&line.text)
            && let Some(found) = rules::rule_in(&line.text, dates_heading)
        {
            match &mut rule {
                Some(rule) => rule.merge(found),
                None => rule = Some(found),
            }
        }

        // Sections.
        if let LineKind::Heading(level) = line.kind {
            while stack.last().is_some_and(|o| o.level >= level) {
                stack.pop();
            }
            let scope = if labels::is_dates_heading(&line.text)
                && !labels::is_excluded_heading(&line.text)
            {
                Scope::Dates
            } else if labels::is_excluded_heading(&line.text) {
                Scope::Excluded
            } else {
                Scope::Plain
            };
            if mentions.is_empty() {
                stack.push(Open {
                    level,
                    scope,
                    text: labels::clean_label(&line.text),
                });
                continue;
            }
            stack.push(Open {
                level,
                scope: Scope::Plain,
                text: String::new(),
            });
        } else if mentions.is_empty() {
            // Only short lines can be headings; long ones are not counted.
            let words = if line.text.len() <= 80 {
                line.text.split_whitespace().count()
            } else {
                usize::MAX
            };
            let pseudo = words <= 6
                && !line.all_link
                && line.kind == LineKind::Text
                && (line.text.trim_end().ends_with(':')
                    || words <= 3
                    || line
                        .text
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase))
                && labels::is_dates_heading(&line.text);
            if pseudo && !stack.iter().any(|o| o.scope == Scope::Dates) {
                while stack.last().is_some_and(|o| o.level >= 7) {
                    stack.pop();
                }
                stack.push(Open {
                    level: 7,
                    scope: Scope::Dates,
                    text: labels::clean_label(&line.text),
                });
            }
            continue;
        }
        if line.all_link || line.header_row || labels::is_page_metadata(&line.text) {
            continue;
        }

        let innermost = stack
            .iter()
            .rev()
            .find(|o| o.scope != Scope::Plain || o.level == 7)
            .map(|o| o.scope);
        let scope = innermost.unwrap_or(Scope::Plain);
        if scope == Scope::Excluded {
            continue;
        }
        let in_section = scope == Scope::Dates;
        let track = {
            let first_dates = stack.iter().position(|o| o.scope == Scope::Dates);
            match (first_dates, stack.last()) {
                // A sub-heading under the dates section names a track; a
                // second dates heading ("Important Dates" under "Call for
                // Papers") does not, or every rewording would be a new track.
                (Some(pos), Some(last))
                    if stack.len() > pos + 1
                        && !last.text.is_empty()
                        && last.scope != Scope::Dates =>
                {
                    Some(last.text.clone())
                }
                _ => None,
            }
        };
        let title_area = line.in_header || matches!(line.kind, LineKind::Heading(l) if l <= 3);
        let line_ref = mentions
            .iter()
            .find_map(|m| m.from.year.and_then(|y| m.from.resolve(y)));
        // Each date takes the time and zone written after it, before the
        // next date; else the line's first ones.
        let own = |i: usize, at: &dyn Fn(usize) -> Option<(usize, usize)>| {
            let m = &mentions[i];
            let limit = mentions
                .iter()
                .map(|n| n.start)
                .filter(|&s| s > m.start)
                .min()
                .unwrap_or(usize::MAX);
            (0..)
                .map_while(at)
                .position(|(s, _)| s >= m.end && s < limit)
        };
        let prev = index.checked_sub(1).and_then(|p| doc.lines.get(p));
        let next = doc.lines.get(index + 1);

        // Deadlines of awards and grants are not the call's deadlines.
        let track_is_other = track
            .as_ref()
            .is_some_and(|t| labels::classify(t) == (DeadlineKind::Other, Confidence::Clear));
        let mut last_label: Option<(String, (DeadlineKind, Confidence))> = None;
        let date_cells = {
            let mut cells: Vec<usize> = mentions
                .iter()
                .filter_map(|m| cell_of(line, m.start))
                .collect();
            cells.dedup();
            cells.len()
        };
        for (i, m) in mentions.iter().enumerate() {
            let (mut label, prose) = label_for(line, &mentions, i, prev, next);
            let (mut kind, mut confidence) = match &last_label {
                Some((previous, class)) if *previous == label => *class,
                _ => {
                    let class = labels::classify(&label);
                    last_label = Some((label.clone(), class));
                    class
                }
            };
            // "Full papers | March 1 | May 1" under "Track | Deadline |
            // Notification": each date takes its column's meaning.
            if date_cells > 1
                && let Some(head) = cell_of(line, m.start).and_then(|c| column_heads.get(c))
                && labels::classify(head).1 == Confidence::Clear
            {
                (kind, confidence) = labels::classify(head);
                label = if label.is_empty() {
                    head.clone()
                } else {
                    format!("{label}: {head}")
                };
            }
            let l = label.to_lowercase();
            let event_words = ["take place", "takes place", "took place", "held"]
                .iter()
                .any(|w| l.contains(w));
            if event_words {
                kind = event_kind(&label, acronym, own_event);
                confidence = Confidence::Clear;
            }
            // A range labelled only "Dates" or with the event's own name
            // ("FooConf 2025 | 24–25 February") is the event.
            let names_us = acronym
                .is_some_and(|a| a.len() >= 2 && label.to_lowercase().contains(&a.to_lowercase()));
            if confidence == Confidence::Guess
                && m.to.is_some()
                && (is_generic_label(&label) || title_area || names_us)
            {
                kind = own_event;
                confidence = Confidence::Clear;
                if title_area && location_hint.is_none() {
                    location_hint =
                        conference::place_before_date(line.text.get(..m.start).unwrap_or(""))
                            .or_else(|| {
                                conference::place_after_date(line.text.get(m.end..).unwrap_or(""))
                            });
                }
            }
            if matches!(kind, DeadlineKind::Submission | DeadlineKind::Abstract) && track_is_other {
                kind = DeadlineKind::Other;
            }
            let is_event = matches!(
                kind,
                DeadlineKind::Conference | DeadlineKind::Workshop | DeadlineKind::Tutorial
            );
            let accept = if in_section {
                !prose || confidence == Confidence::Clear && kind != DeadlineKind::Other
            } else if title_area || prose {
                is_event && confidence == Confidence::Clear && (event_words || m.to.is_some())
            } else {
                confidence == Confidence::Clear
                    && kind != DeadlineKind::Other
                    && label.split_whitespace().count() <= 12
                    && (!is_event || m.to.is_some() || event_words)
            };
            if !accept {
                continue;
            }
            let struck = line.is_struck(m.start, m.end) || superseded_by_words(line, &mentions, i);
            let candidate = Candidate {
                kind,
                from: m.from,
                to: m.to,
                weekday: m.weekday,
                line_ref,
                time: own(i, &|k| times.get(k).map(|t| (t.start, t.end)))
                    .and_then(|k| times.get(k))
                    .or(times.first())
                    .map(|t| t.time),
                zone: own(i, &|k| zones.get(k).map(|z| (z.start, z.end)))
                    .and_then(|k| zones.get(k))
                    .or(zones.first())
                    .map(|z| z.zone.clone()),
                struck,
                says_deadline: l.contains("deadline") || l.contains("due"),
                label,
                track: track.clone(),
                line: index,
                in_section,
                is_range: m.to.is_some(),
            };
            if line.in_aside {
                aside_candidates.push(candidate);
            } else {
                candidates.push(candidate);
            }
        }
    }
    if !candidates
        .iter()
        .any(|c| c.kind.is_deadline() || c.kind == DeadlineKind::Notification)
    {
        candidates.append(&mut aside_candidates);
    }
    for r in rejected {
        diagnostics.push(Diagnostic {
            message: format!("dropped '{}': {}", r.text, r.reason),
        });
    }

    // The event itself anchors years that the page leaves out.
    let event = candidates
        .iter()
        .filter(|c| c.kind == DeadlineKind::Conference || c.kind == DeadlineKind::Workshop)
        .find_map(|c| {
            let start = c.from.year.and_then(|y| c.from.resolve(y))?;
            let end =
                c.to.and_then(|t| t.resolve(t.year.unwrap_or(start.year())))
                    .unwrap_or(start);
            Some((start, end.max(start)))
        })
        .or_else(|| {
            // An event given without a year is in the edition's year.
            let edition = conf.year?;
            candidates
                .iter()
                .filter(|c| c.kind == own_event && c.from.year.is_none() && c.line_ref.is_none())
                .find_map(|c| years::event_in_edition(c.from, c.to, edition))
        });
    let page_year = conf.year.or(event.map(|(s, _)| s.year())).or_else(|| {
        let mut years: Vec<i32> = candidates.iter().filter_map(|c| c.from.year).collect();
        years.sort_unstable();
        years.get(years.len() / 2).copied()
    });

    // For a date without a year and no event to anchor it: the nearest date
    // on the page (in line order) that has one.
    let explicit: Vec<(usize, NaiveDate)> = candidates
        .iter()
        .filter_map(|c| Some((c.line, c.from.resolve(c.from.year?)?)))
        .collect();
    let nearest_explicit = |line: usize| {
        explicit
            .iter()
            .min_by_key(|(l, _)| l.abs_diff(line))
            .map(|(_, d)| *d)
    };

    // No dated event and no dated neighbour: years follow the page's order
    // back from the edition year.
    let yearless: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.from.year.is_none() && c.line_ref.is_none())
        .map(|(i, _)| i)
        .collect();
    let chained: Vec<i32> = match conf.year {
        Some(edition) if event.is_none() && explicit.is_empty() => years::chain_backwards(
            &yearless
                .iter()
                .map(|&i| candidates[i].from)
                .collect::<Vec<_>>(),
            edition,
        ),
        _ => Vec::new(),
    };
    let mut chained_by_index: Vec<Option<i32>> = vec![None; candidates.len()];
    for (&i, &year) in yearless.iter().zip(&chained) {
        chained_by_index[i] = Some(year);
    }
    let chained_year = |index: usize| chained_by_index.get(index).copied().flatten();

    let mut out: Vec<ExtractedDate> = Vec::new();
    let mut in_section_flags: Vec<bool> = Vec::new();
    for (index, c) in candidates.into_iter().enumerate() {
        let date = match c.from.year.or_else(|| chained_year(index)) {
            Some(y) => c.from.resolve(y),
            None => {
                let (near, latest) = match (c.line_ref, event) {
                    (Some(r), _) => (Some(r), None),
                    (None, Some((start, end))) => (Some(start), Some(end + Duration::days(31))),
                    (None, None) => (
                        nearest_explicit(c.line)
                            .or_else(|| page_year.and_then(|y| NaiveDate::from_ymd_opt(y, 6, 30))),
                        None,
                    ),
                };
                match near {
                    Some(near) => dates::infer_year(c.from, near, latest, c.weekday),
                    None => {
                        diagnostics.push(Diagnostic {
                            message: format!(
                                "dropped '{}' (label '{}'): the page gives no year",
                                c.from.describe(),
                                c.label
                            ),
                        });
                        continue;
                    }
                }
            }
        };
        let Some(date) = date else {
            diagnostics.push(Diagnostic {
                message: format!(
                    "dropped '{}' (label '{}'): no such day",
                    c.from.describe(),
                    c.label
                ),
            });
            continue;
        };
        let end_date = c.to.and_then(|to| {
            let year = to.year.unwrap_or(date.year());
            let end = to.resolve(year)?;
            if end > date {
                Some(end)
            } else if to.year.is_none() {
                to.resolve(year + 1)
                    .filter(|e| *e > date && (*e - date).num_days() < 120)
            } else {
                None
            }
        });
        if c.to.is_some()
            && end_date.is_none()
            && c.to
                .and_then(|to| to.resolve(to.year.unwrap_or(date.year())))
                .is_none()
        {
            diagnostics.push(Diagnostic {
                message: format!(
                    "ignored the end of range '{}' (label '{}'): no such day",
                    c.to.map(|t| t.describe()).unwrap_or_default(),
                    c.label
                ),
            });
        }
        let mut time = c.time;
        let mut zone = c.zone;
        if let Some(rule) = &rule
            && rule.applies_to(c.kind, c.says_deadline, c.is_range)
        {
            if time.is_none() {
                time = rule.time;
            }
            if zone.is_none() {
                zone = rule.zone.clone();
            }
        }
        let entry = ExtractedDate {
            kind: c.kind,
            date,
            end_date,
            time,
            timezone: zone,
            struck: c.struck,
            label: c.label,
            track: c.track,
        };
        // Each event once; a deadline repeated outside the dates section once.
        let is_event = matches!(
            entry.kind,
            DeadlineKind::Conference | DeadlineKind::Workshop | DeadlineKind::Tutorial
        );
        let duplicate = out.iter().zip(&in_section_flags).position(|(o, &o_in)| {
            o.kind == entry.kind
                && o.date == entry.date
                && (o.end_date == entry.end_date
                    || o.end_date.is_none()
                    || entry.end_date.is_none())
                && o.struck == entry.struck
                && (is_event || o_in != c.in_section)
        });
        match duplicate {
            Some(pos) => {
                // Keep the more precise of the two.
                if let Some(o) = out.get_mut(pos) {
                    if o.end_date.is_none() && entry.end_date.is_some() {
                        o.end_date = entry.end_date;
                    }
                    if o.time.is_none() {
                        o.time = entry.time;
                    }
                    if o.timezone.is_none() {
                        o.timezone = entry.timezone;
                    }
                }
            }
            None => {
                out.push(entry);
                in_section_flags.push(c.in_section);
            }
        }
    }

    let year = conf.year.or(event.map(|(s, _)| s.year()));
    Extraction {
        page: ExtractedPage {
            name: conf.name,
            acronym: conf.acronym,
            year,
            location: location_hint.or(conf.location),
            event_kind: if conf.workshop {
                ConferenceKind::Workshop
            } else {
                ConferenceKind::Conference
            },
            host: conf.host.map(|(acronym, year)| HostEvent { acronym, year }),
            dates: out,
        },
        diagnostics,
    }
}

#[cfg(test)]
mod tests;
