//! Candidates: the lines walked in order, with the sections they open
//! ("Important Dates", "News"), each date given a kind from its label (or
//! its column heading), and the page-wide rules collected on the way.

use chrono::{NaiveDate, NaiveTime};

use super::conference::{self, Conference};
use super::dates::{self, PartialDate};
use super::html::{Document, Line, LineKind};
use super::labels::{self, Confidence};
use super::records::{DatedLine, analyse_line, cell_of, label_for};
use super::rules;
use super::sections::{Scope, Sections};
use super::words;
use crate::kind::DeadlineKind;

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
        || matches!(
            l,
            "date"
                | "dates"
                | "when"
                | "event date"
                | "event dates"
                | "date of event"
                | "date of the event"
        )
}

/// True for a label that says its date is the event's, and nothing else:
/// "Date of Event", "Event dates".
fn names_the_event_date(label: &str) -> bool {
    matches!(
        label.trim().to_lowercase().as_str(),
        "event date" | "event dates" | "date of event" | "date of the event" | "dates of the event"
    )
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
    // "The pre-conference workshop": a conference word that only says when.
    let l = label
        .to_lowercase()
        .replace("pre-conference", "")
        .replace("post-conference", "");
    let names_us = acronym.is_some_and(|a| !a.is_empty() && l.contains(&a.to_lowercase()));
    // "The 2025 edition will take place …", "L'édition 2025 … aura lieu".
    let names_edition = ["edition", "édition", "edición", "edizione", "edição"]
        .iter()
        .any(|w| l.contains(w));
    let says_workshop = l.contains("workshop") && !l.contains("conference");
    if (names_us || names_edition) && says_workshop {
        // "3DOR workshop takes place virtually": the words say which.
        DeadlineKind::Workshop
    } else if names_us || names_edition {
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
    let mut walk = Walk::new(doc, conf);
    for (index, line) in doc.lines.iter().enumerate() {
        walk.line(index, line);
    }
    walk.finish()
}

/// What the page as a whole says before its lines are walked.
struct Page<'a> {
    doc: &'a Document,
    conf: &'a Conference,
    acronym: Option<&'a str>,
    host: Option<&'a str>,
    /// The kind of the page's own event dates.
    own_event: DeadlineKind,
    /// Section headings that state their own deadline stand in for a dates
    /// list only on a page that has none (else they repeat its entries).
    has_dates_list: bool,
    /// How the page writes slash dates, if its unambiguous ones agree.
    order: Option<dates::DayOrder>,
}

impl<'a> Page<'a> {
    fn new(doc: &'a Document, conf: &'a Conference) -> Self {
        let has_dates_list = doc.lines.iter().any(|l| {
            matches!(l.kind, LineKind::Heading(_))
                && labels::is_dates_only_heading(&l.text)
                && !l.text.bytes().any(|b| b.is_ascii_digit())
        });
        Page {
            doc,
            conf,
            acronym: conf.acronym.as_deref(),
            host: conf.host.as_ref().map(|(acronym, _)| acronym.as_str()),
            own_event: own_event(conf),
            has_dates_list,
            order: slash_order(doc),
        }
    }
}

/// Slash dates such as 05/06/2025 are read the way the page's unambiguous
/// ones (15/03/2025) are written; with no such evidence, or with evidence
/// both ways, they are dropped.
fn slash_order(doc: &Document) -> Option<dates::DayOrder> {
    let mut order: Option<dates::DayOrder> = None;
    for line in doc.lines.iter().filter(|l| l.text.contains('/')) {
        match (order, dates::slash_order(&line.text)) {
            (None, found) => order = found,
            (Some(seen), Some(found)) if seen != found => return None,
            _ => {}
        }
    }
    order
}

/// The table the walk is in.
#[derive(Default)]
struct Table {
    /// Its column headings, for rows with several dates.
    column_heads: Vec<String>,
    /// Headed as a list of dates ("Event | Date").
    dates_table: bool,
    /// Deadlines read so far from its rows.
    deadlines: usize,
}

