#!/usr/bin/env bash
# The scale benchmark of issue 15 (README, "Benchmarks"): builds the data set on PostgreSQL, serves
# it with gunicorn (DEBUG=0) on loopback and prints one table; with --load-test, runs locust instead.
# Without DATABASE_URL it starts a throw-away PostgreSQL server (as the `postgres` user when run as
# root), the way scripts/test.sh does, and without REDIS_URL a throw-away Redis (the cache, as in
# production); it removes them afterwards. Tasks run eagerly.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

workdir=$(mktemp -d /tmp/rse-bench.XXXXXX)
cleanup() {
  if [ -n "${PG_STARTED:-}" ]; then
    $PG_AS "$PG_BIN/pg_ctl" -D "$workdir/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "${REDIS_STARTED:-}" ]; then
    kill "$(cat "$workdir/redis.pid" 2>/dev/null)" 2>/dev/null || true
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

if [ -z "${REDIS_URL:-}" ]; then  # the cache of production (the home keeps its figures there)
  command -v redis-server >/dev/null || { echo "redis-server not found (set REDIS_URL)"; exit 1; }
  redis_port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$workdir/redis.pid" --logfile "$workdir/redis.log" --dir "$workdir"
  REDIS_STARTED=1
  export REDIS_URL="redis://127.0.0.1:$redis_port/0"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

"$PY" -m benchmarks.scale --out "${BENCH_OUT:-benchmarks/results}" "$@"
