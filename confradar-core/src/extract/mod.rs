//! Rule-based extraction of a conference and its important dates from a CFP
//! page (HTML, Markdown or plain text). No database, no network.
//!
//! The stages, one file each, run in this order by `run`:
//! 1. `html` / `markdown`: the page as lines of visible text, each with its
//!    struck ranges, table cells, heading level and block path (Markdown is
//!    rewritten into simple HTML first; `depth` bounds nesting before the
//!    HTML tree builder, so deep markup stays linear; `css` finds the
//!    classes a stylesheet strikes through);
//! 2. `conference`: the event the page is about — name, acronym, year,
//!    location, conference or workshop, and the host of a workshop;
//! 3. `records`: what each line holds (`dates`, `months`: dates, ranges,
//!    times, zones) and the label each date pairs with inside its record;
//! 4. `candidates`: the walk over the lines, with the sections open above
//!    each (`sections`: "Important Dates", "News", a track), kinds from
//!    labels and column headings (`labels`), page-wide rules collected
//!    (`rules`);
//! 5. `settle`: missing years (`years`: from the event or the edition),
//!    rules applied to deadlines, each event kept once.
//!
//! `words` holds the word-level helpers the stages share.
//!
//! Other extractors (an LLM endpoint, say) plug in through [`Extractor`].

mod candidates;
mod conference;
mod css;
mod dates;
mod depth;
mod format;
mod html;
mod labels;
mod markdown;
mod months;
mod pattern;
mod records;
mod rules;
mod sections;
mod settle;
mod types;
mod words;
mod years;

use std::borrow::Cow;
use std::fmt;

use chrono::Datelike;
use scraper::Html;

use crate::repository::ConferenceKind;

pub use format::{Format, UnknownFormat};
pub use types::{ExtractedDate, ExtractedPage, HostEvent};

/// The largest page extracted; longer input is cut (with a diagnostic).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// The most dates kept from one page (real CFP pages give a few dozen);
/// a page that lists thousands is no CFP page, and storing them all would
/// let one page flood the knowledge base.
pub const MAX_DATES: usize = 500;

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

fn run(body: &str, format: Format) -> Extraction {
    let mut diagnostics = Vec::new();
    let body = within_limit(body, &mut diagnostics);
    let doc = read_lines(body, format);
    let conf = conference::read(&doc);
    let found = candidates::find(&doc, &conf);
    for r in found.rejected {
        diagnostics.push(Diagnostic {
            message: format!("dropped '{}': {}", r.text, r.reason),
        });
    }
    let (mut dates, event) = settle::settle(found.candidates, &conf, found.rule, &mut diagnostics);
    if dates.len() > MAX_DATES {
        diagnostics.push(Diagnostic {
            message: format!(
                "{} dates found, more than the {MAX_DATES} a CFP page has: only the first {MAX_DATES} kept",
                dates.len()
            ),
        });
        dates.truncate(MAX_DATES);
    }
    Extraction {
        page: ExtractedPage {
            name: conf.name,
            acronym: conf.acronym,
            year: conf.year.or(event.map(|start| start.year())),
            location: found.location_hint.or(conf.location),
            event_kind: if conf.workshop {
                ConferenceKind::Workshop
            } else {
                ConferenceKind::Conference
            },
            host: conf.host.map(|(acronym, year)| HostEvent { acronym, year }),
            dates,
        },
        diagnostics,
    }
}

/// The page cut to [`MAX_INPUT_BYTES`] (at a character boundary).
fn within_limit<'a>(body: &'a str, diagnostics: &mut Vec<Diagnostic>) -> &'a str {
    if body.len() <= MAX_INPUT_BYTES {
        return body;
    }
    let mut cut = MAX_INPUT_BYTES;
    while cut > 0 && !body.is_char_boundary(cut) {
        cut -= 1;
    }
    diagnostics.push(Diagnostic {
        message: format!("page longer than {MAX_INPUT_BYTES} bytes: only the start was read"),
    });
    body.get(..cut).unwrap_or("")
}

/// Stage 1: the page as lines of visible text (Markdown and plain text are
/// rewritten into simple HTML first; nesting is bounded before parsing).
fn read_lines(body: &str, format: Format) -> html::Document {
    let html: Cow<'_, str> = match format {
        Format::Html => Cow::Borrowed(markdown::strip_front_matter(body)),
        Format::Markdown => Cow::Owned(markdown::markdown_to_html(body, false)),
        Format::Text => Cow::Owned(markdown::markdown_to_html(body, true)),
    };
    // A page titled "Important Dates" in its front matter is all dates: the
    // site's layout shows that title as the page's heading. (Other titles
    // stay out: "Call for Papers" heads a whole call, topics and all.)
    let front_title = markdown::front_matter_title(body);
    let html = match &front_title {
        Some(title) if labels::is_dates_only_heading(title) => {
            let mut heading = String::from("<h1>");
            markdown::escape(title, &mut heading);
            heading.push_str("</h1>\n");
            heading.push_str(&html);
            Cow::Owned(heading)
        }
        _ => html,
    };
    let struck_classes = css::struck_classes(&html);
    let tree = Html::parse_document(&depth::for_tree_builder(&html));
    let mut doc = html::html_lines(&tree, struck_classes);
    // The layout makes the front matter's title the page's <title>
    // ("title: LM4Plan @ ICML 2026").
    if doc.title.is_none() {
        doc.title = front_title;
    }
    doc
}

#[cfg(test)]
mod tests;
