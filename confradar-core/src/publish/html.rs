//! The HTML pages, rendered with askama templates (`confradar-core/templates/`),
//! which escape every value by default; only the bundled stylesheet and
//! script are inserted unescaped.
//!
//! - the exported page (`export --format html`): self-contained, works offline;
//! - the pages of `serve`: `/` (filters, search, subscribe links), `/conference/{key}`
//!   and `/series/{key}`, built from the same layout and deadline table.
//!
//! Every page is complete without JavaScript; the inline script only refines it
//! (local times in the browser's zone, live countdowns, stars kept in
//! `localStorage`). Rows have `data-conference`, `data-kind` and `data-due`
//! attributes for scripts and tests. Moved deadlines have the class `changed`
//! and show the old value; those whose sources disagree have `conflict`. Only
//! `http`/`https` URLs become links.

use askama::Template;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::view::{self, ChangeRow, Choice, Group, Link, Row, instant, utc_text};
use super::{Error, Listing};
use crate::kind::DeadlineKind;
use crate::repository::{ConferenceDetail, Facets, SeriesDetail, SeriesFacts, WorkshopFilter};

/// The stylesheet of every page (light and dark, cards below 40rem).
pub const STYLE: &str = include_str!("../../assets/page.css");
/// The script of every page: countdowns, local times, stars.
pub const SCRIPT: &str = include_str!("../../assets/page.js");

/// Zones offered by the picker (the browser's own zone is added by the script).
pub const ZONES: [&str; 24] = [
    "UTC",
    "Etc/GMT+12",
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Athens",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Africa/Johannesburg",
    "Africa/Lagos",
];

/// Escapes text for HTML element content and quoted attribute values
/// (for callers outside the templates).
pub fn escape(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html)
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// A feed announced in `<head>`.
#[derive(Debug, Clone)]
pub struct Feed {
    /// MIME type.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// URL.
    pub href: String,
}

/// What every page has around its content.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Page title.
    pub title: String,
    /// The stylesheet.
    pub style: &'static str,
    /// The script.
    pub script: &'static str,
    /// The zone chosen with `?tz=` (the script then keeps it); empty: the browser's.
    pub tz: String,
    /// The zone the server rendered "your time" in.
    pub zone_label: String,
    /// Show the site navigation (served pages).
    pub nav: bool,
    /// Feeds announced in `<head>`.
    pub feeds: Vec<Feed>,
}

impl Chrome {
    fn new(title: &str, zone: Option<Tz>, nav: bool) -> Self {
        Self {
            title: title.to_string(),
            style: STYLE,
            script: SCRIPT,
            tz: zone.map(|z| z.name().to_string()).unwrap_or_default(),
            zone_label: zone.map_or_else(|| "UTC".to_string(), |z| z.name().to_string()),
            nav,
            feeds: Vec::new(),
        }
    }
}

fn render_template(template: &impl Template) -> Result<String, Error> {
    template
        .render()
        .map_err(|e| Error::Template(e.to_string()))
}

#[derive(Template)]
#[template(path = "export.html")]
struct ExportPage {
    chrome: Chrome,
    generated_iso: String,
    generated_text: String,
    count: usize,
    groups: Vec<Group>,
    changes: Vec<ChangeRow>,
    links: bool,
    stars: bool,
}

/// The exported page: self-contained, no links into a server.
///
/// # Errors
/// [`Error::Template`] when a template fails (a bug).
pub fn render(listing: &Listing) -> Result<String, Error> {
    let now = listing.options.now;
    render_template(&ExportPage {
        chrome: Chrome::new(&listing.options.title, None, false),
        generated_iso: instant(now),
        generated_text: utc_text(now),
        count: listing.deadlines.len(),
        groups: view::groups(&listing.deadlines, now, listing.options.recent, Tz::UTC),
        changes: listing.recent_changes.iter().map(ChangeRow::from).collect(),
        links: false,
        stars: false,
    })
}

/// The filter form's current values and choices.
#[derive(Debug, Clone, Default)]
pub struct FormView {
    /// Search text.
    pub q: String,
    /// Series.
    pub series: String,
    /// Only starred (the script filters).
    pub starred: bool,
    /// Category options.
    pub categories: Vec<Choice>,
    /// Rank options.
    pub ranks: Vec<Choice>,
    /// Kind options.
    pub kinds: Vec<Choice>,
    /// Workshop options.
    pub workshops: Vec<Choice>,
    /// Zone options.
    pub zones: Vec<Choice>,
}

