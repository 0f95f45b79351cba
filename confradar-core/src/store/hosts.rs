//! Workshops and the conferences that host them.
//!
//! A workshop page names its host ("GraphX: Workshop on Graph Learning at
//! NeurIPS 2026"). The workshop keeps its own series and key; its `parent_id`
//! points at the host's edition. When the host is not known yet, a
//! placeholder edition is created so that the link exists at once; fetching
//! the host's own page later fills the placeholder in (it is found by series
//! and year like any edition).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::{add_aliases, clip, insert_series, series_by_alias};
use crate::entity::time::db_time;
use crate::entity::{conferences, series};
use crate::error::Result;
use crate::names::slug;
use crate::repository::ConferenceKind;

/// "NeurIPS 2026" → ("NeurIPS", Some(2026)); "ICML" → ("ICML", None).
fn split_hint(hint: &str) -> (String, Option<i32>) {
    let mut year = None;
    let mut words = Vec::new();
    for word in hint.split_whitespace() {
        let digits = word.trim_start_matches(['\'', '’']);
        match digits.parse::<i32>() {
            Ok(y) if digits.len() == 4 && (1950..=2100).contains(&y) => year = Some(y),
            Ok(y) if digits.len() == 2 && word.len() == 3 => year = Some(2000 + y),
            _ => words.push(word),
        }
    }
    (words.join(" "), year)
}

/// The host edition of a workshop, from a hint such as "ICML 2025".
///
/// A hint that names a year is an edition: when neither its series nor the
/// edition is known, placeholders are created. A hint without a year only
/// links to an edition that already exists in the workshop's year.
pub(crate) async fn resolve_parent(
    txn: &DatabaseTransaction,
    hint: &str,
    year: i32,
) -> Result<Option<i32>> {
    let (name, hint_year) = split_hint(hint);
    if name.is_empty() {
        return Ok(None);
    }
    let host_year = hint_year.unwrap_or(year);
    let series = match series_by_alias(txn, &name).await? {
        Some(series) => series,
        None if hint_year.is_some() => match placeholder_series(txn, &name).await? {
            Some(series) => series,
            None => return Ok(None),
        },
        None => return Ok(None),
    };
    if let Some(edition) = host_edition(txn, &series, host_year).await? {
        return Ok(Some(edition.id));
    }
    if hint_year.is_none() {
        return Ok(None);
    }
    placeholder_edition(txn, &series, &name, host_year).await
}

async fn host_edition(
    txn: &DatabaseTransaction,
    series: &series::Model,
    year: i32,
) -> Result<Option<conferences::Model>> {
    Ok(conferences::Entity::find()
        .filter(conferences::Column::SeriesId.eq(series.id))
        .filter(conferences::Column::Year.eq(year))
        .filter(conferences::Column::Kind.eq(ConferenceKind::Conference.as_str()))
        .one(txn)
        .await?)
}

async fn placeholder_series(
    txn: &DatabaseTransaction,
    name: &str,
) -> Result<Option<series::Model>> {
    let key = clip(&slug(name), 128);
    if key.is_empty() {
        return Ok(None);
    }
    let stored = insert_series(txn, &key, name, Some(name), None, Utc::now()).await?;
    add_aliases(txn, stored.id, &[name]).await?;
    Ok(Some(stored))
}

/// An edition known only as a workshop's host: its page has not been read.
async fn placeholder_edition(
    txn: &DatabaseTransaction,
    series: &series::Model,
    name: &str,
    year: i32,
) -> Result<Option<i32>> {
    let key = format!("{}{year}", series.key);
    let now = Utc::now();
    let acronym = series.acronym.clone().unwrap_or_else(|| name.to_string());
    let row = conferences::ActiveModel {
        key: Set(key.clone()),
        series_id: Set(series.id),
        name: Set(clip(&format!("{acronym} {year}"), 512)),
        acronym: Set(Some(clip(&acronym, 64))),
        year: Set(year),
        kind: Set(ConferenceKind::Conference.as_str().to_string()),
        created_at: Set(db_time(now)),
        updated_at: Set(db_time(now)),
        ..Default::default()
    };
    // Another writer may create the same edition concurrently.
    conferences::Entity::insert(row)
        .on_conflict_do_nothing_on([conferences::Column::Key])
        .exec_without_returning(txn)
        .await?;
    Ok(conferences::Entity::find()
        .filter(conferences::Column::Key.eq(key))
        .one(txn)
        .await?
        .map(|c| c.id))
}

/// `ICML 2026`, or for a workshop whose host is in `known`:
/// `GraphX 2026 · workshop at NeurIPS 2026`.
pub(crate) fn label_with_host(
    conf: &conferences::Model,
    known: &HashMap<i32, conferences::Model>,
) -> String {
    let own = super::display_name(conf);
    match host_label(conf, known) {
        Some(host) => format!("{own} · workshop at {host}"),
        None => own,
    }
}

/// The display name of a workshop's host, when it is in `known`.
pub(crate) fn host_label(
    conf: &conferences::Model,
    known: &HashMap<i32, conferences::Model>,
) -> Option<String> {
    conf.parent_id
        .and_then(|id| known.get(&id))
        .map(super::display_name)
}

#[cfg(test)]
mod tests {
    use super::split_hint;

    #[test]
    fn hints_split_into_name_and_year() {
        assert_eq!(
            split_hint("NeurIPS 2026"),
            ("NeurIPS".to_string(), Some(2026))
        );
        assert_eq!(split_hint("ICML '25"), ("ICML".to_string(), Some(2025)));
        assert_eq!(
            split_hint("the Web Conference"),
            ("the Web Conference".to_string(), None)
        );
        assert_eq!(split_hint("2026"), (String::new(), Some(2026)));
    }
}
