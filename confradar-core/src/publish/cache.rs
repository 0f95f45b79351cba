//! The server's response cache.
//!
//! An answer is kept under its route and normalized query string (parameters
//! sorted, empty ones dropped, so `?b=1&a=` and `?b=1` share an entry) and is
//! served again while two things hold:
//!
//! - the data version ([`crate::Repository::data_version`]) is the one it was
//!   rendered at: every write that changes a page moves the version, and the
//!   cache reads the version at most every [`VERSION_TTL`] (one cheap statement
//!   of indexed `MAX`es), so a change shows within that time;
//! - the minute it was rendered in has not passed (countdowns and the default
//!   "from now" window are computed to the minute).
//!
//! Entries hold the body as shared bytes with its ETag, so a hit costs a map
//! lookup and no copy.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use sha2::{Digest, Sha256};

use crate::Repository;

/// How long a data version read is trusted.
pub const VERSION_TTL: Duration = Duration::from_millis(500);
/// Entries kept at most; past that the cache starts over.
const MAX_ENTRIES: usize = 2048;

/// One cached answer.
#[derive(Debug, Clone)]
pub struct Cached {
    /// The body.
    pub body: Bytes,
    /// Its quoted strong ETag.
    pub etag: Arc<str>,
    /// Its `Content-Type`.
    pub content_type: &'static str,
}

impl Cached {
    /// A body with its ETag (a hash of the bytes).
    pub fn new(body: String, content_type: &'static str) -> Self {
        let digest = Sha256::digest(body.as_bytes());
        let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        Self {
            body: Bytes::from(body),
            etag: Arc::from(format!("\"{hex}\"")),
            content_type,
        }
    }
}

struct Entry {
    version: Arc<str>,
    minute: i64,
    answer: Cached,
}

/// The cache and the memo of the data version.
pub struct ResponseCache {
    entries: RwLock<HashMap<String, Entry>>,
    version: RwLock<Option<(Instant, Arc<str>)>>,
    /// One version read at a time; the others wait for it.
    refresh: tokio::sync::Mutex<()>,
}

impl Default for ResponseCache {
    fn default() -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            version: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseCache").finish_non_exhaustive()
    }
}

/// `a=1&b=2`: the pairs of `raw` with a value, sorted, re-encoded.
pub fn normalize_query(raw: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .filter(|(k, v)| !k.is_empty() && !v.is_empty())
            .collect();
    pairs.sort();
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

impl ResponseCache {
    /// The current data version, read again when the memo is older than [`VERSION_TTL`].
    ///
    /// # Errors
    /// A database error.
    pub async fn version(&self, repo: &dyn Repository) -> crate::Result<Arc<str>> {
        if let Some(fresh) = self.fresh_version() {
            return Ok(fresh);
        }
        let _turn = self.refresh.lock().await;
        if let Some(fresh) = self.fresh_version() {
            return Ok(fresh);
        }
        let version: Arc<str> = Arc::from(repo.data_version().await?);
        if let Ok(mut memo) = self.version.write() {
            *memo = Some((Instant::now(), Arc::clone(&version)));
        }
        Ok(version)
    }

    fn fresh_version(&self) -> Option<Arc<str>> {
        let memo = self.version.read().ok()?;
        let (at, version) = memo.as_ref()?;
        (at.elapsed() < VERSION_TTL).then(|| Arc::clone(version))
    }

    /// The answer kept for `key` at `version` in `minute`.
    pub fn get(&self, key: &str, version: &str, minute: i64) -> Option<Cached> {
        let entries = self.entries.read().ok()?;
        let entry = entries.get(key)?;
        (entry.minute == minute && &*entry.version == version).then(|| entry.answer.clone())
    }

    /// Keeps `answer` for `key`.
    pub fn put(&self, key: String, version: Arc<str>, minute: i64, answer: Cached) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(
                key,
                Entry {
                    version,
                    minute,
                    answer,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_normalize_to_sorted_pairs_with_values() {
        assert_eq!(
            normalize_query(Some("rank=CCF%3AA&q=&category=DB")),
            "category=DB&rank=CCF%3AA"
        );
        assert_eq!(normalize_query(None), "");
    }

    #[test]
    fn an_entry_is_served_only_at_its_version_and_minute() {
        let cache = ResponseCache::default();
        let v1: Arc<str> = Arc::from("v1");
        cache.put("k".into(), v1, 7, Cached::new("body".into(), "text/plain"));
        assert!(cache.get("k", "v1", 7).is_some());
        assert!(
            cache.get("k", "v2", 7).is_none(),
            "a write moved the version"
        );
        assert!(cache.get("k", "v1", 8).is_none(), "the minute passed");
        assert!(cache.get("other", "v1", 7).is_none());
    }
}
