//! The backend-agnostic storage trait: what the rest of ConfRadar (and any
//! library user) programs against. [`crate::store::SeaOrmRepository`] is its
//! implementation over PostgreSQL, SQLite and MySQL/MariaDB.

use crate::entity::time::utc;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::domain::{Conference, Series, Source};
use crate::entity::fetch_runs;
use crate::error::Result;
use crate::kind::DeadlineKind;

/// Whether a conference is a main event or a workshop under one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConferenceKind {
    /// A main conference.
    #[default]
    Conference,
    /// A workshop (points to its parent conference when known).
    Workshop,
}

impl ConferenceKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Conference => "conference",
            Self::Workshop => "workshop",
        }
    }
}

/// One conference edition as seen on a page or in a data file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// Edition key (`neurips2025`), when the source gives one; derived from
    /// the series key and year otherwise.
    pub key: Option<String>,
    /// A series key the caller already knows (`--series neurips`); wins over name matching.
    pub series_hint: Option<String>,
    /// Name of the edition.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// Year.
    pub year: Option<i32>,
    /// Location.
    pub location: Option<String>,
    /// First day.
    pub start_date: Option<NaiveDate>,
    /// Last day.
    pub end_date: Option<NaiveDate>,
    /// Homepage.
    pub homepage: Option<String>,
    /// Conference or workshop.
    pub kind: ConferenceKind,
    /// For a workshop: the name or acronym of its parent ("ICML 2025").
    pub parent_hint: Option<String>,
    /// The page (or file) it was seen on.
    pub source: Option<ObservedSource>,
    /// The current deadlines (struck, superseded dates left out).
    pub deadlines: Vec<ObservedDeadline>,
    /// What the source knows about the series: categories, rankings, tags.
    #[serde(default)]
    pub facts: SeriesFacts,
}

/// Facts about a series that community data files carry beside the dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesFacts {
    /// Categories as the source names them ("DB", "ML", "SEC").
    #[serde(default)]
    pub categories: Vec<String>,
    /// Rankings ("CCF" → "A", "CORE" → "A*").
    #[serde(default)]
    pub rankings: Vec<Ranking>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A one-line description of the series.
    #[serde(default)]
    pub description: Option<String>,
}

/// One ranking of a series by one ranking system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Ranking {
    /// The ranking system: `CCF`, `CORE`, `THCPL`.
    pub system: String,
    /// The rank it gives: `A`, `A*`, `B`.
    pub rank: String,
}

/// How much a source is trusted when sources disagree on a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceAuthority {
    /// The conference's own CFP page: wins over community data.
    #[default]
    CfpPage,
    /// A community data set (ccf-deadlines, ai-deadlines, …).
    Community,
}

impl SourceAuthority {
    /// The name stored in `sources.authority`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CfpPage => "cfp_page",
            Self::Community => "community",
        }
    }

    /// The authority a stored name stands for; an unknown name is the
    /// conference's own page, the column's default.
    pub fn from_stored(text: &str) -> Self {
        match text {
            "community" => Self::Community,
            _ => Self::CfpPage,
        }
    }
}

impl Ranking {
    /// Parses `CCF:A` (also `CCF=A`, `CCF A`); the system is upper-cased.
    ///
    /// # Errors
    /// A sentence naming the text and the expected form.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let (system, rank) = text
            .split_once([':', '=', ' '])
            .map(|(s, r)| (s.trim(), r.trim()))
            .filter(|(s, r)| !s.is_empty() && !r.is_empty())
            .ok_or_else(|| {
                format!("bad rank '{text}': expected SYSTEM:RANK, e.g. CCF:A or CORE:A*")
            })?;
        Ok(Self {
            system: system.to_ascii_uppercase(),
            rank: rank.to_ascii_uppercase(),
        })
    }
}

impl std::fmt::Display for Ranking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.system, self.rank)
    }
}

/// The page an observation came from, with what the fetch learned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObservedSource {
    /// URL or local path.
    pub url: String,
    /// HTTP `ETag`.
    pub etag: Option<String>,
    /// HTTP `Last-Modified`.
    pub last_modified: Option<String>,
    /// sha256 of the body.
    pub content_hash: Option<String>,
    /// HTTP status.
    pub status: Option<i32>,
    /// The conference's own page or community data.
    #[serde(default)]
    pub authority: SourceAuthority,
}

