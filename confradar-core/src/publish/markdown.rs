//! A Markdown page of upcoming deadlines: one table per month (the month
//! the deadline is published in), rows by UTC instant, moved deadlines
//! marked with their old value, then the recent changes.
//!
//! Rendered by the askama template `templates/export.md` from the same rows
//! as the HTML page ([`super::view`]). Every value in it is escaped by
//! [`MarkdownEscaper`] (`|`, `*`, `_`, `[`, `<`, backticks, …; line breaks
//! become spaces), and only `http`/`https` sources become links.

use askama::Template;

use super::view::{self, ChangeRow, Group};
use super::{Error, Listing};

/// Escapes text for a Markdown table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = MarkdownEscaper.write_escaped(&mut out, text);
    out
}

/// The escaper of `.md` templates (named in `askama.toml`): a backslash
/// before every character Markdown gives a meaning to, line breaks and tabs
/// as spaces, other control characters dropped.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownEscaper;

impl MarkdownEscaper {
    fn write_escaped<W: std::fmt::Write>(self, mut dest: W, text: &str) -> std::fmt::Result {
        for c in text.chars() {
            match c {
                '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '<' | '>' | '#'
                | '+' | '!' | '|' | '~' | '&' => {
                    dest.write_char('\\')?;
                    dest.write_char(c)?;
                }
                '\r' | '\n' | '\t' => dest.write_char(' ')?,
                c if c.is_control() => {}
                c => dest.write_char(c)?,
            }
        }
        Ok(())
    }
}

impl askama::filters::Escaper for MarkdownEscaper {
    fn write_escaped_str<W: std::fmt::Write>(&self, dest: W, string: &str) -> std::fmt::Result {
        self.write_escaped(dest, string)
    }
}

/// A link target inside `<…>`, with the characters that would end it encoded.
pub fn link_target(url: &str) -> String {
    url.replace('<', "%3C")
        .replace('>', "%3E")
        .replace(' ', "%20")
        .replace(['\r', '\n'], "")
}

#[derive(Template)]
#[template(path = "export.md")]
struct MarkdownPage<'a> {
    title: &'a str,
    generated_text: String,
    count: usize,
    groups: Vec<Group>,
    changes: Vec<ChangeRow>,
}

