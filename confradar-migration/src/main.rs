//! The binary `sea-orm-cli migrate -d confradar-migration` runs.
use sea_orm_migration::prelude::*;

#[tokio::main]
async fn main() {
    cli::run_cli(confradar_migration::Migrator).await;
}
