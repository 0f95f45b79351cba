//! The event a page is about: name, acronym, year and location, read from
//! the title, headings, the header area and the first paragraphs; and
//! whether it is a workshop held at a host conference ("GraphX: Workshop on
//! Graph Learning at NeurIPS 2026" is GraphX, a workshop, hosted by
//! NeurIPS 2026; the host's acronym is never the page's).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::html::{Document, Line, LineKind};
use super::{labels, pattern};

/// What the page says about its conference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Conference {
    pub name: Option<String>,
    pub acronym: Option<String>,
    pub year: Option<i32>,
    pub location: Option<String>,
    /// A workshop (said so in the title or headings) rather than a conference.
    pub workshop: bool,
    /// The conference a workshop is held at: acronym and year.
    pub host: Option<(String, Option<i32>)>,
}

/// An acronym as pages write them: NeurIPS, ICCV, ECML-PKDD, RecSys, VL/HCC,
/// 3DOR, and with accents (ÉCOLE, IHM).
const ACRONYM: &str =
    r"[0-9]?\p{Lu}[\p{L}0-9&]*(?:[-/][\p{L}0-9&]+)?\p{Lu}[\p{L}0-9&]*|\p{Lu}{2,}\p{Ll}?";

/// What may stand right before an acronym: the start of the text or a
/// character that is neither a letter nor a digit.
const BEFORE_ACRONYM: &str = r"(?:^|[^\p{L}0-9])";

/// The words that tie an event to its host: "co-located with ICSE 2026",
/// "affiliated with ICFP 2012", "Satellite Workshop with FSE 2016".
const HOST_LINKS: &str = r"co-?located with|collocated with|in conjunction with|held with|part of|affiliated with|satellite (?:\w+ )?(?:of|with|to)|workshop with";

/// True when lower-case text ties what it dates to a host event ("ICFP
/// 2012, co-located with …").
pub(crate) fn links_to_host(lower: &str) -> bool {
    HOST_LINK.is_match(lower)
}

static HOST_LINK: LazyLock<Regex> =
    LazyLock::new(|| pattern::regex(&format!("(?i:{HOST_LINKS})")).expect("static regex"));

/// "… at NeurIPS 2026", "@ ICSE 2026", "co-located with ACM RecSys 2023".
static HOST_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"(?:(?-u:\b)(?:at|(?i:{HOST_LINKS}))|@)\s*\[?(?:the\s+)?(?:(?:ACM|IEEE|IFIP|USENIX|AAAI)[\s/]+)?({ACRONYM})\s?['’]?\s?(\d{{4}}|\d{{2}})?(?-u:\b)"
    ))
    .expect("static regex")
});

/// "… held in conjunction with the ACM International Conference on
/// Recommender Systems (RecSys 2024)": the host spelled out, its acronym
/// and year in brackets.
static HOST_AFTER_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"(?i:{HOST_LINKS})\s+[^()]{{0,120}}?\(({ACRONYM})\s?['’]?(\d{{4}}|\d{{2}})?\)"
    ))
    .expect("static regex")
});

/// "ICML 2025 Workshop on …", "(ECML-PKDD 2020 Workshop)", "ICML’26 Workshop".
static HOST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"({ACRONYM})\s?(?:['’]?(\d{{4}})|['’](\d{{2}}))\s+(?i:workshop)"
    ))
    .expect("static regex")
});

/// The acronym heading a title: "GraphX: Workshop …". Only text with the
/// punctuation that ends one is searched (captures are the slow path).
fn leading_acronym(text: &str) -> Option<&str> {
    if !text.contains([':', '@', '–', '-', '|']) {
        return None;
    }
    Some(LEADING_ACRONYM.captures(text)?.get(1)?.as_str())
}

/// "GraphX: Workshop …", "ML4H: Machine Learning for Health", "GI @ ICSE".
static LEADING_ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"(?:^|[|–]\s*)(?:The\s+)?({ACRONYM})\s?['’]?(?:\d{{4}}|\d{{2}})?(?:\s+(?i:workshop))?\s*(?::|@|–|-\s|\|)"
    ))
    .expect("static regex")
});

/// "NeurIPS 2025 — Workshop on … (SEA)": a dash between an edition and
/// "Workshop" names the host only when the workshop has an acronym of its
/// own in brackets ("BARW 2026 — Workshop on Bar Research" is BARW itself).
static HOST_BEFORE_DASH: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"({ACRONYM})\s?['’]?(\d{{4}})\s*[—–-]\s*(?i:workshop)"
    ))
    .expect("static regex")
});

/// "NeurIPS 2022 GLFrontiers Workshop": a host's edition, then the
/// workshop's own acronym.
static HOST_OWN_WORKSHOP: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"({ACRONYM})\s?['’]?\d{{4}}\s+({ACRONYM})\s+(?i:workshop)"
    ))
    .expect("static regex")
});

/// "ML4H: Machine Learning for Health": an acronym heading a title, then a
/// colon and the words it spells out.
static ACRONYM_COLON: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"^(?:The\s+)?(?:{ACRONYM})\s?['’]?(?:\d{{4}}|\d{{2}})?\s*:\s*"
    ))
    .expect("static regex")
});

/// "Workshop on Scaling Environments for Agents (SEA)": the acronym a
/// name spells out, in brackets after it.
static BRACKETED_ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(r"\(({ACRONYM})(?:\s?['’]?(?:\d{{4}}|\d{{2}}))?\)"))
        .expect("static regex")
});

static WORKSHOP_WORD: LazyLock<Regex> =
    LazyLock::new(|| pattern::regex(r"(?i)workshop|atelier|taller").expect("static regex"));

static ACRONYM_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"(?:{ACRONYM})(?:\s?['’]?\d{{4}}|\s?['’]\d{{2}})(?-u:\b)"
    ))
    .expect("static regex")
});

/// Words naming the kind of event, in the languages of [`super::months`].
const KINDS: &str = "Conference|Symposium|Workshop|Congress|Colloquium|Summit|Forum|Meeting|Conférence|Congrès|Colloque|Atelier|Journées|Konferenz|Tagung|Symposion|Congreso|Conferencia|Jornadas|Simposio|Taller|Convegno|Conferenza|Conferência|Simpósio|Encontro";

/// Lower-case words that may sit inside a name ("of", "für", "sur").
/// Longer words first: the alternation takes the first that fits.
const JOINERS: &[&str] = &[
    "on", "of", "and", "for", "in", "the", "&", "des", "del", "der", "dos", "das", "die", "du",
    "de", "di", "da", "do", "sur", "en", "et", "em", "les", "la", "le", "für", "und", "im", "zur",
    "zum", "y", "per", "para", "sobre", "e",
];

