#!/usr/bin/env bash
# Atom feed benchmark: the time `confradar-cli serve` takes to render
# /changes.atom when the answer is not cached, over PostgreSQL with N (10,000)
# generated conferences (the generated series get categories and rankings so
# that those filters select something). Every request carries a fresh `x=`
# parameter, so each one misses the cache; 15 requests per path, median.
#
#   scripts/bench/feed.sh                            # N=10000, PostgreSQL at 127.0.0.1:5432 as postgres
#   BIN=/path/to/other/confradar-cli REUSE_DB=1 scripts/bench/feed.sh   # another build, same data
#
# Needs python3, psql and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10000}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres}
SHARED=${SHARED:-../shared}
for tool in psql python3 curl; do
  command -v "$tool" >/dev/null || { echo "feed.sh needs $tool (apt-get install postgresql-client curl)" >&2; exit 1; }
done
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

if [ -z "${BIN:-}" ]; then
  cargo build --release --locked -q -p confradar-cli
  BIN=$PWD/target/release/confradar-cli
fi
db=confradar_bench_feed
url=$(python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path='/'+sys.argv[2]).geturl())" "$PGURL" "$db")
if [ "${REUSE_DB:-0}" != 1 ]; then
  psql -q -d "$PGURL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  "$BIN" -q --database-url "$url" migrate up >/dev/null
  python3 "$SHARED/bench/gen_items.py" --n "$N" --seed 1 > "$work/items.jsonl"
  python3 "$SHARED/bench/gen_items.py" --update-of "$work/items.jsonl" --changed 0.2 --seed 2 > "$work/update.jsonl" 2>/dev/null
  "$BIN" -q --database-url "$url" import "$work/items.jsonl" --format jsonl >/dev/null || true
  "$BIN" -q --database-url "$url" import "$work/update.jsonl" --format jsonl >/dev/null || true
  psql -q -d "$url" \
    -c "INSERT INTO series_categories (series_id, category) SELECT id, 'ML' FROM series WHERE id % 3 = 0" \
    -c "INSERT INTO series_rankings (series_id, system, rank, source, updated_at) SELECT id, 'CCF', 'A', 'bench', now() FROM series WHERE id % 5 = 0"
fi
echo "loaded: $(psql -At -d "$url" -c 'SELECT count(*) FROM conferences') conferences, $(psql -At -d "$url" -c 'SELECT count(*) FROM deadlines') deadlines, $(psql -At -d "$url" -c 'SELECT count(*) FROM deadline_changes') changes"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" --database-url "$url" serve --bind "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/deadlines?limit=1" >/dev/null && break; sleep 0.1; done

printf '%-40s %8s %10s %10s %10s\n' path entries "median ms" "min ms" "max ms"
for path in "/changes.atom?" "/changes.atom?category=ML&" "/changes.atom?rank=CCF%3AA&" \
            "/changes.atom?q=conference&" "/changes.atom?kind=notification&" "/changes.atom?series=neurips&"; do
  : > "$work/times"
  for i in $(seq 1 15); do
    curl -s -o "$work/feed.xml" -w '%{time_total}\n' "http://127.0.0.1:$port${path}x=$i$RANDOM" >> "$work/times"
  done
  entries=$(grep -c '<entry>' "$work/feed.xml" || true)
  sort -n "$work/times" | awk -v p="$path" -v e="$entries" \
    '{ a[NR] = $1 } END { printf "%-40s %8d %10.1f %10.1f %10.1f\n", p, e, a[int((NR + 1) / 2)] * 1000, a[1] * 1000, a[NR] * 1000 }'
done
[ "${KEEP_DB:-0}" = 1 ] || psql -q -d "$PGURL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
