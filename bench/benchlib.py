"""Helpers shared by the benchmark scripts in bench/ (run with the project's .venv Python).

Nothing here touches the project's own databases: every benchmark creates and drops its own.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
# The PostgreSQL server the throw-away databases are created on (a superuser, or a role with CREATEDB).
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = re.compile(r"\A[a-z_][a-z0-9_]{0,62}\Z")


def say(message: str = "") -> None:
    print(message, flush=True)


def pg_url(name: str) -> str:
    return f"{PG_ADMIN_URL}/{name}"


def _admin_connection():
    import psycopg

    return psycopg.connect(pg_url("postgres"), autocommit=True)


def db_create(name: str) -> str:
    """(Re)create an empty throw-away database and return its URL."""
    if not DB_NAME.match(name):
        raise ValueError(f"unsafe database name {name!r}")
    db_drop(name)
    with _admin_connection() as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_url(name)


def db_drop(name: str) -> None:
    if not DB_NAME.match(name):
        raise ValueError(f"unsafe database name {name!r}")
    with _admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def django_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment a Django process of the bench runs with: production-like settings, this database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def start_gunicorn(app: str, port: int, tmp: Path, env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """gunicorn serving `app` on 127.0.0.1:`port` from the checkout, bench/ on its path, its errors in `log`;
    `args` add the run's own options (workers, worker class, keep-alive…)."""
    command = [
        str(VENV_BIN / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        *args,
        "--chdir",
        str(ROOT),
        "--pythonpath",
        str(BENCH),
        "--log-level",
        "warning",
        "--error-logfile",
        str(log),
        "--worker-tmp-dir",
        str(tmp),
    ]
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 30.0) -> None:
    """Wait until something answers HTTP at url (any status counts: the server is up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (loopback only)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answered at {url} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen | None, timeout: float = 15.0) -> None:
    """Stop a process we started (by its own pid): TERM, then KILL if it does not go."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def machine() -> dict[str, str]:
    info = {"nproc": str(os.cpu_count()), "python": platform.python_version()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
        info["cpu"] = found.group(1).strip() if found else "?"
    except OSError:
        info["cpu"] = "?"
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"^MemTotal:\s+(\d+)", meminfo, re.MULTILINE).group(1))
        info["memory"] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        info["memory"] = "?"
    try:
        import psycopg

        with psycopg.connect(pg_url("postgres")) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:
        info["postgresql"] = f"? ({error})"
    return info


def redis_version(url: str) -> str:
    try:
        import redis

        return redis.Redis.from_url(url).info("server")["redis_version"]
    except Exception as error:
        return f"? ({error})"


def print_machine(extra: dict[str, str] | None = None) -> None:
    info = machine() | (extra or {})
    say("machine: " + ", ".join(f"{key} {value}" for key, value in info.items()))


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} is not installed (the .sh wrapper installs it)")
    return path


def wrk(script: str, url: str, seconds: float, connections: int, *script_args: str) -> dict[str, float]:
    """One wrk run of bench/`script` (a Lua script printing "BENCH key=value" lines, see bench/wrk_reader.lua):
    one thread, `connections` connections for `seconds`; `script_args` go to the script (after `--`).
    Returns the figures it printed."""
    command = [
        require_tool("wrk"),
        "-t1",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / script),
        url,
    ]
    if script_args:
        command += ["--", *script_args]
    done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 (wrk, our own script)
    if done.returncode:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return {key: float(value) for key, value in re.findall(r"^BENCH (\w+)=([\d.]+)$", done.stdout, re.MULTILINE)}


# ---------------------------------------------------------------- CPU accounting
# This machine is shared (other people's test suites and browsers run on the same 2 cores), so a
# throughput figure alone says little: CPU time per request, per process group, does not depend on
# what else runs, and the machine-wide figures show how much of the box the benchmark had.

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    return raw[raw.rindex(")") + 2 :].split()


def process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of one live process (its own threads included)."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def process_tree(root: int) -> list[int]:
    """root and all its descendants (gunicorn's master and workers)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def machine_ticks() -> tuple[int, int, int]:
    """(busy, steal, total) clock ticks of all CPUs since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (values + [0] * 8)[:8]
    busy = user + nice + system + irq + softirq
    return busy, steal, busy + idle + iowait + steal


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def machine_busy_cores(seconds: float = 2.0) -> float:
    """How many cores are busy right now (averaged over `seconds`), whoever uses them."""
    busy1, _, total1 = machine_ticks()
    time.sleep(seconds)
    busy2, _, total2 = machine_ticks()
    cores = os.cpu_count() or 1
    return (busy2 - busy1) / max(total2 - total1, 1) * cores


def wait_quiet(max_wait: float, threshold: float = 0.3) -> float:
    """Wait (at most max_wait seconds) until fewer than `threshold` cores are busy; returns the last reading."""
    deadline = time.monotonic() + max_wait
    busy = machine_busy_cores()
    while busy > threshold and time.monotonic() < deadline:
        busy = machine_busy_cores(3.0)
    return busy


def pg_backend_pids(database_url: str) -> list[int]:
    """The server processes of the database's other connections (the app's), for their CPU time."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def redis_delete_matching(url: str, pattern: str) -> None:
    """Delete the benchmark's own keys (never FLUSHDB: the database may hold someone else's)."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=pattern, count=1000))
    if keys:
        client.delete(*keys)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def article_columns_complete(conn, columns: dict[str, str]) -> None:
    """Give every other NOT NULL column of articles_article without a database default a neutral SQL value, so a
    generator's INSERT … SELECT keeps working as the model grows."""
    neutral = {
        "text": "''",
        "character varying": "''",
        "integer": "1",
        "bigint": "0",
        "smallint": "0",
        "boolean": "false",
        "timestamp with time zone": "p",
        "date": "p::date",
        "jsonb": "'{}'::jsonb",
    }
    for name, data_type in conn.execute(
        """SELECT column_name, data_type FROM information_schema.columns
           WHERE table_name = 'articles_article' AND table_schema = current_schema()
             AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'"""
    ).fetchall():
        if name not in columns:
            if data_type not in neutral:
                raise RuntimeError(f"articles_article.{name} ({data_type}) needs a value: teach generate() one")
            columns[name] = neutral[data_type]
