//! [`FetchError`]: why a page could not be fetched, and what to do about it.

use std::time::Duration;

use url::Url;

/// Why a page could not be fetched.
///
/// Every message names the URL (with any `user:password@` removed) and says what to do.
/// For a crawler, [`FetchError::is_retryable`] tells whether a later attempt may succeed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The address is not an absolute `http://` or `https://` URL.
    #[error("invalid URL {url:?}: {reason}; give an absolute http:// or https:// address")]
    InvalidUrl {
        /// The address as given (credentials removed).
        url: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The settings cannot make a working fetcher.
    #[error("invalid fetch settings: {reason}")]
    InvalidSettings {
        /// What is wrong, and the value expected.
        reason: String,
    },

    /// The HTTP client could not be built (for example the TLS backend failed to start).
    #[error("could not start the HTTP client: {source}")]
    Client {
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },

    /// The site's robots.txt does not allow ConfRadar to fetch this page; it was not requested.
    #[error(
        "{robots_url} disallows {url} for ConfRadar, so the page was not fetched; \
         ask the site for a different page, or add the page by saving it to a local file"
    )]
    DisallowedByRobots {
        /// The page (credentials removed).
        url: String,
        /// The robots.txt that forbids it.
        robots_url: String,
    },

    /// The site's robots.txt answered with a server error; per RFC 9309 the whole site counts
    /// as disallowed until it answers again.
    #[error(
        "{robots_url} answered HTTP {status}, so per RFC 9309 the whole site is treated as \
         disallowed for now and {url} was not fetched; it will be tried again later"
    )]
    RobotsUnavailable {
        /// The page (credentials removed).
        url: String,
        /// The robots.txt that could not be read.
        robots_url: String,
        /// Its HTTP status.
        status: u16,
    },

    /// The server answered with an error status (after any retries).
    #[error("{url} answered HTTP {status}{}", http_hint(*status, *retry_after_secs))]
    Http {
        /// The page (credentials removed).
        url: String,
        /// The HTTP status code.
        status: u16,
        /// The server's `Retry-After`, in seconds, when it gave one.
        retry_after_secs: Option<u64>,
    },

    /// The body is larger than [`FetchSettings::max_body_bytes`](super::FetchSettings).
    #[error(
        "{url} is larger than the {limit}-byte limit, so it was not read to the end; \
         raise max_body_bytes if this page really is that large"
    )]
    TooLarge {
        /// The page (credentials removed).
        url: String,
        /// The limit in bytes.
        limit: u64,
    },

    /// The page is neither HTML, Markdown nor plain text.
    #[error(
        "unsupported content type {content_type} at {url}: ConfRadar reads HTML, Markdown and \
         plain text pages; give the address of the HTML call for papers instead"
    )]
    UnsupportedContentType {
        /// The page (credentials removed).
        url: String,
        /// The content type the server sent (or what the body looks like).
        content_type: String,
    },

    /// The server did not answer in time (after any retries).
    #[error(
        "{url} timed out (no answer within {secs} s); the site may be slow or down, \
         try again later or raise the fetch timeouts"
    )]
    Timeout {
        /// The page (credentials removed).
        url: String,
        /// The timeout that ran out, in seconds.
        secs: u64,
    },

    /// One attempt took longer than [`FetchSettings::page_timeout_secs`](super::FetchSettings)
    /// in all (a server that trickles its answer); not retried within the same fetch.
    #[error(
        "{url} took more than {secs} s to send its answer (headers and body together), so it \
         was abandoned; the limit is fetch.page_timeout_secs: raise it in confradar.toml \
         ([fetch] page_timeout_secs = …) or with CONFRADAR_FETCH__PAGE_TIMEOUT_SECS for a \
         site that is slow but sound"
    )]
    PageTimeout {
        /// The page (credentials removed).
        url: String,
        /// The limit, in seconds.
        secs: u64,
    },

    /// The body arrived slower than [`FetchSettings::min_bytes_per_sec`](super::FetchSettings);
    /// not retried within the same fetch.
    #[error(
        "{url} sent its body at {rate} bytes/s, below the minimum of {min} bytes/s, so it was \
         abandoned; the limit is fetch.min_bytes_per_sec: lower it in confradar.toml \
         ([fetch] min_bytes_per_sec = …, 0 turns the check off) or with \
         CONFRADAR_FETCH__MIN_BYTES_PER_SEC"
    )]
    TooSlow {
        /// The page (credentials removed).
        url: String,
        /// The average rate seen, in bytes per second.
        rate: u64,
        /// The minimum, in bytes per second.
        min: u64,
    },

    /// The connection closed before the body was complete: the server promised more
    /// (`Content-Length`) than it sent, or cut the transfer.
    #[error(
        "{url} closed the connection after {received} bytes of a body it promised to be \
         longer (a fault of the site or of the network); it will be tried again later"
    )]
    Truncated {
        /// The page (credentials removed).
        url: String,
        /// How many bytes arrived.
        received: u64,
    },

    /// No connection could be made (after any retries).
    #[error(
        "could not connect to {url}: {source}; check the address, or try again later \
         if the site is down"
    )]
    Connect {
        /// The page (credentials removed).
        url: String,
        /// The underlying error (its own URL removed).
        #[source]
        source: reqwest::Error,
    },

    /// More redirects than [`FetchSettings::max_redirects`](super::FetchSettings), or a
    /// redirect loop.
    #[error(
        "{url} redirected more than {limit} times (a redirect loop?); \
         open it in a browser and track the final address instead"
    )]
    TooManyRedirects {
        /// The page first asked for (credentials removed).
        url: String,
        /// The redirect limit.
        limit: usize,
    },

    /// Any other transfer error (a connection cut mid-body, a broken gzip stream, ...).
    #[error("fetching {url} failed: {source}")]
    Other {
        /// The page (credentials removed).
        url: String,
        /// The underlying error (its own URL removed).
        #[source]
        source: reqwest::Error,
    },
}