impl Table {
    fn observe(&mut self, line: &Line, header_row: bool) {
        if line.kind == LineKind::Row && header_row {
            self.column_heads = line
                .cells
                .iter()
                .map(|&(s, e)| labels::clean_label(line.text.get(s..e).unwrap_or("")))
                .collect();
            // "Event | Date": a table headed as a list of dates is a dates
            // section of its own, wherever it stands on the page.
            self.dates_table = self
                .column_heads
                .iter()
                .any(|head| labels::is_dates_heading(head));
        } else if line.kind != LineKind::Row {
            *self = Table::default();
        }
    }

    /// A row of a table of dates. A table whose rows already gave two
    /// deadlines is one: its "Workshop in Long Beach | December 8" row is
    /// the event's day.
    fn lists_dates(&self, line: &Line) -> bool {
        line.kind == LineKind::Row && (self.dates_table || self.deadlines >= 2)
    }
}

/// The state of the walk over a page's lines.
struct Walk<'a> {
    page: Page<'a>,
    sections: Sections,
    table: Table,
    rule: Option<rules::Rule>,
    location_hint: Option<String>,
    /// Whether a lone date's label comes after it, once the page shows it.
    labels_follow: Option<bool>,
    /// "The days will take place on the following dates:": the dated lines
    /// right after such an introduction are the event's days.
    event_intro: bool,
    rejected: Vec<dates::Rejected>,
    candidates: Vec<Candidate>,
    /// Dates of sidebars, kept only when the main text has no deadline.
    aside_candidates: Vec<Candidate>,
}

/// One dated line as the walk sees it: its dates, times and zones, and
/// where it stands.
struct LineDates<'a> {
    index: usize,
    at: DatedLine<'a>,
    times: &'a [dates::TimeHit],
    zones: &'a [dates::ZoneHit],
    in_section: bool,
    track: Option<String>,
    /// Deadlines of awards and grants are not the call's deadlines.
    track_is_other: bool,
    /// In the page header or a top-level heading.
    title_area: bool,
    /// A full date on the line, for the years its other dates leave out.
    line_ref: Option<NaiveDate>,
    /// How many table cells hold its dates.
    date_cells: usize,
    /// It gives several dates in running text, not one entry.
    in_summary: bool,
    /// The texts of the lines before and after as labels, cleaned once
    /// per line (not once per date) and only when a date asks.
    neighbour_labels: [std::cell::OnceCell<String>; 2],
}

impl<'a> Walk<'a> {
    fn new(doc: &'a Document, conf: &'a Conference) -> Self {
        Walk {
            page: Page::new(doc, conf),
            sections: Sections::default(),
            table: Table::default(),
            rule: None,
            location_hint: None,
            labels_follow: None,
            event_intro: false,
            rejected: Vec::new(),
            candidates: Vec::new(),
            aside_candidates: Vec::new(),
        }
    }

    fn line(&mut self, index: usize, line: &'a Line) {
        let zone_hint = labels::might_name_zone(&line.text);
        let (mentions, times, zones) =
            analyse_line(line, self.page.order, zone_hint, &mut self.rejected);
        // A Markdown table's first row is its header even when it is the
        // first entry ("| Submission deadline: | February 7, 2018 |"): a
        // header row that holds a date is read as an entry.
        let header_row = line.header_row && mentions.is_empty();
        self.table.observe(line, header_row);
        self.collect_rule(line, &mentions, &times, &zones, zone_hint);
        if !self.open_sections(index, line, mentions.is_empty()) {
            return;
        }
        if line.all_link || header_row || labels::is_page_metadata(&line.text) {
            return;
        }
        let scope = self.sections.scope();
        if scope == Scope::Excluded {
            return;
        }
        let track = self.sections.track();
        let doc = self.page.doc;
        let dated = LineDates {
            index,
            in_section: scope == Scope::Dates || self.table.lists_dates(line),
            track_is_other: track
                .as_ref()
                .is_some_and(|t| labels::classify(t) == (DeadlineKind::Other, Confidence::Clear)),
            track,
            title_area: line.in_header || matches!(line.kind, LineKind::Heading(l) if l <= 3),
            line_ref: mentions
                .iter()
                .find_map(|m| m.from.year.and_then(|y| m.from.resolve(y))),
            date_cells: {
                let mut cells: Vec<usize> = mentions
                    .iter()
                    .filter_map(|m| cell_of(line, m.start))
                    .collect();
                cells.dedup();
                cells.len()
            },
            in_summary: mentions.len() > 1 && line.kind != LineKind::Row,
            neighbour_labels: Default::default(),
            times: &times,
            zones: &zones,
            at: DatedLine {
                line,
                mentions: &mentions,
                prev: index.checked_sub(1).and_then(|p| doc.lines.get(p)),
                next: doc.lines.get(index + 1),
                after_next: doc.lines.get(index + 2),
                shared_label: Default::default(),
            },
        };
        let mut cache = LabelCache::default();
        for i in 0..mentions.len() {
            if let Some(candidate) = self.candidate(&dated, i, &mut cache) {
                self.keep(line, candidate);
            }
        }
    }

