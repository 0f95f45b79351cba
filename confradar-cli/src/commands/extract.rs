//! `confradar-cli extract PAGE`: the conference and important dates of one
//! CFP page (a file or an http(s) URL), printed as a table or as JSON.
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use confradar_core::extract::{self, ExtractedPage, Format};
use confradar_core::fetch::{FetchOutcome, FetchSettings, Fetcher, Validators};

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The page: a file path or an http(s) URL.
    pub page: String,
    /// Print the extraction as JSON (name, acronym, year, location, dates).
    #[arg(long)]
    pub json: bool,
    /// The page's format; detected from the content type or extension when omitted.
    #[arg(long, value_name = "html|markdown|text", value_parser = parse_format)]
    pub format: Option<Format>,
}

fn parse_format(value: &str) -> Result<Format, String> {
    value.parse::<Format>().map_err(|err| err.to_string())
}

fn is_url(page: &str) -> bool {
    let lower = page.get(..8).unwrap_or(page).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Reads the page: the body and its content type, if any.
async fn read_page(page: &str) -> anyhow::Result<(String, Option<String>)> {
    if is_url(page) {
        let fetcher =
            Fetcher::new(FetchSettings::default()).context("setting up the HTTP client")?;
        let outcome = fetcher
            .fetch(page, &Validators::default())
            .await
            .with_context(|| format!("fetching {page}"))?;
        match outcome {
            FetchOutcome::Fetched(fetched) => Ok((fetched.body, fetched.content_type)),
            FetchOutcome::NotModified(_) => anyhow::bail!(
                "fetching {page}: the server answered 304 Not Modified to an unconditional request"
            ),
        }
    } else {
        let bytes = tokio::fs::read(page)
            .await
            .with_context(|| format!("reading {page}"))?;
        Ok((String::from_utf8_lossy(&bytes).into_owned(), None))
    }
}

/// Runs `extract`.
pub async fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let (body, content_type) = read_page(&args.page).await?;
    let format = args
        .format
        .unwrap_or_else(|| Format::detect(&args.page, content_type.as_deref(), &body));
    tracing::debug!(%format, page = %args.page, "extracting");
    let extraction = extract::extract(&body, format);
    for diagnostic in &extraction.diagnostics {
        tracing::warn!("{}: {diagnostic}", args.page);
    }
    let out = if args.json {
        let mut json = serde_json::to_string_pretty(&extraction.page).context("writing JSON")?;
        json.push('\n');
        json
    } else {
        render(&extraction.page)
    };
    // A reader that stops early (`| head`) is no error.
    match std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(err).context("writing the extraction to standard output")?
        }
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// The readable form: a few lines about the conference, then a table of dates.
fn render(page: &ExtractedPage) -> String {
    let or_dash = |value: Option<String>| value.unwrap_or_else(|| "–".to_string());
    let mut out = String::new();
    out.push_str(&format!("Event:    {}\n", event_line(page)));
    out.push_str(&format!("Name:     {}\n", or_dash(page.name.clone())));
    out.push_str(&format!("Acronym:  {}\n", or_dash(page.acronym.clone())));
    out.push_str(&format!(
        "Year:     {}\n",
        or_dash(page.year.map(|y| y.to_string()))
    ));
    out.push_str(&format!("Location: {}\n", or_dash(page.location.clone())));
    if page.dates.is_empty() {
        out.push_str("No dates found.\n");
        return out;
    }
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "Kind", "Date", "Until", "Time", "Zone", "Struck", "Label", "Track",
    ]);
    for date in &page.dates {
        table.add_row([
            date.kind.as_str().to_string(),
            date.date.to_string(),
            date.end_date.map(|d| d.to_string()).unwrap_or_default(),
            date.time
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            date.timezone.clone().unwrap_or_default(),
            if date.struck {
                "struck".to_string()
            } else {
                String::new()
            },
            date.label.clone(),
            date.track.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&format!("{table}\n"));
    out
}

/// "GraphX 2026 · workshop at NeurIPS 2026", "ICML 2025 · conference".
fn event_line(page: &ExtractedPage) -> String {
    let mut who = page
        .acronym
        .clone()
        .or_else(|| page.name.clone())
        .unwrap_or_else(|| "–".to_string());
    if let Some(year) = page.year {
        who.push_str(&format!(" {year}"));
    }
    let kind = page.event_kind.as_str();
    match &page.host {
        Some(host) => {
            let year = host.year.map(|y| format!(" {y}")).unwrap_or_default();
            format!("{who} · {kind} at {}{year}", host.acronym)
        }
        None => format!("{who} · {kind}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.org/cfp"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("pages/cfp.html"));
        assert!(!is_url("http"));
    }

    #[test]
    fn table_lists_every_date() {
        let page = extract::extract(
            "<h2>Important Dates</h2><ul><li>Paper submission: May 8, 2025</li></ul>",
            Format::Html,
        )
        .page;
        let text = render(&page);
        assert!(text.contains("submission"));
        assert!(text.contains("2025-05-08"));
        assert!(render(&ExtractedPage::default()).contains("No dates found."));
    }

    #[test]
    fn a_workshop_is_named_with_its_host() {
        let page = extract::extract(
            "<title>GraphX: Workshop on Graph Learning at NeurIPS 2026</title>\
             <h2>Important Dates</h2><ul><li>Paper submission: May 8, 2026</li></ul>",
            Format::Html,
        )
        .page;
        assert!(render(&page).contains("GraphX 2026 · workshop at NeurIPS 2026"));
        let json = serde_json::to_value(&page).unwrap_or_default();
        assert_eq!(json["event_kind"], "workshop");
        assert_eq!(json["host"]["acronym"], "NeurIPS");
        assert_eq!(json["host"]["year"], 2026);
    }
}
