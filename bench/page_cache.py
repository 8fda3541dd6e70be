"""Requests/s of public pages under gunicorn with wrk: the page cache warm versus off.

Run through bench/page_cache.sh (it installs what is missing). Once:

1. a throw-away SQLite file in a temporary folder: `migrate`, `seed_demo` (the demo paper: sections, the
   real Báo Đồng Nai article and about 30 more with photos and sample views), `make_renditions`,
   `collectstatic` (DEBUG is off, as in production);

then for each cache backend (locmem: per process; redis: shared, as in production) and each mode (warm:
NEWSROOM_PAGE_CACHE_SECONDS=120; off: 0):

2. gunicorn (sync x3 by default) on 127.0.0.1:8201, DEBUG=0, the demo database;
3. for each page (the home page, the real article's page): a warm-up with wrk (so that every worker has
   filled its cache, and the "Tin xem nhiều" ranking and photo renditions are cached in every mode), then
   wrk for --duration seconds; the answers are counted by status and by X-Page-Cache. A run passes only if
   every answer is a 200 and, in warm mode, every answer is a hit.

The figures: requests/s, latency p50/p99, and gunicorn's CPU per request read from /proc (the machine is
shared; CPU per request hardly depends on what else runs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import benchlib
from benchlib import BENCH, say

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
REDIS_KEY_PATTERN = "bench-page-cache:*"  # page_cache_settings.py's KEY_PREFIX
WARM_SECONDS = 120


@dataclass
class Measure:
    backend: str
    mode: str
    page: str
    figures: dict[str, float] = field(default_factory=dict)
    cpu_s: float = 0.0

    @property
    def rate(self) -> float:
        duration = self.figures.get("duration_s", 0)
        return self.figures.get("requests", 0) / duration if duration else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        requests = self.figures.get("requests", 0)
        return self.cpu_s / requests * 1000 if requests else 0.0

    def problems(self) -> list[str]:
        found = []
        if self.figures.get("status_other") or self.figures.get("errors"):
            found.append(
                f"{self.figures.get('status_other', 0):.0f} non-200, {self.figures.get('errors', 0):.0f} errors"
            )
        expected = "cache_hit" if self.mode == "warm" else "cache_off"
        if self.figures.get(expected, 0) != self.figures.get("requests", -1):
            others = ", ".join(
                f"{value:.0f} {name[6:]}" for name, value in self.figures.items() if name.startswith("cache_") and value
            )
            found.append(
                f"only {self.figures.get(expected, 0):.0f} of {self.figures.get('requests', 0):.0f} were {expected[6:]}"
                f" ({others})"
            )
        return found


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", choices=("locmem", "redis", "both"), default="both")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of measured load per page and mode")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--quiet-wait", type=float, default=30.0, help="seconds to wait at most for an idle machine")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs)")
    return parser.parse_args()


def django_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = benchlib.django_env(
        f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="page_cache_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH", "")])),
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_MEDIA_ROOT=str(tmp / "media"),
        NEWSROOM_CACHE_DIR=str(tmp / "cache"),  # without Redis, the generation the workers share
        **extra,
    )
    if "NEWSROOM_PAGE_CACHE_SECONDS" not in extra:
        env.pop("NEWSROOM_PAGE_CACHE_SECONDS", None)  # each run says whether the cache is on
    return env


def prepare(tmp: Path) -> str:
    """The demo paper in a fresh SQLite file; returns the real article's address."""
    env = django_env(tmp)
    started = time.monotonic()
    benchlib.manage(env, "migrate", "--no-input", capture=True)
    # DEBUG on for the loader only: the demo's known passwords instead of random ones printed on the terminal.
    benchlib.manage(env | {"DEBUG": "1"}, "seed_demo", capture=True)
    benchlib.manage(env, "make_renditions", capture=True)
    benchlib.manage(env, "collectstatic", "--no-input", capture=True)
    lookup = (
        "from articles.models import Article; "
        "print(Article.objects.published().filter(language='vi').order_by('published_at', 'id').first()"
        ".get_absolute_url())"
    )
    url = benchlib.manage(env, "shell", "-c", lookup, capture=True).strip().splitlines()[-1]
    say(f"demo paper loaded in {time.monotonic() - started:.0f} s; article page: {url}")
    return url


