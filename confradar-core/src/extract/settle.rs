//! Settling: years the page leaves out, page-wide rules applied to
//! deadlines, each event kept once.

use chrono::{Datelike, Duration, NaiveDate};

use super::candidates::{Candidate, own_event};
use super::conference::Conference;
use super::{Diagnostic, ExtractedDate, dates, rules, words, years};
use crate::kind::DeadlineKind;

/// Turns candidates into dates; returns them and the event's first day, if dated.
pub(super) fn settle(
    candidates: Vec<Candidate>,
    conf: &Conference,
    rule: Option<rules::Rule>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<ExtractedDate>, Option<NaiveDate>) {
    let own_event = own_event(conf);
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

    let repeated = repeated_lists(&candidates);
    let mut out: Vec<ExtractedDate> = Vec::new();
    // Where each kept date stood.
    let mut placed: Vec<Placed> = Vec::new();
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
        let end_date = c.to.and_then(|to| range_end(date, to));
        if let Some(to) = c.to
            && end_date.is_none()
            && to.resolve(to.year.unwrap_or(date.year())).is_none()
        {
            diagnostics.push(Diagnostic {
                message: format!(
                    "ignored the end of range '{}' (label '{}'): no such day",
                    to.describe(),
                    c.label
                ),
            });
        }
        let mut time = c.time;
        let mut zone = c.zone;
        if let Some(rule) = &rule
            && rule.applies_to(c.kind, c.says_deadline, c.is_period)
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
        let here = Placed {
            in_section: c.in_section,
            section: c.section,
            in_summary: c.in_summary,
            qualifiers: qualifiers(&entry.label),
        };
        match duplicate_of(&out, &placed, &entry, &here, &repeated) {
            Some(pos) => {
                if let Some(o) = out.get_mut(pos) {
                    merge_into(o, entry);
                }
            }
            None => {
                out.push(entry);
                placed.push(here);
            }
        }
    }

    join_start_and_end(&mut out);
    abstract_alone_is_the_submission(&mut out);
    (out, event.map(|(start, _)| start))
}

/// A call where an abstract is all that is submitted ("Abstract submission
/// deadline" and no paper deadline): that abstract is the submission. An
/// abstract *registration* announces a paper to follow, and stays.
fn abstract_alone_is_the_submission(out: &mut [ExtractedDate]) {
    if out.iter().any(|d| d.kind == DeadlineKind::Submission) {
        return;
    }
    for d in out.iter_mut() {
        if d.kind == DeadlineKind::Abstract && !d.label.to_lowercase().contains("regist") {
            d.kind = DeadlineKind::Submission;
        }
    }
}

/// The last day of a range that starts on `start`: in the start's year,
/// or the next one for a range across New Year ("December 28 – January
/// 3"); none when it would end before it starts.
fn range_end(start: NaiveDate, to: dates::PartialDate) -> Option<NaiveDate> {
    let year = to.year.unwrap_or(start.year());
    let end = to.resolve(year)?;
    if end > start {
        Some(end)
    } else if to.year.is_none() {
        to.resolve(year + 1)
            .filter(|e| *e > start && (*e - start).num_days() < 120)
    } else {
        None
    }
}

/// Where a date stood on the page: what tells a repeated date from a
/// second one on the same day.
struct Placed {
    /// In a dates section (or a table of dates).
    in_section: bool,
    /// The dates section, by the line of its heading.
    section: Option<usize>,
    /// In a sentence that gives other dates too.
    in_summary: bool,
    /// The label's telling words (read once: every later date is compared).
    qualifiers: Vec<String>,
}

