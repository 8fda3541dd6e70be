#!/usr/bin/env bash
# Load-test the view beacon (POST /api/xem/) on the database path and the Redis path, with an exact
# count check. One command from a fresh clone:   bench/views_http.sh [--path db|redis|both] [--ladder] …
# Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432) and
# Redis on 127.0.0.1:6379 (database 12 is flushed). Installs .venv (bin/setup) and wrk (apt) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/ensure.sh
. bench/ensure.sh
ensure_venv
ensure_apt wrk wrk
exec .venv/bin/python bench/views_http.py "$@"
