"""Time the search page's SQL on 100,000 realistic Vietnamese articles, exactly as the view runs it.

Run through bench/search_query.sh. Steps:
1. a throw-away database newsroom_search_bench, migrated;
2. --articles published articles (default 100,000) of realistic Vietnamese text (bench/search_corpus.py):
   a 10-16 word title, a 30-45 word sapo, 7-10 paragraphs of 55-85 words drawn from a pool of 20,000,
   1-2 bylines from 40 authors; common words in nearly every article, place names in a few percent,
   rare tokens (companies, road and decree numbers) in a few dozen. Titles, sapos and paragraphs are made in
   Python and copied in; the articles, their search copy and their vector are assembled inside PostgreSQL
   with the app's own expressions (articles.search.weighted_vector);
3. VACUUM ANALYZE (what autovacuum does after a bulk load);
4. for each query (a common word, two common words, a rare token, two words of a place name, the same without
   diacritics, a byline name, a word nobody wrote): the view's SQL through `search.search_page` — cold (the
   first call on a fresh connection after DISCARD ALL) and warm (median and p95 of --runs calls) — and the
   whole view through Django's test client (warm median and p95, fragment caches warm, page cache off),
   then EXPLAIN (ANALYZE, BUFFERS) of each statement;
5. the database is dropped (also on failure), unless --keep.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import benchlib
from benchlib import ROOT, say

DB_NAME = "newsroom_search_bench"
TARGET_MS = 50.0
POOL_PARAGRAPHS = 20_000
QUERIES = {
    "common word": "người",
    "two common words": "kinh tế",
    "rare token": "ĐT768",
    "place (two words)": "Trảng Bom",
    "no diacritics": "trang bom",
    "byline name": "Nguyệt Hà",
    "common, deep page": "người",
    "no hit": "Zuxwqv",
}
DEEP_PAGE = 40  # the page asked for in "common, deep page"


def _compiled(expression) -> tuple[str, tuple]:
    """SQL and parameters of an expression over articles_article's columns, without the table's name."""
    from django.db import connection
    from django.db.models.sql import Query

    from articles.models import Article

    query = Query(Article)
    sql, params = expression.resolve_expression(query).as_sql(query.get_compiler(connection=connection), connection)
    return sql.replace('"articles_article".', ""), tuple(params)


def generate(conn, articles: int, seed: int) -> None:
    """Fill the bench database: text made in Python, articles assembled inside PostgreSQL."""
    from search_corpus import Corpus

    corpus = Corpus(seed)
    rnd = corpus.random
    started = time.monotonic()

    def copy(table: str, columns: str, rows) -> None:
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(str(value).replace("\\", "\\\\").replace("\t", " ") for value in row) + "\n")
        with conn.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as feed:
            feed.write(buffer.getvalue())

    conn.execute("CREATE UNLOGGED TABLE bench_para (id int PRIMARY KEY, html text, plain text)")
    conn.execute(
        """CREATE UNLOGGED TABLE bench_art (n int PRIMARY KEY, title text, sapo text, search_title text,
           search_sapo text, search_bylines text, paras int[], authors int[])"""
    )
    paragraphs = []
    for n in range(POOL_PARAGRAPHS):
        sentences = [corpus.sentence(rnd.randint(12, 20), 0.017, int(rnd.random() < 0.3)) for _ in range(4)]
        html = ". ".join(text for text, _ in sentences) + "."
        paragraphs.append((n, html, " ".join(normal for _, normal in sentences)))
    copy("bench_para", "id, html, plain", paragraphs)
    say(f"    {POOL_PARAGRAPHS:,} paragraphs in {time.monotonic() - started:.1f} s")

    author_ids = [
        row[0]
        for row in conn.execute(
            """INSERT INTO articles_author (name, slug)
               SELECT name, 'tac-gia-' || n FROM unnest(%s::text[]) WITH ORDINALITY AS a(name, n) RETURNING id""",
            ([name for name, _ in corpus.names],),
        ).fetchall()
    ]
    rows = []
    for n in range(1, articles + 1):
        title, title_plain = corpus.sentence(rnd.randint(10, 16), 0.02, int(rnd.random() < 0.6))
        sapo, sapo_plain = corpus.sentence(rnd.randint(30, 45), 0.01, int(rnd.random() < 0.5))
        paras = rnd.sample(range(POOL_PARAGRAPHS), rnd.randint(7, 10))
        authors = rnd.sample(range(len(author_ids)), 1 if rnd.random() < 0.7 else 2)
        rows.append(
            (
                n,
                title,
                f"(ĐN) - {sapo}.",
                f" {title_plain} ",
                f" dn {sapo_plain} ",
                " " + " ".join(corpus.names[a][1] for a in authors) + " ",
                "{" + ",".join(map(str, paras)) + "}",
                "{" + ",".join(str(author_ids[a]) for a in authors) + "}",
            )
        )
        if len(rows) == 10_000:
            copy("bench_art", "n, title, sapo, search_title, search_sapo, search_bylines, paras, authors", rows)
            rows = []
    if rows:
        copy("bench_art", "n, title, sapo, search_title, search_sapo, search_bylines, paras, authors", rows)
    say(f"    {articles:,} titles and sapos in {time.monotonic() - started:.1f} s")

    from django.db.models import F

    from articles.search import head_words, weighted_vector

    # The app's own vector expressions, compiled to SQL over the article's columns.
    vector_sql, vector_params = _compiled(
        weighted_vector(F("search_title"), F("search_sapo"), F("search_body"), F("search_bylines"))
    )

    columns = {
        "id": "b.n",
        "title": "b.title",
        "slug": "'bai-' || b.n",
        "sapo": "b.sapo",
        "body": "(SELECT string_agg('<p>' || p.html || '</p>', '' ORDER BY o.i) FROM unnest(b.paras) WITH ORDINALITY "
        "AS o(id, i) JOIN bench_para p ON p.id = o.id)",
        "search_title": "b.search_title",
        "search_sapo": "b.search_sapo",
        "search_body": "(SELECT ' ' || string_agg(p.plain, ' ' ORDER BY o.i) || ' ' FROM unnest(b.paras) WITH "
        "ORDINALITY AS o(id, i) JOIN bench_para p ON p.id = o.id)",
        "search_bylines": "b.search_bylines",
        "status": "'published'",
        "published_at": "p",
        "first_published_at": "p",
        "language": "CASE WHEN mod(b.n, 10) = 0 THEN 'en' ELSE 'vi' END",
        "section_id": "s.ids[1 + mod(b.n, cardinality(s.ids))]",
    }
    benchlib.article_columns_complete(conn, columns)
    head_sql, head_params = _compiled(head_words(F("search_title"), F("search_sapo")))
    conn.execute("SET session_replication_role = replica")
    # GIN indexes are much faster built once than grown row by row: dropped here, made again after the load
    # from their own definitions.
    indexes = conn.execute(
        """SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article'
           AND indexdef LIKE '%% USING gin %%'"""
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    step = time.monotonic()
    conn.execute(
        f"""
        INSERT INTO articles_article ({", ".join(columns)}, search_vector, search_head)
        SELECT x.*, {vector_sql}, {head_sql} FROM (
            SELECT {", ".join(f"{value} AS {name}" for name, value in columns.items())}
            FROM bench_art b,
                 LATERAL (SELECT now() - (%s - b.n) * (365 * interval '1 day' / %s) AS p) AS t,
                 (SELECT array_agg(id ORDER BY id) AS ids FROM articles_section) AS s
        ) AS x
        """,  # noqa: S608 (only this function's own expressions and the table's column names)
        (*vector_params, *head_params, articles, articles),
    )
    say(f"    articles, their search copy and vectors inserted in {time.monotonic() - step:.1f} s")
    step = time.monotonic()
    for _, definition in indexes:
        conn.execute(definition)
    say(f"    {len(indexes)} GIN indexes built in {time.monotonic() - step:.1f} s")
    conn.execute(
        """INSERT INTO articles_byline (article_id, author_id, role, position)
           SELECT b.n, o.id, 'text', o.i - 1 FROM bench_art b, unnest(b.authors) WITH ORDINALITY AS o(id, i)"""
    )
    conn.execute("SELECT setval(pg_get_serial_sequence('articles_article', 'id'), %s)", (articles,))
    conn.execute("SET session_replication_role = DEFAULT")
    conn.execute("DROP TABLE bench_para, bench_art")


def _backend_cpu(connection) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return benchlib.process_cpu(cursor.fetchone()[0]) or 0.0


def measure(runs: int) -> dict[str, dict]:
    """Per query: the search's own SQL (search.find: the count with the page's ids, then the page) cold and warm,
    with this process's and its PostgreSQL backend's CPU; the whole view through the test client; the plans."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from articles import search
    from articles.models import Article

    url = reverse("articles:search")
    listing = Article.objects.for_listing().filter(language="vi")
    results = {}
    for label, text in QUERIES.items():
        terms = search.parse_query(text).terms
        number = DEEP_PAGE if "deep" in label else 1
        offset = (number - 1) * 20

        def run(terms=terms, offset=offset):
            return search.find(listing, terms, "postgresql", offset, 20)

        # Cold: a new PostgreSQL backend (empty catalog and plan caches), reset, and the first search on it.
        connection.close()
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("DISCARD ALL")
        statements = []

        def record(execute, sql, params, many, context, statements=statements):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(record):
            found = run()
        cold_ms = (time.perf_counter() - started) * 1000
        times = []
        cpu_before = time.process_time() + _backend_cpu(connection)
        ticks_before = benchlib.machine_ticks()
        for _ in range(runs):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        ticks_after = benchlib.machine_ticks()
        cpu_ms = (time.process_time() + _backend_cpu(connection) - cpu_before) * 1000 / runs
        elapsed = max((ticks_after[2] - ticks_before[2]) / benchlib.CLK_TCK / (os.cpu_count() or 1), 1e-9)
        busy = (ticks_after[0] - ticks_before[0]) / benchlib.CLK_TCK / elapsed
        # The answer checked against the full ordering of every match (search_articles; slow, not timed).
        expected = list(
            search.search_articles(listing.prefetch_related(None), terms, "postgresql").values_list("id", flat=True)[
                offset : offset + 20
            ]
        )
        total = search.search_articles(listing, terms, "postgresql").count()
        same = [a.pk for a in found.articles] == expected and found.total == min(total, search.COUNT_CAP + 1)
        # The whole page through Django's test client (page cache not involved: the search page is never kept).
        client = Client(HTTP_HOST="127.0.0.1")
        params = {"q": text, **({"trang": number} if number > 1 else {})}
        assert client.get(url, params).status_code in (200, 404)
        view_times = []
        view_cpu_before = time.process_time() + _backend_cpu(connection)
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url, params)
            view_times.append((time.perf_counter() - started) * 1000)
        view_cpu_ms = (time.process_time() + _backend_cpu(connection) - view_cpu_before) * 1000 / runs
        cache.clear()
        plans = []
        with connection.cursor() as cursor:
            for sql, sql_params in statements:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, sql_params)
                plans.append([row[0] for row in cursor.fetchall()])
        results[label] = {
            "text": text,
            "page": number,
            "total": total,
            "shown": found.total,
            "same": same,
            "cold_ms": cold_ms,
            "median_ms": statistics.median(times),
            "p95_ms": benchlib.percentile(times, 0.95),
            "cpu_ms": cpu_ms,
            "busy": busy,
            "queries": len(statements),
            "view_status": response.status_code,
            "view_median_ms": statistics.median(view_times),
            "view_p95_ms": benchlib.percentile(view_times, 0.95),
            "view_cpu_ms": view_cpu_ms,
            "plans": plans,
        }
        r = results[label]
        say(
            f"--- {label} “{text}” page {number}: {total:,} matches (counted: {found.total:,}); "
            f"search SQL cold {cold_ms:.1f} ms, warm median {r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
            f"CPU {cpu_ms:.1f} ms per search (Python + PostgreSQL backend); {r['queries']} statements; "
            f"{'same as' if same else 'DIFFERENT from'} the full ordering"
        )
        say(
            f"    whole view (test client, {runs} runs): median {r['view_median_ms']:.1f} ms, p95 "
            f"{r['view_p95_ms']:.1f} ms, CPU {view_cpu_ms:.1f} ms per page; machine {busy:.2f} of "
            f"{os.cpu_count()} cores busy during the SQL runs"
        )
        for index, plan in enumerate(plans, 1):
            say(f"    EXPLAIN (ANALYZE, BUFFERS) of statement {index}:")
            for line in plan:
                say(f"      {line}")
    return results