static NAME: LazyLock<Regex> = LazyLock::new(|| {
    let joiners = JOINERS.join("|");
    pattern::regex(&format!(
        r"(?x)
        ((?:(?:[0-9]?\p{{Lu}}[\p{{L}}0-9_\-’']*|[dl]['’]\p{{L}}+|{joiners})\s+){{0,12}}?
         (?:\p{{Lu}}[\p{{L}}0-9_\-’']*\s+)?
         (?:{KINDS})
         (?:\s+(?:[0-9]?\p{{Lu}}[\p{{L}}0-9_\-’']*|[dl]['’]\p{{L}}+|{joiners})){{0,14}})"
    ))
    .expect("static regex")
});

/// Cheap pre-checks before the expensive patterns (literal alternations).
static KIND_WORD: LazyLock<Regex> = LazyLock::new(|| pattern::regex(KINDS).expect("static regex"));
static PLACE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex("held|take place|takes place|took place|hosted").expect("static regex")
});
static PLACE_WORD_STRONG: LazyLock<Regex> =
    LazyLock::new(|| pattern::regex(" from | on ").expect("static regex"));

static LOCATION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)(?-u:\b)(?:location|venue|where)\s*:\s*([^|:]{2,60})")
        .expect("static regex")
});

static HELD_IN: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(
        r"(?-u:\b)(?:held|take place|takes place|took place|hosted)(?:\s+[^.|;:]{1,60}?)?\s+(?:in|at)\s+(?:the\s+)?([A-Z][A-Za-z0-9_\-’']*(?:,?\s+[A-Z][A-Za-z0-9_\-’']*){0,4})|(?-u:\b)in\s+([A-Z][a-z]+(?:,\s+[A-Z][A-Za-z0-9_]*){0,2})\s+(?:from|on)\s+[A-Z0-9]",
    )
    .expect("static regex")
});

/// Words that can open a capitalised run without belonging to the name.
const NOT_NAME_START: &[&str] = &[
    "The", "the", "on", "of", "and", "for", "in", "&", "de", "des", "du", "A", "An", "Welcome",
    "Call", "For", "Papers", "Join", "Visit",
];
const NOT_PLACE: &[&str] = &[
    "The",
    "This",
    "Our",
    "We",
    "All",
    "Submission",
    "Paper",
    "Papers",
    "Conference",
];

fn is_ordinal(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return matches!(&word[digits..], "st" | "nd" | "rd" | "th");
    }
    matches!(
        word.to_ascii_lowercase().as_str(),
        "first"
            | "second"
            | "third"
            | "fourth"
            | "fifth"
            | "sixth"
            | "seventh"
            | "eighth"
            | "ninth"
            | "tenth"
    )
}

fn clean_name(raw: &str) -> Option<String> {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while let Some(first) = words.first() {
        if NOT_NAME_START.contains(first)
            || is_ordinal(first)
            || first.chars().all(|c| c.is_ascii_digit())
        {
            words.remove(0);
        } else {
            break;
        }
    }
    while let Some(last) = words.last() {
        if JOINERS.contains(last) || last.chars().all(|c| c.is_ascii_digit()) {
            words.pop();
        } else {
            break;
        }
    }
    let name = words.join(" ");
    let has_kind = KINDS.split('|').any(|k| name.contains(k));
    // "Workshop Papers Submission Deadline" is a label, not a name.
    let lower = name.to_lowercase();
    if [
        "submission",
        "deadline",
        "notification",
        "camera",
        "registration",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return None;
    }
    // "Workshop" alone or "the conference" is not a name.
    (words.len() >= 3 && has_kind).then_some(name)
}

fn clean_place(raw: &str) -> Option<String> {
    let place = raw.trim().trim_end_matches([',', '.', ';', ' ']).trim();
    let first = place.split_whitespace().next()?;
    if NOT_PLACE.contains(&first)
        || place.len() < 2
        || place.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(place.to_string())
}

/// Reads the conference facts from the walked document, one step per
/// field: the edition (acronym, year, host), then the name, the kind of
/// event and the place.
pub(crate) fn read(doc: &Document) -> Conference {
    let broken_names = names_broken_over_lines(doc);
    let texts = telling_texts(doc, &broken_names);
    let mut conf = Conference::default();
    identify_edition(&mut conf, doc, &texts);
    if conf.year.is_none() {
        conf.year = year_without_acronym(&texts);
    }
    conf.name = find_name(&texts);
    conf.workshop = is_workshop(doc, &conf, &texts);
    conf.location = find_location(doc, &texts);
    conf
}

/// The texts that can name the page's event, each with how strongly it
/// speaks for it: the title, the header area and headings, the first lines
/// of the page, and names a header breaks over two lines.
fn telling_texts<'d>(doc: &'d Document, broken_names: &'d [(String, u32)]) -> Vec<(&'d str, u32)> {
    let mut texts: Vec<(&str, u32)> = Vec::new();
    if let Some(title) = &doc.title {
        texts.push((title, 4));
    }
    for (index, line) in doc.lines.iter().enumerate().take(600) {
        let weight = line_weight(line);
        // The conference is named near the top or in headings.
        if line.all_link || weight == 1 && index > 120 {
            continue;
        }
        texts.push((&line.text, weight));
    }
    texts.extend(
        broken_names
            .iter()
            .map(|(text, weight)| (text.as_str(), *weight)),
    );
    texts
}

/// An edition ("RuleML", 2014) a page names.
type Edition = (String, i32);

/// How often, and how strongly, each "ACRONYM 2025" is named.
#[derive(Default)]
struct EditionVotes {
    votes: HashMap<Edition, u32>,
    /// Votes from the title, the header area and headings alone.
    strong: HashMap<Edition, u32>,
    /// Editions in the order first named: the earlier wins a tie.
    order: Vec<Edition>,
}

impl EditionVotes {
    fn add(&mut self, edition: Edition, weight: u32) {
        if !self.votes.contains_key(&edition) {
            self.order.push(edition.clone());
        }
        if weight >= 2 {
            *self.strong.entry(edition.clone()).or_default() += weight;
        }
        *self.votes.entry(edition).or_default() += weight;
    }

    fn is_strong(&self, edition: &Edition) -> bool {
        self.strong.contains_key(edition)
    }

    /// The most strongly attested edition other than the host's.
    fn best(&self, host: Option<&str>) -> Option<&Edition> {
        let mut best: Option<&Edition> = None;
        for key in &self.order {
            if host.is_some_and(|h| h.eq_ignore_ascii_case(&key.0)) {
                continue;
            }
            let score = self.votes.get(key).copied().unwrap_or(0);
            if best.is_none_or(|b| self.votes.get(b).copied().unwrap_or(0) < score) {
                best = Some(key);
            }
        }
        best
    }
}

/// Words before a year that are publishers, formats or zones, not events.
const NOT_EDITION: &[&str] = &[
    "IEEE", "ACM", "LNCS", "CEUR", "AAAI", "IFIP", "USENIX", "PDF", "CFP", "AOE", "UTC", "GMT",
    "NEW",
];

