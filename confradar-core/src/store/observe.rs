//! Storing observations, many at a time: one code path for a single page
//! (`fetch`) and for a batch of thousands of items (`import`).
//!
//! A batch costs a fixed number of statements, not a number per item: the
//! series, aliases, conferences, sources and deadlines of every observation
//! are read with `IN (…)` lists and written with multi-row inserts
//! (`ON CONFLICT DO NOTHING` for rows other writers may create too, upserts
//! by primary key for updates). Conference rows are locked (`FOR UPDATE`,
//! in id order) before their deadlines are compared, so concurrent writers
//! never both record one change.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::Iterable;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::reconcile::{Candidate, Moment, Value, choose};
use super::{clip, describe_value, nonempty, resolve_parent, time_text};
use crate::entity::time::{db_time, utc};
use crate::entity::{
    conferences, deadline_changes, deadline_values, deadlines, series, series_aliases, sources,
};
use crate::error::{Error, Result};
use crate::kind::DeadlineKind;
use crate::names::{normalize, slug, split_edition_key};
use crate::repository::{
    ConferenceKind, DeadlineChange, Observation, ObservedDeadline, SourceAuthority, StoreOutcome,
    StoreStatus,
};
use crate::timezone::resolve_due_at;

/// Bind parameters per statement over a network connection: far under every
/// backend's limit, and small enough that a statement usually fits a fresh
/// TCP socket's 16 KiB send buffer. sqlx 0.9.0 does not set TCP_NODELAY, and
/// a larger message sits out a ~40 ms delayed ACK (measured: 10,000 items
/// over TCP took 8.3 s with 2,000 parameters per statement, 1.2 s with 600).
const PARAMS_PER_STATEMENT: usize = 600;

/// SQLite runs in process: fewer, larger statements are faster there.
const PARAMS_PER_STATEMENT_SQLITE: usize = 6_000;

fn params_per_statement(txn: &DatabaseTransaction) -> usize {
    match txn.get_database_backend() {
        DatabaseBackend::Sqlite => PARAMS_PER_STATEMENT_SQLITE,
        _ => PARAMS_PER_STATEMENT,
    }
}

/// Keys per `IN (…)` lookup.
fn keys_per_lookup(txn: &DatabaseTransaction) -> usize {
    params_per_statement(txn)
}

/// Rows per multi-row insert into `E`'s table.
fn rows_per_insert<E: EntityTrait>(txn: &DatabaseTransaction) -> usize {
    (params_per_statement(txn) / E::Column::iter().count().max(1)).max(1)
}

/// The days a deadline may fall on: what a MySQL/MariaDB `DATETIME` column
/// holds (years 1000 to 9999), a day kept clear at each end for the zone.
/// The same on every backend, so that a knowledge base can be copied from
/// one to another; SQLite's text and RFC 3339 also sort and parse only
/// four-digit years (docs/architecture.md, "Times after 2038 on
/// MySQL/MariaDB").
fn storable_days() -> std::ops::RangeInclusive<chrono::NaiveDate> {
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    day(1000, 1, 2)..=day(9999, 12, 30)
}

/// The year of an observation, or why it cannot be stored.
pub(super) fn validate(obs: &Observation) -> Result<i32> {
    let year = validate_fields(obs)?;
    let days = storable_days();
    let outside = obs.deadlines.iter().find_map(|d| {
        [Some(d.due_date), d.end_date]
            .into_iter()
            .flatten()
            .find(|day| !days.contains(day))
            .map(|day| (d, day))
    });
    if let Some((d, day)) = outside {
        return Err(Error::InvalidObservation(format!(
            "the {} deadline {} of '{}' is outside the dates ConfRadar stores ({} to {})",
            d.kind,
            day,
            display_hint(obs),
            days.start(),
            days.end()
        )));
    }
    Ok(year)
}

/// The name an error gives an observation.
fn display_hint(obs: &Observation) -> &str {
    if obs.name.is_empty() {
        obs.acronym.as_deref().unwrap_or("?")
    } else {
        &obs.name
    }
}

/// The year of an observation, or why it cannot be stored anywhere.
fn validate_fields(obs: &Observation) -> Result<i32> {
    let year = obs
        .year
        .or_else(|| obs.key.as_deref().and_then(|k| split_edition_key(k).1))
        .ok_or_else(|| {
            Error::InvalidObservation(format!(
                "'{}' has no year: give the edition's year (or a key such as icml2026)",
                display_hint(obs)
            ))
        })?;
    if !(1900..=2200).contains(&year) {
        return Err(Error::InvalidObservation(format!(
            "year {year} is out of range (1900–2200)"
        )));
    }
    if obs.name.trim().is_empty()
        && nonempty(obs.acronym.as_deref()).is_none()
        && nonempty(obs.series_hint.as_deref()).is_none()
        && nonempty(obs.key.as_deref()).is_none()
    {
        return Err(Error::InvalidObservation(
            "the conference has neither a name nor an acronym".into(),
        ));
    }
    if let Some(source) = &obs.source {
        let len = source.url.chars().count();
        if len > 700 {
            return Err(Error::InvalidObservation(format!(
                "source URL is {len} characters long; ConfRadar stores URLs of up to 700"
            )));
        }
    }
    Ok(year)
}

/// The series an observation gets within a batch: one found, or one to create.
#[derive(Clone)]
enum NewSeries {
    Existing(series::Model),
    Key(String),
}

/// One valid observation on its way through the batch.
struct Item<'a> {
    obs: &'a Observation,
    year: i32,
    series: Option<series::Model>,
    conference: Option<conferences::Model>,
    created: bool,
    conference_changed: bool,
    source_id: Option<i32>,
}

