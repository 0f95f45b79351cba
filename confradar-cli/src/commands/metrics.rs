//! `/metrics` (Prometheus) for `serve` and `watch --metrics-bind`.

use std::net::SocketAddr;

use anyhow::Context as _;
use axum::Router;
use confradar_core::publish::http;
use confradar_core::telemetry::{self, Scrape};
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use super::Context;

/// Installs the recorder and what a scrape reads.
pub fn scrape(ctx: &Context, db: DatabaseConnection) -> anyhow::Result<Scrape> {
    let handle = telemetry::install().map_err(anyhow::Error::msg)?;
    let lease =
        chrono::Duration::seconds(i64::try_from(ctx.settings.crawl.lease_secs).unwrap_or(600));
    Ok(Scrape::new(handle, db, lease))
}

/// `app` with `/metrics` added and every request counted and timed.
pub fn instrument(app: Router, scrape: Scrape) -> Router {
    app.merge(telemetry::routes(scrape))
        .layer(axum::middleware::from_fn(telemetry::track_http))
}

/// Serves `/metrics` alone on `bind` until `stop` turns true (for `watch`).
pub async fn spawn_server(
    ctx: &Context,
    bind: SocketAddr,
    scrape: Scrape,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind} for --metrics-bind"))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    println!("metrics on http://{addr}/metrics");
    let settings = ctx.settings.serve.clone();
    tokio::spawn(async move {
        let shutdown = async move {
            while !*stop.borrow() {
                if stop.changed().await.is_err() {
                    break;
                }
            }
        };
        if let Err(err) =
            http::serve_router(listener, telemetry::routes(scrape), &settings, shutdown).await
        {
            tracing::warn!("metrics server stopped: {err}");
        }
    });
    Ok(())
}
