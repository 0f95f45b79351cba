#!/usr/bin/env bash
# Import benchmark, all figures from one run: `confradar-cli import` of
# 10,000 generated items and of a changed copy (20% of deadlines moved), on
# SQLite and PostgreSQL, against the fastest plain load of the same rows
# (batched INSERT … ON CONFLICT through sqlite3 / psql, no change detection).
#
#   scripts/bench/import.sh            # N=10000, PostgreSQL at 127.0.0.1:5432 as postgres
#   N=2000 PGURL=postgres://me@db:5432/postgres scripts/bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10000}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres}
SHARED=${SHARED:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked -q -p confradar-cli
bin=$PWD/target/release/confradar-cli
python3 "$SHARED/bench/gen_items.py" --n "$N" --seed 1 > "$work/items.jsonl"
python3 "$SHARED/bench/gen_items.py" --update-of "$work/items.jsonl" --changed 0.2 --seed 2 > "$work/update.jsonl" 2>/dev/null
for f in items update; do
  python3 scripts/bench/import_baseline.py "$work/$f.jsonl" sqlite > "$work/$f.sqlite.sql"
  python3 scripts/bench/import_baseline.py "$work/$f.jsonl" postgres > "$work/$f.pg.sql"
done

# seconds and peak KB of a command
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null; cat "$work/time"; }
row() { # label seconds kb baseline_seconds
  awk -v l="$1" -v s="$2" -v k="$3" -v b="$4" -v n="$N" \
    'BEGIN { printf "%-34s %8.2f s %9.0f items/s %7.1f MB peak   %5.2fx the plain load (%.2f s)\n", l, s, n/s, k/1024, s/b, b }'
}
pg_fresh() {
  psql -q -d "$PGURL" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  "$bin" -q --database-url "$(pg_url "$1")" migrate up > /dev/null
}
pg_url() { python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path='/'+sys.argv[2]).geturl())" "$PGURL" "$1"; }

echo "import benchmark: $N items, then the changed copy ($(grep -c . "$work/update.jsonl") items)"
# SQLite
"$bin" -q --database-url "sqlite://$work/base.db" migrate up > /dev/null
read -r b1 _ < <(measure sqlite3 "$work/base.db" ".read $work/items.sqlite.sql")
read -r b2 _ < <(measure sqlite3 "$work/base.db" ".read $work/update.sqlite.sql")
read -r s1 k1 < <(measure "$bin" -q --database-url "sqlite://$work/kb.db" import "$work/items.jsonl" --format jsonl)
read -r s2 k2 < <(measure "$bin" -q --database-url "sqlite://$work/kb.db" import "$work/update.jsonl" --format jsonl)
row "sqlite   import (new)" "$s1" "$k1" "$b1"
row "sqlite   import (20% changed)" "$s2" "$k2" "$b2"
# PostgreSQL over TCP, and over the Unix socket when it is local
pg_fresh confradar_bench_base
read -r b1 _ < <(measure psql -q -v ON_ERROR_STOP=1 -d "$(pg_url confradar_bench_base)" -f "$work/items.pg.sql")
read -r b2 _ < <(measure psql -q -v ON_ERROR_STOP=1 -d "$(pg_url confradar_bench_base)" -f "$work/update.pg.sql")
for transport in tcp socket; do
  pg_fresh confradar_bench_kb
  url=$(pg_url confradar_bench_kb)
  if [ "$transport" = socket ]; then
    [ -d /var/run/postgresql ] || continue
    url="${url}?host=/var/run/postgresql"
  fi
  read -r s1 k1 < <(measure "$bin" -q --database-url "$url" import "$work/items.jsonl" --format jsonl)
  read -r s2 k2 < <(measure "$bin" -q --database-url "$url" import "$work/update.jsonl" --format jsonl)
  row "postgres import (new, $transport)" "$s1" "$k1" "$b1"
  row "postgres import (20% changed, $transport)" "$s2" "$k2" "$b2"
done
psql -q -d "$PGURL" -c "DROP DATABASE IF EXISTS confradar_bench_base WITH (FORCE)" -c "DROP DATABASE IF EXISTS confradar_bench_kb WITH (FORCE)"
