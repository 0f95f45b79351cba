//! The bundled seed list: major computer-science conference series with
//! their names, acronyms, aliases and homepages (`data/seed_series.json`).

use crate::error::{Error, Result};
use crate::queue::CrawlQueue;
use crate::repository::{NewSeries, Repository};

const SEED_JSON: &str = include_str!("../../data/seed_series.json");

/// The seed list as shipped.
///
/// # Errors
/// [`Error::InvalidObservation`] if the bundled file is malformed (a build defect; a test guards it).
pub fn seed_series() -> Result<Vec<NewSeries>> {
    serde_json::from_str(SEED_JSON)
        .map_err(|e| Error::InvalidObservation(format!("bundled seed list: {e}")))
}

/// Loads the seed list into the knowledge base and queues each homepage
/// for crawling. Idempotent. Returns how many series it holds.
///
/// # Errors
/// A database error.
pub async fn load_seed<R: Repository + CrawlQueue>(repo: &R) -> Result<usize> {
    let all = seed_series()?;
    let now = chrono::Utc::now();
    for series in &all {
        repo.upsert_series(series).await?;
        if let Some(homepage) = &series.homepage {
            repo.enqueue(homepage, Some(&series.key), now).await?;
        }
    }
    Ok(all.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_seed_list_has_fifty_distinct_series_with_homepages() {
        let all = seed_series().expect("bundled seed list parses");
        assert!(all.len() >= 50, "{} series", all.len());
        let keys: HashSet<_> = all.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys.len(), all.len(), "keys are unique");
        for series in &all {
            assert!(series.acronym.is_some(), "{} has an acronym", series.key);
            let homepage = series.homepage.as_deref().unwrap_or_default();
            assert!(
                homepage.starts_with("https://"),
                "{} has an https homepage",
                series.key
            );
        }
        let aliases: Vec<String> = all
            .iter()
            .flat_map(|s| {
                s.aliases
                    .iter()
                    .chain([&s.name])
                    .map(|a| crate::names::normalize(a))
            })
            .collect();
        let distinct: HashSet<_> = aliases.iter().collect();
        assert_eq!(distinct.len(), aliases.len(), "no alias names two series");
    }
}
