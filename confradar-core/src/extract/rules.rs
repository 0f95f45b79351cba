//! Page-wide rules: "All deadlines are 11:59 PM AoE", "Submission deadlines
//! are based on PST", a dates heading that names a zone ("Important Dates
//! (AoE)"). A rule gives deadlines their missing time and zone; it never
//! touches notifications or event dates.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use chrono::NaiveTime;
use regex::Regex;

use super::dates;
use super::pattern;
use crate::kind::DeadlineKind;

/// Words that make a sentence about times a rule (weak: enough when the
/// sentence holds no date).
static RULE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)deadline|all times|all dates|time ?zone|times are|dates are|due at|due by|received by|anywhere on earth")
        .expect("static regex")
});

/// Words that make a sentence a rule even next to a date ("All deadlines,
/// e.g. May 1, are 23:59 AoE"): it speaks of every deadline, not one.
static GENERAL_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)(?-u:\b)(?:all|every|each)(?-u:\b)[^.]{0,40}(?-u:\b)(?:deadlines?|dates|times|submissions)(?-u:\b)|unless (?:otherwise|stated|noted)|(?:deadlines|times|dates) (?:are|refer|use)(?-u:\b)")
        .expect("static regex")
});

/// A word that every match of [`RULE_WORDS`] or [`GENERAL_WORDS`] holds.
static RULE_HINT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "deadline",
            "time",
            "date",
            "due",
            "received",
            "anywhere",
            "unless",
            "submission",
        ])
        .expect("static words")
});

/// A rule limited to submissions ("All submission deadlines are …").
static SUBMISSIONS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"(?i)(?-u:\b)all (?:(?:paper|submission|abstract)s? )+deadlines")
        .expect("static regex")
});

/// The time and zone a page gives its deadlines.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Rule {
    pub time: Option<NaiveTime>,
    pub zone: Option<String>,
    /// Only abstract, paper and supplementary deadlines.
    pub submissions_only: bool,
}

impl Rule {
    /// Takes what this rule lacks from a later one.
    pub fn merge(&mut self, later: Rule) {
        if self.time.is_none() && self.zone.is_none() {
            self.submissions_only = later.submissions_only;
        }
        self.time = self.time.or(later.time);
        if self.zone.is_none() {
            self.zone = later.zone;
        }
    }

    /// True when the rule governs a date of this kind: deadlines only (an
    /// "other" date only when its label says deadline or due), never a range.
    pub fn applies_to(&self, kind: DeadlineKind, says_deadline: bool, is_period: bool) -> bool {
        if !kind.is_deadline() || is_period || kind == DeadlineKind::Other && !says_deadline {
            return false;
        }
        !self.submissions_only
            || matches!(
                kind,
                DeadlineKind::Abstract | DeadlineKind::Submission | DeadlineKind::Supplementary
            )
    }
}

/// The rule a line of text states, if any. Long paragraphs are read a
/// sentence at a time; `dates_heading` says the line heads the dates
/// section, where a zone alone is a rule ("Important Dates (AoE)").
pub(crate) fn rule_in(text: &str, dates_heading: bool) -> Option<Rule> {
    // Every rule says so in words (or heads the dates) and names a time or
    // a zone: most lines end here, at the cheaper test first (one literal
    // scan for the words both patterns need before either regex runs).
    let words =
        RULE_HINT.is_match(text) && (RULE_WORDS.is_match(text) || GENERAL_WORDS.is_match(text));
    if !words && !dates_heading {
        return bare_time_and_zone(text);
    }
    if !dates::has_time_or_zone(text) {
        return None;
    }
    let stated = words
        .then(|| sentences(text).find_map(rule_in_sentence))
        .flatten();
    if stated.is_some() || !dates_heading {
        return stated;
    }
    let zone = dates::find_zones(text).into_iter().next()?;
    Some(Rule {
        zone: Some(zone.zone),
        ..Rule::default()
    })
}

/// A line that holds nothing but a time and a zone, perhaps after a
/// footnote mark ("* 23:59 AoE", "(11:59 pm PT)"): the time every deadline
/// above or below it is due.
fn bare_time_and_zone(text: &str) -> Option<Rule> {
    if text.len() > 60 {
        return None;
    }
    let zones = dates::find_zones(text);
    let zone = zones.first()?;
    let times = dates::find_times(text);
    // What is left once the times and zones are blanked (spans may overlap).
    let covered = |at: usize| {
        times.iter().any(|t| t.start <= at && at < t.end)
            || zones.iter().any(|z| z.start <= at && at < z.end)
    };
    let rest: String = text
        .char_indices()
        .map(|(at, c)| if covered(at) { ' ' } else { c })
        .collect();
    let only_marks = rest
        .split(|c: char| !c.is_alphanumeric())
        .all(|word| word.is_empty() || matches!(word.to_lowercase().as_str(), "at" | "by" | "in"));
    only_marks.then(|| Rule {
        time: times.first().map(|t| t.time),
        zone: Some(zone.zone.clone()),
        submissions_only: false,
    })
}

