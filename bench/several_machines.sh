#!/usr/bin/env bash
# Issue 11's "done when": a fresh clone with MEDIA_STORAGE_URL and DATABASE_REPLICA_URL set serves the demo paper
# through two app servers behind Varnish, and a take-down through one server is gone from the other and from
# Varnish within a second. One command:   bench/several_machines.sh [--redis-url redis://127.0.0.1:6379/10] [--keep]
#
# Clones the committed HEAD of this checkout into a temporary folder, sets the clone up as a new user would
# (bin/setup --dev: its own .venv, moto_server included), then runs bench/several_machines.py there: moto's S3
# server, a private PostgreSQL primary and replica (bin/pg-replica-pair), Redis database 10 (emptied before and
# after), the demo paper, two gunicorns and Varnish, all on free ports of 127.0.0.1. Everything is stopped and the
# temporary folders removed at the end, also on failure or Ctrl+C (--keep leaves the folder: logs, the env file).
# Needs PostgreSQL's server binaries (postgresql), Varnish (varnish) and Redis on 127.0.0.1:6379; installs the
# first two through apt-get when missing. Exits non-zero when a check fails. ≈ 2 min (setup ≈ 45 s of it).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/ensure.sh
. bench/ensure.sh
ensure_apt varnishd varnish
ls /usr/lib/postgresql/*/bin/pg_basebackup >/dev/null 2>&1 || ensure_apt pg_basebackup postgresql

keep=0
args=()
for argument in "$@"; do
  if [ "$argument" = "--keep" ]; then keep=1; else args+=("$argument"); fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsroom-machines-XXXXXX")
runner=""
cleanup() {
  # The runner stops what it started on TERM; wait for it, then remove the folder.
  if [ -n "$runner" ] && kill -0 "$runner" 2>/dev/null; then
    kill -TERM "$runner" 2>/dev/null || true
    wait "$runner" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then echo "kept: $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "=== git clone $(git rev-parse --short HEAD) into $tmp/newsroom"
git clone --quiet "$PWD" "$tmp/newsroom"
echo "=== bin/setup --dev in the clone (a .venv of its own)"
started=$SECONDS
(cd "$tmp/newsroom" && bin/setup --dev)
echo "  done in $((SECONDS - started)) s"

cd "$tmp/newsroom"
.venv/bin/python bench/several_machines.py --work "$tmp/run" "${args[@]}" &
runner=$!
wait "$runner"
status=$?
runner=""
exit "$status"
