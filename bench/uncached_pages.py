"""Public pages rendered on every request, as a share of what the same gunicorn serves for a constant view.

Run through bench/uncached_pages.sh (it installs what is missing). Once:

1. a throw-away PostgreSQL database (newsroom_ceiling_bench by default, --db): `migrate`, the realistic
   archive (bench/seed_realistic.py --articles 5000 --views 30: photos, bylines, 3–5 tags each, bodies of
   7–10 paragraphs, English editions, two years of dates), `collectstatic` (DEBUG is off), `VACUUM ANALYZE`;
2. SQL queries, SQL time and size of each page, rendered in-process by bench/uncached_queries.py (the page
   cache off, fragments warm: the issue's "≤ 6 queries" condition);

then, for each mode (off: NEWSROOM_PAGE_CACHE_SECONDS=0, every request renders; warm: the page cache on):

3. gunicorn, 2 sync workers as in a real install, DEBUG=0, on 127.0.0.1:--port, with bench/uncached_settings.py
   (the project's settings plus /bench/constant/, a fixed page through the same middleware): the ceiling;
4. for each page, a warm-up with wrk (every worker fills its fragments, ranking and renditions caches), a wait
   for a quiet machine, then wrk -t1 for --duration seconds; the article page rotates over --rotate articles
   (the cached pass over the --hot newest, the few stories a crowd reads). A run passes only if every answer
   is a 200 and (off) none came from the page cache.

Figures per page: requests/s, p50/p99, gunicorn CPU per request from /proc, page size, SQL queries and time,
and the share of the ceiling: by requests/s (the issue's measure; both in the same server and run) and by
CPU per request (steadier on a shared machine). Targets: article ≥ 10 % of the ceiling; article and home
≤ 6 queries.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

import benchlib
from benchlib import BENCH, PYTHON, ROOT, say

DEFAULT_DB = "newsroom_ceiling_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
REDIS_KEY_PATTERN = "bench-uncached:*"  # uncached_settings.py's KEY_PREFIX
WARM_SECONDS = 300
WARM_ROUNDS = 10
SEARCH_QUERY = "giao thông"
# Readers for the newest articles only (all within the last day or two): enough for "Tin xem nhiều" to show its
# ten; giving the archive's two years of readers would take minutes of seeding.
VIEWED = 30
TARGET_SHARE = 0.10
TARGET_QUERIES = 6
QUERY_LIMITED = ("article", "home")
SLOWEST_SHOWN = 3  # the slowest statements printed for each query-limited page


@dataclass
class Measure:
    mode: str
    page: str
    figures: dict[str, float] = field(default_factory=dict)
    cpu_s: float = 0.0  # gunicorn's processes
    pg_cpu_s: float = 0.0  # the PostgreSQL backends of its connections
    busy_before: float = 0.0

    @property
    def requests(self) -> float:
        return self.figures.get("requests", 0)

    @property
    def rate(self) -> float:
        duration = self.figures.get("duration_s", 0)
        return self.requests / duration if duration else 0.0

    @property
    def cpu_ms(self) -> float:
        return self.cpu_s / self.requests * 1000 if self.requests else 0.0

    @property
    def pg_ms(self) -> float:
        return self.pg_cpu_s / self.requests * 1000 if self.requests else 0.0

    @property
    def server_ms(self) -> float:
        """The machine's CPU per request on the server side: gunicorn and PostgreSQL."""
        return self.cpu_ms + self.pg_ms

    def problems(self) -> list[str]:
        found = []
        if self.figures.get("status_other") or self.figures.get("errors"):
            other, errors = self.figures.get("status_other", 0), self.figures.get("errors", 0)
            found.append(f"{other:.0f} non-200, {errors:.0f} errors")
        if self.mode == "off" and self.figures.get("cache_hit", 0):
            found.append(f"{self.figures['cache_hit']:.0f} answers came from the page cache")
        return found


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000, help="Vietnamese articles to seed (5000)")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"the throw-away PostgreSQL database ({DEFAULT_DB})")
    parser.add_argument("--cache", choices=("locmem", "redis"), default="locmem")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--port", type=int, default=20701)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of measured load per page")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rotate", type=int, default=500, help="articles the uncached article run rotates over")
    parser.add_argument("--hot", type=int, default=10, help="articles the cached article run rotates over")
    parser.add_argument("--quiet-wait", type=float, default=30.0, help="seconds to wait at most for an idle machine")
    parser.add_argument("--no-cached", action="store_true", help="skip the page-cache-on pass")
    parser.add_argument("--keep", action="store_true", help="keep the database and the temporary folder")
    return parser.parse_args()