/// Every "RuleML 2014", "EuroSys'23", "FooConf '26" in the texts, weighed.
fn count_edition_votes(texts: &[(&str, u32)]) -> EditionVotes {
    let mut votes = EditionVotes::default();
    for (text, weight) in texts {
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        // A search without capture groups stays on the fast DFA; the match
        // is split by hand.
        for found in ACRONYM_YEAR.find_iter(text) {
            let starts_word = text
                .get(..found.start())
                .and_then(|before| before.chars().next_back())
                .is_none_or(|c| !c.is_alphanumeric());
            if !starts_word || names_a_format(&text[found.end()..]) {
                continue;
            }
            let whole = found.as_str();
            let digits = whole.bytes().rev().take_while(u8::is_ascii_digit).count();
            let cut = whole.len() - digits;
            let acr = whole[..cut].trim_end_matches([' ', '\'', '’', '\t']);
            let Some(year) = edition_year(&whole[cut..]) else {
                continue;
            };
            if !(1950..=2200).contains(&year) || NOT_EDITION.contains(&acr) {
                continue;
            }
            votes.add((acr.to_string(), year), *weight);
        }
    }
    votes
}

/// Acronym, year and host: the most strongly attested edition, unless it
/// is the host's, or only prose names it as the host of "the workshop".
fn identify_edition(conf: &mut Conference, doc: &Document, texts: &[(&str, u32)]) {
    let mut votes = count_edition_votes(texts);
    conf.host = find_host(texts);
    // "submit to the **WANT@NeurIPS2023**": prose that writes the
    // workshop and its host's edition as one word names both.
    let mut at_sign_own: Option<String> = None;
    if conf.host.is_none()
        && let Some((own, host, year)) = texts
            .iter()
            .filter(|(text, _)| text.contains('@'))
            .find_map(|(text, _)| at_sign_pair(text))
    {
        votes.add((own.clone(), year), 4);
        conf.host = Some((host, Some(year)));
        at_sign_own = Some(own);
    }
    // The host's acronym is never the page's own.
    let host_acronym = conf.host.as_ref().map(|(a, _)| a.clone());
    let mut best = votes.best(host_acronym.as_deref());
    // A workshop whose title names its host: an edition its prose names
    // ("last year's workshop at EMNLP 2022") is not its own.
    if conf.host.is_some() && best.is_some_and(|key| !votes.is_strong(key)) {
        best = None;
    }
    // "TrustNLP: Third Workshop on …" heading a page whose prose alone
    // names "ACL 2023": that edition is the host, not the page's own.
    if conf.host.is_none()
        && let Some(key) = best
        && !votes.is_strong(key)
        && let Some(own) = titled_workshop_acronym(texts)
        && !own.eq_ignore_ascii_case(&key.0)
    {
        conf.host = Some((key.0.clone(), Some(key.1)));
        conf.acronym = Some(own);
        conf.year = Some(key.1);
        best = None;
    }
    let prose_host = best
        .filter(|key| conf.host.is_none() && !votes.is_strong(key))
        .and_then(|key| {
            host_in_prose(texts, &key.0).map(|(acr, year)| (acr, year.or(Some(key.1))))
        });
    if let Some((acr, year)) = prose_host {
        // Only the prose names this edition, as the host of "the workshop".
        conf.year = year;
        conf.host = Some((acr, year));
    } else if let Some((acr, year)) = best {
        conf.acronym = Some(acr.clone());
        conf.year = Some(*year);
    } else if conf.acronym.is_none()
        && let Some((_, host_year)) = &conf.host
    {
        // A workshop without a year of its own: "GraphX: … at NeurIPS 2026".
        conf.year = *host_year;
    }
    if conf.acronym.is_none() {
        conf.acronym = at_sign_own;
    }
    if conf.acronym.is_none()
        && let Some((host, _)) = &conf.host
    {
        conf.acronym = workshop_acronym(texts, host);
    }
    if conf.acronym.is_none() {
        let host = conf.host.as_ref().map(|(h, _)| h.as_str());
        conf.acronym = doc
            .title
            .as_deref()
            .and_then(|title| acronym_of_title_part(title, host));
    }
}

/// No "ACRONYM 2031" anywhere: the edition's year as the title and
/// headings give it ("Workshop on Foo 2031", "The 12th Bar, 2031").
/// Failing that, a year that a sentence about the dates names ("all dates
/// are for the year 2017"), so that dates written without one resolve;
/// other years in prose ("held since 2019") say nothing.
fn year_without_acronym(texts: &[(&str, u32)]) -> Option<i32> {
    year_named(texts, 3).or_else(|| {
        let about_dates: Vec<(&str, u32)> = texts
            .iter()
            .filter(|(t, _)| {
                let lower = t.to_lowercase();
                lower.contains("dates") || lower.contains("deadlines")
            })
            .copied()
            .collect();
        year_named(&about_dates, 1)
    })
}

/// The first "… Conference on …" phrase in the strongest texts; failing
/// one in the title or headings, the words a title's acronym spells out
/// ("ML4H: Machine Learning for Health").
fn find_name(texts: &[(&str, u32)]) -> Option<String> {
    let mut ranked: Vec<&(&str, u32)> = texts.iter().collect();
    ranked.sort_by_key(|(_, w)| std::cmp::Reverse(*w));
    let named = ranked
        .into_iter()
        .find_map(|(text, weight)| name_in(text).map(|name| (name, *weight)));
    if named.as_ref().is_none_or(|(_, weight)| *weight < 3)
        && let Some(name) = strong(texts).find_map(spelled_out_name)
    {
        return Some(name);
    }
    named.map(|(name, _)| name)
}

/// A workshop: one held at a host, one whose name and headings say so, or
/// one whose title calls it a workshop and nothing larger.
fn is_workshop(doc: &Document, conf: &Conference, texts: &[(&str, u32)]) -> bool {
    conf.host.is_some()
        || conf
            .name
            .as_deref()
            .is_some_and(|n| WORKSHOP_WORD.is_match(n))
            && headings_call_it_a_workshop(texts)
        || doc
            .title
            .as_deref()
            .or_else(|| {
                doc.lines
                    .iter()
                    .find(|l| l.kind == LineKind::Heading(1))
                    .map(|l| l.text.as_str())
            })
            .is_some_and(title_names_a_workshop)
}

/// The place: "Location: X", "held in X", "X, Country, <dates>" in the
/// header or the page's description.
fn find_location(doc: &Document, texts: &[(&str, u32)]) -> Option<String> {
    let description = doc.description.as_deref().unwrap_or("");
    for (text, weight) in texts.iter().chain(std::iter::once(&(description, 0))) {
        if text.contains(':')
            && let Some(caps) = LOCATION_LABEL.captures(text)
            && let Some(place) = caps.get(1).and_then(|m| clean_place(m.as_str()))
        {
            return Some(place);
        }
        let strong = *weight >= 3 || std::ptr::eq(*text, description);
        if !(PLACE_WORD.is_match(text) || strong && PLACE_WORD_STRONG.is_match(text)) {
            continue;
        }
        for caps in HELD_IN.captures_iter(text) {
            if let Some(place) = caps
                .get(1)
                .or_else(|| caps.get(2))
                .and_then(|m| clean_place(m.as_str()))
            {
                return Some(place);
            }
        }
    }
    None
}

