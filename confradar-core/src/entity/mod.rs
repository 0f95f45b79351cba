//! SeaORM entities: one module per table, matching `confradar-migration`
//! column for column (a test checks it on every backend).

pub mod conferences;
pub mod crawl_queue;
pub mod deadline_changes;
pub mod deadline_values;
pub mod deadlines;
pub mod fetch_runs;
pub mod notify_deliveries;
pub mod series;
pub mod series_aliases;
pub mod series_categories;
pub mod series_rankings;
pub mod series_tags;
pub mod sources;
pub mod time;
