#!/usr/bin/env bash
# Time the "Tin xem nhiều" ranking query on 100,000 articles and 3,000,000 daily view rows, exactly as
# the app runs it (cold and warm), with EXPLAIN (ANALYZE, BUFFERS). One command from a fresh clone:
#   bench/ranking_query.sh [--whatif] [--runs 50] …
# Needs PostgreSQL on 127.0.0.1:5432 with a superuser (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432).
# Installs .venv (bin/setup) if missing; creates and drops the database newsroom_bench_rank.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/ensure.sh
. bench/ensure.sh
ensure_venv
exec .venv/bin/python bench/ranking_query.py "$@"
