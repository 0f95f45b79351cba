//! `confradar-cli migrate`: apply, revert and inspect schema migrations.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use confradar_migration::{MigrationStatus, Migrator, MigratorTrait};

use super::Context;

/// Arguments of `migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Apply pending migrations (all, or --steps N).
    Up {
        /// Apply at most this many.
        #[arg(long, value_name = "N")]
        steps: Option<u32>,
    },
    /// Revert the last migration (or --steps N, or --all).
    Down {
        /// Revert this many (default 1).
        #[arg(long, value_name = "N", conflicts_with = "all")]
        steps: Option<u32>,
        /// Revert every migration: drops every ConfRadar table and its data.
        #[arg(long)]
        all: bool,
    },
    /// List migrations and whether each is applied.
    Status,
    /// Revert every migration and apply them all again: deletes all data.
    Fresh {
        /// Confirm that all data may be deleted.
        #[arg(long)]
        yes: bool,
    },
}

/// Runs `migrate`.
pub async fn run(ctx: &Context, args: MigrateArgs) -> anyhow::Result<ExitCode> {
    let url = ctx.settings.database_url.clone();
    let db = ctx.connect().await?;
    match args.action {
        Action::Up { steps } => {
            let pending = Migrator::get_pending_migrations(&db).await?.len();
            Migrator::up(&db, steps)
                .await
                .with_context(|| format!("applying migrations to {url}"))?;
            let applied = steps.map_or(pending, |n| pending.min(n as usize));
            println!(
                "applied {applied} migration(s) to {url}; {} pending",
                pending - applied
            );
        }
        Action::Down { steps, all } => {
            let steps = if all { None } else { Some(steps.unwrap_or(1)) };
            let applied = Migrator::get_applied_migrations(&db).await?.len();
            Migrator::down(&db, steps)
                .await
                .with_context(|| format!("reverting migrations on {url}"))?;
            let reverted = steps.map_or(applied, |n| applied.min(n as usize));
            println!(
                "reverted {reverted} migration(s) on {url}; {} still applied",
                applied - reverted
            );
        }
        Action::Status => {
            let migrations = Migrator::get_migration_with_status(&db).await?;
            println!("database: {url}");
            for migration in &migrations {
                let status = match migration.status() {
                    MigrationStatus::Applied => "applied",
                    MigrationStatus::Pending => "pending",
                };
                println!("  {status:<8} {}", migration.name());
            }
            let pending = migrations
                .iter()
                .filter(|m| m.status() == MigrationStatus::Pending)
                .count();
            println!("{} applied, {pending} pending", migrations.len() - pending);
        }
        Action::Fresh { yes } => {
            if !yes {
                anyhow::bail!(
                    "`migrate fresh` drops every table in {url} and all its data; run it again with --yes to confirm"
                );
            }
            // Revert every migration, then apply them all: each `down` drops its
            // tables children-first, which works with SQLite's foreign keys on
            // (a blind drop of every table does not).
            Migrator::down(&db, None)
                .await
                .with_context(|| format!("reverting migrations on {url}"))?;
            Migrator::up(&db, None)
                .await
                .with_context(|| format!("applying migrations to {url}"))?;
            println!(
                "reverted every migration and applied {} migration(s) to {url}",
                Migrator::migrations().len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