/// One deadline as seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObservedDeadline {
    /// Kind.
    pub kind: DeadlineKind,
    /// Track or cycle, if the source names one.
    pub track: Option<String>,
    /// Date as published.
    pub due_date: NaiveDate,
    /// Last day of a range.
    pub end_date: Option<NaiveDate>,
    /// Time as published.
    pub time: Option<NaiveTime>,
    /// Zone as written.
    pub timezone: Option<String>,
    /// The source's wording.
    pub label: Option<String>,
    /// The value this one replaced when the source shows both (a struck
    /// date beside its extension, python-deadlines' `cfp` beside `cfp_ext`),
    /// so the history keeps the extension.
    #[serde(default)]
    pub replaces: Option<PriorValue>,
}

/// A deadline's earlier value as a source still shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorValue {
    /// Date as published.
    pub due_date: NaiveDate,
    /// Time as published.
    pub time: Option<NaiveTime>,
    /// Zone as written.
    pub timezone: Option<String>,
}

/// What storing an observation did to its conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreStatus {
    /// The conference is new.
    Created,
    /// Something about it changed.
    Updated,
    /// Nothing changed.
    Unchanged,
}

/// The result of [`Repository::store_observation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreOutcome {
    /// The conference's key.
    pub conference_key: String,
    /// Its display name, e.g. `ICML 2026`.
    pub display_name: String,
    /// The series it was resolved to.
    pub series_key: String,
    /// Created, updated or unchanged.
    pub status: StoreStatus,
    /// Every deadline change, in order.
    pub changes: Vec<DeadlineChange>,
}

/// One deadline change, old and new value as text (`2026-01-23 23:59 AoE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineChange {
    /// Kind of the deadline.
    pub kind: DeadlineKind,
    /// Its track, empty for none.
    pub track: String,
    /// Value before; none for a deadline seen for the first time.
    pub old_value: Option<String>,
    /// Value after.
    pub new_value: Option<String>,
}

impl DeadlineChange {
    /// "submission: 2026-01-23 23:59 AoE → 2026-01-30 23:59 AoE".
    pub fn describe(&self) -> String {
        let what = if self.track.is_empty() {
            self.kind.as_str().to_string()
        } else {
            format!("{} ({})", self.kind, self.track)
        };
        match (&self.old_value, &self.new_value) {
            (Some(old), Some(new)) => format!("{what}: {old} → {new}"),
            (None, Some(new)) => format!("{what}: new, {new}"),
            (Some(old), None) => format!("{what}: {old} removed"),
            (None, None) => what,
        }
    }
}

/// Filters for [`Repository::upcoming_deadlines`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeadlineQuery {
    /// Only deadlines at or after this instant (none: no lower bound).
    pub from: Option<DateTime<Utc>>,
    /// Only deadlines before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only these kinds (empty: all).
    pub kinds: Vec<DeadlineKind>,
    /// Only this series (key or any alias).
    pub series: Option<String>,
    /// Only series in this category (case-insensitive: `db` finds `DB`).
    #[serde(default)]
    pub category: Option<String>,
    /// Only series with this rank from this system (`CCF:A`), from any source.
    #[serde(default)]
    pub rank: Option<Ranking>,
    /// At most this many rows.
    pub limit: Option<u64>,
    /// Only conferences whose name, acronym or location, or whose series' name,
    /// acronym, aliases or description, have a word starting with each word of
    /// this text (case-insensitive): `deep learn` finds "Deep Learning".
    #[serde(default)]
    pub search: Option<String>,
    /// Workshops kept, left out, or alone.
    #[serde(default)]
    pub workshops: WorkshopFilter,
}

/// Whether [`DeadlineQuery`] keeps workshops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkshopFilter {
    /// Conferences and workshops.
    #[default]
    Include,
    /// Main conferences only.
    Exclude,
    /// Workshops only.
    Only,
}

