//! A small read-only HTTP server (axum) over the same renderers as `export`.
//!
//! | route | content |
//! |---|---|
//! | `GET /` | the HTML page ([`super::html`]), upcoming deadlines |
//! | `GET /api/deadlines` | JSON array of [`super::json::DeadlineRecord`], from now on, 100 at most by default |
//! | `GET /api/conferences` | the full JSON export ([`super::json::ExportDocument`]) |
//! | `GET /api/changes` | JSON array of [`super::json::ChangeRecord`], oldest first |
//! | `GET /calendar.ics` | the iCalendar feed ([`super::ics`]), every deadline |
//!
//! Deadline filters are query parameters with the meaning of the CLI flags:
//! `series`, `kind` (repeatable or comma-separated), `from`, `until`,
//! `limit` (at most 10000), `include_past=true`; `/api/changes` takes
//! `since`. A bad value is a `400` naming it and the allowed ones; an unknown
//! series is a `404`.
//!
//! Every answer has an `ETag` (a hash of the body) and
//! `Cache-Control: public, max-age=60`; a matching `If-None-Match` gets a
//! `304` with no body. Countdowns on the page are computed to the minute,
//! so the page's ETag changes at most once a minute.
//!
//! The server is a library function so that tests and benchmarks can start
//! it on an ephemeral port: bind a [`tokio::net::TcpListener`] to
//! `127.0.0.1:0`, read its `local_addr`, and hand it to [`serve`].

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, DurationRound, Utc};
use sha2::{Digest, Sha256};

use super::{Bound, Error, Format, PageOptions, parse_bound};
use crate::Repository;
use crate::repository::DeadlineQuery;

/// The default number of rows of `/api/deadlines`.
pub const DEFAULT_LIMIT: u64 = 100;
/// The largest `limit` accepted.
pub const MAX_LIMIT: u64 = 10_000;

type Repo = Arc<dyn Repository>;

/// The routes, over `repo`.
pub fn router(repo: Arc<dyn Repository>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/api/deadlines", get(deadlines))
        .route("/api/conferences", get(conferences))
        .route("/api/changes", get(changes))
        .route("/calendar.ics", get(calendar))
        .fallback(not_found)
        .with_state(repo)
}

/// Serves [`router`] on `listener` until `shutdown` completes, then lets
/// the requests in flight finish.
///
/// # Errors
/// An I/O error from the listener.
pub async fn serve(
    listener: tokio::net::TcpListener,
    repo: Arc<dyn Repository>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(repo))
        .with_graceful_shutdown(shutdown)
        .await
}

/// The deadline filters of a query string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// The query for [`Repository::upcoming_deadlines`].
    pub query: DeadlineQuery,
    /// `include_past=true`: no default lower bound.
    pub include_past: bool,
    /// `since` (for `/api/changes`).
    pub since: Option<DateTime<Utc>>,
}

