//! One module per command; this one holds the shared flags and dispatch.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use confradar_core::settings::Settings;
use confradar_core::{SeaOrmRepository, db};
use sea_orm::DatabaseConnection;

pub mod backup;
pub mod changes;
pub mod conflicts;
pub mod crawl;
pub mod deliveries;
pub mod export;
pub mod extract;
pub mod fetch;
pub mod import;
pub mod metrics;
pub mod migrate;
pub mod notify;
mod progress;
pub mod seed;
pub mod serve;
pub mod sources;
pub mod status;
pub mod upcoming;

/// Track academic conference deadlines: fetch Call-for-Papers pages, extract
/// their important dates, keep them in a knowledge base (PostgreSQL, SQLite or
/// MySQL/MariaDB), detect every change, and publish the result.
#[derive(Debug, Parser)]
#[command(name = "confradar-cli", version, propagate_version = true)]
#[command(after_help = "Examples:\n  \
    confradar-cli --database-url sqlite://confradar.db migrate up\n  \
    confradar-cli extract page.html --json\n\n\
    Settings come from built-in defaults < confradar.toml < .env < environment (DATABASE_URL, CONFRADAR_*) < flags.")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command understands.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database to use: postgres://…, sqlite://FILE or mysql://… (overrides DATABASE_URL and confradar.toml).
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Configuration file to read instead of ./confradar.toml.
    #[arg(long, global = true, value_name = "FILE", env = "CONFRADAR_CONFIG")]
    pub config: Option<PathBuf>,
    /// More log output (-v: debug, -vv: trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract a conference and its important dates from a CFP page (file or URL); stores nothing.
    Extract(extract::ExtractArgs),
    /// Apply, revert or inspect the database schema (up, down, status, fresh).
    Migrate(migrate::MigrateArgs),
    /// Fetch pages (URLs or files), extract their dates, store them and report every change.
    Fetch(fetch::FetchArgs),
    /// Bulk-load community deadline data (ai-deadlines, ccf-deadlines, sec-deadlines, python-deadlines, JSON Lines): files and folders.
    Import(import::ImportArgs),
    /// Load the bundled list of major computer-science conference series (idempotent).
    Seed(seed::SeedArgs),
    /// Re-check every tracked page once (several workers may share one PostgreSQL database).
    Crawl(crawl::CrawlArgs),
    /// Crawl on an interval until stopped (the worker's job).
    Watch(crawl::WatchArgs),
    /// List the tracked pages with their schedule and last error.
    Sources(sources::SourcesArgs),
    /// The run history of fetch, import and crawl.
    Runs(sources::RunsArgs),
    /// The change notifications sent to webhooks (--notify), delivered or failed; secrets redacted.
    Deliveries(deliveries::DeliveriesArgs),
    /// The next deadlines, soonest first, with countdowns and recent changes marked.
    Upcoming(upcoming::UpcomingArgs),
    /// The change log: every deadline that moved, in words.
    Changes(changes::ChangesArgs),
    /// Deadlines whose sources disagree, with every source's value and the one shown.
    Conflicts(conflicts::ConflictsArgs),
    /// Publish the knowledge base as an iCalendar feed, JSON, CSV, Markdown or a self-contained HTML page.
    Export(export::ExportArgs),
    /// Serve the page, a JSON API and a calendar feed over HTTP (read-only).
    Serve(serve::ServeArgs),
    /// Check the installation's health (database, migrations, queue, runs); exit code 1 when unhealthy.
    Status(status::StatusArgs),
    /// Back up the whole knowledge base as JSON Lines (.gz/.zst by the file name).
    Dump(backup::DumpArgs),
    /// Load a dump into an empty database of any backend.
    Restore(backup::RestoreArgs),
    /// Copy the knowledge base into another (empty) database, e.g. SQLite into PostgreSQL.
    Copy(backup::CopyArgs),
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args).await,
        Command::Migrate(args) => migrate::run(&Context::load(&cli.global)?, args).await,
        Command::Fetch(args) => fetch::run(&Context::load(&cli.global)?, args).await,
        Command::Import(args) => import::run(&Context::load(&cli.global)?, args).await,
        Command::Seed(args) => seed::run(&Context::load(&cli.global)?, args).await,
        Command::Crawl(args) => crawl::run_crawl(&Context::load(&cli.global)?, args).await,
        Command::Watch(args) => crawl::run_watch(&Context::load(&cli.global)?, args).await,
        Command::Sources(args) => sources::run_sources(&Context::load(&cli.global)?, args).await,
        Command::Runs(args) => sources::run_runs(&Context::load(&cli.global)?, args).await,
        Command::Deliveries(args) => deliveries::run(&Context::load(&cli.global)?, args).await,
        Command::Upcoming(args) => upcoming::run(&Context::load(&cli.global)?, args).await,
        Command::Changes(args) => changes::run(&Context::load(&cli.global)?, args).await,
        Command::Conflicts(args) => conflicts::run(&Context::load(&cli.global)?, args).await,
        Command::Export(args) => export::run(&Context::load(&cli.global)?, args).await,
        Command::Serve(args) => serve::run(&Context::load(&cli.global)?, args).await,
        Command::Status(args) => status::run(&Context::load(&cli.global)?, args).await,
        Command::Dump(args) => backup::run_dump(&Context::load(&cli.global)?, args).await,
        Command::Restore(args) => backup::run_restore(&Context::load(&cli.global)?, args).await,
        Command::Copy(args) => backup::run_copy(&Context::load(&cli.global)?, args).await,
    }
}

/// Settings with the flags merged in, and ways to open the database.
pub struct Context {
    /// Every setting, flags included.
    pub settings: Settings,
}

impl Context {
    /// Loads settings: defaults < confradar.toml < .env < environment < flags.
    pub fn load(global: &GlobalArgs) -> anyhow::Result<Self> {
        let mut figment = Settings::figment(global.config.as_deref());
        if let Some(url) = &global.database_url {
            figment = figment.merge(("database_url", url.as_str()));
        }
        Ok(Self {
            settings: Settings::from_figment(&figment)?,
        })
    }

    /// A bare connection (for `migrate`, which must work on an empty database).
    pub async fn connect(&self) -> anyhow::Result<DatabaseConnection> {
        Ok(db::connect(&self.settings.database_url, &self.settings.database).await?)
    }

    /// The knowledge base, schema checked (and migrated on SQLite).
    pub async fn repository(&self) -> anyhow::Result<SeaOrmRepository> {
        Ok(SeaOrmRepository::new(db::open(&self.settings).await?))
    }
}

/// Logs go to stderr so that `--json` output on stdout stays clean.
pub fn init_tracing(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        // html5ever warns about every page that breaks the HTML rules
        // ("foster parenting not implemented"): the page's fault, not the
        // user's, and the page is read all the same.
        (false, 0) => "warn,confradar_core=info,confradar_cli=info,html5ever=error",
        (false, 1) => "debug,sqlx=warn,hyper=info,html5ever=error,selectors=info",
        (false, _) => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("CONFRADAR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
}