/// The title, the header area and the main headings' texts.
fn strong<'t>(texts: &'t [(&'t str, u32)]) -> impl Iterator<Item = &'t str> + Clone {
    texts.iter().filter(|(_, w)| *w >= 3).map(|(text, _)| *text)
}

/// True when the title and headings call the event a workshop, or name no
/// kind of event at all (a blog post whose prose is the whole call): a
/// workshop named only in prose may be one of a conference's.
fn headings_call_it_a_workshop(texts: &[(&str, u32)]) -> bool {
    strong(texts).any(|t| WORKSHOP_WORD.is_match(t))
        || strong(texts).all(|t| !KIND_WORD.is_match(t))
}

/// The first "… Conference on …" name in `text`. The name pattern is a
/// large automaton, so it reads only the stretch around each word naming a
/// kind of event, wide enough for the longest name it admits, and not the
/// whole of a long paragraph.
fn name_in(text: &str) -> Option<String> {
    const BEFORE: usize = 400;
    const AFTER: usize = 500;
    let mut searched_to = 0;
    for kind in KIND_WORD.find_iter(text) {
        if kind.end() <= searched_to {
            continue;
        }
        let from = floor_boundary(text, kind.start().saturating_sub(BEFORE).max(searched_to));
        let to = ceil_boundary(text, kind.end() + AFTER);
        let window = text.get(from..to)?;
        for found in NAME.find_iter(window) {
            if let Some(name) = clean_name(found.as_str()) {
                return Some(name);
            }
        }
        searched_to = to;
    }
    None
}

/// The char boundary at or before byte `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The char boundary at or after byte `at`.
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// How strongly a line speaks for the page's own event: headings and the
/// header area most.
fn line_weight(line: &Line) -> u32 {
    match line.kind {
        LineKind::Heading(1) | LineKind::Heading(2) => 3,
        _ if line.in_header => 3,
        LineKind::Heading(_) => 2,
        _ => 1,
    }
}

/// "7th International Workshop on" / "Logical Frameworks and
/// Meta-languages": a name that a header breaks after a joining word, read
/// as one line, with the weight of its first part.
fn names_broken_over_lines(doc: &Document) -> Vec<(String, u32)> {
    doc.lines
        .iter()
        .take(120)
        .zip(doc.lines.iter().skip(1))
        .filter(|(line, _)| {
            // A name's first part is short; prose ends in joining words too.
            line.text.len() < 100
                && line.text.rsplit(' ').next().is_some_and(|last| {
                    last.len() <= 5 && JOINERS.iter().any(|j| last.eq_ignore_ascii_case(j))
                })
                && KIND_WORD.is_match(&line.text)
        })
        .map(|(line, next)| (format!("{} {}", line.text, next.text), line_weight(line)))
        .collect()
}

/// "Call for Papers - CANOPIE-HPC", "Calls | DINPS 22": a page title
/// whose page name and site name stand apart, the site's being an acronym
/// (with a year or "Workshop" at most).
fn acronym_of_title_part(title: &str, host: Option<&str>) -> Option<String> {
    TITLE_SEPARATOR.split(title).find_map(|part| {
        let caps = TITLE_ACRONYM.captures(part.trim())?;
        let found = caps.get(1)?.as_str();
        (!NOT_HOST.contains(&found) && host.is_none_or(|h| !found.eq_ignore_ascii_case(h)))
            .then(|| found.to_string())
    })
}

/// What separates the parts of a page title: a spaced bar or dash, a colon.
static TITLE_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| pattern::regex(r"\s[|\-–—·]\s|:\s").expect("static regex"));

/// A title part that is an acronym alone: "DINPS 22", "SLowDNN Workshop".
static TITLE_ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"^({ACRONYM})(?:\s?['’]?(?:\d{{4}}|\d{{2}}))?(?:\s+(?i:workshop|conference|symposium))?$"
    ))
    .expect("static regex")
});

/// The acronym a title or first heading gives a workshop: "TrustNLP:
/// Third Workshop on Trustworthy NLP".
fn titled_workshop_acronym(texts: &[(&str, u32)]) -> Option<String> {
    strong(texts)
        .filter(|text| WORKSHOP_WORD.is_match(text))
        .find_map(|text| leading_acronym(text).map(str::to_string))
}

/// The acronym of a workshop whose host is known, most telling first: the
/// one heading its title ("GraphX: …"), the one in brackets there ("… (SEA)"),
/// the one between the host's edition and "Workshop" ("NeurIPS 2022
/// GLFrontiers Workshop"), then one that prose puts before "workshop" ("the
/// TRL Workshop page", "the (StableQ) workshop").
fn workshop_acronym(texts: &[(&str, u32)], host: &str) -> Option<String> {
    let own = |found: &str| {
        (!found.eq_ignore_ascii_case(host) && !NOT_HOST.contains(&found)).then(|| found.to_string())
    };
    strong(texts)
        .find_map(|text| own(leading_acronym(text)?))
        .or_else(|| {
            strong(texts).find_map(|text| own(BRACKETED_ACRONYM.captures(text)?.get(1)?.as_str()))
        })
        .or_else(|| {
            texts.iter().find_map(|(text, _)| {
                HOST_OWN_WORKSHOP.captures_iter(text).find_map(|caps| {
                    (caps.get(1)?.as_str() == host)
                        .then(|| own(caps.get(2)?.as_str()))
                        .flatten()
                })
            })
        })
        .or_else(|| {
            texts.iter().find_map(|(text, _)| {
                ACRONYM_WORKSHOP.captures_iter(text).find_map(|caps| {
                    // "published in the (DGM4MICCAI) workshop proceedings"
                    // names where papers go, not this workshop.
                    let after = text.get(caps.get(0)?.end()..).unwrap_or("");
                    if after.trim_start().to_lowercase().starts_with("proceedings") {
                        return None;
                    }
                    own(caps.get(1)?.as_str())
                })
            })
        })
}

/// "the TRL Workshop", "the (StableQ) workshop": an acronym right before
/// the word.
static ACRONYM_WORKSHOP: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"{BEFORE_ACRONYM}\(?({ACRONYM})\)?\s+(?i:workshop)(?-u:\b)"
    ))
    .expect("static regex")
});

/// "3DOR 2021 | The 14th 3D Object Retrieval workshop": a page title that
/// calls the event a workshop (one, not "Workshops") and nothing larger.
fn title_names_a_workshop(title: &str) -> bool {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.contains(&"workshop")
        && !words.iter().any(|w| {
            matches!(
                *w,
                "conference" | "symposium" | "congress" | "workshops" | "summit" | "forum"
            )
        })
}

/// "ML4H: Machine Learning for Health, NIPS 2017 Workshop": the words an
/// acronym at the head of a title spells out, up to the first comma,
/// bracket or "at"; two to twelve words, the first capitalised, no digits.
fn spelled_out_name(text: &str) -> Option<String> {
    let head = ACRONYM_COLON.find(text)?;
    let rest = text.get(head.end()..)?.trim_start();
    let end = [",", "(", " at ", " @", " | ", " – ", " — ", " - ", ":"]
        .iter()
        .filter_map(|stop| rest.find(stop))
        .min()
        .unwrap_or(rest.len());
    let name = rest.get(..end)?.trim();
    let words = name.split_whitespace().count();
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    let plain_words = (2..=12).contains(&words)
        && capitalised
        && !name.bytes().any(|b| b.is_ascii_digit())
        && !labels::is_dates_heading(name);
    plain_words.then(|| name.to_string())
}

