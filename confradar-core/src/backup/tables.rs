//! The tables of the knowledge base, and what a dump, a restore and a copy
//! do with each: one generic implementation over SeaORM entities.

use std::io::Write;
use std::marker::PhantomData;

use async_trait::async_trait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, Iterable, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Value,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::entity::{
    conferences, crawl_queue, deadline_changes, deadline_values, deadlines, fetch_runs,
    notify_deliveries, series, series_aliases, series_categories, series_rankings, series_tags,
    sources,
};

/// Every table a dump holds, in an order where each row's references come
/// before it (series before conferences before sources before deadlines…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// `series`
    Series,
    /// `series_aliases`
    SeriesAliases,
    /// `series_categories`
    SeriesCategories,
    /// `series_rankings`
    SeriesRankings,
    /// `series_tags`
    SeriesTags,
    /// `conferences`
    Conferences,
    /// `sources`
    Sources,
    /// `deadlines`
    Deadlines,
    /// `deadline_values`
    DeadlineValues,
    /// `deadline_changes`
    DeadlineChanges,
    /// `fetch_runs`
    FetchRuns,
    /// `crawl_queue`
    CrawlQueue,
    /// `notify_deliveries`
    NotifyDeliveries,
}

impl Table {
    /// Every table, references first.
    pub const ALL: [Table; 13] = [
        Table::Series,
        Table::SeriesAliases,
        Table::SeriesCategories,
        Table::SeriesRankings,
        Table::SeriesTags,
        Table::Conferences,
        Table::Sources,
        Table::Deadlines,
        Table::DeadlineValues,
        Table::DeadlineChanges,
        Table::FetchRuns,
        Table::CrawlQueue,
        Table::NotifyDeliveries,
    ];

    /// The table's name in the database and in a dump.
    #[must_use]
    pub fn name(self) -> &'static str {
        self.ops().name()
    }

    /// The table a dump names, if this build knows it.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    pub(crate) fn ops(self) -> &'static dyn TableOps {
        match self {
            Table::Series => &Ops::<series::Entity>(PhantomData),
            Table::SeriesAliases => &Ops::<series_aliases::Entity>(PhantomData),
            Table::SeriesCategories => &Ops::<series_categories::Entity>(PhantomData),
            Table::SeriesRankings => &Ops::<series_rankings::Entity>(PhantomData),
            Table::SeriesTags => &Ops::<series_tags::Entity>(PhantomData),
            Table::Conferences => &Ops::<conferences::Entity>(PhantomData),
            Table::Sources => &Ops::<sources::Entity>(PhantomData),
            Table::Deadlines => &Ops::<deadlines::Entity>(PhantomData),
            Table::DeadlineValues => &Ops::<deadline_values::Entity>(PhantomData),
            Table::DeadlineChanges => &Ops::<deadline_changes::Entity>(PhantomData),
            Table::FetchRuns => &Ops::<fetch_runs::Entity>(PhantomData),
            Table::CrawlQueue => &Ops::<crawl_queue::Entity>(PhantomData),
            Table::NotifyDeliveries => &Ops::<notify_deliveries::Entity>(PhantomData),
        }
    }
}

/// A row whose reference to a row of its own table that comes later (a
/// conference whose parent has a higher id) is stored empty at first and
/// set once the whole table is in: `(id, referenced id)`.
pub(crate) type Forward = (i32, i32);

/// Rows that may point at later rows of their own table.
pub(crate) trait SelfReference {
    /// Empties a forward reference, returning it to be set later.
    fn take_forward(&mut self) -> Option<Forward> {
        None
    }
}

impl SelfReference for conferences::Model {
    fn take_forward(&mut self) -> Option<Forward> {
        match self.parent_id {
            Some(parent) if parent >= self.id => {
                self.parent_id = None;
                Some((self.id, parent))
            }
            _ => None,
        }
    }
}

macro_rules! no_self_reference {
    ($($m:path),*) => { $(impl SelfReference for $m {})* };
}
no_self_reference!(
    series::Model,
    series_aliases::Model,
    series_categories::Model,
    series_rankings::Model,
    series_tags::Model,
    sources::Model,
    deadlines::Model,
    deadline_values::Model,
    deadline_changes::Model,
    fetch_runs::Model,
    crawl_queue::Model,
    notify_deliveries::Model
);

/// One page read from a table: how many rows and the last id.
pub(crate) struct Page {
    pub rows: u64,
    pub last_id: Option<i32>,
}

/// What dump, restore and copy do with one table.
#[async_trait]
pub(crate) trait TableOps: Sync {
    fn name(&self) -> &'static str;
    /// Rows per multi-row insert: bounded by the backends' parameter limits.
    fn insert_batch(&self) -> usize;
    async fn has_rows(&self, db: &DatabaseConnection) -> Result<bool, DbErr>;
    async fn count(&self, db: &DatabaseTransaction) -> Result<u64, DbErr>;
    /// Writes the rows with an id above `after` (at most `limit`) as dump lines.
    async fn dump_page(
        &self,
        db: &DatabaseTransaction,
        after: i32,
        limit: u64,
        out: &mut (dyn Write + Send),
    ) -> Result<Page, super::BackupError>;
    /// Inserts dump rows (`(line, row)`), their ids kept.
    async fn insert_json(
        &self,
        db: &DatabaseTransaction,
        rows: Vec<(u64, serde_json::Value)>,
        source: &str,
        forward: &mut Vec<Forward>,
    ) -> Result<(), super::BackupError>;
    /// Copies the rows with an id above `after` (at most `limit`) from one database into another.
    async fn copy_page(
        &self,
        from: &DatabaseTransaction,
        to: &DatabaseTransaction,
        after: i32,
        limit: u64,
        forward: &mut Vec<Forward>,
    ) -> Result<Page, DbErr>;
    /// Sets the forward references emptied while inserting.
    async fn relink(&self, db: &DatabaseTransaction, forward: &[Forward]) -> Result<(), DbErr>;
}

