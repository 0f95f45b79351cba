#!/usr/bin/env bash
# Renders ConfRadar's exported HTML page in a real headless browser (Debian's
# chromium) and checks the rendered DOM: the page loads offline, the table has
# the expected rows in UTC order, the moved deadline is highlighted with its
# old value, page-controlled text stayed text (no injected element), the
# inline script ran under the page's Content-Security-Policy (local times
# filled in), and nothing was fetched from outside.
#
# Usage:
#   scripts/check-html.sh            build a sample knowledge base, export it, check it
#   scripts/check-html.sh PAGE.html  check the structure of an existing export
#
# Needs: chromium (apt-get install -y chromium), cargo. Writes a screenshot
# to target/check-html/page.png for a human look.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/check-html"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v chromium >/dev/null || { echo "check-html: chromium not found (apt-get install -y chromium)" >&2; exit 2; }

fail() { echo "check-html: FAIL: $*" >&2; exit 1; }

sample=0
if [[ $# -ge 1 ]]; then
  page=$(realpath "$1")
else
  sample=1
  (cd "$root" && cargo build -q -p confradar-cli)
  bin="$root/target/debug/confradar-cli"
  year=$(( $(date -u +%Y) + 2 ))
  db="sqlite://$work/kb.db"
  cat >"$work/a.jsonl" <<JSONL
{"key":"icml$year","name":"ICML $year","year":$year,"url":"https://icml.cc/cfp?a=1&b=2","deadlines":[{"kind":"submission","due_date":"$year-01-22 23:59","timezone":"AoE"},{"kind":"abstract","due_date":"$year-01-15 23:59","timezone":"AoE"}]}
{"key":"evil$year","name":"<img src=x onerror=alert(1)> Workshop","year":$year,"url":"javascript:alert(1)","deadlines":[{"kind":"submission","due_date":"$year-02-10 12:00","timezone":"Europe/Paris"}]}
JSONL
  sed "s/$year-01-22 23:59/$year-01-29 23:59/" "$work/a.jsonl" >"$work/b.jsonl"
  export CONFRADAR_CONFIG="$work/none.toml"
  unset DATABASE_URL
  "$bin" -q --database-url "$db?mode=rwc" import --format jsonl "$work/a.jsonl" >/dev/null
  "$bin" -q --database-url "$db" import --format jsonl "$work/b.jsonl" >/dev/null
  page="$out/page.html"
  "$bin" -q --database-url "$db" export --format html -o "$page"
fi

browse() {
  TZ=America/New_York timeout 120 chromium --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=2000 "$@" 2>"$work/chromium.log"
}

browse --dump-dom "file://$page" >"$work/dom.html" || { cat "$work/chromium.log" >&2; fail "chromium could not render $page"; }
browse --window-size=1280,800 --screenshot="$out/page.png" "file://$page" >/dev/null || fail "no screenshot"

dom="$work/dom.html"
rows=$(grep -o '<tr [^>]*data-conference="[^"]*"' "$dom" | sed 's/.*data-conference="\([^"]*\)".*/\1/' | tr '\n' ' ' || true)
[[ -n "$rows" ]] || fail "the rendered table has no deadline rows"
grep -q '<table class="deadlines">' "$dom" || fail "no deadlines table in the DOM"
grep -q '<span id="zone">America/New_York</span>' "$dom" || fail "the inline script did not run (zone not filled in)"
if grep -q 'class="local when">[^<]* UTC<' "$dom"; then fail "local times were not filled in by the script"; fi
! grep -q '<img' "$dom" || fail "page text became an element (<img> in the DOM)"
! grep -q 'href="javascript:' "$dom" || fail "a javascript: link made it into the DOM"
! grep -Eq '(src|href)="https?://[^"]*\.(css|js|png|svg|woff2?)' "$dom" || fail "an external asset is referenced"

if [[ $sample -eq 1 ]]; then
  expected="icml$year icml$year evil$year "
  [[ "$rows" == "$expected" ]] || fail "rows in the rendered table: '$rows', expected '$expected' (UTC order)"
  grep -q "<tr class=\"changed\" data-conference=\"icml$year\" data-kind=\"submission\"" "$dom" \
    || fail "the moved submission deadline is not highlighted"
  grep -q "changed, was <del>$year-01-22 23:59 AoE</del>" "$dom" || fail "the old value is not shown"
  grep -q "$year-01-29 23:59 AoE" "$dom" || fail "the date as published is missing"
  grep -q '&lt;img src=x onerror=alert(1)&gt; Workshop' "$dom" || fail "the hostile name is not shown as text"
  grep -q 'href="https://icml.cc/cfp?a=1&amp;b=2"' "$dom" || fail "the source link is missing"
  grep -q 'Recent changes' "$dom" || fail "no recent-changes section"
fi

echo "check-html: OK: $(wc -w <<<"$rows") row(s) rendered by $(chromium --version 2>/dev/null | head -1); screenshot: $out/page.png"
