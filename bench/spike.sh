#!/usr/bin/env bash
# The breaking-news night: readers at rising rates (a page and a beacon each) while an editor updates the lead
# story, publishes, corrects and takes a story down through the workflow; exact view counts and the take-down
# checked. One command from a fresh clone:   bench/spike.sh [--rates 200,400,800,1200] [--step-seconds 30] …
# Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG_URL) and Redis on 127.0.0.1:6379 (databases 6 and 9 are
# flushed). nginx on 127.0.0.1:20601 (--port), gunicorn on the next port. Installs .venv (bin/setup), wrk and
# nginx (apt) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/ensure.sh
. bench/ensure.sh
ensure_venv
ensure_apt wrk wrk
ensure_apt nginx nginx
exec .venv/bin/python bench/spike.py "$@"
