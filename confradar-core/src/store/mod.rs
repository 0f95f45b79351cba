//! [`SeaOrmRepository`]: the [`Repository`] over SeaORM, one code path for
//! PostgreSQL, SQLite and MySQL/MariaDB.
//!
//! Concurrency: every write is one transaction. Rows that several writers
//! may create at once (series, aliases, conferences, sources, deadlines) are
//! inserted with `ON CONFLICT DO NOTHING` and read back, and the conference
//! row is locked (`SELECT … FOR UPDATE` where the backend has it) before its
//! deadlines are compared, so two writers never both record one change. A
//! transaction that still loses a race (deadlock, serialization failure,
//! SQLite busy) is retried a few times before an error reaches the user.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, IsolationLevel, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, SqlErr,
    TransactionTrait,
};
use sea_orm::{ConnectionTrait, JoinType, PaginatorTrait};

use crate::entity::time::{db_time, utc};
use crate::entity::{
    conferences, deadline_changes, deadline_values, deadlines, fetch_runs, series, series_aliases,
    series_categories, series_rankings, series_tags, sources,
};
use crate::error::{Error, Result};
use crate::kind::DeadlineKind;
use crate::names::{normalize, slug};
use crate::repository::{
    AbandonedRun, ChangeView, Conference, ConferenceSnapshot, DeadlineConflict, DeadlineQuery,
    DeadlineView, DeliveryQuery, DeliveryRecord, NewSeries, Observation, Ranking, Repository,
    RunRecord, RunStatus, RunTally, Series, SeriesFacts, Source, StoreOutcome, WorkshopFilter,
};

mod deliveries;
mod domain;
mod facts;
mod hosts;
mod observe;
mod pages;
mod queue;
mod reconcile;
mod runs;
mod search;

pub(crate) use hosts::resolve_parent;
use hosts::{host_label, label_with_host};
use observe::display_name;

/// How often a transaction that lost a race is tried again.
const MAX_ATTEMPTS: u32 = 6;

/// The SeaORM implementation of [`Repository`].
#[derive(Debug, Clone)]
pub struct SeaOrmRepository {
    db: DatabaseConnection,
    /// SQLite has one writer at a time, and a transaction that reads before it
    /// writes cannot wait for the lock (SQLITE_BUSY_SNAPSHOT): this process's
    /// write transactions take turns here instead.
    sqlite_writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl SeaOrmRepository {
    /// Wraps an open connection (see [`crate::db::open`]).
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            sqlite_writer: std::sync::Arc::default(),
        }
    }

    /// The underlying connection.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }
}

/// Runs `$work` (an expression using the transaction `$txn`) in a
/// transaction, retrying when it loses a race to another writer.
macro_rules! in_transaction {
    ($repo:expr, |$txn:ident| $work:expr) => {{
        let repo: &SeaOrmRepository = &$repo;
        let _turn = match repo.db.get_database_backend() {
            DatabaseBackend::Sqlite => Some(repo.sqlite_writer.lock().await),
            _ => None,
        };
        let db = &repo.db;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            // READ COMMITTED everywhere: MySQL's default REPEATABLE READ would hide a
            // row another writer committed after our snapshot, right after our
            // insert of it conflicted. (SQLite has one writer; it keeps its default.)
            let isolation = match db.get_database_backend() {
                DatabaseBackend::Sqlite => None,
                _ => Some(IsolationLevel::ReadCommitted),
            };
            let $txn = match db.begin_with_config(isolation, None).await {
                Ok(txn) => txn,
                Err(err) => break Err(Error::from(err)),
            };
            let result = match $work.await {
                Ok(value) => $txn.commit().await.map(|()| value).map_err(Error::from),
                Err(err) => {
                    // Dropping would roll back too; do it now so the retry starts clean.
                    let _ = $txn.rollback().await;
                    Err(err)
                }
            };
            match result {
                Err(Error::Db(err)) if attempt < MAX_ATTEMPTS && is_transient(&err) => {
                    tracing::debug!("transaction lost a race (attempt {attempt}): {err}; retrying");
                    tokio::time::sleep(Duration::from_millis(10 * u64::from(attempt * attempt)))
                        .await;
                }
                other => break other,
            }
        }
    }};
}

