//! [`CrawlQueue`] over SeaORM: claims are conditional UPDATEs, so they are
//! atomic on PostgreSQL, MySQL/MariaDB and SQLite alike.

use chrono::{DateTime, Datelike, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::{SeaOrmRepository, clip};
use crate::entity::time::db_time;
use crate::entity::{conferences, crawl_queue, series, sources};
use crate::error::Result;
use crate::fetch::Validators;
use crate::names::slug;
use crate::queue::{Attempt, ClaimedPage, CrawlQueue, QueuedPage};

/// Whether a URL is one the crawler can fetch (imported sources are named
/// `dataset:file#entry`).
fn is_web_page(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// A claim's condition: due by `cycle_start` and held by nobody (or by a lapsed lease).
fn claimable(cycle_start: DateTime<Utc>, now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(crawl_queue::Column::NextDueAt.lte(db_time(cycle_start)))
        .add(
            Condition::any()
                .add(crawl_queue::Column::ClaimedBy.is_null())
                .add(crawl_queue::Column::ClaimExpiresAt.lt(db_time(now))),
        )
}

/// Reorders pages so that consecutive ones come from different hosts
/// (round robin over hosts, keeping each host's own order).
fn interleave_hosts(pages: Vec<crawl_queue::Model>) -> Vec<crawl_queue::Model> {
    let mut by_host: Vec<(String, std::collections::VecDeque<crawl_queue::Model>)> = Vec::new();
    for page in pages {
        let host = url::Url::parse(&page.url)
            .ok()
            .map(|u| {
                format!(
                    "{}:{}",
                    u.host_str().unwrap_or_default(),
                    u.port_or_known_default().unwrap_or(0)
                )
            })
            .unwrap_or_default();
        match by_host.iter_mut().find(|(h, _)| *h == host) {
            Some((_, queue)) => queue.push_back(page),
            None => by_host.push((host, std::collections::VecDeque::from([page]))),
        }
    }
    let mut out = Vec::new();
    while by_host.iter().any(|(_, q)| !q.is_empty()) {
        for (_, queue) in &mut by_host {
            out.extend(queue.pop_front());
        }
    }
    out
}

#[async_trait::async_trait]
impl CrawlQueue for SeaOrmRepository {
    async fn enqueue(
        &self,
        url: &str,
        series_key: Option<&str>,
        due_at: DateTime<Utc>,
    ) -> Result<()> {
        let series_id = match series_key {
            Some(key) => series::Entity::find()
                .filter(series::Column::Key.eq(slug(key)))
                .one(&self.db)
                .await?
                .map(|s| s.id),
            None => None,
        };
        let row = crawl_queue::ActiveModel {
            url: Set(clip(url, 700)),
            series_id: Set(series_id),
            next_due_at: Set(db_time(due_at)),
            failure_count: Set(0),
            created_at: Set(db_time(Utc::now())),
            ..Default::default()
        };
        crawl_queue::Entity::insert(row)
            .on_conflict_do_nothing_on([crawl_queue::Column::Url])
            .exec_without_returning(&self.db)
            .await?;
        if let Some(series_id) = series_id {
            crawl_queue::Entity::update_many()
                .col_expr(crawl_queue::Column::SeriesId, Expr::value(series_id))
                .filter(crawl_queue::Column::Url.eq(url))
                .filter(crawl_queue::Column::SeriesId.is_null())
                .exec(&self.db)
                .await?;
        }
        Ok(())
    }

    async fn enqueue_tracked(&self, due_at: DateTime<Utc>) -> Result<u64> {
        let before = crawl_queue::Entity::find().count(&self.db).await?;
        let mut pages: Vec<(String, Option<i32>)> = Vec::new();
        for source in sources::Entity::find().all(&self.db).await? {
            if is_web_page(&source.url) {
                pages.push((source.url, None));
            }
        }
        for series in series::Entity::find()
            .filter(series::Column::Homepage.is_not_null())
            .all(&self.db)
            .await?
        {
            if let Some(homepage) = series.homepage {
                pages.push((homepage, Some(series.id)));
            }
        }
        // An imported edition's own site (ccf's `link`, ai-deadlines' `link`):
        // its CFP page is the authority the community data defers to. Past
        // editions are settled and not worth a visit.
        for conference in conferences::Entity::find()
            .filter(conferences::Column::Homepage.is_not_null())
            .filter(conferences::Column::Year.gte(due_at.year()))
            .all(&self.db)
            .await?
        {
            if let Some(homepage) = conference.homepage.filter(|h| is_web_page(h)) {
                pages.push((homepage, Some(conference.series_id)));
            }
        }
        let now = Utc::now();
        for chunk in pages.chunks(200) {
            let rows = chunk
                .iter()
                .map(|(url, series_id)| crawl_queue::ActiveModel {
                    url: Set(clip(url, 700)),
                    series_id: Set(*series_id),
                    next_due_at: Set(db_time(due_at)),
                    failure_count: Set(0),
                    created_at: Set(db_time(now)),
                    ..Default::default()
                });
            crawl_queue::Entity::insert_many(rows)
                .on_conflict_do_nothing_on([crawl_queue::Column::Url])
                .exec_without_returning(&self.db)
                .await?;
        }
        Ok(crawl_queue::Entity::find()
            .count(&self.db)
            .await?
            .saturating_sub(before))
    }

    async fn count_due(&self, cycle_start: DateTime<Utc>) -> Result<u64> {
        Ok(crawl_queue::Entity::find()
            .filter(claimable(cycle_start, Utc::now()))
            .count(&self.db)
            .await?)
    }

    async fn claim_due(
        &self,
        worker: &str,
        cycle_start: DateTime<Utc>,
        lease: chrono::Duration,
        limit: u64,
    ) -> Result<Vec<ClaimedPage>> {
        let now = Utc::now();
        // Read more than wanted (other workers may win some), then take the
        // hosts in turn: a batch of one host's pages would wait on that
        // host's politeness delay while other hosts idle.
        let candidates = crawl_queue::Entity::find()
            .filter(claimable(cycle_start, now))
            .order_by_asc(crawl_queue::Column::NextDueAt)
            .order_by_asc(crawl_queue::Column::Id)
            .limit(Ord::max(limit.saturating_mul(8), 1))
            .all(&self.db)
            .await?;
        let candidates = interleave_hosts(candidates);
        let mut claimed = Vec::new();
        for candidate in candidates {
            if claimed.len() as u64 >= limit {
                break;
            }
            let won = crawl_queue::Entity::update_many()
                .col_expr(
                    crawl_queue::Column::ClaimedBy,
                    Expr::value(worker.to_string()),
                )
                .col_expr(
                    crawl_queue::Column::ClaimExpiresAt,
                    Expr::value(db_time(now + lease)),
                )
                .filter(crawl_queue::Column::Id.eq(candidate.id))
                .filter(claimable(cycle_start, now))
                .exec(&self.db)
                .await?
                .rows_affected
                == 1;
            if !won {
                continue;
            }
            let series_key = match candidate.series_id {
                Some(id) => series::Entity::find_by_id(id)
                    .one(&self.db)
                    .await?
                    .map(|s| s.key),
                None => None,
            };
            claimed.push(ClaimedPage {
                validators: self.validators_for(&candidate.url).await?,
                url: candidate.url,
                series_key,
                failure_count: candidate.failure_count,
            });
        }
        Ok(claimed)
    }

    async fn complete(
        &self,
        url: &str,
        worker: &str,
        attempt: &Attempt,
        next_due_at: DateTime<Utc>,
    ) -> Result<()> {
        let now = Utc::now();
        let Some(row) = crawl_queue::Entity::find()
            .filter(crawl_queue::Column::Url.eq(url))
            .one(&self.db)
            .await?
        else {
            return Ok(());
        };
        if row.claimed_by.as_deref() != Some(worker) {
            // Our lease lapsed and another worker took the page over: its result wins.
            tracing::warn!(
                "{url}: the claim of {worker} lapsed before it finished; leaving the page to its new owner"
            );
            return Ok(());
        }
        let mut update: crawl_queue::ActiveModel = row.clone().into();
        update.claimed_by = Set(None);
        update.claim_expires_at = Set(None);
        update.last_attempt_at = Set(Some(db_time(now)));
        update.next_due_at = Set(db_time(next_due_at));
        match attempt {
            Attempt::Succeeded => {
                update.failure_count = Set(0);
                update.last_error = Set(None);
            }
            Attempt::Failed(message) => {
                update.failure_count = Set(row.failure_count.saturating_add(1));
                update.last_error = Set(Some(message.clone()));
                sources::Entity::update_many()
                    .col_expr(sources::Column::LastError, Expr::value(message.clone()))
                    .col_expr(sources::Column::LastFetchedAt, Expr::value(db_time(now)))
                    .col_expr(
                        sources::Column::FailureCount,
                        Expr::col(sources::Column::FailureCount).add(1),
                    )
                    .filter(sources::Column::Url.eq(url))
                    .exec(&self.db)
                    .await?;
            }
        }
        update.update(&self.db).await?;
        Ok(())
    }

    async fn validators_for(&self, url: &str) -> Result<Validators> {
        let latest = sources::Entity::find()
            .filter(sources::Column::Url.eq(url))
            .filter(sources::Column::LastError.is_null())
            .order_by_desc(sources::Column::LastFetchedAt)
            .one(&self.db)
            .await?;
        Ok(latest
            .map(|s| Validators {
                etag: s.etag,
                last_modified: s.last_modified,
                content_hash: s.content_hash,
            })
            .unwrap_or_default())
    }

    async fn touch_sources(&self, url: &str, status: Option<i32>) -> Result<()> {
        sources::Entity::update_many()
            .col_expr(
                sources::Column::LastFetchedAt,
                Expr::value(db_time(Utc::now())),
            )
            .col_expr(sources::Column::LastStatus, Expr::value(status))
            .col_expr(
                sources::Column::LastError,
                Expr::value(Option::<String>::None),
            )
            .col_expr(sources::Column::FailureCount, Expr::value(0))
            .filter(sources::Column::Url.eq(url))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn queued(&self) -> Result<Vec<QueuedPage>> {
        Ok(crawl_queue::Entity::find()
            .order_by_asc(crawl_queue::Column::Url)
            .all(&self.db)
            .await?
            .into_iter()
            .map(QueuedPage::from)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str) -> crawl_queue::Model {
        crawl_queue::Model {
            id: 0,
            url: url.to_string(),
            series_id: None,
            next_due_at: db_time(Utc::now()),
            claimed_by: None,
            claim_expires_at: None,
            last_attempt_at: None,
            failure_count: 0,
            last_error: None,
            created_at: db_time(Utc::now()),
        }
    }

    #[test]
    fn hosts_take_turns_and_keep_their_order() {
        let pages = [
            "http://a/1",
            "http://a/2",
            "http://a/3",
            "http://b/1",
            "http://c/1",
            "http://b/2",
        ]
        .map(page);
        let order: Vec<String> = interleave_hosts(pages.to_vec())
            .into_iter()
            .map(|p| p.url)
            .collect();
        assert_eq!(
            order,
            [
                "http://a/1",
                "http://b/1",
                "http://c/1",
                "http://a/2",
                "http://b/2",
                "http://a/3"
            ]
        );
    }
}
