//! Polite, robust fetching of Call-for-Papers pages over HTTP(S).
//!
//! A [`Fetcher`] is built once from [`FetchSettings`] and shared (it is cheap to clone). For
//! every page it:
//!
//! - obeys the site's robots.txt (fetched once per origin and cached; RFC 9309: a missing
//!   robots.txt allows all, a failing one disallows all for a while),
//! - waits [`FetchSettings::per_host_delay_ms`] (or the site's longer `Crawl-delay`) between
//!   requests to one host, sends one request at a time per host and at most
//!   [`FetchSettings::concurrency`] in total,
//! - sends an honest User-Agent and the stored [`Validators`] as a conditional GET,
//! - follows redirects itself (up to [`FetchSettings::max_redirects`]), checking robots.txt and
//!   politeness for each host on the way,
//! - retries timeouts, connection errors, 408, 429 and 5xx with exponential backoff, honouring
//!   `Retry-After` (seconds or HTTP-date, up to [`MAX_RETRY_AFTER`]),
//! - accepts HTML, XHTML, Markdown and plain text only, streams the body (gzip and brotli are
//!   decoded) and stops at [`FetchSettings::max_body_bytes`],
//! - decodes the body with the response's charset (or the page's `<meta charset>`, else UTF-8)
//!   and hashes it (SHA-256), so an unchanged page is recognized even without validators.
//!
//! ```no_run
//! use confradar_core::fetch::{FetchOutcome, FetchSettings, Fetcher, Validators};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let fetcher = Fetcher::new(FetchSettings::default())?;
//! let first = fetcher.fetch("https://example.org/cfp", &Validators::default()).await?;
//! // Next time, send what we learned: a 304 or an identical body both count as unchanged.
//! let again = fetcher.fetch("https://example.org/cfp", &first.validators()).await?;
//! if again.is_unchanged() {
//!     println!("nothing new at {}", again.final_url());
//! } else if let FetchOutcome::Fetched(page) = again {
//!     println!("{} bytes of {:?}", page.body.len(), page.format);
//! }
//! # Ok(())
//! # }
//! ```

mod error;
mod politeness;
mod retry;
mod robots;
mod settings;

use std::sync::Arc;
use std::time::Duration;

use crate::extract::Format;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::time::Instant;
use url::Url;

pub use error::FetchError;
pub use retry::{MAX_BACKOFF, MAX_RETRY_AFTER};
pub use settings::{FetchSettings, PROJECT_URL, default_user_agent};

use error::{is_retryable_status, redact, redact_str};
use politeness::Gate;
use robots::{RobotsCache, Rules, Verdict};

/// The `Accept` header sent for pages.
const ACCEPT: &str =
    "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1";

/// What we learned about a page last time, sent back to recognize an unchanged page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Validators {
    /// The `ETag` the page last came with; sent as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` the page last came with; sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// The SHA-256 (lowercase hex) of the body last time ([`FetchedPage::content_hash`]).
    pub content_hash: Option<String>,
}

impl Validators {
    /// Whether a conditional GET can be made (an ETag or a Last-Modified is known).
    #[must_use]
    pub fn is_conditional(&self) -> bool {
        self.etag.is_some() || self.last_modified.is_some()
    }
}

/// How a fetched body is written: the crate's one [`Format`] (its former
/// name here, kept for callers).
pub type PageFormat = Format;

/// A page that was fetched and read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedPage {
    /// The URL asked for (as parsed).
    pub url: String,
    /// The URL the page came from, after redirects.
    pub final_url: String,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The `Content-Type` header, if the server sent one.
    pub content_type: Option<String>,
    /// How the body is written.
    pub format: Format,
    /// The character encoding the body was decoded from (e.g. `UTF-8`, `windows-1252`).
    pub charset: String,
    /// The decoded body.
    pub body: String,
    /// The response's `ETag`.
    pub etag: Option<String>,
    /// The response's `Last-Modified`.
    pub last_modified: Option<String>,
    /// SHA-256 of the body bytes (after gzip/brotli decoding, before charset decoding), as
    /// 64 lowercase hex digits.
    pub content_hash: String,
    /// Whether `content_hash` equals the [`Validators::content_hash`] given to the fetch: the
    /// page was downloaded again but has not changed.
    pub unchanged: bool,
}