/// Errors that another writer caused and a retry can fix.
fn is_transient(err: &DbErr) -> bool {
    if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        return true;
    }
    let text = err.to_string().to_ascii_lowercase();
    [
        "deadlock",
        "could not serialize",
        "serialization failure",
        "database is locked",
        "database table is locked",
        "lock wait timeout",
        "duplicate key",
        "duplicate entry",
        "unique constraint failed",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

/// `2026-01-23 23:59 AoE`, `2026-07-27 – 2026-08-01`: a deadline's value as
/// the change history shows it.
pub fn describe_value(
    date: chrono::NaiveDate,
    end_date: Option<chrono::NaiveDate>,
    time: Option<&str>,
    timezone: Option<&str>,
) -> String {
    let mut text = date.to_string();
    if let Some(end) = end_date {
        text.push_str(&format!(" – {end}"));
    }
    if let Some(time) = time {
        text.push(' ');
        text.push_str(time);
    }
    if let Some(zone) = timezone {
        text.push(' ');
        text.push_str(zone);
    }
    text
}

pub(crate) fn time_text(time: Option<NaiveTime>) -> Option<String> {
    time.map(|t| t.format("%H:%M").to_string())
}

pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max).collect()
    }
}

pub(crate) fn nonempty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

async fn series_by_alias<C: ConnectionTrait>(db: &C, text: &str) -> Result<Option<series::Model>> {
    let wanted = normalize(text);
    if wanted.is_empty() {
        return Ok(None);
    }
    if let Some(found) = series::Entity::find()
        .filter(series::Column::Key.eq(slug(text)))
        .one(db)
        .await?
    {
        return Ok(Some(found));
    }
    let alias = series_aliases::Entity::find()
        .filter(series_aliases::Column::Alias.eq(wanted))
        .one(db)
        .await?;
    match alias {
        Some(alias) => Ok(series::Entity::find_by_id(alias.series_id).one(db).await?),
        None => Ok(None),
    }
}