/// The year the texts of at least `min_weight` name most (weighted), the
/// first one on a tie: a four-digit number from 1950 to 2200 standing alone.
fn year_named(texts: &[(&str, u32)], min_weight: u32) -> Option<i32> {
    let mut votes: Vec<(i32, u32)> = Vec::new();
    for (text, weight) in texts.iter().filter(|(_, w)| *w >= min_weight) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let alone = i - start == 4
                && (start == 0 || !bytes[start - 1].is_ascii_alphanumeric())
                && bytes.get(i).is_none_or(|b| !b.is_ascii_alphanumeric());
            let year = text.get(start..i).and_then(|d| d.parse::<i32>().ok());
            if let Some(year) = year.filter(|y| alone && (1950..=2200).contains(y)) {
                match votes.iter_mut().find(|(y, _)| *y == year) {
                    Some((_, v)) => *v += weight,
                    None => votes.push((year, *weight)),
                }
            }
        }
    }
    let best = votes.iter().map(|(_, v)| *v).max()?;
    votes.iter().find(|(_, v)| *v == best).map(|(y, _)| *y)
}

/// The conference a workshop is held at, from the title and headings:
/// "Workshop … at NeurIPS 2026", "GI @ ICSE 2026", "ECML-PKDD 2020 Workshop".
fn find_host(texts: &[(&str, u32)]) -> Option<(String, Option<i32>)> {
    // A header line "Colocated with … (ACL 2023)" under a workshop's title
    // names the host without saying "workshop" itself.
    let titled_workshop = strong(texts).any(|text| WORKSHOP_WORD.is_match(text));
    for min_weight in [3, 2] {
        for (text, _) in texts.iter().filter(|(_, w)| *w >= min_weight) {
            let says_workshop = WORKSHOP_WORD.is_match(text)
                || titled_workshop && HOST_LINK.find(text).is_some_and(|m| m.start() < 40);
            if says_workshop && let Some(caps) = HOST_BEFORE.captures(text) {
                let acr = caps.get(1)?.as_str().to_string();
                return Some((acr, host_before_year(&caps)));
            }
            if says_workshop && let Some(host) = trailing_host(text) {
                return Some(host);
            }
            if !says_workshop && !text.contains('@') {
                continue;
            }
            if says_workshop
                && let Some(caps) = HOST_AFTER_NAMED.captures(text)
                && let Some(acr) = caps.get(1).map(|a| a.as_str())
                && !NOT_HOST.contains(&acr)
            {
                return Some((
                    acr.to_string(),
                    caps.get(2).and_then(|y| edition_year(y.as_str())),
                ));
            }
            for caps in HOST_AFTER.captures_iter(text) {
                let whole = caps.get(0)?.as_str();
                if !(says_workshop || whole.starts_with('@')) {
                    continue;
                }
                let acr = caps.get(1)?.as_str();
                if NOT_HOST.contains(&acr) {
                    continue;
                }
                return Some((
                    acr.to_string(),
                    caps.get(2).and_then(|y| edition_year(y.as_str())),
                ));
            }
        }
    }
    texts.iter().filter(|(_, w)| *w >= 2).find_map(|(text, _)| {
        let caps = HOST_BEFORE_DASH.captures(text)?;
        let host = caps.get(1)?.as_str();
        let own = BRACKETED_ACRONYM.captures(text)?.get(1)?.as_str();
        (!own.eq_ignore_ascii_case(host)).then(|| {
            (
                host.to_string(),
                caps.get(2).and_then(|y| edition_year(y.as_str())),
            )
        })
    })
}

/// "… using the NeurIPS 2022 style files", "the ICML 2024 template": an
/// edition named for its paper format, not as the page's own event.
fn names_a_format(after: &str) -> bool {
    let mut words = after.split_whitespace().take(3).map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase()
    });
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    let is_format = |w: &str| {
        matches!(
            w,
            "style" | "styles" | "template" | "templates" | "format" | "formatting" | "latex"
        )
    };
    is_format(&first)
        || matches!(first.as_str(), "submission" | "paper") && is_format(&second)
        || matches!(first.as_str(), "author" | "authors") && second == "kit"
}

/// The host a workshop's page names only in its prose, when no title or
/// heading names an edition: "Accepted papers will be published in ICCV
/// 2023 Workshop proceedings" on a page that speaks of "the workshop", or
/// "Workshop date: held in conjunction with the CF2024 conference".
fn host_in_prose(texts: &[(&str, u32)], acronym: &str) -> Option<(String, Option<i32>)> {
    let own_workshop = texts.iter().any(|(text, _)| OWN_WORKSHOP.is_match(text));
    if own_workshop
        && let Some(caps) = texts
            .iter()
            .flat_map(|(text, _)| HOST_BEFORE.captures_iter(text))
            .find(|caps| caps.get(1).is_some_and(|a| a.as_str() == acronym))
    {
        return Some((acronym.to_string(), host_before_year(&caps)));
    }
    let about_a_workshop = texts
        .iter()
        .filter(|(text, _)| WORKSHOP_WORD.is_match(text) || own_workshop);
    // "jointly held at the IEEE/ACM International Symposium on
    // Microarchitecture (MICRO 2024)": the host spelled out.
    if let Some(year) = about_a_workshop.clone().find_map(|(text, _)| {
        PROSE_HOST_NAMED.captures_iter(text).find_map(|caps| {
            (caps.get(1)?.as_str() == acronym)
                .then(|| caps.get(2).and_then(|y| edition_year(y.as_str())))
        })
    }) {
        return Some((acronym.to_string(), year));
    }
    about_a_workshop
        .flat_map(|(text, _)| PROSE_HOST.captures_iter(text))
        .find_map(|caps| {
            // "CF2024" is matched whole as an acronym: split its year off.
            let (found, glued_year) = split_glued_year(caps.get(1)?.as_str());
            let year = glued_year.or_else(|| caps.get(2).and_then(|y| edition_year(y.as_str())));
            (found == acronym).then(|| (acronym.to_string(), year))
        })
}

/// "CF2024" is CF of 2024; "ML4H" stays whole.
fn split_glued_year(word: &str) -> (&str, Option<i32>) {
    let digits = word.bytes().rev().take_while(u8::is_ascii_digit).count();
    let cut = word.len() - digits;
    if digits == 4 && cut >= 2 {
        (&word[..cut], word[cut..].parse().ok())
    } else {
        (word, None)
    }
}

/// "will be held as part of ACL", "in conjunction with the CF2024
/// conference", "Workshop at NeurIPS 2022", "Foo Workshop @ NeurIPS 2026":
/// how prose names a host (no
/// bare "at", which names places).
static PROSE_HOST: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"(?i:{HOST_LINKS}|workshop at|workshop\s?@)\s+\[?(?i:the\s+)?(?:(?:ACM|IEEE|IFIP|USENIX|AAAI)[\s/]+)?({ACRONYM})\s?['’]?\s?(\d{{4}}|\d{{2}})?(?-u:\b)"
    ))
    .expect("static regex")
});

