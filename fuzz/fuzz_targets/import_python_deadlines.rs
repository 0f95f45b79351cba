//! The python_deadlines import layout through `pipeline::import::read_items`, the top-level reader of
//! items from bytes: every item is read or skipped with a reason, never a panic.
//! (The import code may be reorganised; keep this target on the public reader.)
#![no_main]

use confradar_core::pipeline::import::{ImportFormat, read_items};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = std::io::Cursor::new(data.to_vec());
    for item in read_items(reader, ImportFormat::PythonDeadlines) {
        let _ = item.result;
    }
});
