//! Candidates: the lines walked in order, with the sections they open
//! ("Important Dates", "News"), each date given a kind from its label (or
//! its column heading), and the page-wide rules collected on the way.

use chrono::{NaiveDate, NaiveTime};

use super::conference::{self, Conference};
use super::dates::{self, PartialDate};
use super::html::{Document, Line, LineKind};
use super::labels::{self, Confidence};
use super::records::{analyse_line, cell_of, label_for};
use super::rules;
use crate::kind::DeadlineKind;

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
    /// The line of the heading.
    line: usize,
}

/// One candidate date before the years are settled.
pub(super) struct Candidate {
    pub kind: DeadlineKind,
    pub from: PartialDate,
    pub to: Option<PartialDate>,
    pub weekday: Option<u32>,
    /// A reference date from the same line (for the missing year).
    pub line_ref: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    pub zone: Option<String>,
    pub struck: bool,
    pub label: String,
    pub track: Option<String>,
    pub line: usize,
    pub in_section: bool,
    /// The line of the dates heading the date stands under, if any: the
    /// same dates listed under two such headings are one list repeated.
    pub section: Option<usize>,
    /// A period or its start, not a deadline: page-wide deadline times
    /// do not apply.
    pub is_period: bool,
    /// Stated in a sentence that gives other dates too ("workshop on May
    /// 25, 2014 – submission deadline: March 6, 2014"), not as an entry of
    /// its own.
    pub in_summary: bool,
    pub says_deadline: bool,
}

fn is_generic_label(label: &str) -> bool {
    let l = label.to_lowercase();
    let l = l.trim();
    l.is_empty()
        || !l.chars().any(char::is_alphabetic)
        || matches!(l, "date" | "dates" | "when" | "event date" | "event dates")
}

/// Chooses the kind of an event announced with "will take place" words.
fn event_kind(
    label: &str,
    acronym: Option<&str>,
    host: Option<&str>,
    own: DeadlineKind,
) -> DeadlineKind {
    // "Workshop date: held in conjunction with the CF2024 conference": the
    // label's head says whose date it is.
    if let Some((head, _)) = label.split_once(':')
        && let (kind, Confidence::Clear) = labels::classify(head)
        && is_event_kind(kind)
    {
        return kind;
    }
    // "The GEM Workshop will be held as part of ACL, July 27 – August 1":
    // the dates right after the host's name are the host's.
    if host.is_some_and(|h| ends_with_name(label, h)) {
        return DeadlineKind::Other;
    }
    let l = label.to_lowercase();
    let names_us = acronym.is_some_and(|a| !a.is_empty() && l.contains(&a.to_lowercase()));
    // "The 2025 edition will take place …", "L'édition 2025 … aura lieu".
    let names_edition = ["edition", "édition", "edición", "edizione", "edição"]
        .iter()
        .any(|w| l.contains(w));
    if names_us || names_edition {
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

/// True for a heading that speaks of a deadline ("Deadline on April 9th").
fn names_a_deadline(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("deadline") || lower.contains(" due")
}

/// "Workshop (in person): Friday, Dec 2, 2022": a short label, a colon,
/// then the date (a weekday may come between) — one record, whose date is
/// the event's even when it is a single day.
fn is_labelled_record(text: &str, date_start: usize) -> bool {
    let before = text.get(..date_start).unwrap_or("");
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    let before = match before.rsplit_once(|c: char| c.is_whitespace()) {
        Some((head, last)) if dates::is_weekday_text(last) => head.trim_end(),
        None if dates::is_weekday_text(before) => "",
        _ => before,
    };
    before.ends_with(':') && before.split_whitespace().count() <= 5
}

/// True when the last word of `label` (brackets and punctuation aside) is
/// `name`, with or without a year: "… held as part of ACL", "… ACL 2025,".
fn ends_with_name(label: &str, name: &str) -> bool {
    let mut words = label
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']'))
        .filter(|w| !w.is_empty())
        .rev();
    let last = words.next().unwrap_or_default();
    let is_year = last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit());
    let word = if is_year {
        words.next().unwrap_or_default()
    } else {
        last
    };
    word.eq_ignore_ascii_case(name)
}

