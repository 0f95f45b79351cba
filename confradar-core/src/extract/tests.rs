//! End-to-end rules of the extractor, on small pages of our own writing.

use super::*;

fn dates_of(body: &str, format: Format) -> Vec<ExtractedDate> {
    extract(body, format).page.dates
}
