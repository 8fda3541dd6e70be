#!/usr/bin/env bash
# Public pages rendered on every request (page cache off) on PostgreSQL with 5,000 realistic articles, each as a
# share of a constant-response Django view under the same gunicorn (2 sync workers); and article and home with
# the page cache on. One command from a fresh clone:   bench/uncached_pages.sh [--articles 5000] [--duration 10] …
# Serves on 127.0.0.1:20701 (--port); creates and drops the PostgreSQL database newsroom_ceiling_bench (--db).
# Installs .venv (bin/setup) and wrk (apt) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/ensure.sh
. bench/ensure.sh
ensure_venv
ensure_apt wrk wrk
exec .venv/bin/python bench/uncached_pages.py "$@"