impl WorkshopFilter {
    /// The name used in URLs (`workshops=exclude`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Include => "include",
            Self::Exclude => "exclude",
            Self::Only => "only",
        }
    }

    /// Parses `include`, `exclude` or `only` (also `true`/`false`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "include" | "true" | "yes" | "1" => Some(Self::Include),
            "exclude" | "false" | "no" | "0" => Some(Self::Exclude),
            "only" => Some(Self::Only),
            _ => None,
        }
    }
}

/// One conference edition with everything its page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConferenceDetail {
    /// The edition.
    pub conference: Conference,
    /// Its series.
    pub series: Series,
    /// Categories, rankings, tags and description of the series.
    pub facts: SeriesFacts,
    /// The conference hosting it (workshops).
    pub host: Option<Conference>,
    /// The workshops it hosts, by key.
    pub workshops: Vec<Conference>,
    /// The pages it was seen on.
    pub sources: Vec<Source>,
    /// Its deadlines, by UTC instant.
    pub deadlines: Vec<DeadlineView>,
    /// Every source's value of each deadline (by deadline id), the chosen one first.
    pub values: std::collections::HashMap<i32, Vec<SourceValueView>>,
    /// The full history of its deadlines, oldest first.
    pub changes: Vec<ChangeView>,
}

/// A series with its editions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesDetail {
    /// The series.
    pub series: Series,
    /// Other names it is known by.
    pub aliases: Vec<String>,
    /// Categories, rankings, tags and description.
    pub facts: SeriesFacts,
    /// Its editions, newest first.
    pub editions: Vec<Conference>,
    /// The deadlines of every edition, by UTC instant.
    pub deadlines: Vec<DeadlineView>,
}

/// A series in the list of all series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SeriesSummary {
    /// Stable key.
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// Categories.
    pub categories: Vec<String>,
    /// Rankings.
    pub rankings: Vec<Ranking>,
    /// How many editions are known.
    pub editions: u64,
    /// The newest edition's year.
    pub latest_year: Option<i32>,
}

/// The values the filters offer: every category and ranking in use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Categories, sorted.
    pub categories: Vec<String>,
    /// Rankings (`CCF:A`), sorted by system then rank.
    pub rankings: Vec<Ranking>,
}

/// A deadline with what a reader needs beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineView {
    /// Deadline id.
    pub id: i32,
    /// Conference key.
    pub conference_key: String,
    /// Conference name.
    pub conference_name: String,
    /// Conference acronym.
    pub conference_acronym: Option<String>,
    /// For a workshop: its host edition (`NeurIPS 2026`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Conference year.
    pub year: i32,
    /// Series key.
    pub series_key: String,
    /// Kind.
    pub kind: DeadlineKind,
    /// Track, empty for none.
    pub track: String,
    /// Date as published.
    pub due_date: NaiveDate,
    /// Last day of a range.
    pub end_date: Option<NaiveDate>,
    /// Time as published (`HH:MM`).
    pub due_time: Option<String>,
    /// Zone as written.
    pub timezone: Option<String>,
    /// The resolved UTC instant.
    pub due_at: DateTime<Utc>,
    /// The source's wording.
    pub label: Option<String>,
    /// Where it was seen.
    pub source_url: Option<String>,
    /// The latest change of this deadline, if any.
    pub last_change: Option<ChangeView>,
    /// The series' categories.
    #[serde(default)]
    pub categories: Vec<String>,
    /// The series' rankings.
    #[serde(default)]
    pub rankings: Vec<Ranking>,
    /// Sources disagree on this deadline's instant or range (see
    /// [`Repository::conflicts`]); the value shown is the reconciled one.
    #[serde(default)]
    pub conflict: bool,
}

/// One source's value of a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceValueView {
    /// Where it is published.
    pub source_url: String,
    /// The source's authority.
    pub authority: SourceAuthority,
    /// The value as published (`2026-01-30 23:59 AoE`).
    pub value: String,
    /// Its UTC instant.
    pub due_at: DateTime<Utc>,
    /// When this source first showed it.
    pub first_seen_at: DateTime<Utc>,
    /// When this source last showed it.
    pub last_seen_at: DateTime<Utc>,
    /// When this source's value last moved.
    pub changed_at: DateTime<Utc>,
    /// Whether this value is the reconciled one.
    pub chosen: bool,
}

