#!/usr/bin/env bash
# Import benchmark, all figures from one run: `confradar-cli import` of
# 10,000 generated items and of a changed copy (20% of deadlines moved), on
# SQLite and PostgreSQL, against the fastest plain load of the same rows
# (batched INSERT … ON CONFLICT through sqlite3 / psql, no change detection).
#
# Each figure is the best of REPEAT runs (default 3) on a fresh database, for
# the import and for the plain load alike: on a shared machine the slowest run
# measures the neighbours. Then peak memory (max RSS) of a SQLite import of
# N and of BIG items (default 50,000): batching keeps it flat.
#
#   scripts/bench/import.sh            # N=10000, PostgreSQL at 127.0.0.1:5432 as postgres
#   N=2000 REPEAT=1 PGURL=postgres://me@db:5432/postgres scripts/bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10000}
REPEAT=${REPEAT:-3}
BIG=${BIG:-50000}
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
# keeps the smaller time (and its peak) of "seconds kb" pairs: best VAR SECONDS KB
best() {
  local cur=${!1:-}
  if [ -z "$cur" ] || awk -v a="$2" -v b="${cur%% *}" 'BEGIN { exit !(a < b) }'; then
    printf -v "$1" '%s %s' "$2" "$3"
  fi
}
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
bs1= bs2= is1= is2=
for _ in $(seq "$REPEAT"); do
  rm -f "$work"/base.db* "$work"/kb.db*
  "$bin" -q --database-url "sqlite://$work/base.db" migrate up > /dev/null
  read -r t k < <(measure sqlite3 "$work/base.db" ".read $work/items.sqlite.sql"); best bs1 "$t" "$k"
  read -r t k < <(measure sqlite3 "$work/base.db" ".read $work/update.sqlite.sql"); best bs2 "$t" "$k"
  read -r t k < <(measure "$bin" -q --database-url "sqlite://$work/kb.db" import "$work/items.jsonl" --format jsonl); best is1 "$t" "$k"
  read -r t k < <(measure "$bin" -q --database-url "sqlite://$work/kb.db" import "$work/update.jsonl" --format jsonl); best is2 "$t" "$k"
done
read -r s1 k1 <<< "$is1"; read -r s2 k2 <<< "$is2"; b1=${bs1%% *}; b2=${bs2%% *}
row "sqlite   import (new)" "$s1" "$k1" "$b1"
row "sqlite   import (20% changed)" "$s2" "$k2" "$b2"
# PostgreSQL over TCP, and over the Unix socket when it is local
bp1= bp2=
for _ in $(seq "$REPEAT"); do
  pg_fresh confradar_bench_base
  read -r t k < <(measure psql -q -v ON_ERROR_STOP=1 -d "$(pg_url confradar_bench_base)" -f "$work/items.pg.sql"); best bp1 "$t" "$k"
  read -r t k < <(measure psql -q -v ON_ERROR_STOP=1 -d "$(pg_url confradar_bench_base)" -f "$work/update.pg.sql"); best bp2 "$t" "$k"
done
b1=${bp1%% *}; b2=${bp2%% *}
for transport in tcp socket; do
  [ "$transport" = socket ] && [ ! -d /var/run/postgresql ] && continue
  ip1= ip2=
  for _ in $(seq "$REPEAT"); do
    pg_fresh confradar_bench_kb
    url=$(pg_url confradar_bench_kb)
    [ "$transport" = socket ] && url="${url}?host=/var/run/postgresql"
    read -r t k < <(measure "$bin" -q --database-url "$url" import "$work/items.jsonl" --format jsonl); best ip1 "$t" "$k"
    read -r t k < <(measure "$bin" -q --database-url "$url" import "$work/update.jsonl" --format jsonl); best ip2 "$t" "$k"
  done
  read -r s1 k1 <<< "$ip1"; read -r s2 k2 <<< "$ip2"
  row "postgres import (new, $transport)" "$s1" "$k1" "$b1"
  row "postgres import (20% changed, $transport)" "$s2" "$k2" "$b2"
done
psql -q -d "$PGURL" -c "DROP DATABASE IF EXISTS confradar_bench_base WITH (FORCE)" -c "DROP DATABASE IF EXISTS confradar_bench_kb WITH (FORCE)"

# Peak memory against the input size: N items, then BIG items, fresh SQLite databases.
python3 "$SHARED/bench/gen_items.py" --n "$BIG" --seed 1 > "$work/big.jsonl"
for f in items big; do
  rm -f "$work"/mem.db*
  read -r t k < <(measure "$bin" -q --database-url "sqlite://$work/mem.db" import "$work/$f.jsonl" --format jsonl)
  printf "peak memory, sqlite import of %-6s items: %7.1f MB (%.2f s)\n" "$(grep -c . "$work/$f.jsonl")" "$(awk -v k="$k" 'BEGIN { print k/1024 }')" "$t"
done