/// What the `/` form shows as chosen.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    /// Search text.
    pub q: String,
    /// Category.
    pub category: String,
    /// `CCF:A`.
    pub rank: String,
    /// Kind.
    pub kind: String,
    /// Series.
    pub series: String,
    /// Workshops.
    pub workshops: WorkshopFilter,
    /// Zone name.
    pub tz: String,
    /// Only starred.
    pub starred: bool,
}

impl FormView {
    /// The form for `state`, offering `facets`.
    pub fn new(state: &FormState, facets: &Facets) -> Self {
        Self {
            q: state.q.clone(),
            series: state.series.clone(),
            starred: state.starred,
            categories: facets
                .categories
                .iter()
                .map(|c| Choice::plain(c, &state.category))
                .collect(),
            ranks: facets
                .rankings
                .iter()
                .map(|r| Choice::plain(&r.to_string(), &state.rank))
                .collect(),
            kinds: DeadlineKind::ALL
                .iter()
                .map(|k| Choice::plain(k.as_str(), &state.kind))
                .collect(),
            workshops: [
                (WorkshopFilter::Include, "included"),
                (WorkshopFilter::Exclude, "left out"),
                (WorkshopFilter::Only, "only workshops"),
            ]
            .iter()
            .map(|(w, label)| Choice::labelled(w.as_str(), label, state.workshops.as_str()))
            .collect(),
            zones: ZONES
                .iter()
                .map(|z| {
                    let label = if *z == "Etc/GMT+12" {
                        "AoE (UTC−12)"
                    } else {
                        z
                    };
                    Choice::labelled(z, label, &state.tz)
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    chrome: Chrome,
    generated_iso: String,
    generated_text: String,
    count: usize,
    /// How many deadlines the filters select, when the list shows fewer.
    cut_from: Option<u64>,
    form: FormView,
    groups: Vec<Group>,
    changes: Vec<ChangeRow>,
    links: bool,
    stars: bool,
    calendar_href: String,
    atom_href: String,
    api_href: String,
}

/// Links of a filtered view: the same filters on the calendar, the feed and the API.
#[derive(Debug, Clone)]
pub struct Subscribe {
    /// `/calendar.ics?…`.
    pub calendar: String,
    /// `/changes.atom?…`.
    pub atom: String,
    /// `/api/deadlines?…`.
    pub api: String,
}

impl Subscribe {
    /// The links for a normalized filter query string (may be empty).
    pub fn for_query(query: &str) -> Self {
        let with = |path: &str| {
            if query.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{query}")
            }
        };
        Self {
            calendar: with("/calendar.ics"),
            atom: with("/changes.atom"),
            api: with("/api/deadlines"),
        }
    }
}

/// The `/` page. `total` is how many deadlines the filters select: when the
/// list is cut short of it, the page says so (with the total) and points to
/// the calendar and the API, which are not cut.
///
/// # Errors
/// [`Error::Template`] when a template fails (a bug).
pub fn index(
    listing: &Listing,
    total: u64,
    form: FormView,
    zone: Option<Tz>,
    subscribe: &Subscribe,
) -> Result<String, Error> {
    let now = listing.options.now;
    let mut chrome = Chrome::new(&listing.options.title, zone, true);
    chrome.feeds.push(Feed {
        kind: "application/atom+xml",
        title: "Deadline changes".into(),
        href: subscribe.atom.clone(),
    });
    render_template(&IndexPage {
        chrome,
        generated_iso: instant(now),
        generated_text: view::zone_text(now, zone.unwrap_or(Tz::UTC)),
        count: listing.deadlines.len(),
        cut_from: (total > listing.deadlines.len() as u64).then_some(total),
        form,
        groups: view::groups(
            &listing.deadlines,
            now,
            listing.options.recent,
            zone.unwrap_or(Tz::UTC),
        ),
        changes: listing.recent_changes.iter().map(ChangeRow::from).collect(),
        links: true,
        stars: true,
        calendar_href: subscribe.calendar.clone(),
        atom_href: subscribe.atom.clone(),
        api_href: subscribe.api.clone(),
    })
}

/// A deadline on the conference page.
struct DeadlineRow {
    row: Row,
}

/// One source's value where sources disagree.
struct ValueRow {
    source: Link,
    authority: &'static str,
    value: String,
    due_iso: String,
    due_utc: String,
    chosen: bool,
}

/// A deadline whose sources disagree, with each value.
struct Disagreement {
    kind_label: String,
    values: Vec<ValueRow>,
}

#[derive(Template)]
#[template(path = "conference.html")]
struct ConferencePage {
    chrome: Chrome,
    key: String,
    label: String,
    name: String,
    location: Option<String>,
    dates: Option<String>,
    series_key: String,
    series_name: String,
    facts: String,
    description: Option<String>,
    homepage: Option<Link>,
    host: Option<(String, String)>,
    workshops: Vec<(String, String)>,
    deadlines: Vec<DeadlineRow>,
    disagreements: Vec<Disagreement>,
    sources: Vec<(Link, String)>,
    changes: Vec<ChangeRow>,
    calendar_href: String,
    atom_href: String,
    api_href: String,
}

/// `DB, ML · CCF:A`.
fn facts_text(facts: &SeriesFacts) -> String {
    let rankings: Vec<String> = facts.rankings.iter().map(ToString::to_string).collect();
    [facts.categories.join(", "), rankings.join(", ")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `ICML 2026`, or the name.
fn edition_label(c: &crate::repository::Conference) -> String {
    match c
        .acronym
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(acronym) => format!("{acronym} {}", c.year),
        None => c.name.clone(),
    }
}

/// `/conference/{key}`.
///
/// # Errors
/// [`Error::Template`] when a template fails (a bug).
pub fn conference(
    detail: &ConferenceDetail,
    now: DateTime<Utc>,
    zone: Option<Tz>,
) -> Result<String, Error> {
    let c = &detail.conference;
    let label = edition_label(c);
    let tz = zone.unwrap_or(Tz::UTC);
    let recent = Duration::days(14);
    let deadlines: Vec<DeadlineRow> = detail
        .deadlines
        .iter()
        .map(|d| DeadlineRow {
            row: Row::new(d, now, recent, tz),
        })
        .collect();
    let disagreements = detail
        .deadlines
        .iter()
        .filter(|d| d.conflict)
        .map(|d| Disagreement {
            kind_label: super::kind_label(d),
            values: detail
                .values
                .get(&d.id)
                .into_iter()
                .flatten()
                .map(|v| ValueRow {
                    source: Link::new(&v.source_url),
                    authority: match v.authority {
                        crate::repository::SourceAuthority::CfpPage => "conference page",
                        crate::repository::SourceAuthority::Community => "community data",
                    },
                    value: v.value.clone(),
                    due_iso: instant(v.due_at),
                    due_utc: utc_text(v.due_at),
                    chosen: v.chosen,
                })
                .collect(),
        })
        .collect();
    let dates = match (c.start_date, c.end_date) {
        (Some(start), Some(end)) if start != end => Some(format!("{start} – {end}")),
        (Some(start), _) => Some(start.to_string()),
        _ => None,
    };
    let query = format!("series={}", url_part(&detail.series.key));
    let subscribe = Subscribe::for_query(&query);
    let mut chrome = Chrome::new(&label, zone, true);
    chrome.feeds.push(Feed {
        kind: "application/atom+xml",
        title: format!("Changes of {}", detail.series.name),
        href: subscribe.atom.clone(),
    });
    render_template(&ConferencePage {
        chrome,
        key: c.key.clone(),
        name: c.name.clone(),
        location: c.location.clone(),
        dates,
        series_key: detail.series.key.clone(),
        series_name: detail.series.name.clone(),
        facts: facts_text(&detail.facts),
        description: detail.facts.description.clone(),
        homepage: c.homepage.as_deref().map(Link::new),
        host: detail
            .host
            .as_ref()
            .map(|h| (h.key.clone(), edition_label(h))),
        workshops: detail
            .workshops
            .iter()
            .map(|w| (w.key.clone(), format!("{} — {}", edition_label(w), w.name)))
            .collect(),
        deadlines,
        disagreements,
        sources: detail
            .sources
            .iter()
            .map(|s| {
                let authority = crate::repository::SourceAuthority::from_stored(&s.authority);
                let what = match authority {
                    crate::repository::SourceAuthority::CfpPage => "conference page",
                    crate::repository::SourceAuthority::Community => "community data",
                };
                (Link::new(&s.url), what.to_string())
            })
            .collect(),
        changes: detail.changes.iter().map(ChangeRow::from).collect(),
        calendar_href: subscribe.calendar,
        atom_href: subscribe.atom,
        api_href: format!("/api/conferences/{}", url_part(&c.key)),
        label,
    })
}

/// A value for a query string.
pub fn url_part(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

struct EditionRow {
    key: String,
    label: String,
    place: String,
    submission: Option<(String, String)>,
    was: Option<String>,
}

#[derive(Template)]
#[template(path = "series.html")]
struct SeriesPage {
    chrome: Chrome,
    key: String,
    label: String,
    name: String,
    aliases: String,
    facts: String,
    description: Option<String>,
    homepage: Option<Link>,
    editions: Vec<EditionRow>,
    calendar_href: String,
    atom_href: String,
}

/// `/series/{key}`: the editions over the years, newest first, with each one's
/// submission deadline and whether it moved.
///
/// # Errors
/// [`Error::Template`] when a template fails (a bug).
pub fn series(detail: &SeriesDetail) -> Result<String, Error> {
    let s = &detail.series;
    let editions = detail
        .editions
        .iter()
        .map(|c| {
            let submission = detail
                .deadlines
                .iter()
                .find(|d| d.conference_key == c.key && d.kind == DeadlineKind::Submission);
            let place = [
                c.location.clone().unwrap_or_default(),
                c.start_date.map(|d| d.to_string()).unwrap_or_default(),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
            EditionRow {
                key: c.key.clone(),
                label: edition_label(c),
                place,
                submission: submission.map(|d| (instant(d.due_at), super::published(d))),
                was: submission
                    .and_then(|d| d.last_change.as_ref())
                    .and_then(|ch| ch.old_value.clone()),
            }
        })
        .collect();
    let label = s.acronym.clone().unwrap_or_else(|| s.name.clone());
    let subscribe = Subscribe::for_query(&format!("series={}", url_part(&s.key)));
    render_template(&SeriesPage {
        chrome: Chrome::new(&label, None, true),
        key: s.key.clone(),
        name: s.name.clone(),
        aliases: detail.aliases.join(", "),
        facts: facts_text(&detail.facts),
        description: detail.facts.description.clone(),
        homepage: s.homepage.as_deref().map(Link::new),
        editions,
        calendar_href: subscribe.calendar,
        atom_href: subscribe.atom,
        label,
    })
}

/// One entry of the Atom feed.
pub struct AtomEntry {
    /// `urn:confradar:change:7`.
    pub id: String,
    /// The change in words.
    pub title: String,
    /// RFC 3339.
    pub updated: String,
    /// The conference page.
    pub href: String,
    /// The change with where it was noticed.
    pub content: String,
}

#[derive(Template)]
#[template(path = "atom.xml")]
struct AtomFeed<'a> {
    id: &'a str,
    title: &'a str,
    updated: String,
    self_href: &'a str,
    page_href: &'a str,
    entries: Vec<AtomEntry>,
}

/// An Atom feed (RFC 4287) of deadline changes, newest first; `base` is the
/// server's origin (`http://host:port`), `query` the normalized filters.
///
/// # Errors
/// [`Error::Template`] when a template fails (a bug).
pub fn atom(
    changes: &[crate::repository::ChangeView],
    base: &str,
    query: &str,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let suffix = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let entries = changes
        .iter()
        .map(|c| {
            let text = super::describe_change(c);
            AtomEntry {
                id: format!("urn:confradar:change:{}", c.id),
                content: match c.source_url.as_deref() {
                    Some(url) => format!("{text} (noticed on {url})"),
                    None => text.clone(),
                },
                title: text,
                updated: instant(c.detected_at),
                href: format!("{base}/conference/{}", url_part(&c.conference_key)),
            }
        })
        .collect();
    let updated = changes.first().map_or(now, |c| c.detected_at);
    render_template(&AtomFeed {
        id: &format!(
            "urn:confradar:changes:{}",
            if query.is_empty() { "all" } else { query }
        ),
        title: &if query.is_empty() {
            "ConfRadar: deadline changes".to_string()
        } else {
            format!("ConfRadar: deadline changes ({query})")
        },
        updated: instant(updated),
        self_href: &format!("{base}/changes.atom{suffix}"),
        page_href: &format!("{base}/{suffix}"),
        entries,
    })
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Chrome,
    heading: &'a str,
    message: &'a str,
}

/// A page saying what went wrong and what to do.
///
/// # Errors
/// [`Error::Template`] when a template fails (a bug).
pub fn error_page(heading: &str, message: &str) -> Result<String, Error> {
    render_template(&ErrorPage {
        chrome: Chrome::new(heading, None, true),
        heading,
        message,
    })
}
