//! The routes of `serve`: pages, feeds and the JSON API, each answered from
//! the [`ResponseCache`] when the data and the minute are unchanged.
//!
//! | route | content |
//! |---|---|
//! | `GET /` | upcoming deadlines: search, filters, time zone, stars, subscribe links |
//! | `GET /conference/{key}` | one edition: deadlines, each source's value, history, workshops or host |
//! | `GET /series/{key}` | one series: its editions over the years |
//! | `GET /calendar.ics` | iCalendar feed, same filters as `/` (every deadline, past ones too) |
//! | `GET /changes.atom` | Atom feed of deadline changes, same filters |
//! | `GET /api/deadlines` | JSON array of [`super::json::DeadlineRecord`] |
//! | `GET /api/series` | JSON array of [`SeriesSummary`] |
//! | `GET /api/conferences` | the full JSON export |
//! | `GET /api/conferences/{key}` | one conference with sources, values, history |
//! | `GET /api/changes` | JSON array of [`super::json::ChangeRecord`] |
//! | `GET /api/openapi.json` | the OpenAPI 3 document of these routes |

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use utoipa::OpenApi;

use super::cache::{Cached, ResponseCache, normalize_query};
use super::html::{self, FormState, FormView, Subscribe};
use super::http::{DEFAULT_LIMIT, Filters, error_response, now_minute, parse_filters};
use super::{Error, Format, Listing, PageOptions};
use crate::Repository;
use crate::repository::{ChangeView, DeadlineQuery, SeriesSummary};

/// Rows on `/` unless `limit` says otherwise.
pub const DEFAULT_PAGE_LIMIT: u64 = 300;
/// Entries in the Atom feed.
const FEED_ENTRIES: u64 = 100;
/// Changes listed under the deadlines of `/`.
const RECENT_CHANGES: usize = 30;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The knowledge base.
    pub repo: Arc<dyn Repository>,
    /// Answers kept while the data is unchanged.
    pub cache: Arc<ResponseCache>,
}

impl AppState {
    /// A state over `repo` with an empty cache.
    pub fn new(repo: Arc<dyn Repository>) -> Self {
        Self {
            repo,
            cache: Arc::new(ResponseCache::default()),
        }
    }
}

/// Every route with its handler; [`super::http::router`] mounts them.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(index)),
        ("/conference/{key}", get(conference_page)),
        ("/series/{key}", get(series_page)),
        ("/calendar.ics", get(calendar)),
        ("/changes.atom", get(changes_atom)),
        ("/api/deadlines", get(api_deadlines)),
        ("/api/series", get(api_series)),
        ("/api/conferences", get(api_export)),
        ("/api/conferences/{key}", get(api_conference)),
        ("/api/changes", get(api_changes)),
        ("/api/openapi.json", get(openapi_json)),
    ]
}

/// The OpenAPI document of the JSON API and the feeds.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ConfRadar",
        description = "Conference deadlines with their sources and change history. Instants are RFC 3339 UTC; a bad parameter is a 400 naming it."
    ),
    paths(
        api_deadlines,
        api_series,
        api_export,
        api_conference,
        api_changes,
        openapi_json,
        calendar,
        changes_atom
    ),
    components(schemas(
        super::json::DeadlineRecord,
        super::json::ChangeRecord,
        crate::repository::Ranking,
        SeriesSummary
    ))
)]
pub struct ApiDoc;

/// Answers from the cache, or renders with `make` and keeps the answer.
/// `key` names the route and its normalized query.
async fn cached<F, Fut>(
    state: &AppState,
    key: String,
    content_type: &'static str,
    headers: &HeaderMap,
    make: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<String, Error>>,
{
    let minute = now_minute().timestamp() / 60;
    let version = match state.cache.version(state.repo.as_ref()).await {
        Ok(version) => version,
        Err(err) => return error_response(&Error::Repository(err)),
    };
    if let Some(hit) = state.cache.get(&key, &version, minute) {
        return answer(&hit, headers);
    }
    match make().await {
        Ok(body) => {
            let fresh = Cached::new(body, content_type);
            let response = answer(&fresh, headers);
            state.cache.put(key, version, minute, fresh);
            response
        }
        Err(err) => error_response(&err),
    }
}

/// The cached body with its caching headers, or a 304 when the client has it.
fn answer(cached: &Cached, headers: &HeaderMap) -> Response {
    let etag = &*cached.etag;
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
        cached.body.clone().into_response()
    };
    let h = response.headers_mut();
    if !matches {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(cached.content_type),
        );
    }
    if let Ok(value) = HeaderValue::from_str(etag) {
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

/// `tz=Europe/Berlin` (also `AoE`), or `None` for the browser's zone.
fn parse_zone(raw: Option<&str>) -> Result<Option<Tz>, Error> {
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let value = value.trim();
        if key == "tz" && !value.is_empty() {
            if value.eq_ignore_ascii_case("aoe") {
                return Ok(Some(Tz::Etc__GMTPlus12));
            }
            return value
                .parse::<Tz>()
                .map(Some)
                .map_err(|_| Error::BadParameter {
                    what: "tz".into(),
                    value: value.to_string(),
                    allowed: "an IANA time zone such as Europe/Berlin, UTC or AoE".into(),
                });
        }
    }
    Ok(None)
}