impl FetchedPage {
    /// The validators to store for the next fetch of this page.
    #[must_use]
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
            content_hash: Some(self.content_hash.clone()),
        }
    }
}

/// The server answered `304 Not Modified` to a conditional GET: the stored copy is current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotModified {
    /// The URL asked for (as parsed).
    pub url: String,
    /// The URL that answered 304, after redirects.
    pub final_url: String,
    /// The HTTP status (304).
    pub status: u16,
    /// The `ETag` (the one in the 304 if it sent one, else the one given).
    pub etag: Option<String>,
    /// The `Last-Modified` (the one in the 304 if it sent one, else the one given).
    pub last_modified: Option<String>,
    /// The content hash given to the fetch, unchanged.
    pub content_hash: Option<String>,
}

/// What a fetch found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The page was downloaded (check [`FetchedPage::unchanged`]).
    Fetched(FetchedPage),
    /// The server said the page has not changed (HTTP 304).
    NotModified(NotModified),
}

impl FetchOutcome {
    /// Whether the page is known to be the same as last time: a 304, or a body with the
    /// same hash.
    #[must_use]
    pub fn is_unchanged(&self) -> bool {
        match self {
            Self::Fetched(page) => page.unchanged,
            Self::NotModified(_) => true,
        }
    }

    /// The URL the answer came from, after redirects.
    #[must_use]
    pub fn final_url(&self) -> &str {
        match self {
            Self::Fetched(page) => &page.final_url,
            Self::NotModified(nm) => &nm.final_url,
        }
    }

    /// The validators to store for the next fetch.
    #[must_use]
    pub fn validators(&self) -> Validators {
        match self {
            Self::Fetched(page) => page.validators(),
            Self::NotModified(nm) => Validators {
                etag: nm.etag.clone(),
                last_modified: nm.last_modified.clone(),
                content_hash: nm.content_hash.clone(),
            },
        }
    }
}

/// A polite HTTP(S) fetcher. Cheap to clone: clones share the connection pool, the robots.txt
/// cache, the per-host delays and the concurrency bound.
#[derive(Debug, Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: reqwest::Client,
    settings: FetchSettings,
    gate: Gate,
    robots: RobotsCache,
}

/// What a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Page,
    Robots,
}

/// One HTTP answer; the body is read only for 2xx.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: header::HeaderName) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_owned())
    }

    fn retry_after(&self) -> Option<Duration> {
        self.headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| retry::parse_retry_after(v, chrono::Utc::now()))
    }

    /// The redirect target, for a redirect status with a `Location`.
    fn location(&self) -> Option<String> {
        matches!(self.status, 301 | 302 | 303 | 307 | 308)
            .then(|| self.header(header::LOCATION))
            .flatten()
    }
}

