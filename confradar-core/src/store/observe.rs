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

use super::{clip, describe_value, nonempty, resolve_parent, time_text};
use crate::entity::{conferences, deadline_changes, deadlines, series, series_aliases, sources};
use crate::error::{Error, Result};
use crate::kind::DeadlineKind;
use crate::names::{normalize, slug, split_edition_key};
use crate::repository::{
    ConferenceKind, DeadlineChange, Observation, ObservedDeadline, StoreOutcome, StoreStatus,
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

/// The year of an observation, or why it cannot be stored.
pub(super) fn validate(obs: &Observation) -> Result<i32> {
    let year = obs
        .year
        .or_else(|| obs.key.as_deref().and_then(|k| split_edition_key(k).1))
        .ok_or_else(|| {
            Error::InvalidObservation(format!(
                "'{}' has no year: give the edition's year (or a key such as icml2026)",
                if obs.name.is_empty() {
                    obs.acronym.as_deref().unwrap_or("?")
                } else {
                    &obs.name
                }
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
        return clip(&key.to_ascii_lowercase(), 160);
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
    upsert_sources(txn, &mut items, now).await?;
    let changes = store_deadlines(txn, &items, now).await?;

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
                    homepage: Set(obs.homepage.as_deref().map(|h| clip(h, 700))),
                    created_at: Set(now),
                    updated_at: Set(now),
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
                        created_at: Set(now),
                        updated_at: Set(now),
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
            row.updated_at = Set(now);
            item.conference = Some(row.update(txn).await?);
            item.conference_changed = true;
        }
    }
    Ok(())
}

/// Inserts or refreshes each observation's source in one statement per chunk.
async fn upsert_sources(
    txn: &DatabaseTransaction,
    items: &mut [(usize, Item<'_>)],
    now: DateTime<Utc>,
) -> Result<()> {
    let mut rows = Vec::new();
    let mut wanted = Vec::new();
    for (_, item) in items.iter() {
        let (Some(source), Some(conference)) = (&item.obs.source, &item.conference) else {
            continue;
        };
        wanted.push((conference.id, source.url.clone()));
        rows.push(sources::ActiveModel {
            conference_id: Set(conference.id),
            url: Set(source.url.clone()),
            last_fetched_at: Set(Some(now)),
            etag: Set(source.etag.clone()),
            last_modified: Set(source.last_modified.clone()),
            content_hash: Set(source.content_hash.clone()),
            last_status: Set(source.status),
            last_error: Set(None),
            failure_count: Set(0),
            created_at: Set(now),
            ..Default::default()
        });
    }
    if rows.is_empty() {
        return Ok(());
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
                    ])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    let conference_ids: Vec<i32> = wanted
        .iter()
        .map(|(id, _)| *id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut ids: HashMap<(i32, String), i32> = HashMap::new();
    for chunk in conference_ids.chunks(keys_per_lookup(txn)) {
        for s in sources::Entity::find()
            .filter(sources::Column::ConferenceId.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            ids.insert((s.conference_id, s.url), s.id);
        }
    }
    for (_, item) in items.iter_mut() {
        if let (Some(source), Some(conference)) = (&item.obs.source, &item.conference) {
            item.source_id = ids.get(&(conference.id, source.url.clone())).copied();
        }
    }
    Ok(())
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

/// A change waiting for its deadline's id.
struct PendingChange {
    identity: (i32, String, String, i32),
    old_value: Option<String>,
    new_value: String,
    source_id: Option<i32>,
}

/// Compares every observed deadline with the stored one of the same
/// identity: inserts the new, updates the moved (recording old → new), and
/// leaves alone what a page stopped listing. Returns each item's changes and
/// whether anything of it was written.
async fn store_deadlines(
    txn: &DatabaseTransaction,
    items: &[(usize, Item<'_>)],
    now: DateTime<Utc>,
) -> Result<Vec<(Vec<DeadlineChange>, bool)>> {
    let conference_ids: Vec<i32> = items
        .iter()
        .filter_map(|(_, i)| i.conference.as_ref().map(|c| c.id))
        .collect();
    let mut existing: HashMap<(i32, String, String, i32), deadlines::Model> = HashMap::new();
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
    }

    let mut inserts = Vec::new();
    let mut updates = Vec::new();
    let mut pending_changes = Vec::new();
    let mut results = Vec::with_capacity(items.len());
    for (_, item) in items {
        let mut changes = Vec::new();
        let mut touched = false;
        let Some(conference) = &item.conference else {
            results.push((changes, touched));
            continue;
        };
        for (track, ordinal, seen) in with_ordinals(&item.obs.deadlines) {
            let due_time = time_text(seen.time);
            let timezone = nonempty(seen.timezone.as_deref()).map(|z| clip(z, 64));
            let label = nonempty(seen.label.as_deref()).map(|l| clip(l, 512));
            let due_at = resolve_due_at(seen.due_date, seen.time, timezone.as_deref())
                .unwrap_or_else(|err| {
                    tracing::warn!("{} {}: {err}; sorting it as AoE", conference.key, seen.kind);
                    resolve_due_at(seen.due_date, seen.time, None).unwrap_or(now)
                });
            let new_value = describe_value(
                seen.due_date,
                seen.end_date,
                due_time.as_deref(),
                timezone.as_deref(),
            );
            let identity = (
                conference.id,
                seen.kind.as_str().to_string(),
                track.clone(),
                ordinal,
            );
            match existing.get(&identity) {
                Some(old) => {
                    let same_value = old.due_date == seen.due_date
                        && old.end_date == seen.end_date
                        && old.due_time == due_time
                        && old.timezone == timezone;
                    let same_rest = old.label == label
                        && (item.source_id.is_none() || old.source_id == item.source_id);
                    if same_value && same_rest {
                        continue;
                    }
                    let mut row = old.clone();
                    row.due_date = seen.due_date;
                    row.end_date = seen.end_date;
                    row.due_time = due_time.clone();
                    row.timezone = timezone.clone();
                    row.due_at = due_at;
                    row.label = label;
                    if item.source_id.is_some() {
                        row.source_id = item.source_id;
                    }
                    row.updated_at = now;
                    updates.push(row);
                    if !same_value {
                        touched = true;
                        let old_value = describe_value(
                            old.due_date,
                            old.end_date,
                            old.due_time.as_deref(),
                            old.timezone.as_deref(),
                        );
                        pending_changes.push(PendingChange {
                            identity: identity.clone(),
                            old_value: Some(old_value.clone()),
                            new_value: new_value.clone(),
                            source_id: item.source_id,
                        });
                        changes.push(DeadlineChange {
                            kind: seen.kind,
                            track: track.clone(),
                            old_value: Some(old_value),
                            new_value: Some(new_value),
                        });
                    }
                }
                None => {
                    touched = true;
                    inserts.push(deadlines::ActiveModel {
                        conference_id: Set(conference.id),
                        kind: Set(seen.kind.as_str().to_string()),
                        track: Set(track.clone()),
                        ordinal: Set(ordinal),
                        due_date: Set(seen.due_date),
                        end_date: Set(seen.end_date),
                        due_time: Set(due_time),
                        timezone: Set(timezone),
                        due_at: Set(due_at),
                        label: Set(label),
                        source_id: Set(item.source_id),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    });
                    // A deadline a known conference gains is news; a new conference's are not.
                    if !item.created {
                        pending_changes.push(PendingChange {
                            identity: identity.clone(),
                            old_value: None,
                            new_value: new_value.clone(),
                            source_id: item.source_id,
                        });
                        changes.push(DeadlineChange {
                            kind: seen.kind,
                            track,
                            old_value: None,
                            new_value: Some(new_value),
                        });
                    }
                }
            }
        }
        results.push((changes, touched));
    }

    // Plain inserts: a row another writer added meanwhile is a unique
    // violation, and the transaction is retried against the new state.
    for chunk in inserts.chunks(rows_per_insert::<deadlines::Entity>(txn)) {
        deadlines::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    // Updates as upserts by primary key: one statement per chunk on every backend.
    let update_rows: Vec<deadlines::ActiveModel> = updates
        .into_iter()
        .map(|m| deadlines::ActiveModel::from(m).reset_all())
        .collect();
    for chunk in update_rows.chunks(rows_per_insert::<deadlines::Entity>(txn)) {
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

    if !pending_changes.is_empty() {
        let changed_conferences: Vec<i32> = pending_changes
            .iter()
            .map(|c| c.identity.0)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut ids: HashMap<(i32, String, String, i32), i32> = HashMap::new();
        for chunk in changed_conferences.chunks(keys_per_lookup(txn)) {
            for d in deadlines::Entity::find()
                .filter(deadlines::Column::ConferenceId.is_in(chunk.to_vec()))
                .all(txn)
                .await?
            {
                ids.insert((d.conference_id, d.kind, d.track, d.ordinal), d.id);
            }
        }
        let mut rows = Vec::with_capacity(pending_changes.len());
        for change in pending_changes {
            let deadline_id = *ids.get(&change.identity).ok_or_else(|| Error::NotFound {
                what: "deadline",
                key: format!("{:?}", change.identity),
            })?;
            rows.push(deadline_changes::ActiveModel {
                deadline_id: Set(deadline_id),
                conference_id: Set(change.identity.0),
                field: Set(if change.old_value.is_some() {
                    "due"
                } else {
                    "added"
                }
                .to_string()),
                old_value: Set(change.old_value),
                new_value: Set(Some(change.new_value)),
                detected_at: Set(now),
                source_id: Set(change.source_id),
                ..Default::default()
            });
        }
        for chunk in rows.chunks(rows_per_insert::<deadline_changes::Entity>(txn)) {
            deadline_changes::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
    }
    Ok(results)
}
