"""In-process cost of one beacon request, without gunicorn or the network (run by views_http.py --profile).

Calls the project's WSGI application (articles/beacon_fast.py's FastPath in front of Django's handler, as
newsroom/wsgi.py builds it) directly with a POST /api/xem/ environ, as gunicorn would, and prints:
- microseconds per request for /bench/noop/ (middleware only), /bench/exists/ (+ the published() query),
  /api/xem/ through Django's view alone (what every beacon cost before the fast path) and through the fast
  path (the real beacon) — and the GET that views_http.lua sends to drain;
- SQL statements and Redis commands per beacon;
- the top of a cProfile of the beacon.

Environment: DATABASE_URL of a migrated bench database, REDIS_URL (optional),
DJANGO_SETTINGS_MODULE=ladder_settings, bench/ on sys.path.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladder_settings")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
# The drain GETs' 405s would each log a warning to the terminal; that is not what is measured here.
logging.getLogger("django.request").setLevel(logging.ERROR)

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

USER_AGENT = "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile"


def environ(path: str, body: bytes, method: str = "POST") -> dict:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": USER_AGENT,
        "CONTENT_TYPE": "text/plain;charset=UTF-8",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def call(app, path: str, article_id: str, method: str = "POST") -> str:
    status = []
    body = f"id={article_id}".encode() if method == "POST" else b""
    result = app(environ(path, body, method), lambda s, h, exc_info=None: status.append(s))
    b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return status[0]


def timed(app, path: str, ids: list[str], count: int, method: str = "POST") -> tuple[float, float]:
    """(wall, CPU) microseconds per request."""
    for n in range(50):
        call(app, path, ids[n % len(ids)], method)
    started, cpu = time.perf_counter(), time.process_time()
    for n in range(count):
        status = call(app, path, ids[n % len(ids)], method)
        if n == 0 and not status.startswith(("204", "405")):
            raise RuntimeError(f"{method} {path} answered {status}")
    return (time.perf_counter() - started) / count * 1e6, (time.process_time() - cpu) / count * 1e6


def breakdown(app, ids: list[str], count: int) -> None:
    """Where one beacon's time goes: the view's steps are wrapped (in this process only) with timers."""

    from articles import beacon, ranking

    spans: dict[str, list[float]] = {}

    def wrap(owner, attr: str, label: str):
        original = getattr(owner, attr)

        def timed_call(*args, **kwargs):
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                span = spans.setdefault(label, [0.0, 0.0])
                span[0] += time.perf_counter() - started
                span[1] += time.process_time() - cpu

        setattr(owner, attr, timed_call)
        return owner, attr, original

    from articles import beacon_fast, published_ids

    if settings.REDIS_URL:
        counting = [wrap(beacon_fast, "_evalsha", "Lua script: rate limit + HINCRBY, 1 Redis round trip (EVALSHA)")]
    else:
        counting = [
            wrap(beacon, "_rate_limited", "rate limit: cache.add + cache.incr (LocMem cache)"),
            wrap(ranking, "view_record", "view_record (SELECT + 3 upserts + COMMIT)"),
        ]
    patched = [
        wrap(published_ids.ids, "holds", "published? the worker's set of published ids"),
        wrap(beacon, "is_automated", "bot check (User-Agent regex, memoised per User-Agent)"),
        *counting,
        wrap(beacon, "_seen_value", "nr_seen cookie: signing.dumps (memoised per second and value)"),
    ]
    try:
        wall, cpu = timed(app, "/api/xem/", ids, count)
    finally:
        for owner, attr, original in patched:
            setattr(owner, attr, original)
    # timed() also ran 50 warm-up requests through the wrappers.
    total = count + 50
    print(f"--- where one beacon's time goes (in-process, {count} requests; µs per request, wall / CPU)")
    print(f"    {'the whole request':<78} {wall:7.0f} / {cpu:7.0f}")
    spent_wall = spent_cpu = 0.0
    for label, (span_wall, span_cpu) in spans.items():
        spent_wall += span_wall / total * 1e6
        spent_cpu += span_cpu / total * 1e6
        print(f"    {label:<78} {span_wall / total * 1e6:7.0f} / {span_cpu / total * 1e6:7.0f}")
    print(
        f"    {'the rest: WSGIRequest, body, cookie parsing, the response and its headers':<78} "
        f"{wall - spent_wall:7.0f} / {cpu - spent_cpu:7.0f}"
    )


def redis_calls():
    if not settings.REDIS_URL:
        return None
    import redis

    stats = redis.Redis.from_url(settings.REDIS_URL).info("commandstats")
    return {name.removeprefix("cmdstat_"): value["calls"] for name, value in stats.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ids", required=True)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    ids = args.ids.split(",")
    from articles.beacon_fast import FastPath

    django_app = WSGIHandler()
    app = FastPath(django_app)
    count = min(max(args.count, 100), 20000)
    print(f"--- in-process profile of one request (no gunicorn, no network), {count} requests each")
    print(f"    Redis: {settings.REDIS_URL or 'off (db path)'}")
    print(f"    {'µs per request, wall / CPU':<48} ")
    for label, path, method in [
        ("GET /api/xem/ → 405 (views_http.lua's drain)", "/api/xem/", "GET"),
        ("POST /bench/noop/ (middleware only)", "/bench/noop/", "POST"),
        ("POST /bench/exists/ (+ published() query)", "/bench/exists/", "POST"),
        ("POST /api/xem/ through Django's view only", "/api/xem/", "DJANGO"),
        ("POST /api/xem/ (the beacon: the fast path)", "/api/xem/", "POST"),
    ]:
        if method == "DJANGO":
            wall, cpu = timed(django_app, path, ids, count, "POST")
        else:
            wall, cpu = timed(app, path, ids, count, method)
        print(f"    {label:<48} {wall:7.0f} / {cpu:7.0f}")
    breakdown(app, ids, count)

    with CaptureQueriesContext(connection) as queries:
        before = redis_calls()
        for n in range(100):
            call(app, "/api/xem/", ids[n % len(ids)])
        after = redis_calls()
    print(f"    SQL statements per beacon: {len(queries) / 100:g}")
    for query in queries.captured_queries[: len(queries) // 100]:
        print(f"        {query['sql'][:150]}")
    if before is not None:
        delta = {name: after.get(name, 0) - before.get(name, 0) for name in after}
        # The two INFO calls themselves are in the delta: leave them out.
        delta["info"] = delta.get("info", 0) - 1
        print(
            "    Redis commands per beacon: "
            + ", ".join(f"{name} {calls / 100:g}" for name, calls in sorted(delta.items()) if calls > 0)
        )

    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(count):
        call(app, "/api/xem/", ids[n % len(ids)])
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    print(f"--- cProfile of {count} beacons, top 30 by cumulative time (wall clock, inflated by the profiler)")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:12000])


if __name__ == "__main__":
    main()
