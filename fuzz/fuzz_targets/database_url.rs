//! The database URL: the backend is picked or refused, and the password never survives
//! redaction (`redact_url`, `DatabaseUrl::redacted`).
#![no_main]

use confradar_core::db::backend_of;
use confradar_core::settings::{DatabaseUrl, redact_url};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let url = DatabaseUrl::new(raw);
    let _ = backend_of(&url);
    let redacted = redact_url(raw);
    assert_eq!(url.redacted(), redacted);
    if let Some(password) = url.password().filter(|p| !p.is_empty() && p != "***") {
        // The leak pattern: the password in the userinfo of the printed URL.
        assert!(
            !redacted.contains(&format!(":{password}@")),
            "{raw:?} redacted to {redacted:?}"
        );
    }
});
