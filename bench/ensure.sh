# Sourced by the bench/*.sh scripts: install what a benchmark needs, only when it is missing.

ensure_venv() {
  if [ ! -x .venv/bin/gunicorn ] || ! .venv/bin/python -c 'import django, psycopg, redis' 2>/dev/null; then
    echo "=== installing the project's requirements into .venv (bin/setup)"
    bin/setup
  fi
}

# ensure_apt COMMAND PACKAGE: apt-get install PACKAGE unless COMMAND is on the PATH.
ensure_apt() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "=== installing $2 (apt-get)"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "$2" >/dev/null
}
