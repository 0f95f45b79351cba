//! Placeholder: the serve benchmark.
fn main() {}
