//! What a label means: the kind of a date, whether a heading opens a dates
//! section, whether a sentence states a page-wide time rule.

use std::sync::LazyLock;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::{pattern, words};

use crate::kind::DeadlineKind;

static RULE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)deadline|all times|all dates|time ?zone|times are|dates are|due at|due by")
        .expect("static regex")
});

static METADATA_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)©|\(c\) 20|copyright (?:20|19|\(c\))|all rights reserved|last updated|last modified|page updated|updated on|posted on|published on|last edited|updated:?\s+(?:on\s+)?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{4}-\d\d-\d\dT\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d:(?:[0-4]\d|5[0-8])")
        .expect("static regex")
});

/// How sure the classification is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Confidence {
    /// Only the fallback applied.
    Guess,
    /// A keyword that usually means the kind.
    Clear,
}

/// A case-insensitive pattern for any of `words` (a literal alternation).
fn any_of(words: &[&str]) -> String {
    let pattern = words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    format!("(?i)(?:{pattern})")
}

/// Keyword families, in the order of [`KEYWORDS`]'s patterns.
#[derive(Clone, Copy)]
#[repr(usize)]
enum Family {
    Event,
    Camera,
    Notification,
    Rebuttal,
    Other,
    OtherWord,
    Supplementary,
    AbstractWord,
    Registration,
    NotRegistration,
    Submission,
    Workshop,
    Tutorial,
    Conference,
}

/// Every keyword with its families: one Aho-Corasick scan of the lower-cased
/// label finds them all (a regex alternation of ~200 case-insensitive words
/// cost tens of thousands of instructions per label).
struct Keywords {
    matcher: AhoCorasick,
    /// Per pattern: whole word only, and its family bits.
    info: Vec<(bool, u32)>,
}

