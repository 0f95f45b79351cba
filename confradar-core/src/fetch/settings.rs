//! [`FetchSettings`]: how politely and how patiently ConfRadar fetches pages.

use serde::{Deserialize, Serialize};

/// The project's address, named in the default User-Agent so site owners can find out who we are.
pub const PROJECT_URL: &str = env!("CARGO_PKG_REPOSITORY");

/// The default User-Agent: `ConfRadar/<version> (+<project url>)`.
#[must_use]
pub fn default_user_agent() -> String {
    format!("ConfRadar/{} (+{PROJECT_URL})", env!("CARGO_PKG_VERSION"))
}

/// Settings of the [`Fetcher`](super::Fetcher).
///
/// Every field has a sensible default (see [`FetchSettings::default`]), so a configuration file
/// only names what it changes (`#[serde(default)]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FetchSettings {
    /// The User-Agent header sent with every request. Its product token (the part before the
    /// first `/`) is also the agent name that robots.txt groups are matched against.
    pub user_agent: String,
    /// How long to wait for a TCP/TLS connection, in seconds.
    pub connect_timeout_secs: u64,
    /// How long the server may stay silent (before the headers, or between two pieces of the
    /// body), in seconds.
    pub read_timeout_secs: u64,
    /// The most one attempt at a page may take, headers and body together, in seconds: a
    /// server that trickles bytes cannot hold a worker longer than this. Waiting for a turn
    /// at the host (politeness) does not count.
    pub page_timeout_secs: u64,
    /// The slowest body transfer accepted, in bytes per second, averaged from the moment
    /// the headers arrive; checked once the body has been read for
    /// [`SLOW_TRANSFER_GRACE`](super::SLOW_TRANSFER_GRACE). 0 turns the check off.
    pub min_bytes_per_sec: u64,
    /// How many redirects are followed before giving up.
    pub max_redirects: usize,
    /// The largest body accepted, in bytes (after decompression). Larger bodies are cut off
    /// while streaming and give [`FetchError::TooLarge`](super::FetchError::TooLarge).
    pub max_body_bytes: u64,
    /// How many times a failed request is retried (timeouts, connection errors, 5xx, 429, 408).
    pub max_retries: u32,
    /// The first retry waits this long, in milliseconds; each further retry waits twice as long
    /// (capped at 30 s). A longer `Retry-After` from the server wins, up to 120 s.
    pub retry_base_delay_ms: u64,
    /// The least time between the end of one request to a host (host and port) and the start
    /// of the next, in milliseconds; requests to one host are never in flight at the same
    /// time. A longer `Crawl-delay` in the site's robots.txt wins (up to 30 s).
    pub per_host_delay_ms: u64,
    /// How many requests may be in flight at once, across all hosts. Must be at least 1.
    pub concurrency: usize,
    /// Whether robots.txt is fetched and obeyed. Leave it on for sites you do not own.
    pub respect_robots_txt: bool,
}

impl Default for FetchSettings {
    /// 10 s connect, 15 s read, 30 s per attempt, at least 512 bytes/s, 10 redirects, 10 MiB,
    /// 3 retries from 500 ms, 1 s between requests to one host, 8 requests at once,
    /// robots.txt obeyed.
    fn default() -> Self {
        Self {
            user_agent: default_user_agent(),
            connect_timeout_secs: 10,
            read_timeout_secs: 15,
            page_timeout_secs: 30,
            min_bytes_per_sec: 512,
            max_redirects: 10,
            max_body_bytes: 10 * 1024 * 1024,
            max_retries: 3,
            retry_base_delay_ms: 500,
            per_host_delay_ms: 1000,
            concurrency: 8,
            respect_robots_txt: true,
        }
    }
}

impl FetchSettings {
    /// The robots.txt product token: the User-Agent up to its first `/` or space
    /// (`ConfRadar` for the default).
    #[must_use]
    pub fn robots_agent(&self) -> &str {
        let ua = self.user_agent.trim();
        let end = ua.find(['/', ' ']).unwrap_or(ua.len());
        let token = &ua[..end];
        if token.is_empty() { "ConfRadar" } else { token }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_user_agent_is_honest() {
        let s = FetchSettings::default();
        assert!(s.user_agent.starts_with("ConfRadar/"));
        assert!(s.user_agent.contains("(+https://"));
        assert_eq!(s.robots_agent(), "ConfRadar");
    }

    #[test]
    fn missing_fields_take_defaults() {
        let s: FetchSettings =
            serde_json::from_str(r#"{"per_host_delay_ms": 50}"#).expect("valid json");
        assert_eq!(s.per_host_delay_ms, 50);
        assert_eq!(s.concurrency, FetchSettings::default().concurrency);
    }

    #[test]
    fn robots_agent_of_custom_user_agent() {
        let s = FetchSettings {
            user_agent: "MyBot 1.0".into(),
            ..FetchSettings::default()
        };
        assert_eq!(s.robots_agent(), "MyBot");
        let s = FetchSettings {
            user_agent: "  ".into(),
            ..FetchSettings::default()
        };
        assert_eq!(s.robots_agent(), "ConfRadar");
    }
}
