//! The kinds of dates a CFP page announces.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a date on a CFP page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Abstract registration deadline.
    Abstract,
    /// Full paper (or proposal) submission deadline.
    Submission,
    /// Supplementary material deadline.
    Supplementary,
    /// Author response / rebuttal period.
    Rebuttal,
    /// Notification of acceptance.
    Notification,
    /// Camera-ready (final version) deadline.
    CameraReady,
    /// Registration deadline (authors or early bird).
    Registration,
    /// The conference itself.
    Conference,
    /// Workshop days.
    Workshop,
    /// Tutorial days.
    Tutorial,
    /// Anything else worth knowing (reviewer deadlines, openings, …).
    Other,
}

impl DeadlineKind {
    /// Every kind, in the order a CFP usually lists them.
    pub const ALL: [DeadlineKind; 11] = [
        Self::Abstract,
        Self::Submission,
        Self::Supplementary,
        Self::Rebuttal,
        Self::Notification,
        Self::CameraReady,
        Self::Registration,
        Self::Conference,
        Self::Workshop,
        Self::Tutorial,
        Self::Other,
    ];

    /// The stable name stored in the database and printed in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Abstract => "abstract",
            Self::Submission => "submission",
            Self::Supplementary => "supplementary",
            Self::Rebuttal => "rebuttal",
            Self::Notification => "notification",
            Self::CameraReady => "camera_ready",
            Self::Registration => "registration",
            Self::Conference => "conference",
            Self::Workshop => "workshop",
            Self::Tutorial => "tutorial",
            Self::Other => "other",
        }
    }

    /// True for dates something must be handed in by (as opposed to
    /// notifications and event days). Page-wide rules such as "all deadlines
    /// are 23:59 AoE" apply to these only.
    pub fn is_deadline(self) -> bool {
        matches!(
            self,
            Self::Abstract
                | Self::Submission
                | Self::Supplementary
                | Self::Rebuttal
                | Self::CameraReady
                | Self::Registration
                | Self::Other
        )
    }
}

impl fmt::Display for DeadlineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a kind name that is not one of [`DeadlineKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown deadline kind '{0}': expected one of abstract, submission, supplementary, rebuttal, notification, camera_ready, registration, conference, workshop, tutorial, other"
)]
pub struct UnknownKind(pub String);

impl FromStr for DeadlineKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == wanted)
            .or(match wanted.as_str() {
                "camera" | "cameraready" | "final" => Some(Self::CameraReady),
                "paper" | "deadline" => Some(Self::Submission),
                _ => None,
            })
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for kind in DeadlineKind::ALL {
            assert_eq!(kind.as_str().parse::<DeadlineKind>(), Ok(kind));
        }
    }

    #[test]
    fn unknown_kind_names_the_allowed_ones() {
        let err = "deadlinez".parse::<DeadlineKind>().unwrap_err();
        assert!(err.to_string().contains("camera_ready"));
    }
}
