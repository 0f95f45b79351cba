//! Extraction throughput over the development pages, next to parsing alone.
//!
//! `cargo bench -p confradar-core --bench extract` reads the pages from
//! `$CONFRADAR_CFP_DEV/pages` (default `../shared/cfp-dev`, from the
//! workspace root) and measures, in the same run:
//! - `parse_only`: `scraper::Html::parse_document` over every page body;
//! - `extract`: the whole rule-based extraction (which parses too).
//!
//! Both report MB/s over the same bytes, so their ratio is what extraction
//! adds on top of parsing (target: extract time ≤ 1.5 × parse time). The
//! `cfp-dev-html` group repeats the measurement over the HTML pages only.
//! `deep-nesting` extracts a page of 100,000 unclosed nested tags (about
//! 500 KB; parsing it unbounded is quadratic, so it has no `parse_only`).

use std::hint::black_box;
use std::path::PathBuf;

use confradar_core::extract::{Format, extract};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn pages() -> Vec<(Format, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::var_os("CONFRADAR_CFP_DEV")
        .map_or_else(|| root.join("../shared/cfp-dev"), |d| root.join(d));
    let mut pages = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir.join("pages")) else {
        eprintln!("no pages under {}: nothing to measure", dir.display());
        return pages;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let format = Format::detect(&path.to_string_lossy(), None, &body);
        pages.push((format, body));
    }
    pages
}

/// Measures parsing alone and the whole extraction over `pages`, as MB/s.
fn measure(c: &mut Criterion, group_name: &str, pages: &[(Format, String)]) {
    if pages.is_empty() {
        return;
    }
    let bytes: usize = pages.iter().map(|(_, body)| body.len()).sum();
    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_only", |b| {
        b.iter(|| {
            for (_, body) in pages {
                black_box(scraper::Html::parse_document(black_box(body)));
            }
        });
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            for (format, body) in pages {
                black_box(extract(black_box(body), *format));
            }
        });
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    // All pages; then the HTML pages alone, since a Markdown page is parsed
    // raw by `parse_only` but converted to HTML and parsed by `extract`.
    measure(c, "cfp-dev", &pages);
    let html: Vec<(Format, String)> = pages
        .iter()
        .filter(|(f, _)| *f == Format::Html)
        .cloned()
        .collect();
    measure(c, "cfp-dev-html", &html);
    deep_nesting(c);
}

/// 100,000 unclosed `<div>`s: extraction must stay linear.
fn deep_nesting(c: &mut Criterion) {
    let page = format!(
        "<h2>Important Dates</h2>{}<p>Paper submission: May 1, 2025</p>",
        "<div>".repeat(100_000)
    );
    let mut group = c.benchmark_group("deep-nesting");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("extract", |b| {
        b.iter(|| black_box(extract(black_box(&page), Format::Html)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