static KEYWORDS: LazyLock<Keywords> = LazyLock::new(|| {
    let table: &[(Family, bool, &[&'static str])] = &[
        (
            Family::Event,
            false,
            &[
                "take place",
                "takes place",
                "took place",
                "will be held",
                // French, Spanish, Portuguese, German:
                "aura lieu",
                "se déroul",
                "tendrá lugar",
                "se celebrará",
                "se llevará a cabo",
                "se llevarán a cabo",
                "será realizad",
                "findet",
                "held in",
                "held on",
                "held at",
                "is held",
                "be held",
            ],
        ),
        (
            Family::Camera,
            false,
            &[
                "camera",
                "final version",
                "final manuscript",
                "publication-ready",
                "final paper due",
                "final papers due",
                "final papers",
                "final paper version",
                // "Revisions of accepted papers due": their final form.
                "revisions of accepted",
                "revision of accepted",
                "final submission",
                // German, French, Spanish, Italian, Portuguese:
                "endfassung",
                "finale version",
                "finalen version",
                "endversion",
                "final file",
                "完稿",
                "定稿",
                "最终版",
                "最終版",
                "endbeitr",
                "druckfertig",
                "version finale",
                "versión final",
                "versione finale",
                "versão final",
                "définitive",
                "prête à",
                "prêt à",
                "caméra",
            ],
        ),
        (
            Family::Notification,
            false,
            &[
                "notification",
                "notify",
                "notified",
                "acceptance",
                "decision",
                "accept/reject",
                "results announced",
                "announcement of accept",
                "reviews released",
                "author notif",
                // "We plan to respond to all submissions by", "Authors
                // will hear back by": the decision, in plain words.
                "respond to all",
                "respond to submissions",
                "respond to proposals",
                "hear back",
                "benachrichtigung",
                "nachricht über",
                "rückmeldung",
                "entscheidung",
                "zusage",
                "通知",
                "annahme",
                "notificación",
                "aceptación",
                "notifica",
                "accettazione",
                "notificação",
                "aceitação",
            ],
        ),
        (
            Family::Rebuttal,
            false,
            &[
                "rebuttal",
                "respond to review",
                "author response",
                "response period",
                "discussion period",
                "author feedback",
                "author discussion",
            ],
        ),
        (
            Family::Other,
            false,
            &[
                "review deadline",
                "reviews due",
                "reviewer",
                "review period",
                "bidding",
                "withdraw",
                "anonymity",
                "hotel",
                "cancel",
                "call for",
                "announcement",
                "announced",
                "made available",
                "available",
                "evaluation",
                "évaluation",
                "valutazione",
                "evaluación",
                "avaliação",
                "messa a disposizione",
                "mis à disposition",
                "disponible",
                "disponibile",
                "disponível",
                "slides",
                "description",
                "course material",
                "reception",
                "banquet",
                "dinner",
                "excursion",
                "visa",
                "scholarship",
                "volunteer",
                "award",
                "mentor",
                "template",
                "copyright",
                "shepherd",
                "revision",
                "site open",
                "submission open",
                "submissions open",
                "submission start",
                "submissions start",
                "submission begin",
                "submissions begin",
                "opens",
                "open for",
                "will open",
                "open on",
                "co-located",
                "colocated",
                "collocated",
                "back-to-back",
                "video",
                "recording",
                "poster printing",
                "doctoral consortium will",
                "challenge will",
                "challenge 20",
                "leaderboard",
                "test data",
                "system response",
                "system output",
                "system run",
                "results submission",
                "result submission",
                "submission of results",
                "training data",
                "data release",
                "dataset release",
                "publication online",
                "published online",
                "online publication",
                "proceedings published",
                "proceedings available",
                "proceedings online",
            ],
        ),
        (
            Family::OtherWord,
            true,
            &[
                "sources",
                "deadline for reviews",
                "reviews deadline",
                "grant",
                "grants",
                "opening",
                "ouverture",
                "apertura",
                "abertura",
                "freischaltung",
            ],
        ),
        (Family::Supplementary, false, &["supplementa"]),
        // Chinese has no spaces between words: these match inside a label.
        (Family::AbstractWord, false, &["摘要", "提要"]),
        (
            Family::AbstractWord,
            true,
            &[
                "abstract",
                "abstracts",
                "kurzfassung",
                "kurzfassungen",
                "résumé",
                "resumen",
                "resumo",
                "paper registration",
                "title registration",
                "registro de trabalho",
                "registro do trabalho",
                "submission registration",
                "artifact registration",
                "contest registration",
            ],
        ),
        (
            Family::Registration,
            false,
            &[
                "registration",
                "register",
                // An early-bird rate is always a registration's.
                "early bird",
                "early-bird",
                "earlybird",
                "anmeldung",
                "registrierung",
                "inscription",
                "inscripción",
                "iscrizione",
                "registrazione",
                "inscrição",
            ],
        ),
        (
            Family::NotRegistration,
            false,
            &[
                "paper registration",
                "submission registration",
                "artifact registration",
                "contest registration",
            ],
        ),
        (
            Family::Submission,
            false,
            &[
                "submission",
                "submit",
                "paper",
                "proposal",
                "deadline",
                "due",
                "commitment",
                "application",
                "manuscript",
                "contribution",
                "entries",
                "artifact",
                "artefact",
                // Read whole, so that "evaluation" alone (an other date)
                // does not count.
                "artifact evaluation",
                "artefact evaluation",
                "einreichung",
                "invio",
                "sottomissione",
                "contributi",
                "einsendeschluss",
                "einsendung",
                "截止",
                "投稿",
                "abgabe",
                "soumission",
                "date limite",
                "envío",
                "fecha límite",
                "fecha limite",
                "recepción de",
                "sottomissione",
                "scadenza",
                "submissão",
                "prazo",
            ],
        ),
        (Family::Workshop, false, &["workshop", "atelier", "taller"]),
        (Family::Tutorial, false, &["tutorial"]),
        (
            Family::Conference,
            false,
            &[
                "conference",
                "symposium",
                "main event",
                "congress",
                "main program",
                "program",
                "event dates",
                "konferenz",
                "tagung",
                "summer school",
                "winter school",
                "spring school",
                "autumn school",
                "會期",
                "会期",
                "會議",
                "会议",
                "conférence",
                "colloque",
                "conferencia",
                "congreso",
                "convegno",
                "conferenza",
                "conferência",
                "realização do evento",
                "evento",
                "days",
            ],
        ),
    ];
    let mut families: HashMap<&'static str, u32> = HashMap::new();
    let mut words: Vec<(&'static str, bool)> = Vec::new();
    for (family, whole_word, list) in table {
        for word in *list {
            let bits = families.entry(word).or_insert(0);
            if *bits == 0 {
                words.push((word, *whole_word));
            }
            *bits |= 1 << (*family as u32);
        }
    }
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(words.iter().map(|(w, _)| w))
        .expect("static keywords");
    let info = words
        .iter()
        .map(|(w, whole)| (*whole, families.get(w).copied().unwrap_or(0)))
        .collect();
    Keywords { matcher, info }
});

/// An ASCII word byte, as `(?-u:\b)` sees it (other bytes are not).
fn is_word_byte(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// The family bits of the keywords in `label`, read left to right without
/// overlap, the longest keyword at each start (whole words only where
/// marked): the leftmost-longest reading of the keyword list.
fn keyword_families(label: &str) -> u32 {
    let keywords = &*KEYWORDS;
    let lower = if label.is_ascii() {
        label.to_ascii_lowercase()
    } else {
        // Text copied from a PDF keeps its ligatures ("Notiﬁcation").
        label
            .to_lowercase()
            .replace('ﬁ', "fi")
            .replace('ﬂ', "fl")
            .replace('ﬀ', "ff")
    };
    let bytes = lower.as_bytes();
    let boundary = |i: usize| {
        is_word_byte(i.checked_sub(1).and_then(|p| bytes.get(p))) != is_word_byte(bytes.get(i))
    };
    let mut hits: Vec<(usize, usize, u32)> = keywords
        .matcher
        .find_overlapping_iter(&lower)
        .filter_map(|m| {
            let (whole, bits) = keywords.info.get(m.pattern().as_usize()).copied()?;
            (!whole || boundary(m.start()) && boundary(m.end())).then_some((
                m.start(),
                m.end(),
                bits,
            ))
        })
        .collect();
    hits.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut found = 0;
    let mut from = 0;
    for (start, end, bits) in hits {
        if start >= from {
            found |= bits;
            from = end;
        }
    }
    found
}

/// True when a lower-case label announces an event ("will take place",
/// "is held"): its date is the event's, whatever the rest of the line says.
pub(crate) fn says_event(lower: &str) -> bool {
    lower.contains("held") || keyword_families(lower) & (1 << (Family::Event as u32)) != 0
}

/// The kind a label names, and how clearly.
pub(crate) fn classify(label: &str) -> (DeadlineKind, Confidence) {
    // "Deadline for proposals for talks, … and travel scholarships": what
    // the deadline is for comes first and decides.
    if let Some(head) = deadline_for(label) {
        let (kind, confidence) = classify_words(head);
        if confidence == Confidence::Clear {
            return (kind, confidence);
        }
    }
    let (kind, confidence) = classify_words(label);
    // "Abstract & paper submission deadline": one deadline for both is the
    // paper's.
    if kind == DeadlineKind::Abstract && names_abstract_and_paper(label) {
        return (DeadlineKind::Submission, Confidence::Clear);
    }
    // "Submission of two-page abstract and video": what is submitted may
    // name other things, but a submission it is.
    if kind == DeadlineKind::Other && starts_with_ci(label.trim_start(), "submission of ") {
        return (DeadlineKind::Submission, Confidence::Clear);
    }
    (kind, confidence)
}

/// "Abstract & paper", "abstract and full paper", "abstracts/papers".
fn names_abstract_and_paper(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    let Some(at) = lower.find("abstract") else {
        return false;
    };
    let rest = lower[at + "abstract".len()..]
        .trim_start_matches('s')
        .trim_start();
    let rest = ["&", "and", "/", "+"]
        .iter()
        .find_map(|joiner| rest.strip_prefix(joiner))
        .map(str::trim_start);
    rest.is_some_and(|r| r.starts_with("paper") || r.starts_with("full paper"))
}

/// True when `text` starts with the ASCII `prefix`, ignoring case.
fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// The thing a label that opens "Deadline for …" names, up to the first
/// comma: "Deadline for proposals for talks, workshops" gives "proposals
/// for talks".
fn deadline_for(label: &str) -> Option<&str> {
    let trimmed = label.trim_start();
    let opener = [
        "deadline for ",
        "deadline of ",
        "due date for ",
        "date limite de ",
        "date limite pour ",
    ]
    .into_iter()
    .find(|o| starts_with_ci(trimmed, o))?;
    let rest = &trimmed[opener.len()..];
    Some(rest.split([',', ';', ':', '(']).next().unwrap_or(rest))
}

/// Keyword families of `label` when a qualifier in brackets does not
/// count against the words outside it: "submission deadline (both research
/// and system description papers)" is a submission, though "description"
/// alone names another date.
fn families_outside_qualifiers(label: &str) -> u32 {
    let found = keyword_families(label);
    if found & OTHER_FAMILIES == 0 || !label.contains('(') {
        return found;
    }
    let outer = keyword_families(&words::outside_brackets(label));
    if outer != 0 && outer & OTHER_FAMILIES == 0 {
        found & !OTHER_FAMILIES
    } else {
        found
    }
}

/// The families that make a date some "other" date.
const OTHER_FAMILIES: u32 = (1 << Family::Other as u32) | (1 << Family::OtherWord as u32);

/// The kind the keywords of `label` name, and how clearly.
fn classify_words(label: &str) -> (DeadlineKind, Confidence) {
    let found = families_outside_qualifiers(label);
    let has = |family: Family| found & (1 << (family as u32)) != 0;
    let clear = |kind| (kind, Confidence::Clear);
    let event_words = has(Family::Event);
    if has(Family::Camera) {
        return clear(DeadlineKind::CameraReady);
    }
    if has(Family::Notification) {
        return clear(DeadlineKind::Notification);
    }
    if has(Family::Rebuttal) {
        return clear(DeadlineKind::Rebuttal);
    }
    if has(Family::Supplementary) {
        return clear(DeadlineKind::Supplementary);
    }
    if (has(Family::Other) || has(Family::OtherWord)) && !event_words {
        return clear(DeadlineKind::Other);
    }
    if has(Family::AbstractWord) {
        return clear(DeadlineKind::Abstract);
    }
    if has(Family::Registration) && !has(Family::NotRegistration) {
        return clear(DeadlineKind::Registration);
    }
    if event_words {
        if has(Family::Workshop) && !has(Family::Conference) {
            return clear(DeadlineKind::Workshop);
        }
        return (DeadlineKind::Conference, Confidence::Guess);
    }
    if has(Family::Submission) {
        return clear(DeadlineKind::Submission);
    }
    if has(Family::Workshop) {
        return clear(DeadlineKind::Workshop);
    }
    if has(Family::Tutorial) {
        return clear(DeadlineKind::Tutorial);
    }
    if has(Family::Conference) {
        return clear(DeadlineKind::Conference);
    }
    (DeadlineKind::Other, Confidence::Guess)
}

static DATES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)(?-u:\b)(?:dates?|deadlines?|cfp|termine|fristen|fechas|datas|scadenze)(?-u:\b)|timeline|call for|schedule|calendar|wichtige daten")
        .expect("static regex")
});

static EXCLUDED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&any_of(&[
        "news",
        "update",
        "announcement",
        "past ",
        "previous",
        "archive",
        "history",
        "blog",
        "sponsor",
        "committee",
        "organiz",
        "organis",
        "accepted paper",
        "keynote",
        "speaker",
        "contact",
        "venue",
        "accommodation",
        "travel",
    ]))
    .expect("static regex")
});

