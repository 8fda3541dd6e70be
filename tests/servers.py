"""Real servers a test starts on 127.0.0.1 and stops: the application under gunicorn with production settings,
over a database of the test's own. One copy of how, for every test that runs the site as the paper's server would
(tests/test_nginx_site.py, and the several-machines tests beside it).
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from tests.deploy_env import PROJECT, env_example


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], env: dict, timeout: int = 300) -> str:
    """Run a command from the project folder; its output, or a failed assertion showing what it printed."""
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def manage(env: dict, *args: str, timeout: int = 300) -> str:
    return run([sys.executable, "manage.py", *args], env, timeout)


def prepare(env: dict) -> None:
    """What a deploy does before the server starts: the database's tables, and the static files the pages name
    through collectstatic's manifest."""
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")


def shell_json(env: dict, code: str):
    """Run `code` in `manage.py shell` (json and tests.factories imported) and return what it printed last, as JSON:
    the rows a test makes in the server's database, made in one process because each costs seconds."""
    output = manage(env, "shell", "-c", f"import json\nfrom tests import factories\n{code}")
    return json.loads(output.strip().splitlines()[-1])


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def own_postgres_database(url: str, suffix: str) -> tuple[str, Callable[[], None]]:
    """A database of the test's own beside the test run's (pytest-django's test_<name> lives in the test's
    transaction, which a server process could not see): <name>_<suffix>, and what drops it afterwards."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'newsroom'}_{suffix}"
    admin_url = parts._replace(path="/postgres").geturl()

    def execute(sql: str):
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl(), lambda: execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def own_database(folder: Path, suffix: str, cleanups: list) -> str:
    """A PostgreSQL database of the test's own when the run uses PostgreSQL (DATABASE_URL), else a fresh SQLite
    file in `folder`; its URL. Whatever must be dropped afterwards goes on `cleanups`."""
    database_url = os.environ.get("DATABASE_URL", "")
    if is_postgres(database_url):
        database_url, drop = own_postgres_database(database_url, suffix)
        cleanups.append(drop)
        return database_url
    return f"sqlite:///{folder / 'db.sqlite3'}"


def production_env(folder: Path, database_url: str, **overrides: str) -> dict[str, str]:
    """The environment of deploy/newsroom.env.example (DEBUG off, production settings) with this test's own
    database, folders and secret; `overrides` last. No Redis unless an override names one: views then go
    straight to the database, so a count is visible as soon as the beacon answers."""
    env = {
        "PATH": os.environ["PATH"],
        **env_example(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "NEWSROOM_STATIC_ROOT": str(folder / "static"),
        "NEWSROOM_MEDIA_ROOT": str(folder / "media"),
        "NEWSROOM_CACHE_DIR": str(folder / "cache"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Tests speak plain http on loopback, with no certificate: the redirect to https would answer every page.
        "SECURE_SSL_REDIRECT": "0",
    }
    env.pop("REDIS_URL", None)
    env.pop("NEWSROOM_VIEWS_REDIS_URL", None)
    env.update(overrides)
    return env


def start_gunicorn(env: dict, bind: str, log: Path, *, workers: int = 1) -> subprocess.Popen:
    """gunicorn serving newsroom.wsgi from the checkout at `bind` (host:port or unix:path), output in `log`.
    No control socket, as in deploy/systemd/newsroom.service: else every run would share one in the home folder."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--no-control-socket",
            ],
            cwd=PROJECT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_until(ready: Callable[[], bool], what: str, *, timeout: float = 60, alive: Callable[[], None] = lambda: None):
    """Poll `ready` (an OSError counts as not yet) until it holds; `alive` asserts the servers still run."""
    deadline = time.monotonic() + timeout
    while True:
        alive()
        try:
            if ready():
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{what} did not come up within {timeout:.0f} s"
        time.sleep(0.2)
