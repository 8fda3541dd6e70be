"""Load-test the view beacon (POST /api/xem/) under gunicorn with wrk, and check the count exactly.

Run through bench/views_http.sh (it installs what is missing). For each path (db: views written to
PostgreSQL in the request; redis: views buffered in Redis, then `manage.py flush_views`):

1. a throw-away database newsroom_bench_http (migrated, N published articles) — created once;
2. gunicorn on 127.0.0.1:<free port>, DEBUG=0, NEWSROOM_VIEW_RATE_LIMIT=100000000;
3. a short warm-up, then the counted baseline (after a flush on the redis path);
4. wrk for --duration seconds of counted POSTs, then --drain seconds of GETs (405, count nothing) so that
   every counted POST has its answer before wrk stops;
5. stop gunicorn, flush (redis path) until nothing is pending, and compare the views added to
   ArticleViewTotal (and to the day and hour buckets) with the 204s wrk received.

--ladder adds the same measurement on simpler endpoints (bare WSGI, Django no-op, Django + the
`published()` query) to show what bounds the beacon; --sweep compares worker setups; --profile runs
bench/profile_beacon.py (in-process timings, queries and Redis commands per beacon, cProfile).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import benchlib
from benchlib import BENCH, ROOT, VENV_BIN, say

# Overridable so that runs sharing one PostgreSQL (several checkouts on one machine) keep apart.
DB_NAME = os.environ.get("BENCH_VIEWS_DB", "newsroom_bench_http")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"  # not 14 or 15: the test runs of .ci/run own those
# ranking.py's keys (raw client, no cache prefix): what is still waiting to be flushed.
PENDING_KEY = "newsroom:views:pending"
BATCH_PATTERN = "newsroom:views:batch:*"
SUMS_SQL = """
SELECT (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewtotal),
       (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewday),
       (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewhour)