    /// Merges the page-wide rule a line states, if any, into the page's.
    fn collect_rule(
        &mut self,
        line: &Line,
        mentions: &[dates::Mention],
        times: &[dates::TimeHit],
        zones: &[dates::ZoneHit],
        zone_hint: bool,
    ) {
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
            match &mut self.rule {
                Some(rule) => rule.merge(found),
                None => self.rule = Some(found),
            }
        }
    }

    /// Opens the sections a heading (or a line shaped like one) starts;
    /// returns whether the line's dates are still to be read.
    fn open_sections(&mut self, index: usize, line: &Line, undated: bool) -> bool {
        let heading = matches!(line.kind, LineKind::Heading(_));
        if undated || heading {
            self.event_intro = line.kind == LineKind::Text
                && line.text.trim_end().ends_with(':')
                && labels::says_event(&line.text.to_lowercase());
        }
        if let LineKind::Heading(level) = line.kind {
            self.sections.heading(level, line, index, !undated);
            !undated
        } else if undated {
            self.sections.pseudo_heading(line, index);
            false
        } else {
            true
        }
    }

    /// The candidate the `i`th date of a line gives, if it is one of the
    /// call's dates.
    fn candidate(
        &mut self,
        dated: &LineDates<'_>,
        i: usize,
        cache: &mut LabelCache,
    ) -> Option<Candidate> {
        let m = dated.at.mentions.get(i)?;
        let (label, prose) = label_for(&dated.at, i, &mut self.labels_follow);
        let reading = self.kind_of(dated, m, label, cache);
        if !self.accepts(dated, m, &reading, prose) {
            return None;
        }
        let Reading { kind, label, .. } = reading;
        let lower = label.to_lowercase();
        let (time, zone) = timing(dated, i, &label);
        Some(Candidate {
            kind,
            from: m.from,
            to: m.to,
            weekday: m.weekday,
            line_ref: dated.line_ref,
            time,
            zone,
            // Struck means shown struck: a date the words call replaced
            // ("previously May 1") is kept as written, not struck.
            struck: dated.at.line.is_struck(m.own_start, m.end),
            says_deadline: ["deadline", "due", "registration"]
                .iter()
                .any(|w| lower.contains(w)),
            // "Author response period starts": the start of a period is no
            // deadline either.
            is_period: m.to.is_some() || opens_a_period(&lower),
            label,
            track: dated.track.clone(),
            line: dated.index,
            in_section: dated.in_section,
            section: self.sections.dates_heading_line(),
            in_summary: dated.in_summary,
        })
    }

    /// The kind of a date, from its label, its column heading, the words
    /// that announce an event, and where it stands.
    fn kind_of(
        &mut self,
        dated: &LineDates<'_>,
        m: &dates::Mention,
        mut label: String,
        cache: &mut LabelCache,
    ) -> Reading {
        let line = dated.at.line;
        let page = &self.page;
        let (mut kind, mut confidence) = cache.classify(&label);
        // "Full papers | March 1 | May 1" under "Track | Deadline |
        // Notification": each date takes its column's meaning. A column
        // headed as a track ("Mentorship track") says which track, not
        // which deadline, when the row says that.
        if dated.date_cells > 1
            && let Some(head) = cell_of(line, m.start).and_then(|c| self.table.column_heads.get(c))
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
        let lower = label.to_lowercase();
        // "… will take place on June 19, and post-conference tutorials on
        // June 23": the sentence's words announce its later events too.
        let label_says_event = labels::says_event(&lower);
        let event_words = label_says_event
            || is_event_kind(kind)
                && confidence == Confidence::Clear
                && sentence_says_event(&line.text, m.start);
        if label_says_event {
            kind = event_kind(&label, page.acronym, page.host, page.own_event);
            confidence = Confidence::Clear;
        }
        if self.event_intro && confidence == Confidence::Guess {
            kind = page.own_event;
            confidence = Confidence::Clear;
        }
        // On a workshop's page, the host's days are a co-located event, and
        // so are "Conference dates" that do not name the workshop.
        let names_workshop = || {
            page.acronym
                .is_some_and(|a| a.len() >= 2 && lower.contains(&a.to_lowercase()))
                || lower.contains("workshop")
        };
        if page.conf.workshop
            && kind == DeadlineKind::Conference
            && (names_host_event(&label, page.host)
                || names_host_event(sentence_before(&line.text, m.start), page.host)
                || lower.contains("conference") && !names_workshop())
        {
            kind = DeadlineKind::Other;
            confidence = Confidence::Clear;
        }
        // "Rome, Italy, 13 June 2022" in the page's banner, "27 September,
        // 2014 Rio de Janeiro, Brazil" on a line of its own: a day given
        // with a place and nothing else is the event's.
        let by_place = confidence == Confidence::Guess
            && m.to.is_none()
            && (dated.title_area
                && conference::place_before_date(line.text.get(..m.start).unwrap_or("")).is_some()
                || dated.at.mentions.len() == 1
                    && (only_a_place_beside(&line.text, m) || a_place_below(&dated.at, m)));
        // "DATE: November 19, 2014" beside "DEADLINE:" and "LOCATION:": a
        // record labelled only as a date is the event's day.
        let dated_record = confidence == Confidence::Guess
            && m.to.is_none()
            && !label.is_empty()
            && is_generic_label(&label)
            && is_labelled_record(&line.text, m.start);
        if confidence == Confidence::Guess
            && (m.to.is_some() && self.names_own_event(dated, &label)
                || by_place
                || dated_record
                || names_the_event_date(&label))
        {
            kind = page.own_event;
            confidence = Confidence::Clear;
            if dated.title_area && self.location_hint.is_none() {
                self.location_hint = conference::place_before_date(
                    line.text.get(..m.start).unwrap_or(""),
                )
                .or_else(|| conference::place_after_date(line.text.get(m.end..).unwrap_or("")));
            }
        }
        if matches!(kind, DeadlineKind::Submission | DeadlineKind::Abstract) && dated.track_is_other
        {
            kind = DeadlineKind::Other;
        }
        // "(Main conference notifications: July 13)": an entry wrapped
        // whole in brackets is a side note, not one of the call's dates.
        if is_bracketed(&line.text) && !is_event_kind(kind) {
            kind = DeadlineKind::Other;
        }
        Reading {
            kind,
            confidence,
            label,
            event_words,
            by_place: by_place || dated_record,
        }
    }

    /// True when an unlabelled range is the page's own event: labelled
    /// only "Dates", in the title area, with the event's name or place
    /// ("FooConf 2025 | 24–25 February", "June 27 – July 1 | New York").
    fn names_own_event(&self, dated: &LineDates<'_>, label: &str) -> bool {
        let acronym = self.page.acronym;
        let line = dated.at.line;
        let names_us = acronym
            .is_some_and(|a| a.len() >= 2 && label.to_lowercase().contains(&a.to_lowercase()));
        // "<p><strong>IEEE VR 2024: The 31st Conference …</strong><br>
        // March 16-21, 2024 | Orlando</p>": the record names the event.
        let record_names_us = || {
            dated.at.prev.is_some_and(|p| {
                !p.path.is_empty()
                    && p.path == line.path
                    && acronym.is_some_and(|a| a.len() >= 2 && p.text.contains(a))
            })
        };
        let names_our_place = || {
            self.page
                .conf
                .location
                .as_deref()
                .is_some_and(|place| place.len() >= 3 && label.starts_with(place))
        };
        is_generic_label(label)
            || dated.title_area
            || names_us
            || record_names_us()
            || names_our_place()
    }

    /// Whether a date of the kind read is one of the call's dates, given
    /// where it stands: in a dates section nearly all are; elsewhere only
    /// clearly labelled ones, and in prose or titles only the event.
    fn accepts(
        &self,
        dated: &LineDates<'_>,
        m: &dates::Mention,
        reading: &Reading,
        prose: bool,
    ) -> bool {
        let Reading {
            kind,
            confidence,
            ref label,
            event_words,
            by_place,
        } = *reading;
        let clear = confidence == Confidence::Clear;
        let is_event = is_event_kind(kind);
        let text = &dated.at.line.text;
        if dated.in_section {
            !prose || clear && kind != DeadlineKind::Other
        } else if co_located_range(label, m) {
            // "… will be co-located with IWOMP 2023 (September 13-15,
            // 2023)": the neighbour's days, an "other" date of the call.
            true
        } else if dated.title_area || prose {
            is_event && clear && (event_words || m.to.is_some() || by_place)
                // "<h2>Full papers. Deadline on April 9th 2021</h2>": a
                // section headed by its own deadline.
                || clear
                    && kind != DeadlineKind::Other
                    && !is_event
                    && !prose
                    && !self.page.has_dates_list
                    && names_a_deadline(text)
        } else {
            clear
                && kind != DeadlineKind::Other
                // "The 22nd International Symposium on … will take place
                // 8-10 September 2020": a range the words announce is the
                // event however long its name.
                && (words_outside_brackets(label) <= 12 || event_words && m.to.is_some())
                && (!is_event
                    || m.to.is_some()
                    || event_words
                    || by_place
                    || is_labelled_record(text, m.start))
        }
    }

    /// Keeps a candidate, unless a heading repeats a deadline already read.
    fn keep(&mut self, line: &Line, candidate: Candidate) {
        if line.kind == LineKind::Row && !is_event_kind(candidate.kind) {
            self.table.deadlines += 1;
        }
        // "<h2>Contest Registration - due December 23</h2>" over a section
        // whose deadline the dates list already gave: the heading repeats it.
        let is_heading = |l: &Line| matches!(l.kind, LineKind::Heading(_));
        let doc = self.page.doc;
        let repeats_in_heading = is_heading(line)
            && self.candidates.iter().any(|c| {
                c.kind == candidate.kind
                    && c.from == candidate.from
                    && c.struck == candidate.struck
                    && !doc.lines.get(c.line).is_some_and(is_heading)
            });
        if repeats_in_heading {
            return;
        }
        if line.in_aside {
            self.aside_candidates.push(candidate);
        } else {
            self.candidates.push(candidate);
        }
    }

    fn finish(mut self) -> Found {
        if !self
            .candidates
            .iter()
            .any(|c| c.kind.is_deadline() || c.kind == DeadlineKind::Notification)
        {
            self.candidates.append(&mut self.aside_candidates);
        }
        final_submission_beside_camera_ready(&mut self.candidates);
        Found {
            candidates: self.candidates,
            rule: self.rule,
            location_hint: self.location_hint,
            rejected: self.rejected,
        }
    }
}

