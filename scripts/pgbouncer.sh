#!/usr/bin/env bash
# Starts Debian's pgbouncer in front of the PostgreSQL on 127.0.0.1:5432, for
# tests: `scripts/pgbouncer.sh start MODE PORT` (MODE: session|transaction)
# writes its configuration to a fresh temporary directory, starts it in the
# background and prints that directory; `scripts/pgbouncer.sh stop DIR` stops it.
# Every database name is passed through (`* =`), so tests that create their own
# scratch databases work through it. Users: postgres (no password) and
# confradar_test / confradar (CI's roles).
set -euo pipefail

start() {
  local mode=$1 port=$2 dir
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use: stop what listens there or pick another port" >&2
    return 1
  fi
  dir=$(mktemp -d -t confradar-pgbouncer.XXXXXX)
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
pool_mode = $mode
max_client_conn = 500
default_pool_size = 20
; sqlx sets extra_float_digits at connect time; pgbouncer would refuse it.
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  cat >"$dir/users.txt" <<USERS
"postgres" ""
"confradar_test" "confradar_test"
"confradar" "confradar"
USERS
  # pgbouncer refuses to run as root: it runs as the postgres user.
  chmod 755 "$dir"
  chown -R postgres "$dir" 2>/dev/null || true
  if [ "$(id -u)" = 0 ]; then
    pgbouncer -d -u postgres "$dir/pgbouncer.ini"
  else
    pgbouncer -d "$dir/pgbouncer.ini"
  fi
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$dir"
      return 0
    fi
    sleep 0.1
  done
  echo "pgbouncer did not start on port $port; its log:" >&2
  cat "$dir/pgbouncer.log" >&2 || true
  return 1
}

stop() {
  local dir=$1
  if [ -f "$dir/pgbouncer.pid" ]; then
    kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
  fi
}

case "${1:-}" in
  start) start "${2:-session}" "${3:-6432}" ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start session|transaction PORT | stop DIR" >&2; exit 2 ;;
esac
