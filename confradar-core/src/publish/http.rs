//! A small read-only HTTP server (axum) over the same renderers as `export`.
//!
//! The routes are in [`super::web`] (pages, feeds, the JSON API and its
//! OpenAPI document); this module serves them, bounded.
//!
//! Deadline filters are query parameters with the meaning of the CLI flags:
//! `q` (search), `category`, `rank` (`CCF:A`), `series`, `kind` (repeatable or
//! comma-separated), `workshops` (`include`, `exclude`, `only`), `from`, `until`,
//! `limit` (at most 10000), `include_past=true`; `/api/changes` takes
//! `since`. A bad value is a `400` naming it and the allowed ones; an unknown
//! series is a `404`.
//!
//! Answers are kept in a cache ([`super::cache`]) until the data changes or the
//! minute passes. Every answer has an `ETag` (a hash of the body) and
//! `Cache-Control: public, max-age=60`; a matching `If-None-Match` gets a
//! `304` with no body. Countdowns on the page are computed to the minute,
//! so the page's ETag changes at most once a minute.
//!
//! The server is a library function so that tests and benchmarks can start
//! it on an ephemeral port: bind a [`tokio::net::TcpListener`] to
//! `127.0.0.1:0`, read its `local_addr`, and hand it to [`serve`].
//!
//! Clients are strangers, so every connection is bounded ([`ServeSettings`]):
//! the request head must arrive within a deadline and fit a size, bodies are
//! refused above a size (`413`), a request that takes too long is answered
//! `503`, and above a number of requests in flight new ones are shed at once
//! with `503` and `Retry-After` rather than queued. A client that opens a
//! connection and never finishes its request costs a parked task until the
//! head deadline, never a turn of anyone else.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, DurationRound, Utc};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::{Deserialize, Serialize};
use tower::ServiceBuilder;

use super::{Bound, Error, parse_bound};
use crate::Repository;
use crate::repository::{DeadlineQuery, Ranking, WorkshopFilter};

/// The default number of rows of `/api/deadlines`.
pub const DEFAULT_LIMIT: u64 = 100;
/// The largest `limit` accepted.
pub const MAX_LIMIT: u64 = 10_000;

/// The routes, over `repo`: every route of [`super::web::routes`], one cache.
///
/// The one place the application is assembled; layers that wrap every route
/// (metrics, tracing) go here.
pub fn router(repo: Arc<dyn Repository>) -> Router {
    let state = super::web::AppState::new(repo);
    super::web::routes()
        .into_iter()
        .fold(Router::new(), |app, (path, handler)| {
            app.route(path, handler)
        })
        .fallback(not_found)
        .with_state(state)
}

/// How `serve` bounds what clients may cost (`[serve]` in the settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServeSettings {
    /// Seconds a client has to send a whole request head (request line and headers),
    /// counted from the connection or from the end of the previous request on it;
    /// then the connection is closed.
    pub header_read_timeout_secs: u64,
    /// Seconds one request may take to be answered before it gets a `503`.
    pub request_timeout_secs: u64,
    /// Requests handled at once; more are refused at once with `503` and `Retry-After`.
    pub max_concurrent_requests: usize,
    /// Largest request head (request line and headers), in bytes (at least 8192);
    /// larger heads get a `431` or the connection is closed.
    pub max_header_bytes: usize,
    /// Largest request body, in bytes; larger ones get a `413` (every route is a `GET`).
    pub max_body_bytes: usize,
}

impl Default for ServeSettings {
    fn default() -> Self {
        Self {
            header_read_timeout_secs: 10,
            request_timeout_secs: 30,
            max_concurrent_requests: 64,
            max_header_bytes: 16 * 1024,
            max_body_bytes: 16 * 1024,
        }
    }
}

/// Hyper refuses a smaller read buffer.
const MIN_HEADER_BYTES: usize = 8192;
/// Headers per request: browsers and feed readers send a few dozen at most.
const MAX_HEADERS: usize = 100;

/// Serves [`router`] on `listener` with the default [`ServeSettings`] until `shutdown`
/// completes, then lets the requests in flight finish.
///
/// # Errors
/// Never in practice: a failed accept (e.g. out of file descriptors) is logged and retried.
pub async fn serve(
    listener: tokio::net::TcpListener,
    repo: Arc<dyn Repository>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, repo, &ServeSettings::default(), shutdown).await
}

/// Serves [`router`] on `listener`, bounded by `settings`, until `shutdown` completes,
/// then lets the requests in flight finish.
///
/// Each connection gets a task of its own, so idle or half-sent connections never delay
/// the accept loop or other clients; hyper closes those whose head is late.
///
/// # Errors
/// Never in practice: a failed accept (e.g. out of file descriptors) is logged and retried.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    repo: Arc<dyn Repository>,
    settings: &ServeSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_router(listener, router(repo), settings, shutdown).await
}