/// The names an observation may be filed under, strongest first.
fn candidates(obs: &Observation) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(hint) = nonempty(obs.series_hint.as_deref()) {
        out.push(hint.to_string());
        return out;
    }
    out.extend(nonempty(obs.acronym.as_deref()).map(str::to_string));
    if !obs.name.trim().is_empty() {
        out.push(obs.name.trim().to_string());
    }
    if let Some(key) = nonempty(obs.key.as_deref()) {
        out.push(series_part_of_key(key, obs.year));
    }
    out
}

/// `neurips2025` → `neurips`; `icml26` → `icml` when the edition is of 2026.
fn series_part_of_key(key: &str, year: Option<i32>) -> String {
    let (head, four_digit_year) = split_edition_key(key);
    if four_digit_year.is_some() {
        return head;
    }
    match year.map(|y| format!("{:02}", y.rem_euclid(100))) {
        Some(short) if head.len() > 2 && head.ends_with(&short) => head[..head.len() - 2]
            .trim_end_matches(['-', '_'])
            .to_string(),
        _ => head,
    }
}

/// Whether an edition key tells its year: `icml2026`, `sp2026-summer`, `icml26`.
fn key_names_year(key: &str, year: i32) -> bool {
    let short = format!("{:02}", year.rem_euclid(100));
    key.contains(&year.to_string()) || key.trim_end_matches(['-', '_']).ends_with(&short)
}

/// The key a new series gets.
fn new_series_key(obs: &Observation) -> String {
    if let Some(hint) = nonempty(obs.series_hint.as_deref()) {
        return clip(&slug(hint), 128);
    }
    let key = nonempty(obs.acronym.as_deref())
        .map(slug)
        .filter(|k| !k.is_empty())
        .or_else(|| {
            obs.key
                .as_deref()
                .map(|k| slug(&series_part_of_key(k, obs.year)))
                .filter(|k| !k.is_empty())
        })
        .unwrap_or_else(|| slug(&normalize(&obs.name)));
    clip(&key, 128)
}

fn edition_key(obs: &Observation, series: &series::Model, year: i32) -> String {
    if let Some(key) = nonempty(obs.key.as_deref()) {
        let key = key.to_ascii_lowercase();
        // A key without the year (ccf's `id: ica3pp` on every edition) would
        // fold all editions into one row that flips between their dates.
        if key_names_year(&key, year) {
            return clip(&key, 160);
        }
        return format!("{}{year}", clip(&key, 155));
    }
    match obs.kind {
        ConferenceKind::Conference => format!("{}{year}", series.key),
        ConferenceKind::Workshop => {
            let base = clip(
                &slug(nonempty(obs.acronym.as_deref()).unwrap_or(&obs.name)),
                150,
            );
            if base.contains(&year.to_string()) {
                base
            } else {
                format!("{base}-{year}")
            }
        }
    }
}

fn conference_name(obs: &Observation, series: &series::Model, year: i32) -> String {
    if obs.name.trim().is_empty() {
        format!("{} {year}", obs.acronym.as_deref().unwrap_or(&series.name))
    } else {
        clip(obs.name.trim(), 512)
    }
}

pub(super) fn display_name(conf: &conferences::Model) -> String {
    match &conf.acronym {
        Some(acronym) if !acronym.is_empty() => format!("{acronym} {}", conf.year),
        _ => conf.name.clone(),
    }
}

/// Stores observations that passed [`validate`] in the open transaction.
/// Observations of one conference are applied in order, one per round.
pub(super) async fn store_valid(
    txn: &DatabaseTransaction,
    observations: &[(&Observation, i32)],
) -> Result<Vec<StoreOutcome>> {
    let mut outcomes: Vec<Option<StoreOutcome>> = vec![None; observations.len()];
    let mut pending: Vec<usize> = (0..observations.len()).collect();
    while !pending.is_empty() {
        let round: Vec<(&Observation, i32)> = pending.iter().map(|&i| observations[i]).collect();
        let (done, deferred) = store_round(txn, &round).await?;
        for (position, outcome) in done {
            outcomes[pending[position]] = Some(outcome);
        }
        pending = deferred
            .into_iter()
            .map(|position| pending[position])
            .collect();
    }
    outcomes
        .into_iter()
        .map(|o| {
            o.ok_or_else(|| Error::InvalidObservation("an observation was left unstored".into()))
        })
        .collect()
}

