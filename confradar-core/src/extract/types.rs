//! What extraction returns: the conference a page describes and its dates.
//! The JSON shape is the one `confradar-cli extract --json` prints.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::kind::DeadlineKind;
use crate::repository::ConferenceKind;

/// A conference as one page describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtractedPage {
    /// Full name ("International Conference on Machine Learning"), if stated.
    pub name: Option<String>,
    /// Acronym ("ICML"), if stated.
    pub acronym: Option<String>,
    /// The edition's year.
    pub year: Option<i32>,
    /// Where it takes place.
    pub location: Option<String>,
    /// A conference or a workshop.
    #[serde(default)]
    pub event_kind: ConferenceKind,
    /// For a workshop held at a conference: that conference ("NeurIPS", 2026).
    #[serde(default)]
    pub host: Option<HostEvent>,
    /// Every important date, in page order.
    pub dates: Vec<ExtractedDate>,
}

/// The conference that hosts a workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostEvent {
    /// Its acronym or short name ("NeurIPS").
    pub acronym: String,
    /// Its year, when the page states it.
    pub year: Option<i32>,
}

/// One important date on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedDate {
    /// What the date is for.
    pub kind: DeadlineKind,
    /// The (first) day.
    pub date: NaiveDate,
    /// The last day of a range ("July 27 – August 1").
    pub end_date: Option<NaiveDate>,
    /// Time of day as published, 24 h.
    #[serde(with = "hh_mm")]
    pub time: Option<NaiveTime>,
    /// Time zone exactly as the page writes it (AoE, UTC-12, PST, …).
    pub timezone: Option<String>,
    /// Shown as superseded (struck through, "extended from …").
    pub struck: bool,
    /// The page's own wording for this date.
    pub label: String,
    /// Track or cycle ("Workshop proposals", "Round 2"), when the page has several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
}

/// `HH:MM` (de)serialisation for optional times.
mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match time {
            Some(t) => s.serialize_str(&t.format("%H:%M").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| NaiveTime::parse_from_str(&t, "%H:%M").map_err(serde::de::Error::custom))
            .transpose()
    }
}
