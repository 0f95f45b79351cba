//! How the extractor's regular expressions are built.
//!
//! The patterns that read names and places ("… Conference on …", "ICSE
//! 2026") are large automata: Unicode letter classes under bounded
//! repetition. With the `regex` crate's default lazy-DFA cache they do not
//! fit, and every search falls back to a backtracking engine that is several
//! hundred times slower (most of the extraction time on a page). A larger
//! cache limit keeps them on the lazy DFA; memory grows only as states are
//! actually built.

use regex::{Regex, RegexBuilder};

/// Upper bound of each pattern's lazy-DFA cache.
const DFA_CACHE_LIMIT: usize = 16 << 20;

/// Compiles `pattern` for the extractor (same syntax as `Regex::new`).
pub(crate) fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .dfa_size_limit(DFA_CACHE_LIMIT)
        .build()
}
