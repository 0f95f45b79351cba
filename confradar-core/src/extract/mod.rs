//! Rule-based extraction of a conference and its important dates from a CFP
//! page (HTML, Markdown or plain text). No database, no network.

mod types;

pub use types::{ExtractedDate, ExtractedPage};
