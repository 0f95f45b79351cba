//! `confradar-cli export`: the knowledge base as a calendar feed, data or a page.
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::{Duration, Utc};
use clap::Args;
use confradar_core::publish::{self, Format, PageOptions};

use super::Context;
use super::upcoming::FilterArgs;

/// Arguments of `export`.
#[derive(Debug, Args)]
#[command(after_help = "Formats:\n  \
    ics       RFC 5545 calendar: one event per deadline, stable UIDs, UTC times, reminders\n  \
    json      every conference with series, sources, deadlines and history\n  \
    csv       one row per deadline, with the conference, source and history\n  \
    markdown  a page of upcoming deadlines by month, changes highlighted\n  \
    html      the same as a self-contained web page (works offline)\n\n\
    markdown and html start at now by default; ics, json and csv hold every deadline\n\
    (a calendar keeps past events, a dump is complete). --from / --include-past override.\n\n\
    Examples:\n  \
    confradar-cli export --format ics -o deadlines.ics\n  \
    confradar-cli export --format html --series neurips -o neurips.html")]
pub struct ExportArgs {
    /// Output format: ics, json, csv, markdown or html.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_format)]
    pub format: Format,
    /// Write here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Page formats: highlight deadlines that moved within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 14)]
    pub changed_within: u32,
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse::<Format>().map_err(|e| e.to_string())
}

/// Runs `export`.
pub async fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let query = args.filters.query(now, args.format.upcoming_by_default())?;
    let repo = ctx.repository().await?;
    let options = PageOptions {
        now,
        recent: Duration::days(i64::from(args.changed_within)),
        ..PageOptions::default()
    };
    let text = publish::render(&repo, args.format, &query, options)
        .await
        .with_context(|| format!("exporting {}", args.format))?;
    match &args.output {
        Some(path) => {
            // Write beside the target and rename, so a reader never sees half a file.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
            tmp.write_all(text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            tmp.persist(path)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "wrote {} ({} bytes, {})",
                path.display(),
                text.len(),
                args.format
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .context("writing to standard output")?;
            stdout.flush().context("writing to standard output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
