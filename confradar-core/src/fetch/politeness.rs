//! Politeness: one request at a time per host, a minimum pause between the end of one request
//! to a host and the start of the next, and a global bound on requests in flight.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Hands out permission to send a request.
#[derive(Debug)]
pub(crate) struct Gate {
    /// Per host: when the last request to it ended.
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Instant>>>>>,
    slots: Arc<Semaphore>,
}

/// Held while a request (and the reading of its body) is in flight; dropping it records the
/// end of the request for its host.
#[derive(Debug)]
pub(crate) struct Pass {
    host: OwnedMutexGuard<Option<Instant>>,
    _slot: Option<OwnedSemaphorePermit>,
}

impl Drop for Pass {
    fn drop(&mut self) {
        *self.host = Some(Instant::now());
    }
}

impl Gate {
    pub(crate) fn new(concurrency: usize) -> Self {
        Self {
            hosts: Mutex::new(HashMap::new()),
            slots: Arc::new(Semaphore::new(concurrency)),
        }
    }

    /// Waits until no other request to `host` is in flight and the last one ended at least
    /// `interval` ago, then for a global slot.
    ///
    /// The host lock is taken first and kept while waiting for a slot, so waiting for
    /// politeness never holds a global slot. Because the interval runs from the end of the
    /// previous request, two requests to one host also start at least `interval` apart.
    pub(crate) async fn enter(&self, host: &str, interval: Duration) -> Pass {
        let cell = {
            // A poisoned map only means another task panicked while inserting; the map is fine.
            let mut hosts = self
                .hosts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(hosts.entry(host.to_owned()).or_default())
        };
        let last = cell.lock_owned().await;
        if let Some(previous) = *last {
            tokio::time::sleep_until(previous + interval).await;
        }
        // The semaphore is never closed, so this is always `Some`.
        let slot = Arc::clone(&self.slots).acquire_owned().await.ok();
        Pass {
            host: last,
            _slot: slot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn same_host_requests_are_spaced() {
        let gate = Gate::new(4);
        let interval = Duration::from_millis(60);
        drop(gate.enter("a:80", interval).await);
        let ended = Instant::now();
        drop(gate.enter("b:80", interval).await);
        assert!(ended.elapsed() < interval, "another host does not wait");
        drop(gate.enter("a:80", interval).await);
        assert!(ended.elapsed() >= interval);
    }
}