struct Ops<E>(PhantomData<fn() -> E>);

/// Bind parameters per insert statement, well under SQLite's 32,766 and
/// PostgreSQL's and MySQL's 65,535.
const PARAMETERS_PER_INSERT: usize = 8_000;

impl<E> Ops<E>
where
    E: EntityTrait,
{
    fn id_column() -> E::Column {
        // Every table's primary key is its first column, `id`.
        E::Column::iter()
            .next()
            .expect("every entity has an id column")
    }

    async fn page(
        db: &DatabaseTransaction,
        after: i32,
        limit: u64,
    ) -> Result<Vec<E::Model>, DbErr> {
        let id = Self::id_column();
        E::find()
            .filter(id.gt(after))
            .order_by_asc(id)
            .limit(limit)
            .all(db)
            .await
    }

    fn last_id(models: &[E::Model]) -> Option<i32> {
        match models.last()?.get(Self::id_column()) {
            Value::Int(Some(id)) => Some(id),
            _ => None,
        }
    }
}

#[async_trait]
impl<E> TableOps for Ops<E>
where
    E: EntityTrait + Sync,
    E::Model: Serialize + DeserializeOwned + SelfReference + IntoActiveModel<E::ActiveModel> + Sync,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    fn name(&self) -> &'static str {
        E::default().table_name()
    }

    fn insert_batch(&self) -> usize {
        (PARAMETERS_PER_INSERT / E::Column::iter().count().max(1)).max(1)
    }

    async fn has_rows(&self, db: &DatabaseConnection) -> Result<bool, DbErr> {
        Ok(E::find()
            .limit(1)
            .all(db)
            .await?
            .into_iter()
            .next()
            .is_some())
    }

    async fn count(&self, db: &DatabaseTransaction) -> Result<u64, DbErr> {
        E::find().count(db).await
    }

    async fn dump_page(
        &self,
        db: &DatabaseTransaction,
        after: i32,
        limit: u64,
        out: &mut (dyn Write + Send),
    ) -> Result<Page, super::BackupError> {
        let models = Self::page(db, after, limit).await?;
        let table = self.name();
        for row in &models {
            serde_json::to_writer(&mut *out, &super::file::RowOut { table, row })
                .map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
        }
        Ok(Page {
            rows: models.len() as u64,
            last_id: Self::last_id(&models),
        })
    }

    async fn insert_json(
        &self,
        db: &DatabaseTransaction,
        rows: Vec<(u64, serde_json::Value)>,
        source: &str,
        forward: &mut Vec<Forward>,
    ) -> Result<(), super::BackupError> {
        let mut models = Vec::with_capacity(rows.len());
        for (line, row) in rows {
            let mut model: E::Model =
                serde_json::from_value(row).map_err(|err| super::BackupError::BadLine {
                    file: source.to_string(),
                    line,
                    reason: format!("a row of table {} does not fit it: {err}", self.name()),
                })?;
            forward.extend(model.take_forward());
            models.push(model);
        }
        insert::<E>(db, models)
            .await
            .map_err(|err| super::BackupError::Insert {
                table: self.name(),
                source: err,
            })
    }

    async fn copy_page(
        &self,
        from: &DatabaseTransaction,
        to: &DatabaseTransaction,
        after: i32,
        limit: u64,
        forward: &mut Vec<Forward>,
    ) -> Result<Page, DbErr> {
        let mut models = Self::page(from, after, limit).await?;
        let page = Page {
            rows: models.len() as u64,
            last_id: Self::last_id(&models),
        };
        for model in &mut models {
            forward.extend(model.take_forward());
        }
        let batch = self.insert_batch();
        let mut models = models.into_iter().peekable();
        while models.peek().is_some() {
            insert::<E>(to, models.by_ref().take(batch).collect()).await?;
        }
        Ok(page)
    }

    async fn relink(&self, db: &DatabaseTransaction, forward: &[Forward]) -> Result<(), DbErr> {
        // Only conferences point at their own table (parent_id).
        for &(id, parent) in forward {
            conferences::Entity::update_many()
                .col_expr(conferences::Column::ParentId, Expr::value(parent))
                .filter(conferences::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        Ok(())
    }
}

/// One multi-row insert with the rows' own ids.
async fn insert<E>(db: &DatabaseTransaction, models: Vec<E::Model>) -> Result<(), DbErr>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    if models.is_empty() {
        return Ok(());
    }
    E::insert_many(models.into_iter().map(IntoActiveModel::into_active_model))
        .exec_without_returning(db)
        .await?;
    Ok(())
}