/// The filters of `/` as the form shows them.
fn form_state(raw: Option<&str>, filters: &Filters, zone: Option<Tz>) -> FormState {
    let mut state = FormState {
        q: filters.query.search.clone().unwrap_or_default(),
        category: filters.query.category.clone().unwrap_or_default(),
        rank: filters
            .query
            .rank
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        kind: filters
            .query
            .kinds
            .first()
            .map(|k| k.as_str().to_string())
            .unwrap_or_default(),
        series: filters.query.series.clone().unwrap_or_default(),
        workshops: filters.query.workshops,
        tz: zone.map(|z| z.name().to_string()).unwrap_or_default(),
        starred: false,
    };
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        if key == "starred" && !value.trim().is_empty() {
            state.starred = true;
        }
    }
    state
}

/// The page's query string without the parameters feeds don't take.
fn feed_query(raw: Option<&str>) -> String {
    let kept: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .filter(|(k, _)| !matches!(k.as_ref(), "tz" | "starred" | "limit"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let joined = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    normalize_query(Some(&joined))
}

/// The latest moves of the deadlines listed (each view carries its latest
/// change, so no query), detected since `since`, newest first.
fn recent_moves(listing: &Listing, since: DateTime<Utc>, limit: usize) -> Vec<ChangeView> {
    let mut moves: Vec<ChangeView> = listing
        .deadlines
        .iter()
        .filter_map(|d| d.last_change.clone())
        .filter(|c| c.old_value.is_some() && c.detected_at >= since)
        .collect();
    moves.sort_by(|a, b| b.detected_at.cmp(&a.detected_at).then(b.id.cmp(&a.id)));
    moves.truncate(limit);
    moves
}

async fn index(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let key = format!("/?{}", normalize_query(raw.as_deref()));
    let st = state.clone();
    let result = cached(
        &state,
        key,
        Format::Html.content_type(),
        &headers,
        || async move {
            let now = now_minute();
            let zone = parse_zone(raw.as_deref())?;
            let mut filters = parse_filters(raw.as_deref(), now)?;
            if !filters.include_past && filters.query.from.is_none() {
                filters.query.from = Some(now);
            }
            let limit = *filters.query.limit.get_or_insert(DEFAULT_PAGE_LIMIT);
            let options = PageOptions {
                now,
                ..PageOptions::default()
            };
            let deadlines = st.repo.upcoming_deadlines(&filters.query).await?;
            // Counted only when the list is full: it may have been cut.
            let total = if deadlines.len() as u64 >= limit {
                st.repo.count_deadlines(&filters.query).await?
            } else {
                deadlines.len() as u64
            };
            let mut listing = Listing {
                options,
                deadlines,
                recent_changes: Vec::new(),
            };
            let since = now - listing.options.recent;
            listing.recent_changes = recent_moves(&listing, since, RECENT_CHANGES);
            let facets = st.repo.facets().await?;
            let form = FormView::new(&form_state(raw.as_deref(), &filters, zone), &facets);
            let subscribe = Subscribe::for_query(&feed_query(raw.as_deref()));
            html::index(&listing, total, form, zone, &subscribe)
        },
    )
    .await;
    html_errors(result)
}

/// Errors of the HTML routes as pages (the API's are JSON).
fn html_errors(response: Response) -> Response {
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !is_json {
        return response;
    }
    let heading = if status == StatusCode::NOT_FOUND {
        "Not found"
    } else if status.is_client_error() {
        "That filter cannot be used"
    } else {
        "Something went wrong"
    };
    let message = match status {
        StatusCode::NOT_FOUND => {
            "Nothing is known under that name: check the spelling, or search from the start page."
        }
        s if s.is_client_error() => {
            "A value in the address is not one the page understands; change it in the form or reset the filters."
        }
        _ => "The knowledge base could not be read; try again in a moment.",
    };
    match html::error_page(heading, message) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, Format::Html.content_type())],
            body,
        )
            .into_response(),
        Err(_) => response,
    }
}

