//! `dump`, `restore` and `copy`: back up the knowledge base, load it
//! elsewhere, or move it straight into another database (of any backend).

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use confradar_core::backup::{self, DumpFile, Progress, Summary};
use confradar_core::db;
use confradar_core::settings::DatabaseUrl;

use super::{Context, progress};

/// Arguments of `dump`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli dump -o confradar.jsonl.zst\n  \
    confradar-cli --database-url postgres://confradar@db/confradar dump -o backup.jsonl.gz\n  \
    confradar-cli dump > backup.jsonl\n\n\
    The dump is JSON Lines: a header with the format's name and version, one line per row\n\
    (every table: series, conferences, sources, deadlines, every source's values, the change\n\
    history, runs, the crawl queue), and an end line. It is read from one consistent snapshot;\n\
    a file is written as NAME.partial and renamed only when complete.")]
pub struct DumpArgs {
    /// Write to FILE (compressed when it ends in .gz or .zst) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `restore`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli --database-url sqlite://restored.db restore confradar.jsonl.zst\n  \
    confradar-cli --database-url postgres://confradar@db/confradar restore backup.jsonl.gz\n\n\
    The database must hold no data; a blank one gets the schema first. All or nothing: a\n\
    damaged or truncated dump is refused (naming the line) and leaves the database as it was.")]
pub struct RestoreArgs {
    /// The dump to load (.gz and .zst are decompressed).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Arguments of `copy`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli --database-url sqlite://confradar.db copy --to postgres://confradar:secret@db/confradar\n  \
    confradar-cli copy --to sqlite://copy.db\n\n\
    Copies every table of the configured database into the one --to names (any pair of\n\
    PostgreSQL, SQLite and MySQL/MariaDB), ids kept, one transaction per table. The target must\n\
    hold no data; a blank one gets the schema first. If a copy fails part way, empty the target\n\
    (`confradar-cli --database-url URL migrate fresh --yes`) and run it again.")]
pub struct CopyArgs {
    /// The database to copy into: postgres://…, sqlite://FILE or mysql://…
    #[arg(long, value_name = "URL")]
    pub to: String,
}

/// Runs `dump`.
pub async fn run_dump(ctx: &Context, args: DumpArgs) -> anyhow::Result<ExitCode> {
    let db = db::open(&ctx.settings).await?;
    let bar = progress::bar(None, "rows dumped");
    let mut report = |p: Progress| bar.set_message(format!("rows dumped ({})", p.table.name()));
    let summary = match &args.output {
        Some(path) => {
            let mut file = DumpFile::create(path)
                .with_context(|| format!("cannot create the dump {}", path.display()))?;
            match backup::dump(&db, &mut file, &mut report).await {
                Ok(summary) => {
                    file.finish()
                        .with_context(|| format!("cannot finish the dump {}", path.display()))?;
                    summary
                }
                Err(err) => {
                    file.abandon();
                    return Err(err).context(format!("dump to {} failed", path.display()));
                }
            }
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout());
            let summary = backup::dump(&db, &mut out, &mut report).await?;
            out.flush()?;
            summary
        }
    };
    bar.finish_and_clear();
    let target = args
        .output
        .as_ref()
        .map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    eprintln!("dumped {} to {target}", describe(&summary));
    Ok(ExitCode::SUCCESS)
}

/// Runs `restore`.
pub async fn run_restore(ctx: &Context, args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let mut input = backup::file::open(&args.file)
        .with_context(|| format!("cannot open the dump {}", args.file.display()))?;
    let url = &ctx.settings.database_url;
    let db = db::connect(url, &ctx.settings.database).await?;
    let bar = progress::bar(None, "rows restored");
    let mut report = |p: Progress| {
        bar.set_message(format!("{} rows of {}", p.done, p.table.name()));
    };
    let name = args.file.display().to_string();
    let summary = backup::restore(&db, url, &mut input, &name, &mut report).await?;
    bar.finish_and_clear();
    eprintln!(
        "restored {} from {name} into {}",
        describe(&summary),
        url.redacted()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `copy`.
pub async fn run_copy(ctx: &Context, args: CopyArgs) -> anyhow::Result<ExitCode> {
    let to_url = DatabaseUrl::new(args.to);
    let from = db::open(&ctx.settings).await?;
    let to = db::connect(&to_url, &ctx.settings.database).await?;
    let mut bar: Option<(backup::Table, indicatif::ProgressBar)> = None;
    let mut report = |p: Progress| {
        if bar.as_ref().map(|(t, _)| *t) != Some(p.table) {
            if let Some((_, done)) = bar.take() {
                done.finish();
            }
            bar = Some((p.table, progress::bar(p.total, p.table.name())));
            // Without a terminal the bar is hidden: a line per table instead.
            if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                eprintln!("copying {} ({} rows)", p.table.name(), p.total.unwrap_or(0));
            }
        }
        if let Some((_, b)) = &bar {
            b.set_position(p.done);
        }
    };
    let summary = backup::copy(&from, &to, &to_url, &mut report).await?;
    eprintln!(
        "copied {} from {} to {}",
        describe(&summary),
        ctx.settings.database_url.redacted(),
        to_url.redacted()
    );
    Ok(ExitCode::SUCCESS)
}

fn describe(summary: &Summary) -> String {
    let tables: Vec<String> = summary
        .tables
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, n)| format!("{} {n}", t.name()))
        .collect();
    if tables.is_empty() {
        return "0 rows (an empty knowledge base)".to_string();
    }
    format!("{} rows ({})", summary.rows, tables.join(", "))
}