/// "held at the IEEE/ACM International Symposium on Microarchitecture
/// (MICRO 2024)": prose that spells the host out, its edition in brackets.
static PROSE_HOST_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"(?i:{HOST_LINKS}|held at|hosted (?:by|at))\s+[^()]{{0,120}}?\(({ACRONYM})\s?['’]?(\d{{4}}|\d{{2}})?\)"
    ))
    .expect("static regex")
});

/// The year of a [`HOST_BEFORE`] match, written "2026" or "’26".
fn host_before_year(caps: &regex::Captures<'_>) -> Option<i32> {
    caps.get(2)
        .or_else(|| caps.get(3))
        .and_then(|y| edition_year(y.as_str()))
}

/// The year an edition's digits name: "2026" is 2026, "'26" is 2026 and
/// "'99" is 1999.
fn edition_year(digits: &str) -> Option<i32> {
    let y: i32 = digits.parse().ok()?;
    Some(match digits.len() {
        2 if y < 70 => 2000 + y,
        2 => 1900 + y,
        _ => y,
    })
}

/// "WANT@NeurIPS2023", "GI @ ICSE 2026": a workshop's acronym, an at
/// sign and its host's edition; the year is required, for an at sign
/// between two capitalised words may be an address.
static AT_SIGN_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"(?:^|[^\p{{L}}0-9@.])({ACRONYM})\s?@\s?({ACRONYM})(?:\s?['’]?(\d{{4}}|\d{{2}}))?(?-u:\b)"
    ))
    .expect("static regex")
});

/// The workshop, its host and the host's year of an [`AT_SIGN_PAIR`].
fn at_sign_pair(text: &str) -> Option<(String, String, i32)> {
    AT_SIGN_PAIR.captures_iter(text).find_map(|caps| {
        let own = caps.get(1)?.as_str();
        let (host, glued) = split_glued_year(caps.get(2)?.as_str());
        let year = glued.or_else(|| caps.get(3).and_then(|y| edition_year(y.as_str())))?;
        (!own.eq_ignore_ascii_case(host) && !NOT_HOST.contains(&host))
            .then(|| (own.to_string(), host.to_string(), year))
    })
}

/// "the workshop", "this workshop", "our workshop": the page's own event.
static OWN_WORKSHOP: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)(?-u:\b)(?:the|this|our)\s+workshop(?-u:\b)").expect("static regex")
});

/// "GEM2 Workshop: Generation, Evaluation & Metrics - ACL 2025": a title
/// that opens with the workshop's own acronym and ends with a dash and the
/// host's edition.
fn trailing_host(text: &str) -> Option<(String, Option<i32>)> {
    let caps = TRAILING_HOST.captures(text)?;
    let host = caps.get(1)?.as_str();
    let own = LEADING_ACRONYM.captures(text)?.get(1)?.as_str();
    (!own.eq_ignore_ascii_case(host) && !NOT_HOST.contains(&host)).then(|| {
        (
            host.to_string(),
            caps.get(2).and_then(|y| edition_year(y.as_str())),
        )
    })
}

/// " - ACL 2025" closing a title.
static TRAILING_HOST: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&format!(
        r"\s[-–—|]\s+(?:the\s+)?({ACRONYM})\s?['’]?(\d{{4}})\s*$"
    ))
    .expect("static regex")
});

/// Capitalised words after "at" that are no conference.
const NOT_HOST: &[&str] = &[
    "AoE", "AOE", "UTC", "GMT", "TBD", "TBA", "PM", "AM", "ACM", "IEEE", "IFIP", "USENIX",
];

/// What stands between a date and the place beside it: "May 1, 2026 ·
/// Prague", "Prague | May 1".
const PLACE_SEPARATORS: &[char] = &[',', '-', '–', '—', '|', ':', '•', '·', ' '];

/// "Prague, Czech Republic, August 18-20, 2014": the place before a date in
/// the page header.
pub(crate) fn place_before_date(prefix: &str) -> Option<String> {
    let prefix = prefix.trim().trim_end_matches(PLACE_SEPARATORS);
    if prefix.is_empty() || prefix.len() > 60 {
        return None;
    }
    let words: Vec<&str> = prefix.split([',', ' ']).filter(|w| !w.is_empty()).collect();
    if all_capitalised(&words) && prefix.contains(',') {
        return clean_place(prefix);
    }
    None
}

/// True when every word of a place name is capitalised, the small words
/// inside names aside ("Rio de Janeiro", "Aix-en-Provence", "Frankfurt am
/// Main").
fn all_capitalised(words: &[&str]) -> bool {
    const SMALL: &[&str] = &[
        "de", "do", "da", "del", "la", "le", "am", "upon", "sur", "di", "en",
    ];
    words
        .first()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) || SMALL.contains(w))
}

