//! From web page to knowledge base: fetch (politely), extract, resolve the
//! series, store, and report what changed. Used by `fetch`, `crawl`,
//! `watch` and `import`.

mod crawl;
pub mod import;
mod observe;
mod page;
mod runs;
pub mod seed;

pub use crawl::{CrawlProgress, CrawlReport, CrawlSettings, Crawler, NoProgress};
pub use observe::observation_from_page;
pub use page::{PageOutcome, PageReport, Pipeline, PipelineError};
pub use runs::RunRecorder;
