//! Extract a Call-for-Papers page and print its conference and dates.
//!
//! ```text
//! cargo run -p confradar-examples --example extract_page            # examples/pages/demo-cfp.html
//! cargo run -p confradar-examples --example extract_page -- page.md # any HTML, Markdown or text file
//! ```
//!
//! Extraction needs no database and no network: [`extract`] takes the page's
//! text and its [`Format`]. The program exits non-zero when the page cannot
//! be read or holds no date.

use std::path::PathBuf;
use std::process::ExitCode;

use confradar_core::extract::{Format, extract};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os()
        .nth(1)
        .map_or_else(confradar_examples::demo_page, PathBuf::from);
    let body = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // The format from the file name (and a look at the content when that says nothing).
    let format = Format::detect(&path.to_string_lossy(), None, &body);
    let extraction = extract(&body, format);
    let page = &extraction.page;

    println!("page:     {} ({})", path.display(), format.as_str());
    println!("name:     {}", page.name.as_deref().unwrap_or("–"));
    println!("acronym:  {}", page.acronym.as_deref().unwrap_or("–"));
    println!(
        "year:     {}",
        page.year.map_or_else(|| "–".to_string(), |y| y.to_string())
    );
    for date in &page.dates {
        let until = date.end_date.map(|d| format!(" – {d}")).unwrap_or_default();
        let time = date
            .time
            .map(|t| format!(" {}", t.format("%H:%M")))
            .unwrap_or_default();
        let zone = date
            .timezone
            .as_deref()
            .map(|z| format!(" {z}"))
            .unwrap_or_default();
        let struck = if date.struck {
            "  (struck: superseded)"
        } else {
            ""
        };
        println!(
            "{:<13} {}{until}{time}{zone}  \"{}\"{struck}",
            date.kind.as_str(),
            date.date,
            date.label
        );
    }
    for diagnostic in &extraction.diagnostics {
        eprintln!("note: {diagnostic}");
    }
    if page.dates.is_empty() {
        return Err(format!("no dates found in {}", path.display()).into());
    }
    println!("{} dates", page.dates.len());
    Ok(())
}
