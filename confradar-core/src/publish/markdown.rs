//! A Markdown page of upcoming deadlines: one table per month (the month
//! the deadline is published in), rows by UTC instant, moved deadlines
//! marked with their old value, then the recent changes.
//!
//! Every text from pages is escaped (`|`, `*`, `_`, `[`, `<`, backticks, …;
//! line breaks become spaces), and only `http`/`https` sources become links.

use super::countdown::countdown;
use super::{
    Listing, by_month, conference_label, describe_change, is_web_url, kind_label, published,
    recent_change,
};

/// Escapes text for a Markdown table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '+'
            | '!' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A link target inside `<…>`, with the characters that would end it encoded.
fn link_target(url: &str) -> String {
    url.replace('<', "%3C")
        .replace('>', "%3E")
        .replace(' ', "%20")
        .replace(['\r', '\n'], "")
}

/// The page.
pub fn render(listing: &Listing) -> String {
    let now = listing.options.now;
    let mut out = format!(
        "# {}\n\nGenerated {} · {} deadline(s) · sorted by their UTC instant; countdowns as of generation.\n",
        escape(&listing.options.title),
        now.format("%Y-%m-%d %H:%M UTC"),
        listing.deadlines.len()
    );
    if listing.deadlines.is_empty() {
        out.push_str("\nNo deadlines to show.\n");
    }
    for (month, group) in by_month(&listing.deadlines) {
        out.push_str(&format!("\n## {month}\n\n"));
        out.push_str(
            "| Deadline (UTC) | Conference | Kind | As published | Countdown | Source |\n",
        );
        out.push_str("|---|---|---|---|---|---|\n");
        for d in group {
            let mut as_published = escape(&published(d));
            if let Some(change) = recent_change(d, now, listing.options.recent) {
                let old = change.old_value.as_deref().unwrap_or_default();
                as_published = format!("**{as_published}** (changed, was ~~{}~~)", escape(old));
            }
            if d.conflict {
                // The value shown is the reconciled one; `conflicts` lists the others.
                as_published.push_str(" (sources disagree)");
            }
            let source = match d.source_url.as_deref() {
                Some(url) if is_web_url(url) => format!("[source](<{}>)", link_target(url)),
                Some(url) => escape(url),
                None => String::new(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                d.due_at.format("%Y-%m-%d %H:%M"),
                escape(&conference_label(d)),
                escape(&kind_label(d)),
                as_published,
                countdown(now, d.due_at),
                source
            ));
        }
    }
    if !listing.recent_changes.is_empty() {
        out.push_str("\n## Recent changes\n\n");
        for change in &listing.recent_changes {
            out.push_str(&format!(
                "- {} — {}\n",
                change.detected_at.format("%Y-%m-%d %H:%M UTC"),
                escape(&describe_change(change))
            ));
        }
    }
    out
}