def django_env(tmp: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = benchlib.django_env(
        database_url,
        DJANGO_SETTINGS_MODULE="uncached_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH), str(ROOT), os.environ.get("PYTHONPATH", "")])),
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_MEDIA_ROOT=str(tmp / "media"),
        NEWSROOM_CACHE_DIR=str(tmp / "cache"),
        **extra,
    )
    if "NEWSROOM_PAGE_CACHE_SECONDS" not in extra:
        env.pop("NEWSROOM_PAGE_CACHE_SECONDS", None)
    return env


def run_python(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603 (our own scripts, fixed arguments)
        [PYTHON, *args], cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE
    ).stdout


def prepare(tmp: Path, env: dict[str, str], args) -> dict[str, list[str]]:
    """The archive in the database; returns the paths of each page (several for the article page)."""
    started = time.monotonic()
    benchlib.manage(env, "migrate", "--no-input", capture=True)
    seeded = run_python(env, str(BENCH / "seed_realistic.py"), "--articles", str(args.articles), "--views", str(VIEWED))
    say(f"seed: {seeded.splitlines()[0]}")
    benchlib.manage(env, "collectstatic", "--no-input", capture=True)
    lookup = f"""
import json, random
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from articles.models import Article, Section, Tag
with connection.cursor() as cursor:  # autocommit: VACUUM runs outside a transaction
    cursor.execute("VACUUM ANALYZE")
vi = Article.objects.published().filter(language="vi").order_by("-published_at", "-id")
every = list(vi.values_list("pk", flat=True))
chosen = random.Random(7).sample(every, min({args.rotate}, len(every)))
section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
tags = list(Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n")[:10])
print(json.dumps({{
    "rotate": [a.get_absolute_url() for a in Article.objects.filter(pk__in=chosen).select_related("section")],
    "hot": [a.get_absolute_url() for a in vi.select_related("section")[:{args.hot}]],
    "section": section.get_absolute_url(),
    "tag": reverse("articles:tag", kwargs={{"tag_slug": tags[-1].slug}}),
}}))
"""
    found = json.loads(benchlib.manage(env, "shell", "-c", lookup, capture=True).strip().splitlines()[-1])
    random.Random(1).shuffle(found["rotate"])
    say(f"archive ready in {time.monotonic() - started:.0f} s")
    return {
        "ceiling": ["/bench/constant/"],
        "article": found["rotate"],
        "home": ["/"],
        "section": [found["section"]],
        "tag": [found["tag"]],
        "search": [f"/tim-kiem/?q={quote_plus(SEARCH_QUERY)}"],
        "most_viewed": ["/xem-nhieu/"],
        "article_hot": found["hot"],
    }


def count_queries(env: dict[str, str], pages: dict[str, list[str]]) -> dict[str, dict]:
    """Queries, SQL time and size per page (the article page: the worst of 5 articles)."""
    paths = {page: paths[:5] for page, paths in pages.items() if page not in ("ceiling", "article_hot")}
    flat = [path for group in paths.values() for path in group]
    counted = json.loads(
        run_python(
            env | {"NEWSROOM_PAGE_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "127.0.0.1"},
            str(BENCH / "uncached_queries.py"),
            *flat,
        ).splitlines()[-1]
    )
    result = {}
    for page, group in paths.items():
        worst = max((counted[path] for path in group), key=lambda figures: figures["queries"])
        result[page] = worst | {"statuses": sorted({counted[path]["status"] for path in group})}
    return result


class Server:
    def __init__(self, tmp: Path, env: dict[str, str], port: int, workers: int):
        with socket.socket() as probe:
            # Another server on the port would answer in place of this one and be measured instead.
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise RuntimeError(f"something already listens on 127.0.0.1:{port}: choose another --port")
        self.log = tmp / f"gunicorn-{port}.log"
        self.proc = benchlib.start_gunicorn("newsroom.wsgi", port, tmp, env, self.log, "--workers", str(workers))
        benchlib.wait_http(f"http://127.0.0.1:{port}/robots.txt")
        if self.proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start: see {self.log}")

    def cpu(self) -> dict[int, float]:
        """CPU seconds so far of gunicorn's processes, by pid."""
        return {pid: benchlib.process_cpu(pid) or 0.0 for pid in benchlib.process_tree(self.proc.pid)}

    def stop(self) -> None:
        benchlib.stop_process(self.proc)


def pg_backends_cpu(database_url: str) -> dict[int, float]:
    """CPU seconds so far of the PostgreSQL backends serving the benchmark's database (the workers keep their
    connections: CONN_MAX_AGE), by pid: an uncached page's SQL costs the machine's cores there."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return {pid: benchlib.process_cpu(pid) or 0.0 for (pid,) in rows}


def used(before: dict[int, float], after: dict[int, float]) -> float:
    # A process that started during the run counts from zero.
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())

    def stop(self) -> None:
        benchlib.stop_process(self.proc)


def wrk(base: str, paths_file: Path, seconds: float, connections: int) -> dict[str, float]:
    return benchlib.wrk("uncached_pages.lua", base, seconds, connections, str(paths_file))


def measure(
    tmp: Path, env: dict[str, str], database_url: str, args, mode: str, pages: dict[str, list[str]]
) -> list[Measure]:
    seconds = str(WARM_SECONDS if mode == "warm" else 0)
    server = Server(tmp, env | {"NEWSROOM_PAGE_CACHE_SECONDS": seconds}, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    results = []
    try:
        for page, paths in pages.items():
            paths_file = tmp / f"paths-{page}.txt"
            paths_file.write_text("\n".join(paths) + "\n")
            warmed = wrk(base, paths_file, args.warmup, args.connections)
            # With the page cache on, every worker must have kept every path (locmem is per process): warm
            # until a warm-up is all hits, within a bound.
            for _ in range(WARM_ROUNDS if mode == "warm" else 0):
                if warmed.get("cache_hit", 0) >= warmed.get("requests", 1):
                    break
                warmed = wrk(base, paths_file, args.warmup, args.connections)
            busy = benchlib.wait_quiet(args.quiet_wait)
            gunicorn_before, pg_before = server.cpu(), pg_backends_cpu(database_url)
            result = Measure(mode, page, wrk(base, paths_file, args.duration, args.connections), busy_before=busy)
            result.cpu_s = used(gunicorn_before, server.cpu())
            result.pg_cpu_s = used(pg_before, pg_backends_cpu(database_url))
            results.append(result)
            p50, p99 = result.figures.get("latency_p50_ms", 0), result.figures.get("latency_p99_ms", 0)
            hits = result.figures.get("cache_hit", 0) / max(result.requests, 1)
            say(
                f"  {mode:4} {page:12} {result.rate:8.1f} req/s   p50 {p50:7.1f} ms   p99 {p99:7.1f} ms"
                f"   CPU/req gunicorn {result.cpu_ms:6.2f} + PostgreSQL {result.pg_ms:5.2f} ms"
                f"   page-cache hits {hits:4.0%}"
                f"   (other load before: {busy:.2f} cores)   {'; '.join(result.problems()) or 'ok'}"
            )
    finally:
        server.stop()
    return results


def report(results: list[Measure], counts: dict[str, dict]) -> list[str]:
    """The table, and the targets not met."""
    ceiling = next(r for r in results if r.mode == "off" and r.page == "ceiling")
    missed = []
    say(
        f"\nceiling (constant view, same gunicorn): {ceiling.rate:.0f} req/s, {ceiling.server_ms:.2f} ms CPU/req\n"
        "\n| page | page cache | req/s | share of ceiling (req/s) | share (server CPU/req) | p50 / p99 ms "
        "| CPU ms/req: gunicorn + PostgreSQL | KB | SQL queries | SQL ms |"
    )
    say("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for result in results:
        if result.page == "ceiling":
            continue
        counted = counts.get(result.page.removesuffix("_hot"), {})
        share = result.rate / ceiling.rate if ceiling.rate else 0.0
        cpu_share = ceiling.server_ms / result.server_ms if result.server_ms else 0.0
        kb = counted.get("bytes", result.figures.get("bytes", 0) / max(result.requests, 1)) / 1024
        cold = result.mode == "off"
        say(
            f"| {result.page.removesuffix('_hot')} | {'off' if cold else 'on'} | {result.rate:.0f} | {share:.1%} "
            f"| {cpu_share:.1%} | {result.figures.get('latency_p50_ms', 0):.1f} / "
            f"{result.figures.get('latency_p99_ms', 0):.1f} | {result.cpu_ms:.1f} + {result.pg_ms:.1f} | {kb:.1f} "
            f"| {counted.get('queries', '?') if cold else '–'} | {counted.get('sql_ms', 0) if cold else '–'} |"
        )
        if cold and result.page == "article" and share < TARGET_SHARE:
            missed.append(f"uncached article at {share:.1%} of the ceiling (target ≥ {TARGET_SHARE:.0%})")
    for page in QUERY_LIMITED:
        queries = counts.get(page, {}).get("queries", 0)
        if queries > TARGET_QUERIES:
            missed.append(f"{page}: {queries} queries with a cold page cache (target ≤ {TARGET_QUERIES})")
    return missed


def main() -> int:
    args = parse_args()
    if args.cache == "redis":
        benchlib.print_machine({"redis": benchlib.redis_version(args.redis_url)})
    else:
        benchlib.print_machine()
    say(f"load average before: {benchlib.loadavg():.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-uncached-"))
    database_url = benchlib.db_create(args.db)
    extra = {"REDIS_URL": args.redis_url} if args.cache == "redis" else {}
    env = django_env(tmp, database_url, **extra)
    results: list[Measure] = []
    failed: list[str] = []
    try:
        if args.cache == "redis":
            benchlib.redis_delete_matching(args.redis_url, REDIS_KEY_PATTERN)
        pages = prepare(tmp, env, args)
        counts = count_queries(env, pages)
        for page, figures in counts.items():
            say(
                f"  {page:12} {figures['queries']:3d} queries  {figures['sql_ms']:7.2f} ms SQL  "
                f"{figures['render_ms']:7.1f} ms in-process  {figures['bytes'] / 1024:5.1f} KB  {figures['statuses']}"
            )
            for ms, statement in figures["sql"][:SLOWEST_SHOWN] if page in QUERY_LIMITED else ():
                say(f"      {ms:6.1f} ms  {statement}")
            if figures["statuses"] != [200]:
                failed.append(f"{page}: status {figures['statuses']}")
        say(
            f"gunicorn sync x{args.workers} on 127.0.0.1:{args.port} ({args.cache} cache); "
            f"wrk -t1 -c{args.connections} -d{args.duration:g}s per page after {args.warmup:g} s of warm-up; "
            f"article rotating over "
            f"{len(pages['article'])} articles (cached: the {len(pages['article_hot'])} newest)"
        )
        uncached = {page: paths for page, paths in pages.items() if page != "article_hot"}
        results += measure(tmp, env, database_url, args, "off", uncached)
        if not args.no_cached:
            cached = {"article_hot": pages["article_hot"], "home": pages["home"]}
            results += measure(tmp, env, database_url, args, "warm", cached)
    finally:
        if args.cache == "redis":
            benchlib.redis_delete_matching(args.redis_url, REDIS_KEY_PATTERN)
        if args.keep:
            say(f"kept: {tmp} and the database {args.db}")
        else:
            benchlib.db_drop(args.db)
            shutil.rmtree(tmp, ignore_errors=True)
    missed = report(results, counts)
    say(f"load average after: {benchlib.loadavg():.2f}")
    for line in missed:
        say(f"NOT MET: {line}")
    failed += [f"{r.mode} {r.page}: {'; '.join(r.problems())}" for r in results if r.problems()]
    for line in failed:
        say(f"FAILED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