/// A date's kind as read, with the label that gave it.
struct Reading {
    kind: DeadlineKind,
    confidence: Confidence,
    label: String,
    /// The label announces an event ("will take place").
    event_words: bool,
    /// A single day given with the place in the page header.
    by_place: bool,
}

/// The last label classified on a line: its dates often share one.
#[derive(Default)]
struct LabelCache {
    last: Option<(String, (DeadlineKind, Confidence))>,
}

impl LabelCache {
    fn classify(&mut self, label: &str) -> (DeadlineKind, Confidence) {
        match &self.last {
            Some((previous, class)) if previous == label => *class,
            _ => {
                let class = labels::classify(label);
                self.last = Some((label.to_string(), class));
                class
            }
        }
    }
}

/// The time and zone of the `i`th date of a line: the ones written after
/// it, before the next date; else the line's first ones within the same
/// sentence (and not in another dated cell of a table row); else those
/// of the line its label was read from.
fn timing(dated: &LineDates<'_>, i: usize, label: &str) -> (Option<NaiveTime>, Option<String>) {
    let line = dated.at.line;
    let mentions = dated.at.mentions;
    let (times, zones) = (dated.times, dated.zones);
    let Some(m) = mentions.get(i) else {
        return (None, None);
    };
    let limit = mentions
        .iter()
        .map(|n| n.start)
        .filter(|&s| s > m.start)
        .min()
        .unwrap_or(usize::MAX);
    let own = |start: usize| start >= m.end && start < limit;
    // "~~May 1~~ May 8, 23:59 AoE": the line's first time serves a date
    // without its own only inside one sentence, and in a table row not
    // from another cell that holds a date of its own ("1 January | 1
    // March, 5 p.m. PST": the time is March's).
    let same_sentence = |at: usize| {
        !rules::sentence_break_between(&line.text, m.start, at)
            && !in_other_dated_cell(line, mentions, m.start, at)
    };
    // A label read from the line before or after ("Submission deadline
    // (11:59 PM PT)" over its date) brings its time and zone.
    let label_line = [dated.at.prev, dated.at.next]
        .into_iter()
        .zip(&dated.neighbour_labels)
        .filter_map(|(l, cleaned)| l.map(|l| (l, cleaned)))
        .find(|(l, cleaned)| {
            !label.is_empty()
                && (times.is_empty() || zones.is_empty())
                && labels::might_name_zone(&l.text)
                && *cleaned.get_or_init(|| labels::clean_label(&l.text)) == label
                && !line.text.contains(label)
        })
        .map(|(l, _)| l);
    let time = times
        .iter()
        .find(|t| own(t.start))
        .or(times.first().filter(|t| same_sentence(t.start)))
        .map(|t| t.time)
        .or_else(|| label_line.and_then(|l| dates::find_times(&l.text).first().map(|t| t.time)));
    let zone = zones
        .iter()
        .find(|z| own(z.start))
        .or(zones.first().filter(|z| same_sentence(z.start)))
        .map(|z| z.zone.clone())
        .or_else(|| {
            label_line.and_then(|l| {
                dates::find_zones(&l.text)
                    .into_iter()
                    .next()
                    .map(|z| z.zone)
            })
        });
    (time, zone)
}

