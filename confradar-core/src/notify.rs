//! Change notifications: each run's deadline changes POSTed as JSON to the
//! webhooks named by `--notify URL` / `notify = [...]`, in the shape Slack
//! and Discord incoming webhooks accept when the URL is theirs.
//!
//! Deliveries never hold a run up: each is a task of its own, retried with
//! backoff, and recorded in `notify_deliveries` (delivered or failed) so
//! none is lost silently. [`Notifier::finish`] waits for those in flight
//! before a command exits.

use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use serde::Serialize;
use tokio::task::JoinSet;

use crate::entity::notify_deliveries;
use crate::entity::time::db_time;
use crate::repository::DeadlineChange;
use crate::settings::redact_url;

/// One change of a run, with its conference and page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RunChange {
    /// The conference, e.g. `ICML 2026`.
    pub conference: String,
    /// The page or file it came from.
    pub source: String,
    /// What changed.
    #[serde(flatten)]
    pub change: DeadlineChange,
}

/// How deliveries are retried.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all (at least 1).
    pub attempts: u32,
    /// Wait before the second attempt; doubled before each further one.
    pub first_backoff: Duration,
    /// Time one attempt may take.
    pub timeout: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            attempts: 4,
            first_backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(10),
        }
    }
}

/// A webhook URL that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error(
    "--notify {url}: {reason} (give an http:// or https:// webhook URL, e.g. https://hooks.slack.com/services/…)"
)]
pub struct BadWebhook {
    /// The URL, redacted.
    pub url: String,
    /// What is wrong.
    pub reason: String,
}

/// Which payload a webhook takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `{"text": …}` (Slack incoming webhooks).
    Slack,
    /// `{"content": …}` (Discord webhooks).
    Discord,
    /// ConfRadar's own: run, command, changes and a `text` summary.
    Json,
}

#[derive(Debug, Clone)]
struct Webhook {
    url: url::Url,
    shape: Shape,
}

/// Sends runs' changes to webhooks.
pub struct Notifier {
    hooks: Vec<Webhook>,
    client: reqwest::Client,
    db: DatabaseConnection,
    retry: Retry,
    pending: Mutex<JoinSet<()>>,
}

impl Notifier {
    /// A notifier for `urls`, recording deliveries in `db`.
    ///
    /// # Errors
    /// A URL that does not parse or is not http(s); the HTTP client cannot be built.
    pub fn new(urls: &[String], db: DatabaseConnection, retry: Retry) -> Result<Self, BadWebhook> {
        let hooks = urls
            .iter()
            .map(|raw| parse(raw))
            .collect::<Result<Vec<_>, _>>()?;
        let client = reqwest::Client::builder()
            .timeout(retry.timeout)
            .user_agent(concat!(
                "ConfRadar/",
                env!("CARGO_PKG_VERSION"),
                " (notify)"
            ))
            .build()
            .map_err(|e| BadWebhook {
                url: String::new(),
                reason: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Self {
            hooks,
            client,
            db,
            retry,
            pending: Mutex::new(JoinSet::new()),
        })
    }

    /// Whether there is any webhook to send to.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.hooks.is_empty()
    }

    /// Hands a run's changes over for delivery, one task per webhook; returns at once.
    /// A run without changes sends nothing.
    pub fn send(&self, run_id: Option<i32>, command: &str, changes: &[RunChange]) {
        if changes.is_empty() || self.hooks.is_empty() {
            return;
        }
        let Ok(mut pending) = self.pending.lock() else {
            tracing::error!(
                "notify: the delivery list is poisoned; changes of run {run_id:?} not sent"
            );
            return;
        };
        // Finished deliveries leave the set as new ones come.
        while pending.try_join_next().is_some() {}
        for hook in &self.hooks {
            let body = payload(hook.shape, run_id, command, changes);
            let delivery = Delivery {
                hook: hook.clone(),
                client: self.client.clone(),
                db: self.db.clone(),
                retry: self.retry,
                run_id,
                changes: changes.len(),
            };
            pending.spawn(delivery.run(body));
        }
    }

    /// Waits (at most `wait`) for the deliveries still in flight.
    pub async fn finish(&self, wait: Duration) {
        let mut pending = match self.pending.lock() {
            Ok(mut guard) => std::mem::take(&mut *guard),
            Err(_) => return,
        };
        let all = async { while pending.join_next().await.is_some() {} };
        if tokio::time::timeout(wait, all).await.is_err() {
            tracing::warn!(
                "notify: deliveries still retrying after {} s were stopped; `notify_deliveries` lacks them",
                wait.as_secs()
            );
        }
    }
}

