"""The shipped server recipe's files, read the way the server reads them (for tests of deploy/)."""

import re
import shlex
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEPLOY = PROJECT / "deploy"
ENV_EXAMPLE = DEPLOY / "newsroom.env.example"
NGINX_SITE = DEPLOY / "nginx" / "newsroom.conf"


def env_example() -> dict[str, str]:
    """deploy/newsroom.env.example as systemd's EnvironmentFile= and deploy/manage's `set -a; .` both read it:
    NAME=value lines, comments and blank lines skipped, a double-quoted value unquoted."""
    values = {}
    for number, line in enumerate(ENV_EXAMPLE.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, raw = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            raise ValueError(f"{ENV_EXAMPLE}:{number}: not NAME=value: {line!r}")
        if any(char in raw for char in "$`\\"):
            raise ValueError(f"{ENV_EXAMPLE}:{number}: $, ` and \\ read differently in systemd and the shell")
        (value,) = shlex.split(raw) or [""]
        values[name] = value
    return values


def nginx_body_limit_bytes() -> int:
    """client_max_body_size of the shipped nginx site, in bytes."""
    match = re.search(r"^\s*client_max_body_size\s+(\d+)([kKmM]?);", NGINX_SITE.read_text(), re.MULTILINE)
    assert match, f"no client_max_body_size in {NGINX_SITE}"
    number, unit = int(match.group(1)), match.group(2).lower()
    return number * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
