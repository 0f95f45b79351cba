//! `confradar-cli conflicts`: deadlines whose sources disagree on the
//! instant, with every source's value and the one the knowledge base shows.
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::Utc;
use clap::Args;
use confradar_core::Repository;
use confradar_core::publish;
use confradar_core::repository::SourceAuthority;

use super::Context;
use super::upcoming::FilterArgs;

/// Arguments of `conflicts`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli conflicts\n  \
    confradar-cli conflicts --series neurips --json\n\n\
    The value shown everywhere else is the reconciled one: the conference's own CFP page wins \
    over community data; among equals, the value that changed most recently.")]
pub struct ConflictsArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print JSON (an array of deadline records, each with `values`: every source's value).
    #[arg(long)]
    pub json: bool,
}

/// Runs `conflicts`.
pub async fn run(ctx: &Context, args: ConflictsArgs) -> anyhow::Result<ExitCode> {
    // Past deadlines too unless a window is given: a disagreement is worth seeing either way.
    let query = args.filters.query(Utc::now(), false)?;
    let repo = ctx.repository().await?;
    let conflicts = repo
        .conflicts(&query)
        .await
        .context("reading the deadlines sources disagree on")?;
    if args.json {
        print!("{}", publish::json::conflicts(&conflicts)?);
        return Ok(ExitCode::SUCCESS);
    }
    if conflicts.is_empty() {
        println!("No deadline has sources that disagree.");
        return Ok(ExitCode::SUCCESS);
    }
    for conflict in &conflicts {
        let d = &conflict.deadline;
        println!(
            "{} {}: shown {} ({})",
            publish::conference_label(d),
            publish::kind_label(d),
            publish::published(d),
            d.due_at.format("%Y-%m-%d %H:%M UTC"),
        );
        for value in &conflict.values {
            let authority = match value.authority {
                SourceAuthority::CfpPage => "CFP page",
                SourceAuthority::Community => "community",
            };
            println!(
                "  {} {} ({}) from {} [{authority}, changed {}]",
                if value.chosen { "*" } else { " " },
                value.value,
                value.due_at.format("%Y-%m-%d %H:%M UTC"),
                value.source_url,
                value.changed_at.format("%Y-%m-%d"),
            );
        }
    }
    println!(
        "{} deadline(s) disputed; * marks the value shown (the conference's own page wins, \
         else the latest change).",
        conflicts.len()
    );
    Ok(ExitCode::SUCCESS)
}