fn rule_in_sentence(sentence: &str) -> Option<Rule> {
    if sentence.len() > 240 {
        return None;
    }
    let times = dates::find_times(sentence);
    let zones = dates::find_zones(sentence);
    if times.is_empty() && zones.is_empty() {
        return None;
    }
    let mut masked: Vec<(usize, usize)> = times
        .iter()
        .map(|t| (t.start, t.end))
        .chain(zones.iter().map(|z| (z.start, z.end)))
        .collect();
    masked.sort_unstable();
    let has_date = dates::may_hold_date(sentence)
        && !dates::find_dates(sentence, &masked, None, &mut Vec::new()).is_empty();
    let is_rule = if has_date {
        GENERAL_WORDS.is_match(sentence)
    } else {
        RULE_WORDS.is_match(sentence) || GENERAL_WORDS.is_match(sentence)
    };
    is_rule.then(|| Rule {
        time: times.first().map(|t| t.time),
        zone: zones.first().map(|z| z.zone.clone()),
        submissions_only: SUBMISSIONS_ONLY.is_match(sentence),
    })
}

/// True when the full stop at byte `i` ends a sentence (". " before a
/// capital, after a plain word of three letters or more).
fn ends_sentence(bytes: &[u8], i: usize) -> bool {
    if bytes.get(i) != Some(&b'.')
        || bytes.get(i + 1) != Some(&b' ')
        || !bytes.get(i + 2).is_some_and(u8::is_ascii_uppercase)
    {
        return false;
    }
    let word = bytes[..i]
        .iter()
        .rev()
        .take_while(|b| !b.is_ascii_whitespace());
    let mut len = 0;
    for b in word {
        if !b.is_ascii_alphabetic() {
            return false;
        }
        len += 1;
    }
    len >= 3
}

/// True when a sentence ends between bytes `a` and `b` of `text` (either
/// order): "May 2, 11:59pm AoE. The conference takes place May 8" keeps the
/// time to the first date.
pub(crate) fn sentence_break_between(text: &str, a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    let bytes = text.as_bytes();
    (lo..hi.min(bytes.len())).any(|i| ends_sentence(bytes, i))
}

/// Splits prose into sentences at ". " before a capital, keeping "p.m. AoE"
/// and "e.g. May" whole (the word before the stop must be a plain word).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut cuts = vec![0];
    cuts.extend(
        (0..bytes.len())
            .filter(|&i| ends_sentence(bytes, i))
            .map(|i| i + 2),
    );
    cuts.push(text.len());
    cuts.windows(2)
        .map(move |w| text.get(w[0]..w[1]).unwrap_or(""))
        .collect::<Vec<_>>()
        .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone_of(text: &str) -> Option<String> {
        rule_in(text, false).and_then(|r| r.zone)
    }

    #[test]
    fn rules_and_not_rules() {
        let cases: &[(&str, Option<&str>)] = &[
            ("All deadlines are 23:59 AoE", Some("AoE")),
            (
                "Submission deadlines are based on PST time zone.",
                Some("PST"),
            ),
            (
                "(All times are UTC-12, or \"anywhere on earth\")",
                Some("UTC-12"),
            ),
            (
                "Papers must be anonymous. All submissions must be received by 11:59 PM AoE (UTC-12) on the day of the deadline. Papers must not overlap.",
                Some("AoE (UTC-12)"),
            ),
            (
                "Deadlines are 23:59 American Samoa time (UTC-11).",
                Some("American Samoa time (UTC-11)"),
            ),
            // A dated entry is not a rule, even with "deadline" in it.
            ("Extended deadline: July 26th, 2023 AoE", None),
            ("We have received 273 submissions", None),
            // A footnote with nothing but a time and a zone.
            ("* 23:59 AoE", Some("AoE")),
            ("(11:59 pm PT)", Some("PT")),
            ("May 1, 2026 23:59 AoE", None),
            ("Meet us at the AoE booth", None),
            // Found by fuzzing: a time and a zone that overlap.
            ("2025-07-15 23:5/ UTC-12", None),
            ("23:59 UTC-12", Some("UTC-12")),
        ];
        for &(text, want) in cases {
            assert_eq!(zone_of(text).as_deref(), want, "{text}");
        }
        assert_eq!(
            rule_in("Important Dates AoE (UTC-12)", true)
                .and_then(|r| r.zone)
                .as_deref(),
            Some("AoE (UTC-12)")
        );
        // A heading may state the whole rule.
        let heading = rule_in("All deadlines are 11.59 pm UTC -12h", true).unwrap_or_default();
        assert_eq!(heading.time, NaiveTime::from_hms_opt(23, 59, 0));
    }

    #[test]
    fn scope_of_a_rule() {
        let all = rule_in("All deadlines are 5pm Pacific Time", false).unwrap_or_default();
        assert_eq!(all.time, NaiveTime::from_hms_opt(17, 0, 0));
        assert!(all.applies_to(DeadlineKind::CameraReady, true, false));
        assert!(!all.applies_to(DeadlineKind::Notification, false, false));
        assert!(!all.applies_to(DeadlineKind::Conference, false, true));
        assert!(!all.applies_to(DeadlineKind::Other, false, false));
        let subs = rule_in("All submission deadlines are 23:59 AoE.", false).unwrap_or_default();
        assert!(subs.applies_to(DeadlineKind::Abstract, true, false));
        assert!(!subs.applies_to(DeadlineKind::CameraReady, true, false));
    }
}