def report(results: dict, runs: int) -> None:
    say(f"=== summary (ms; warm = median and p95 of {runs} runs; CPU = this process + its PostgreSQL backend)")
    say(
        f"    {'query':<20} {'matches':>8} {'cold':>7} {'median':>7} {'p95':>7} {'CPU':>6} | view {'median':>7} "
        f"{'p95':>7} {'CPU':>6}  check"
    )
    for label, r in results.items():
        say(
            f"    {label:<20} {r['total']:>8,} {r['cold_ms']:>7.1f} {r['median_ms']:>7.1f} {r['p95_ms']:>7.1f} "
            f"{r['cpu_ms']:>6.1f} |      {r['view_median_ms']:>7.1f} {r['view_p95_ms']:>7.1f} {r['view_cpu_ms']:>6.1f}"
            f"  {'ok' if r['same'] else 'DIFFER'}"
        )
    worst = max(r["median_ms"] for r in results.values())
    worst_cpu = max(r["cpu_ms"] for r in results.values())
    say(
        f"    target: search SQL under {TARGET_MS:g} ms at 100,000 articles: worst warm median {worst:.1f} ms, worst "
        f"CPU {worst_cpu:.1f} ms: {'MET' if worst < TARGET_MS else 'NOT MET'} (wall), "
        f"{'MET' if worst_cpu < TARGET_MS else 'NOT MET'} (CPU)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database (for debugging)")
    parser.add_argument("--generate-only", action="store_true", help="make the database and stop (implies --keep)")
    parser.add_argument(
        "--quiet-wait", type=float, default=60, help="wait up to this many seconds for an idle machine first"
    )
    args = parser.parse_args()
    if not (1 <= args.runs <= 1000 and 100 <= args.articles <= 1_000_000):
        parser.error("keep --runs within 1-1000 and --articles within 100-1,000,000")
    keep = args.keep or args.generate_only

    import psycopg

    benchlib.print_machine()
    started = time.monotonic()
    ok = False
    scratch = tempfile.TemporaryDirectory(prefix="search-bench-")
    tmp = Path(scratch.name)
    try:
        database_url = benchlib.db_create(DB_NAME)
        # The page's static files are collected into a temporary folder (DEBUG is off: the manifest storage).
        env = benchlib.django_env(
            database_url,
            DJANGO_SETTINGS_MODULE="page_cache_settings",
            PYTHONPATH=os.pathsep.join(filter(None, [str(benchlib.BENCH), os.environ.get("PYTHONPATH", "")])),
            BENCH_STATIC_ROOT=str(tmp / "static"),
            BENCH_MEDIA_ROOT=str(tmp / "media"),
            NEWSROOM_CACHE_DIR=str(tmp / "cache"),
        )
        say(f"database {DB_NAME}: migrating; collectstatic into {tmp}")
        benchlib.manage(env, "migrate", "--no-input", "-v", "0")
        benchlib.manage(env, "collectstatic", "--no-input", "-v", "0")
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        say(f"generating {args.articles:,} articles")
        with psycopg.connect(database_url, autocommit=True) as conn:
            generate(conn, args.articles, args.seed)
            loaded = time.monotonic()
            conn.execute("VACUUM ANALYZE")
            say(f"    VACUUM ANALYZE in {time.monotonic() - loaded:.1f} s")
            sizes = conn.execute(
                """SELECT relname, pg_size_pretty(pg_total_relation_size(oid)), reltuples::bigint FROM pg_class
                   WHERE relname IN ('articles_article', 'articles_byline') ORDER BY relname"""
            ).fetchall()
            say("    sizes (with indexes and TOAST): " + ", ".join(f"{n} {s} ({t:,} rows)" for n, s, t in sizes))
        say(f"data ready in {time.monotonic() - started:.0f} s")
        if args.generate_only:
            return 0
        if args.quiet_wait > 0:
            busy = benchlib.wait_quiet(min(args.quiet_wait, 600))
            say(f"before measuring: {busy:.2f} of {os.cpu_count()} cores busy with other work")
        results = measure(args.runs)
        report(results, args.runs)
        ok = all(r["same"] for r in results.values())
    finally:
        from django.db import connections

        try:
            connections.close_all()
        except Exception as error:
            say(f"(closing Django's connections: {error})")
        if not keep:
            benchlib.db_drop(DB_NAME)
        scratch.cleanup()
    say(f"(total {time.monotonic() - started:.0f} s; database {DB_NAME} {'kept' if keep else 'dropped'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
