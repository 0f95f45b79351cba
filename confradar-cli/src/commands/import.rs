//! `confradar-cli import FILE --format jsonl|ai-deadlines|ccf`: bulk-load
//! structured deadline data with the same change detection as `fetch`.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use confradar_core::pipeline::import::{ImportFormat, read_items};
use confradar_core::repository::{Observation, Repository, RunStatus, RunTally, StoreStatus};

/// Items stored per batch.
const BATCH: usize = 500;

use super::Context;
use super::progress::{bar, worker_name};

/// Arguments of `import`.
#[derive(Debug, Args)]
#[command(after_help = "Formats:\n  \
    jsonl         one item per line: {\"key\",\"name\",\"year\",\"homepage\",\"url\",\"source\",\"scraped_at\",\n                \"deadlines\":[{\"kind\",\"due_date\",\"timezone\"}]}\n  \
    ai-deadlines  the conferences.yml of the AI-deadlines sites\n  \
    ccf           a ccf-deadlines conference YAML file\n\n\
    Bad items are reported with their line number and skipped; the rest is stored.")]
pub struct ImportArgs {
    /// The file to import (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Its format.
    #[arg(long, value_name = "jsonl|ai-deadlines|ccf", value_parser = parse_format)]
    pub format: ImportFormat,
    /// Print every change (default: a summary and the first 20 changes).
    #[arg(long)]
    pub all_changes: bool,
}

/// Reports a skipped item; the run's error summary keeps the first 20.
fn skip(
    skipped: &mut u64,
    errors: &mut Vec<String>,
    progress: &indicatif::ProgressBar,
    problem: String,
) {
    *skipped += 1;
    let message = format!("{problem}; skipped");
    progress.suspend(|| eprintln!("warning: {message}"));
    if errors.len() < 20 {
        errors.push(message);
    }
}

fn parse_format(value: &str) -> Result<ImportFormat, String> {
    value.parse()
}

/// Runs `import`.
pub async fn run(ctx: &Context, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let reader: Box<dyn std::io::BufRead> = if args.file.as_os_str() == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let file =
            File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
        Box::new(BufReader::new(file))
    };
    let name = args.file.display().to_string();
    let run_id = repo.start_run("import", &worker_name()).await?;
    let progress = bar(None, &format!("importing {name}"));
    let (mut created, mut updated, mut unchanged, mut skipped, mut changes) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut errors = Vec::new();
    // Items are stored in batches: a fixed number of statements per batch,
    // and only one batch of items in memory at a time.
    let mut batch: Vec<(usize, Observation)> = Vec::with_capacity(BATCH);
    let mut items = read_items(reader, args.format).peekable();
    while items.peek().is_some() || !batch.is_empty() {
        while batch.len() < BATCH {
            let Some(item) = items.next() else { break };
            progress.inc(1);
            match item.result {
                Ok(observations) => batch.extend(observations.into_iter().map(|o| (item.line, o))),
                Err(reason) => skip(
                    &mut skipped,
                    &mut errors,
                    &progress,
                    format!("{name}:{}: {reason}", item.line),
                ),
            }
        }
        let (lines, observations): (Vec<usize>, Vec<Observation>) =
            std::mem::take(&mut batch).into_iter().unzip();
        for (line, result) in lines
            .into_iter()
            .zip(repo.store_observations(&observations).await)
        {
            match result {
                Ok(outcome) => {
                    match outcome.status {
                        StoreStatus::Created => created += 1,
                        StoreStatus::Updated => updated += 1,
                        StoreStatus::Unchanged => unchanged += 1,
                    }
                    for change in &outcome.changes {
                        if args.all_changes || changes < 20 {
                            progress.suspend(|| {
                                println!("{} {}", outcome.display_name, change.describe())
                            });
                        }
                        changes += 1;
                    }
                }
                Err(err) => skip(
                    &mut skipped,
                    &mut errors,
                    &progress,
                    format!("{name}:{line}: {err}"),
                ),
            }
        }
    }
    progress.finish_and_clear();
    if changes > 20 && !args.all_changes {
        println!(
            "… and {} more changes (--all-changes lists them, `confradar-cli changes` too)",
            changes - 20
        );
    }
    println!(
        "imported {name}: {created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped; {changes} deadline change(s)"
    );
    let clamp = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    let tally = RunTally {
        pages_ok: clamp(created + updated),
        pages_failed: clamp(skipped),
        pages_unchanged: clamp(unchanged),
        changes_detected: clamp(changes),
        error_summary: (!errors.is_empty()).then(|| errors.join("\n")),
    };
    let status = if skipped == 0 {
        RunStatus::Succeeded
    } else {
        RunStatus::Partial
    };
    repo.finish_run(run_id, status, &tally).await?;
    Ok(ExitCode::SUCCESS)
}