/// "26-29 November 2019, Auckland, New Zealand": the place after a date in
/// the page header.
pub(crate) fn place_after_date(suffix: &str) -> Option<String> {
    let suffix = suffix.trim_start_matches(PLACE_SEPARATORS);
    let suffix = suffix.split(['(', '|', ';']).next().unwrap_or("").trim();
    if suffix.is_empty() || suffix.len() > 60 {
        return None;
    }
    let words: Vec<&str> = suffix.split([',', ' ']).filter(|w| !w.is_empty()).collect();
    (all_capitalised(&words) && words.len() <= 6)
        .then(|| clean_place(suffix))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::html::html_lines;
    use scraper::Html;

    fn read_html(html: &str) -> Conference {
        read(&html_lines(&Html::parse_document(html), Vec::new()))
    }

    #[test]
    fn name_acronym_year_location() {
        let got = read_html(
            "<title>Important Dates - RuleML 2014</title><header><h1>RuleML 2014</h1><div>The 8th International Web Rule Symposium<br>Prague, Czech Republic, August 18-20, 2014</div></header><p>Location: Prague</p>",
        );
        assert_eq!(got.acronym.as_deref(), Some("RuleML"));
        assert_eq!(got.year, Some(2014));
        assert_eq!(
            got.name.as_deref(),
            Some("International Web Rule Symposium")
        );
        assert_eq!(got.location.as_deref(), Some("Prague"));
    }

    #[test]
    fn name_keeps_lowercase_connectors() {
        let got = read_html(
            "<p>The 18th Conference of the European Chapter of the Association for Computational Linguistics (EACL 2024) invites papers. EACL 2024 will be held in Malta on 17th-22nd March 2024.</p>",
        );
        assert_eq!(
            got.name.as_deref(),
            Some(
                "Conference of the European Chapter of the Association for Computational Linguistics"
            )
        );
        assert_eq!(got.acronym.as_deref(), Some("EACL"));
        assert_eq!(got.location.as_deref(), Some("Malta"));
    }

    #[test]
    fn location_after_the_dates_of_a_held_sentence() {
        for (page, place) in [
            (
                "<h1>FooConf 2024</h1><p>FooConf 2024 will take place from 12 to 14 June 2024 in Lyon, France.</p>",
                "Lyon, France",
            ),
            (
                "<h1>BarConf 2025</h1><p>The conference is held on May 5-7, 2025 at Aalto University.</p>",
                "Aalto University",
            ),
        ] {
            let got = read_html(page);
            assert_eq!(got.location.as_deref(), Some(place), "{page}");
        }
    }

    #[test]
    fn a_workshop_keeps_its_own_identity() {
        // (page, acronym, year, workshop, host)
        type Want<'a> = (
            Option<&'a str>,
            Option<i32>,
            bool,
            Option<(&'a str, Option<i32>)>,
        );
        let cases: &[(&str, Want)] = &[
            (
                "<title>GraphX: Workshop on Graph Learning at NeurIPS 2026</title><h1>GraphX</h1>",
                (
                    Some("GraphX"),
                    Some(2026),
                    true,
                    Some(("NeurIPS", Some(2026))),
                ),
            ),
            (
                "<title>Dates | ML4H: Machine Learning for Health</title><h1>Workshop at NIPS 2017</h1>",
                (Some("ML4H"), Some(2017), true, Some(("NIPS", Some(2017)))),
            ),
            (
                "<title>GI @ ICSE 2026</title><h1>International Workshop on Genetic Improvement @ICSE 2026</h1><p>GI 2026 invites papers</p>",
                (Some("GI"), Some(2026), true, Some(("ICSE", Some(2026)))),
            ),
            (
                "<title>Call for Papers</title><p>We invite papers to the <b>WANT@NeurIPS2023</b>, which explores training at scale.</p>",
                (Some("WANT"), Some(2023), true, Some(("NeurIPS", Some(2023)))),
            ),
            (
                "<title>Call for Papers - Knowledge-Aware Recommender Systems Workshop</title><header><small>The Sixth Knowledge-aware Recommender Systems Workshop held in conjunction with the ACM International Conference on Recommender Systems (RecSys 2024), Bari, Italy</small></header>",
                (None, Some(2024), true, Some(("RecSys", Some(2024)))),
            ),
            (
                "<title>3DOR 2021 | The 14th 3D Object Retrieval workshop</title>",
                (Some("3DOR"), Some(2021), true, None),
            ),
            (
                "<title>Call for Papers</title><p>Write to chair@ETH.ch with questions about FooConf 2024.</p>",
                (Some("FooConf"), Some(2024), false, None),
            ),
            (
                "<h1>PERSPECTIVES 2023: workshop at ACM RecSys 2023</h1>",
                (
                    Some("PERSPECTIVES"),
                    Some(2023),
                    true,
                    Some(("RecSys", Some(2023))),
                ),
            ),
            (
                "<h1>GEM: Graph Embedding and Mining (ECML-PKDD 2020 Workshop)</h1>",
                (
                    Some("GEM"),
                    Some(2020),
                    true,
                    Some(("ECML-PKDD", Some(2020))),
                ),
            ),
            (
                "<h1>FooConf '26 — Lisbon</h1>",
                (Some("FooConf"), Some(2026), false, None),
            ),
            (
                // The host before a dash, the workshop's own acronym in brackets.
                "<h2>NeurIPS 2025 — Workshop on Scaling Environments for Agents (SEA): Call for Papers</h2>",
                (Some("SEA"), Some(2025), true, Some(("NeurIPS", Some(2025)))),
            ),
            (
                // Without a bracketed acronym, the edition before the dash is the workshop.
                "<h1>BARW 2026 — Workshop on Bar Research @ ICSE 2026</h1>",
                (Some("BARW"), Some(2026), true, Some(("ICSE", Some(2026)))),
            ),
            (
                "<h1>BARW 2026: Workshop on Bar Research @ ICSE 2026</h1>",
                (Some("BARW"), Some(2026), true, Some(("ICSE", Some(2026)))),
            ),
            (
                // Only the prose names an edition: the host of "the workshop".
                "<title>Call for papers</title><h2>Submissions</h2><p>The top papers present their work during the workshop.</p>
                 <p>Accepted papers will be published in ICCV 2023 Workshop proceedings.</p>",
                (None, Some(2023), true, Some(("ICCV", Some(2023)))),
            ),
            (
                "<h1>GEM2 Workshop: Generation, Evaluation & Metrics - ACL 2025</h1><p>The workshop will be held as part of ACL.</p>",
                (Some("GEM2"), Some(2025), true, Some(("ACL", Some(2025)))),
            ),
            (
                "<title>Dates</title><ul><li>Workshop date: Held in conjunction with the CF2024 conference (May 7th - 9th, 2024)</li></ul>",
                (None, Some(2024), true, Some(("CF", Some(2024)))),
            ),
            (
                "<title>Call for Papers</title><p>Submission site: NeurIPS 2022 GLFrontiers Workshop</p>
                 <p>The workshop will be held as part of the NeurIPS 2022 conference.</p>",
                (Some("GLFrontiers"), Some(2022), true, Some(("NeurIPS", Some(2022)))),
            ),
            (
                "<title>LM4Plan @ ICML 2026</title><p>ICML’26 Workshop, Seoul, South Korea</p>",
                (Some("LM4Plan"), Some(2026), true, Some(("ICML", Some(2026)))),
            ),
            (
                "<title>Overview</title><p>ICML’26 Workshop, Seoul</p><p>The focus of this workshop is planning.</p>",
                (None, Some(2026), true, Some(("ICML", Some(2026)))),
            ),
            (
                // An edition named for its style files is no identity.
                "<title>Call for Papers</title><h1>Key Dates</h1><p>Workshop dates: 3rd - 7th January, 2023</p><p>Papers should use the NeurIPS 2022 style files.</p>",
                (None, Some(2023), false, None),
            ),
            (
                // A conference page whose prose mentions its workshops keeps its identity.
                "<title>Call for papers</title><h1>ICCV 2023</h1><p>The ICCV 2023 Workshop proposals are due soon; the workshop chairs decide.</p>",
                (Some("ICCV"), Some(2023), false, None),
            ),
            (
                "<title>NeurIPS 2026</title><h1>Conference on Neural Information Processing Systems</h1><h2>Workshops</h2>",
                (Some("NeurIPS"), Some(2026), false, None),
            ),
        ];
        for (page, (acronym, year, workshop, host)) in cases {
            let got = read_html(page);
            assert_eq!(got.acronym.as_deref(), *acronym, "{page}");
            assert_eq!(got.year, *year, "{page}");
            assert_eq!(got.workshop, *workshop, "{page}");
            assert_eq!(
                got.host.as_ref().map(|(a, y)| (a.as_str(), *y)),
                *host,
                "{page}"
            );
        }
    }

    #[test]
    fn a_name_spelled_out_after_the_acronym() {
        let got = read_html(
            "<h1>ML4H: Machine Learning for Health, NIPS 2017 Workshop</h1>
             <table><tr><td>2017/12/08</td><td>Workshop in Long Beach, CA</td></tr></table>",
        );
        assert_eq!(got.name.as_deref(), Some("Machine Learning for Health"));
        assert_eq!(got.acronym.as_deref(), Some("ML4H"));
        assert_eq!(got.host, Some(("NIPS".to_string(), Some(2017))));
        // A dates heading after the colon is no name; a label is none either.
        let got = read_html(
            "<title>FOO 2026: Important Dates</title><p>Workshop Papers Submission Deadline: May 1</p>",
        );
        assert_eq!(got.name, None);
    }

    #[test]
    fn names_and_acronyms_in_other_languages() {
        let got = read_html(
            "<title>IHM'25</title><h1>Conférence Francophone sur l'Interaction Humain-Machine (IHM 2025)</h1>",
        );
        assert_eq!(
            got.name.as_deref(),
            Some("Conférence Francophone sur l'Interaction Humain-Machine")
        );
        assert_eq!(got.acronym.as_deref(), Some("IHM"));
        let got =
            read_html("<h1>ÉGC 2024 : Conférence Extraction et Gestion des Connaissances</h1>");
        assert_eq!(got.acronym.as_deref(), Some("ÉGC"));
        assert_eq!(got.year, Some(2024));
        assert_eq!(
            got.name.as_deref(),
            Some("Conférence Extraction et Gestion des Connaissances")
        );
    }

    #[test]
    fn the_year_comes_from_the_title_without_an_acronym() {
        let conf = read_html(
            "<title>Workshop on Quiet Proofs 2031</title><h1>Quiet Proofs, 2031 edition</h1><p>In 2019 we began.</p>",
        );
        assert_eq!(conf.acronym, None);
        assert_eq!(conf.year, Some(2031));
        let conf = read_html("<h1>Workshop on Quiet Proofs</h1><p>Held since 2019.</p>");
        assert_eq!(conf.year, None);
        let conf = read_html(
            "<h1>Timelines</h1><p>All deadlines and dates are in Pacific Time and for the year 2017.</p>",
        );
        assert_eq!(conf.year, Some(2017));
    }

    #[test]
    fn place_from_header_line() {
        assert_eq!(
            place_before_date("Prague, Czech Republic,").as_deref(),
            Some("Prague, Czech Republic")
        );
        assert_eq!(
            place_before_date("Irvine, CA,").as_deref(),
            Some("Irvine, CA")
        );
        assert_eq!(place_before_date("Submission deadline:"), None);
        assert_eq!(
            place_after_date(", Auckland, New Zealand").as_deref(),
            Some("Auckland, New Zealand")
        );
        assert_eq!(place_after_date(" (NZ time)"), None);
        assert_eq!(
            place_after_date(" • Prague, Czech Republic").as_deref(),
            Some("Prague, Czech Republic")
        );
    }

    #[test]
    fn a_name_broken_after_a_joining_word_reads_as_one() {
        let conf = read_html(
            "<title>LFMTP 2012</title><div><p>LFMTP 2012</p><p>7th International Workshop on</p><p>Logical Frameworks and Meta-languages</p></div>",
        );
        assert_eq!(
            conf.name.as_deref(),
            Some("International Workshop on Logical Frameworks and Meta-languages")
        );
        assert!(conf.workshop);
    }

    #[test]
    fn a_satellite_workshop_names_its_host() {
        let conf = read_html(
            "<p>Java Pathfinder Workshop 2016</p><p>Satellite Workshop with FSE 2016</p><p>Submission: May 1, 2016</p>",
        );
        assert!(conf.workshop);
        assert_eq!(conf.host, Some(("FSE".to_string(), Some(2016))));
        assert_ne!(conf.acronym.as_deref(), Some("FSE"));
    }

    #[test]
    fn a_titled_workshop_is_not_the_edition_its_header_links_to() {
        let conf = read_html(
            "<title>FooNLP</title><header><h1>FooNLP: Third Workshop on Trustworthy NLP</h1>\
             <p>Colocated with the Annual Meeting of the Association for Computational Linguistics (ACL 2023)</p></header>",
        );
        assert_eq!(conf.acronym.as_deref(), Some("FooNLP"));
        assert_eq!(conf.year, Some(2023));
        assert_eq!(conf.host, Some(("ACL".to_string(), Some(2023))));
    }

    #[test]
    fn prose_names_the_host_and_the_workshop_names_itself() {
        // "… Workshop at NeurIPS 2022" in prose; "the TRL Workshop page".
        let conf = read_html(
            "<h1>Call for Papers</h1><p>The footer should state \"Table Representation Learning Workshop at NeurIPS 2022\".</p>\
             <p>Submit through the TRL Workshop page on OpenReview.</p>",
        );
        assert_eq!(conf.host, Some(("NeurIPS".to_string(), Some(2022))));
        assert_eq!(conf.acronym.as_deref(), Some("TRL"));
        // The host spelled out, its edition in brackets; a workshop whose
        // proceedings take the papers is not this one.
        let conf = read_html(
            "<h1>Call for Papers</h1><p>We invite submissions to the 2nd Quantum Stability (StableQ) workshop, \
             jointly held at the IEEE/ACM International Symposium on Microarchitecture (MICRO 2024).</p>\
             <p>Papers go to the Deep Models (DGM4X) workshop proceedings.</p>",
        );
        assert_eq!(conf.host, Some(("MICRO".to_string(), Some(2024))));
        assert_eq!(conf.acronym.as_deref(), Some("StableQ"));
        // "Workshop @ NeurIPS 2026" in prose; the host's template and
        // author kit name the host, not this workshop.
        let conf = read_html(
            "<h1>Call for Papers</h1><p>The **Foo Bar Workshop @ NeurIPS 2026** invites submissions.</p>",
        );
        assert_eq!(conf.host, Some(("NeurIPS".to_string(), Some(2026))));
        assert_ne!(conf.acronym.as_deref(), Some("NeurIPS"));
        let conf = read_html(
            "<h2>Important dates</h2><p>This workshop welcomes papers.</p>\
             <p>Use the CVPR 2022 author kit.</p><p>Papers follow the CVPR 2022 paper template.</p>\
             <p>Dual submission to ROSE 2022 and elsewhere is allowed.</p>",
        );
        assert_eq!(conf.acronym.as_deref(), Some("ROSE"));
    }

    #[test]
    fn the_site_part_of_a_title_gives_the_acronym() {
        assert_eq!(
            read_html("<title>Calls | DINPS 22</title><p>Submission: May 1, 2022</p>")
                .acronym
                .as_deref(),
            Some("DINPS")
        );
        assert_eq!(
            read_html("<title>Call for Papers - CANOPIE-HPC</title>")
                .acronym
                .as_deref(),
            Some("CANOPIE-HPC")
        );
        assert_eq!(read_html("<title>Important Dates</title>").acronym, None);
    }

    #[test]
    fn a_call_without_headings_is_the_workshop_its_prose_names() {
        let conf = read_html(
            "<p>The 2014 Scheme and Functional Programming Workshop is calling for submissions.</p>",
        );
        assert!(conf.workshop);
        // Headings that call the event a conference keep it one.
        let conf = read_html(
            "<h1>The Foo Conference 2014</h1><p>The Bar Workshop on Baz is calling for papers.</p>",
        );
        assert!(!conf.workshop);
    }
}
