//! `confradar-cli serve`: the web front, a JSON API and feeds over HTTP.
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
    /                        upcoming deadlines: search (q), filters (category, rank,\n                             \
    kind, series, workshops), time zone (tz), stars\n  \
    /conference/KEY          one edition: deadlines, each source's value, history\n  \
    /series/KEY              a series and its editions over the years\n  \
    /calendar.ics            iCalendar feed, same filters as /\n  \
    /changes.atom            Atom feed of deadline changes, same filters\n  \
    /api/deadlines           JSON (q, category, rank, series, kind, workshops, from,\n                             \
    until, limit, include_past)\n  \
    /api/series              JSON: every series\n  \
    /api/conferences[/KEY]   JSON: every conference, or one, with sources and history\n  \
    /api/changes             JSON (since)\n  \
    /api/openapi.json        the OpenAPI 3 document of the API\n  \
    /metrics                 Prometheus metrics (docs/operations.md)\n\n\
    Example: http://127.0.0.1:8080/?category=DB&rank=CCF:A\n\n\
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
