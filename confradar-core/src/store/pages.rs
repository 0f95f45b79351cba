//! What the web pages read beyond the deadline list: one conference with its
//! sources, values and history, one series with its editions, the list of
//! series, the filter values, and the data version caches compare.
//!
//! Every reader loads each table once per call (no query per row).

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};

use super::SeaOrmRepository;
use super::reconcile::Value;
use crate::entity::time::utc;
use crate::entity::{
    conferences, deadline_changes, deadline_values, series, series_aliases, series_categories,
    series_rankings, sources,
};
use crate::error::Result;
use crate::repository::{
    Conference, ConferenceDetail, DeadlineView, Facets, Ranking, SeriesDetail, SeriesFacts,
    SeriesSummary, Source, SourceAuthority, SourceValueView,
};

/// Every source's value of `view`, the chosen (reconciled) one first.
pub(super) fn source_values(
    view: &DeadlineView,
    values: Vec<deadline_values::Model>,
    sources: &HashMap<i32, sources::Model>,
) -> Vec<SourceValueView> {
    let mut out: Vec<SourceValueView> = values
        .into_iter()
        .map(|v| {
            let source = sources.get(&v.source_id);
            SourceValueView {
                source_url: source.map(|s| s.url.clone()).unwrap_or_default(),
                authority: source
                    .map(|s| SourceAuthority::from_stored(&s.authority))
                    .unwrap_or_default(),
                value: Value::from(&v).text(),
                due_at: utc(v.due_at),
                first_seen_at: utc(v.first_seen_at),
                last_seen_at: utc(v.last_seen_at),
                changed_at: utc(v.changed_at),
                chosen: v.due_at == view.due_at && v.end_date == view.end_date,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.chosen
            .cmp(&a.chosen)
            .then(a.source_url.cmp(&b.source_url))
    });
    out
}

impl SeaOrmRepository {
    pub(super) async fn load_conference_detail(
        &self,
        key: &str,
    ) -> Result<Option<ConferenceDetail>> {
        use crate::entity::deadlines;
        let Some(conference) = self.conference_row(key).await? else {
            return Ok(None);
        };
        let Some(series) = series::Entity::find_by_id(conference.series_id)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let mut facts = self
            .series_facts(Some(&[series.id]))
            .await?
            .remove(&series.id)
            .unwrap_or_default();
        facts.description.clone_from(&series.description);
        let host = match conference.parent_id {
            Some(id) => conferences::Entity::find_by_id(id).one(&self.db).await?,
            None => None,
        };
        let workshops = conferences::Entity::find()
            .filter(conferences::Column::ParentId.eq(conference.id))
            .order_by_asc(conferences::Column::Key)
            .all(&self.db)
            .await?;
        let sources_list = sources::Entity::find()
            .filter(sources::Column::ConferenceId.eq(conference.id))
            .order_by_asc(sources::Column::Id)
            .all(&self.db)
            .await?;
        let rows = deadlines::Entity::find()
            .filter(deadlines::Column::ConferenceId.eq(conference.id))
            .order_by_asc(deadlines::Column::DueAt)
            .order_by_asc(deadlines::Column::Id)
            .all(&self.db)
            .await?;
        let (deadlines, mut raw_values) = self.deadline_views(rows).await?;
        let by_id: HashMap<i32, sources::Model> =
            sources_list.iter().map(|s| (s.id, s.clone())).collect();
        let values = deadlines
            .iter()
            .map(|view| {
                let raw = raw_values.remove(&view.id).unwrap_or_default();
                (view.id, source_values(view, raw, &by_id))
            })
            .collect();
        let change_rows = deadline_changes::Entity::find()
            .filter(deadline_changes::Column::ConferenceId.eq(conference.id))
            .order_by_asc(deadline_changes::Column::DetectedAt)
            .order_by_asc(deadline_changes::Column::Id)
            .all(&self.db)
            .await?;
        let changes = self.change_views(change_rows).await?;
        Ok(Some(ConferenceDetail {
            conference: conference.into(),
            series: series.into(),
            facts,
            host: host.map(Conference::from),
            workshops: workshops.into_iter().map(Conference::from).collect(),
            sources: sources_list.into_iter().map(Source::from).collect(),
            deadlines,
            values,
            changes,
        }))
    }

    pub(super) async fn load_series_detail(
        &self,
        name_or_alias: &str,
    ) -> Result<Option<SeriesDetail>> {
        use crate::entity::deadlines;
        let Some(series) = super::series_by_alias(&self.db, name_or_alias).await? else {
            return Ok(None);
        };
        let aliases = series_aliases::Entity::find()
            .filter(series_aliases::Column::SeriesId.eq(series.id))
            .order_by_asc(series_aliases::Column::Display)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| a.display)
            .collect();
        let mut facts: SeriesFacts = self
            .series_facts(Some(&[series.id]))
            .await?
            .remove(&series.id)
            .unwrap_or_default();
        facts.description.clone_from(&series.description);
        let editions = conferences::Entity::find()
            .filter(conferences::Column::SeriesId.eq(series.id))
            .order_by_desc(conferences::Column::Year)
            .order_by_asc(conferences::Column::Key)
            .all(&self.db)
            .await?;
        let ids: Vec<i32> = editions.iter().map(|c| c.id).collect();
        let mut rows = Vec::new();
        for chunk in ids.chunks(500) {
            rows.extend(
                deadlines::Entity::find()
                    .filter(deadlines::Column::ConferenceId.is_in(chunk.to_vec()))
                    .order_by_asc(deadlines::Column::DueAt)
                    .order_by_asc(deadlines::Column::Id)
                    .all(&self.db)
                    .await?,
            );
        }
        rows.sort_by_key(|d| (d.due_at, d.id));
        let deadlines = self.deadline_views(rows).await?.0;
        Ok(Some(SeriesDetail {
            series: series.into(),
            aliases,
            facts,
            editions: editions.into_iter().map(Conference::from).collect(),
            deadlines,
        }))
    }

    pub(super) async fn load_series_list(&self) -> Result<Vec<SeriesSummary>> {
        let all = series::Entity::find()
            .order_by_asc(series::Column::Key)
            .all(&self.db)
            .await?;
        let facts = self.series_facts(None).await?;
        let mut editions: HashMap<i32, (u64, i32)> = HashMap::new();
        let years: Vec<(i32, i32)> = conferences::Entity::find()
            .select_only()
            .column(conferences::Column::SeriesId)
            .column(conferences::Column::Year)
            .into_tuple()
            .all(&self.db)
            .await?;
        for (series_id, year) in years {
            let entry = editions.entry(series_id).or_insert((0, year));
            entry.0 += 1;
            entry.1 = entry.1.max(year);
        }
        Ok(all
            .into_iter()
            .map(|s| {
                let f = facts.get(&s.id).cloned().unwrap_or_default();
                let (count, latest) = editions.get(&s.id).copied().unzip();
                SeriesSummary {
                    key: s.key,
                    name: s.name,
                    acronym: s.acronym,
                    categories: f.categories,
                    rankings: f.rankings,
                    editions: count.unwrap_or(0),
                    latest_year: latest,
                }
            })
            .collect())
    }

    pub(super) async fn load_facets(&self) -> Result<Facets> {
        let categories: Vec<String> = series_categories::Entity::find()
            .select_only()
            .column(series_categories::Column::Category)
            .distinct()
            .into_tuple()
            .all(&self.db)
            .await?;
        let rankings: Vec<(String, String)> = series_rankings::Entity::find()
            .select_only()
            .column(series_rankings::Column::System)
            .column(series_rankings::Column::Rank)
            .distinct()
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut categories: Vec<String> = categories
            .into_iter()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        categories.sort();
        let mut rankings: Vec<Ranking> = rankings
            .into_iter()
            .collect::<HashSet<_>>()
            .into_iter()
            .map(|(system, rank)| Ranking { system, rank })
            .collect();
        rankings.sort_by(|a, b| (&a.system, &a.rank).cmp(&(&b.system, &b.rank)));
        Ok(Facets {
            categories,
            rankings,
        })
    }

    /// The newest write time or id of every table a page shows, in one statement.
    /// Each part is a `MAX` over an indexed column (see the search migration), so
    /// the statement costs a few index lookups.
    pub(super) async fn load_data_version(&self) -> Result<String> {
        let backend = self.db.get_database_backend();
        let text = match backend {
            DatabaseBackend::MySql => "CHAR",
            _ => "TEXT",
        };
        let parts = [
            ("updated_at", "conferences"),
            ("updated_at", "deadlines"),
            ("updated_at", "series"),
            ("updated_at", "series_rankings"),
            ("changed_at", "deadline_values"),
            ("id", "deadline_changes"),
            ("id", "sources"),
            ("id", "series_aliases"),
            ("id", "series_categories"),
            ("id", "series_tags"),
        ];
        let columns: Vec<String> = parts
            .iter()
            .map(|(column, table)| format!("(SELECT CAST(MAX({column}) AS {text}) FROM {table})"))
            .collect();
        let sql = format!("SELECT {}", columns.join(", "));
        let row = self
            .db
            .query_one_raw(Statement::from_string(backend, sql))
            .await?;
        let mut version = String::new();
        if let Some(row) = row {
            for i in 0..parts.len() {
                let value: Option<String> = row.try_get_by_index(i)?;
                version.push_str(value.as_deref().unwrap_or("-"));
                version.push('|');
            }
        }
        Ok(version)
    }
}
