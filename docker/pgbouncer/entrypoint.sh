#!/bin/sh
# Writes pgbouncer's configuration from the environment and starts it.
# DB_HOST, DB_PORT: the PostgreSQL server; DB_USER, DB_PASSWORD: the one role
# clients log in as (and pgbouncer logs in with); POOL_MODE: session (default).
set -eu
dir=/tmp/pgbouncer
mkdir -p "$dir"
umask 077
printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" > "$dir/users.txt"
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=${DB_HOST} port=${DB_PORT:-5432}

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/users.txt
pool_mode = ${POOL_MODE:-session}
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
INI
exec pgbouncer "$dir/pgbouncer.ini"