/// Checks a webhook URL and picks its payload by host.
fn parse(raw: &str) -> Result<Webhook, BadWebhook> {
    let bad = |reason: String| BadWebhook {
        url: redact_webhook(raw),
        reason,
    };
    let url = url::Url::parse(raw).map_err(|e| bad(format!("not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(format!("scheme {} is not http or https", url.scheme())));
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let shape = if host == "hooks.slack.com" {
        Shape::Slack
    } else if host == "discord.com" || host == "discordapp.com" || host.ends_with(".discord.com") {
        Shape::Discord
    } else {
        Shape::Json
    };
    Ok(Webhook { url, shape })
}

/// A webhook URL safe to print and store: no password, no query, and for
/// Slack and Discord (whose path is the secret) no path.
#[must_use]
pub fn redact_webhook(raw: &str) -> String {
    let Ok(mut url) = url::Url::parse(raw) else {
        return redact_url(raw);
    };
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    url.set_query(None);
    url.set_fragment(None);
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host == "hooks.slack.com" || host.contains("discord") {
        url.set_path("/...");
    }
    url.to_string()
}

/// `text` with every URL in it passed through [`redact_webhook`]: error
/// messages may quote the webhook they failed on.
#[must_use]
pub fn redact_urls_in(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|piece| {
            let word = piece.trim_end_matches(char::is_whitespace);
            let space = &piece[word.len()..];
            if !word.contains("://") {
                return piece.to_string();
            }
            // Quotes and brackets around the URL stay where they are.
            let start = word.find(|c: char| c.is_ascii_alphanumeric()).unwrap_or(0);
            let end = word
                .trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '/')
                .len()
                .max(start);
            format!(
                "{}{}{}{space}",
                &word[..start],
                redact_webhook(&word[start..end]),
                &word[end..]
            )
        })
        .collect()
}

/// Lines in a summary before "… and N more".
const MAX_LINES: usize = 20;
/// Discord refuses longer messages.
const DISCORD_LIMIT: usize = 2000;

fn summary(run_id: Option<i32>, command: &str, changes: &[RunChange]) -> String {
    let run = run_id.map_or_else(String::new, |id| format!(" (run {id})"));
    let mut text = format!(
        "ConfRadar {command}{run}: {} deadline change(s)",
        changes.len()
    );
    for change in changes.iter().take(MAX_LINES) {
        text.push_str(&format!(
            "\n• {} {}",
            change.conference,
            change.change.describe()
        ));
    }
    if changes.len() > MAX_LINES {
        text.push_str(&format!("\n… and {} more", changes.len() - MAX_LINES));
    }
    text
}

fn payload(
    shape: Shape,
    run_id: Option<i32>,
    command: &str,
    changes: &[RunChange],
) -> serde_json::Value {
    let text = summary(run_id, command, changes);
    match shape {
        Shape::Slack => serde_json::json!({ "text": text }),
        Shape::Discord => {
            let content: String = if text.chars().count() > DISCORD_LIMIT {
                let cut: String = text.chars().take(DISCORD_LIMIT - 1).collect();
                format!("{cut}…")
            } else {
                text
            };
            serde_json::json!({ "content": content })
        }
        Shape::Json => serde_json::json!({
            "run_id": run_id,
            "command": command,
            "changes": changes,
            "text": text,
        }),
    }
}

/// One run's message to one webhook.
struct Delivery {
    hook: Webhook,
    client: reqwest::Client,
    db: DatabaseConnection,
    retry: Retry,
    run_id: Option<i32>,
    changes: usize,
}

/// The end of one attempt.
enum Attempt {
    Delivered(u16),
    /// Worth trying again (network error, 429, 5xx).
    Retry(Option<u16>, String),
    /// Will not get better (another 4xx).
    GiveUp(u16, String),
}

impl Delivery {
    async fn run(self, body: serde_json::Value) {
        let created_at = Utc::now();
        let shown = redact_webhook(self.hook.url.as_str());
        let mut backoff = self.retry.first_backoff;
        let mut attempts = 0;
        let (status, http_status, error) = loop {
            attempts += 1;
            match self.attempt(&body).await {
                Attempt::Delivered(code) => break ("delivered", Some(code), None),
                Attempt::GiveUp(code, why) => break ("failed", Some(code), Some(why)),
                Attempt::Retry(code, why) if attempts >= self.retry.attempts.max(1) => {
                    break ("failed", code, Some(why));
                }
                Attempt::Retry(_, why) => {
                    tracing::debug!("notify {shown}: attempt {attempts} failed ({why}); retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = backoff.saturating_mul(2);
                }
            }
        };
        if let Some(why) = &error {
            tracing::warn!(
                "notify {shown}: the changes of run {} were not delivered after {attempts} attempt(s): {why}",
                self.run_id.map_or_else(|| "?".into(), |id| id.to_string())
            );
        }
        let row = notify_deliveries::ActiveModel {
            run_id: Set(self.run_id),
            url: Set(shown.chars().take(2048).collect()),
            status: Set(status.to_string()),
            attempts: Set(i32::try_from(attempts).unwrap_or(i32::MAX)),
            http_status: Set(http_status.map(i32::from)),
            changes: Set(i32::try_from(self.changes).unwrap_or(i32::MAX)),
            error: Set(error),
            created_at: Set(db_time(created_at)),
            delivered_at: Set((status == "delivered").then(|| db_time(Utc::now()))),
            ..Default::default()
        };
        if let Err(err) = row.insert(&self.db).await {
            tracing::error!("notify {shown}: cannot record the delivery ({status}): {err}");
        }
    }

    async fn attempt(&self, body: &serde_json::Value) -> Attempt {
        match self
            .client
            .post(self.hook.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await
        {
            Ok(response) => {
                let code = response.status().as_u16();
                if response.status().is_success() {
                    Attempt::Delivered(code)
                } else if code == 429 || response.status().is_server_error() {
                    Attempt::Retry(Some(code), format!("HTTP {code}"))
                } else {
                    Attempt::GiveUp(code, format!("HTTP {code}"))
                }
            }
            // reqwest's error names the URL: say what happened without it.
            Err(err) => Attempt::Retry(None, describe(&err)),
        }
    }
}

fn describe(err: &reqwest::Error) -> String {
    let what = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(err);
    let mut detail = String::new();
    while let Some(cause) = source {
        detail = cause.to_string();
        source = cause.source();
    }
    if detail.is_empty() {
        what.to_string()
    } else {
        format!("{what}: {detail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DeadlineKind;

    fn change() -> RunChange {
        RunChange {
            conference: "ICML 2026".into(),
            source: "https://icml.cc/cfp".into(),
            change: DeadlineChange {
                kind: DeadlineKind::Submission,
                track: String::new(),
                old_value: Some("2026-01-22 23:59 AoE".into()),
                new_value: Some("2026-01-29 23:59 AoE".into()),
            },
        }
    }

    #[test]
    fn slack_and_discord_get_their_shapes_others_the_full_json() {
        let changes = [change()];
        let slack = parse("https://hooks.slack.com/services/T0/B0/secret").unwrap();
        let body = payload(slack.shape, Some(3), "crawl", &changes);
        assert!(
            body["text"]
                .as_str()
                .unwrap()
                .contains("ICML 2026 submission: 2026-01-22 23:59 AoE → 2026-01-29 23:59 AoE")
        );
        assert!(body.get("changes").is_none());
        let discord = parse("https://discord.com/api/webhooks/1/secret").unwrap();
        let body = payload(discord.shape, Some(3), "crawl", &changes);
        assert!(
            body["content"]
                .as_str()
                .unwrap()
                .starts_with("ConfRadar crawl (run 3): 1 deadline change(s)")
        );
        let own = parse("http://127.0.0.1:9/hook").unwrap();
        let body = payload(own.shape, Some(3), "crawl", &changes);
        assert_eq!(body["changes"][0]["conference"], "ICML 2026");
        assert_eq!(body["changes"][0]["new_value"], "2026-01-29 23:59 AoE");
        assert_eq!(body["run_id"], 3);
    }

    #[test]
    fn a_long_discord_message_is_cut_and_many_changes_summarised() {
        let changes: Vec<RunChange> = (0..500).map(|_| change()).collect();
        let body = payload(Shape::Discord, None, "import", &changes);
        assert!(body["content"].as_str().unwrap().chars().count() <= DISCORD_LIMIT);
        let text = summary(None, "import", &changes);
        assert!(text.ends_with("… and 480 more"), "{text}");
    }

    #[test]
    fn secrets_never_show() {
        assert_eq!(
            redact_webhook("https://user:hunter2@example.org/hook?token=abc"),
            "https://user:***@example.org/hook"
        );
        assert_eq!(
            redact_webhook("https://hooks.slack.com/services/T0/B0/secret"),
            "https://hooks.slack.com/..."
        );
        assert_eq!(
            redact_urls_in(
                "cannot POST (https://hooks.slack.com/services/T0/B0/secret): 404\nretry https://a:pw@example.org/h?token=t."
            ),
            "cannot POST (https://hooks.slack.com/...): 404\nretry https://a:***@example.org/h."
        );
        assert_eq!(redact_urls_in("no url here"), "no url here");
        let err = parse("ftp://user:hunter2@example.org/x")
            .unwrap_err()
            .to_string();
        assert!(
            !err.contains("hunter2") && err.contains("scheme ftp"),
            "{err}"
        );
    }
}
