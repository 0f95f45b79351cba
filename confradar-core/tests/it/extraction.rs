//! Extraction quality over ../shared/cfp-dev (written with the extractor).
