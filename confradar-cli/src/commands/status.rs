//! `confradar-cli status [--json]`: is this installation healthy? The exit
//! code is 0 when it is and 1 when not, so it works as a container health check.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use confradar_core::health::{HealthLimits, HealthReport, check};

use super::Context;

/// Arguments of `status`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli status\n  \
    confradar-cli status --json --max-lag 12h\n\n\
    Unhealthy (exit code 1) when the database cannot be reached, migrations are pending, the\n\
    oldest due page has waited longer than --max-lag unclaimed, the last crawl failed or was\n\
    abandoned, or a run has had no heartbeat for longer than the crawl lease. Failing sources\n\
    are listed but do not make the installation unhealthy: pages fail all the time.")]
pub struct StatusArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// The longest a due page may wait unclaimed before the queue counts as stuck.
    #[arg(long, default_value = "24h", value_parser = humantime::parse_duration)]
    pub max_lag: Duration,
}

/// Runs `status`.
pub async fn run(ctx: &Context, args: StatusArgs) -> anyhow::Result<ExitCode> {
    let limits = HealthLimits {
        max_queue_lag: chrono::Duration::from_std(args.max_lag)?,
        run_lease: chrono::Duration::seconds(
            i64::try_from(ctx.settings.crawl.lease_secs).unwrap_or(i64::MAX),
        ),
    };
    let report = check(&ctx.settings, limits).await;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(if report.healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_report(report: &HealthReport) {
    let verdict = if report.healthy {
        "healthy"
    } else {
        "UNHEALTHY"
    };
    println!("{verdict}: {}", report.database);
    for problem in &report.problems {
        println!("  problem: {problem}");
    }
    let Some(queue) = &report.queue else {
        return;
    };
    {
        let lag = queue
            .lag_secs
            .map(|s| {
                humantime::format_duration(Duration::from_secs(s.max(0).unsigned_abs())).to_string()
            })
            .unwrap_or_else(|| "none".into());
        println!(
            "queue: {} pages, {} due, {} claimed, oldest due waiting {lag}",
            queue.size, queue.due, queue.claimed
        );
    }
    match report.last_successful_crawl {
        Some(at) => println!("last successful crawl: {}", at.format("%Y-%m-%d %H:%M UTC")),
        None => println!("last successful crawl: never"),
    }
    for run in &report.last_runs {
        println!(
            "run {:>5}  {:<8} {:<11} started {}",
            run.id,
            run.command,
            run.status,
            run.started_at.format("%Y-%m-%d %H:%M UTC")
        );
    }
    for source in &report.failing_sources {
        println!(
            "failing source ({}×): {} — {}",
            source.failures,
            source.url,
            source.last_error.as_deref().unwrap_or("")
        );
    }
}
