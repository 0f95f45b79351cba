//! The format of a page, one type for the whole crate: what fetching
//! reports and what extraction reads.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The format of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// HTML (any real-world mess).
    Html,
    /// Markdown, possibly with raw HTML inside.
    Markdown,
    /// Plain text.
    Text,
}

impl Format {
    /// Every format, for help texts.
    pub const ALL: [Format; 3] = [Format::Html, Format::Markdown, Format::Text];

    /// The format's name as accepted by [`FromStr`].
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Text => "text",
        }
    }

    /// Detects the format of a page: an HTML or Markdown content type wins,
    /// then the file extension of the path or URL, then a look at the body.
    ///
    /// ```
    /// use confradar_core::extract::Format;
    /// assert_eq!(Format::detect("cfp.md", Some("text/plain"), ""), Format::Markdown);
    /// assert_eq!(Format::detect("https://x.org/cfp", Some("text/html; charset=utf-8"), ""), Format::Html);
    /// assert_eq!(Format::detect("dates", None, "<!doctype html><p>x</p>"), Format::Html);
    /// ```
    pub fn detect(path_or_url: &str, content_type: Option<&str>, body: &str) -> Format {
        if let Some(ct) = content_type {
            let ct = ct.to_ascii_lowercase();
            if ct.contains("html") {
                return Format::Html;
            }
            if ct.contains("markdown") {
                return Format::Markdown;
            }
        }
        let path = path_or_url.split(['?', '#']).next().unwrap_or("");
        let last = path.rsplit('/').next().unwrap_or("");
        if let Some((_, ext)) = last.rsplit_once('.') {
            match ext.to_ascii_lowercase().as_str() {
                "html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx" | "jsp" => {
                    return Format::Html;
                }
                "md" | "markdown" | "mdown" | "mkd" | "mkdn" | "rmd" | "qmd" => {
                    return Format::Markdown;
                }
                "txt" | "text" => return Format::Text,
                _ => {}
            }
        }
        sniff(body)
    }
}

/// Guesses the format from the first few kilobytes of the body.
fn sniff(body: &str) -> Format {
    let head: String = body
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let html_signs = [
        "<!doctype html",
        "<html",
        "<body",
        "<head",
        "<div",
        "<table",
        "<p>",
        "<p ",
        "<ul",
        "<br",
    ];
    let html_hits = html_signs.iter().filter(|s| head.contains(*s)).count();
    let md_hits = head
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("# ")
                || t.starts_with("## ")
                || t.starts_with("- ")
                || t.starts_with("* ")
                || (t.starts_with('|') && t.ends_with('|'))
        })
        .count();
    if head.trim_start().starts_with("<!doctype")
        || head.trim_start().starts_with("<html")
        || html_hits >= 2 && html_hits > md_hits
    {
        Format::Html
    } else if md_hits > 0 {
        Format::Markdown
    } else if html_hits > 0 {
        Format::Html
    } else {
        Format::Text
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a format name other than html, markdown or text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown page format '{0}': expected html, markdown or text")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "html" | "htm" => Ok(Format::Html),
            "markdown" | "md" => Ok(Format::Markdown),
            "text" | "txt" | "plain" => Ok(Format::Text),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}