async fn conference_page(
    State(state): State<AppState>,
    Path(key): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let zone = match parse_zone(raw.as_deref()) {
        Ok(zone) => zone,
        Err(err) => return html_errors(error_response(&err)),
    };
    let cache_key = format!("/conference/{key}?{}", normalize_query(raw.as_deref()));
    let repo = Arc::clone(&state.repo);
    let response = cached(
        &state,
        cache_key,
        Format::Html.content_type(),
        &headers,
        || async move {
            let detail = repo.conference_detail(&key).await?.ok_or_else(|| {
                Error::Repository(crate::Error::NotFound {
                    what: "conference",
                    key: key.clone(),
                })
            })?;
            html::conference(&detail, now_minute(), zone)
        },
    )
    .await;
    html_errors(response)
}

async fn series_page(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let repo = Arc::clone(&state.repo);
    let response = cached(
        &state,
        format!("/series/{key}"),
        Format::Html.content_type(),
        &headers,
        || async move {
            let detail = repo.series_detail(&key).await?.ok_or_else(|| {
                Error::Repository(crate::Error::NotFound {
                    what: "series",
                    key: key.clone(),
                })
            })?;
            html::series(&detail)
        },
    )
    .await;
    html_errors(response)
}

/// The documents the filtered export routes serve: each reads the page's
/// filters from the query and renders one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Export {
    /// `/calendar.ics`: the iCalendar feed.
    Calendar,
    /// `/changes.atom`: the Atom feed of changes.
    Atom,
    /// `/api/conferences`: the JSON export.
    Conferences,
}

impl Export {
    fn path(self) -> &'static str {
        match self {
            Export::Calendar => "/calendar.ics",
            Export::Atom => "/changes.atom",
            Export::Conferences => "/api/conferences",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Export::Calendar => Format::Ics.content_type(),
            Export::Atom => "application/atom+xml; charset=utf-8",
            Export::Conferences => Format::Json.content_type(),
        }
    }
}

/// Answers an export route from the cache, or renders it. The cache key is
/// the route with every parameter the rendering reads (the whole normalized
/// query) and, for the feed, the origin its links are made absolute with.
async fn cached_export(
    state: &AppState,
    export: Export,
    raw: Option<String>,
    headers: &HeaderMap,
) -> Response {
    let base = origin(headers);
    let mut key = format!("{}?{}", export.path(), normalize_query(raw.as_deref()));
    if export == Export::Atom {
        key = format!("{key}#{base}");
    }
    let repo = Arc::clone(&state.repo);
    cached(state, key, export.content_type(), headers, || async move {
        let now = now_minute();
        let filters = parse_filters(raw.as_deref(), now)?;
        let options = PageOptions {
            now,
            ..PageOptions::default()
        };
        match export {
            Export::Calendar => {
                super::render(repo.as_ref(), Format::Ics, &filters.query, options).await
            }
            Export::Conferences => {
                super::render(repo.as_ref(), Format::Json, &filters.query, options).await
            }
            Export::Atom => {
                let changes = filtered_changes(repo.as_ref(), &filters, FEED_ENTRIES).await?;
                html::atom(&changes, &base, &feed_query(raw.as_deref()), now)
            }
        }
    })
    .await
}

/// The iCalendar feed.
#[utoipa::path(
    get,
    path = "/calendar.ics",
    params(DeadlineParams),
    responses((status = 200, description = "RFC 5545 iCalendar: one event per deadline (past ones too unless `from` is given)", content_type = "text/calendar"))
)]
async fn calendar(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    cached_export(&state, Export::Calendar, raw, &headers).await
}

/// The server's origin for absolute feed links, from the `Host` header.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The Atom feed of changes.
#[utoipa::path(
    get,
    path = "/changes.atom",
    params(DeadlineParams),
    responses((status = 200, description = "Atom (RFC 4287) feed of the newest 100 deadline changes of the deadlines the filters select", content_type = "application/atom+xml"))
)]
async fn changes_atom(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    cached_export(&state, Export::Atom, raw, &headers).await
}