"""


@dataclass
class Setup:
    worker_class: str = "sync"
    workers: int = 3
    threads: int = 1

    def label(self) -> str:
        if self.worker_class == "gthread":
            return f"gthread {self.workers}x{self.threads}"
        return f"{self.worker_class} x{self.workers}"

    def args(self) -> list[str]:
        args = ["--workers", str(self.workers), "--worker-class", self.worker_class]
        if self.worker_class == "gthread":
            args += ["--threads", str(self.threads)]
        return args


class CpuMeter:
    """CPU seconds used by each group of processes of the benchmark between two snapshots."""

    def __init__(self, server: Server, database_url: str, redis_url: str | None):
        self.server, self.database_url = server, database_url
        self.redis_pid = int(redis_client(redis_url).info("server")["process_id"]) if redis_url else None

    def snapshot(self, wrk_pid: int | None = None) -> dict:
        groups = {
            "gunicorn": benchlib.process_tree(self.server.proc.pid),
            "postgres": benchlib.pg_backend_pids(self.database_url),
            "redis": [self.redis_pid] if self.redis_pid else [],
            "wrk": [wrk_pid] if wrk_pid else [],
        }
        return {
            "at": time.monotonic(),
            "machine": benchlib.machine_ticks(),
            **{name: {pid: benchlib.process_cpu(pid) for pid in pids} for name, pids in groups.items()},
        }

    @staticmethod
    def delta(before: dict, after: dict, wrk_pid: int | None = None) -> dict[str, float]:
        result = {"elapsed": after["at"] - before["at"]}
        for name in ("gunicorn", "postgres", "redis", "wrk"):
            total = 0.0
            for pid, used in after[name].items():
                if used is not None:
                    # A process that started during the run counts from zero.
                    total += used - (before[name].get(pid) or 0.0)
            result[name] = total
        busy = after["machine"][0] - before["machine"][0]
        steal = after["machine"][1] - before["machine"][1]
        result["machine_busy"] = busy / benchlib.CLK_TCK
        result["machine_steal"] = steal / benchlib.CLK_TCK
        return result


@dataclass
class Run:
    name: str
    figures: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    recorded: tuple[int, int, int] | None = None
    flush_runs: int = 0
    flush_s: float = 0.0
    ok: bool | None = None

    @property
    def rate(self) -> float:
        window = self.figures.get("window_s", 0)
        return self.figures.get("status_204", 0) / window if window else 0.0


class Server:
    """gunicorn for one run, started and stopped by its own pid."""

    def __init__(self, tmp: Path, env: dict[str, str], setup: Setup, app: str = "newsroom.wsgi"):
        self.port = int(os.environ.get("BENCH_PORT") or 0) or benchlib.free_port()
        self.log = tmp / f"gunicorn-{self.port}.log"
        extra = [*setup.args(), "--keep-alive", "5"]
        if _gunicorn_has_control_socket():
            extra.append("--no-control-socket")
        self.proc = benchlib.start_gunicorn(app, self.port, tmp, env, self.log, *extra)
        benchlib.wait_http(f"http://127.0.0.1:{self.port}/api/xem/")

    def stop(self) -> None:
        benchlib.stop_process(self.proc)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


_control_socket: bool | None = None


def _gunicorn_has_control_socket() -> bool:
    global _control_socket
    if _control_socket is None:
        help_text = subprocess.run(  # noqa: S603
            [str(VENV_BIN / "gunicorn"), "--help"], capture_output=True, text=True, check=False
        ).stdout
        _control_socket = "--no-control-socket" in help_text
    return _control_socket


def wrk(
    port: int, ids: str, measure_s: float, drain_s: float, args, path: str = "/api/xem/", meter: CpuMeter | None = None
) -> tuple[dict[str, float], dict[str, float]]:
    """Run wrk; returns its figures and, with a meter, the CPU used during the counted (POST) phase."""
    env = dict(os.environ, BENCH_IDS=ids, BENCH_MEASURE_S=str(measure_s), BENCH_PATH=path)
    command = [
        benchlib.require_tool("wrk"),
        f"-t{args.wrk_threads}",
        f"-c{args.connections}",
        f"-d{measure_s + drain_s:g}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "views_http.lua"),
        f"http://127.0.0.1:{port}{path}",
    ]
    cpu: dict[str, float] = {}
    first = meter.snapshot() if meter else None
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
    try:
        if meter:
            # The script switches from POSTs to drain GETs measure_s after it starts: measure the POST phase.
            time.sleep(measure_s)
            cpu = CpuMeter.delta(first, meter.snapshot(proc.pid), proc.pid)
        # Bounded: wrk stops by itself after -d; the timeout only guards against a hung wrk.
        stdout, stderr = proc.communicate(timeout=measure_s + drain_s + 60)
    finally:
        benchlib.stop_process(proc)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{stdout}\n{stderr}")
    figures: dict[str, float] = {}
    for line in stdout.splitlines():
        if line.startswith("BENCH "):
            key, _, value = line[6:].partition("=")
            figures[key] = float(value)
    if "status_204" not in figures:
        raise RuntimeError(f"wrk printed no figures:\n{stdout}\n{stderr}")
    return figures, cpu


def sums(database_url: str) -> tuple[int, int, int]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return tuple(int(value) for value in conn.execute(SUMS_SQL).fetchone())


def analyze(database_url: str) -> None:
    """What autovacuum would do soon after a real import: without statistics, the planner may answer the
    beacon's `id = … AND status = … AND published_at <= …` through the status index instead of the key."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url)


def redis_pending(client) -> int:
    return int(client.exists(PENDING_KEY)) + sum(1 for _ in client.scan_iter(match=BATCH_PATTERN))


def flush_until_empty(env: dict[str, str], client, limit: int = 10) -> tuple[int, float]:
    """Run `manage.py flush_views` until nothing is pending (bounded); returns (runs, seconds)."""
    started = time.monotonic()
    for run in range(1, limit + 1):
        benchlib.manage(env, "flush_views", capture=True)
        if redis_pending(client) == 0:
            return run, time.monotonic() - started
    raise RuntimeError(f"views still pending in Redis after {limit} flush_views runs")


def beacon_run(
    name: str, path: str, database_url: str, ids: str, tmp: Path, setup: Setup, args, app: str = "newsroom.wsgi"
) -> Run:
    """One counted run of the beacon on the db or redis path, with the exact-count check."""
    run = Run(name=name)
    extra = {"NEWSROOM_VIEW_RATE_LIMIT": "100000000"}
    client = None
    if path == "redis":
        extra["REDIS_URL"] = args.redis_url
        client = redis_client(args.redis_url)
        client.flushdb()
    env = benchlib.django_env(database_url, **extra)
    quiet(args)
    server = Server(tmp, env, setup, app=app)
    try:
        if args.warmup > 0:
            wrk(server.port, ids, args.warmup, 1, args)
        if client is not None:
            flush_until_empty(env, client)
        before = sums(database_url)
        meter = CpuMeter(server, database_url, args.redis_url if client is not None else None)
        run.figures, run.cpu = wrk(server.port, ids, args.duration, args.drain, args, meter=meter)
    finally:
        server.stop()
    if client is not None:
        run.flush_runs, run.flush_s = flush_until_empty(env, client)
    after = sums(database_url)
    run.recorded = tuple(a - b for a, b in zip(after, before, strict=True))
    log = server.log_text()
    fallbacks = log.count("Redis is unreachable")
    tracebacks = log.count("Traceback")
    report(run, setup, fallbacks, tracebacks)
    return run