class Server:
    def __init__(self, tmp: Path, env: dict[str, str], port: int, workers: int):
        self.log = tmp / f"gunicorn-{port}.log"
        self.proc = benchlib.start_gunicorn("newsroom.wsgi", port, tmp, env, self.log, "--workers", str(workers))
        benchlib.wait_http(f"http://127.0.0.1:{port}/robots.txt")

    def cpu(self) -> float:
        return sum(benchlib.process_cpu(pid) or 0.0 for pid in benchlib.process_tree(self.proc.pid))

    def stop(self) -> None:
        benchlib.stop_process(self.proc)


def wrk(url: str, seconds: float, connections: int) -> dict[str, float]:
    return benchlib.wrk("page_cache.lua", url, seconds, connections)


def measure(tmp: Path, args, backend: str, mode: str, pages: dict[str, str]) -> list[Measure]:
    extra = {"NEWSROOM_PAGE_CACHE_SECONDS": str(WARM_SECONDS if mode == "warm" else 0)}
    if backend == "redis":
        extra["REDIS_URL"] = args.redis_url
    server = Server(tmp, django_env(tmp, **extra), args.port, args.workers)
    results = []
    try:
        for page, path in pages.items():
            url = f"http://127.0.0.1:{args.port}{path}"
            wrk(url, args.warmup, args.connections)
            busy = benchlib.wait_quiet(args.quiet_wait)
            before = server.cpu()
            result = Measure(backend, mode, page, wrk(url, args.duration, args.connections))
            result.cpu_s = server.cpu() - before
            results.append(result)
            problems = "; ".join(result.problems()) or "ok"
            p50, p99 = result.figures.get("latency_p50_ms", 0), result.figures.get("latency_p99_ms", 0)
            size_kb = result.figures.get("bytes", 0) / max(result.figures.get("requests", 0), 1) / 1024
            say(
                f"  {backend:6} {mode:4} {page:8} {size_kb:5.1f} KB {result.rate:8.1f} req/s"
                f"   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms"
                f"   gunicorn CPU {result.cpu_ms_per_request:5.2f} ms/req   (other load before: {busy:.2f} cores)"
                f"   {problems}"
            )
    finally:
        server.stop()
    return results


def redis_available(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def main() -> int:
    args = parse_args()
    backends = ["locmem", "redis"] if args.cache == "both" else [args.cache]
    if "redis" in backends and not redis_available(args.redis_url):
        if args.cache == "redis":
            sys.exit(f"Redis does not answer at {args.redis_url}")
        say(f"Redis does not answer at {args.redis_url}: locmem only")
        backends = ["locmem"]
    benchlib.print_machine({"redis": benchlib.redis_version(args.redis_url)} if "redis" in backends else None)
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-page-cache-"))
    results: list[Measure] = []
    try:
        article_url = prepare(tmp)
        pages = {"home": "/", "article": article_url}
        say(
            f"gunicorn sync x{args.workers} on 127.0.0.1:{args.port}; wrk -t1 -c{args.connections} "
            f"-d{args.duration:g}s per page after {args.warmup:g} s of warm-up"
        )
        for backend in backends:
            if backend == "redis":
                benchlib.redis_delete_matching(args.redis_url, REDIS_KEY_PATTERN)
            for mode in ("off", "warm"):
                results += measure(tmp, args, backend, mode, pages)
    finally:
        if "redis" in backends:
            benchlib.redis_delete_matching(args.redis_url, REDIS_KEY_PATTERN)
        if args.keep:
            say(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    say("\n| cache | page | off: req/s | warm: req/s | × | gunicorn CPU/request off → warm | p50 off → warm |")
    say("| --- | --- | --- | --- | --- | --- | --- |")
    for backend in backends:
        for page in ("home", "article"):
            off, warm = (
                next(r for r in results if (r.backend, r.mode, r.page) == (backend, m, page)) for m in ("off", "warm")
            )
            speedup = warm.rate / off.rate if off.rate else 0
            say(
                f"| {backend} | {page} | {off.rate:.0f} | {warm.rate:.0f} | {speedup:.1f} | "
                f"{off.cpu_ms_per_request:.2f} → {warm.cpu_ms_per_request:.2f} ms | "
                f"{off.figures.get('latency_p50_ms', 0):.1f} → {warm.figures.get('latency_p50_ms', 0):.1f} ms |"
            )
    failed = [r for r in results if r.problems()]
    for result in failed:
        say(f"FAILED {result.backend} {result.mode} {result.page}: {'; '.join(result.problems())}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