/// A deadline its sources disagree on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineConflict {
    /// The deadline as reconciled.
    pub deadline: DeadlineView,
    /// Every source's value, the chosen one first.
    pub values: Vec<SourceValueView>,
}

/// A recorded change with its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    /// Change id.
    pub id: i32,
    /// Conference key.
    pub conference_key: String,
    /// Conference display name.
    pub conference_name: String,
    /// Deadline kind.
    pub kind: DeadlineKind,
    /// Deadline track.
    pub track: String,
    /// Value before.
    pub old_value: Option<String>,
    /// Value after.
    pub new_value: Option<String>,
    /// When it was detected.
    pub detected_at: DateTime<Utc>,
    /// Where.
    pub source_url: Option<String>,
}

/// One conference with everything known about it, for exports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConferenceSnapshot {
    /// The edition.
    pub conference: Conference,
    /// Its series.
    pub series: Series,
    /// The key of its parent conference (workshops).
    pub parent_key: Option<String>,
    /// The pages it was seen on.
    pub sources: Vec<Source>,
    /// Its deadlines, by UTC instant.
    pub deadlines: Vec<DeadlineView>,
    /// The history of its deadlines, oldest first.
    pub changes: Vec<ChangeView>,
    /// What the sources say about its series (categories, rankings, tags, description).
    pub facts: SeriesFacts,
}

/// A new series for [`Repository::upsert_series`] (the bundled seed list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSeries {
    /// Stable key.
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// Homepage.
    pub homepage: Option<String>,
    /// Other names it is known by.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Counts recorded at the end of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunTally {
    /// Pages stored.
    pub pages_ok: i32,
    /// Pages that failed.
    pub pages_failed: i32,
    /// Pages found unchanged.
    pub pages_unchanged: i32,
    /// Deadline changes detected.
    pub changes_detected: i32,
    /// First errors, one per line.
    pub error_summary: Option<String>,
}

/// A run of `fetch`, `import` or `crawl`, as `runs --json` prints it (a
/// stable shape: docs/operations.md, "JSON of sources and runs").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The run's id.
    pub id: i32,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended; none while running (or when its process died).
    pub finished_at: Option<DateTime<Utc>>,
    /// `running`, `succeeded`, `partial`, `failed`, `interrupted` or `abandoned`.
    pub status: String,
    /// `fetch`, `import` or `crawl`.
    pub command: String,
    /// The worker that ran it (host and process id).
    pub worker: Option<String>,
    /// Pages (or items) stored.
    pub pages_ok: i32,
    /// Pages (or items) that failed.
    pub pages_failed: i32,
    /// Pages (or items) unchanged.
    pub pages_unchanged: i32,
    /// Deadline changes detected.
    pub changes_detected: i32,
    /// The first errors, one per line.
    pub error_summary: Option<String>,
    /// The run's last sign of life.
    pub heartbeat_at: Option<DateTime<Utc>>,
}

impl From<fetch_runs::Model> for RunRecord {
    fn from(run: fetch_runs::Model) -> Self {
        Self {
            id: run.id,
            started_at: utc(run.started_at),
            finished_at: run.finished_at.map(utc),
            status: run.status,
            command: run.command,
            worker: run.worker,
            pages_ok: run.pages_ok,
            pages_failed: run.pages_failed,
            pages_unchanged: run.pages_unchanged,
            changes_detected: run.changes_detected,
            error_summary: run.error_summary,
            heartbeat_at: run.heartbeat_at.map(utc),
        }
    }
}