def quiet(args) -> None:
    """Other people's test suites share this machine: wait for it to be idle before a run, within a
    budget of --quiet-wait seconds for the whole invocation."""
    if args.quiet_wait > 0:
        started = time.monotonic()
        busy = benchlib.wait_quiet(min(args.quiet_wait, 600))
        args.quiet_wait -= time.monotonic() - started
        if busy > 0.3:
            say(f"    (the machine is still busy: {busy:.2f} cores used by other processes; measuring anyway)")


def report(run: Run, setup: Setup, fallbacks: int = 0, tracebacks: int = 0) -> None:
    f = run.figures
    ok_204 = int(f["status_204"])
    total, day, hour = run.recorded
    lost = ok_204 - total
    posts = int(f["posts_sent"])
    run.ok = (
        lost == 0
        and total == day == hour
        and posts == ok_204
        and f["status_other_2xx"] == 0
        and f["status_other"] == 0
        and f["errors"] == 0
    )
    say(f"--- {run.name} ({setup.label()})")
    say(
        f"    wrk: {posts} POSTs sent, {ok_204} answered 204 in {f['window_s']:.2f} s; "
        f"{int(f['gets_sent'])} drain GETs (405: {int(f['status_405'])}); other statuses {int(f['status_other'])}, "
        f"socket errors {int(f['errors'])} (timeouts {int(f['errors_timeout'])})"
    )
    say(f"    latency (all requests): p50 {f['latency_p50_ms']:.2f} ms, p99 {f['latency_p99_ms']:.2f} ms")
    if run.flush_runs:
        say(f"    flush_views: {run.flush_runs} run(s), {run.flush_s:.2f} s until nothing was pending")
    say(f"    recorded: ArticleViewTotal +{total}, ArticleViewDay +{day}, ArticleViewHour +{hour}")
    if fallbacks or tracebacks:
        say(f"    gunicorn log: {fallbacks} Redis fallbacks, {tracebacks} tracebacks")
    say(f"    views/s: {run.rate:,.0f}")
    report_cpu(run)
    say(f"    lost: {lost}" + ("" if run.ok else "   <-- CHECK FAILED (see the figures above)"))


def report_cpu(run: Run) -> None:
    """CPU per request by process group, and what else the machine was doing meanwhile."""
    cpu, f = run.cpu, run.figures
    if not cpu:
        return
    # CPU is measured over the POST phase only (the drain GETs after it are not charged).
    per_view = {name: cpu[name] / max(f["status_204"], 1) * 1000 for name in ("gunicorn", "postgres", "redis", "wrk")}
    server_ms = per_view["gunicorn"] + per_view["postgres"] + per_view["redis"]
    cores = os.cpu_count() or 1
    run.cpu["server_ms_per_view"] = server_ms
    run.cpu["capacity"] = cores * 1000 / (server_ms + per_view["wrk"]) if server_ms else 0
    say(
        "    CPU per view (ms): "
        + ", ".join(f"{name} {value:.2f}" for name, value in per_view.items())
        + f"; server side {server_ms:.2f} ms"
    )
    bench_s = cpu["gunicorn"] + cpu["postgres"] + cpu["redis"] + cpu["wrk"]
    elapsed = cpu["elapsed"]
    others = max(cpu["machine_busy"] - bench_s, 0.0)
    run.cpu["others_cores"] = others / elapsed
    say(
        f"    machine during the run: {cpu['machine_busy'] / elapsed:.2f} of {cores} cores busy — this benchmark "
        f"{bench_s / elapsed:.2f}, other processes {others / elapsed:.2f}; steal {cpu['machine_steal'] / elapsed:.2f}"
    )
    say(
        f"    ⇒ with {cores} cores to itself (server + wrk) this setup would do "
        f"about {run.cpu['capacity']:,.0f} views/s"
    )


