#!/usr/bin/env bash
# Fault scripts: mixed traffic against gunicorn + a private PostgreSQL + a private Redis, with PostgreSQL
# restarted, Redis stopped or the view flusher killed in the middle. One command from a fresh clone:
#   bench/faults.sh mixed|pg-restart|redis-stop|flusher-kill|all [--seconds 120] …
# Everything runs on 127.0.0.1 (PostgreSQL 55432.., Redis 16379.., gunicorn 18100..) from one temporary
# folder that is removed at the end. Installs .venv (bin/setup), PostgreSQL 15's server and redis-server (apt)
# if missing. Prints figures and "VERDICT <fault>: PASS|FAIL"; exits non-zero on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/ensure.sh
. bench/ensure.sh
ensure_venv
ensure_apt /usr/lib/postgresql/15/bin/initdb postgresql-15
ensure_apt redis-server redis-server
exec .venv/bin/python bench/faults.py "$@"
