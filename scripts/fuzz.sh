#!/usr/bin/env bash
# Runs one cargo-fuzz target for a given time: scripts/fuzz.sh TARGET SECONDS [JOBS]
#   scripts/fuzz.sh extract_html 300
#   scripts/fuzz.sh all 120          # every target, one after another
# Targets: extract_html extract_markdown extract_text import_jsonl import_ai_deadlines
#          import_ccf import_sec_deadlines import_python_deadlines dates database_url
#          (fuzz/fuzz_targets/).
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the script sets
# RUSTC_BOOTSTRAP=1, which lets stable rustc take the nightly-only flags cargo-fuzz
# passes (-Zsanitizer=address and the coverage options). The corpus starts from the
# small seeds in fuzz/seeds/TARGET and grows in fuzz/corpus/TARGET (not committed);
# crashes land in fuzz/artifacts/TARGET: turn each into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(extract_html extract_markdown extract_text import_jsonl import_ai_deadlines import_ccf import_sec_deadlines import_python_deadlines dates database_url)
target=${1:?usage: scripts/fuzz.sh TARGET|all SECONDS [JOBS]}
seconds=${2:?usage: scripts/fuzz.sh TARGET|all SECONDS [JOBS]}
jobs=${3:-1}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 1
fi
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi
# The fuzz workspace resolves the same dependency versions as the main one.
[ -f fuzz/Cargo.lock ] || cp Cargo.lock fuzz/Cargo.lock

run_one() {
  local name=$1
  mkdir -p "fuzz/corpus/$name"
  cp -n fuzz/seeds/"$name"/* "fuzz/corpus/$name/" 2>/dev/null || true
  echo "==> $name for ${seconds}s"
  # -timeout: one input taking over 10 s is a finding (super-linear work);
  # -rss_limit_mb: one input needing over 2 GB is a finding (unbounded memory).
  local parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
  cargo fuzz run --fuzz-dir fuzz "$name" "fuzz/corpus/$name" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${parallel[@]}"
}

if [ "$target" = all ]; then
  for name in "${targets[@]}"; do run_one "$name"; done
else
  run_one "$target"
fi
