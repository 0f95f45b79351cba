//! Politeness: a minimum interval between requests to one host, one request at a time per
//! host, and a global bound on requests in flight.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Hands out permission to send a request.
#[derive(Debug)]
pub(crate) struct Gate {
    /// Per host: when the last request to it started.
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Instant>>>>>,
    slots: Arc<Semaphore>,
}

/// Held while a request (and the reading of its body) is in flight.
#[derive(Debug)]
pub(crate) struct Pass {
    _host: OwnedMutexGuard<Option<Instant>>,
    _slot: Option<OwnedSemaphorePermit>,
}

impl Gate {
    pub(crate) fn new(concurrency: usize) -> Self {
        Self {
            hosts: Mutex::new(HashMap::new()),
            slots: Arc::new(Semaphore::new(concurrency)),
        }
    }

    /// Waits until `host` is free and its last request started at least `interval` ago, and a
    /// global slot is free; then records now as the start of a request to `host`.
    ///
    /// The host lock is taken first and kept while waiting for a slot, so waiting for
    /// politeness never holds a global slot, and the recorded start is the real start.
    pub(crate) async fn enter(&self, host: &str, interval: Duration) -> Pass {
        let cell = {
            // A poisoned map only means another task panicked while inserting; the map is fine.
            let mut hosts = self
                .hosts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(hosts.entry(host.to_owned()).or_default())
        };
        let mut last = cell.lock_owned().await;
        if let Some(previous) = *last {
            tokio::time::sleep_until(previous + interval).await;
        }
        // The semaphore is never closed, so this is always `Some`.
        let slot = Arc::clone(&self.slots).acquire_owned().await.ok();
        *last = Some(Instant::now());
        Pass {
            _host: last,
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
        let t0 = Instant::now();
        drop(gate.enter("a:80", Duration::from_millis(60)).await);
        drop(gate.enter("b:80", Duration::from_millis(60)).await);
        drop(gate.enter("a:80", Duration::from_millis(60)).await);
        assert!(t0.elapsed() >= Duration::from_millis(60));
    }
}