/// Parses `series`, `kind`, `from`, `until`, `limit`, `include_past` and `since`.
///
/// # Errors
/// [`Error::BadParameter`] or [`Error::BadInstant`] naming the parameter,
/// its value and what is allowed.
pub fn parse_filters(raw: Option<&str>, now: DateTime<Utc>) -> Result<Filters, Error> {
    let mut filters = Filters::default();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let value = value.trim();
        match key.as_ref() {
            "series" if !value.is_empty() => filters.query.series = Some(value.to_string()),
            "kind" => {
                for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    let kind = name.parse().map_err(|e: crate::kind::UnknownKind| {
                        Error::BadParameter {
                            what: "kind".into(),
                            value: name.to_string(),
                            allowed: e.to_string(),
                        }
                    })?;
                    filters.query.kinds.push(kind);
                }
            }
            "from" => filters.query.from = Some(bound("from", value, Bound::From, now)?),
            "until" => filters.query.until = Some(bound("until", value, Bound::Until, now)?),
            "since" => filters.since = Some(bound("since", value, Bound::From, now)?),
            "limit" => {
                let limit = value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n));
                filters.query.limit = Some(limit.ok_or_else(|| Error::BadParameter {
                    what: "limit".into(),
                    value: value.to_string(),
                    allowed: format!("a whole number from 1 to {MAX_LIMIT}"),
                })?);
            }
            "include_past" => {
                filters.include_past = match value.to_ascii_lowercase().as_str() {
                    "" | "1" | "true" | "yes" => true,
                    "0" | "false" | "no" => false,
                    _ => {
                        return Err(Error::BadParameter {
                            what: "include_past".into(),
                            value: value.to_string(),
                            allowed: "true or false".into(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(filters)
}

fn bound(
    what: &str,
    value: &str,
    which: Bound,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Error> {
    parse_bound(value, which, now).map_err(|_| Error::BadInstant {
        what: what.to_string(),
        value: value.to_string(),
    })
}

/// The current time to the minute, so pages (and their ETags) stay the same within a minute.
fn now_minute() -> DateTime<Utc> {
    let now = Utc::now();
    now.duration_trunc(chrono::Duration::minutes(1))
        .unwrap_or(now)
}

async fn page(State(repo): State<Repo>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    rendered(repo, raw, headers, Format::Html).await
}

async fn calendar(
    State(repo): State<Repo>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    rendered(repo, raw, headers, Format::Ics).await
}

async fn conferences(
    State(repo): State<Repo>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    rendered(repo, raw, headers, Format::Json).await
}

/// The page, the feed or the full export, with the format's default window.
async fn rendered(repo: Repo, raw: Option<String>, headers: HeaderMap, format: Format) -> Response {
    let now = now_minute();
    let result = async {
        let mut filters = parse_filters(raw.as_deref(), now)?;
        if format.upcoming_by_default() && !filters.include_past && filters.query.from.is_none() {
            filters.query.from = Some(now);
        }
        super::render(
            repo.as_ref(),
            format,
            &filters.query,
            PageOptions {
                now,
                ..PageOptions::default()
            },
        )
        .await
    }
    .await;
    respond(result, format.content_type(), &headers)
}

async fn deadlines(
    State(repo): State<Repo>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let now = Utc::now();
        let mut filters = parse_filters(raw.as_deref(), now)?;
        if !filters.include_past && filters.query.from.is_none() {
            filters.query.from = Some(now_minute());
        }
        filters.query.limit.get_or_insert(DEFAULT_LIMIT);
        let views = repo.upcoming_deadlines(&filters.query).await?;
        super::json::deadlines(&views)
    }
    .await;
    respond(result, Format::Json.content_type(), &headers)
}

async fn changes(
    State(repo): State<Repo>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let filters = parse_filters(raw.as_deref(), Utc::now())?;
        super::json::changes(&repo.changes_since(filters.since).await?)
    }
    .await;
    respond(result, Format::Json.content_type(), &headers)
}

async fn not_found() -> Response {
    let body =
        "not found: try /, /api/deadlines, /api/conferences, /api/changes or /calendar.ics\n";
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A body with its caching headers, a 304, or an error in words.
fn respond(
    result: Result<String, Error>,
    content_type: &'static str,
    headers: &HeaderMap,
) -> Response {
    let body = match result {
        Ok(body) => body,
        Err(err) => return error_response(&err),
    };
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{hex}\"");
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim().trim_start_matches("W/") == etag || tag.trim() == "*")
        });
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let h = response.headers_mut();
    if !matches {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    if let Ok(value) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, value);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn error_response(err: &Error) -> Response {
    let status = match err {
        Error::UnknownFormat(_) | Error::BadInstant { .. } | Error::BadParameter { .. } => {
            StatusCode::BAD_REQUEST
        }
        Error::Repository(crate::Error::NotFound { .. }) => StatusCode::NOT_FOUND,
        _ => {
            tracing::error!(error = %err, "request failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
        "internal error: the knowledge base could not be read (see the server log)".to_string()
    } else {
        err.to_string()
    };
    let body = serde_json::json!({ "error": message }).to_string() + "\n";
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