/// Serves any `app` (e.g. [`router`] with `/metrics` merged in) as [`serve_with`] does:
/// bounded by `settings`, until `shutdown` completes.
///
/// # Errors
/// Never in practice: a failed accept (e.g. out of file descriptors) is logged and retried.
pub async fn serve_router(
    listener: tokio::net::TcpListener,
    app: Router,
    settings: &ServeSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = hardened(app, settings);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(
            settings.header_read_timeout_secs.max(1),
        ))
        .max_buf_size(settings.max_header_bytes.max(MIN_HEADER_BYTES))
        .max_headers(MAX_HEADERS);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(err) => {
                    accept_failed(&err).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away or sends garbage ends its own connection only.
            if let Err(err) = connection.await {
                tracing::debug!("connection ended: {err}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// A failed accept: per-connection errors are the client's; others (out of file
/// descriptors) would spin, so wait a little before the next accept.
async fn accept_failed(err: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        err.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::warn!("cannot accept a connection: {err}; retrying in 1 s");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// `app` behind load shedding, a concurrency limit, a request timeout and a body limit.
///
/// The layers wrap the whole router (not each route, as `Router::layer` would), so the
/// concurrency limit is one for the server, shared by the clones each connection gets.
fn hardened(app: Router, settings: &ServeSettings) -> Router {
    let guarded = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(overloaded))
        .load_shed()
        .concurrency_limit(settings.max_concurrent_requests.max(1))
        .timeout(Duration::from_secs(settings.request_timeout_secs.max(1)))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            settings.max_body_bytes,
        ))
        .service(app);
    Router::new().fallback_service(guarded)
}

/// The answer when a request was shed or took too long.
async fn overloaded(err: tower::BoxError) -> Response {
    let (message, retry_after) = if err.is::<tower::load_shed::error::Overloaded>() {
        (
            "the server is busy: too many requests at once; try again in a moment",
            "1",
        )
    } else if err.is::<tower::timeout::error::Elapsed>() {
        ("the request took too long to answer; try again later", "5")
    } else {
        tracing::error!("request failed: {err}");
        ("internal error (see the server log)", "5")
    };
    let body = serde_json::json!({ "error": message }).to_string() + "\n";
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::RETRY_AFTER, retry_after),
        ],
        body,
    )
        .into_response()
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
            "q" | "search" if !value.is_empty() => filters.query.search = Some(value.to_string()),
            "category" if !value.is_empty() => filters.query.category = Some(value.to_string()),
            "rank" if !value.is_empty() => {
                filters.query.rank =
                    Some(Ranking::parse(value).map_err(|_| Error::BadParameter {
                        what: "rank".into(),
                        value: value.to_string(),
                        allowed: "SYSTEM:RANK, e.g. CCF:A or CORE:A*".into(),
                    })?);
            }
            "workshops" => {
                filters.query.workshops =
                    WorkshopFilter::parse(value).ok_or_else(|| Error::BadParameter {
                        what: "workshops".into(),
                        value: value.to_string(),
                        allowed: "include, exclude or only".into(),
                    })?;
            }
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
pub(crate) fn now_minute() -> DateTime<Utc> {
    let now = Utc::now();
    now.duration_trunc(chrono::Duration::minutes(1))
        .unwrap_or(now)
}

async fn not_found() -> Response {
    let body = "not found: try /, /conference/KEY, /series/KEY, /calendar.ics, /changes.atom, /api/deadlines, /api/series, /api/conferences, /api/changes or /api/openapi.json\n";
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// An error in words, as JSON, with its status.
pub(crate) fn error_response(err: &Error) -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use axum::routing::get;
    use tokio::sync::{Notify, Semaphore};
    use tower::ServiceExt as _;

    /// A router whose one route signals that it started, then waits for a permit.
    fn held_route(started: Arc<Notify>, release: Arc<Semaphore>) -> Router {
        Router::new().route(
            "/held",
            get(move || async move {
                started.notify_one();
                let _permit = release.acquire().await;
                "done"
            }),
        )
    }

    fn get_held() -> Request<Body> {
        Request::get("/held")
            .body(Body::empty())
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn requests_above_the_concurrency_limit_are_shed_at_once_with_503() {
        let (started, release) = (Arc::new(Notify::new()), Arc::new(Semaphore::new(0)));
        let settings = ServeSettings {
            max_concurrent_requests: 1,
            ..ServeSettings::default()
        };
        let app = hardened(
            held_route(Arc::clone(&started), Arc::clone(&release)),
            &settings,
        );
        let first = tokio::spawn(app.clone().oneshot(get_held()));
        started.notified().await;

        let shed = app.clone().oneshot(get_held()).await.unwrap_or_default();
        assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(shed.headers()[header::RETRY_AFTER], "1");

        release.add_permits(1);
        let done = first.await.ok().and_then(Result::ok).unwrap_or_default();
        assert_eq!(done.status(), StatusCode::OK);
        // The slot is free again.
        release.add_permits(1);
        let again = app.oneshot(get_held()).await.unwrap_or_default();
        assert_eq!(again.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn a_body_above_the_limit_is_refused_with_413() {
        let settings = ServeSettings {
            max_body_bytes: 10,
            ..ServeSettings::default()
        };
        let (started, release) = (Arc::new(Notify::new()), Arc::new(Semaphore::new(1)));
        let app = hardened(held_route(started, release), &settings);
        let request = Request::get("/held")
            .header(header::CONTENT_LENGTH, "100")
            .body(Body::from(vec![b'x'; 100]))
            .unwrap_or_default();
        let answer = app.oneshot(request).await.unwrap_or_default();
        assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[test]
    fn the_settings_read_from_a_partial_table() {
        let settings: ServeSettings =
            serde_json::from_str(r#"{"max_concurrent_requests": 8}"#).unwrap_or_default();
        assert_eq!(settings.max_concurrent_requests, 8);
        assert_eq!(settings.header_read_timeout_secs, 10);
    }
}