/// The kept date that `entry` repeats, if any. Each event once; a
/// deadline once, however often the page gives it: outside the dates
/// section as well as in it, in a second copy of the dates list (a
/// sidebar's "Important Dates"), or in a summary sentence before or after
/// its own entry.
fn duplicate_of(
    out: &[ExtractedDate],
    placed: &[Placed],
    entry: &ExtractedDate,
    here: &Placed,
    repeated: &[usize],
) -> Option<usize> {
    let is_event = matches!(
        entry.kind,
        DeadlineKind::Conference | DeadlineKind::Workshop | DeadlineKind::Tutorial
    );
    out.iter().zip(placed).position(|(o, there)| {
        if o.kind != entry.kind {
            return false;
        }
        // "Conference end: April 4" under an "April 3-4" already read.
        let within_event = is_event
            && entry.end_date.is_none()
            && o.end_date
                .is_some_and(|end| o.date <= entry.date && entry.date <= end);
        if within_event {
            return true;
        }
        let same_days = o.date == entry.date
            && (o.end_date == entry.end_date || o.end_date.is_none() || entry.end_date.is_none());
        if !same_days || o.struck != entry.struck {
            return false;
        }
        let other_list = there.section.is_some()
            && there.section != here.section
            && here.section.is_some_and(|s| repeated.contains(&s));
        let summarised = || {
            there.in_summary != here.in_summary
                && (o.track == entry.track || o.track.is_none() || entry.track.is_none())
                && there.qualifiers == here.qualifiers
        };
        is_event
            || there.in_section != here.in_section
            || other_list && o.track == entry.track
            || summarised()
    })
}

/// Keeps the more precise of a date and its repetition.
fn merge_into(kept: &mut ExtractedDate, repeated: ExtractedDate) {
    if kept.end_date.is_none() && repeated.end_date.is_some() {
        kept.end_date = repeated.end_date;
    }
    if kept.time.is_none() {
        kept.time = repeated.time;
    }
    if kept.timezone.is_none() {
        kept.timezone = repeated.timezone;
    }
}

/// "Conference start: April 3" and "Conference end: April 4" are one
/// event's first and last day.
fn join_start_and_end(out: &mut Vec<ExtractedDate>) {
    let says = |d: &ExtractedDate, words: &[&str]| {
        d.end_date.is_none()
            && d.label
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| words.iter().any(|x| w.eq_ignore_ascii_case(x)))
    };
    let is_event =
        |d: &ExtractedDate| matches!(d.kind, DeadlineKind::Conference | DeadlineKind::Workshop);
    let Some(start) = out
        .iter()
        .position(|d| is_event(d) && says(d, &["start", "starts", "begins", "opening"]))
    else {
        return;
    };
    let Some(end) = out.iter().position(|d| {
        is_event(d)
            && d.kind == out[start].kind
            && says(d, &["end", "ends", "closing"])
            && d.date > out[start].date
            && (d.date - out[start].date).num_days() <= 31
    }) else {
        return;
    };
    let last = out.remove(end);
    if let Some(first) = out.get_mut(if end < start { start - 1 } else { start }) {
        first.end_date = Some(last.date);
    }
}

/// The words of a label that say which deadline it is, beyond its kind:
/// "Workshop paper submission (extended)" gives workshop and extended,
/// "Submission deadline" nothing.
fn qualifiers(label: &str) -> Vec<String> {
    const GENERIC: &[&str] = &[
        "submission",
        "submissions",
        "deadline",
        "deadlines",
        "due",
        "date",
        "dates",
        "paper",
        "papers",
        "full",
        "the",
        "of",
        "for",
        "is",
        "are",
        "on",
        "by",
        "and",
        "a",
    ];
    let mut kept: Vec<String> = words::words(label)
        .map(str::to_lowercase)
        .filter(|w| !GENERIC.contains(&w.as_str()))
        .collect();
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// The dates sections (by heading line) whose every date already stood,
/// with the same kind, under an earlier dates heading: the list repeated
/// (in a sidebar, say), not a second track that shares a few dates.
fn repeated_lists(candidates: &[Candidate]) -> Vec<usize> {
    let mut sections: Vec<usize> = candidates.iter().filter_map(|c| c.section).collect();
    sections.dedup();
    let key = |c: &Candidate| (c.kind, c.from, c.to, c.struck);
    sections
        .into_iter()
        .filter(|&s| {
            let mut own = candidates
                .iter()
                .filter(|c| c.section == Some(s))
                .peekable();
            own.peek().is_some()
                && own.all(|c| {
                    candidates
                        .iter()
                        .any(|o| o.section.is_some_and(|os| os < s) && key(o) == key(c))
                })
        })
        .collect()
}
