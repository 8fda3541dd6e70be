"""Fault scripts: the site under mixed traffic while PostgreSQL restarts, Redis stops or the view flusher dies.

Run through bench/faults.sh (it installs what is missing). One module with a subcommand per fault, because
all four need the same private stack and the same traffic and checks, and differ only in what is broken
in the middle:

    mixed         mixed traffic only (the baseline): no 5xx, p50/p99, counts exact, every save present
    pg-restart    PostgreSQL stopped (-m fast) and started again in the middle: recovery time, 5xx window
    redis-stop    Redis stopped in the middle, then started again: no 5xx, views go to the database
    flusher-kill  `manage.py flush_views` SIGKILLed at a random moment of big flushes, then run again
    all           the four, one after the other, each on a fresh stack

The stack, all on 127.0.0.1 and all in one temporary folder that is removed at the end (also on Ctrl+C or
failure): a private PostgreSQL 15 cluster (initdb, run as the `postgres` user when this runs as root; port
55432..55439), a private redis-server (16379..16389; RDB snapshots on, as Debian's redis-server has them),
gunicorn (18100..18119; production settings: DEBUG=0, a SECRET_KEY, collected static files) and, every
--flush-every seconds, `manage.py flush_views` as production's timer runs it. Restarting them disturbs nobody.

Traffic: --readers threads each play a stream of readers (a reader is its own cookie jar and its own client
address, passed the way nginx passes it, X-Forwarded-For with NEWSROOM_TRUSTED_PROXIES=1), each reading a few
article pages (and now and then the home page) and sending the beacon `POST /api/xem/ id=<n>` with a phone
browser's User-Agent, as static/js does; some re-read an article, which the 30-minute dedup must not count.
A beacon was counted exactly when its 204 sets the `nr_seen` cookie (articles/beacon.py sets it only after
`ranking.view_record`). --editors threads each hold a signed-in editor session and alternately save a published
article through the real change form (GET it, send back every field with the CSRF token and the inlines'
management forms, a unique marker appended to the body and put in the title) and publish an article waiting
in review with the form's "Publish" button (`_workflow_step=publish`).

Checks after a final flush: every beacon acknowledged as counted is in ArticleViewTotal, ArticleViewDay and
ArticleViewHour, per article and in sum, nothing more; every save answered with a redirect has its marker in
the article's body; every publication answered with a redirect left its article published.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import benchlib
from benchlib import BENCH, PYTHON, ROOT, say

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORTS, REDIS_PORTS, HTTP_PORTS = range(55432, 55440), range(16379, 16390), range(18100, 18120)
# ranking.py's keys in the views' Redis database (raw client, no cache prefix).
PENDING_KEY = "newsroom:views:pending"
BATCH_PATTERN = "newsroom:views:batch:*"
LOCK_KEY = "newsroom:views:flush-lock"
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
SEEN_COOKIE = "nr_seen"
REQUEST_TIMEOUT_S = 60.0


# ---------------------------------------------------------------- the private stack


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def first_free(ports: range) -> int:
    for port in ports:
        if port_free(port):
            return port
    raise RuntimeError(f"no free port in {ports.start}..{ports.stop - 1}")


def as_postgres(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: drop to the postgres system user Debian's package creates.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class Stack:
    """PostgreSQL, Redis and gunicorn of one run, each on its own loopback port; `close()` stops them all."""

    def __init__(self, tmp: Path, workers: int):
        self.tmp, self.workers = tmp, workers
        self.pg_dir = tmp / "pg"
        self.redis_dir = tmp / "redis"
        self.pg_port = self.redis_port = self.http_port = 0
        self.redis: subprocess.Popen | None = None
        self.gunicorn: subprocess.Popen | None = None
        self.pg_running = False
        self.env: dict[str, str] = {}

    # -- PostgreSQL

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.pg_dir / "data"), *args]
        return subprocess.run(as_postgres(command), check=check, capture_output=True, text=True, timeout=120)  # noqa: S603

    def pg_start(self) -> None:
        options = f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.pg_dir}"
        self.pg_ctl("-w", "-t", "60", "-l", str(self.pg_dir / "server.log"), "-o", options, "start")
        self.pg_running = True

    def pg_stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-w", "-t", "60", "-m", mode, "stop")
        self.pg_running = False

    def start_pg(self) -> None:
        self.pg_port = first_free(PG_PORTS)
        self.pg_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg_dir, "postgres", "postgres")
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.pg_dir / "data"), "-U", "postgres", "-A", "trust"]
        subprocess.run(as_postgres([*initdb, "-E", "UTF8", "--no-sync"]), check=True, capture_output=True)  # noqa: S603
        self.pg_start()
        import psycopg

        with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE newsroom")

    @property
    def pg_admin_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/postgres"

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/newsroom"

    # -- Redis

    def redis_start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.redis_port), "--bind", "127.0.0.1", "--dir", str(self.redis_dir),
            # Debian's defaults: RDB snapshots, so a clean stop (SIGTERM, systemctl stop) saves what is buffered.
            "--save", "3600 1 300 100 60 10000", "--appendonly", "no", "--daemonize", "no",
            "--logfile", str(self.redis_dir / "redis.log"),
        ]  # fmt: skip
        self.redis = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.redis_client().ping():
                    return
            except Exception:
                time.sleep(0.05)
        raise TimeoutError("redis-server did not answer within 20 s")

    def redis_stop(self) -> None:
        """A clean stop, as `systemctl stop redis-server` does: SIGTERM, Redis saves its snapshot and exits."""
        benchlib.stop_process(self.redis, timeout=30)
        self.redis = None

    def start_redis(self) -> None:
        self.redis_port = first_free(REDIS_PORTS)
        self.redis_dir.mkdir()
        self.redis_start()

    def redis_client(self, db: int = 1):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.redis_port, db=db, socket_timeout=5)

    # -- Django

    def django_env(self) -> dict[str, str]:
        (self.tmp / "static").mkdir(exist_ok=True)
        (self.tmp / "media").mkdir(exist_ok=True)
        return benchlib.django_env(
            self.database_url,
            DJANGO_SETTINGS_MODULE="faults_settings",
            PYTHONPATH=str(BENCH),
            BENCH_STATIC_ROOT=str(self.tmp / "static"),
            BENCH_MEDIA_ROOT=str(self.tmp / "media"),
            # The cache in Redis database 0, the views' buffer in database 1: what deploy/ recommends.
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            NEWSROOM_VIEWS_REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/1",
            # As behind nginx: each simulated reader's own address arrives in X-Forwarded-For.
            NEWSROOM_TRUSTED_PROXIES="1",
            # Plain HTTP on the loopback: cookies must not be Secure-only, or the client would not send them back.
            SECURE_COOKIES="0",
            # These scripts measure durability, not the sign-in: the editor's sessions are made by
            # faults_setup.py, and the second factor would stop them at the admin's door.
            NEWSROOM_OTP_REQUIRED="0",
        )

    def prepare(self, published: int, in_review: int, sessions: int) -> dict:
        self.env = self.django_env()
        benchlib.manage(self.env, "migrate", "--verbosity", "0")
        benchlib.manage(self.env, "collectstatic", "--noinput", "--verbosity", "0")
        out = subprocess.run(  # noqa: S603
            [PYTHON, str(BENCH / "faults_setup.py"), str(published), str(in_review), str(sessions)],
            cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            conn.execute("ANALYZE")
        return json.loads(out.stdout.strip().splitlines()[-1])

    def start_gunicorn(self) -> None:
        self.http_port = first_free(HTTP_PORTS)
        log = self.tmp / "gunicorn.log"
        self.gunicorn = benchlib.start_gunicorn(
            "newsroom.wsgi", self.http_port, self.tmp, self.env, log, "--workers", str(self.workers), "--timeout", "60"
        )
        benchlib.wait_http(f"http://127.0.0.1:{self.http_port}/healthz-none", timeout=60)

    def flush(self, timeout: float = 300) -> tuple[int, str, float]:
        started = time.monotonic()
        result = subprocess.run(  # noqa: S603
            [PYTHON, str(ROOT / "manage.py"), "flush_views"],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        return result.returncode, (result.stdout + result.stderr).strip(), time.monotonic() - started

    def pending(self) -> tuple[int, int, bool]:
        """(fields waiting in the pending hash, batch keys left by an interrupted flush, flush lock held)."""
        client = self.redis_client()
        return client.hlen(PENDING_KEY), len(list(client.scan_iter(match=BATCH_PATTERN))), bool(client.exists(LOCK_KEY))

    def flush_until_empty(self, budget: float = 400) -> list[str]:
        """Run the flusher until nothing waits in Redis (a killed flusher's lock may hold it off for a while)."""
        notes, deadline = [], time.monotonic() + budget
        while time.monotonic() < deadline:
            fields, batches, _ = self.pending()
            if fields == 0 and batches == 0:
                return notes
            rc, output, seconds = self.flush()
            notes.append(f"rc {rc} in {seconds:.1f} s: {output.splitlines()[-1] if output else ''}")
            if rc != 0 or "Another flush" in output:
                time.sleep(2)
        raise TimeoutError(f"views still waiting in Redis after {budget:.0f} s of flushing: {notes[-3:]}")

    def close(self) -> None:
        benchlib.stop_process(self.gunicorn)
        benchlib.stop_process(self.redis, timeout=10)
        if self.pg_running or (self.pg_dir / "data" / "postmaster.pid").exists():
            self.pg_ctl("-m", "immediate", "stop", check=False)


# ---------------------------------------------------------------- HTTP


@dataclass
class Sample:
    kind: str  # page, beacon, save, publish, admin-get
    started: float  # time.monotonic()
    seconds: float
    status: int  # 0: no HTTP answer (connection refused or reset, timeout)


@dataclass
class Ledger:
    """Everything the traffic saw; appended to by many threads (list.append is atomic under the GIL)."""

    samples: list[Sample] = field(default_factory=list)
    counted: Counter = field(default_factory=Counter)  # article id -> beacons acknowledged as counted
    not_counted: int = 0  # 204 without the cookie: the dedup (or a bot rule) said no
    saves: list[tuple[int, str]] = field(default_factory=list)  # (article id, marker) answered with a redirect
    publications: list[int] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # a save or step answered with the form again
    lock: threading.Lock = field(default_factory=threading.Lock)


def request(port: int, method: str, path: str, *, headers=None, body: bytes | None = None):
    """One request on a new connection (gunicorn's sync workers close each one): (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def timed(ledger: Ledger, kind: str, port: int, method: str, path: str, **kwargs):
    started = time.monotonic()
    try:
        status, headers, body = request(port, method, path, **kwargs)
    except (OSError, http.client.HTTPException):
        status, headers, body = 0, None, b""
    ledger.samples.append(Sample(kind, started, time.monotonic() - started, status))
    return status, headers, body


def set_cookies(headers) -> dict[str, str]:
    found = {}
    for raw in headers.get_all("Set-Cookie") or [] if headers is not None else []:
        name, _, rest = raw.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


class Articles:
    """The published articles readers read: the seeded ones (those the editors publish meanwhile are checked
    in the database afterwards, not read)."""

    def __init__(self, published: dict[str, str]):
        self.urls = {int(pk): url for pk, url in published.items()}
        self.ids = sorted(self.urls)

    def pick(self, rng: random.Random) -> tuple[int, str]:
        pk = rng.choice(self.ids)
        return pk, self.urls[pk]


def reader_loop(port: int, articles: Articles, ledger: Ledger, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        # A new reader: own cookie jar, own address, a few articles.
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        jar: dict[str, str] = {}
        read: list[tuple[int, str]] = []
        for _ in range(rng.randint(2, 8)):
            if stop.is_set():
                return
            headers = {"User-Agent": BROWSER, "X-Forwarded-For": address, "Accept-Language": "vi-VN,vi;q=0.9"}
            if rng.random() < 0.15:
                timed(ledger, "page", port, "GET", "/", headers=headers)
            # Now and then the same reader comes back to an article: the dedup must not count it again.
            pk, url = rng.choice(read) if read and rng.random() < 0.2 else articles.pick(rng)
            read.append((pk, url))
            status, _, _ = timed(ledger, "page", port, "GET", url, headers=headers)
            if status != 200:
                continue
            beacon_headers = {
                **headers,
                "Content-Type": "text/plain;charset=UTF-8",
                "Origin": f"http://127.0.0.1:{port}",
                **({"Cookie": f"{SEEN_COOKIE}={jar[SEEN_COOKIE]}"} if SEEN_COOKIE in jar else {}),
            }
            status, response_headers, _ = timed(
                ledger, "beacon", port, "POST", "/api/xem/", headers=beacon_headers, body=f"id={pk}".encode()
            )
            if status == 204:
                cookies = set_cookies(response_headers)
                if SEEN_COOKIE in cookies:
                    jar[SEEN_COOKIE] = cookies[SEEN_COOKIE]
                    with ledger.lock:
                        ledger.counted[pk] += 1
                else:
                    with ledger.lock:
                        ledger.not_counted += 1
            stop.wait(rng.uniform(0.05, 0.3))


class ChangeForm(HTMLParser):
    """The fields the browser would send with the article's change form: those inside <form id=…> and those
    outside it that name the form (the workflow buttons' note and time), with their current values."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def _ours(self, attrs: dict) -> bool:
        return self.inside or attrs.get("form") == self.form_id

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        elif tag == "input" and self._ours(attrs) and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and self._ours(attrs) and attrs.get("name"):
            self._textarea, self._text = attrs["name"], []
        elif tag == "select" and self._ours(attrs) and attrs.get("name"):
            self._select, self._options = attrs["name"], []
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            # The browser drops the one newline that follows <textarea>.
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options and not self._multiple:
                chosen = [self._options[0][0]]
            self.fields.extend((self._select, value) for value in chosen)
            self._select = None


def change_form(ledger: Ledger, port: int, pk: int, headers: dict) -> list[tuple[str, str]] | None:
    status, _, body = timed(ledger, "admin-get", port, "GET", f"/admin/articles/article/{pk}/change/", headers=headers)
    if status != 200:
        return None
    parser = ChangeForm("article_form")
    parser.feed(body.decode())
    return parser.fields


def editor_loop(
    port: int, session: str, own: list[int], review: list[int], articles: Articles, ledger: Ledger,
    stop: threading.Event, seed: int, pause: float,
) -> None:  # fmt: skip
    rng = random.Random(seed)
    csrf = uuid.uuid4().hex + uuid.uuid4().hex  # a 32+ character token the server accepts as the cookie's value
    csrf = csrf[:32]
    headers = {
        "User-Agent": BROWSER,
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-Forwarded-For": "10.99.0.1",
    }
    turn = 0
    while not stop.is_set():
        turn += 1
        publishing = turn % 3 == 0 and review
        pk = review.pop(0) if publishing else rng.choice(own)
        fields = change_form(ledger, port, pk, headers)
        if fields is None:
            if publishing:
                review.insert(0, pk)
            stop.wait(1.0)
            continue
        data = [(name, csrf if name == "csrfmiddlewaretoken" else value) for name, value in fields]
        marker = ""
        if publishing:
            data.append(("_workflow_step", "publish"))
        else:
            marker = f"faults-{uuid.uuid4().hex[:12]}"
            data = [
                (
                    name,
                    f"{value}<p>{marker}</p>"
                    if name == "body"
                    else f"Bài đo {pk} {marker}"
                    if name == "title"
                    else value,
                )
                for name, value in data
            ]
            data.append(("_continue", "1"))
        form_headers = {
            **headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/admin/articles/article/{pk}/change/",
            "Origin": f"http://127.0.0.1:{port}",
        }
        kind = "publish" if publishing else "save"
        status, response_headers, body = timed(
            ledger, kind, port, "POST", f"/admin/articles/article/{pk}/change/",
            headers=form_headers, body=urllib.parse.urlencode(data).encode(),
        )  # fmt: skip
        if status == 302:
            if publishing:
                ledger.publications.append(pk)
            else:
                ledger.saves.append((pk, marker))
        elif status == 200:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', body.decode(), re.S)
            ledger.refusals.append(
                f"{kind} {pk}: " + " | ".join(re.sub(r"<[^>]+>", " ", e).strip() for e in errors)[:300]
            )
        elif publishing:
            review.insert(0, pk)  # not done: try it again later
        stop.wait(pause)


class Flusher(threading.Thread):
    """`manage.py flush_views` every `every` seconds, as the systemd timer runs it in production."""

    def __init__(self, stack: Stack, every: float, stop: threading.Event):
        super().__init__(daemon=True)
        self.stack, self.every, self.stop_event = stack, every, stop
        self.runs: list[tuple[float, int, float, str]] = []

    def run(self) -> None:
        while not self.stop_event.wait(self.every):
            started = time.monotonic()
            try:
                rc, output, seconds = self.stack.flush()
            except subprocess.TimeoutExpired:
                rc, output, seconds = -1, "timeout", time.monotonic() - started
            self.runs.append((started, rc, seconds, output.splitlines()[-1] if output else ""))


# ---------------------------------------------------------------- checks and figures


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def latency_table(samples: list[Sample]) -> None:
    say(
        f"  {'kind':<10} {'requests':>8} {'2xx/3xx':>8} {'4xx':>5} {'5xx':>5} "
        f"{'no answer':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    for kind in ("page", "beacon", "admin-get", "save", "publish"):
        rows = [s for s in samples if s.kind == kind]
        if not rows:
            continue
        good = [s.seconds * 1000 for s in rows if 200 <= s.status < 400]
        say(
            f"  {kind:<10} {len(rows):>8} {len(good):>8} {sum(400 <= s.status < 500 for s in rows):>5} "
            f"{sum(s.status >= 500 for s in rows):>5} {sum(s.status == 0 for s in rows):>9} "
            f"{percentile(good, 0.5):>8.1f} {percentile(good, 0.99):>8.1f} {max(good, default=float('nan')):>8.1f}"
        )


def db_views(database_url: str) -> tuple[dict[int, int], int, int, int]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        per_article = dict(conn.execute("SELECT article_id, views FROM articles_articleviewtotal").fetchall())
        total, days, hours = conn.execute(
            "SELECT (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewtotal),"
            " (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewday),"
            " (SELECT COALESCE(SUM(views), 0) FROM articles_articleviewhour)"
        ).fetchone()
    return per_article, total, days, hours


def check_counts(database_url: str, expected: Counter, label: str) -> list[str]:
    per_article, total, days, hours = db_views(database_url)
    want = sum(expected.values())
    say(f"  views: {label} {want:,}; database: totals {total:,}, day buckets {days:,}, hour buckets {hours:,}")
    problems = []
    if not total == days == hours == want:
        problems.append(f"view counts differ: {label} {want}, database {total}/{days}/{hours} (total/day/hour)")
    wrong = {pk: (expected.get(pk, 0), per_article.get(pk, 0)) for pk in set(expected) | set(per_article)}
    wrong = {pk: pair for pk, pair in wrong.items() if pair[0] != pair[1]}
    if wrong:
        sample = ", ".join(f"#{pk}: {a}≠{b}" for pk, (a, b) in sorted(wrong.items())[:8])
        problems.append(f"{len(wrong)} articles with a wrong count ({label}≠database): {sample}")
    return problems


def check_edits(database_url: str, ledger: Ledger) -> list[str]:
    import psycopg

    problems = []
    with psycopg.connect(database_url) as conn:
        bodies = dict(conn.execute("SELECT id, body FROM articles_article").fetchall())
        statuses = dict(conn.execute("SELECT id, status FROM articles_article").fetchall())
    lost = [(pk, marker) for pk, marker in ledger.saves if marker not in bodies.get(pk, "")]
    unpublished = [pk for pk in ledger.publications if statuses.get(pk) != "published"]
    say(
        f"  admin: {len(ledger.saves)} saves acknowledged, {len(lost)} missing from the database; "
        f"{len(ledger.publications)} publications acknowledged, {len(unpublished)} not published; "
        f"{len(ledger.refusals)} answered with the form again"
    )
    for refusal in ledger.refusals[:3]:
        say(f"    form again: {refusal}")
    if lost:
        problems.append(f"{len(lost)} acknowledged saves lost, e.g. {lost[:3]}")
    if unpublished:
        problems.append(f"{len(unpublished)} acknowledged publications not published: {unpublished[:5]}")
    if not ledger.saves:
        problems.append("no admin save was acknowledged: the editor traffic did not work")
    return problems


def server_errors(stack: Stack) -> int:
    log = stack.tmp / "gunicorn.log"
    return log.read_text(errors="replace").count("Traceback") if log.exists() else 0


def verdict(name: str, problems: list[str]) -> bool:
    for problem in problems:
        say(f"  problem: {problem}")
    say(f"VERDICT {name}: {'PASS' if not problems else 'FAIL'}")
    return not problems


# ---------------------------------------------------------------- a run with traffic


@dataclass
class Fault:
    """What breaks in the middle of the traffic, and when it was broken and mended (monotonic times)."""

    name: str
    at: float = 0.0
    down: float = 0.0
    back: float = 0.0


def traffic_run(args, name: str, break_it=None) -> bool:
    """Stack up, mixed traffic for args.seconds (with `break_it(stack)` called a third of the way), checks."""
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-faults-"))
    tmp.chmod(0o755)  # the postgres user must reach its data folder inside
    stack = Stack(tmp, args.workers)
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        say(f"=== {name}: private PostgreSQL, Redis and gunicorn in {tmp}")
        stack.start_pg()
        stack.start_redis()
        data = stack.prepare(args.articles, args.in_review, args.editors)
        stack.start_gunicorn()
        say(
            f"  PostgreSQL :{stack.pg_port}, Redis :{stack.redis_port}, gunicorn :{stack.http_port} "
            f"(sync x{args.workers}); {len(data['published'])} published articles, {len(data['in_review'])} in review"
        )
        articles = Articles(data["published"])
        ledger = Ledger()
        own = articles.ids[: args.editors * 4]  # each editor saves its own few articles: no edit conflicts among them
        review = list(data["in_review"])
        for n in range(args.readers):
            threads.append(
                threading.Thread(target=reader_loop, args=(stack.http_port, articles, ledger, stop, n), daemon=True)
            )
        for n, session in enumerate(data["sessions"]):
            mine = own[n :: args.editors]
            share = review[n :: args.editors]
            threads.append(
                threading.Thread(
                    target=editor_loop,
                    args=(stack.http_port, session, mine, share, articles, ledger, stop, 1000 + n, args.editor_pause),
                    daemon=True,
                )
            )
        flusher = Flusher(stack, args.flush_every, stop)
        started = time.monotonic()
        for thread in threads:
            thread.start()
        flusher.start()
        fault = Fault(name)
        if break_it is not None:
            stop.wait(args.seconds / 3)
            break_it(stack, fault)
        stop.wait(max(0.0, started + args.seconds - time.monotonic()))
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT_S + 5)
        flusher.join(timeout=320)
        elapsed = time.monotonic() - started
        notes = stack.flush_until_empty()
        samples = ledger.samples
        say(
            f"  traffic: {elapsed:.0f} s, {args.readers} reader threads, {args.editors} editors, "
            f"{len(samples):,} requests ({len(samples) / elapsed:.0f}/s); "
            f"flusher ran {len(flusher.runs)} times ({sum(rc != 0 for _, rc, _, _ in flusher.runs)} failed), "
            f"final flush: {len(notes)} run(s)"
        )
        latency_table(samples)
        say(
            f"  beacons: {sum(ledger.counted.values()):,} acknowledged as counted, {ledger.not_counted:,} "
            "answered 204 without counting (same reader, same article)"
        )
        problems = check_counts(stack.database_url, ledger.counted, "acknowledged as counted")
        problems += check_edits(stack.database_url, ledger)
        problems += judge_errors(samples, fault, args)
        tracebacks = server_errors(stack)
        if tracebacks:
            say(f"  gunicorn's error log holds {tracebacks} tracebacks ({stack.tmp / 'gunicorn.log'})")
            first = (stack.tmp / "gunicorn.log").read_text(errors="replace")
            say(
                "  first one:\n"
                + "\n".join("    " + line for line in first[first.index("Traceback") :].splitlines()[-6:])
            )
        return verdict(name, problems)
    finally:
        stop.set()
        stack.close()
        if args.keep:
            say(f"  kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def judge_errors(samples: list[Sample], fault: Fault, args) -> list[str]:
    bad = [s for s in samples if s.status >= 500 or s.status == 0]
    if fault.name == "pg-restart" and fault.at:
        say(
            f"  PostgreSQL: stopped at t+{fault.at - samples[0].started if samples else 0:.1f} s, "
            f"down {fault.back - fault.at:.1f} s "
            f"(stop {fault.down - fault.at:.1f} s, then {args.down_seconds:.0f} s off, then start)"
        )
        if bad:
            first, last = min(s.started for s in bad), max(s.started + s.seconds for s in bad)
            say(
                f"  5xx or no answer: {len(bad)} requests, from {first - fault.at:+.1f} s "
                f"to {last - fault.at:+.1f} s after the stop: "
                f"a window of {last - first:.1f} s for an outage of {fault.back - fault.at:.1f} s "
                f"(the last one ended {last - fault.back:+.2f} s after PostgreSQL was back)"
            )
        needs_db = [
            s for s in samples if s.kind in {"beacon", "save", "admin-get", "publish"} and s.started >= fault.back
        ]
        good = [s for s in needs_db if 200 <= s.status < 400]
        if good:
            first_ok = min(s.started + s.seconds for s in good)
            say(f"  recovery: first database-backed success {first_ok - fault.back:.2f} s after PostgreSQL was back")
        late = [s for s in bad if s.started > fault.back + args.grace]
        # A request already running when the stop came may fail with it; one that ended before may not.
        early = [s for s in bad if s.started + s.seconds < fault.at]
        problems = []
        if late:
            problems.append(f"{len(late)} requests failed more than {args.grace:.0f} s after PostgreSQL was back")
        if early:
            problems.append(f"{len(early)} requests failed before PostgreSQL was stopped")
        return problems
    if fault.name == "redis-stop" and fault.at:
        say(
            f"  Redis: stopped at +{fault.at - samples[0].started:.1f} s, "
            f"started again {fault.back - fault.at:.1f} s later"
        )
        during = [s for s in samples if fault.at <= s.started <= fault.back]
        say(
            f"  while Redis was down: {len(during)} requests, "
            f"{sum(200 <= s.status < 400 for s in during)} answered 2xx/3xx "
            f"(p50 {percentile([s.seconds * 1000 for s in during if s.kind == 'page'], 0.5):.1f} ms pages, "
            f"{percentile([s.seconds * 1000 for s in during if s.kind == 'beacon'], 0.5):.1f} ms beacons)"
        )
    return [f"{len(bad)} requests answered 5xx or not at all"] if bad else []


def break_postgres(stack: Stack, fault: Fault, args) -> None:
    say(f"  ... stopping PostgreSQL (pg_ctl stop -m fast), {args.down_seconds:.0f} s off, then starting it")
    fault.at = time.monotonic()
    stack.pg_stop("fast")
    fault.down = time.monotonic()
    time.sleep(args.down_seconds)
    stack.pg_start()
    fault.back = time.monotonic()


def break_redis(stack: Stack, fault: Fault, args) -> None:
    say(f"  ... stopping Redis (SIGTERM: it saves its snapshot), {args.redis_down:.0f} s off, then starting it")
    fault.at = time.monotonic()
    stack.redis_stop()
    fault.down = time.monotonic()
    time.sleep(args.redis_down)
    stack.redis_start()
    fault.back = time.monotonic()
    # The workers leave Redis alone for a few seconds after it failed (ranking.REDIS_RETRY_AFTER_S), so what is
    # pending now is what the snapshot brought back: views buffered before the stop and not yet flushed.
    fields, batches, _ = stack.pending()
    say(f"  ... Redis is back with {fields} pending buckets and {batches} batch(es) from its snapshot")


# ---------------------------------------------------------------- the flusher killed


def fill_pending(stack: Stack, ids: list[int], hours: int, rng: random.Random) -> Counter:
    """Buffer views the way ranking.view_record does (HINCRBY "<id>:<YYYYmmddHH>" in the pending hash), many at
    once: `hours` hour buckets of every article, so that one flush has tens of thousands of rows to write."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    added: Counter = Counter()
    pipe = stack.redis_client().pipeline(transaction=False)
    for n, pk in enumerate(ids):
        for hour in range(hours):
            views = rng.randint(1, 9)
            pipe.hincrby(PENDING_KEY, f"{pk}:{now - timedelta(hours=hour):%Y%m%d%H}", views)
            added[pk] += views
        if n % 200 == 199:
            pipe.execute()
    pipe.execute()
    return added


def kill_state(stack: Stack) -> str:
    """Where the flusher was when it died, read from what it left in Redis and PostgreSQL."""
    import psycopg

    client = stack.redis_client()
    batches = [key.decode().removeprefix("newsroom:views:batch:") for key in client.scan_iter(match=BATCH_PATTERN)]
    with psycopg.connect(stack.database_url) as conn:
        done = {key for (key,) in conn.execute("SELECT key FROM articles_viewflushbatch").fetchall()}
    if any(batch in done for batch in batches):
        return "after its commit, before deleting the batch"
    if batches:
        return "after the RENAME, before the commit (rolled back)"
    if client.hlen(PENDING_KEY):
        return "before the RENAME (starting up)"
    return "after it had finished"


def flusher_kill(args) -> bool:
    name = "flusher-kill"
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-faults-"))
    tmp.chmod(0o755)
    stack = Stack(tmp, args.workers)
    rng = random.Random(args.seed)
    try:
        say(f"=== {name}: private PostgreSQL and Redis in {tmp}")
        stack.start_pg()
        stack.start_redis()
        data = stack.prepare(args.kill_articles, 0, 0)
        ids = [int(pk) for pk in data["published"]]
        say(f"  PostgreSQL :{stack.pg_port}, Redis :{stack.redis_port}; {len(ids)} published articles")
        expected: Counter = Counter()
        # How long `manage.py flush_views` takes to start (nothing pending), then a clean flush of one load:
        # the kills land between the two, where the flusher is at work.
        _, _, startup = stack.flush()
        expected += fill_pending(stack, ids, args.kill_hours, rng)
        rc, output, clean = stack.flush()
        if rc != 0:
            raise RuntimeError(f"the clean flush failed: {output}")
        say(
            f"  one load = {len(ids) * args.kill_hours:,} hour buckets, {sum(expected.values()):,} views; "
            f"flush_views takes {startup:.1f} s with nothing to do and {clean:.1f} s for one load"
        )
        outcomes = Counter()
        waited_for_lock = []
        for round_no in range(1, args.kills + 1):
            expected += fill_pending(stack, ids, args.kill_hours, rng)
            delay = rng.uniform(startup * 0.8, clean)
            proc = subprocess.Popen(  # noqa: S603
                [PYTHON, str(ROOT / "manage.py"), "flush_views"], cwd=ROOT, env=stack.env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            state = kill_state(stack)
            outcomes[state] += 1
            # Then run again, as the next timer tick would.
            again_started = time.monotonic()
            notes = stack.flush_until_empty()
            waited = time.monotonic() - again_started
            waited_for_lock.append(waited)
            say(
                f"  kill {round_no}: SIGKILL after {delay:.2f} s ({state}); "
                f"the next runs emptied the buffer in {waited:.1f} s ({len(notes)} run(s))"
            )
            problems = check_counts(stack.database_url, expected, "views buffered")
            if problems:
                return verdict(name, problems)
        say(f"  kills: {args.kills}; states at the kill: " + "; ".join(f"{n}× {s}" for s, n in outcomes.items()))
        say(
            f"  time from the kill to an empty buffer: median {statistics.median(waited_for_lock):.1f} s, "
            f"max {max(waited_for_lock):.1f} s"
        )
        return verdict(name, [])
    finally:
        stack.close()
        if args.keep:
            say(f"  kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fault", choices=["mixed", "pg-restart", "redis-stop", "flusher-kill", "all"])
    parser.add_argument("--seconds", type=float, default=120, help="traffic duration (default 120)")
    parser.add_argument("--readers", type=int, default=16, help="reader threads (default 16)")
    parser.add_argument("--editors", type=int, default=2, help="editor threads, each its own session (default 2)")
    parser.add_argument("--editor-pause", type=float, default=1.0, help="seconds between an editor's saves (default 1)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    parser.add_argument("--articles", type=int, default=200, help="published articles (default 200)")
    parser.add_argument("--in-review", type=int, default=40, help="articles waiting for Publish (default 40)")
    parser.add_argument("--flush-every", type=float, default=10, help="seconds between flush_views runs (default 10)")
    parser.add_argument(
        "--down-seconds", type=float, default=5, help="pg-restart: seconds PostgreSQL stays off (default 5)"
    )
    parser.add_argument(
        "--grace", type=float, default=5, help="pg-restart: a 5xx later than this after PostgreSQL is back fails"
    )
    parser.add_argument("--redis-down", type=float, default=20, help="redis-stop: seconds Redis stays off (default 20)")
    parser.add_argument("--kills", type=int, default=5, help="flusher-kill: how many flushes are killed (default 5)")
    parser.add_argument("--kill-articles", type=int, default=1000, help="flusher-kill: articles (default 1000)")
    parser.add_argument(
        "--kill-hours", type=int, default=48, help="flusher-kill: hour buckets per article per load (default 48)"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one each run)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, data) afterwards")
    return parser.parse_args()


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    if args.seed is None:
        args.seed = random.randrange(1_000_000)
    if not (PG_BIN / "initdb").exists():
        sys.exit(f"PostgreSQL 15's server binaries are missing ({PG_BIN}); the .sh wrapper installs them")
    benchlib.require_tool("redis-server")
    # Ctrl+C and a plain kill both end in the `finally` blocks that stop what was started.
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)  # also when started in the background, where SIGINT arrives ignored
    info = benchlib.machine()
    say(f"machine: {info['nproc']} cores ({info['cpu']}), {info['memory']}, Python {info['python']}; seed {args.seed}")
    runs = {
        "mixed": lambda: traffic_run(args, "mixed"),
        "pg-restart": lambda: traffic_run(args, "pg-restart", lambda stack, fault: break_postgres(stack, fault, args)),
        "redis-stop": lambda: traffic_run(args, "redis-stop", lambda stack, fault: break_redis(stack, fault, args)),
        "flusher-kill": lambda: flusher_kill(args),
    }
    chosen = list(runs) if args.fault == "all" else [args.fault]
    results = {}
    for name in chosen:
        started = time.monotonic()
        results[name] = runs[name]()
        say(f"  ({name} took {time.monotonic() - started:.0f} s in all)\n")
    if len(results) > 1:
        say("summary: " + ", ".join(f"{name} {'PASS' if ok else 'FAIL'}" for name, ok in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("VERDICT: interrupted (everything the run started was stopped and its folder removed)")
        sys.exit(130)