/// True when a workshop page's event date belongs to its host: "SIGIR
/// Main Conference", "ACL 2025 (host conference)".
fn names_host_event(label: &str, host: Option<&str>) -> bool {
    let l = label.to_lowercase();
    l.contains("main conference")
        || l.contains("host conference")
        || host.is_some_and(|h| {
            l.split(|c: char| !c.is_alphanumeric())
                .any(|w| w == h.to_lowercase())
        })
}

/// The kind of the page's own event dates: a workshop page's "Dates: July
/// 17-18" is the workshop.
pub(super) fn own_event(conf: &Conference) -> DeadlineKind {
    if conf.workshop {
        DeadlineKind::Workshop
    } else {
        DeadlineKind::Conference
    }
}

/// What the walk over the lines finds.
pub(super) struct Found {
    /// Dates with their kinds, in page order, years not yet settled.
    pub candidates: Vec<Candidate>,
    /// The page-wide rule for deadline times and zones, if stated.
    pub rule: Option<rules::Rule>,
    /// A place read next to the event's dates in the page header.
    pub location_hint: Option<String>,
    /// Dates seen but not read (ambiguous day and month).
    pub rejected: Vec<dates::Rejected>,
}

/// Walks the lines of a page into candidate dates.
pub(super) fn find(doc: &Document, conf: &Conference) -> Found {
    let acronym = conf.acronym.as_deref();
    let host = conf.host.as_ref().map(|(acronym, _)| acronym.as_str());
    // Section headings that state their own deadline stand in for a dates
    // list only on a page that has none (else they repeat its entries).
    let has_dates_list = doc.lines.iter().any(|l| {
        matches!(l.kind, LineKind::Heading(_))
            && labels::is_dates_only_heading(&l.text)
            && !l.text.bytes().any(|b| b.is_ascii_digit())
    });
    let own_event = own_event(conf);
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
    let mut dates_table = false;
    // Deadlines read so far from the rows of the current table.
    let mut table_deadlines = 0usize;
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut aside_candidates: Vec<Candidate> = Vec::new();
    let mut rule: Option<rules::Rule> = None;
    let mut stack: Vec<Open> = Vec::new();
    let mut location_hint: Option<String> = None;
    let mut labels_follow: Option<bool> = None;
    // "The days will take place on the following dates:": the dated lines
    // right after such an introduction are the event's days.
    let mut event_intro = false;

    for (index, line) in doc.lines.iter().enumerate() {
        let zone_hint = labels::might_name_zone(&line.text);
        let (mentions, times, zones) = analyse_line(line, order, zone_hint, &mut rejected);
        // A Markdown table's first row is its header even when it is the
        // first entry ("| Submission deadline: | February 7, 2018 |"): a
        // header row that holds a date is read as an entry.
        let header_row = line.header_row && mentions.is_empty();
        // Column headings of the current table, for rows with several dates.
        if line.kind == LineKind::Row && header_row {
            column_heads = line
                .cells
                .iter()
                .map(|&(s, e)| labels::clean_label(line.text.get(s..e).unwrap_or("")))
                .collect();
            // "Event | Date": a table headed as a list of dates is a dates
            // section of its own, wherever it stands on the page.
            dates_table = column_heads
                .iter()
                .any(|head| labels::is_dates_heading(head));
        } else if line.kind != LineKind::Row {
            column_heads.clear();
            dates_table = false;
            table_deadlines = 0;
        }
        let dates_heading = matches!(line.kind, LineKind::Heading(_))
            && mentions.is_empty()
            && labels::is_dates_heading(&line.text);
        // A dated line without a time or zone states no rule (its times
        // and zones were read above).
        let may_rule = mentions.is_empty() || !times.is_empty() || !zones.is_empty();
        if zone_hint
            && may_rule
            && let Some(found) = rules::rule_in(&line.text, dates_heading)
        {
            match &mut rule {
                Some(rule) => rule.merge(found),
                None => rule = Some(found),
            }
        }

        // Sections.
        if mentions.is_empty() || matches!(line.kind, LineKind::Heading(_)) {
            event_intro = line.kind == LineKind::Text
                && line.text.trim_end().ends_with(':')
                && labels::says_event(&line.text.to_lowercase());
        }
        if let LineKind::Heading(level) = line.kind {
            while stack.last().is_some_and(|o| o.level >= level) {
                stack.pop();
            }
            let scope = if labels::is_dates_heading(&line.text)
                && !labels::is_other_editions_dates(&line.text)
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
                    line: index,
                });
                continue;
            }
            stack.push(Open {
                level,
                scope: Scope::Plain,
                text: String::new(),
                line: index,
            });
        } else if mentions.is_empty() {
            // Only short lines can be headings; long ones are not counted.
            let words = if line.text.len() <= 80 {
                line.text.split_whitespace().count()
            } else {
                usize::MAX
            };
            let shaped = words <= 6
                && !line.all_link
                && line.kind == LineKind::Text
                && (line.text.trim_end().ends_with(':')
                    || words <= 3
                    || line
                        .text
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase));
            let pseudo = if !shaped {
                None
            } else if labels::is_dates_heading(&line.text) {
                (!stack.iter().any(|o| o.scope == Scope::Dates)).then_some(Scope::Dates)
            } else if words <= 3 && labels::is_excluded_heading(&line.text) {
                // A bold "Latest Updates" over a news panel ends the dates
                // panel before it, as a real heading would.
                Some(Scope::Excluded)
            } else {
                None
            };
            if let Some(scope) = pseudo {
                while stack.last().is_some_and(|o| o.level >= 7) {
                    stack.pop();
                }
                stack.push(Open {
                    level: 7,
                    scope,
                    text: labels::clean_label(&line.text),
                    line: index,
                });
            }
            continue;
        }
        if line.all_link || header_row || labels::is_page_metadata(&line.text) {
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
        // A table whose rows already gave two deadlines is a table of dates:
        // its "Workshop in Long Beach | December 8" row is the event's day.
        let in_section = scope == Scope::Dates
            || line.kind == LineKind::Row && (dates_table || table_deadlines >= 2);
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
        // The neighbours' texts as labels, cleaned once per line (not once
        // per date) and only when a date asks.
        let neighbour_labels: [std::cell::OnceCell<String>; 2] = Default::default();
        let mut line_label: Option<String> = None;

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
        let in_summary = mentions.len() > 1 && !matches!(line.kind, LineKind::Row);
        for (i, m) in mentions.iter().enumerate() {
            let (mut label, prose) = label_for(
                line,
                &mentions,
                i,
                prev,
                next,
                &mut labels_follow,
                &mut line_label,
            );
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
            // A column headed as a track ("Mentorship track") says which
            // track, not which deadline, when the row says that.
            if date_cells > 1
                && let Some(head) = cell_of(line, m.start).and_then(|c| column_heads.get(c))
                && labels::classify(head).1 == Confidence::Clear
                && !(confidence == Confidence::Clear && names_a_track(head))
            {
                // "Notification | March 20 | March 27" under "| Research
                // Papers | Industry Papers": the columns are tracks, and a
                // column that only says "papers" or "deadline" leaves the
                // kind to the row's own label.
                let column = labels::classify(head);
                // A row named for an event ("Tutorials | May 1 | June 1")
                // is a track, and the column says which deadline it is.
                let row_names_other_kind = confidence == Confidence::Clear
                    && column.0 == DeadlineKind::Submission
                    && !matches!(kind, DeadlineKind::Submission | DeadlineKind::Other)
                    && !is_event_kind(kind);
                if !row_names_other_kind {
                    (kind, confidence) = column;
                }
                label = if label.is_empty() {
                    head.clone()
                } else {
                    format!("{label}: {head}")
                };
            }
            let l = label.to_lowercase();
            let event_words = labels::says_event(&l);
            if event_words {
                kind = event_kind(&label, acronym, host, own_event);
                confidence = Confidence::Clear;
            }
            if event_intro && confidence == Confidence::Guess {
                kind = own_event;
                confidence = Confidence::Clear;
            }
            // On a workshop's page, the host's days are a co-located event.
            if conf.workshop && kind == DeadlineKind::Conference && names_host_event(&label, host) {
                kind = DeadlineKind::Other;
                confidence = Confidence::Clear;
            }
            // A range labelled only "Dates" or with the event's own name
            // ("FooConf 2025 | 24–25 February") is the event.
            let names_us = acronym
                .is_some_and(|a| a.len() >= 2 && label.to_lowercase().contains(&a.to_lowercase()));
            // "<p><strong>IEEE VR 2024: The 31st Conference …</strong><br>
            // March 16-21, 2024 | Orlando</p>": the record names the event.
            let record_names_us = || {
                prev.is_some_and(|p| {
                    !p.path.is_empty()
                        && p.path == line.path
                        && acronym.is_some_and(|a| a.len() >= 2 && p.text.contains(a))
                })
            };
            // "June 27th – July 1st, 2022 | New York City, USA": a range
            // labelled with the event's own place.
            let names_our_place = || {
                conf.location
                    .as_deref()
                    .is_some_and(|place| place.len() >= 3 && label.starts_with(place))
            };
            if confidence == Confidence::Guess
                && m.to.is_some()
                && (is_generic_label(&label)
                    || title_area
                    || names_us
                    || record_names_us()
                    || names_our_place())
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
            // "(Main conference notifications: July 13)": an entry wrapped
            // whole in brackets is a side note, not one of the call's dates.
            if is_bracketed(&line.text) && !is_event_kind(kind) {
                kind = DeadlineKind::Other;
            }
            let is_event = matches!(
                kind,
                DeadlineKind::Conference | DeadlineKind::Workshop | DeadlineKind::Tutorial
            );
            let clear_deadline =
                confidence == Confidence::Clear && kind != DeadlineKind::Other && !is_event;
            let accept = if in_section {
                !prose || confidence == Confidence::Clear && kind != DeadlineKind::Other
            } else if title_area || prose {
                is_event && confidence == Confidence::Clear && (event_words || m.to.is_some())
                    // "<h2>Full papers. Deadline on April 9th 2021</h2>": a
                    // section headed by its own deadline.
                    || clear_deadline && !prose && !has_dates_list && names_a_deadline(&line.text)
            } else {
                confidence == Confidence::Clear
                    && kind != DeadlineKind::Other
                    // "The 22nd International Symposium on … will take place
                    // 8-10 September 2020": a range the words announce is
                    // the event however long its name.
                    && (words_outside_brackets(&label) <= 12 || event_words && m.to.is_some())
                    && (!is_event
                        || m.to.is_some()
                        || event_words
                        || is_labelled_record(&line.text, m.start))
            };
            if !accept {
                continue;
            }
            // Struck means shown struck: a date the words call replaced
            // ("previously May 1") is kept as written, not struck.
            let struck = line.is_struck(m.start, m.end);
            // A label read from the line before or after ("Submission
            // deadline (11:59 PM PT)" over its date) brings its time and zone.
            let label_line = [prev, next]
                .into_iter()
                .zip(&neighbour_labels)
                .filter_map(|(l, cleaned)| l.map(|l| (l, cleaned)))
                .find(|(l, cleaned)| {
                    !label.is_empty()
                        && (times.is_empty() || zones.is_empty())
                        && labels::might_name_zone(&l.text)
                        && *cleaned.get_or_init(|| labels::clean_label(&l.text)) == label
                        && !line.text.contains(label.as_str())
                })
                .map(|(l, _)| l);
            // The line's first time or zone serves a date without its own
            // ("~~May 1~~ May 8, 23:59 AoE") only inside one sentence.
            // Nor, in a table row, from another cell that holds a date of its
            // own ("1 January | 1 March, 5 p.m. PST": the time is March's).
            let same_sentence = |at: usize| {
                !rules::sentence_break_between(&line.text, m.start, at)
                    && !in_other_dated_cell(line, &mentions, m.start, at)
            };
            let candidate = Candidate {
                kind,
                from: m.from,
                to: m.to,
                weekday: m.weekday,
                line_ref,
                time: own(i, &|k| times.get(k).map(|t| (t.start, t.end)))
                    .and_then(|k| times.get(k))
                    .or(times.first().filter(|t| same_sentence(t.start)))
                    .map(|t| t.time)
                    .or_else(|| {
                        label_line.and_then(|l| dates::find_times(&l.text).first().map(|t| t.time))
                    }),
                zone: own(i, &|k| zones.get(k).map(|z| (z.start, z.end)))
                    .and_then(|k| zones.get(k))
                    .or(zones.first().filter(|z| same_sentence(z.start)))
                    .map(|z| z.zone.clone())
                    .or_else(|| {
                        label_line.and_then(|l| {
                            dates::find_zones(&l.text)
                                .into_iter()
                                .next()
                                .map(|z| z.zone)
                        })
                    }),
                struck,
                says_deadline: ["deadline", "due", "registration"]
                    .iter()
                    .any(|w| l.contains(w)),
                label,
                track: track.clone(),
                line: index,
                in_section,
                // Only a heading that names no track ("Important Dates",
                // not "Demo dates") can head a repeated copy of the list.
                section: stack
                    .iter()
                    .rev()
                    .find(|o| o.scope == Scope::Dates)
                    .filter(|o| labels::classify(&o.text).1 == Confidence::Guess)
                    .map(|o| o.line),
                // "Author response period starts": the start of a period
                // is no deadline either.
                is_period: m.to.is_some() || opens_a_period(&l),
                in_summary,
            };
            if line.kind == LineKind::Row && !is_event_kind(candidate.kind) {
                table_deadlines += 1;
            }
            // "<h2>Contest Registration - due December 23</h2>" over a
            // section whose deadline the dates list already gave: the
            // heading repeats it.
            let is_heading = |l: &Line| matches!(l.kind, LineKind::Heading(_));
            let repeats_in_heading = is_heading(line)
                && candidates.iter().any(|c: &Candidate| {
                    c.kind == candidate.kind
                        && c.from == candidate.from
                        && c.struck == candidate.struck
                        && !doc.lines.get(c.line).is_some_and(is_heading)
                });
            if repeats_in_heading {
                continue;
            }
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
    final_submission_beside_camera_ready(&mut candidates);
    Found {
        candidates,
        rule,
        location_hint,
        rejected,
    }
}

/// True for a lower-case label that opens a period: "response period
/// starts", "rebuttal begins".
fn opens_a_period(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "start" | "starts" | "begin" | "begins" | "beginning"))
}