/// One round: every conference at most once. Returns the outcomes by
/// position in `round`, and the positions deferred to the next round.
async fn store_round(
    txn: &DatabaseTransaction,
    round: &[(&Observation, i32)],
) -> Result<(Vec<(usize, StoreOutcome)>, Vec<usize>)> {
    let now = Utc::now();
    let mut items: Vec<Item<'_>> = round
        .iter()
        .map(|&(obs, year)| Item {
            obs,
            year,
            series: None,
            conference: None,
            created: false,
            conference_changed: false,
            source_id: None,
        })
        .collect();

    resolve_series(txn, &mut items, now).await?;
    resolve_conferences(txn, &mut items, now).await?;

    // A conference seen twice in this round: the later sightings wait for the next round.
    let mut seen = HashSet::new();
    let mut deferred = Vec::new();
    let mut active = Vec::new();
    for (position, item) in items.iter().enumerate() {
        let id = item.conference.as_ref().map(|c| c.id).unwrap_or_default();
        if seen.insert(id) {
            active.push(position)
        } else {
            deferred.push(position)
        }
    }
    let mut items: Vec<(usize, Item<'_>)> = items
        .into_iter()
        .enumerate()
        .filter(|(p, _)| active.contains(p))
        .collect();

    lock_conferences(txn, &mut items).await?;
    // The rows are locked now: take the time again, so that the history's
    // order is the order in which writers got the lock.
    let now = Utc::now();
    update_conferences(txn, &mut items, now).await?;
    let authorities = upsert_sources(txn, &mut items, now).await?;
    let with_series: Vec<(&series::Model, &Observation)> = items
        .iter()
        .filter_map(|(_, i)| Some((i.series.as_ref()?, i.obs)))
        .collect();
    super::facts::store_facts(txn, &with_series, now, |columns| {
        (params_per_statement(txn) / columns).max(1)
    })
    .await?;
    let changes = store_deadlines(txn, &items, &authorities, now).await?;

    let outcomes = items
        .into_iter()
        .zip(changes)
        .filter_map(|((position, item), (changes, touched))| {
            let conference = item.conference?;
            let series = item.series?;
            let status = if item.created {
                StoreStatus::Created
            } else if item.conference_changed || touched {
                StoreStatus::Updated
            } else {
                StoreStatus::Unchanged
            };
            Some((
                position,
                StoreOutcome {
                    display_name: display_name(&conference),
                    conference_key: conference.key,
                    series_key: series.key,
                    status,
                    changes,
                },
            ))
        })
        .collect();
    Ok((outcomes, deferred))
}

/// Finds each observation's series through keys and aliases, creating the
/// unknown ones; records every name seen as an alias.
async fn resolve_series(
    txn: &DatabaseTransaction,
    items: &mut [Item<'_>],
    now: DateTime<Utc>,
) -> Result<()> {
    let all: Vec<Vec<String>> = items.iter().map(|i| candidates(i.obs)).collect();
    let keys: HashSet<String> = all
        .iter()
        .flatten()
        .map(|c| slug(c))
        .filter(|k| !k.is_empty())
        .collect();
    let aliases: HashSet<String> = all
        .iter()
        .flatten()
        .map(|c| normalize(c))
        .filter(|a| !a.is_empty())
        .collect();

    let mut by_key: HashMap<String, series::Model> = HashMap::new();
    for chunk in keys
        .into_iter()
        .collect::<Vec<_>>()
        .chunks(keys_per_lookup(txn))
    {
        for s in series::Entity::find()
            .filter(series::Column::Key.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            by_key.insert(s.key.clone(), s);
        }
    }
    let mut by_alias: HashMap<String, i32> = HashMap::new();
    for chunk in aliases
        .into_iter()
        .collect::<Vec<_>>()
        .chunks(keys_per_lookup(txn))
    {
        for a in series_aliases::Entity::find()
            .filter(series_aliases::Column::Alias.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            by_alias.insert(a.alias, a.series_id);
        }
    }
    let alias_ids: HashSet<i32> = by_alias.values().copied().collect();
    let mut by_id: HashMap<i32, series::Model> =
        by_key.values().map(|s| (s.id, s.clone())).collect();
    let missing_ids: Vec<i32> = alias_ids
        .into_iter()
        .filter(|id| !by_id.contains_key(id))
        .collect();
    for chunk in missing_ids.chunks(keys_per_lookup(txn)) {
        for s in series::Entity::find()
            .filter(series::Column::Id.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            by_id.insert(s.id, s);
        }
    }

    // Each candidate in turn: an exact key first, then an alias.
    let mut unresolved: Vec<usize> = Vec::new();
    for (index, item) in items.iter_mut().enumerate() {
        item.series = all[index].iter().find_map(|candidate| {
            by_key.get(&slug(candidate)).cloned().or_else(|| {
                by_alias
                    .get(&normalize(candidate))
                    .and_then(|id| by_id.get(id))
                    .cloned()
            })
        });
        if item.series.is_none() {
            unresolved.push(index);
        }
    }

    if !unresolved.is_empty() {
        // Within the batch, an observation shares the series of an earlier one
        // with a name in common, exactly as if they were stored one by one.
        let mut local: HashMap<String, NewSeries> = HashMap::new();
        let mut new_keys: Vec<String> = vec![String::new(); items.len()];
        for (index, item) in items.iter().enumerate() {
            let names: Vec<String> = all[index]
                .iter()
                .map(|c| normalize(c))
                .filter(|a| !a.is_empty())
                .collect();
            let known = match &item.series {
                Some(series) => Some(NewSeries::Existing(series.clone())),
                None => names.iter().find_map(|n| local.get(n).cloned()),
            };
            let assigned = known.unwrap_or_else(|| NewSeries::Key(new_series_key(item.obs)));
            if let NewSeries::Key(key) = &assigned {
                new_keys[index] = key.clone();
            }
            for name in names {
                local.entry(name).or_insert_with(|| assigned.clone());
            }
        }
        let mut new_rows: HashMap<String, series::ActiveModel> = HashMap::new();
        for &index in &unresolved {
            let obs = items[index].obs;
            let key = new_keys[index].clone();
            if key.is_empty() {
                continue;
            }
            let name = if obs.name.trim().is_empty() {
                obs.acronym.clone().unwrap_or_else(|| key.clone())
            } else {
                obs.name.trim().to_string()
            };
            new_rows
                .entry(key.clone())
                .or_insert_with(|| series::ActiveModel {
                    key: Set(key),
                    name: Set(clip(&name, 512)),
                    acronym: Set(obs.acronym.as_deref().map(|a| clip(a.trim(), 64))),
                    // An edition's site is the edition's (kept on the conference);
                    // taken as the series' homepage it would be crawled for ever.
                    homepage: Set(None),
                    created_at: Set(db_time(now)),
                    updated_at: Set(db_time(now)),
                    ..Default::default()
                });
        }
        let keys: Vec<String> = new_rows.keys().cloned().collect();
        let rows: Vec<series::ActiveModel> = new_rows.into_values().collect();
        for chunk in rows.chunks(rows_per_insert::<series::Entity>(txn)) {
            series::Entity::insert_many(chunk.to_vec())
                .on_conflict_do_nothing_on([series::Column::Key])
                .exec_without_returning(txn)
                .await?;
        }
        let mut created: HashMap<String, series::Model> = HashMap::new();
        for chunk in keys.chunks(keys_per_lookup(txn)) {
            for s in series::Entity::find()
                .filter(series::Column::Key.is_in(chunk.to_vec()))
                .all(txn)
                .await?
            {
                created.insert(s.key.clone(), s);
            }
        }
        for &index in &unresolved {
            let key = &new_keys[index];
            items[index].series = if key.is_empty() {
                // Shares the series of an earlier, already resolved observation.
                let names: Vec<String> = all[index].iter().map(|c| normalize(c)).collect();
                names.iter().find_map(|n| match local.get(n) {
                    Some(NewSeries::Existing(series)) => Some(series.clone()),
                    Some(NewSeries::Key(key)) => created.get(key).cloned(),
                    None => None,
                })
            } else {
                created.get(key).cloned()
            };
            if items[index].series.is_none() {
                return Err(Error::NotFound {
                    what: "series",
                    key: key.clone(),
                });
            }
        }
    }

    // Every name seen becomes an alias of its series (one already taken stays with its series).
    let mut alias_rows: HashMap<String, series_aliases::ActiveModel> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        let Some(series) = &item.series else { continue };
        for name in &all[index] {
            let alias = clip(&normalize(name), 512);
            if alias.is_empty() || by_alias.contains_key(&alias) {
                continue;
            }
            alias_rows
                .entry(alias.clone())
                .or_insert_with(|| series_aliases::ActiveModel {
                    series_id: Set(series.id),
                    alias: Set(alias),
                    display: Set(clip(name.trim(), 512)),
                    ..Default::default()
                });
        }
    }
    let rows: Vec<_> = alias_rows.into_values().collect();
    for chunk in rows.chunks(rows_per_insert::<series_aliases::Entity>(txn)) {
        series_aliases::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing_on([series_aliases::Column::Alias])
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Finds or creates each observation's conference: by key, else (for main
/// conferences) by series and year, since editions of one series and year
/// are one conference whatever their key.
async fn resolve_conferences(
    txn: &DatabaseTransaction,
    items: &mut [Item<'_>],
    now: DateTime<Utc>,
) -> Result<()> {
    let keys: Vec<String> = items
        .iter()
        .filter_map(|i| i.series.as_ref().map(|s| edition_key(i.obs, s, i.year)))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut by_key: HashMap<String, conferences::Model> = HashMap::new();
    for chunk in keys.chunks(keys_per_lookup(txn)) {
        for c in conferences::Entity::find()
            .filter(conferences::Column::Key.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            by_key.insert(c.key.clone(), c);
        }
    }
    let series_ids: Vec<i32> = items
        .iter()
        .filter_map(|i| i.series.as_ref().map(|s| s.id))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut by_edition: HashMap<(i32, i32), conferences::Model> = HashMap::new();
    for chunk in series_ids.chunks(keys_per_lookup(txn)) {
        for c in conferences::Entity::find()
            .filter(conferences::Column::SeriesId.is_in(chunk.to_vec()))
            .filter(conferences::Column::Kind.eq(ConferenceKind::Conference.as_str()))
            .order_by_asc(conferences::Column::Id)
            .all(txn)
            .await?
        {
            by_edition.entry((c.series_id, c.year)).or_insert(c);
        }
    }

    let mut new_rows: HashMap<String, conferences::ActiveModel> = HashMap::new();
    let mut wanted_keys: Vec<Option<String>> = Vec::with_capacity(items.len());
    for item in items.iter_mut() {
        let Some(series) = item.series.clone() else {
            wanted_keys.push(None);
            continue;
        };
        let key = edition_key(item.obs, &series, item.year);
        let found = by_key.get(&key).cloned().or_else(|| match item.obs.kind {
            ConferenceKind::Conference => by_edition.get(&(series.id, item.year)).cloned(),
            ConferenceKind::Workshop => None,
        });
        match found {
            Some(conference) => {
                item.conference = Some(conference);
                wanted_keys.push(None);
            }
            None => {
                let parent_id = match (item.obs.kind, nonempty(item.obs.parent_hint.as_deref())) {
                    (ConferenceKind::Workshop, Some(hint)) => {
                        resolve_parent(txn, hint, item.year).await?
                    }
                    _ => None,
                };
                let obs = item.obs;
                new_rows
                    .entry(key.clone())
                    .or_insert_with(|| conferences::ActiveModel {
                        key: Set(key.clone()),
                        series_id: Set(series.id),
                        name: Set(conference_name(obs, &series, item.year)),
                        acronym: Set(obs.acronym.as_deref().map(|a| clip(a.trim(), 64))),
                        year: Set(item.year),
                        location: Set(obs.location.as_deref().map(|l| clip(l.trim(), 512))),
                        start_date: Set(obs.start_date),
                        end_date: Set(obs.end_date),
                        homepage: Set(obs.homepage.as_deref().map(|h| clip(h, 700))),
                        parent_id: Set(parent_id),
                        kind: Set(obs.kind.as_str().to_string()),
                        created_at: Set(db_time(now)),
                        updated_at: Set(db_time(now)),
                        ..Default::default()
                    });
                item.created = true;
                wanted_keys.push(Some(key));
            }
        }
    }
    if new_rows.is_empty() {
        return Ok(());
    }
    let keys: Vec<String> = new_rows.keys().cloned().collect();
    let rows: Vec<_> = new_rows.into_values().collect();
    for chunk in rows.chunks(rows_per_insert::<conferences::Entity>(txn)) {
        conferences::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing_on([conferences::Column::Key])
            .exec_without_returning(txn)
            .await?;
    }
    let mut stored: HashMap<String, conferences::Model> = HashMap::new();
    for chunk in keys.chunks(keys_per_lookup(txn)) {
        for c in conferences::Entity::find()
            .filter(conferences::Column::Key.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            stored.insert(c.key.clone(), c);
        }
    }
    for (item, key) in items.iter_mut().zip(wanted_keys) {
        if let Some(key) = key {
            item.conference = Some(stored.get(&key).cloned().ok_or_else(|| Error::NotFound {
                what: "conference",
                key: key.clone(),
            })?);
        }
    }
    Ok(())
}

/// Locks the conference rows (in id order, so writers never deadlock) and
/// re-reads them: another writer may have changed them since.
async fn lock_conferences(
    txn: &DatabaseTransaction,
    items: &mut [(usize, Item<'_>)],
) -> Result<()> {
    if txn.get_database_backend() == DatabaseBackend::Sqlite {
        // SQLite has one writer at a time: the transaction already excludes the others.
        return Ok(());
    }
    let mut ids: Vec<i32> = items
        .iter()
        .filter_map(|(_, i)| i.conference.as_ref().map(|c| c.id))
        .collect();
    ids.sort_unstable();
    let mut fresh: HashMap<i32, conferences::Model> = HashMap::new();
    for chunk in ids.chunks(keys_per_lookup(txn)) {
        for c in conferences::Entity::find()
            .filter(conferences::Column::Id.is_in(chunk.to_vec()))
            .order_by_asc(conferences::Column::Id)
            .lock_exclusive()
            .all(txn)
            .await?
        {
            fresh.insert(c.id, c);
        }
    }
    for (_, item) in items.iter_mut() {
        if let Some(current) = item.conference.as_ref().and_then(|c| fresh.get(&c.id)) {
            item.conference = Some(current.clone());
        }
    }
    Ok(())
}

/// Fills in and corrects what an observation states about an existing
/// conference; never erases what it leaves out.
async fn update_conferences(
    txn: &DatabaseTransaction,
    items: &mut [(usize, Item<'_>)],
    now: DateTime<Utc>,
) -> Result<()> {
    for (_, item) in items.iter_mut() {
        if item.created {
            continue;
        }
        let (Some(current), Some(series)) = (item.conference.clone(), item.series.clone()) else {
            continue;
        };
        let obs = item.obs;
        let parent_id = match (obs.kind, nonempty(obs.parent_hint.as_deref())) {
            (ConferenceKind::Workshop, Some(hint)) if current.parent_id.is_none() => {
                resolve_parent(txn, hint, item.year).await?
            }
            _ => None,
        };
        let mut row: conferences::ActiveModel = current.clone().into();
        let mut changed = false;
        macro_rules! refresh {
            ($field:ident, $value:expr) => {
                if let Some(value) = $value {
                    if current.$field.as_ref() != Some(&value) {
                        row.$field = Set(Some(value));
                        changed = true;
                    }
                }
            };
        }
        refresh!(
            acronym,
            obs.acronym
                .as_deref()
                .map(|a| clip(a.trim(), 64))
                .filter(|a| !a.is_empty())
        );
        refresh!(
            location,
            obs.location
                .as_deref()
                .map(|l| clip(l.trim(), 512))
                .filter(|l| !l.is_empty())
        );
        refresh!(start_date, obs.start_date);
        refresh!(end_date, obs.end_date);
        refresh!(homepage, obs.homepage.as_deref().map(|h| clip(h, 700)));
        refresh!(parent_id, parent_id);
        let name = conference_name(obs, &series, item.year);
        if !obs.name.trim().is_empty() && current.name != name {
            row.name = Set(name);
            changed = true;
        }
        if changed {
            row.updated_at = Set(db_time(now));
            item.conference = Some(row.update(txn).await?);
            item.conference_changed = true;
        }
    }
    Ok(())
}

/// Inserts or refreshes each observation's source in one statement per
/// chunk; returns the authority of every source of these conferences.
async fn upsert_sources(
    txn: &DatabaseTransaction,
    items: &mut [(usize, Item<'_>)],
    now: DateTime<Utc>,
) -> Result<HashMap<i32, SourceAuthority>> {
    let mut rows = Vec::new();
    for (_, item) in items.iter() {
        let (Some(source), Some(conference)) = (&item.obs.source, &item.conference) else {
            continue;
        };
        rows.push(sources::ActiveModel {
            conference_id: Set(conference.id),
            url: Set(source.url.clone()),
            last_fetched_at: Set(Some(db_time(now))),
            etag: Set(source.etag.clone()),
            last_modified: Set(source.last_modified.clone()),
            content_hash: Set(source.content_hash.clone()),
            last_status: Set(source.status),
            last_error: Set(None),
            failure_count: Set(0),
            created_at: Set(db_time(now)),
            authority: Set(source.authority.as_str().to_string()),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(rows_per_insert::<sources::Entity>(txn)) {
        sources::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([sources::Column::ConferenceId, sources::Column::Url])
                    .update_columns([
                        sources::Column::LastFetchedAt,
                        sources::Column::Etag,
                        sources::Column::LastModified,
                        sources::Column::ContentHash,
                        sources::Column::LastStatus,
                        sources::Column::LastError,
                        sources::Column::FailureCount,
                        sources::Column::Authority,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    // Every source of these conferences: the other sources' values take part in reconciling.
    let conference_ids: Vec<i32> = items
        .iter()
        .filter_map(|(_, i)| i.conference.as_ref().map(|c| c.id))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut ids: HashMap<(i32, String), i32> = HashMap::new();
    let mut authorities = HashMap::new();
    for chunk in conference_ids.chunks(keys_per_lookup(txn)) {
        for s in sources::Entity::find()
            .filter(sources::Column::ConferenceId.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            authorities.insert(s.id, SourceAuthority::from_stored(&s.authority));
            ids.insert((s.conference_id, s.url), s.id);
        }
    }
    for (_, item) in items.iter_mut() {
        if let (Some(source), Some(conference)) = (&item.obs.source, &item.conference) {
            item.source_id = ids.get(&(conference.id, source.url.clone())).copied();
        }
    }
    Ok(authorities)
}

/// Assigns each observed deadline its identity (kind, track, ordinal),
/// dropping exact repeats (pages list the same event twice).
fn with_ordinals(observed: &[ObservedDeadline]) -> Vec<(String, i32, &ObservedDeadline)> {
    let mut counters: HashMap<(DeadlineKind, String), i32> = HashMap::new();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for deadline in observed {
        let track = clip(deadline.track.as_deref().unwrap_or("").trim(), 255);
        let fingerprint = (
            deadline.kind,
            track.clone(),
            deadline.due_date,
            deadline.end_date,
            deadline.time,
        );
        if !seen.insert(fingerprint) {
            continue;
        }
        let counter = counters.entry((deadline.kind, track.clone())).or_insert(0);
        out.push((track, *counter, deadline));
        *counter += 1;
    }
    out
}

/// A deadline's identity: (conference, kind, track, ordinal).
type Identity = (i32, String, String, i32);

/// A change waiting for its deadline's id.
struct PendingChange {
    identity: Identity,
    /// `added` (a deadline a known conference gains), `due` (the reconciled
    /// value moved) or `source` (one source's own value moved, the
    /// reconciled one did not).
    field: &'static str,
    old_value: Option<String>,
    new_value: String,
    source_id: Option<i32>,
    /// Known for a deadline already stored; looked up after the insert otherwise.
    deadline_id: Option<i32>,
}

/// An observed deadline, normalised for storing.
struct Seen<'a> {
    deadline: &'a ObservedDeadline,
    /// Its value as it is stored.
    value: Value,
    label: Option<String>,
}

impl<'a> Seen<'a> {
    fn new(deadline: &'a ObservedDeadline, conference_key: &str, now: DateTime<Utc>) -> Self {
        let timezone = nonempty(deadline.timezone.as_deref()).map(|z| clip(z, 64));
        Self {
            deadline,
            value: Value {
                due_date: deadline.due_date,
                end_date: deadline.end_date,
                due_time: time_text(deadline.time),
                due_at: due_at_or_aoe(
                    deadline.due_date,
                    deadline.time,
                    timezone.as_deref(),
                    conference_key,
                    deadline.kind,
                    now,
                ),
                timezone,
            },
            label: nonempty(deadline.label.as_deref()).map(|l| clip(l, 512)),
        }
    }

    fn moment(&self) -> Moment {
        self.value.moment()
    }

    fn text(&self) -> String {
        self.value.text()
    }

    fn candidate(
        &self,
        source_id: Option<i32>,
        authority: SourceAuthority,
        changed_at: DateTime<Utc>,
    ) -> Candidate {
        Candidate {
            source_id,
            authority,
            changed_at,
            value: self.value.clone(),
        }
    }

    /// The value the source shows as replaced, when it is another instant.
    fn replaced(&self, conference_key: &str, now: DateTime<Utc>) -> Option<String> {
        let prior = self.deadline.replaces.as_ref()?;
        let timezone = nonempty(prior.timezone.as_deref()).map(|z| clip(z, 64));
        let at = due_at_or_aoe(
            prior.due_date,
            prior.time,
            timezone.as_deref(),
            conference_key,
            self.deadline.kind,
            now,
        );
        (at != self.value.due_at).then(|| {
            describe_value(
                prior.due_date,
                None,
                time_text(prior.time).as_deref(),
                timezone.as_deref(),
            )
        })
    }
}

/// The instant of a published value; an unknown zone is sorted as AoE, with a warning.
fn due_at_or_aoe(
    date: chrono::NaiveDate,
    time: Option<chrono::NaiveTime>,
    timezone: Option<&str>,
    conference_key: &str,
    kind: DeadlineKind,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    resolve_due_at(date, time, timezone).unwrap_or_else(|err| {
        tracing::warn!("{conference_key} {kind}: {err}; sorting it as AoE");
        resolve_due_at(date, time, None).unwrap_or(now)
    })
}

fn value_candidate(
    v: &deadline_values::Model,
    authorities: &HashMap<i32, SourceAuthority>,
) -> Candidate {
    Candidate {
        source_id: Some(v.source_id),
        authority: authorities.get(&v.source_id).copied().unwrap_or_default(),
        changed_at: utc(v.changed_at),
        value: Value::from(v),
    }
}

/// Everything one round writes, gathered before any statement runs.
#[derive(Default)]
struct Writes {
    deadline_inserts: Vec<deadlines::ActiveModel>,
    deadline_updates: Vec<deadlines::Model>,
    value_inserts: Vec<deadline_values::ActiveModel>,
    value_updates: Vec<deadline_values::Model>,
    values_seen: Vec<i32>,
    changes: Vec<PendingChange>,
}

/// Stores each source's value of every observed deadline, reconciles the
/// deadline's value from all sources' values ([`super::reconcile`]), and
/// records a change when the reconciled instant or range moves, or when a
/// source's own value moves; never for a new spelling of the same instant.
/// Returns each item's changes and whether anything of it was written.
async fn store_deadlines(
    txn: &DatabaseTransaction,
    items: &[(usize, Item<'_>)],
    authorities: &HashMap<i32, SourceAuthority>,
    now: DateTime<Utc>,
) -> Result<Vec<(Vec<DeadlineChange>, bool)>> {
    // A conference created in this round has no deadlines yet: nothing to read.
    // (Should another writer have created it meanwhile, the inserts below hit
    // the unique indexes and the transaction is retried against its rows.)
    let conference_ids: Vec<i32> = items
        .iter()
        .filter(|(_, i)| !i.created)
        .filter_map(|(_, i)| i.conference.as_ref().map(|c| c.id))
        .collect();
    let mut existing: HashMap<Identity, deadlines::Model> = HashMap::new();
    let mut values: HashMap<Identity, Vec<deadline_values::Model>> = HashMap::new();
    for chunk in conference_ids.chunks(keys_per_lookup(txn)) {
        for d in deadlines::Entity::find()
            .filter(deadlines::Column::ConferenceId.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            existing.insert(
                (d.conference_id, d.kind.clone(), d.track.clone(), d.ordinal),
                d,
            );
        }
        for v in deadline_values::Entity::find()
            .filter(deadline_values::Column::ConferenceId.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            values
                .entry((v.conference_id, v.kind.clone(), v.track.clone(), v.ordinal))
                .or_default()
                .push(v);
        }
    }

    let mut writes = Writes::default();
    let mut results = Vec::with_capacity(items.len());
    for (_, item) in items {
        let Some(conference) = &item.conference else {
            results.push((Vec::new(), false));
            continue;
        };
        let mut changes = Vec::new();
        let mut touched = false;
        for (track, ordinal, deadline) in with_ordinals(&item.obs.deadlines) {
            let seen = Seen::new(deadline, &conference.key, now);
            let identity: Identity = (
                conference.id,
                deadline.kind.as_str().to_string(),
                track.clone(),
                ordinal,
            );
            let stored = values.get(&identity).map(Vec::as_slice).unwrap_or_default();
            let outcome = reconcile_one(
                &mut writes,
                Reconcile {
                    item,
                    conference,
                    identity,
                    seen: &seen,
                    stored,
                    current: existing.get(&(
                        conference.id,
                        deadline.kind.as_str().to_string(),
                        track.clone(),
                        ordinal,
                    )),
                    authorities,
                    now,
                },
            );
            touched |= outcome.touched;
            changes.extend(outcome.change.map(|(old_value, new_value)| DeadlineChange {
                kind: deadline.kind,
                track: track.clone(),
                old_value,
                new_value: Some(new_value),
            }));
        }
        results.push((changes, touched));
    }
    write_all(txn, writes, now).await?;
    Ok(results)
}

/// One observed deadline with what is stored about it.
struct Reconcile<'a, 'i> {
    item: &'a Item<'i>,
    conference: &'a conferences::Model,
    identity: Identity,
    seen: &'a Seen<'a>,
    stored: &'a [deadline_values::Model],
    current: Option<&'a deadlines::Model>,
    authorities: &'a HashMap<i32, SourceAuthority>,
    now: DateTime<Utc>,
}

/// What reconciling one deadline did.
struct Reconciled {
    touched: bool,
    /// The change it records (old, new), if any.
    change: Option<(Option<String>, String)>,
}

/// Updates the source's own value, picks the reconciled value and plans the
/// writes and the change (at most one) for one deadline.
fn reconcile_one(writes: &mut Writes, r: Reconcile<'_, '_>) -> Reconciled {
    let Reconcile {
        item,
        conference,
        identity,
        seen,
        stored,
        current,
        authorities,
        now,
    } = r;
    let source_id = item.source_id;
    let authority = item
        .obs
        .source
        .as_ref()
        .map(|s| s.authority)
        .unwrap_or_default();
    let own_row = source_id.and_then(|id| stored.iter().find(|v| v.source_id == id));

    // 1. This source's own value.
    let mut own_moved_from: Option<String> = None;
    let mut first_sighting = false;
    let own_changed_at = match (source_id, own_row) {
        (Some(id), None) => {
            first_sighting = true;
            writes.value_inserts.push(deadline_values::ActiveModel {
                conference_id: Set(conference.id),
                source_id: Set(id),
                kind: Set(identity.1.clone()),
                track: Set(identity.2.clone()),
                ordinal: Set(identity.3),
                first_seen_at: Set(db_time(now)),
                last_seen_at: Set(db_time(now)),
                changed_at: Set(db_time(now)),
                ..seen.value.new_source_value()
            });
            now
        }
        (Some(_), Some(row)) => {
            let stored_value = Value::from(row);
            let same_moment = stored_value.moment() == seen.moment();
            if same_moment && stored_value.same_spelling(&seen.value) {
                writes.values_seen.push(row.id);
                utc(row.changed_at)
            } else {
                let mut updated = row.clone();
                seen.value.write_source_value(&mut updated);
                updated.last_seen_at = db_time(now);
                if !same_moment {
                    updated.changed_at = db_time(now);
                    own_moved_from = Some(stored_value.text());
                }
                let changed_at = utc(updated.changed_at);
                writes.value_updates.push(updated);
                changed_at
            }
        }
        // No source: the caller speaks for the conference itself, now.
        (None, _) => now,
    };

    // 2. The reconciled value, from every source's value.
    let mut candidates: Vec<Candidate> = stored
        .iter()
        .filter(|v| Some(v.source_id) != source_id)
        .map(|v| value_candidate(v, authorities))
        .collect();
    candidates.push(seen.candidate(source_id, authority, own_changed_at));
    let shown = current.map(|d| Value::from(d).moment());
    let Some(winner) = choose(&candidates, shown) else {
        return Reconciled {
            touched: false,
            change: None,
        };
    };
    let own_wins = winner.source_id == source_id;
    let replaced = seen.replaced(&conference.key, now);

    // 3. The deadline row and at most one change.
    let record = |writes: &mut Writes, field, old: Option<String>, new: String, by| {
        writes.changes.push(PendingChange {
            identity: identity.clone(),
            field,
            old_value: old.clone(),
            new_value: new.clone(),
            source_id: by,
            deadline_id: current.map(|d| d.id),
        });
        Some((old, new))
    };
    match current {
        None => {
            writes.deadline_inserts.push(deadlines::ActiveModel {
                conference_id: Set(conference.id),
                kind: Set(identity.1.clone()),
                track: Set(identity.2.clone()),
                ordinal: Set(identity.3),
                label: Set(seen.label.clone()),
                source_id: Set(winner.source_id),
                created_at: Set(db_time(now)),
                updated_at: Set(db_time(now)),
                ..winner.value.new_deadline()
            });
            // A deadline a known conference gains is news; a new conference's
            // are not, unless the source shows it as an extension.
            let change = match replaced {
                Some(old) => record(writes, "due", Some(old), winner.value.text(), source_id),
                None if !item.created => {
                    record(writes, "added", None, winner.value.text(), source_id)
                }
                None => None,
            };
            Reconciled {
                touched: true,
                change,
            }
        }
        Some(old) if shown != Some(winner.moment()) => {
            let mut row = old.clone();
            winner.value.write_deadline(&mut row);
            if own_wins {
                row.label = seen.label.clone();
            }
            row.source_id = winner.source_id.or(old.source_id);
            row.updated_at = db_time(now);
            writes.deadline_updates.push(row);
            let old_text = Value::from(old).text();
            let change = record(
                writes,
                "due",
                Some(old_text),
                winner.value.text(),
                winner.source_id,
            );
            Reconciled {
                touched: true,
                change,
            }
        }
        Some(old) => {
            // The reconciled instant stands. Its wording follows the winning source.
            if own_wins
                && (old.label != seen.label || (source_id.is_some() && old.source_id != source_id))
            {
                let mut row = old.clone();
                row.label = seen.label.clone();
                row.source_id = source_id.or(old.source_id);
                row.updated_at = db_time(now);
                writes.deadline_updates.push(row);
            }
            let change = match (own_moved_from, replaced) {
                (Some(previous), _) => Some(record(
                    writes,
                    "source",
                    Some(previous),
                    seen.text(),
                    source_id,
                )),
                // First seen as an extension of a value the knowledge base never showed.
                (None, Some(prior)) if first_sighting && shown != Some(seen.moment()) => Some(
                    record(writes, "source", Some(prior), seen.text(), source_id),
                ),
                _ => None,
            }
            .flatten();
            Reconciled {
                touched: change.is_some(),
                change,
            }
        }
    }
}

/// Runs the planned writes: a fixed number of statements per chunk of rows.
async fn write_all(txn: &DatabaseTransaction, writes: Writes, now: DateTime<Utc>) -> Result<()> {
    let Writes {
        deadline_inserts,
        deadline_updates,
        value_inserts,
        value_updates,
        values_seen,
        changes,
    } = writes;
    // Plain inserts: a row another writer added meanwhile is a unique
    // violation, and the transaction is retried against the new state.
    for chunk in deadline_inserts.chunks(rows_per_insert::<deadlines::Entity>(txn)) {
        deadlines::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in value_inserts.chunks(rows_per_insert::<deadline_values::Entity>(txn)) {
        deadline_values::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    // Updates as upserts by primary key: one statement per chunk on every backend.
    let rows: Vec<deadlines::ActiveModel> = deadline_updates
        .into_iter()
        .map(|m| deadlines::ActiveModel::from(m).reset_all())
        .collect();
    for chunk in rows.chunks(rows_per_insert::<deadlines::Entity>(txn)) {
        deadlines::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(deadlines::Column::Id)
                    .update_columns([
                        deadlines::Column::DueDate,
                        deadlines::Column::EndDate,
                        deadlines::Column::DueTime,
                        deadlines::Column::Timezone,
                        deadlines::Column::DueAt,
                        deadlines::Column::Label,
                        deadlines::Column::SourceId,
                        deadlines::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    let rows: Vec<deadline_values::ActiveModel> = value_updates
        .into_iter()
        .map(|m| deadline_values::ActiveModel::from(m).reset_all())
        .collect();
    for chunk in rows.chunks(rows_per_insert::<deadline_values::Entity>(txn)) {
        deadline_values::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(deadline_values::Column::Id)
                    .update_columns([
                        deadline_values::Column::DueDate,
                        deadline_values::Column::EndDate,
                        deadline_values::Column::DueTime,
                        deadline_values::Column::Timezone,
                        deadline_values::Column::DueAt,
                        deadline_values::Column::LastSeenAt,
                        deadline_values::Column::ChangedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in values_seen.chunks(keys_per_lookup(txn)) {
        deadline_values::Entity::update_many()
            .col_expr(
                deadline_values::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(db_time(now)),
            )
            .filter(deadline_values::Column::Id.is_in(chunk.to_vec()))
            .exec(txn)
            .await?;
    }
    record_changes(txn, changes, now).await
}

/// Inserts the changes, looking up the ids of the deadlines they belong to.
async fn record_changes(
    txn: &DatabaseTransaction,
    changes: Vec<PendingChange>,
    now: DateTime<Utc>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    // Only deadlines inserted in this round need their ids looked up.
    let changed_conferences: Vec<i32> = changes
        .iter()
        .filter(|c| c.deadline_id.is_none())
        .map(|c| c.identity.0)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut ids: HashMap<Identity, i32> = HashMap::new();
    for chunk in changed_conferences.chunks(keys_per_lookup(txn)) {
        for d in deadlines::Entity::find()
            .filter(deadlines::Column::ConferenceId.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            ids.insert((d.conference_id, d.kind, d.track, d.ordinal), d.id);
        }
    }
    let mut rows = Vec::with_capacity(changes.len());
    for change in changes {
        let deadline_id = match change.deadline_id {
            Some(id) => id,
            None => *ids.get(&change.identity).ok_or_else(|| Error::NotFound {
                what: "deadline",
                key: format!("{:?}", change.identity),
            })?,
        };
        rows.push(deadline_changes::ActiveModel {
            deadline_id: Set(deadline_id),
            conference_id: Set(change.identity.0),
            field: Set(change.field.to_string()),
            old_value: Set(change.old_value),
            new_value: Set(Some(change.new_value)),
            detected_at: Set(db_time(now)),
            source_id: Set(change.source_id),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(rows_per_insert::<deadline_changes::Entity>(txn)) {
        deadline_changes::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
