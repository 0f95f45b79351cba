//! One module per command; this one holds the shared flags and dispatch.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

pub mod extract;

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
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args).await,
    }
}

/// Logs go to stderr so that `--json` output on stdout stays clean.
pub fn init_tracing(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn,confradar_core=info,confradar_cli=info",
        (false, 1) => "debug,sqlx=warn,hyper=info,html5ever=info,selectors=info",
        (false, _) => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("CONFRADAR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