/// "Final submission deadline" is the camera-ready on a page that names
/// no camera-ready, and the paper deadline after a first round on one
/// that does ("Camera-ready submissions due").
fn final_submission_beside_camera_ready(candidates: &mut [Candidate]) {
    let says_camera = |c: &Candidate| c.label.to_lowercase().contains("camera");
    let camera_named = candidates
        .iter()
        .any(|c| c.kind == DeadlineKind::CameraReady && says_camera(c));
    if !camera_named {
        return;
    }
    for c in candidates.iter_mut() {
        if c.kind == DeadlineKind::CameraReady
            && !says_camera(c)
            && c.label.to_lowercase().contains("final submission")
        {
            c.kind = DeadlineKind::Submission;
        }
    }
}

/// True for a column heading that names a track: "Non-archival track".
fn names_a_track(head: &str) -> bool {
    head.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("track") || w.eq_ignore_ascii_case("tracks"))
}

/// The words of a label outside brackets: "Full paper submission (all
/// authors must have an OpenReview profile) deadline" is a short label
/// with an aside.
fn words_outside_brackets(label: &str) -> usize {
    let mut depth = 0usize;
    let mut outside = String::with_capacity(label.len());
    for c in label.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => outside.push(' '),
        }
    }
    outside.split_whitespace().count()
}

fn is_event_kind(kind: DeadlineKind) -> bool {
    matches!(
        kind,
        DeadlineKind::Conference | DeadlineKind::Workshop | DeadlineKind::Tutorial
    )
}

/// True for a line wrapped whole in brackets: "(ICCV notifications: July 13)".
fn is_bracketed(text: &str) -> bool {
    let t = text.trim();
    t.len() > 2
        && t.starts_with('(')
        && t.ends_with(')')
        && !t
            .get(1..t.len() - 1)
            .is_some_and(|inner| inner.contains(')'))
}

/// True when `at` lies in another cell of a table row than the date at
/// `date`, a cell that holds a date itself.
fn in_other_dated_cell(line: &Line, mentions: &[dates::Mention], date: usize, at: usize) -> bool {
    let (Some(here), Some(there)) = (cell_of(line, date), cell_of(line, at)) else {
        return false;
    };
    here != there
        && mentions
            .iter()
            .any(|n| cell_of(line, n.start) == Some(there))
}
