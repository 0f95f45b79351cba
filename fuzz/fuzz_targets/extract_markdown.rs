//! Extraction of a markdown page: any bytes (decoded lossily, as the fetcher does) must
//! give an answer, never a panic; libFuzzer's timeout catches super-linear work.
#![no_main]

use confradar_core::extract::{Format, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let _ = extract(&body, Format::Markdown);
});
