#!/usr/bin/env bash
# Serve benchmark, all figures from one run: `confradar-cli serve` over
# PostgreSQL with N (10,000) generated conferences, against nginx serving the
# very same response bytes from files, both measured with wrk on this machine.
#
#   scripts/bench/serve.sh                       # N=10000, PostgreSQL at 127.0.0.1:5432 as postgres
#   N=2000 DURATION=5 CONNECTIONS=16 scripts/bench/serve.sh
#   KEEP_DB=1 scripts/bench/serve.sh; REUSE_DB=1 scripts/bench/serve.sh   # load once, measure again
#
# Paths: /api/deadlines?limit=100 and / (the page). The target is at least a
# quarter of nginx's requests per second on each. Needs nginx and wrk
# (`apt-get install nginx wrk`), python3, psql.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres}
SHARED=${SHARED:-../shared}
for tool in nginx wrk psql python3 curl; do
  command -v "$tool" >/dev/null || { echo "serve.sh needs $tool (apt-get install nginx wrk postgresql-client curl)" >&2; exit 1; }
done
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cargo build --release --locked -q -p confradar-cli
bin=$PWD/target/release/confradar-cli
db=confradar_bench_serve
url=$(python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path='/'+sys.argv[2]).geturl())" "$PGURL" "$db")
if [ "${REUSE_DB:-0}" != 1 ]; then
  psql -q -d "$PGURL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  "$bin" -q --database-url "$url" migrate up >/dev/null
  python3 "$SHARED/bench/gen_items.py" --n "$N" --seed 1 > "$work/items.jsonl"
  python3 "$SHARED/bench/gen_items.py" --update-of "$work/items.jsonl" --changed 0.2 --seed 2 > "$work/update.jsonl" 2>/dev/null
  "$bin" -q --database-url "$url" import "$work/items.jsonl" --format jsonl >/dev/null || true
  "$bin" -q --database-url "$url" import "$work/update.jsonl" --format jsonl >/dev/null || true
fi
echo "loaded: $(psql -At -d "$url" -c 'SELECT count(*) FROM conferences') conferences, $(psql -At -d "$url" -c 'SELECT count(*) FROM deadlines') deadlines, $(psql -At -d "$url" -c 'SELECT count(*) FROM deadline_changes') changes"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CONFRADAR_SERVE__MAX_CONCURRENT_REQUESTS=256 "$bin" --database-url "$url" serve --bind "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/deadlines?limit=1" >/dev/null && break; sleep 0.1; done

# nginx serves the same bytes as static files.
mkdir -p "$work/www/api"
curl -sf "http://127.0.0.1:$port/api/deadlines?limit=100" -o "$work/www/api/deadlines.json"
curl -sf "http://127.0.0.1:$port/" -o "$work/www/index.html"
chmod -R a+rX "$work/www"
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  types { text/html html; application/json json; }
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
    location = / { try_files /index.html =404; }
  }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$nport/api/deadlines.json" >/dev/null && break; sleep 0.1; done

rps() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$1" | awk '/Requests\/sec/ { print $2 }'; }
printf '%-34s %10s %12s %12s %8s\n' path bytes "confradar/s" "nginx/s" ratio
for pair in "/api/deadlines?limit=100 /api/deadlines.json" "/ /"; do
  set -- $pair
  bytes=$(wc -c < "$work/www$( [ "$2" = / ] && echo /index.html || echo "$2")")
  ours=$(rps "http://127.0.0.1:$port$1")
  theirs=$(rps "http://127.0.0.1:$nport$2")
  awk -v p="$1" -v b="$bytes" -v o="$ours" -v t="$theirs" \
    'BEGIN { printf "%-34s %10d %12.0f %12.0f %7.2fx\n", p, b, o, t, o/t }'
done
[ "${KEEP_DB:-0}" = 1 ] || psql -q -d "$PGURL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