/// True when the sentence leading to the date at `at` announces an event
/// ("will take place") before it.
fn sentence_says_event(text: &str, at: usize) -> bool {
    labels::says_event(&sentence_before(text, at).to_lowercase())
}

/// The part of the sentence before byte `at`.
fn sentence_before(text: &str, at: usize) -> &str {
    words::last_sentence(text.get(..at).unwrap_or(""))
}

/// True when a line holds the date alone and the rest of its own block,
/// after a line break, is a place: "10 July 2022 <br> Bologna, Italy".
fn a_place_below(at: &DatedLine<'_>, m: &dates::Mention) -> bool {
    let text = &at.line.text;
    let (before, after) = beside(text, m);
    !before.chars().any(char::is_alphanumeric)
        && !after.chars().any(char::is_alphanumeric)
        && at.next.is_some_and(|next| {
            !next.path.is_empty()
                && next.path == at.line.path
                && conference::place_after_date(&next.text).is_some_and(|p| p.contains(','))
        })
}

/// The text of a line before and after a date in it.
fn beside<'t>(text: &'t str, m: &dates::Mention) -> (&'t str, &'t str) {
    (
        text.get(..m.start).unwrap_or(""),
        text.get(m.end..).unwrap_or(""),
    )
}

/// True for a range whose label says it is a co-located event's.
fn co_located_range(label: &str, m: &dates::Mention) -> bool {
    m.to.is_some() && conference::links_to_host(label)
}

/// True when a line holds the date and, before or after it, only a place
/// written as "City, Country": "27 September, 2014 Rio de Janeiro, Brazil".
fn only_a_place_beside(text: &str, m: &dates::Mention) -> bool {
    let (before, after) = beside(text, m);
    let (before, after) = (before.trim(), after.trim());
    match (before.is_empty(), after.is_empty()) {
        (true, false) => {
            conference::place_after_date(after).is_some_and(|place| place.contains(','))
        }
        (false, true) => conference::place_before_date(before).is_some(),
        _ => false,
    }
}

/// True for a lower-case label that opens a period: "response period
/// starts", "rebuttal begins", "registration opens".
fn opens_a_period(lower: &str) -> bool {
    words::has_any_word(
        lower,
        &[
            "start",
            "starts",
            "begin",
            "begins",
            "beginning",
            "open",
            "opens",
        ],
    )
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
    words::has_any_word(head, &["track", "tracks"])
}

/// The words of a label outside brackets: "Full paper submission (all
/// authors must have an OpenReview profile) deadline" is a short label
/// with an aside.
fn words_outside_brackets(label: &str) -> usize {
    words::outside_brackets(label).split_whitespace().count()
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
