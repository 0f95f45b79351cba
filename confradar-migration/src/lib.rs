//! ConfRadar's database migrations.
//!
//! One schema-builder tree serves PostgreSQL, SQLite and MySQL/MariaDB; the
//! code branches on the backend only where the backends really differ.
//!
//! Run them with `confradar-cli migrate up`, or with the SeaORM CLI:
//! `DATABASE_URL=… sea-orm-cli migrate up -d confradar-migration`.
#![deny(missing_docs)]

pub use sea_orm_migration::prelude::*;
pub use sea_orm_migration::{MigrationStatus, SchemaManager};

mod m20261124_000001_create_knowledge_base;
mod m20261124_000002_create_crawl_queue;
mod m20261201_000003_add_series_facts_and_source_values;
mod m20261201_000010_add_run_heartbeat;
mod m20261201_000020_add_search;
mod m20261201_000030_create_notify_deliveries;
mod m20261202_000040_mysql_datetime;

/// The list of ConfRadar's migrations, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_knowledge_base::Migration),
            Box::new(m20261124_000002_create_crawl_queue::Migration),
            Box::new(m20261201_000003_add_series_facts_and_source_values::Migration),
            Box::new(m20261201_000010_add_run_heartbeat::Migration),
            Box::new(m20261201_000020_add_search::Migration),
            Box::new(m20261201_000030_create_notify_deliveries::Migration),
            Box::new(m20261202_000040_mysql_datetime::Migration),
        ]
    }
}