impl Fetcher {
    /// Builds a fetcher.
    ///
    /// # Errors
    ///
    /// [`FetchError::InvalidSettings`] when `concurrency` or a timeout is 0 or the User-Agent
    /// is not a valid header value; [`FetchError::Client`] when the HTTP client cannot start.
    pub fn new(settings: FetchSettings) -> Result<Self, FetchError> {
        let invalid = |reason: &str| FetchError::InvalidSettings {
            reason: reason.to_owned(),
        };
        if settings.concurrency == 0 {
            return Err(invalid("concurrency must be at least 1"));
        }
        if settings.connect_timeout_secs == 0
            || settings.read_timeout_secs == 0
            || settings.page_timeout_secs == 0
        {
            return Err(invalid(
                "connect_timeout_secs, read_timeout_secs and page_timeout_secs must be at least \
                 1 second",
            ));
        }
        let user_agent = HeaderValue::from_str(settings.user_agent.trim()).map_err(|_| {
            invalid("user_agent must be printable ASCII, like \"ConfRadar/0.1 (+https://…)\"")
        })?;
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT));
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .default_headers(headers)
            .connect_timeout(Duration::from_secs(settings.connect_timeout_secs))
            .read_timeout(Duration::from_secs(settings.read_timeout_secs))
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true)
            .build()
            .map_err(|source| FetchError::Client { source })?;
        let gate = Gate::new(settings.concurrency);
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                settings,
                gate,
                robots: RobotsCache::default(),
            }),
        })
    }

    /// The settings this fetcher was built with.
    #[must_use]
    pub fn settings(&self) -> &FetchSettings {
        &self.inner.settings
    }

    /// Fetches one page, politely (see the [module docs](self)).
    ///
    /// `validators` are what the last fetch returned ([`FetchOutcome::validators`]); pass
    /// `&Validators::default()` the first time.
    ///
    /// # Errors
    ///
    /// A [`FetchError`] naming the URL: [`InvalidUrl`](FetchError::InvalidUrl) for anything
    /// but an absolute http(s) URL, [`DisallowedByRobots`](FetchError::DisallowedByRobots) /
    /// [`RobotsUnavailable`](FetchError::RobotsUnavailable) when robots.txt forbids the page,
    /// [`Http`](FetchError::Http) for an error status (after retries for 408/429/5xx),
    /// [`Timeout`](FetchError::Timeout) / [`Connect`](FetchError::Connect) /
    /// [`Other`](FetchError::Other) for transfer failures (after retries),
    /// [`TooManyRedirects`](FetchError::TooManyRedirects), [`TooLarge`](FetchError::TooLarge)
    /// and [`UnsupportedContentType`](FetchError::UnsupportedContentType).
    /// [`FetchError::is_retryable`] tells whether a later run may succeed.
    pub async fn fetch(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        let start = parse_url(url)?;
        let mut current = start.clone();
        let mut redirects = 0usize;
        loop {
            let interval = self.check_robots(&current).await?;
            let answer = self
                .request(&current, Purpose::Page, validators, interval)
                .await?;
            if let Some(location) = answer.location() {
                redirects += 1;
                if redirects > self.inner.settings.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        url: redact(&start),
                        limit: self.inner.settings.max_redirects,
                    });
                }
                let next = resolve_redirect(&current, &location)?;
                tracing::debug!(from = %redact(&current), to = %redact(&next), "redirect");
                current = next;
                continue;
            }
            return match answer.status {
                304 if validators.is_conditional() => Ok(FetchOutcome::NotModified(NotModified {
                    url: start.to_string(),
                    final_url: current.to_string(),
                    status: answer.status,
                    etag: answer
                        .header(header::ETAG)
                        .or_else(|| validators.etag.clone()),
                    last_modified: answer
                        .header(header::LAST_MODIFIED)
                        .or_else(|| validators.last_modified.clone()),
                    content_hash: validators.content_hash.clone(),
                })),
                200..=299 => Ok(FetchOutcome::Fetched(build_page(
                    &start, &current, answer, validators,
                )?)),
                status => Err(FetchError::Http {
                    url: redact(&current),
                    status,
                    retry_after_secs: answer.retry_after().map(|d| d.as_secs()),
                }),
            };
        }
    }

    /// Checks robots.txt for `url` (fetching it if needed) and returns the interval to keep
    /// between requests to its host.
    async fn check_robots(&self, url: &Url) -> Result<Duration, FetchError> {
        let settings = &self.inner.settings;
        let base = Duration::from_millis(settings.per_host_delay_ms);
        if !settings.respect_robots_txt {
            return Ok(base);
        }
        let slot = self.inner.robots.slot(url);
        let mut entry = slot.lock().await;
        let now = Instant::now();
        let cached = entry
            .as_ref()
            .filter(|e| e.expires > now)
            .map(|e| e.rules.verdict(url));
        let verdict = match cached {
            Some(verdict) => verdict,
            None => {
                let rules = self.fetch_robots(url, base).await?;
                let verdict = rules.verdict(url);
                tracing::debug!(origin = %url.origin().ascii_serialization(), ?rules, "robots.txt");
                *entry = Some(robots::Entry {
                    expires: Instant::now() + rules.ttl(),
                    rules,
                });
                verdict
            }
        };
        let robots_url = || robots::robots_url(url).to_string();
        match verdict {
            Verdict::Allowed { crawl_delay } => Ok(base.max(crawl_delay.unwrap_or_default())),
            Verdict::Disallowed => Err(FetchError::DisallowedByRobots {
                url: redact(url),
                robots_url: robots_url(),
            }),
            Verdict::Unavailable { status } => Err(FetchError::RobotsUnavailable {
                url: redact(url),
                robots_url: robots_url(),
                status,
            }),
        }
    }

    /// Fetches and parses the robots.txt of `url`'s origin. Transfer errors are returned
    /// (and nothing is cached); statuses become rules.
    async fn fetch_robots(&self, url: &Url, interval: Duration) -> Result<Rules, FetchError> {
        let none = Validators::default();
        let mut current = robots::robots_url(url);
        for _ in 0..=robots::MAX_ROBOTS_REDIRECTS {
            let answer = self
                .request(&current, Purpose::Robots, &none, interval)
                .await?;
            if let Some(location) = answer.location() {
                match resolve_redirect(&current, &location) {
                    Ok(next) => {
                        current = next;
                        continue;
                    }
                    Err(_) => return Ok(Rules::AllowAll),
                }
            }
            return Ok(if (200..300).contains(&answer.status) {
                Rules::parse(self.inner.settings.robots_agent(), &answer.body)
            } else {
                Rules::from_status(answer.status)
            });
        }
        // RFC 9309: after too many redirects, robots.txt may be taken as unavailable (4xx).
        Ok(Rules::AllowAll)
    }

    /// One request with retries: returns the answer of the last attempt, or its error.
    async fn request(
        &self,
        url: &Url,
        purpose: Purpose,
        validators: &Validators,
        interval: Duration,
    ) -> Result<Answer, FetchError> {
        let settings = &self.inner.settings;
        let base = Duration::from_millis(settings.retry_base_delay_ms);
        let mut retry = 0u32;
        loop {
            let result = self.attempt(url, purpose, validators, interval).await;
            let retry_after = match &result {
                Ok(answer) if is_retryable_status(answer.status) => answer.retry_after(),
                Err(err) if err.is_retryable_now() => None,
                _ => return result,
            };
            if retry >= settings.max_retries {
                return result;
            }
            let mut wait = retry::backoff(base, retry);
            if let Some(asked) = retry_after {
                if asked > MAX_RETRY_AFTER {
                    tracing::debug!(url = %redact(url), ?asked, "Retry-After too long, giving up");
                    return result;
                }
                wait = wait.max(asked);
            }
            retry += 1;
            tracing::debug!(
                url = %redact(url),
                retry,
                ?wait,
                outcome = %match &result {
                    Ok(answer) => format!("HTTP {}", answer.status),
                    Err(err) => err.to_string(),
                },
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: waits for politeness, then sends and reads, all within the attempt
    /// deadline.
    async fn attempt(
        &self,
        url: &Url,
        purpose: Purpose,
        validators: &Validators,
        interval: Duration,
    ) -> Result<Answer, FetchError> {
        let settings = &self.inner.settings;
        let host = host_key(url);
        let _pass = self.inner.gate.enter(&host, interval).await;
        let deadline = Duration::from_secs(settings.page_timeout_secs);
        match tokio::time::timeout(deadline, self.exchange(url, purpose, validators)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::PageTimeout {
                url: redact(url),
                secs: settings.page_timeout_secs,
            }),
        }
    }

    /// Sends the request and reads a 2xx body (streaming, up to the limit).
    async fn exchange(
        &self,
        url: &Url,
        purpose: Purpose,
        validators: &Validators,
    ) -> Result<Answer, FetchError> {
        let settings = &self.inner.settings;
        let mut request = self.inner.client.get(url.clone());
        if purpose == Purpose::Page {
            if let Some(etag) = validators.etag.as_deref().and_then(header_value) {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(date) = validators.last_modified.as_deref().and_then(header_value) {
                request = request.header(header::IF_MODIFIED_SINCE, date);
            }
        } else {
            request = request.header(header::ACCEPT, "text/plain,*/*;q=0.5");
        }
        tracing::trace!(url = %redact(url), "GET");
        let mut response = request
            .send()
            .await
            .map_err(|e| transfer_error(url, e, settings))?;
        let status = response.status();
        let headers = response.headers().clone();
        if !status.is_success() {
            return Ok(Answer {
                status: status.as_u16(),
                headers,
                body: Vec::new(),
            });
        }
        let (limit, truncate) = match purpose {
            Purpose::Page => {
                check_content_type(url, &headers)?;
                (settings.max_body_bytes, false)
            }
            Purpose::Robots => (robots::MAX_ROBOTS_BYTES, true),
        };
        if !truncate && response.content_length().is_some_and(|len| len > limit) {
            return Err(FetchError::TooLarge {
                url: redact(url),
                limit,
            });
        }
        let mut body = Vec::new();
        let rate = TransferRate::new(settings.min_bytes_per_sec);
        // Known only for an unencoded body; a shorter body is the server's fault.
        let promised = response.content_length();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            let short = promised.is_some_and(|len| (body.len() as u64) < len);
            if short && !e.is_timeout() {
                FetchError::Truncated {
                    url: redact(url),
                    received: body.len() as u64,
                }
            } else {
                transfer_error(url, e, settings)
            }
        })? {
            rate.check(url, body.len() + chunk.len())?;
            let room = usize::try_from(limit)
                .unwrap_or(usize::MAX)
                .saturating_sub(body.len());
            if chunk.len() > room {
                if truncate {
                    body.extend_from_slice(&chunk[..room]);
                    break;
                }
                return Err(FetchError::TooLarge {
                    url: redact(url),
                    limit,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status: status.as_u16(),
            headers,
            body,
        })
    }
}

/// How long a body is read before its rate is judged: slow starts are normal.
pub const SLOW_TRANSFER_GRACE: Duration = Duration::from_secs(5);

/// The average rate of a body transfer, against the minimum.
struct TransferRate {
    started: tokio::time::Instant,
    min_bytes_per_sec: u64,
}

impl TransferRate {
    fn new(min_bytes_per_sec: u64) -> Self {
        Self {
            started: tokio::time::Instant::now(),
            min_bytes_per_sec,
        }
    }

    /// Fails once the grace period is over and the average is below the minimum.
    fn check(&self, url: &Url, received: usize) -> Result<(), FetchError> {
        let elapsed = self.started.elapsed();
        if self.min_bytes_per_sec == 0 || elapsed < SLOW_TRANSFER_GRACE {
            return Ok(());
        }
        let rate = (received as f64 / elapsed.as_secs_f64()) as u64;
        if rate < self.min_bytes_per_sec {
            return Err(FetchError::TooSlow {
                url: redact(url),
                rate,
                min: self.min_bytes_per_sec,
            });
        }
        Ok(())
    }
}

/// Maps a reqwest error, naming the timeout that applies.
fn transfer_error(url: &Url, err: reqwest::Error, settings: &FetchSettings) -> FetchError {
    let secs = if err.is_connect() {
        settings.connect_timeout_secs
    } else {
        settings.read_timeout_secs
    };
    FetchError::from_reqwest(url, err, Duration::from_secs(secs))
}

fn header_value(value: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(value.trim()).ok()
}

/// `host:port`, the key for per-host politeness.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// Parses an absolute http(s) URL.
fn parse_url(raw: &str) -> Result<Url, FetchError> {
    let invalid = |reason: String| FetchError::InvalidUrl {
        url: redact_str(raw),
        reason,
    };
    let url = Url::parse(raw.trim()).map_err(|e| invalid(e.to_string()))?;
    check_scheme(&url).map_err(invalid)?;
    Ok(url)
}

fn check_scheme(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        "http" | "https" => Err("it has no host".to_owned()),
        other => Err(format!("the {other}: scheme is not supported")),
    }
}

/// Resolves a `Location` against the URL that sent it.
fn resolve_redirect(from: &Url, location: &str) -> Result<Url, FetchError> {
    let invalid = |reason: String| FetchError::InvalidUrl {
        url: redact(from),
        reason: format!("it redirects to {:?}, which {reason}", redact_str(location)),
    };
    let next = from
        .join(location)
        .map_err(|e| invalid(format!("is not a valid URL ({e})")))?;
    check_scheme(&next).map_err(|e| invalid(format!("cannot be fetched ({e})")))?;
    Ok(next)
}

/// The media type of a `Content-Type` value, lowercased, without parameters.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_owned())
    })
}

