//! One page through the whole pipeline: read (file) or fetch (URL), extract,
//! store, and say what happened.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::extract::{self, Format};
use crate::fetch::{FetchError, FetchOutcome, Fetcher};
use crate::pipeline::observation_from_page;
use crate::queue::CrawlQueue;
use crate::repository::{ObservedSource, Repository, StoreOutcome};

/// Why one page could not be stored. The rest of a run goes on.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Fetching failed.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// A local file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The page names no conference the knowledge base can file it under.
    #[error("{url}: {reason}; pass --series KEY to say which series the page belongs to")]
    Unidentified {
        /// The page.
        url: String,
        /// What is missing.
        reason: String,
    },
    /// Storing failed.
    #[error("{url}: {source}")]
    Store {
        /// The page.
        url: String,
        /// The cause.
        source: crate::Error,
    },
}

/// What happened to one page.
#[derive(Debug)]
pub enum PageOutcome {
    /// Extracted and stored (created, updated or unchanged in the knowledge base).
    Stored(StoreOutcome),
    /// The page itself has not changed since the last fetch (HTTP 304 or same content).
    NotModified,
    /// It failed.
    Failed(PipelineError),
}

/// The report of one page.
#[derive(Debug)]
pub struct PageReport {
    /// URL or path as given.
    pub url: String,
    /// What happened.
    pub outcome: PageOutcome,
    /// Extraction diagnostics (dropped dates and why).
    pub diagnostics: Vec<String>,
}

/// The pipeline: a repository and a fetcher.
#[derive(Debug, Clone)]
pub struct Pipeline<R> {
    repo: R,
    fetcher: Fetcher,
}

impl<R: Repository + CrawlQueue> Pipeline<R> {
    /// A pipeline over a repository with a fetcher.
    pub fn new(repo: R, fetcher: Fetcher) -> Self {
        Self { repo, fetcher }
    }

    /// The repository.
    pub fn repository(&self) -> &R {
        &self.repo
    }

    /// Runs one page (an http(s) URL or a local file) through the pipeline.
    /// Never fails as a whole: a failure is the page's outcome.
    pub async fn process(&self, target: &str, series_hint: Option<&str>) -> PageReport {
        let mut report = PageReport {
            url: target.to_string(),
            outcome: PageOutcome::NotModified,
            diagnostics: vec![],
        };
        let mut deadlines = 0;
        report.outcome = match self
            .process_inner(target, series_hint, &mut report.diagnostics, &mut deadlines)
            .await
        {
            Ok(outcome) => outcome,
            Err(err) => PageOutcome::Failed(err),
        };
        crate::telemetry::page_done(&report.outcome, deadlines);
        report
    }

    async fn process_inner(
        &self,
        target: &str,
        series_hint: Option<&str>,
        diagnostics: &mut Vec<String>,
        deadlines: &mut usize,
    ) -> Result<PageOutcome, PipelineError> {
        let stored_validators =
            self.repo
                .validators_for(target)
                .await
                .map_err(|source| PipelineError::Store {
                    url: target.to_string(),
                    source,
                })?;
        let is_url = target.starts_with("http://") || target.starts_with("https://");
        let (body, format, source) = if is_url {
            let started = std::time::Instant::now();
            let fetched = self.fetcher.fetch(target, &stored_validators).await;
            crate::telemetry::fetched(started.elapsed());
            match fetched? {
                FetchOutcome::NotModified(nm) => {
                    self.touch(target, Some(i32::from(nm.status))).await?;
                    return Ok(PageOutcome::NotModified);
                }
                FetchOutcome::Fetched(page) if page.unchanged => {
                    self.touch(target, Some(i32::from(page.status))).await?;
                    return Ok(PageOutcome::NotModified);
                }
                FetchOutcome::Fetched(page) => {
                    let format =
                        Format::detect(&page.final_url, page.content_type.as_deref(), &page.body);
                    let source = ObservedSource {
                        url: target.to_string(),
                        etag: page.etag.clone(),
                        last_modified: page.last_modified.clone(),
                        content_hash: Some(page.content_hash.clone()),
                        status: Some(i32::from(page.status)),
                        ..ObservedSource::default()
                    };
                    (page.body, format, source)
                }
            }
        } else {
            let bytes =
                tokio::fs::read(Path::new(target))
                    .await
                    .map_err(|source| PipelineError::Read {
                        path: target.to_string(),
                        source,
                    })?;
            let hash = format!("{:x}", Sha256::digest(&bytes));
            if stored_validators.content_hash.as_deref() == Some(hash.as_str()) {
                self.touch(target, None).await?;
                return Ok(PageOutcome::NotModified);
            }
            let body = String::from_utf8_lossy(&bytes).into_owned();
            let format = Format::detect(target, None, &body);
            (
                body,
                format,
                ObservedSource {
                    url: target.to_string(),
                    content_hash: Some(hash),
                    ..Default::default()
                },
            )
        };

        let extraction = extract::extract(&body, format);
        diagnostics.extend(extraction.diagnostics.iter().map(|d| d.to_string()));
        let page = extraction.page;
        if page.name.is_none() && page.acronym.is_none() && series_hint.is_none() {
            let reason = match &page.host {
                // A workshop page that names its host but never itself.
                Some(host) => format!(
                    "the page is a workshop held at {}{} but names neither the workshop nor its acronym",
                    host.acronym,
                    host.year.map(|y| format!(" {y}")).unwrap_or_default()
                ),
                None => "no conference name or acronym found on the page".into(),
            };
            return Err(PipelineError::Unidentified {
                url: target.to_string(),
                reason,
            });
        }
        let mut observation = observation_from_page(&page, source, series_hint);
        if observation.year.is_none() {
            // A page without a stated year: the year of its first date is the edition's.
            observation.year = page
                .dates
                .iter()
                .map(|d| chrono::Datelike::year(&d.date))
                .max();
        }
        if observation.year.is_none() {
            return Err(PipelineError::Unidentified {
                url: target.to_string(),
                reason: "no year found on the page".into(),
            });
        }
        *deadlines = observation.deadlines.len();
        let started = std::time::Instant::now();
        let stored = self.repo.store_observation(&observation).await;
        crate::telemetry::stored(started.elapsed());
        let stored = stored.map_err(|source| PipelineError::Store {
            url: target.to_string(),
            source,
        })?;
        Ok(PageOutcome::Stored(stored))
    }

    async fn touch(&self, target: &str, status: Option<i32>) -> Result<(), PipelineError> {
        self.repo
            .touch_sources(target, status)
            .await
            .map_err(|source| PipelineError::Store {
                url: target.to_string(),
                source,
            })
    }
}