/// One change notification sent to a webhook, as `deliveries --json` prints
/// it (a stable shape: docs/operations.md, "Seeing the deliveries"). The
/// webhook and the error never hold a secret: see [`crate::notify::redact_webhook`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    /// The delivery's id.
    pub id: i32,
    /// The run whose changes were sent (`runs`), when known.
    pub run_id: Option<i32>,
    /// The webhook without password, query or fragment; for Slack and
    /// Discord (whose path is the secret) only scheme and host.
    pub url: String,
    /// `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: i32,
    /// The last HTTP status the webhook answered, if it answered.
    pub http_status: Option<i32>,
    /// Changes in the message.
    pub changes: i32,
    /// Why the last attempt failed (URLs in it redacted).
    pub error: Option<String>,
    /// When the run handed the changes over.
    pub created_at: DateTime<Utc>,
    /// When the webhook accepted them.
    pub delivered_at: Option<DateTime<Utc>>,
}

/// Which deliveries [`Repository::recent_deliveries`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryQuery {
    /// Only failed ones.
    pub failed_only: bool,
    /// At most this many, newest first.
    pub limit: u64,
}

impl Default for DeliveryQuery {
    fn default() -> Self {
        Self {
            failed_only: false,
            limit: 20,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Still going (or its worker died).
    Running,
    /// Everything went through.
    Succeeded,
    /// Some pages failed.
    Partial,
    /// Nothing went through.
    Failed,
    /// Stopped by a signal.
    Interrupted,
    /// Its process stopped without finishing it (no heartbeat for longer than a lease).
    Abandoned,
}

impl RunStatus {
    /// Every status.
    pub const ALL: [RunStatus; 6] = [
        Self::Running,
        Self::Succeeded,
        Self::Partial,
        Self::Failed,
        Self::Interrupted,
        Self::Abandoned,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Partial => "partial",
            Self::Failed => "failed",
            Self::Interrupted => "interrupted",
            Self::Abandoned => "abandoned",
        }
    }

    /// The one status rule of every command: interrupted when stopped early;
    /// otherwise succeeded when nothing failed, partial when some items
    /// failed and others went through, failed when nothing went through.
    pub fn of_tally(tally: &RunTally, interrupted: bool) -> Self {
        let through = tally.pages_ok + tally.pages_unchanged;
        if interrupted {
            Self::Interrupted
        } else if tally.pages_failed == 0 {
            Self::Succeeded
        } else if through > 0 {
            Self::Partial
        } else {
            Self::Failed
        }
    }
}

/// A run whose process stopped without finishing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbandonedRun {
    /// Run id.
    pub id: i32,
    /// The command (`crawl`, `import`, …).
    pub command: String,
    /// The worker that ran it.
    pub worker: Option<String>,
    /// Crawl-queue claims of that worker given back to the queue.
    pub released_claims: u64,
}

/// ConfRadar's knowledge base.
#[async_trait::async_trait]
pub trait Repository: Send + Sync {
    /// Stores one observed conference (edition, source, deadlines) in one
    /// transaction: resolves the series through its aliases, creates or
    /// updates, and says exactly what happened. Storing the same observation
    /// again changes nothing and records no change.
    ///
    /// # Errors
    /// [`crate::Error::InvalidObservation`] (no year, no name) or a database error.
    async fn store_observation(&self, observation: &Observation) -> Result<StoreOutcome>;

    /// Stores many observations at once (bulk import): the same result as
    /// storing them one after the other with [`Repository::store_observation`],
    /// in a fixed number of statements per batch. One result per observation;
    /// an invalid one fails alone.
    async fn store_observations(&self, observations: &[Observation]) -> Vec<Result<StoreOutcome>> {
        let mut results = Vec::with_capacity(observations.len());
        for observation in observations {
            results.push(self.store_observation(observation).await);
        }
        results
    }

    /// Creates a series with its aliases, or adds the aliases to an existing one. Idempotent.
    ///
    /// # Errors
    /// A database error.
    async fn upsert_series(&self, series: &NewSeries) -> Result<Series>;

    /// A conference by key.
    ///
    /// # Errors
    /// A database error.
    async fn conference_by_key(&self, key: &str) -> Result<Option<Conference>>;

    /// A series by key, acronym or any alias (normalized).
    ///
    /// # Errors
    /// A database error.
    async fn find_series(&self, name_or_alias: &str) -> Result<Option<Series>>;

    /// The editions of a series (by key or alias), newest first.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when no series matches, or a database error.
    async fn conferences_of_series(&self, name_or_alias: &str) -> Result<Vec<Conference>>;

