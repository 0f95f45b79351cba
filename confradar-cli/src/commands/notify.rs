//! `--notify URL`: the flag, and handing each run's changes to the webhooks.

use std::time::Duration;

use clap::Args;
use confradar_core::notify::{Notifier, Retry, RunChange};
use confradar_core::pipeline::{PageOutcome, PageReport};
use sea_orm::DatabaseConnection;

use super::Context;

/// How long a command waits, when done, for deliveries still being retried.
const FINISH_WAIT: Duration = Duration::from_secs(60);

/// Changes kept for one run's message; more are counted in the summary only.
pub const MAX_CHANGES: usize = 10_000;

/// `--notify URL`, repeatable.
#[derive(Debug, Args, Clone, Default)]
pub struct NotifyArgs {
    /// POST each run's deadline changes as JSON to this webhook (repeatable; Slack and Discord
    /// webhook URLs get their own message shape; also `notify = [...]` in confradar.toml).
    #[arg(long = "notify", value_name = "URL")]
    pub urls: Vec<String>,
}

/// The notifier for the webhooks of the settings and the flags, if any.
pub fn notifier(
    ctx: &Context,
    args: &NotifyArgs,
    db: &DatabaseConnection,
) -> anyhow::Result<Option<Notifier>> {
    let mut urls = ctx.settings.notify.clone();
    urls.extend(args.urls.iter().cloned());
    if urls.is_empty() {
        return Ok(None);
    }
    Ok(Some(Notifier::new(&urls, db.clone(), Retry::default())?))
}

/// The changes of one page, with its conference.
pub fn changes_of(report: &PageReport) -> Vec<RunChange> {
    match &report.outcome {
        PageOutcome::Stored(stored) => stored
            .changes
            .iter()
            .map(|change| RunChange {
                conference: stored.display_name.clone(),
                source: report.url.clone(),
                change: change.clone(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Sends a run's changes (when there is a notifier) and waits for the deliveries.
pub async fn send_and_finish(
    notifier: Option<&Notifier>,
    run_id: i32,
    command: &str,
    changes: &[RunChange],
) {
    if let Some(notifier) = notifier {
        notifier.send(Some(run_id), command, changes);
        notifier.finish(FINISH_WAIT).await;
    }
}