/// True for a heading that opens a section of important dates.
pub(crate) fn is_dates_heading(text: &str) -> bool {
    text.len() <= 80 && DATES_HEADING.is_match(text)
}

/// True for a heading that names dates or deadlines and nothing wider
/// ("Important Dates", "Deadlines"; not "Call for Papers").
pub(crate) fn is_dates_only_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.len() <= 80
        && (lower.contains("date") || lower.contains("deadline"))
        && !lower.contains("call for")
}

/// True for a heading whose section holds no deadlines of this conference.
pub(crate) fn is_excluded_heading(text: &str) -> bool {
    EXCLUDED_HEADING.is_match(text) && !TRAVEL_AWARD.is_match(text)
}

/// "Travel awards", "Travel grants": a call of its own, with deadlines
/// (unlike "Travel", the way to the venue).
static TRAVEL_AWARD: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)travel\s+(?:award|grant|support|fellowship|scholarship)")
        .expect("static regex")
});

static PAST_EDITION: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(&any_of(&["past ", "previous", "archive", "history"])).expect("static regex")
});

/// This edition's passed dates: "Past Dates", "Past deadlines".
static PASSED_DATES: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)^\W*past\s+(?:dates|deadlines)\W*$").expect("static regex")
});

/// True for a dates heading of another edition ("Previous editions'
/// dates"): "Important Dates (updated)" or "News and Dates" still hold this
/// one's, and so does "Past Dates" (the ones that have passed).
pub(crate) fn is_other_editions_dates(text: &str) -> bool {
    PAST_EDITION.is_match(text) && !PASSED_DATES.is_match(text)
}