/// Rejects content types ConfRadar cannot read, before the body is downloaded.
fn check_content_type(url: &Url, headers: &HeaderMap) -> Result<(), FetchError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(()); // Sniffed once the body is read.
    };
    let value = String::from_utf8_lossy(value.as_bytes());
    match essence(&value).as_str() {
        "text/html"
        | "application/xhtml+xml"
        | "text/plain"
        | "text/markdown"
        | "text/x-markdown"
        | "" => Ok(()),
        other => Err(FetchError::UnsupportedContentType {
            url: redact(url),
            content_type: other.to_owned(),
        }),
    }
}

fn has_markdown_extension(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    path.ends_with(".md") || path.ends_with(".markdown")
}

/// The format, from the content type, the URL and (without a content type) the body.
fn page_format(url: &Url, content_type: Option<&str>, body: &[u8]) -> Format {
    match content_type.map(essence).as_deref() {
        Some("text/html" | "application/xhtml+xml") => Format::Html,
        Some("text/markdown" | "text/x-markdown") => Format::Markdown,
        _ if has_markdown_extension(url) => Format::Markdown,
        Some(t) if !t.is_empty() => Format::Text,
        _ => {
            let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
            let head = head.trim_start_matches('\u{feff}').trim_start();
            if head.starts_with('<') || head.contains("<html") || head.contains("<body") {
                Format::Html
            } else {
                Format::Text
            }
        }
    }
}

