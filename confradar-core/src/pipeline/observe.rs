//! Turning what extraction read on a page into an [`Observation`] to store.

use regex::Regex;
use std::sync::LazyLock;

use crate::extract::{ExtractedPage, HostEvent};
use crate::kind::DeadlineKind;
use crate::repository::{
    ConferenceKind, Observation, ObservedDeadline, ObservedSource, SeriesFacts,
};

/// "… Workshop at ICML 2025", "co-located with NeurIPS 2025", "held in conjunction with KDD".
static PARENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:co-?located with|in conjunction with|held with|at|@)\s+(?:the\s+)?([A-Z][A-Za-z\-]{1,20}(?:\s*['’]?\d{2,4})?)\b").ok()
});

/// "NeurIPS 2026", the way the store looks a host up.
fn host_hint(host: &HostEvent) -> String {
    match host.year {
        Some(year) => format!("{} {year}", host.acronym.trim()),
        None => host.acronym.trim().to_string(),
    }
}

/// Builds the observation of one page: the conference it describes, its
/// current deadlines (struck, superseded dates left out: the history keeps
/// old values), and the conference's own dates from its `conference` entry.
pub fn observation_from_page(
    page: &ExtractedPage,
    source: ObservedSource,
    series_hint: Option<&str>,
) -> Observation {
    let name = page
        .name
        .clone()
        .or_else(|| page.acronym.clone())
        .unwrap_or_default();
    // Extraction tells a workshop and its host apart; a name that says
    // "workshop" without a recognised host still files the page as one.
    let is_workshop = page.event_kind == ConferenceKind::Workshop
        || name.to_ascii_lowercase().contains("workshop");
    let parent_hint = if is_workshop {
        page.host.as_ref().map(host_hint).or_else(|| {
            PARENT
                .as_ref()
                .and_then(|re| re.captures(&name))
                .map(|c| c[1].trim().to_string())
        })
    } else {
        None
    };
    let current: Vec<_> = page.dates.iter().filter(|d| !d.struck).collect();
    let conference_dates = current.iter().find(|d| d.kind == DeadlineKind::Conference);
    Observation {
        key: None,
        series_hint: series_hint.map(str::to_string),
        name,
        acronym: page.acronym.clone(),
        year: page.year,
        location: page.location.clone(),
        start_date: conference_dates.map(|d| d.date),
        end_date: conference_dates.and_then(|d| d.end_date.or(Some(d.date))),
        homepage: None,
        kind: if is_workshop {
            ConferenceKind::Workshop
        } else {
            ConferenceKind::Conference
        },
        parent_hint,
        source: Some(source),
        deadlines: current
            .into_iter()
            .map(|d| ObservedDeadline {
                kind: d.kind,
                track: d.track.clone(),
                due_date: d.date,
                end_date: d.end_date,
                time: d.time,
                timezone: d.timezone.clone(),
                label: Some(d.label.clone()).filter(|l| !l.is_empty()),
                replaces: None,
            })
            .collect(),
        facts: SeriesFacts::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ExtractedDate;
    use chrono::NaiveDate;

    fn date(kind: DeadlineKind, day: u32, struck: bool) -> ExtractedDate {
        ExtractedDate {
            kind,
            date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap_or_default(),
            end_date: None,
            time: None,
            timezone: Some("AoE".into()),
            struck,
            label: "Paper submission".into(),
            track: None,
        }
    }

    #[test]
    fn struck_dates_are_left_to_the_history() {
        let page = ExtractedPage {
            name: Some("Systems Conference".into()),
            acronym: Some("SYSC".into()),
            year: Some(2026),
            location: None,
            dates: vec![
                date(DeadlineKind::Submission, 1, true),
                date(DeadlineKind::Submission, 8, false),
            ],
            ..Default::default()
        };
        let obs = observation_from_page(&page, ObservedSource::default(), None);
        assert_eq!(obs.deadlines.len(), 1);
        assert_eq!(obs.deadlines[0].due_date.to_string(), "2026-03-08");
    }

    #[test]
    fn an_extracted_host_becomes_the_parent_hint() {
        let page = ExtractedPage {
            name: Some("GraphX: Workshop on Graph Learning".into()),
            acronym: Some("GraphX".into()),
            year: Some(2026),
            event_kind: ConferenceKind::Workshop,
            host: Some(HostEvent {
                acronym: "NeurIPS".into(),
                year: Some(2026),
            }),
            ..Default::default()
        };
        let obs = observation_from_page(&page, ObservedSource::default(), None);
        assert_eq!(obs.kind, ConferenceKind::Workshop);
        assert_eq!(obs.acronym.as_deref(), Some("GraphX"));
        assert_eq!(obs.parent_hint.as_deref(), Some("NeurIPS 2026"));
    }

    #[test]
    fn a_workshop_names_its_parent() {
        let page = ExtractedPage {
            name: Some("Workshop on Efficient Learning at ICML 2026".into()),
            year: Some(2026),
            ..Default::default()
        };
        let obs = observation_from_page(&page, ObservedSource::default(), None);
        assert_eq!(obs.kind, ConferenceKind::Workshop);
        assert_eq!(obs.parent_hint.as_deref(), Some("ICML 2026"));
    }
}
