//! `confradar-cli deliveries`: the change notifications sent to webhooks
//! (`--notify`), delivered or failed, their webhooks shown without secrets.

use std::process::ExitCode;

use clap::Args;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use confradar_core::repository::{DeliveryQuery, Repository};

use super::Context;

/// Arguments of `deliveries`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli deliveries\n  \
    confradar-cli deliveries --failed --limit 5\n  \
    confradar-cli deliveries --json\n\n\
    Webhooks are shown without password, query or fragment, and Slack and Discord webhooks\n\
    (whose path is the secret) as scheme and host only: https://hooks.slack.com/...")]
pub struct DeliveriesArgs {
    /// Only deliveries that failed (all attempts used, or refused by the webhook).
    #[arg(long)]
    pub failed: bool,
    /// How many deliveries to show, newest first.
    #[arg(long, default_value_t = 20)]
    pub limit: u64,
    /// Print JSON (shape: docs/operations.md).
    #[arg(long)]
    pub json: bool,
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|| "—".into())
}

fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "—".into(), |v| v.to_string())
}

/// Runs `deliveries`.
pub async fn run(ctx: &Context, args: DeliveriesArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let deliveries = repo
        .recent_deliveries(&DeliveryQuery {
            failed_only: args.failed,
            limit: args.limit,
        })
        .await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&deliveries)?);
        return Ok(ExitCode::SUCCESS);
    }
    if deliveries.is_empty() {
        let what = if args.failed { "failed " } else { "" };
        println!(
            "no {what}change notifications recorded (runs send them with --notify URL, docs/operations.md)"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "id", "run", "webhook", "status", "attempts", "http", "changes", "sent", "error",
    ]);
    for d in &deliveries {
        table.add_row([
            d.id.to_string(),
            or_dash(d.run_id),
            d.url.clone(),
            d.status.clone(),
            d.attempts.to_string(),
            or_dash(d.http_status),
            d.changes.to_string(),
            time(Some(d.created_at)),
            d.error.clone().unwrap_or_default(),
        ]);
    }
    let what = if args.failed {
        "failed delivery(ies)"
    } else {
        "delivery(ies)"
    };
    println!("{table}\n{} {what}", deliveries.len());
    Ok(ExitCode::SUCCESS)
}