fn http_hint(status: u16, retry_after: Option<u64>) -> String {
    match status {
        404 | 410 => "; the page is gone: update or remove this source's URL".to_owned(),
        401 | 403 => "; the site refuses access to ConfRadar".to_owned(),
        429 => match retry_after {
            Some(secs) => {
                format!("; the site asks us to slow down and come back in {secs} s")
            }
            None => "; the site asks us to slow down: try again later".to_owned(),
        },
        500..=599 => "; the site has a server error: try again later".to_owned(),
        _ => String::new(),
    }
}

impl FetchError {
    /// Whether trying the same URL again later may succeed: timeouts, connection errors,
    /// 408/429/5xx statuses, an unavailable robots.txt and connections cut mid-transfer.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout { .. }
            | Self::PageTimeout { .. }
            | Self::TooSlow { .. }
            | Self::Truncated { .. }
            | Self::Connect { .. }
            | Self::RobotsUnavailable { .. } => true,
            Self::Http { status, .. } => is_retryable_status(*status),
            Self::Other { source, .. } => {
                (source.is_request() || source.is_body()) && !source.is_decode()
            }
            Self::InvalidUrl { .. }
            | Self::InvalidSettings { .. }
            | Self::Client { .. }
            | Self::DisallowedByRobots { .. }
            | Self::TooLarge { .. }
            | Self::UnsupportedContentType { .. }
            | Self::TooManyRedirects { .. } => false,
        }
    }

    /// Whether retrying at once, within the same fetch, is worth it: not for a server that
    /// trickles (the retry would hold the worker as long again); a later run may still succeed.
    #[must_use]
    pub fn is_retryable_now(&self) -> bool {
        self.is_retryable() && !matches!(self, Self::PageTimeout { .. } | Self::TooSlow { .. })
    }

    /// Whether the failure will stay until the URL, the settings or the site change
    /// (the opposite of [`FetchError::is_retryable`]): a crawler may stop retrying it.
    #[must_use]
    pub fn is_permanent(&self) -> bool {
        !self.is_retryable()
    }

    /// The URL the error is about, with credentials removed (`None` for settings errors).
    #[must_use]
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::InvalidSettings { .. } | Self::Client { .. } => None,
            Self::InvalidUrl { url, .. }
            | Self::DisallowedByRobots { url, .. }
            | Self::RobotsUnavailable { url, .. }
            | Self::Http { url, .. }
            | Self::TooLarge { url, .. }
            | Self::UnsupportedContentType { url, .. }
            | Self::Timeout { url, .. }
            | Self::PageTimeout { url, .. }
            | Self::TooSlow { url, .. }
            | Self::Truncated { url, .. }
            | Self::Connect { url, .. }
            | Self::TooManyRedirects { url, .. }
            | Self::Other { url, .. } => Some(url),
        }
    }

    /// Classifies a reqwest error about `url`.
    pub(crate) fn from_reqwest(url: &Url, err: reqwest::Error, timeout: Duration) -> Self {
        let url = redact(url);
        let err = err.without_url();
        if err.is_timeout() {
            Self::Timeout {
                url,
                secs: timeout.as_secs().max(1),
            }
        } else if err.is_connect() {
            Self::Connect { url, source: err }
        } else {
            Self::Other { url, source: err }
        }
    }
}

/// Whether a response status is worth retrying: 408, 429 and 5xx except 501 and 505.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429) || ((500..=599).contains(&status) && !matches!(status, 501 | 505))
}

/// The URL as text with any `user:password@` removed.
pub(crate) fn redact(url: &Url) -> String {
    if url.username().is_empty() && url.password().is_none() {
        return url.to_string();
    }
    let mut clean = url.clone();
    // Both only fail for URLs that cannot have credentials, which then have none to remove.
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    clean.to_string()
}

/// A URL string that failed to parse, with anything before an `@` in the authority removed.
pub(crate) fn redact_str(raw: &str) -> String {
    let raw = raw.trim();
    let (scheme, rest) = match raw.find("://") {
        Some(i) => (&raw[..i + 3], &raw[i + 3..]),
        None => ("", raw),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}{}", &rest[at + 1..]),
        None => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_removes_credentials() {
        let url = Url::parse("https://alice:s3cret@example.org/cfp?x=1").expect("valid");
        assert_eq!(redact(&url), "https://example.org/cfp?x=1");
        assert_eq!(
            redact_str("https://alice:s3cret@exa mple.org/a@b"),
            "https://exa mple.org/a@b"
        );
        assert_eq!(redact_str("not a url"), "not a url");
    }

    #[test]
    fn messages_say_what_to_do() {
        let e = FetchError::UnsupportedContentType {
            url: "https://example.org/cfp.pdf".into(),
            content_type: "application/pdf".into(),
        };
        assert!(e.to_string().starts_with(
            "unsupported content type application/pdf at https://example.org/cfp.pdf: \
             ConfRadar reads HTML, Markdown and plain text pages"
        ));
        let e = FetchError::Http {
            url: "u".into(),
            status: 404,
            retry_after_secs: None,
        };
        assert!(e.is_permanent());
        assert!(e.to_string().contains("gone"));
        let e = FetchError::Http {
            url: "u".into(),
            status: 503,
            retry_after_secs: None,
        };
        assert!(e.is_retryable());
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s), "{s}");
        }
        for s in [200, 301, 400, 401, 403, 404, 410, 501, 505] {
            assert!(!is_retryable_status(s), "{s}");
        }
    }
}