/// True when a line states a page-wide rule for deadline times or zones
/// ("All deadlines are 23:59 AoE", "Submission deadlines are based on PST").
pub(crate) fn is_rule_text(text: &str) -> bool {
    // Rules are short sentences; long paragraphs are not searched.
    text.len() <= 240 && RULE_WORDS.is_match(text)
}

/// A cheap filter for text that may name a time zone: two capitals in a row
/// (UTC, PST), "AoE" or "anywhere", or a digit (UTC offsets, times).
pub(crate) fn might_name_zone(text: &str) -> bool {
    // One pass for the common cases (a digit, two capitals in a row).
    let mut prev_upper = false;
    for &b in text.as_bytes() {
        if b.is_ascii_digit() {
            return true;
        }
        let upper = b.is_ascii_uppercase();
        if upper && prev_upper {
            return true;
        }
        prev_upper = upper;
    }
    ZONE_WORDS.is_match(text)
}

/// The words [`might_name_zone`] looks for once the byte pass found none:
/// one Aho-Corasick scan instead of seven substring searches.
static ZONE_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "AoE", "aoe", "nywhere", "noon", "midnight", " time", " Time",
    ])
    .expect("static words")
});

/// True for page metadata and boilerplate: copyright lines, "last updated",
/// "posted on".
pub(crate) fn is_page_metadata(text: &str) -> bool {
    METADATA_WORDS.is_match(text)
}

