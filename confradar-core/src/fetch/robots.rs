//! robots.txt: parsed with `texting_robots`, fetched once per origin and cached.
//!
//! Per RFC 9309: a robots.txt answering 4xx allows everything; 5xx (and 429) means the whole
//! site is disallowed until it answers again, so such an answer is cached only briefly.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use texting_robots::Robot;
use tokio::time::Instant;
use url::Url;

/// How long a robots.txt that was read (or found missing) is trusted (RFC 9309: at most 24 h).
pub(crate) const ROBOTS_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long an unavailable robots.txt (5xx) keeps its site disallowed before it is asked again.
pub(crate) const UNAVAILABLE_TTL: Duration = Duration::from_secs(5 * 60);
/// How much of a robots.txt is read (RFC 9309 asks for at least 500 KiB).
pub(crate) const MAX_ROBOTS_BYTES: u64 = 512 * 1024;
/// How many redirects are followed for robots.txt (RFC 9309: at least five).
pub(crate) const MAX_ROBOTS_REDIRECTS: usize = 5;
/// The longest `Crawl-delay` honoured.
pub(crate) const MAX_CRAWL_DELAY: Duration = Duration::from_secs(30);

/// What one origin's robots.txt says.
pub(crate) enum Rules {
    /// No robots.txt (4xx), or one that could not be parsed: everything is allowed.
    AllowAll,
    /// The parsed rules for our agent.
    Parsed(Box<Robot>),
    /// robots.txt answered this 5xx/429 status: everything is disallowed for now.
    Unavailable {
        /// The status.
        status: u16,
    },
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AllowAll => f.write_str("AllowAll"),
            Self::Parsed(robot) => write!(f, "Parsed(crawl_delay: {:?})", robot.delay),
            Self::Unavailable { status } => write!(f, "Unavailable({status})"),
        }
    }
}

/// The answer for one URL.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Verdict {
    /// Fetch it, waiting at least this long between requests to the host if robots.txt says so.
    Allowed {
        /// The site's `Crawl-delay`, capped at [`MAX_CRAWL_DELAY`].
        crawl_delay: Option<Duration>,
    },
    /// robots.txt forbids it.
    Disallowed,
    /// robots.txt is unavailable with this status.
    Unavailable {
        /// The status.
        status: u16,
    },
}

impl Rules {
    /// Rules from a robots.txt body, for the product token `agent`.
    pub(crate) fn parse(agent: &str, body: &[u8]) -> Self {
        match Robot::new(agent, body) {
            Ok(robot) => Self::Parsed(Box::new(robot)),
            // texting_robots is forgiving; a file it cannot parse at all gives no rules.
            Err(_) => Self::AllowAll,
        }
    }

    /// Rules from a robots.txt that answered `status` without a usable body.
    pub(crate) fn from_status(status: u16) -> Self {
        if status == 429 || status >= 500 {
            Self::Unavailable { status }
        } else {
            Self::AllowAll
        }
    }

    /// How long these rules are trusted.
    pub(crate) fn ttl(&self) -> Duration {
        match self {
            Self::Unavailable { .. } => UNAVAILABLE_TTL,
            Self::AllowAll | Self::Parsed(_) => ROBOTS_TTL,
        }
    }

    /// Whether `url` may be fetched.
    pub(crate) fn verdict(&self, url: &Url) -> Verdict {
        match self {
            Self::AllowAll => Verdict::Allowed { crawl_delay: None },
            Self::Unavailable { status } => Verdict::Unavailable { status: *status },
            Self::Parsed(robot) => {
                if robot.allowed(url.as_str()) {
                    let crawl_delay = robot
                        .delay
                        .filter(|d| d.is_finite() && *d > 0.0)
                        .map(|d| Duration::from_secs_f32(d.min(MAX_CRAWL_DELAY.as_secs_f32())));
                    Verdict::Allowed { crawl_delay }
                } else {
                    Verdict::Disallowed
                }
            }
        }
    }
}

/// Cached rules, and until when they hold.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) rules: Rules,
    pub(crate) expires: Instant,
}

/// One slot per origin; the first request to an origin fetches robots.txt while holding the
/// slot, so it is fetched once however many requests arrive together.
pub(crate) type Slot = Arc<tokio::sync::Mutex<Option<Entry>>>;

/// robots.txt rules per origin.
#[derive(Debug, Default)]
pub(crate) struct RobotsCache {
    origins: Mutex<HashMap<String, Slot>>,
}

impl RobotsCache {
    /// The slot of `url`'s origin.
    pub(crate) fn slot(&self, url: &Url) -> Slot {
        let key = url.origin().ascii_serialization();
        let mut origins = self
            .origins
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(origins.entry(key).or_default())
    }
}

/// `scheme://host:port/robots.txt` of `url`, without credentials.
pub(crate) fn robots_url(url: &Url) -> Url {
    let mut robots = url.clone();
    robots.set_path("/robots.txt");
    robots.set_query(None);
    robots.set_fragment(None);
    let _ = robots.set_username("");
    let _ = robots.set_password(None);
    robots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("valid url")
    }

    #[test]
    fn parsed_rules_for_our_agent() {
        let txt = b"User-agent: *\nDisallow: /private\n\nUser-agent: ConfRadar\nDisallow: /no-radar\nCrawl-delay: 2\n";
        let rules = Rules::parse("ConfRadar", txt);
        assert_eq!(
            rules.verdict(&url("http://h/private")),
            Verdict::Allowed {
                crawl_delay: Some(Duration::from_secs(2))
            },
            "our own group replaces the * group"
        );
        assert_eq!(
            rules.verdict(&url("http://h/no-radar/cfp")),
            Verdict::Disallowed
        );
        let other = Rules::parse("OtherBot", txt);
        assert_eq!(other.verdict(&url("http://h/private")), Verdict::Disallowed);
    }

    #[test]
    fn status_rules_follow_rfc_9309() {
        assert!(matches!(Rules::from_status(404), Rules::AllowAll));
        assert!(matches!(Rules::from_status(403), Rules::AllowAll));
        assert!(matches!(
            Rules::from_status(503),
            Rules::Unavailable { status: 503 }
        ));
        assert!(matches!(
            Rules::from_status(429),
            Rules::Unavailable { status: 429 }
        ));
        assert_eq!(Rules::from_status(500).ttl(), UNAVAILABLE_TTL);
    }

    #[test]
    fn robots_url_drops_path_query_and_credentials() {
        assert_eq!(
            robots_url(&url("https://u:p@example.org:8443/a/b?c=d#e")).as_str(),
            "https://example.org:8443/robots.txt"
        );
    }
}
