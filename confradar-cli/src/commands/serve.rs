//! `confradar-cli serve`: the page, a JSON API and a calendar feed over HTTP.
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;
use confradar_core::publish::http;

use super::Context;

/// Arguments of `serve`.
#[derive(Debug, Args)]
#[command(after_help = "Routes:\n  \
    /                  the HTML page of upcoming deadlines\n  \
    /api/deadlines     JSON (series, kind, from, until, limit, include_past)\n  \
    /api/conferences   JSON: every conference with sources, deadlines, history\n  \
    /api/changes       JSON (since)\n  \
    /calendar.ics      iCalendar feed to subscribe to\n  \
    /metrics           Prometheus metrics (docs/operations.md)\n\n\
    Read-only. Stops cleanly on Ctrl-C or SIGTERM. Slow, large and excess requests are\n\
    bounded by the [serve] settings (docs/configuration.md).")]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
}

/// Runs `serve`.
pub async fn run(ctx: &Context, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let repo = ctx.repository().await?;
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    println!("serving on http://{addr}/ (Ctrl-C to stop)");
    let shutdown = async {
        tokio::select! {
            () = ctrl_c() => {}
            () = terminate() => {}
        }
        eprintln!("stopping: finishing requests in flight");
    };
    let scrape = super::metrics::scrape(ctx, repo.connection().clone())?;
    let app = super::metrics::instrument(http::router(Arc::new(repo)), scrape);
    http::serve_router(listener, app, &ctx.settings.serve, shutdown)
        .await
        .context("serving HTTP")?;
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C (SIGINT); never, if it cannot be listened for.
async fn ctrl_c() {
    if let Err(err) = tokio::signal::ctrl_c().await {
        tracing::warn!("cannot listen for Ctrl-C: {err}");
        std::future::pending::<()>().await;
    }
}

/// SIGTERM (what service managers and containers send); never elsewhere.
async fn terminate() {
    #[cfg(unix)]
    if let Ok(mut signal) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        signal.recv().await;
        return;
    }
    std::future::pending::<()>().await;
}
