"""SQL queries, SQL time and page size of public pages rendered in-process, as bench/uncached_pages.py's
server would render them: run with its environment (the page cache off, DEBUG off) and the paths as arguments.

Each path is asked twice through Django's test client with the server's own host name: the first fills the
fragments and other caches a running server has warm; the second is the one counted (a cold page cache, warm
fragments: the issue's condition for "≤ 6 queries"). Prints one JSON object: {path: {status, queries,
sql_ms, render_ms, bytes,
sql: [[ms, statement shortened], … slowest first]}}.
"""

import json
import os
import re
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uncached_settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def shortened(sql: str) -> str:
    """The statement without its column list (the tables and conditions say which query it is)."""
    return re.sub(r'^SELECT .*? FROM "', 'SELECT … FROM "', sql, count=1)[:220]


def measure(client: Client, path: str) -> dict:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    return {
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "sql_ms": round(sum(float(query["time"]) for query in captured.captured_queries) * 1000, 2),
        "render_ms": round(elapsed * 1000, 1),
        "bytes": len(response.content),
        # Slowest first: where an uncached page's SQL time goes.
        "sql": sorted(
            ([round(float(query["time"]) * 1000, 1), shortened(query["sql"])] for query in captured.captured_queries),
            reverse=True,
        ),
    }


def main(paths: list[str]) -> None:
    # The host the benchmark's server is addressed by (ALLOWED_HOSTS=127.0.0.1), no cookies: an anonymous reader.
    client = Client(SERVER_NAME="127.0.0.1")
    print(json.dumps({path: measure(client, path) for path in paths}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