    /// Deadlines ordered by UTC instant, filtered.
    ///
    /// # Errors
    /// A database error.
    async fn upcoming_deadlines(&self, query: &DeadlineQuery) -> Result<Vec<DeadlineView>>;

    /// How many deadlines `query` selects, its limit aside (what a limited
    /// list leaves out).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown series, or a database error.
    async fn count_deadlines(&self, query: &DeadlineQuery) -> Result<u64>;

    /// The changes of the deadlines `query` selects (its window `from`/`until`
    /// applies to the deadlines; its `limit` is not used), detected at or after
    /// `since`, newest first, at most `limit`. The filters run in the database,
    /// so the cost follows `limit`, not the size of the history.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown series, or a database error.
    async fn changes_of_deadlines(
        &self,
        query: &DeadlineQuery,
        since: Option<DateTime<Utc>>,
        limit: u64,
    ) -> Result<Vec<ChangeView>>;

    /// Deadlines whose sources disagree on the instant or range, with every
    /// source's value (ordered like [`Repository::upcoming_deadlines`]).
    ///
    /// # Errors
    /// A database error.
    async fn conflicts(&self, query: &DeadlineQuery) -> Result<Vec<DeadlineConflict>>;

    /// Changes detected at or after `since`, oldest first.
    ///
    /// # Errors
    /// A database error.
    async fn changes_since(&self, since: Option<DateTime<Utc>>) -> Result<Vec<ChangeView>>;

    /// Every conference with its series, sources, deadlines and history
    /// (ordered by series key, then year, then key).
    ///
    /// # Errors
    /// A database error.
    async fn snapshot(&self) -> Result<Vec<ConferenceSnapshot>>;

    /// One edition with its series, host or workshops, sources, deadlines,
    /// every source's value and the full change history; `None` when unknown.
    ///
    /// # Errors
    /// A database error.
    async fn conference_detail(&self, key: &str) -> Result<Option<ConferenceDetail>>;

    /// A series (by key or alias) with its aliases, facts and editions; `None` when unknown.
    ///
    /// # Errors
    /// A database error.
    async fn series_detail(&self, name_or_alias: &str) -> Result<Option<SeriesDetail>>;

    /// Every series with its facts and edition count, by key.
    ///
    /// # Errors
    /// A database error.
    async fn series_list(&self) -> Result<Vec<SeriesSummary>>;

    /// Every category and ranking in use (what the filters offer).
    ///
    /// # Errors
    /// A database error.
    async fn facets(&self) -> Result<Facets>;

    /// A fingerprint of the published data: it changes whenever a write changes
    /// what any page shows, and is cheap to read (caches compare it per request).
    ///
    /// # Errors
    /// A database error.
    async fn data_version(&self) -> Result<String>;

    /// Records the start of a pipeline run; returns its id.
    ///
    /// # Errors
    /// A database error.
    async fn start_run(&self, command: &str, worker: &str) -> Result<i32>;

    /// Records the end of a run.
    ///
    /// # Errors
    /// A database error.
    async fn finish_run(&self, run_id: i32, status: RunStatus, tally: &RunTally) -> Result<()>;

    /// Records that a running command is alive.
    ///
    /// # Errors
    /// A database error.
    async fn heartbeat(&self, run_id: i32) -> Result<()>;

    /// Marks every run still `running` whose last heartbeat (or start) is
    /// older than `lease` as `abandoned`, and gives its worker's crawl-queue
    /// claims back to the queue.
    ///
    /// # Errors
    /// A database error.
    async fn abandon_stale_runs(&self, lease: chrono::Duration) -> Result<Vec<AbandonedRun>>;

    /// The latest runs, newest first.
    ///
    /// # Errors
    /// A database error.
    async fn recent_runs(&self, limit: u64) -> Result<Vec<RunRecord>>;

    /// The latest change notifications sent (`--notify`), newest first,
    /// their webhooks and errors redacted.
    ///
    /// # Errors
    /// A database error.
    async fn recent_deliveries(&self, query: &DeliveryQuery) -> Result<Vec<DeliveryRecord>>;
}
