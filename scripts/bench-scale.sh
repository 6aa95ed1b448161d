#!/usr/bin/env bash
# The scale benchmark of issue 15 (README, "Benchmarks"): builds the data set on PostgreSQL, serves
# it with gunicorn (DEBUG=0) on loopback and prints one table; with --load-test, runs locust instead.
# Without DATABASE_URL it starts a throw-away PostgreSQL server (as the `postgres` user when run as
# root), the way scripts/test.sh does, and removes it afterwards. No Redis: tasks run eagerly.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

workdir=$(mktemp -d /tmp/rse-bench.XXXXXX)
cleanup() {
  if [ -n "${PG_STARTED:-}" ]; then
    $PG_AS "$PG_BIN/pg_ctl" -D "$workdir/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (set PG_BIN or DATABASE_URL)"; exit 1; }
  PG_AS=""
  if [ "$(id -u)" = "0" ]; then
    chown postgres "$workdir"
    PG_AS="runuser -u postgres --"
  fi
  pg_port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $PG_AS "$PG_BIN/initdb" -D "$workdir/pg" -U postgres -A trust --no-sync -E UTF8 >/dev/null
  # Durability off (fsync, full pages) speeds the build; it does not change read timings.
  $PG_AS "$PG_BIN/pg_ctl" -D "$workdir/pg" -l "$workdir/pg.log" -w start \
    -o "-p $pg_port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" >/dev/null
  PG_STARTED=1
  $PG_AS "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres rse
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/rse"
fi

"$PY" -m benchmarks.scale --out "${BENCH_OUT:-benchmarks/results}" "$@"