/// What a body without a content type looks like, if it is not text.
fn sniff_binary(body: &[u8]) -> Option<&'static str> {
    let head = &body[..body.len().min(1024)];
    if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(b"\x89PNG")
        || head.starts_with(b"\xff\xd8\xff")
        || head.starts_with(b"GIF8")
    {
        Some("image")
    } else if head.contains(&0) && !head.starts_with(b"\xff\xfe") && !head.starts_with(b"\xfe\xff")
    {
        Some("application/octet-stream (the body looks binary)")
    } else {
        None
    }
}

/// A `<meta charset=…>` or `<meta http-equiv … content="…; charset=…">` in the first 1024 bytes.
fn meta_charset(body: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("charset=") {
        rest = &rest[i + "charset=".len()..];
        let label: String = rest
            .trim_start_matches(['"', '\'', ' '])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        if let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            // A page that claims UTF-16 in ASCII-compatible bytes is really UTF-8 (HTML spec).
            let utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
            return Some(if utf16 { encoding_rs::UTF_8 } else { encoding });
        }
    }
    None
}

/// Builds the page from a 2xx answer: sniffs, decodes and hashes the body.
fn build_page(
    start: &Url,
    final_url: &Url,
    answer: Answer,
    validators: &Validators,
) -> Result<FetchedPage, FetchError> {
    let content_type = answer.header(header::CONTENT_TYPE);
    let declared = content_type
        .as_deref()
        .map(essence)
        .filter(|e| !e.is_empty());
    if declared.is_none()
        && let Some(kind) = sniff_binary(&answer.body)
    {
        return Err(FetchError::UnsupportedContentType {
            url: redact(final_url),
            content_type: kind.to_owned(),
        });
    }
    let format = page_format(final_url, content_type.as_deref(), &answer.body);
    let encoding = content_type
        .as_deref()
        .and_then(charset_param)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .or_else(|| {
            if format == Format::Html {
                meta_charset(&answer.body)
            } else {
                None
            }
        })
        .unwrap_or(encoding_rs::UTF_8);
    // A byte-order mark wins over the declared charset; bad bytes become U+FFFD.
    let (text, used, _had_errors) = encoding.decode(&answer.body);
    let content_hash = format!("{:x}", Sha256::digest(&answer.body));
    let unchanged = validators
        .content_hash
        .as_deref()
        .is_some_and(|old| old.trim().eq_ignore_ascii_case(&content_hash));
    Ok(FetchedPage {
        url: start.to_string(),
        final_url: final_url.to_string(),
        status: answer.status,
        etag: answer.header(header::ETAG),
        last_modified: answer.header(header::LAST_MODIFIED),
        content_type,
        format,
        charset: used.name().to_owned(),
        body: text.into_owned(),
        content_hash,
        unchanged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("valid url")
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(parse_url("https://example.org/cfp").is_ok());
        for bad in [
            "ftp://example.org/x",
            "cfp.html",
            "file:///tmp/x.html",
            "http://",
        ] {
            let err = parse_url(bad).expect_err(bad);
            assert!(matches!(err, FetchError::InvalidUrl { .. }), "{bad}: {err}");
        }
        let err = parse_url("mailto:bob:pw@example.org").expect_err("mailto");
        assert!(
            err.to_string().contains("mailto: scheme is not supported"),
            "{err}"
        );
    }

    #[test]
    fn redirects_resolve_relative_locations() {
        let from = url("https://example.org/a/b?x=1");
        assert_eq!(
            resolve_redirect(&from, "../c").expect("ok").as_str(),
            "https://example.org/c"
        );
        assert!(resolve_redirect(&from, "javascript:alert(1)").is_err());
    }

    #[test]
    fn content_types_and_charsets() {
        assert_eq!(essence("Text/HTML; charset=ISO-8859-1"), "text/html");
        assert_eq!(
            charset_param("text/html; Charset=\"ISO-8859-1\"").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_param("text/html"), None);
        assert_eq!(
            page_format(&url("http://h/x.md"), Some("text/plain"), b""),
            Format::Markdown
        );
        assert_eq!(
            page_format(&url("http://h/x.txt"), Some("text/plain"), b""),
            Format::Text
        );
        assert_eq!(
            page_format(&url("http://h/x"), None, b"  <!doctype html>"),
            Format::Html
        );
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"windows-1252\">"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            meta_charset(b"<meta charset=utf-16>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(sniff_binary(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff_binary(b"hello"), None);
    }

    #[test]
    fn body_is_decoded_with_the_declared_charset() {
        let answer = Answer {
            status: 200,
            headers: HeaderMap::from_iter([(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=iso-8859-1"),
            )]),
            body: b"D\xe9adline".to_vec(),
        };
        let u = url("http://h/cfp.txt");
        let page = build_page(&u, &u, answer, &Validators::default()).expect("page");
        assert_eq!(page.body, "Déadline");
        assert_eq!(page.charset, "windows-1252");
        assert_eq!(page.content_hash.len(), 64);
        assert!(!page.unchanged);
    }
}
