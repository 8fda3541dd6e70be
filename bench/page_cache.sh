#!/usr/bin/env bash
# Requests/s of the home page and an article page served by gunicorn to anonymous readers, with the page
# cache warm and with it off (NEWSROOM_PAGE_CACHE_SECONDS=0), on the demo paper in a throw-away SQLite file.
# One command from a fresh clone:   bench/page_cache.sh [--cache locmem|redis|both] [--duration 10] …
# Serves on 127.0.0.1:8201 (--port). The redis runs need Redis on 127.0.0.1:6379 (database 13; only the
# benchmark's own keys are deleted). Installs .venv (bin/setup) and wrk (apt) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/ensure.sh
. bench/ensure.sh
ensure_venv
ensure_apt wrk wrk
exec .venv/bin/python bench/page_cache.py "$@"
