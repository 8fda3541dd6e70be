#!/usr/bin/env bash
# Time the search page's SQL on 100,000 realistic Vietnamese articles, exactly as the view runs it (cold, warm
# median/p95, CPU per search), the whole view through Django's test client, and EXPLAIN (ANALYZE, BUFFERS).
# One command from a fresh clone:
#   bench/search_query.sh [--articles 100000] [--runs 30] [--keep]
# Needs PostgreSQL on 127.0.0.1:5432 with a superuser (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432).
# Installs .venv (bin/setup) if missing; creates and drops the database newsroom_search_bench.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/ensure.sh
. bench/ensure.sh
ensure_venv
exec .venv/bin/python bench/search_query.py "$@"