/// The page.
///
/// # Errors
/// [`Error::Template`] when the template fails (a bug).
pub fn render(listing: &Listing) -> Result<String, Error> {
    let now = listing.options.now;
    MarkdownPage {
        title: &listing.options.title,
        generated_text: view::utc_text(now),
        count: listing.deadlines.len(),
        groups: view::groups(
            &listing.deadlines,
            now,
            listing.options.recent,
            chrono_tz::Tz::UTC,
        ),
        changes: listing.recent_changes.iter().map(ChangeRow::from).collect(),
    }
    .render()
    .map_err(|e| Error::Template(e.to_string()))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::kind::DeadlineKind;
    use crate::publish::PageOptions;
    use crate::repository::{ChangeView, DeadlineView};

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 10, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }

    /// A deadline `days` after [`now`] named `name`, seen on `url`, moved from `old`.
    fn deadline(
        id: i32,
        days: i64,
        name: &str,
        url: Option<&str>,
        old: Option<&str>,
    ) -> DeadlineView {
        let due_at = now() + Duration::days(days);
        DeadlineView {
            id,
            conference_key: format!("c{id}"),
            conference_name: name.into(),
            conference_acronym: None,
            host: None,
            year: 2026,
            series_key: "s".into(),
            kind: DeadlineKind::Submission,
            track: String::new(),
            due_date: due_at.date_naive(),
            end_date: None,
            due_time: Some("23:59".into()),
            timezone: Some("AoE".into()),
            due_at,
            label: None,
            source_url: url.map(Into::into),
            last_change: old.map(|o| ChangeView {
                id: 100 + id,
                conference_key: format!("c{id}"),
                conference_name: name.into(),
                kind: DeadlineKind::Submission,
                track: String::new(),
                old_value: Some(o.into()),
                new_value: Some("2026-01-13 23:59 AoE".into()),
                detected_at: now() - Duration::days(1),
                source_url: None,
            }),
            categories: vec![],
            rankings: vec![],
            conflict: false,
        }
    }

    fn listing(title: &str, deadlines: Vec<DeadlineView>) -> Listing {
        let recent_changes = deadlines
            .iter()
            .filter_map(|d| d.last_change.clone())
            .collect();
        Listing {
            options: PageOptions {
                now: now(),
                recent: Duration::days(14),
                title: title.into(),
            },
            deadlines,
            recent_changes,
        }
    }

    /// The template gives the very bytes the page always had: every value
    /// escaped, moved deadlines in bold with the old value struck, web
    /// sources as links (others as escaped text), then the recent changes.
    #[test]
    fn the_page_is_the_template_with_every_value_escaped() {
        let mut moved = deadline(
            1,
            3,
            "Conf <b>X</b>\n| y",
            Some("https://e.org/a b<c>?x=1&y=2"),
            Some("2026-01-01 _old_"),
        );
        moved.conflict = true;
        let page = listing(
            "Deadlines *all*",
            vec![
                moved,
                deadline(2, 40, "Two # ~", Some("javascript:alert(1)"), None),
                deadline(3, 41, "Three", None, None),
            ],
        );
        let want = "# Deadlines \\*all\\*

Generated 2026-01-10 12:00 UTC · 3 deadline(s) · sorted by their UTC instant; countdowns as of generation.

## January 2026

| Deadline (UTC) | Conference | Kind | As published | Countdown | Source |
|---|---|---|---|---|---|
| 2026-01-13 12:00 | Conf \\<b\\>X\\</b\\> \\| y | submission | **2026-01-13 23:59 AoE** (changed, was ~~2026-01-01 \\_old\\_~~) (sources disagree) | in 3 days | [source](<https://e.org/a%20b%3Cc%3E?x=1&y=2>) |

## February 2026

| Deadline (UTC) | Conference | Kind | As published | Countdown | Source |
|---|---|---|---|---|---|
| 2026-02-19 12:00 | Two \\# \\~ | submission | 2026-02-19 23:59 AoE | in 40 days | javascript:alert\\(1\\) |
| 2026-02-20 12:00 | Three | submission | 2026-02-20 23:59 AoE | in 41 days |  |

## Recent changes

- 2026-01-09 12:00 UTC — Conf \\<b\\>X\\</b\\> \\| y submission: 2026-01-01 \\_old\\_ → 2026-01-13 23:59 AoE
";
        assert_eq!(render(&page).unwrap_or_default(), want);
    }

    #[test]
    fn an_empty_page_says_so_and_still_lists_changes() {
        let want = "# Nothing

Generated 2026-01-10 12:00 UTC · 0 deadline(s) · sorted by their UTC instant; countdowns as of generation.

No deadlines to show.
";
        assert_eq!(
            render(&listing("Nothing", vec![])).unwrap_or_default(),
            want
        );
        let mut with_change = listing("Nothing", vec![deadline(1, 3, "A", None, Some("old"))]);
        with_change.deadlines.clear();
        assert!(
            render(&with_change)
                .unwrap_or_default()
                .ends_with("No deadlines to show.\n\n## Recent changes\n\n- 2026-01-09 12:00 UTC — A submission: old → 2026-01-13 23:59 AoE\n")
        );
    }

    #[test]
    fn the_escaper_marks_every_markdown_character_and_flattens_lines() {
        assert_eq!(
            escape("a|b*c_d[e]<f>`g`\\h"),
            "a\\|b\\*c\\_d\\[e\\]\\<f\\>\\`g\\`\\\\h"
        );
        assert_eq!(escape("one\ntwo\r\tthree\u{7}"), "one two  three");
    }
}