/// The changes of the deadlines `filters` select (any time), newest first:
/// one query, filtered and cut in the database.
async fn filtered_changes(
    repo: &dyn Repository,
    filters: &Filters,
    limit: u64,
) -> Result<Vec<ChangeView>, Error> {
    let any_time = DeadlineQuery {
        from: None,
        until: None,
        limit: None,
        ..filters.query.clone()
    };
    Ok(repo
        .changes_of_deadlines(&any_time, filters.since, limit)
        .await?)
}

/// The deadline filters, as query parameters.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Read by the OpenAPI document only; parse_filters reads the query.
struct DeadlineParams {
    /// Words to search for in names, acronyms, aliases, descriptions and locations (each must start a word).
    q: Option<String>,
    /// Category of the series (`DB`, `ML`; case-insensitive).
    category: Option<String>,
    /// A ranking, `SYSTEM:RANK` (`CCF:A`, `CORE:A*`).
    rank: Option<String>,
    /// Series key or alias.
    series: Option<String>,
    /// Deadline kinds, comma-separated or repeated (`submission,abstract`).
    kind: Option<String>,
    /// `include` (default), `exclude` or `only` workshops.
    workshops: Option<String>,
    /// Lower bound: a date, an RFC 3339 instant, `now`, `today` or a span such as `7d`.
    from: Option<String>,
    /// Upper bound (exclusive), same forms as `from`.
    until: Option<String>,
    /// At most this many rows (1 to 10000; 100 by default on the API).
    limit: Option<u64>,
    /// `true`: no default lower bound of now.
    include_past: Option<bool>,
}

/// Deadlines by UTC instant.
#[utoipa::path(
    get,
    path = "/api/deadlines",
    params(DeadlineParams),
    responses(
        (status = 200, description = "Deadlines by UTC instant, from now on unless `from` or `include_past`", body = [super::json::DeadlineRecord]),
        (status = 400, description = "A parameter has a bad value; the message names it and the allowed ones"),
        (status = 404, description = "Unknown series")
    )
)]
async fn api_deadlines(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let key = format!("/api/deadlines?{}", normalize_query(raw.as_deref()));
    let repo = Arc::clone(&state.repo);
    cached(
        &state,
        key,
        Format::Json.content_type(),
        &headers,
        || async move {
            let now = now_minute();
            let mut filters = parse_filters(raw.as_deref(), now)?;
            if !filters.include_past && filters.query.from.is_none() {
                filters.query.from = Some(now);
            }
            filters.query.limit.get_or_insert(DEFAULT_LIMIT);
            let views = repo.upcoming_deadlines(&filters.query).await?;
            super::json::deadlines(&views)
        },
    )
    .await
}

/// Every series.
#[utoipa::path(
    get,
    path = "/api/series",
    responses((status = 200, description = "Every series with categories, rankings and editions, by key", body = [SeriesSummary]))
)]
async fn api_series(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let repo = Arc::clone(&state.repo);
    cached(
        &state,
        "/api/series".into(),
        Format::Json.content_type(),
        &headers,
        || async move {
            let list = repo.series_list().await?;
            Ok(serde_json::to_string_pretty(&list)? + "\n")
        },
    )
    .await
}

/// The full export.
#[utoipa::path(
    get,
    path = "/api/conferences",
    params(DeadlineParams),
    responses((status = 200, description = "Every conference with its series, sources, deadlines and history (the `export --format json` document)"))
)]
async fn api_export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    cached_export(&state, Export::Conferences, raw, &headers).await
}

/// One conference as JSON.
#[derive(Debug, Serialize)]
struct ConferenceDocument {
    #[serde(flatten)]
    conference: super::json::ConferenceRecord,
    /// The host's key (workshops).
    host_key: Option<String>,
    /// Keys of the workshops it hosts.
    workshop_keys: Vec<String>,
    /// Every source's value of each deadline whose sources disagree.
    disagreements: Vec<super::json::ConflictRecord>,
}

