#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the end-to-end tests and trying the team workspace:
#   scripts/pg-cluster.sh start [DIR]   # prints the admin URL (database "team", admin/admin)
#   scripts/pg-cluster.sh stop [DIR]
# DIR defaults to $CARGO_TARGET_DIR/pg-e2e (or target/pg-e2e). Run as root, the server runs
# as the postgres user (initdb refuses root).
set -euo pipefail
cmd=${1:-}
dir=${2:-${CARGO_TARGET_DIR:-$(cd "$(dirname "$0")/.." && pwd)/target}/pg-e2e}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bin/initdb" ] || { echo "error: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); run scripts/setup.sh" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
start)
    if [ -f "$dir/port" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        echo "postgresql://admin:admin@127.0.0.1:$(cat "$dir/port")/team?sslmode=disable"; exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    # A free loopback port: one nothing answers on.
    port=
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
    done
    [ -n "$port" ] || { echo "error: no free port found" >&2; exit 1; }
    echo "$port" > "$dir/port"; echo admin > "$dir/pwfile"
    if [ "$(id -u)" = 0 ]; then
        chown -R postgres:postgres "$dir"
        d=$dir; while [ "$d" != / ]; do d=$(dirname "$d"); chmod o+x "$d" 2>/dev/null || true; done
    fi
    as_pg "$bin/initdb" -D "$dir/data" -U admin --pwfile "$dir/pwfile" -A scram-sha-256 -E UTF8 --no-sync >/dev/null
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nfsync = off\nmax_connections = 200\n" "$port" "$dir" >> "$dir/data/postgresql.conf"
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
    PGPASSWORD=admin "$bin/psql" -h 127.0.0.1 -p "$port" -U admin -d postgres -qc "CREATE DATABASE team" >/dev/null
    echo "postgresql://admin:admin@127.0.0.1:$port/team?sslmode=disable"
    ;;
stop)
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