async fn add_aliases<C: ConnectionTrait>(db: &C, series_id: i32, names: &[&str]) -> Result<()> {
    let mut seen = HashSet::new();
    for name in names {
        let alias = clip(&normalize(name), 512);
        if alias.is_empty() || !seen.insert(alias.clone()) {
            continue;
        }
        let row = series_aliases::ActiveModel {
            series_id: Set(series_id),
            alias: Set(alias),
            display: Set(clip(name.trim(), 512)),
            ..Default::default()
        };
        // An alias another series already owns stays with it.
        series_aliases::Entity::insert(row)
            .on_conflict_do_nothing_on([series_aliases::Column::Alias])
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

async fn insert_series<C: ConnectionTrait>(
    db: &C,
    key: &str,
    name: &str,
    acronym: Option<&str>,
    homepage: Option<&str>,
    now: DateTime<Utc>,
) -> Result<series::Model> {
    let row = series::ActiveModel {
        key: Set(key.to_string()),
        name: Set(clip(name, 512)),
        acronym: Set(acronym.map(|a| clip(a, 64))),
        homepage: Set(homepage.map(|h| clip(h, 700))),
        created_at: Set(db_time(now)),
        updated_at: Set(db_time(now)),
        ..Default::default()
    };
    series::Entity::insert(row)
        .on_conflict_do_nothing_on([series::Column::Key])
        .exec_without_returning(db)
        .await?;
    series::Entity::find()
        .filter(series::Column::Key.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "series",
            key: key.to_string(),
        })
}

async fn upsert_series_in(txn: &DatabaseTransaction, new: &NewSeries) -> Result<series::Model> {
    let key = slug(&new.key);
    if key.is_empty() {
        return Err(Error::InvalidObservation(format!(
            "series key '{}' has no letters or digits",
            new.key
        )));
    }
    let stored = insert_series(
        txn,
        &key,
        &new.name,
        new.acronym.as_deref(),
        new.homepage.as_deref(),
        Utc::now(),
    )
    .await?;
    let mut names: Vec<&str> = vec![&new.name, &new.key];
    names.extend(new.acronym.as_deref());
    names.extend(new.aliases.iter().map(String::as_str));
    add_aliases(txn, stored.id, &names).await?;
    Ok(stored)
}

fn parse_kind(text: &str) -> DeadlineKind {
    text.parse().unwrap_or(DeadlineKind::Other)
}

#[async_trait::async_trait]
impl Repository for SeaOrmRepository {
    async fn store_observation(&self, observation: &Observation) -> Result<StoreOutcome> {
        let year = observe::validate(observation)?;
        let mut stored = in_transaction!(self, |txn| observe::store_valid(
            &txn,
            &[(observation, year)]
        ))?;
        stored
            .pop()
            .ok_or_else(|| Error::InvalidObservation("nothing was stored".into()))
    }

    async fn store_observations(&self, observations: &[Observation]) -> Vec<Result<StoreOutcome>> {
        let mut results: Vec<Option<Result<StoreOutcome>>> = Vec::with_capacity(observations.len());
        let mut valid = Vec::new();
        for (index, observation) in observations.iter().enumerate() {
            match observe::validate(observation) {
                Ok(year) => {
                    valid.push((index, observation, year));
                    results.push(None);
                }
                Err(err) => results.push(Some(Err(err))),
            }
        }
        let batch: Vec<(&Observation, i32)> = valid.iter().map(|&(_, o, y)| (o, y)).collect();
        match in_transaction!(self, |txn| observe::store_valid(&txn, &batch)) {
            Ok(outcomes) => {
                for ((index, _, _), outcome) in valid.iter().zip(outcomes) {
                    results[*index] = Some(Ok(outcome));
                }
            }
            // The batch failed as a whole: store its items one by one so that
            // only the item at fault fails.
            Err(err) => {
                tracing::debug!(
                    "batch of {} failed ({err}); storing its items one by one",
                    batch.len()
                );
                for (index, observation, _) in &valid {
                    results[*index] = Some(self.store_observation(observation).await);
                }
            }
        }
        results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| Err(Error::InvalidObservation("nothing was stored".into())))
            })
            .collect()
    }

    async fn upsert_series(&self, new: &NewSeries) -> Result<Series> {
        in_transaction!(self, |txn| upsert_series_in(&txn, new)).map(Series::from)
    }

    async fn conference_by_key(&self, key: &str) -> Result<Option<Conference>> {
        Ok(self.conference_row(key).await?.map(Conference::from))
    }

    async fn find_series(&self, name_or_alias: &str) -> Result<Option<Series>> {
        Ok(series_by_alias(&self.db, name_or_alias)
            .await?
            .map(Series::from))
    }

    async fn conferences_of_series(&self, name_or_alias: &str) -> Result<Vec<Conference>> {
        let series = series_by_alias(&self.db, name_or_alias)
            .await?
            .ok_or_else(|| Error::NotFound {
                what: "series",
                key: name_or_alias.to_string(),
            })?;
        Ok(conferences::Entity::find()
            .filter(conferences::Column::SeriesId.eq(series.id))
            .order_by_desc(conferences::Column::Year)
            .order_by_asc(conferences::Column::Key)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Conference::from)
            .collect())
    }

    async fn upcoming_deadlines(&self, query: &DeadlineQuery) -> Result<Vec<DeadlineView>> {
        let mut select = deadlines::Entity::find()
            .join(JoinType::InnerJoin, deadlines::Relation::Conference.def())
            .filter(self.deadline_condition(query).await?)
            .order_by_asc(deadlines::Column::DueAt)
            .order_by_asc(deadlines::Column::Id);
        if let Some(limit) = query.limit {
            select = select.limit(limit);
        }
        let rows = select.all(&self.db).await?;
        Ok(self.deadline_views(rows).await?.0)
    }

    async fn count_deadlines(&self, query: &DeadlineQuery) -> Result<u64> {
        Ok(deadlines::Entity::find()
            .join(JoinType::InnerJoin, deadlines::Relation::Conference.def())
            .filter(self.deadline_condition(query).await?)
            .count(&self.db)
            .await?)
    }

    async fn changes_of_deadlines(
        &self,
        query: &DeadlineQuery,
        since: Option<DateTime<Utc>>,
        limit: u64,
    ) -> Result<Vec<ChangeView>> {
        // One statement: the changes joined to their deadlines and conferences,
        // filtered like the deadlines, newest first, cut in the database.
        let mut select = deadline_changes::Entity::find()
            .join(
                JoinType::InnerJoin,
                deadline_changes::Relation::Deadline.def(),
            )
            .join(JoinType::InnerJoin, deadlines::Relation::Conference.def())
            .filter(self.deadline_condition(query).await?);
        if let Some(since) = since {
            select = select.filter(deadline_changes::Column::DetectedAt.gte(db_time(since)));
        }
        let rows = select
            .order_by_desc(deadline_changes::Column::DetectedAt)
            .order_by_desc(deadline_changes::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        self.change_views(rows).await
    }

    async fn conflicts(&self, query: &DeadlineQuery) -> Result<Vec<DeadlineConflict>> {
        let unlimited = DeadlineQuery {
            limit: None,
            ..query.clone()
        };
        let views = self.upcoming_deadlines(&unlimited).await?;
        let ids: Vec<i32> = views.iter().filter(|v| v.conflict).map(|v| v.id).collect();
        let rows = self.deadlines_by_id(&ids).await?;
        let (_, mut values_of) = self.deadline_views(rows).await?;
        let source_ids: HashSet<i32> = values_of.values().flatten().map(|v| v.source_id).collect();
        let sources = self.sources_by_id(source_ids).await?;
        let mut out = Vec::new();
        for view in views.into_iter().filter(|v| v.conflict) {
            let values = pages::source_values(
                &view,
                values_of.remove(&view.id).unwrap_or_default(),
                &sources,
            );
            out.push(DeadlineConflict {
                deadline: view,
                values,
            });
            if query.limit.is_some_and(|limit| out.len() as u64 >= limit) {
                break;
            }
        }
        Ok(out)
    }

    async fn changes_since(&self, since: Option<DateTime<Utc>>) -> Result<Vec<ChangeView>> {
        let mut select = deadline_changes::Entity::find();
        if let Some(since) = since {
            select = select.filter(deadline_changes::Column::DetectedAt.gte(db_time(since)));
        }
        let rows = select
            .order_by_asc(deadline_changes::Column::DetectedAt)
            .order_by_asc(deadline_changes::Column::Id)
            .all(&self.db)
            .await?;
        self.change_views(rows).await
    }

    async fn snapshot(&self) -> Result<Vec<ConferenceSnapshot>> {
        let all_series: HashMap<i32, Series> = series::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| (s.id, Series::from(s)))
            .collect();
        let all_conferences = conferences::Entity::find().all(&self.db).await?;
        let keys: HashMap<i32, String> = all_conferences
            .iter()
            .map(|c| (c.id, c.key.clone()))
            .collect();
        let mut sources_of: HashMap<i32, Vec<Source>> = HashMap::new();
        for source in sources::Entity::find()
            .order_by_asc(sources::Column::Id)
            .all(&self.db)
            .await?
        {
            sources_of
                .entry(source.conference_id)
                .or_default()
                .push(Source::from(source));
        }
        let deadline_rows = deadlines::Entity::find()
            .order_by_asc(deadlines::Column::DueAt)
            .order_by_asc(deadlines::Column::Id)
            .all(&self.db)
            .await?;
        let mut deadlines_of: HashMap<String, Vec<DeadlineView>> = HashMap::new();
        for view in self.deadline_views(deadline_rows).await?.0 {
            deadlines_of
                .entry(view.conference_key.clone())
                .or_default()
                .push(view);
        }
        let mut changes_of: HashMap<String, Vec<ChangeView>> = HashMap::new();
        for change in self.changes_since(None).await? {
            changes_of
                .entry(change.conference_key.clone())
                .or_default()
                .push(change);
        }
        let facts = self.series_facts(None).await?;
        let mut out: Vec<ConferenceSnapshot> = all_conferences
            .into_iter()
            .filter_map(|conference| {
                let series = all_series.get(&conference.series_id)?.clone();
                Some(ConferenceSnapshot {
                    facts: SeriesFacts {
                        description: series.description.clone(),
                        ..facts.get(&series.id).cloned().unwrap_or_default()
                    },
                    parent_key: conference.parent_id.and_then(|id| keys.get(&id).cloned()),
                    sources: sources_of.remove(&conference.id).unwrap_or_default(),
                    deadlines: deadlines_of.remove(&conference.key).unwrap_or_default(),
                    changes: changes_of.remove(&conference.key).unwrap_or_default(),
                    series,
                    conference: Conference::from(conference),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.series.key, a.conference.year, &a.conference.key).cmp(&(
                &b.series.key,
                b.conference.year,
                &b.conference.key,
            ))
        });
        Ok(out)
    }

    async fn conference_detail(
        &self,
        key: &str,
    ) -> Result<Option<crate::repository::ConferenceDetail>> {
        self.load_conference_detail(key).await
    }

    async fn series_detail(
        &self,
        name_or_alias: &str,
    ) -> Result<Option<crate::repository::SeriesDetail>> {
        self.load_series_detail(name_or_alias).await
    }

    async fn series_list(&self) -> Result<Vec<crate::repository::SeriesSummary>> {
        self.load_series_list().await
    }

    async fn facets(&self) -> Result<crate::repository::Facets> {
        self.load_facets().await
    }

    async fn data_version(&self) -> Result<String> {
        self.load_data_version().await
    }

    async fn start_run(&self, command: &str, worker: &str) -> Result<i32> {
        let now = Utc::now();
        let row = fetch_runs::ActiveModel {
            started_at: Set(db_time(now)),
            heartbeat_at: Set(Some(db_time(now))),
            status: Set(RunStatus::Running.as_str().to_string()),
            command: Set(clip(command, 32)),
            worker: Set(Some(clip(worker, 128))),
            pages_ok: Set(0),
            pages_failed: Set(0),
            pages_unchanged: Set(0),
            changes_detected: Set(0),
            ..Default::default()
        };
        Ok(fetch_runs::Entity::insert(row)
            .exec(&self.db)
            .await?
            .last_insert_id)
    }

    async fn finish_run(&self, run_id: i32, status: RunStatus, tally: &RunTally) -> Result<()> {
        let row = fetch_runs::ActiveModel {
            id: Set(run_id),
            finished_at: Set(Some(db_time(Utc::now()))),
            status: Set(status.as_str().to_string()),
            pages_ok: Set(tally.pages_ok),
            pages_failed: Set(tally.pages_failed),
            pages_unchanged: Set(tally.pages_unchanged),
            changes_detected: Set(tally.changes_detected),
            error_summary: Set(tally.error_summary.clone()),
            ..Default::default()
        };
        row.update(&self.db).await?;
        Ok(())
    }

    async fn heartbeat(&self, run_id: i32) -> Result<()> {
        runs::heartbeat(&self.db, run_id).await
    }

    async fn abandon_stale_runs(&self, lease: chrono::Duration) -> Result<Vec<AbandonedRun>> {
        runs::abandon_stale(&self.db, lease).await
    }

    async fn recent_deliveries(&self, query: &DeliveryQuery) -> Result<Vec<DeliveryRecord>> {
        self.load_deliveries(query).await
    }

    async fn recent_runs(&self, limit: u64) -> Result<Vec<RunRecord>> {
        Ok(fetch_runs::Entity::find()
            .order_by_desc(fetch_runs::Column::StartedAt)
            .order_by_desc(fetch_runs::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(RunRecord::from)
            .collect())
    }
}

impl SeaOrmRepository {
    /// The row of a conference by key (the trait hands out its domain record).
    async fn conference_row(&self, key: &str) -> Result<Option<conferences::Model>> {
        Ok(conferences::Entity::find()
            .filter(conferences::Column::Key.eq(key.trim().to_ascii_lowercase()))
            .one(&self.db)
            .await?)
    }

    /// The condition on `deadlines` joined with `conferences` that selects
    /// what `query` asks for (its limit aside). Looking up the series is the
    /// only statement it runs.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown series, or a database error.
    async fn deadline_condition(&self, query: &DeadlineQuery) -> Result<Condition> {
        let mut all = Condition::all();
        if let Some(from) = query.from {
            all = all.add(deadlines::Column::DueAt.gte(db_time(from)));
        }
        if let Some(until) = query.until {
            all = all.add(deadlines::Column::DueAt.lt(db_time(until)));
        }
        if !query.kinds.is_empty() {
            all = all.add(deadlines::Column::Kind.is_in(query.kinds.iter().map(|k| k.as_str())));
        }
        if let Some(name) = nonempty(query.series.as_deref()) {
            let series = self
                .find_series(name)
                .await?
                .ok_or_else(|| Error::NotFound {
                    what: "series",
                    key: name.to_string(),
                })?;
            all = all.add(conferences::Column::SeriesId.eq(series.id));
        }
        if let Some(category) = nonempty(query.category.as_deref()) {
            all = all.add(
                conferences::Column::SeriesId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(series_categories::Column::SeriesId)
                        .from(series_categories::Entity)
                        .and_where(
                            series_categories::Column::Category.eq(facts::category_key(category)),
                        )
                        .to_owned(),
                ),
            );
        }
        if let Some(ranking) = &query.rank {
            all = all.add(
                conferences::Column::SeriesId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(series_rankings::Column::SeriesId)
                        .from(series_rankings::Entity)
                        .and_where(
                            series_rankings::Column::System
                                .eq(ranking.system.trim().to_uppercase()),
                        )
                        .and_where(
                            series_rankings::Column::Rank.eq(ranking.rank.trim().to_uppercase()),
                        )
                        .to_owned(),
                ),
            );
        }
        let workshop = crate::repository::ConferenceKind::Workshop.as_str();
        match query.workshops {
            WorkshopFilter::Include => {}
            WorkshopFilter::Exclude => all = all.add(conferences::Column::Kind.ne(workshop)),
            WorkshopFilter::Only => all = all.add(conferences::Column::Kind.eq(workshop)),
        }
        if let Some(text) = nonempty(query.search.as_deref()) {
            all = all.add(search::matching(self.db.get_database_backend(), text));
        }
        Ok(all)
    }

    async fn conferences_by_id(
        &self,
        ids: impl Iterator<Item = i32>,
    ) -> Result<HashMap<i32, conferences::Model>> {
        let ids: HashSet<i32> = ids.collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut found: HashMap<i32, conferences::Model> = conferences::Entity::find()
            .filter(conferences::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        // Workshops are shown with their host, so the hosts come along.
        let hosts: HashSet<i32> = found
            .values()
            .filter_map(|c| c.parent_id)
            .filter(|id| !found.contains_key(id))
            .collect();
        if !hosts.is_empty() {
            for host in conferences::Entity::find()
                .filter(conferences::Column::Id.is_in(hosts))
                .all(&self.db)
                .await?
            {
                found.insert(host.id, host);
            }
        }
        Ok(found)
    }

    async fn source_urls(&self, ids: impl Iterator<Item = i32>) -> Result<HashMap<i32, String>> {
        let ids: HashSet<i32> = ids.collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(sources::Entity::find()
            .filter(sources::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.url))
            .collect())
    }

    async fn deadlines_by_id(&self, ids: &[i32]) -> Result<Vec<deadlines::Model>> {
        let mut rows = Vec::new();
        for chunk in ids.chunks(500) {
            rows.extend(
                deadlines::Entity::find()
                    .filter(deadlines::Column::Id.is_in(chunk.to_vec()))
                    .order_by_asc(deadlines::Column::DueAt)
                    .order_by_asc(deadlines::Column::Id)
                    .all(&self.db)
                    .await?,
            );
        }
        Ok(rows)
    }

    async fn sources_by_id(&self, ids: HashSet<i32>) -> Result<HashMap<i32, sources::Model>> {
        let ids: Vec<i32> = ids.into_iter().collect();
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            for s in sources::Entity::find()
                .filter(sources::Column::Id.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?
            {
                out.insert(s.id, s);
            }
        }
        Ok(out)
    }

    /// Categories, rankings and tags of the given series (all when `None`),
    /// sorted and without repeats. Descriptions live on the series rows.
    async fn series_facts(&self, ids: Option<&[i32]>) -> Result<HashMap<i32, SeriesFacts>> {
        let mut facts: HashMap<i32, SeriesFacts> = HashMap::new();
        let chunks: Vec<Option<Vec<i32>>> = match ids {
            Some(ids) => ids.chunks(500).map(|c| Some(c.to_vec())).collect(),
            None => vec![None],
        };
        for chunk in chunks {
            let mut categories = series_categories::Entity::find();
            let mut rankings = series_rankings::Entity::find();
            let mut tags = series_tags::Entity::find();
            if let Some(chunk) = chunk {
                categories =
                    categories.filter(series_categories::Column::SeriesId.is_in(chunk.clone()));
                rankings = rankings.filter(series_rankings::Column::SeriesId.is_in(chunk.clone()));
                tags = tags.filter(series_tags::Column::SeriesId.is_in(chunk));
            }
            for c in categories.all(&self.db).await? {
                facts
                    .entry(c.series_id)
                    .or_default()
                    .categories
                    .push(c.category);
            }
            for r in rankings.all(&self.db).await? {
                facts
                    .entry(r.series_id)
                    .or_default()
                    .rankings
                    .push(Ranking {
                        system: r.system,
                        rank: r.rank,
                    });
            }
            for t in tags.all(&self.db).await? {
                facts.entry(t.series_id).or_default().tags.push(t.tag);
            }
        }
        for f in facts.values_mut() {
            f.categories.sort();
            f.categories.dedup();
            f.rankings
                .sort_by(|a, b| (&a.system, &a.rank).cmp(&(&b.system, &b.rank)));
            f.rankings.dedup();
            f.tags.sort();
            f.tags.dedup();
        }
        Ok(facts)
    }

    /// The views of `rows`, and every source's value of each (by deadline id).
    async fn deadline_views(
        &self,
        rows: Vec<deadlines::Model>,
    ) -> Result<(Vec<DeadlineView>, HashMap<i32, Vec<deadline_values::Model>>)> {
        let conferences = self
            .conferences_by_id(rows.iter().map(|d| d.conference_id))
            .await?;
        let conference_ids: Vec<i32> = conferences.keys().copied().collect();
        let mut values_by_identity: HashMap<
            (i32, String, String, i32),
            Vec<deadline_values::Model>,
        > = HashMap::new();
        for chunk in conference_ids.chunks(500) {
            for v in deadline_values::Entity::find()
                .filter(deadline_values::Column::ConferenceId.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?
            {
                values_by_identity
                    .entry((v.conference_id, v.kind.clone(), v.track.clone(), v.ordinal))
                    .or_default()
                    .push(v);
            }
        }
        let all_series: Vec<i32> = conferences
            .values()
            .map(|c| c.series_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let facts = self.series_facts(Some(&all_series)).await?;
        let series_ids: HashSet<i32> = conferences.values().map(|c| c.series_id).collect();
        let series_keys: HashMap<i32, String> = if series_ids.is_empty() {
            HashMap::new()
        } else {
            series::Entity::find()
                .filter(series::Column::Id.is_in(series_ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|s| (s.id, s.key))
                .collect()
        };
        let urls = self
            .source_urls(rows.iter().filter_map(|d| d.source_id))
            .await?;
        let mut last_changes: HashMap<i32, deadline_changes::Model> = HashMap::new();
        for chunk in rows.chunks(500) {
            let ids: Vec<i32> = chunk.iter().map(|d| d.id).collect();
            for change in deadline_changes::Entity::find()
                .filter(deadline_changes::Column::DeadlineId.is_in(ids))
                .filter(deadline_changes::Column::Field.eq("due"))
                .order_by_asc(deadline_changes::Column::Id)
                .all(&self.db)
                .await?
            {
                last_changes.insert(change.deadline_id, change);
            }
        }
        let mut views = Vec::with_capacity(rows.len());
        let mut values_of = HashMap::new();
        for d in rows {
            let Some(conf) = conferences.get(&d.conference_id) else {
                continue;
            };
            let values = values_by_identity
                .remove(&(d.conference_id, d.kind.clone(), d.track.clone(), d.ordinal))
                .unwrap_or_default();
            let conflict = reconcile::disagree(
                values
                    .iter()
                    .map(|v| (utc(v.due_at), v.end_date))
                    .collect::<Vec<_>>()
                    .iter(),
            );
            let series_facts = facts.get(&conf.series_id);
            let kind = parse_kind(&d.kind);
            let last_change = last_changes.get(&d.id).map(|c| ChangeView {
                id: c.id,
                conference_key: conf.key.clone(),
                conference_name: label_with_host(conf, &conferences),
                kind,
                track: d.track.clone(),
                old_value: c.old_value.clone(),
                new_value: c.new_value.clone(),
                detected_at: utc(c.detected_at),
                source_url: c.source_id.and_then(|id| urls.get(&id).cloned()),
            });
            views.push(DeadlineView {
                id: d.id,
                conference_key: conf.key.clone(),
                conference_name: label_with_host(conf, &conferences),
                conference_acronym: conf.acronym.clone(),
                host: host_label(conf, &conferences),
                year: conf.year,
                series_key: series_keys
                    .get(&conf.series_id)
                    .cloned()
                    .unwrap_or_default(),
                kind,
                track: d.track,
                due_date: d.due_date,
                end_date: d.end_date,
                due_time: d.due_time,
                timezone: d.timezone,
                due_at: utc(d.due_at),
                label: d.label,
                source_url: d.source_id.and_then(|id| urls.get(&id).cloned()),
                last_change,
                categories: series_facts
                    .map(|f| f.categories.clone())
                    .unwrap_or_default(),
                rankings: series_facts.map(|f| f.rankings.clone()).unwrap_or_default(),
                conflict,
            });
            values_of.insert(d.id, values);
        }
        Ok((views, values_of))
    }

    async fn change_views(&self, rows: Vec<deadline_changes::Model>) -> Result<Vec<ChangeView>> {
        let conferences = self
            .conferences_by_id(rows.iter().map(|c| c.conference_id))
            .await?;
        let urls = self
            .source_urls(rows.iter().filter_map(|c| c.source_id))
            .await?;
        let mut deadlines_by_id: HashMap<i32, deadlines::Model> = HashMap::new();
        for chunk in rows.chunks(500) {
            let ids: Vec<i32> = chunk.iter().map(|c| c.deadline_id).collect();
            for d in deadlines::Entity::find()
                .filter(deadlines::Column::Id.is_in(ids))
                .all(&self.db)
                .await?
            {
                deadlines_by_id.insert(d.id, d);
            }
        }
        Ok(rows
            .into_iter()
            .filter_map(|c| {
                let conf = conferences.get(&c.conference_id)?;
                let deadline = deadlines_by_id.get(&c.deadline_id)?;
                Some(ChangeView {
                    id: c.id,
                    conference_key: conf.key.clone(),
                    conference_name: label_with_host(conf, &conferences),
                    kind: parse_kind(&deadline.kind),
                    track: deadline.track.clone(),
                    old_value: c.old_value,
                    new_value: c.new_value,
                    detected_at: utc(c.detected_at),
                    source_url: c.source_id.and_then(|id| urls.get(&id).cloned()),
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::DeadlineKind;
    use crate::repository::DeadlineChange;

    #[test]
    fn values_read_like_the_page() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 23).unwrap();
        assert_eq!(
            describe_value(date, None, Some("23:59"), Some("AoE")),
            "2026-01-23 23:59 AoE"
        );
        assert_eq!(describe_value(date, None, None, None), "2026-01-23");
    }

    #[test]
    fn change_descriptions_name_old_and_new() {
        let change = DeadlineChange {
            kind: DeadlineKind::Submission,
            track: String::new(),
            old_value: Some("2026-01-23 AoE".into()),
            new_value: Some("2026-01-30 AoE".into()),
        };
        assert_eq!(
            change.describe(),
            "submission: 2026-01-23 AoE → 2026-01-30 AoE"
        );
    }
}