/// One conference with sources, values and history.
#[utoipa::path(
    get,
    path = "/api/conferences/{key}",
    params(("key" = String, Path, description = "Conference key, e.g. icml2026")),
    responses(
        (status = 200, description = "The conference record (as in the export) with `host_key`, `workshop_keys` and `disagreements` (every source's value where they differ)"),
        (status = 404, description = "Unknown conference")
    )
)]
async fn api_conference(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let repo = Arc::clone(&state.repo);
    cached(
        &state,
        format!("/api/conferences/{key}"),
        Format::Json.content_type(),
        &headers,
        || async move {
            let detail = repo.conference_detail(&key).await?.ok_or_else(|| {
                Error::Repository(crate::Error::NotFound {
                    what: "conference",
                    key: key.clone(),
                })
            })?;
            let snapshot = crate::repository::ConferenceSnapshot {
                conference: detail.conference.clone(),
                series: detail.series.clone(),
                parent_key: detail.host.as_ref().map(|h| h.key.clone()),
                sources: detail.sources.clone(),
                deadlines: detail.deadlines.clone(),
                changes: detail.changes.clone(),
                facts: detail.facts.clone(),
            };
            let record = super::json::records(&[snapshot], &std::collections::HashMap::new())
                .into_iter()
                .next()
                .ok_or_else(|| Error::BadParameter {
                    what: "conference".into(),
                    value: key.clone(),
                    allowed: "a known conference key".into(),
                })?;
            let disagreements = detail
                .deadlines
                .iter()
                .filter(|d| d.conflict)
                .map(|d| super::json::ConflictRecord {
                    deadline: super::json::DeadlineRecord::from(d),
                    values: detail.values.get(&d.id).cloned().unwrap_or_default(),
                })
                .collect();
            let document = ConferenceDocument {
                conference: record,
                host_key: detail.host.as_ref().map(|h| h.key.clone()),
                workshop_keys: detail.workshops.iter().map(|w| w.key.clone()).collect(),
                disagreements,
            };
            Ok(serde_json::to_string_pretty(&document)? + "\n")
        },
    )
    .await
}

/// The change log.
#[utoipa::path(
    get,
    path = "/api/changes",
    params(("since" = Option<String>, Query, description = "Only changes detected at or after this bound (date, instant or span such as 7d)")),
    responses((status = 200, description = "Changes, oldest first", body = [super::json::ChangeRecord]))
)]
async fn api_changes(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let key = format!("/api/changes?{}", normalize_query(raw.as_deref()));
    let repo = Arc::clone(&state.repo);
    cached(
        &state,
        key,
        Format::Json.content_type(),
        &headers,
        || async move {
            let filters = parse_filters(raw.as_deref(), Utc::now())?;
            super::json::changes(&repo.changes_since(filters.since).await?)
        },
    )
    .await
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    responses((status = 200, description = "The OpenAPI 3 document of the API"))
)]
async fn openapi_json() -> Response {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body + "\n").into_response(),
        Err(err) => error_response(&Error::Json(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The OpenAPI document describes exactly the API and feed routes the router serves.
    #[test]
    fn the_openapi_paths_are_the_routers_api_and_feed_routes() {
        let routed: BTreeSet<String> = routes()
            .into_iter()
            .map(|(path, _)| path.to_string())
            .filter(|p| p.starts_with("/api/") || p.ends_with(".ics") || p.ends_with(".atom"))
            .collect();
        let documented: BTreeSet<String> = ApiDoc::openapi().paths.paths.keys().cloned().collect();
        assert_eq!(documented, routed);
        let json = ApiDoc::openapi().to_json().unwrap_or_default();
        assert!(json.contains("\"openapi\":\"3."), "{json:.200}");
    }

    #[test]
    fn zones_parse_with_aoe_and_refuse_unknown_names() {
        assert_eq!(
            parse_zone(Some("tz=AoE")).ok().flatten(),
            Some(Tz::Etc__GMTPlus12)
        );
        assert_eq!(
            parse_zone(Some("tz=Europe%2FBerlin")).ok().flatten(),
            Some(Tz::Europe__Berlin)
        );
        assert_eq!(parse_zone(Some("q=x")).ok().flatten(), None);
        assert!(parse_zone(Some("tz=Mars%2FOlympus")).is_err());
    }

    #[test]
    fn feeds_keep_the_filters_but_not_the_page_settings() {
        assert_eq!(
            feed_query(Some("tz=UTC&category=DB&starred=1&rank=CCF%3AA&limit=5")),
            "category=DB&rank=CCF%3AA"
        );
    }
}