/// A short phrase for the track a heading names ("Spring deadline").
pub(crate) fn clean_label(text: &str) -> String {
    let trimmed = text.trim().trim_matches(|c: char| {
        c == ':'
            || c == '|'
            || c == '-'
            || c == '–'
            || c == '—'
            || c == '*'
            || c == ','
            || c == ';'
            || c == '·'
            || c == '•'
            || c.is_whitespace()
    });
    // Drop a dangling "(" left by the date cut, and the weekday of the
    // date that follows ("Submission deadline: Thursday, Sept 22").
    let dangling = |c: char| matches!(c, '(' | '[' | ',' | ';' | ':') || c.is_whitespace();
    let mut trimmed = trimmed.trim_end_matches(dangling);
    if let Some((head, last)) = trimmed.rsplit_once(char::is_whitespace)
        && super::dates::is_weekday_text(last)
    {
        trimmed = head.trim_end_matches(dangling);
    }
    // One pass: words joined by single spaces, at most 200 characters.
    let mut out = String::with_capacity(trimmed.len().min(804));
    let mut chars = 0;
    for word in trimmed.split_whitespace() {
        let space = !out.is_empty();
        for c in space.then_some(' ').into_iter().chain(word.chars()) {
            if chars == 200 {
                out.push('…');
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineKind::*;

    #[test]
    fn kinds_from_labels() {
        let cases = [
            ("Abstract Submission Deadline", Abstract),
            ("Paper titles and abstracts due", Abstract),
            ("Full Paper Submission Deadline", Submission),
            ("Papers", Submission),
            ("Workshop Proposal Due", Submission),
            ("Paper commitment deadline", Submission),
            ("Acceptance Notification", Notification),
            ("Authors will be notified by", Notification),
            ("Final Decisions Released", Notification),
            ("Deadline for reviews", Other),
            ("Notification with reviews", Notification),
            (
                "Commitment deadline for submitting through ARR with reviews",
                Submission,
            ),
            ("Camera-Ready Submission Deadline", CameraReady),
            ("Submission of camera ready copies", CameraReady),
            ("Author response period", Rebuttal),
            ("E-copyright forms completed by authors", Other),
            ("Shepherded submissions due", Other),
            ("Minor revision approval deadline", Other),
            ("Final program available", Other),
            ("Rebuttal Period", Rebuttal),
            ("Supplementary Materials", Supplementary),
            ("Early Bird Registration", Registration),
            ("Early bird (until)", Registration),
            ("Final paper version", CameraReady),
            ("Revisions of accepted papers due", CameraReady),
            ("Scadenza invio dei contributi", Submission),
            ("Scadenza registrazione obbligatoria autori", Registration),
            ("Hotel Registration Deadline", Other),
            ("Freischaltung der Anmeldung zur Tagung", Other),
            ("We plan to respond to all submissions by", Notification),
            ("Authors will hear back by", Notification),
            ("Respond to reviews", Rebuttal),
            ("NIPS deadline to cancel registration", Other),
            ("Review Deadline", Other),
            ("Withdrawal deadline", Other),
            ("Tutorial descriptions due", Other),
            ("First call for workshop papers", Other),
            ("Welcome Reception", Other),
            ("Conference Days", Conference),
            ("NAACL main conference", Conference),
            ("NAACL workshops", Workshop),
            ("Tutorial date", Tutorial),
            ("Workshops & Tutorials", Workshop),
            ("ECAI 2014 will take place on", Conference),
            ("Final Paper Sources", Other),
            ("Paper registration", Abstract),
            ("Supplementary material due", Supplementary),
            ("Resource track papers", Submission),
            // What a deadline is for decides; a qualifier in brackets does not.
            (
                "Deadline for proposals for talks, workshops, early posters, and travel scholarships",
                Submission,
            ),
            ("Deadline for camera-ready papers", CameraReady),
            (
                "submission deadline (both research and system description papers)",
                Submission,
            ),
            ("Tutorial descriptions due (see template)", Other),
            ("system description paper due", Other),
            ("Submission of two-page abstract and video", Submission),
            ("Submission of camera-ready copies", CameraReady),
            ("Artifact registration deadline", Abstract),
            ("System outputs due", Other),
        ];
        for (label, kind) in cases {
            assert_eq!(classify(label).0, kind, "{label}");
        }
    }

    #[test]
    fn kinds_from_labels_in_other_languages() {
        for (label, want) in [
            ("Einreichung von Beiträgen", Submission),
            ("Nachricht über die Annahme", Notification),
            ("Einreichung der Endbeiträge", CameraReady),
            ("Summer School", Conference),
            ("Artifact Evaluation Submission", Submission),
            ("Announcement of accepted papers", Notification),
            ("Reviews released", Notification),
            ("Abstract & paper submission deadline", Submission),
            ("Abstract and full paper due", Submission),
            ("Abstract submission (paper due a week later)", Abstract),
            ("Summer school application deadline", Submission),
            ("提要投交截止日", Abstract),
            ("審查結果通知日", Notification),
            ("論文完稿截止日", CameraReady),
            ("論文投稿截止日", Submission),
            ("Einsendung der Kurzfassung", Abstract),
            ("Rückmeldung an die Autor:innen", Notification),
            ("Abgabe der finalen Version", CameraReady),
            ("Entscheidung über die Annahme", Notification),
            ("Date limite de soumission", Submission),
            ("Fecha límite de envío", Submission),
            ("Notificación de aceptación", Notification),
            ("Versione finale", CameraReady),
            ("Inscrição", Registration),
            ("Conférence", Conference),
            ("data limite para registro de trabalho", Abstract),
            ("realização do evento", Conference),
            ("Ouverture des inscriptions", Other),
            ("Registration will open on", Other),
            ("Paper submission start", Other),
            (
                "Date limite de soumission des versions définitives",
                CameraReady,
            ),
            ("Copie prête à photographier due", CameraReady),
            ("Fin du cycle d'évaluation", Other),
            ("la piattaforma sarà messa a disposizione", Other),
            ("Fecha limite de recepción de trabajos", Submission),
            ("Evento", Conference),
        ] {
            assert_eq!(classify(label), (want, Confidence::Clear), "{label}");
        }
        assert!(is_dates_heading("Termine"));
        assert!(!is_other_editions_dates("Important Dates (updated!)"));
        assert!(is_other_editions_dates("Past important dates"));
        assert!(is_other_editions_dates("Previous editions: dates"));
        assert!(!is_other_editions_dates("Past Dates"));
        assert!(!is_other_editions_dates("Past deadlines:"));
    }

    #[test]
    fn headings() {
        assert!(is_dates_heading("Important Dates"));
        assert!(is_dates_heading("Key Dates and Deadlines"));
        assert!(is_dates_heading("Call for Papers"));
        assert!(is_dates_heading("Timeline"));
        assert!(!is_dates_heading("Topics of Interest"));
        assert!(is_excluded_heading("Latest News"));
        assert!(!is_excluded_heading("Important Dates"));
        assert!(is_excluded_heading("Travel and accommodation"));
        assert!(!is_excluded_heading("Travel awards"));
    }

    #[test]
    fn rules() {
        assert!(is_rule_text("All deadlines are 23:59 AoE"));
        assert!(is_rule_text(
            "Submission deadlines are based on PST time zone."
        ));
        assert!(is_rule_text(
            "(All times are UTC-12, or \"anywhere on earth\")"
        ));
        assert!(!is_rule_text("We have received 273 submissions"));
    }

    #[test]
    fn labels_are_trimmed() {
        assert_eq!(
            clean_label(" Abstract  Submission: "),
            "Abstract Submission"
        );
        assert_eq!(clean_label("Notification ("), "Notification");
        assert_eq!(
            clean_label("Submission deadline: Thursday, "),
            "Submission deadline"
        );
        assert_eq!(clean_label("Thursday"), "Thursday");
        let long = clean_label(&"word ".repeat(100));
        assert_eq!(long.chars().count(), 201);
        assert!(long.ends_with('…'));
        assert_eq!(clean_label(&"ab ".repeat(100)).chars().count(), 201);
        assert_eq!(clean_label(&"ab ".repeat(50)).chars().count(), 149);
    }
}
