//! What sources say about a series beside the dates: categories, rankings,
//! tags and a description. Written in a fixed number of statements per batch
//! (`ON CONFLICT DO NOTHING` for categories and tags, an upsert for
//! rankings); a fact a source stops stating is kept, as deadlines are.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set};

use super::clip;
use crate::entity::time::db_time;
use crate::entity::{series, series_categories, series_rankings, series_tags};
use crate::error::Result;
use crate::repository::{Observation, SeriesFacts};

/// A category as stored: trimmed and upper-cased (`db` and `DB` are one).
pub(crate) fn category_key(text: &str) -> String {
    clip(&text.trim().to_uppercase(), 64)
}

/// A tag as stored: trimmed and lower-cased.
fn tag_key(text: &str) -> String {
    clip(&text.trim().to_lowercase(), 64)
}

/// Stores the facts of each (series, observation) pair.
pub(super) async fn store_facts(
    txn: &DatabaseTransaction,
    items: &[(&series::Model, &Observation)],
    now: DateTime<Utc>,
    rows_per_insert: impl Fn(usize) -> usize,
) -> Result<()> {
    let mut categories = HashMap::new();
    let mut tags = HashMap::new();
    let mut rankings = HashMap::new();
    let mut descriptions: HashMap<i32, series::Model> = HashMap::new();
    for (series, obs) in items {
        let SeriesFacts {
            categories: cats,
            rankings: ranks,
            tags: tag_list,
            description,
        } = &obs.facts;
        for category in cats
            .iter()
            .map(|c| category_key(c))
            .filter(|c| !c.is_empty())
        {
            categories
                .entry((series.id, category.clone()))
                .or_insert_with(|| series_categories::ActiveModel {
                    series_id: Set(series.id),
                    category: Set(category),
                    ..Default::default()
                });
        }
        for tag in tag_list
            .iter()
            .map(|t| tag_key(t))
            .filter(|t| !t.is_empty())
        {
            tags.entry((series.id, tag.clone()))
                .or_insert_with(|| series_tags::ActiveModel {
                    series_id: Set(series.id),
                    tag: Set(tag),
                    ..Default::default()
                });
        }
        let source = obs
            .source
            .as_ref()
            .map(|s| clip(&s.url, 700))
            .unwrap_or_default();
        for ranking in ranks {
            let system = clip(&ranking.system.trim().to_uppercase(), 32);
            let rank = clip(&ranking.rank.trim().to_uppercase(), 16);
            if system.is_empty() || rank.is_empty() {
                continue;
            }
            // The last statement of one source in the batch wins, as it would one by one.
            rankings.insert(
                (series.id, system.clone(), source.clone()),
                series_rankings::ActiveModel {
                    series_id: Set(series.id),
                    system: Set(system),
                    rank: Set(rank),
                    source: Set(source.clone()),
                    updated_at: Set(db_time(now)),
                    ..Default::default()
                },
            );
        }
        if let Some(text) = description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            let known = descriptions.get(&series.id).unwrap_or(series);
            if known.description.as_deref() != Some(text) {
                let mut row = known.clone();
                row.description = Some(text.to_string());
                row.updated_at = db_time(now);
                descriptions.insert(series.id, row);
            }
        }
    }
    let rows: Vec<_> = categories.into_values().collect();
    for chunk in rows.chunks(rows_per_insert(3)) {
        series_categories::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing_on([
                series_categories::Column::SeriesId,
                series_categories::Column::Category,
            ])
            .exec_without_returning(txn)
            .await?;
    }
    let rows: Vec<_> = tags.into_values().collect();
    for chunk in rows.chunks(rows_per_insert(3)) {
        series_tags::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing_on([series_tags::Column::SeriesId, series_tags::Column::Tag])
            .exec_without_returning(txn)
            .await?;
    }
    let rows: Vec<_> = rankings.into_values().collect();
    for chunk in rows.chunks(rows_per_insert(6)) {
        series_rankings::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([
                    series_rankings::Column::SeriesId,
                    series_rankings::Column::System,
                    series_rankings::Column::Source,
                ])
                .update_columns([
                    series_rankings::Column::Rank,
                    series_rankings::Column::UpdatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    // Descriptions as upserts by primary key: one statement per chunk.
    let rows: Vec<series::ActiveModel> = descriptions
        .into_values()
        .map(|m| series::ActiveModel::from(m).reset_all())
        .collect();
    for chunk in rows.chunks(rows_per_insert(8)) {
        series::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(series::Column::Id)
                    .update_columns([series::Column::Description, series::Column::UpdatedAt])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