def ladder_run(name: str, app: str, path: str, env: dict[str, str], ids: str, tmp: Path, setup: Setup, args) -> Run:
    """Throughput of one endpoint of the ladder (no count check: most of them count nothing)."""
    run = Run(name=name)
    quiet(args)
    server = Server(tmp, env, setup, app=app)
    try:
        wrk(server.port, ids, 2, 1, args, path=path)
        meter = CpuMeter(server, env["DATABASE_URL"], env.get("REDIS_URL"))
        run.figures, run.cpu = wrk(server.port, ids, args.ladder_duration, args.drain, args, path=path, meter=meter)
    finally:
        server.stop()
    f, cpu = run.figures, run.cpu
    bad = int(f["status_other"] + f["status_other_2xx"] + f["errors"])
    done = max(f["status_204"], 1)
    server_ms = (cpu["gunicorn"] + cpu["postgres"] + cpu["redis"]) / done * 1000
    wrk_ms = cpu["wrk"] / done * 1000
    cores = os.cpu_count() or 1
    others = max(cpu["machine_busy"] - cpu["gunicorn"] - cpu["postgres"] - cpu["redis"] - cpu["wrk"], 0)
    run.cpu["server_ms_per_view"] = server_ms
    run.cpu["capacity"] = cores * 1000 / (server_ms + wrk_ms) if server_ms + wrk_ms else 0
    say(
        f"    {name:<44} {run.rate:>7,.0f} req/s  p50 {f['latency_p50_ms']:6.2f} ms  "
        f"CPU/req: server {server_ms:5.2f} ms (gunicorn {cpu['gunicorn'] / done * 1000:4.2f}, "
        f"pg {cpu['postgres'] / done * 1000:4.2f}, redis {cpu['redis'] / done * 1000:4.2f}) + wrk {wrk_ms:4.2f} ms"
        f"  ⇒ ~{run.cpu['capacity']:,.0f}/s on {cores} free cores; others used {others / cpu['elapsed']:.2f} cores"
        + (f"   ({bad} non-204/errors!)" if bad else "")
    )
    return run


def ladder(database_url: str, ids: str, tmp: Path, setup: Setup, args) -> None:
    say(f"--- ladder: the same wrk load on simpler endpoints ({setup.label()}, {args.ladder_duration:g} s each)")
    limit = {"NEWSROOM_VIEW_RATE_LIMIT": "100000000", "DJANGO_SETTINGS_MODULE": "ladder_settings"}
    db_env = benchlib.django_env(database_url, **limit)
    redis_env = benchlib.django_env(database_url, REDIS_URL=args.redis_url, **limit)
    client = redis_client(args.redis_url)
    client.flushdb()
    ladder_run(
        "bare WSGI app (gunicorn + wrk only)", "ladder_bare_wsgi:application", "/x", db_env, ids, tmp, setup, args
    )
    ladder_run("Django middleware stack, no-op view", "newsroom.wsgi", "/bench/noop/", db_env, ids, tmp, setup, args)
    ladder_run(
        "+ beacon body parsing + published() query", "newsroom.wsgi", "/bench/exists/", db_env, ids, tmp, setup, args
    )
    ladder_run("full beacon (fast path), redis path", "newsroom.wsgi", "/api/xem/", redis_env, ids, tmp, setup, args)
    ladder_run("full beacon (fast path), db path", "newsroom.wsgi", "/api/xem/", db_env, ids, tmp, setup, args)
    client.flushdb()


