"""The breaking-news benchmark: readers at rising rates while the desk works, with exact checks.

Run through bench/spike.sh (it installs what is missing). Once:

1. a throw-away PostgreSQL database newsroom_spike_bench: `migrate`, an archive of --archive published articles
   and the night's three hot stories with bylines, a photo and tags (bench/spike_setup.py), renditions, static
   files; Redis databases 6 (cache, pages) and 9 (the views' buffer) flushed;
2. gunicorn (newsroom.wsgi, sync x3 as deploy/systemd/newsroom.service, DEBUG=0, REDIS_URL,
   NEWSROOM_VIEWS_REDIS_URL, NEWSROOM_TRUSTED_PROXIES=1, the page cache on) on 127.0.0.1:<--port + 1>, behind
   nginx on 127.0.0.1:<--port> as deploy/nginx/newsroom.conf; `manage.py flush_views` every --flush-every s, as
   production's timer;
3. the editor (bench/spike_editor.py, a Django process with the same settings) from the first step to the last:
   saves the lead story every --save-every s, publishes a new story every --publish-every s, records one
   correction and takes the third hot story down, each through the workflow, noting each commit's time;
4. for each rate of --rates: wrk with bench/spike_readers.lua for --step-seconds of arrivals (open loop,
   Poisson, one connection per wrk thread), then until every reader that came has its answers.

Then the server is stopped, the views flushed until nothing waits, and checked: the views counted equal the
beacons answered 204, in all and per article; no reader was shown the taken-down story (its page, or its title
in any page) for a request made after the take-down; the editor's actions all succeeded. A failed check exits 1;
a missed performance target is printed as NOT MET.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import benchlib
from benchlib import BENCH, ROOT, VENV_BIN, say

DB_NAME = "newsroom_spike_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
DEFAULT_VIEWS_REDIS_URL = "redis://127.0.0.1:6379/9"
# ranking.py's keys in the views' Redis: what is still waiting to be flushed.
PENDING_KEY = "newsroom:views:pending"
BATCH_PATTERN = "newsroom:views:batch:*"
# spike_editor.CORRECTION_TEXT: what the readers' script looks for on the corrected story's page.
CORRECTION_TEXT = "Lượng mưa tại Tân Phú là 230 mm, không phải 320 mm"
LOG_STEP = 1.02  # spike_readers.lua's histogram: bucket i holds latencies up to 0.01 ms × 1.02^i
# Readers of each kind of page, as a share of all (--mix changes it): the three hot stories, home, the sections.
DEFAULT_MIX = {"lead": 35, "corrected": 20, "victim": 15, "home": 20, "section": 10}
# Targets (issue 10): readers/s sustained with p99 under this and no error; a take-down or correction seen by
# every reader within this of its commit.
TARGET_READERS = 1000
TARGET_P99_MS = 250
TARGET_VISIBLE_S = 1.0
GAP_S = 4.0  # planned time between two steps for the last answers to come back


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", default="200,400,800,1200", help="readers/s of each step, comma-separated")
    parser.add_argument("--step-seconds", type=float, default=30, help="seconds of arrivals per step")
    parser.add_argument("--archive", type=int, default=300, help="published articles under the hot stories")
    parser.add_argument(
        "--seeder",
        choices=("auto", "realistic", "basic"),
        default="auto",
        help="auto: bench/seed_realistic.py when the checkout has it, else bench/seed_articles.py",
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=20601, help="nginx's port; gunicorn's is the next one")
    parser.add_argument(
        "--threads", type=int, default=0, help="wrk threads = connections per step (0: a quarter of the rate, 32–400)"
    )
    parser.add_argument("--flush-every", type=float, default=30, help="seconds between flush_views runs (0: none)")
    parser.add_argument("--save-every", type=float, default=30)
    parser.add_argument("--publish-every", type=float, default=60)
    parser.add_argument("--correction-at", type=float, default=None, help="seconds after the first step starts")
    parser.add_argument("--takedown-at", type=float, default=None, help="seconds after the first step starts")
    parser.add_argument(
        "--no-listing-beacons",
        action="store_true",
        help="home and section readers send no beacon (as the real pages: only article pages do)",
    )
    parser.add_argument("--drain-cap", type=float, default=30, help="seconds at most to wait for the last answers")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--views-redis-url", default=DEFAULT_VIEWS_REDIS_URL)
    parser.add_argument("--quiet-wait", type=float, default=60, help="seconds at most to wait for an idle machine")
    parser.add_argument(
        "--strict-takedown",
        action="store_true",
        help="fail on a copy served to a request made after COMMIT, even before the purge ran",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database and the folder (logs, events)")
    args = parser.parse_args()
    try:
        args.rate_list = [int(rate) for rate in args.rates.split(",") if rate.strip()]
    except ValueError:
        parser.error("--rates takes whole numbers, e.g. 200,400,800,1200")
    if not args.rate_list or not all(1 <= rate <= 5000 for rate in args.rate_list):
        parser.error("each rate must be within 1–5000 readers/s")
    if not 5 <= args.step_seconds <= 300:
        parser.error("--step-seconds must be within 5–300")
    for url in (args.redis_url, args.views_redis_url):
        if not url.startswith(("redis://127.", "redis://localhost")):
            parser.error("the Redis URLs must point at the loopback")
    if not 1024 <= args.port <= 65535:
        parser.error("--port must be within 1024–65535")
    args.load_s = len(args.rate_list) * (args.step_seconds + GAP_S)
    args.correction_at = args.correction_at if args.correction_at is not None else round(0.35 * args.load_s, 1)
    args.takedown_at = args.takedown_at if args.takedown_at is not None else round(0.6 * args.load_s, 1)
    return args


# ---------------------------------------------------------------- the stack


def django_env(tmp: Path, database_url: str, args) -> dict[str, str]:
    return benchlib.django_env(
        database_url,
        DJANGO_SETTINGS_MODULE="spike_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH", "")])),
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_MEDIA_ROOT=str(tmp / "media"),
        REDIS_URL=args.redis_url,
        NEWSROOM_VIEWS_REDIS_URL=args.views_redis_url,
        NEWSROOM_TRUSTED_PROXIES="1",  # behind nginx: each reader's own address in X-Forwarded-For
        SECURE_COOKIES="0",  # plain HTTP on the loopback
        NEWSROOM_PAGE_CACHE_SECONDS="120",  # the default, said here so an environment's 0 cannot turn it off
    )


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url)


def pending_views(client) -> int:
    return int(client.exists(PENDING_KEY)) + sum(1 for _ in client.scan_iter(match=BATCH_PATTERN))


def flush_until_empty(env: dict[str, str], client, limit: int = 10) -> int:
    for run in range(1, limit + 1):
        benchlib.manage(env, "flush_views", capture=True)
        if pending_views(client) == 0:
            return run
    raise RuntimeError(f"views still pending in Redis after {limit} flush_views runs")


def view_sums(database_url: str) -> dict:
    import psycopg

    with psycopg.connect(database_url) as conn:
        total, day, hour = conn.execute(
            "SELECT (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewtotal),"
            " (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewday),"
            " (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewhour)"
        ).fetchone()
        per_article = dict(conn.execute("SELECT article_id, views FROM articles_articleviewtotal").fetchall())
    return {"total": int(total), "day": int(day), "hour": int(hour), "per_article": per_article}


def prepare(tmp: Path, env: dict[str, str], database_url: str, args) -> dict:
    seeder = args.seeder
    if seeder == "auto":
        seeder = "realistic" if (BENCH / "seed_realistic.py").exists() else "basic"
    started = time.monotonic()
    benchlib.manage(env, "migrate", "--no-input", "-v", "0")
    output = subprocess.run(  # noqa: S603 (our own script)
        [benchlib.PYTHON, str(BENCH / "spike_setup.py"), str(args.archive), seeder],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    setup = json.loads(output.strip().splitlines()[-1])
    benchlib.manage(env, "make_renditions", capture=True)
    benchlib.manage(env, "collectstatic", "--no-input", capture=True)
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    say(
        f"database {DB_NAME}: {setup['published']} published articles ({setup['seeder']} archive of {args.archive}"
        f" + 3 hot stories), ready in {time.monotonic() - started:.0f} s"
    )
    return setup


class Server:
    def __init__(self, tmp: Path, env: dict[str, str], args):
        self.log = tmp / "gunicorn.log"
        extra = ["--workers", str(args.workers), "--timeout", "60"]
        help_text = subprocess.run(  # noqa: S603
            [str(VENV_BIN / "gunicorn"), "--help"], capture_output=True, text=True, check=False
        ).stdout
        if "--no-control-socket" in help_text:
            extra.append("--no-control-socket")
        self.proc = benchlib.start_gunicorn("newsroom.wsgi", args.port + 1, tmp, env, self.log, *extra)
        benchlib.wait_http(f"http://127.0.0.1:{args.port + 1}/robots.txt", timeout=60)

    def pids(self) -> list[int]:
        return benchlib.process_tree(self.proc.pid)

    def stop(self) -> None:
        benchlib.stop_process(self.proc)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


NGINX_CONF = """\
{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    keepalive_requests 1000000;
    upstream newsroom_app {{ server 127.0.0.1:{upstream} fail_timeout=0; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://newsroom_app;
            proxy_set_header Host $host;
            # Production appends the socket's address; here the readers' script says who each reader is.
            proxy_set_header X-Forwarded-For $http_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


class Nginx:
    """nginx in front of gunicorn, as deploy/nginx/newsroom.conf: it reads each request whole before gunicorn's sync
    workers see it, so a reader's connection waiting for its next request never holds a worker (without it, wrk's
    idle connections would), and it keeps the readers' connections alive."""

    def __init__(self, tmp: Path, port: int, upstream: int):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, port=port, upstream=upstream))
        self.proc = subprocess.Popen(  # noqa: S603
            [nginx, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=(tmp / "nginx.out").open("w"),
        )  # fmt: skip
        benchlib.wait_http(f"http://127.0.0.1:{port}/robots.txt", timeout=30)

    def pids(self) -> list[int]:
        return benchlib.process_tree(self.proc.pid)

    def stop(self) -> None:
        benchlib.stop_process(self.proc)


class Flusher(threading.Thread):
    """`manage.py flush_views` every `every` seconds, as production's timer; its CPU from wait4()."""

    def __init__(self, env: dict[str, str], every: float):
        super().__init__(daemon=True)
        self.env, self.every = env, every
        self.stopping = threading.Event()
        self.cpu_s, self.runs, self.failures = 0.0, 0, 0
        self.proc: subprocess.Popen | None = None

    def run(self) -> None:
        while not self.stopping.wait(self.every):
            self.proc = subprocess.Popen(  # noqa: S603
                [benchlib.PYTHON, str(ROOT / "manage.py"), "flush_views"],
                cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            _, status, usage = os.wait4(self.proc.pid, 0)
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            self.cpu_s += usage.ru_utime + usage.ru_stime
            self.runs += 1
            self.failures += self.proc.returncode != 0

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=120)


# ---------------------------------------------------------------- the readers


def plan_file(tmp: Path, setup: dict, args) -> tuple[Path, str]:
    """The pages readers fetch, by weight; and the stories home and section readers go on to read."""
    lead, corrected, victim = setup["hot"]
    rows = [
        (DEFAULT_MIX["lead"], "lead", lead["url"], lead["id"]),
        (DEFAULT_MIX["corrected"], "corrected", corrected["url"], corrected["id"]),
        (DEFAULT_MIX["victim"], "victim", victim["url"], victim["id"]),
        (DEFAULT_MIX["home"], "home", "/", 0),
    ]
    sections = setup["sections"]
    rows += [(DEFAULT_MIX["section"] / len(sections), "section", url, 0) for url in sections]
    path = tmp / "plan.tsv"
    path.write_text("".join(f"{weight:g}\t{kind}\t{url}\t{beacon}\n" for weight, kind, url, beacon in rows))
    listing = f"{lead['id']}:{DEFAULT_MIX['lead']},{corrected['id']}:{DEFAULT_MIX['corrected']}"
    if args.no_listing_beacons:
        listing = ""
    return path, listing


@dataclass
class Step:
    rate: int
    threads: int
    start: float = 0.0
    end: float = 0.0
    totals: Counter = field(default_factory=Counter)
    pages: dict = field(default_factory=lambda: defaultdict(Counter))  # kind -> status -> n
    beacons: dict = field(default_factory=lambda: defaultdict(Counter))  # article id -> status -> n
    cache: Counter = field(default_factory=Counter)
    cache_by_kind: dict = field(default_factory=lambda: defaultdict(Counter))  # page kind -> X-Page-Cache -> n
    hist_page: Counter = field(default_factory=Counter)
    hist_beacon: Counter = field(default_factory=Counter)
    obs: dict = field(default_factory=dict)
    victim_sent: list = field(default_factory=list)
    victim_ring_full: bool = False
    wrk: dict = field(default_factory=dict)
    cpu: dict = field(default_factory=dict)
    stopped_early: bool = True
    unfinished: int = 0  # wrk threads stopped before their last reader was done (the drain's cap)


def merge_obs(into: dict, key: str, o: dict) -> None:
    m = into.get(key)
    if m is None:
        into[key] = dict(o)
        return
    m["n"] += o["n"]
    for name, pick in (("min_send", min), ("max_send", max), ("min_recv", min), ("max_recv", max)):
        m[name] = pick(m[name], o[name])


def parse_wrk(output: str, step: Step) -> None:
    for line in output.splitlines():
        parts = line.split()
        if not parts or parts[0] != "SPIKE":
            continue
        kind = parts[1]
        if kind == "total":
            step.totals[parts[2]] += int(parts[3])
        elif kind == "pages":
            name, _, status = parts[2].rpartition(":")
            step.pages[name][int(status)] += int(parts[3])
        elif kind == "beacons":
            name, _, status = parts[2].rpartition(":")
            step.beacons[int(name)][int(status)] += int(parts[3])
        elif kind == "cache":
            page_kind, _, outcome = parts[2].partition(":")
            step.cache[outcome] += int(parts[3])
            step.cache_by_kind[page_kind][outcome] += int(parts[3])
        elif kind == "hist_page":
            step.hist_page[int(parts[2])] += int(parts[3])
        elif kind == "hist_beacon":
            step.hist_beacon[int(parts[2])] += int(parts[3])
        elif kind == "obs":
            n, min_send, max_send, min_recv, max_recv = int(parts[3]), *map(float, parts[4:8])
            merge_obs(step.obs, parts[2], {"n": n, "min_send": min_send, "max_send": max_send,
                                           "min_recv": min_recv, "max_recv": max_recv})  # fmt: skip
        elif kind == "thread":
            step.unfinished += parts[3] != "finished"
        elif kind == "victim_sent":
            step.victim_sent.append(float(parts[2]))
            step.victim_ring_full |= parts[3] == "1"
        elif kind == "wrk":
            step.wrk[parts[2]] = float(parts[3])


def percentile(hist: Counter, share: float) -> float:
    """The latency (ms) under which `share` of the requests of a histogram came back."""
    total = sum(hist.values())
    if not total:
        return 0.0
    wanted, seen = share * total, 0
    for idx in sorted(hist):
        seen += hist[idx]
        if seen >= wanted:
            return 0.01 * LOG_STEP**idx if idx > 0 else 0.01
    return 0.01 * LOG_STEP ** max(hist)


class CpuMeter:
    """CPU seconds of each group of the benchmark's processes between two snapshots, from /proc."""

    def __init__(self, server: Server, proxy: Nginx, editor: subprocess.Popen, database_url: str, redis_url: str):
        self.server, self.proxy, self.editor, self.database_url = server, proxy, editor, database_url
        self.redis_pid = int(redis_client(redis_url).info("server")["process_id"])

    def snapshot(self) -> dict:
        groups = {
            "gunicorn": self.server.pids(),
            "nginx": self.proxy.pids(),
            "postgres": benchlib.pg_backend_pids(self.database_url),
            "redis": [self.redis_pid],
            "editor": [self.editor.pid] if self.editor.poll() is None else [],
        }
        return {
            "at": time.monotonic(),
            "machine": benchlib.machine_ticks(),
            **{name: {pid: benchlib.process_cpu(pid) for pid in pids} for name, pids in groups.items()},
        }

    @staticmethod
    def delta(before: dict, after: dict) -> dict[str, float]:
        result = {"elapsed": after["at"] - before["at"]}
        for name in ("gunicorn", "nginx", "postgres", "redis", "editor"):
            result[name] = sum(
                used - (before[name].get(pid) or 0.0) for pid, used in after[name].items() if used is not None
            )
        result["machine_busy"] = (after["machine"][0] - before["machine"][0]) / benchlib.CLK_TCK
        return result


def run_step(step: Step, tmp: Path, plan: Path, listing: str, setup: dict, args, meter: CpuMeter,
             flusher: Flusher | None) -> None:  # fmt: skip
    done_dir = tmp / f"done-{step.rate}-{int(step.start)}"
    done_dir.mkdir()
    env = dict(
        os.environ,
        BENCH_PLAN=str(plan),
        BENCH_RATE=str(step.rate),
        BENCH_THREADS=str(step.threads),
        BENCH_START=f"{step.start:.6f}",
        BENCH_STEP_S=f"{args.step_seconds:g}",
        BENCH_DONE_DIR=str(done_dir),
        BENCH_VICTIM_TITLE=setup["hot"][2]["title"],
        BENCH_CORRECTION=CORRECTION_TEXT,
        BENCH_LISTING_BEACONS=listing,
        BENCH_SALT=str(args.seed * 31 + step.rate % 97),
    )
    duration = math.ceil(step.start - time.monotonic() + args.step_seconds + args.drain_cap)
    command = [
        benchlib.require_tool("wrk"),
        f"-t{step.threads}",
        f"-c{step.threads}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "spike_readers.lua"),
        f"http://127.0.0.1:{args.port}",
    ]
    output_path = tmp / f"wrk-{step.rate}.out"
    flush_cpu_before = flusher.cpu_s if flusher else 0.0
    with output_path.open("w") as output:
        proc = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    before = meter.snapshot()
    deadline = step.start + args.step_seconds + args.drain_cap
    # Every thread leaves a file once its last reader has both answers: then wrk may stop without cutting any off.
    while time.monotonic() < deadline and proc.poll() is None:
        if time.monotonic() > step.start + args.step_seconds and len(list(done_dir.iterdir())) >= step.threads:
            break
        time.sleep(0.1)
    else:
        step.stopped_early = False
    after = meter.snapshot()
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # wrk stops its threads, prints its summary and runs done()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except ChildProcessError:
        status, usage = 0, None
    proc.returncode = os.waitstatus_to_exitcode(status)
    step.end = time.monotonic()
    step.cpu = CpuMeter.delta(before, after)
    step.cpu["wrk"] = (usage.ru_utime + usage.ru_stime) if usage else 0.0
    step.cpu["flusher"] = (flusher.cpu_s if flusher else 0.0) - flush_cpu_before
    text = output_path.read_text(errors="replace")
    parse_wrk(text, step)
    if not step.totals:
        raise RuntimeError(f"wrk printed no figures (exit {proc.returncode}):\n{text[-3000:]}")


# ---------------------------------------------------------------- the report


def step_report(step: Step, args, takedown_commit: float | None) -> dict:
    seconds = args.step_seconds
    readers = step.totals["readers"]
    pages = sum(sum(row.values()) for row in step.pages.values())
    beacons_ok = sum(n for row in step.beacons.values() for status, n in row.items() if 200 <= status < 300)
    expected_404 = 0
    unexpected = Counter()
    for kind, row in step.pages.items():
        for status, n in row.items():
            if status == 200:
                continue
            if status == 404 and kind == "victim" and takedown_commit is not None:
                expected_404 += n
            else:
                unexpected[f"page {kind} {status}"] += n
    for article_id, row in step.beacons.items():
        for status, n in row.items():
            if 200 <= status < 300:
                continue
            if status == 404 and article_id == args.victim_id and takedown_commit is not None:
                expected_404 += n
            else:
                unexpected[f"beacon {article_id} {status}"] += n
    socket_errors = int(
        step.wrk.get("errors_connect", 0) + step.wrk.get("errors_read", 0) + step.wrk.get("errors_write", 0)
    )
    lost = step.totals["lost_pages"] + step.totals["lost_beacons"]
    p50 = percentile(step.hist_page + step.hist_beacon, 0.50)
    p99 = percentile(step.hist_page + step.hist_beacon, 0.99)
    page_p50, page_p99 = percentile(step.hist_page, 0.50), percentile(step.hist_page, 0.99)
    beacon_p50, beacon_p99 = percentile(step.hist_beacon, 0.50), percentile(step.hist_beacon, 0.99)
    errors = sum(unexpected.values()) + socket_errors + lost
    cpu = step.cpu
    elapsed = max(cpu["elapsed"], 1e-9)
    groups = ("gunicorn", "nginx", "postgres", "redis", "editor", "flusher")
    server_s = sum(cpu[name] for name in groups)
    per_reader = {name: cpu[name] / max(readers, 1) * 1000 for name in (*groups, "wrk")}
    server_ms = server_s / max(readers, 1) * 1000
    ours = server_s + cpu["wrk"]
    others = max(cpu["machine_busy"] - ours, 0.0) / elapsed
    cores = os.cpu_count() or 1
    capacity = cores * 1000 / (server_ms + per_reader["wrk"]) if server_ms else 0.0
    cache = " ".join(f"{name} {n}" for name, n in sorted(step.cache.items()))
    achieved = readers / seconds
    say(
        f"--- {step.rate} readers/s offered ({step.threads} wrk connections): {achieved:,.0f} readers/s came, "
        f"pages {pages / seconds:,.0f}/s, beacons {beacons_ok / seconds:,.0f}/s answered 2xx"
    )
    say(
        f"    latency from when due, all requests: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
        f"(pages p50 {page_p50:.1f} / p99 {page_p99:.1f}; beacons p50 {beacon_p50:.1f} / p99 {beacon_p99:.1f})"
    )
    say(
        f"    errors: {errors} (unexpected statuses {dict(unexpected) or 0}, socket errors {socket_errors}, "
        f"requests cut off {lost}); "
        f"expected 404s after the take-down: {expected_404}"
    )
    say(f"    X-Page-Cache: {cache or '-'}; page bytes {step.totals['page_bytes'] / max(pages, 1) / 1024:.1f} KB each")
    # Which pages missed: after a save of the lead, misses elsewhere are how far the invalidation reached.
    say(
        "      by page: "
        + "; ".join(
            f"{kind} " + " ".join(f"{name} {n}" for name, n in sorted(row.items()))
            for kind, row in sorted(step.cache_by_kind.items())
        )
    )
    say(
        "    CPU per reader (ms): "
        + ", ".join(f"{name} {value:.2f}" for name, value in per_reader.items())
        + f"; server side {server_ms:.2f} ms, load generator {per_reader['wrk']:.2f} ms"
    )
    say(
        f"    machine: {cpu['machine_busy'] / elapsed:.2f} of {cores} cores busy — this benchmark {ours / elapsed:.2f} "
        f"(wrk {cpu['wrk'] / elapsed:.2f}), other processes {others:.2f}; ⇒ about {capacity:,.0f} readers/s with "
        f"{cores} cores to itself"
        + ("" if step.stopped_early else f"; NOTE: {step.unfinished} connections still waited after the cap")
    )
    met = step.rate >= TARGET_READERS and achieved >= TARGET_READERS and p99 < TARGET_P99_MS and errors == 0
    return {
        "rate": step.rate, "achieved": achieved, "pages": pages / seconds, "beacons": beacons_ok / seconds,
        "p50": p50, "p99": p99, "errors": errors, "cache": cache, "server_ms": server_ms,
        "wrk_ms": per_reader["wrk"], "others": others, "capacity": capacity, "met": met,
    }  # fmt: skip


def read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def merged_obs(steps: list[Step]) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for step in steps:
        for key, o in step.obs.items():
            merge_obs(merged, key, o)
    return merged


def last_older(obs: dict[str, dict], prefix: str, below: int) -> float | None:
    """The latest send time of a page that showed a state numbered below `below` (e.g. an older lead text)."""
    times = [o["max_send"] for key, o in obs.items() if key.startswith(prefix) and int(key[len(prefix) :]) < below]
    return max(times) if times else None


def editor_report(events: list[dict], steps: list[Step], args, t0: float) -> tuple[list[str], list[str]]:
    """Visibility after each of the desk's commits; returns (problems, targets missed)."""
    problems, missed = [], []
    obs = merged_obs(steps)
    say("=== the desk (times after the first step began; lags after each commit, from the readers' requests)")
    for event in events:
        if "error" in event:
            problems.append(f"editor {event['kind']} #{event['n']} failed: {event['error']}")
            say(f"    {event['kind']} #{event['n']}: FAILED {event['error']}")
            continue
        commit, done = event["commit"], event["done"]
        head = (
            f"    {event['kind']:<11} #{event['n']} at {commit - t0:6.1f} s "
            f"(call {1000 * (done - event['started']):.0f} ms, commit → return {1000 * (done - commit):.1f} ms)"
        )
        if event["kind"] == "save_lead":
            stale = last_older(obs, "lead:", event["n"])
            lag = (stale - commit) if stale is not None and stale > commit else 0.0
            say(f"{head}: the previous text served until {1000 * lag:.0f} ms after the commit")
        elif event["kind"] == "publish_new":
            stale = last_older(obs, "home:", event["n"])
            lag = (stale - commit) if stale is not None and stale > commit else 0.0
            say(f"{head}: home pages without it requested until {1000 * lag:.0f} ms after the commit")
        elif event["kind"] == "correct":
            before = obs.get("corrected:0")
            lag = (before["max_send"] - commit) if before and before["max_send"] > commit else 0.0
            seen = obs.get("corrected:1")
            verdict = "MET" if lag <= TARGET_VISIBLE_S else "NOT MET"
            if lag > TARGET_VISIBLE_S:
                missed.append("correction visible within 1 s")
            say(
                f"{head}: the page without it served until {1000 * lag:.0f} ms after the commit"
                + (f"; first with it received {1000 * (seen['min_recv'] - commit):.0f} ms after" if seen else "")
                + f" — target ≤ {TARGET_VISIBLE_S * 1000:.0f} ms: {verdict}"
            )
        elif event["kind"] == "take_down":
            problems += takedown_report(head, event, steps, obs, args, missed)
    return problems, missed


def takedown_report(head: str, event: dict, steps: list[Step], obs: dict, args, missed: list[str]) -> list[str]:
    problems = []
    commit, done = event["commit"], event["done"]
    sent = [t for step in steps for t in step.victim_sent]
    ring_full = any(step.victim_ring_full for step in steps)
    after_commit = sum(1 for t in sent if t >= commit)
    after_done = sum(1 for t in sent if t >= done)
    after_target = sum(1 for t in sent if t >= commit + TARGET_VISIBLE_S)
    last = max((t for t in sent if t >= commit), default=None)
    first_404 = obs.get("victim:404")
    at_least = " (at least: a reader thread's record was full)" if ring_full and after_commit else ""
    say(f"{head}")
    say(
        f"      copies served (its page 200, or its title in a page) for requests made after COMMIT: {after_commit}"
        f"{at_least}, after the call returned (purge done): {after_done}"
        + (f"; the last made {1000 * (last - commit):.0f} ms after the commit" if last is not None else "")
    )
    if first_404:
        say(
            f"      first 404 on its address: received {1000 * (first_404['min_recv'] - commit):.0f} ms after the "
            f"commit (request made {1000 * (first_404['min_send'] - commit):+.0f} ms); {first_404['n']} in all"
        )
        if first_404["min_recv"] < commit:
            problems.append("a 404 for the taken-down story came before its take-down committed")
    else:
        say("      no 404 on its address was seen")
    verdict = "MET" if after_target == 0 else "NOT MET"
    if after_target:
        missed.append("take-down visible within 1 s")
    say(f"      target: every reader sees the take-down within {TARGET_VISIBLE_S * 1000:.0f} ms of COMMIT: {verdict}")
    if after_done:
        problems.append(f"{after_done} reader(s) were shown the taken-down story for requests made after the take-down "
                        "had committed and its call had returned")  # fmt: skip
    elif after_commit and args.strict_takedown:
        problems.append(f"{after_commit} reader(s) were shown the taken-down story for requests made after COMMIT")
    return problems


def count_report(steps: list[Step], baseline: dict, final: dict) -> list[str]:
    problems = []
    accepted = Counter()
    for step in steps:
        for article_id, row in step.beacons.items():
            accepted[article_id] += row.get(204, 0)
    total_204 = sum(accepted.values())
    cookies = sum(step.totals["beacon_cookie"] for step in steps)
    lost_beacons = sum(step.totals["lost_beacons"] for step in steps)
    added = {name: final[name] - baseline[name] for name in ("total", "day", "hour")}
    say("=== views")
    say(
        f"    beacons answered 204: {total_204:,} ({cookies:,} with the nr_seen cookie, i.e. counted by the server's "
        f"word); views added: totals {added['total']:,}, day buckets {added['day']:,}, hour buckets {added['hour']:,}"
    )
    per_article_bad = []
    for article_id in set(accepted) | {a for a in final["per_article"] if a not in baseline["per_article"]}:
        views = final["per_article"].get(article_id, 0) - baseline["per_article"].get(article_id, 0)
        if views != accepted.get(article_id, 0):
            per_article_bad.append(f"article {article_id}: {views} counted, {accepted.get(article_id, 0)} 204s")
    exact = added["total"] == added["day"] == added["hour"] == total_204 and not per_article_bad
    say(f"    views counted = beacons accepted, in all and per article: {'EXACT' if exact else 'NOT EXACT'}"
        + (f" ({lost_beacons} beacons were cut off unanswered)" if lost_beacons else ""))  # fmt: skip
    if not exact:
        problems.append(
            f"views counted ({added['total']}, day {added['day']}, hour {added['hour']}) ≠ beacons answered 204 "
            f"({total_204}); " + "; ".join(per_article_bad[:5])
        )
    return problems


# ---------------------------------------------------------------- main


def main() -> int:
    args = parse_args()
    benchlib.require_tool("wrk")
    benchlib.print_machine({"redis": benchlib.redis_version(args.redis_url)})
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-spike-"))
    started = time.monotonic()
    server = proxy = editor = flusher = None
    problems: list[str] = []
    results: list[dict] = []
    try:
        for url in (args.redis_url, args.views_redis_url):
            redis_client(url).flushdb()
        database_url = benchlib.db_create(DB_NAME)
        env = django_env(tmp, database_url, args)
        setup = prepare(tmp, env, database_url, args)
        args.victim_id = setup["hot"][2]["id"]
        views_client = redis_client(args.views_redis_url)
        flush_until_empty(env, views_client)
        baseline = view_sums(database_url)
        plan, listing = plan_file(tmp, setup, args)

        busy = benchlib.wait_quiet(args.quiet_wait)
        say(f"machine before the run: {busy:.2f} cores busy with other processes")
        server = Server(tmp, env, args)
        proxy = Nginx(tmp, args.port, args.port + 1)
        import urllib.request

        for line in plan.read_text().splitlines():  # one request per page: the first readers find a warm cache
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}{line.split()[2]}", timeout=30).read()  # noqa: S310

        t0 = time.monotonic() + 2.0
        editor_plan = {
            "start": t0, "stop_at": args.load_s, "editor": setup["editor"], "lead": setup["hot"][0]["id"],
            "corrected": setup["hot"][1]["id"], "taken_down": setup["hot"][2]["id"], "save_every": args.save_every,
            "publish_every": args.publish_every, "correction_at": args.correction_at, "takedown_at": args.takedown_at,
        }  # fmt: skip
        (tmp / "editor.json").write_text(json.dumps(editor_plan))
        events_path = tmp / "events.jsonl"
        editor = subprocess.Popen(  # noqa: S603
            [benchlib.PYTHON, str(BENCH / "spike_editor.py"), str(tmp / "editor.json"), str(events_path)],
            cwd=ROOT, env=env, stdout=(tmp / "editor.log").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        if args.flush_every > 0:
            flusher = Flusher(env, args.flush_every)
            flusher.start()
        meter = CpuMeter(server, proxy, editor, database_url, args.redis_url)
        say(
            f"nginx on 127.0.0.1:{args.port} → gunicorn sync x{args.workers} on :{args.port + 1}; "
            f"steps of {args.step_seconds:g} s at "
            f"{args.rates} readers/s; the desk: lead saved every {args.save_every:g} s, a story published every "
            f"{args.publish_every:g} s, a correction at {args.correction_at:g} s, a take-down at {args.takedown_at:g} s"
        )
        steps: list[Step] = []
        for index, rate in enumerate(args.rate_list):
            threads = args.threads or max(32, min(400, math.ceil(rate / 4)))
            step = Step(rate=rate, threads=threads)
            step.start = max(t0 + index * (args.step_seconds + GAP_S), time.monotonic() + 0.5)
            run_step(step, tmp, plan, listing, setup, args, meter, flusher)
            steps.append(step)
            takedown = next((e for e in read_events(events_path) if e["kind"] == "take_down" and "commit" in e), None)
            results.append(step_report(step, args, takedown["commit"] if takedown else None))

        remaining = t0 + args.load_s - time.monotonic()
        editor.wait(timeout=max(remaining, 0) + 30)
        benchlib.stop_process(editor)
        if flusher:
            flusher.stop()
        proxy.stop()
        server.stop()
        log = server.log_text()
        if "Traceback" in log:
            say(f"    gunicorn log: {log.count('Traceback')} tracebacks (see {server.log} with --keep)")

        flush_until_empty(env, views_client)
        final = view_sums(database_url)
        events = read_events(events_path)
        problems += count_report(steps, baseline, final)
        desk_problems, missed = editor_report(events, steps, args, t0)
        problems += desk_problems
        if flusher:
            say(f"    flush_views during the run: {flusher.runs} runs, {flusher.failures} failed, "
                f"{flusher.cpu_s:.1f} s of CPU")  # fmt: skip

        say("=== summary")
        say("| readers/s offered | came | pages/s | beacons/s | p50 ms | p99 ms | errors | X-Page-Cache | "
            "server CPU/reader | wrk CPU/reader | other load | ⇒ on 2 free cores |")  # fmt: skip
        say("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in results:
            say(
                f"| {r['rate']:,} | {r['achieved']:,.0f} | {r['pages']:,.0f} | {r['beacons']:,.0f} | {r['p50']:.1f} | "
                f"{r['p99']:.1f} | {r['errors']} | {r['cache']} | {r['server_ms']:.2f} ms | {r['wrk_ms']:.2f} ms | "
                f"{r['others']:.2f} cores | {r['capacity']:,.0f}/s |"
            )
        spike_met = any(r["met"] for r in results)
        say(
            f"    target ≥ {TARGET_READERS:,} readers/s with p99 < {TARGET_P99_MS} ms, no error, the lead saved every "
            f"{args.save_every:g} s: {'MET' if spike_met else 'NOT MET'}"
        )
        for item in missed:
            say(f"    target {item}: NOT MET")
    finally:
        if editor is not None:
            benchlib.stop_process(editor)
        if flusher is not None:
            flusher.stop()
        if proxy is not None:
            proxy.stop()
        if server is not None:
            server.stop()
        if not args.keep:
            benchlib.db_drop(DB_NAME)
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            say(f"kept: database {DB_NAME}, folder {tmp}")
        for url in (args.redis_url, args.views_redis_url):
            try:
                redis_client(url).flushdb()
            except Exception as error:
                say(f"(could not flush {url}: {error})")
    for problem in problems:
        say(f"CHECK FAILED: {problem}")
    say(f"(total {time.monotonic() - started:.0f} s; {'FAIL' if problems else 'checks passed'})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
