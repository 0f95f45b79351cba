//! `confradar-cli import PATH…`: bulk-load community deadline data (files
//! and folders, layout detected per file) with the same change detection as
//! `fetch`, and account for every deadline read.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use confradar_core::notify::RunChange;
use confradar_core::pipeline::RunRecorder;
use confradar_core::pipeline::import::{
    DATA_EXTENSIONS, Detected, ImportFormat, ImportItem, NoteKind, detect, read_file_items,
};
use confradar_core::repository::{Observation, Repository, StoreStatus};
use indicatif::{ProgressBar, ProgressStyle};

use super::Context;
use super::progress::{bar, worker_name};

/// Items stored per batch.
const BATCH: usize = 500;
/// Bytes read to tell a file's layout.
const HEAD: u64 = 64 * 1024;
/// Changes printed without `--all-changes`.
const SHOWN_CHANGES: u64 = 20;

/// Arguments of `import`.
#[derive(Debug, Args)]
#[command(after_help = "\
Layouts (detected from each file's fields; --format forces one):
  ai-deadlines      huggingface/ai-deadlines src/data/conferences/*.yml (a `deadlines:` list)
                    and the flat paperswithcode/ai-deadlines _data/conferences.yml
  ccf-deadlines     ccfddl/ccf-deadlines conference/<CATEGORY>/*.yml (also: ccf)
  sec-deadlines     sec-deadlines _data/conferences.yml
  python-deadlines  python-deadlines _data/conferences.yml
  jsonl             one item per line: {\"key\",\"name\",\"year\",\"homepage\",\"url\",\"location\",
                    \"start\",\"end\",\"categories\",\"rankings\",\"tags\",
                    \"deadlines\":[{\"kind\",\"due_date\",\"time\",\"timezone\",\"track\",\"label\"}]}

Folders are read recursively; files that are not .yml/.yaml/.jsonl/.ndjson/.json,
and YAML files without deadlines (ccf-deadlines' types.yml), are skipped with a note.
Each file gets a summary: deadlines read = stored + repeated (stored once) + skipped.
Every skipped item or deadline is a warning with file:line and the reason; every
field not stored is a note with its lines. Exit code 0 when everything read was
stored; 1 when something was skipped (the rest is stored all the same).

Examples:
  confradar-cli import items.jsonl
  confradar-cli import ccf-deadlines/conference ai-deadlines/src/data/conferences
  confradar-cli import _data/conferences.yml --format sec-deadlines
  cat items.jsonl | confradar-cli import - --format jsonl")]
pub struct ImportArgs {
    /// Files or folders to import (`-` for standard input).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The layout of every file, instead of detecting it.
    #[arg(long, value_name = "LAYOUT", value_parser = parse_format)]
    pub format: Option<ImportFormat>,
    /// Print every change (default: a summary and the first 20 changes).
    #[arg(long)]
    pub all_changes: bool,
    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,
}

fn parse_format(value: &str) -> Result<ImportFormat, String> {
    value.parse()
}

/// A file to import and how it was found.
struct Input {
    path: PathBuf,
    /// Named on the command line (a file that cannot be read is an error)
    /// rather than found in a folder (where non-data files are skipped).
    named: bool,
}

/// What happened to one file.
#[derive(Default)]
struct FileTally {
    items: u64,
    items_skipped: u64,
    editions: u64,
    created: u64,
    updated: u64,
    unchanged: u64,
    editions_failed: u64,
    read: u64,
    stored: u64,
    repeated: u64,
    skipped: u64,
    not_announced: u64,
    ignored: u64,
    changes: u64,
}

impl FileTally {
    fn add(&mut self, other: &FileTally) {
        self.items += other.items;
        self.items_skipped += other.items_skipped;
        self.editions += other.editions;
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.editions_failed += other.editions_failed;
        self.read += other.read;
        self.stored += other.stored;
        self.repeated += other.repeated;
        self.skipped += other.skipped;
        self.not_announced += other.not_announced;
        self.ignored += other.ignored;
        self.changes += other.changes;
    }

    /// Everything read was stored.
    fn complete(&self) -> bool {
        self.items_skipped == 0 && self.editions_failed == 0 && self.skipped == 0
    }

    fn summary(&self) -> String {
        let mut text = format!(
            "{} item(s), {} edition(s): {} created, {} updated, {} unchanged, {} skipped; \
             {} deadline(s) read = {} stored + {} repeated (stored once) + {} skipped",
            self.items,
            self.editions,
            self.created,
            self.updated,
            self.unchanged,
            self.items_skipped + self.editions_failed,
            self.read,
            self.stored,
            self.repeated,
            self.skipped,
        );
        if self.not_announced > 0 {
            text.push_str(&format!("; {} not announced (TBD)", self.not_announced));
        }
        if self.ignored > 0 {
            text.push_str(&format!("; {} field(s) not stored", self.ignored));
        }
        text.push_str(&format!("; {} deadline change(s)", self.changes));
        text
    }
}

/// Runs `import`.
pub async fn run(ctx: &Context, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let mut inputs = Vec::new();
    let mut failed_inputs = 0u64;
    for path in &args.paths {
        collect(path, &mut inputs)?;
    }
    let repo = ctx.repository().await?;
    let lease = std::time::Duration::from_secs(ctx.settings.crawl.lease_secs);
    let notifier = super::notify::notifier(ctx, &args.notify, repo.connection())?;
    let (mut run, _) = RunRecorder::start(repo.clone(), "import", &worker_name(), lease).await?;
    let total_bytes: u64 = inputs
        .iter()
        .filter_map(|i| std::fs::metadata(&i.path).ok())
        .map(|m| m.len())
        .sum();
    let progress = bytes_bar(total_bytes);
    let mut importer = Importer {
        repo: &repo,
        progress: &progress,
        all_changes: args.all_changes,
        shown_changes: 0,
        errors: Vec::new(),
        notified: notifier.as_ref().map(|_| Vec::new()),
    };
    let mut total = FileTally::default();
    let mut files = 0u64;
    for input in &inputs {
        let name = input.path.display().to_string();
        let opened = open(&input.path, args.format);
        let (format, reader) = match opened {
            Ok(Opened::Data(format, reader)) => (format, reader),
            Ok(Opened::NotData(why)) if !input.named => {
                progress.suspend(|| eprintln!("note: {name}: skipped, {why}"));
                continue;
            }
            Ok(Opened::NotData(why)) => {
                failed_inputs += 1;
                importer.warn(format!("{name}: skipped, {why}"));
                continue;
            }
            Err(err) => {
                failed_inputs += 1;
                importer.warn(format!("{name}: {err:#}"));
                continue;
            }
        };
        progress.set_message(name.clone());
        let source_path = (input.path.as_os_str() != "-").then_some(input.path.as_path());
        let reader = BufReader::new(progress.wrap_read(reader));
        let tally = importer
            .import_file(&name, read_file_items(reader, format, source_path))
            .await;
        files += 1;
        progress.suspend(|| println!("{name} [{format}]: {}", tally.summary()));
        total.add(&tally);
    }
    progress.finish_and_clear();
    if importer.shown_changes < total.changes {
        println!(
            "… and {} more changes (--all-changes lists them, `confradar-cli changes` too)",
            total.changes - importer.shown_changes
        );
    }
    if files > 1 || failed_inputs > 0 {
        println!("total, {files} file(s): {}", total.summary());
    }
    if failed_inputs > 0 {
        println!("{failed_inputs} file(s) could not be imported");
    }
    let complete = total.complete() && failed_inputs == 0;
    // One status rule for every command: a skipped item, edition, file or
    // deadline counts as a failure of the run.
    let failed = total.items_skipped + total.editions_failed + failed_inputs + total.skipped;
    run.add(
        total.created + total.updated,
        total.unchanged,
        failed,
        total.changes,
    );
    for error in &importer.errors {
        run.note_error(error.clone());
    }
    let run_id = run.id();
    run.finish(false).await?;
    let changes = importer.notified.take().unwrap_or_default();
    super::notify::send_and_finish(notifier.as_ref(), run_id, "import", &changes).await;
    Ok(if complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A bar over the bytes of every file (a spinner for standard input).
fn bytes_bar(total: u64) -> ProgressBar {
    let progress = bar(Some(total), "importing");
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta})",
    ) {
        progress.set_style(style.progress_chars("=> "));
    }
    progress
}

/// Adds `path` (a file, `-`, or a folder read recursively in name order) to `inputs`.
fn collect(path: &Path, inputs: &mut Vec<Input>) -> anyhow::Result<()> {
    if path.as_os_str() == "-" || !path.is_dir() {
        inputs.push(Input {
            path: path.to_path_buf(),
            named: true,
        });
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("reading the folder {}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        // Hidden entries (.git, .github) hold no data.
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, inputs)?;
        } else {
            inputs.push(Input {
                path: entry,
                named: false,
            });
        }
    }
    Ok(())
}

enum Opened {
    Data(ImportFormat, Box<dyn Read>),
    NotData(String),
}

/// Opens a file and tells its layout from its first bytes (unless forced).
fn open(path: &Path, forced: Option<ImportFormat>) -> anyhow::Result<Opened> {
    let stdin = path.as_os_str() == "-";
    let mut reader: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin())
    } else {
        Box::new(File::open(path).with_context(|| format!("opening {}", path.display()))?)
    };
    if let Some(format) = forced {
        return Ok(Opened::Data(format, reader));
    }
    let mut head = Vec::new();
    (&mut reader)
        .take(HEAD)
        .read_to_end(&mut head)
        .with_context(|| format!("reading {}", path.display()))?;
    // Standard input has no extension: judge its content as YAML or JSON Lines.
    let named = if stdin { Path::new("stdin.yml") } else { path };
    let detected = detect(named, &String::from_utf8_lossy(&head));
    Ok(match detected {
        Detected::Data(format) => {
            Opened::Data(format, Box::new(std::io::Cursor::new(head).chain(reader)))
        }
        Detected::NotData(why) if !stdin || head.is_empty() => Opened::NotData(why),
        Detected::NotData(why) => Opened::NotData(format!(
            "{why}; give --format for standard input ({})",
            DATA_EXTENSIONS.join(", ")
        )),
    })
}

/// Stores items and reports on them.
struct Importer<'a> {
    repo: &'a dyn Repository,
    progress: &'a ProgressBar,
    all_changes: bool,
    shown_changes: u64,
    /// The first problems, for the run record.
    errors: Vec<String>,
    /// The changes to send (`--notify`), or none.
    notified: Option<Vec<RunChange>>,
}

impl Importer<'_> {
    /// A warning (something read was not stored); the run keeps the first 20.
    fn warn(&mut self, message: String) {
        self.progress.suspend(|| eprintln!("warning: {message}"));
        if self.errors.len() < 20 {
            self.errors.push(message);
        }
    }

    async fn import_file(
        &mut self,
        name: &str,
        items: Box<dyn Iterator<Item = ImportItem>>,
    ) -> FileTally {
        let mut tally = FileTally::default();
        // Notes that lose nothing, grouped by message: one line each, with all their lines.
        let mut grouped: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        // Items are stored in batches: a fixed number of statements per batch,
        // and only one batch of items in memory at a time.
        let mut batch: Vec<(usize, Observation)> = Vec::with_capacity(BATCH);
        let mut items = items.peekable();
        while items.peek().is_some() {
            while batch.len() < BATCH {
                let Some(item) = items.next() else { break };
                self.account(name, &item, &mut tally, &mut grouped);
                if let Ok(observations) = item.result {
                    tally.editions += observations.len() as u64;
                    batch.extend(observations.into_iter().map(|o| (item.line, o)));
                }
            }
            self.store(name, std::mem::take(&mut batch), &mut tally)
                .await;
        }
        for (message, lines) in grouped {
            let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
            let at = if lines.len() == 1 {
                format!("{name}:{}", lines[0])
            } else {
                format!("{name} (lines {})", lines.join(", "))
            };
            self.progress.suspend(|| eprintln!("note: {at}: {message}"));
        }
        tally
    }

    /// Counts one item's deadlines and reports its notes.
    fn account(
        &mut self,
        name: &str,
        item: &ImportItem,
        tally: &mut FileTally,
        grouped: &mut BTreeMap<String, Vec<usize>>,
    ) {
        tally.items += 1;
        tally.read += item.deadlines_read() as u64;
        tally.skipped += item.deadlines_lost() as u64;
        tally.repeated += item.deadlines_repeated() as u64;
        if let Err(reason) = &item.result {
            tally.items_skipped += 1;
            self.warn(format!("{name}:{}: {reason}; item skipped", item.line));
        }
        for note in &item.notes {
            match note.kind {
                NoteKind::SkippedDeadline => self.warn(format!(
                    "{name}:{}: {}; deadline skipped",
                    note.line, note.message
                )),
                NoteKind::Repeated => {
                    grouped
                        .entry(note.message.clone())
                        .or_default()
                        .push(note.line);
                }
                NoteKind::NotAnnounced => {
                    tally.not_announced += 1;
                    grouped
                        .entry(note.message.clone())
                        .or_default()
                        .push(note.line);
                }
                NoteKind::IgnoredField => {
                    tally.ignored += 1;
                    grouped
                        .entry(note.message.clone())
                        .or_default()
                        .push(note.line);
                }
            }
        }
        self.progress.tick();
    }

    /// Stores one batch; a failed edition's deadlines count as skipped.
    async fn store(&mut self, name: &str, batch: Vec<(usize, Observation)>, tally: &mut FileTally) {
        if batch.is_empty() {
            return;
        }
        let (lines, observations): (Vec<usize>, Vec<Observation>) = batch.into_iter().unzip();
        let results = self.repo.store_observations(&observations).await;
        for ((line, observation), result) in lines.into_iter().zip(&observations).zip(results) {
            let deadlines = observation.deadlines.len() as u64;
            match result {
                Ok(outcome) => {
                    tally.stored += deadlines;
                    match outcome.status {
                        StoreStatus::Created => tally.created += 1,
                        StoreStatus::Updated => tally.updated += 1,
                        StoreStatus::Unchanged => tally.unchanged += 1,
                    }
                    for change in &outcome.changes {
                        tally.changes += 1;
                        if let Some(notified) = self.notified.as_mut()
                            && notified.len() < super::notify::MAX_CHANGES
                        {
                            notified.push(RunChange {
                                conference: outcome.display_name.clone(),
                                source: name.to_string(),
                                change: change.clone(),
                            });
                        }
                        if self.all_changes || self.shown_changes < SHOWN_CHANGES {
                            self.shown_changes += 1;
                            self.progress.suspend(|| {
                                println!("{} {}", outcome.display_name, change.describe())
                            });
                        }
                    }
                }
                Err(err) => {
                    tally.editions_failed += 1;
                    tally.skipped += deadlines;
                    self.warn(format!(
                        "{name}:{line}: {err}; edition skipped with its {deadlines} deadline(s)"
                    ));
                }
            }
        }
    }
}