def sweep(paths: list[str], database_url: str, ids: str, tmp: Path, args) -> None:
    setups = [
        Setup("sync", 2),
        Setup("sync", 3),
        Setup("sync", 4),
        Setup("gthread", 2, 4),
        Setup("gthread", 3, 2),
    ]
    say(f"--- sweep: worker setups, {args.ladder_duration:g} s each, exact-count check on each")
    results = []
    saved = args.duration
    args.duration = args.ladder_duration
    try:
        for path in paths:
            for setup in setups:
                run = beacon_run(f"{path} path", path, database_url, ids, tmp, setup, args)
                results.append((path, setup.label(), run))
    finally:
        args.duration = saved
    say("--- sweep summary")
    for path, label, run in results:
        say(
            f"    {path:<6} {label:<14} {run.rate:>7,.0f} views/s   {'exact' if run.ok else 'CHECK FAILED':<12} "
            f"server CPU {run.cpu.get('server_ms_per_view', 0):5.2f} ms/view  ⇒ ~{run.cpu.get('capacity', 0):,.0f}/s "
            f"on free cores; other processes used {run.cpu.get('others_cores', 0):.2f} cores"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", choices=["db", "redis", "both"], default="both")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--duration", type=float, default=15, help="seconds of counted POSTs per path")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--drain", type=float, default=2, help="seconds of uncounted GETs at the end")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--ladder", action="store_true", help="also measure simpler endpoints")
    parser.add_argument("--ladder-duration", type=float, default=8)
    parser.add_argument("--sweep", action="store_true", help="compare worker setups instead of the main run")
    parser.add_argument("--profile", action="store_true", help="also profile the beacon in-process")
    parser.add_argument("--keep", action="store_true", help="keep the database (for debugging)")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=90,
        help="seconds, in all, that the runs may wait for the machine to be idle first (0: don't wait)",
    )
    args = parser.parse_args()
    if not 1 <= args.duration <= 120 or not 0 <= args.warmup <= 30 or not 1 <= args.drain <= 10:
        parser.error("keep --duration within 1–120 s, --warmup within 0–30 s and --drain within 1–10 s")
    if not 1 <= args.connections <= 256:
        parser.error("--connections must be within 1–256")
    if not args.redis_url.startswith(("redis://127.", "redis://localhost")):
        parser.error("--redis-url must point at the loopback")
    setup = Setup(args.worker_class, args.workers, args.threads if args.worker_class == "gthread" else 1)
    paths = ["db", "redis"] if args.path == "both" else [args.path]

    benchlib.require_tool("wrk")
    benchlib.print_machine({"redis": benchlib.redis_version(args.redis_url)})
    say(
        f"load: wrk -t{args.wrk_threads} -c{args.connections}, {args.duration:g} s counted + {args.drain:g} s drain; "
        f"gunicorn {setup.label()}; {args.articles} articles"
    )
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-http-"))
    started = time.monotonic()
    runs: list[Run] = []
    try:
        database_url = benchlib.db_create(DB_NAME)
        env = benchlib.django_env(database_url)
        say(f"database {DB_NAME}: migrating and creating {args.articles} published articles")
        benchlib.manage(env, "migrate", "--no-input", "-v", "0")
        ids = subprocess.run(  # noqa: S603
            [benchlib.PYTHON, str(BENCH / "seed_articles.py"), str(args.articles)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        analyze(database_url)
        if args.sweep:
            sweep(paths, database_url, ids, tmp, args)
        else:
            for path in paths:
                runs.append(beacon_run(f"{path} path", path, database_url, ids, tmp, setup, args))
        if args.ladder:
            ladder(database_url, ids, tmp, setup, args)
        if args.profile:
            for path in paths:
                extra = {"REDIS_URL": args.redis_url} if path == "redis" else {}
                profile_env = benchlib.django_env(
                    database_url,
                    NEWSROOM_VIEW_RATE_LIMIT="100000000",
                    DJANGO_SETTINGS_MODULE="ladder_settings",
                    PYTHONWARNINGS="ignore",
                    **extra,
                )
                say(f"=== {path} path, in-process")
                subprocess.run(  # noqa: S603
                    [benchlib.PYTHON, str(BENCH / "profile_beacon.py"), "--ids", ids],
                    cwd=ROOT,
                    env=profile_env,
                    check=True,
                )
                redis_client(args.redis_url).flushdb()
    finally:
        if not args.keep:
            benchlib.db_drop(DB_NAME)
        try:
            redis_client(args.redis_url).flushdb()
        except Exception as error:
            say(f"(could not flush {args.redis_url}: {error})")
        shutil.rmtree(tmp, ignore_errors=True)
    if runs:
        say("=== summary")
        for run in runs:
            say(
                f"    {run.name:<11} {run.rate:>8,.0f} views/s   {int(run.figures['status_204'])} 204s, "
                f"recorded {run.recorded[0]}, lost: {int(run.figures['status_204']) - run.recorded[0]}"
                + ("" if run.ok else "   CHECK FAILED")
            )
        redis_runs = [run for run in runs if run.name.startswith("redis")]
        if redis_runs:
            rate = statistics.mean(run.rate for run in redis_runs)
            met = rate >= 2000 and all(run.ok for run in redis_runs)
            say(f"    target ≥ 2,000 views/s on the redis path with nothing lost: {'MET' if met else 'NOT MET'}")
    say(f"(total {time.monotonic() - started:.0f} s; database {DB_NAME} dropped, {args.redis_url} flushed)")
    return 0 if all(run.ok for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
