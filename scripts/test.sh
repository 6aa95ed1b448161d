#!/usr/bin/env bash
# The whole test suite: lint, the fast tests on SQLite (the embedded default), then everything
# (PostgreSQL features, a real Redis and Celery worker, Chromium browser tests) on a throw-away
# PostgreSQL server and Redis server started here, unless DATABASE_URL / REDIS_URL are given.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "== djlint (templates)"
"$VENV/bin/djlint" --lint --quiet templates */templates rse_platform/*/templates

echo "== fast tests on SQLite"
env -u DATABASE_URL -u REDIS_URL "$PY" -m pytest -q -p no:cacheprovider \
  -m "not postgres and not browser and not worker" "$@"

echo "== full suite on PostgreSQL, Redis and Chromium"
workdir=$(mktemp -d /tmp/rse-test.XXXXXX)
cleanup() {
  if [ -n "${PG_STARTED:-}" ]; then
    $PG_AS "$PG_BIN/pg_ctl" -D "$workdir/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -f "$workdir/redis.pid" ]; then kill "$(cat "$workdir/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ -z "${DATABASE_URL:-}" ]; then
  PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (set PG_BIN or DATABASE_URL)"; exit 1; }
  PG_AS=""
  if [ "$(id -u)" = "0" ]; then
    chown postgres "$workdir"
    PG_AS="runuser -u postgres --"
  fi
  pg_port=$(free_port)
  $PG_AS "$PG_BIN/initdb" -D "$workdir/pg" -U postgres -A trust --no-sync -E UTF8 >/dev/null
  $PG_AS "$PG_BIN/pg_ctl" -D "$workdir/pg" -l "$workdir/pg.log" -w start \
    -o "-p $pg_port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" >/dev/null
  PG_STARTED=1
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/rse"
fi

if [ -z "${REDIS_URL:-}" ]; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$workdir/redis.pid" --logfile "$workdir/redis.log" --dir "$workdir"
  export REDIS_URL="redis://127.0.0.1:$redis_port/0"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

# Tasks stay eager in the test process; the worker tests start a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER=1 "$PY" -m pytest -q -p no:cacheprovider "$@"
