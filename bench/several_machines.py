"""Several machines on one: the demo paper from a fresh clone, two app servers behind Varnish, media in an S3 bucket,
public reads from a streaming replica; a take-down and a correction through one server, timed on the other and on
Varnish. Run by bench/several_machines.sh from inside the clone it made (this file, tests/servers.py and the
others are the clone's own), with the clone's .venv:

    .venv/bin/python bench/several_machines.py --work DIR [--redis-url redis://127.0.0.1:6379/10] [--keep]

The stack (all on 127.0.0.1, free ports, stopped and removed at the end, also when a step fails):
moto's S3 server (`moto_server`) with a bucket → MEDIA_STORAGE_URL; `bin/pg-replica-pair` → DATABASE_URL (the
primary) and DATABASE_REPLICA_URL; Redis database 10 (emptied before and after) → REDIS_URL; `migrate`,
`seed_demo`, `make_renditions` as bin/run-demo runs them; two gunicorns (newsroom.wsgi, production settings from
deploy/newsroom.env.example, 2 workers each); Varnish running deploy/varnish/newsroom.vcl with a backends.vcl
naming both (tests/varnish.py), the servers purging it (NEWSROOM_CDN_PURGE_URLS) and marking pages for it
(NEWSROOM_CDN_MAX_AGE=300: only a purge can end a kept copy before five minutes).

The editor works through server A's admin over HTTP (tests/admin_browser.py: sign-in, the change page's take-down
button with its note, the correction form), as a browser would; readers poll server B and Varnish every 20 ms from
before the editor's request until the change shows on both. Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import servers  # noqa: E402
from tests.admin_browser import Browser, Editor  # noqa: E402
from tests.object_storage import ObjectStorage  # noqa: E402
from tests.public_bucket import allow_anonymous_reads  # noqa: E402
from tests.varnish import SITE_HOST, start_varnish  # noqa: E402

BUCKET = "newsroom-demo-media"
POLL_EVERY_S = 0.02
POLL_CAP_S = 5.0
TARGET_MS = 1000
READER_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
CORRECTION = "Cập nhật: số liệu đã được Sở Giao thông Vận tải tỉnh xác nhận lại sáng nay"
TAKE_DOWN_NOTE = "Gỡ theo yêu cầu của cơ quan chức năng: thông tin chưa được kiểm chứng."


def say(message: str = "") -> None:
    print(message, flush=True)


@dataclass
class Results:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append((name, ok, detail))
        say(f"  {'PASS' if ok else 'FAIL'}  {name}{': ' + detail if detail else ''}")
        return ok

    @property
    def failed(self) -> bool:
        return not self.checks or not all(ok for _, ok, _ in self.checks)


class Stack:
    """Everything the run starts, stopped in reverse order by `close()` whatever happened."""

    def __init__(self, work: Path):
        self.work = work
        self.stops: list[tuple[str, object]] = []

    def on_close(self, what: str, stop) -> None:
        self.stops.append((what, stop))

    def close(self) -> None:
        for what, stop in reversed(self.stops):
            try:
                stop()
            except Exception as error:  # keep stopping the rest
                say(f"  (could not stop {what}: {error})")


# ---------------------------------------------------------------- the pieces


def start_object_storage(stack: Stack) -> tuple[ObjectStorage, str]:
    port = servers.free_port()
    log = stack.work / "moto.log"
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 (the clone's own moto_server, fixed arguments)
            [str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    stack.on_close("moto_server", lambda: servers.stop(process))
    storage = ObjectStorage(endpoint=f"http://127.0.0.1:{port}", process=process, log=log)
    import urllib.request

    servers.wait_until(
        lambda: urllib.request.urlopen(f"{storage.endpoint}/moto-api/", timeout=2).status == 200,  # noqa: S310
        "moto_server",
        alive=lambda: _alive(process, log),
    )
    media_storage_url = storage.media_storage_url(BUCKET)
    allow_anonymous_reads(storage.client(), BUCKET)  # readers fetch photos by plain URLs, as from a real bucket
    return storage, media_storage_url


def start_replica_pair(stack: Stack) -> tuple[str, str]:
    # Under /tmp, not the work folder: run as root, the servers run as `postgres`, who must reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="newsroom-machines-pg-"))
    script = str(ROOT / "bin" / "pg-replica-pair")

    def stop():
        subprocess.run([script, "stop", str(folder), "--remove"], capture_output=True, text=True, timeout=120)  # noqa: S603
        shutil.rmtree(folder, ignore_errors=True)

    stack.on_close("the PostgreSQL primary and replica", stop)
    subprocess.run([script, "start", str(folder)], check=True, capture_output=True, text=True, timeout=180)  # noqa: S603
    return (folder / "primary.url").read_text().strip(), (folder / "replica.url").read_text().strip()


def empty_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _alive(process: subprocess.Popen, log: Path) -> None:
    assert process.poll() is None, f"{log.name}:\n{log.read_text(errors='replace')[-3000:]}"


def sql_value(url: str, sql: str, params: tuple = ()):
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=3) as connection:
        return connection.execute(sql, params).fetchone()[0]


# ---------------------------------------------------------------- reading


def fetch(base: str, path: str) -> tuple[int, dict, str]:
    """One anonymous reader's GET (a phone's browser, no cookie): status, the headers that tell, the page."""
    reader = Browser(base, SITE_HOST, user_agent=READER_UA)
    answer = reader.get(path)
    return answer.status, answer.headers, answer.text


def describe(headers) -> str:
    shown = []
    for name in ("X-Varnish", "Age", "X-Page-Cache", "Cache-Control"):
        if headers.get(name) is not None:
            shown.append(f"{name}: {headers[name]}")
    return ", ".join(shown)


@dataclass
class Poll:
    sent: float
    received: float
    status: int
    changed: bool


def poll_until(name: str, base: str, path: str, changed, stop: threading.Event, found: dict) -> None:
    """GET `path` every 20 ms until `stop` is set; every answer noted with whether it shows the change."""
    polls = found.setdefault(name, [])
    while not stop.is_set():
        sent = time.monotonic()
        try:
            status, _, text = fetch(base, path)
            polls.append(Poll(sent, time.monotonic(), status, changed(status, text)))
        except OSError:
            polls.append(Poll(sent, time.monotonic(), 0, False))
        time.sleep(max(0.0, POLL_EVERY_S - (time.monotonic() - sent)))


def race(results: Results, what: str, targets: dict[str, str], path: str, changed, act, written_at) -> None:
    """Readers poll each target from before `act` (the editor's request) until every one shows the change for
    a few answers in a row (cap 5 s after the request); then how long each took, and whether any gave the old
    page to a request sent after the editor's request had returned."""
    stop, found = threading.Event(), {}
    readers = [
        threading.Thread(target=poll_until, args=(name, base, path, changed, stop, found), daemon=True)
        for name, base in targets.items()
    ]
    for reader in readers:
        reader.start()
    time.sleep(0.2)  # a few answers from before the change
    started = time.monotonic()
    act()
    returned = time.monotonic()
    # The step's event is written inside its transaction, just before COMMIT: the wall clock, made monotonic.
    written = written_at() - (time.time() - time.monotonic())
    say(
        f"  the editor's request: {1000 * (returned - started):.0f} ms (sent → redirect received); its event "
        f"written in the transaction {1000 * (written - started):.0f} ms after it was sent"
    )
    deadline = returned + POLL_CAP_S
    while time.monotonic() < deadline:
        if all(
            len(polls := found.get(name, [])) >= 3 and all(p.changed for p in polls[-3:]) and polls[-3].sent > returned
            for name in targets
        ):
            break
        time.sleep(0.05)
    stop.set()
    for reader in readers:
        reader.join(timeout=10)
    for name in targets:
        polls = found.get(name, [])
        before = [p for p in polls if p.sent < started]
        first = next((p for p in polls if p.changed and p.sent >= started), None)
        old_after = [p for p in polls if p.sent > returned and not p.changed]
        if first is None:
            results.check(f"{what}: {name}", False, f"still the old page {POLL_CAP_S:.0f} s after the request")
            continue
        ms_from_return = 1000 * (first.received - returned)
        ms_from_start = 1000 * (first.received - started)
        ms_from_written = 1000 * (first.received - written)
        detail = (
            f"first changed answer ({first.status}) received {ms_from_written:.0f} ms after the event was written, "
            f"{abs(ms_from_return):.0f} ms {'after' if ms_from_return >= 0 else 'before'} the editor's request "
            f"returned ({ms_from_start:.0f} ms after it was sent), itself answered in "
            f"{1000 * (first.received - first.sent):.0f} ms; {len(polls)} polls "
            f"({len(before)} before, {sum(1 for p in before if p.changed)} of them already changed), "
            f"{len(old_after)} old answers to requests sent after the return"
        )
        results.check(f"{what}: {name}", ms_from_return <= TARGET_MS and not old_after, detail)


# ---------------------------------------------------------------- the run


def run(args, results: Results) -> Results:
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    stack = Stack(work)
    try:
        return _run(args, work, stack, results)
    finally:
        say("\n=== stopping everything")
        stack.close()


def _run(args, work: Path, stack: Stack, results: Results) -> Results:
    say(f"=== the clone: {ROOT} at {_git('rev-parse', '--short', 'HEAD')} ({_git('log', '-1', '--format=%s')[:90]})")

    say("=== S3-compatible bucket (moto_server)")
    storage, media_storage_url = start_object_storage(stack)
    say(f"  {storage.endpoint}, bucket {BUCKET}")

    say("=== PostgreSQL primary + streaming replica (bin/pg-replica-pair)")
    primary_url, replica_url = start_replica_pair(stack)
    say(f"  primary {primary_url}\n  replica {replica_url}")
    results.check(
        "the replica streams from the primary",
        sql_value(replica_url, "SELECT pg_is_in_recovery()")
        and sql_value(primary_url, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") >= 1,
    )

    say(f"=== Redis {args.redis_url} (emptied)")
    empty_redis(args.redis_url)
    stack.on_close("Redis", lambda: empty_redis(args.redis_url))

    ports = {"A": servers.free_port(), "B": servers.free_port()}
    while ports["B"] == ports["A"]:
        ports["B"] = servers.free_port()
    say("=== Varnish (deploy/varnish/newsroom.vcl, backends.vcl naming A and B)")
    varnish = start_varnish(work / "varnish", [("127.0.0.1", port) for port in ports.values()])
    stack.on_close("varnishd", varnish.stop)
    say(f"  {varnish.url}")

    env = servers.production_env(
        work,
        primary_url,
        DATABASE_REPLICA_URL=replica_url,
        MEDIA_STORAGE_URL=media_storage_url,
        REDIS_URL=args.redis_url,
        NEWSROOM_CDN_MAX_AGE="300",
        NEWSROOM_CDN_PURGE_URLS=f"{varnish.url}/",
        # Varnish in front appends the reader's address to X-Forwarded-For.
        NEWSROOM_TRUSTED_PROXIES="1",
        # The editor signs in with a password only (no authenticator app in a script).
        NEWSROOM_OTP_REQUIRED="0",
        LOG_LEVEL="WARNING",
    )
    (work / "newsroom.env").write_text("".join(f"{k}={v}\n" for k, v in sorted(env.items()) if k != "PATH"))

    say("=== the demo paper (as bin/run-demo loads it: migrate, seed_demo, make_renditions — DEBUG=1 for these)")
    loading = {**env, "DEBUG": "1"}
    started = time.monotonic()
    servers.manage(loading, "migrate", "--no-input", "-v", "0")
    seeded = servers.manage(loading, "seed_demo", "--base-url", varnish.url)
    servers.manage(loading, "make_renditions")
    servers.manage(env, "collectstatic", "--no-input", "-v", "0")
    say(f"  loaded in {time.monotonic() - started:.1f} s")
    login = re.search(r"^\s*(bientapvien) / (\S+) / ", seeded, re.MULTILINE)
    assert login, f"no editor's login in seed_demo's output:\n{seeded}"
    objects = storage.objects(BUCKET)
    photos = [key for key in objects if key.startswith("photos/")]
    renditions = [key for key in objects if key.startswith("renditions/")]
    results.check(
        "the demo's photos and renditions are in the bucket",
        bool(photos) and bool(renditions),
        f"{len(photos)} originals, {len(renditions)} rendition files",
    )
    local_media = work / "media"
    local_files = [p for p in local_media.rglob("*") if p.is_file()] if local_media.exists() else []
    results.check("nothing written to the local media folder", not local_files, f"{len(local_files)} files")

    say("=== two app servers (gunicorn, production settings, 2 workers each)")
    bases = {}
    processes = []
    for name, port in ports.items():
        log = work / f"gunicorn-{name}.log"
        process = servers.start_gunicorn(env, f"127.0.0.1:{port}", log, workers=2)
        stack.on_close(f"gunicorn {name}", lambda process=process: servers.stop(process))
        processes.append((process, log))
        bases[name] = f"http://127.0.0.1:{port}"
    for name, base in bases.items():
        servers.wait_until(
            lambda base=base: fetch(base, "/healthz")[0] == 200,
            f"gunicorn {name}",
            alive=lambda: [_alive(p, log) for p, log in processes],
        )
        say(f"  {name}: {base}")
    # Varnish's probes of /healthz (every second) mark a backend healthy again after two good answers in three.
    servers.wait_until(
        # One line per backend (boot.app1, boot.app2) and one for the director (boot.app).
        lambda: (
            len(re.findall(r"^\S+\.app\d+\s.*\bhealthy\b", varnish.adm("backend.list"), re.MULTILINE)) == len(ports)
        ),
        "Varnish's probes finding both app servers healthy",
        alive=varnish.alive,
    )
    say("  Varnish's probes: both app servers healthy")
    targets = {"Varnish": varnish.url, **bases}

    stories = json.loads(
        servers.manage(
            env,
            "shell",
            "-c",
            "import json; from articles.models import Article; print(json.dumps([[a.pk, a.get_absolute_url(), "
            "a.title] for a in Article.objects.published().filter(language='vi').order_by('-published_at')[:6]]))",
        )
        .strip()
        .splitlines()[-1]
    )
    (down_id, down_url, down_title), (fixed_id, fixed_url, _) = stories[1], stories[2]

    say("\n=== pages through Varnish and each server")
    before = {"primary": app_connections(primary_url), "replica": app_connections(replica_url)}
    for path in ("/", down_url, fixed_url, "/", down_url):
        for name, base in targets.items():
            status, headers, text = fetch(base, path)
            say(f"  {name:8} {path[:60]:60} {status} {describe(headers)}")
            if status != 200:
                results.check(f"{name} serves {path}", False, f"{status}")
    # The app servers keep their connections (CONN_MAX_AGE): a server that read the replica has one open there.
    after = {"primary": app_connections(primary_url), "replica": app_connections(replica_url)}
    say(
        "  the app servers' connections open: "
        + ", ".join(f"{where} {before[where]} before the pages, {after[where]} after" for where in after)
    )
    results.check("public pages read from the replica", after["replica"] > 0, f"{after['replica']} connections there")
    status, headers, _ = fetch(varnish.url, down_url)
    results.check(
        "Varnish keeps the article page",
        status == 200 and len(headers.get("X-Varnish", "").split()) == 2,
        describe(headers),
    )
    status, _, page = fetch(bases["B"], down_url)
    found = re.search(r'(?:src|srcset)="([^" ]*/renditions/[^" ]+)', page)
    address = found.group(1).replace("&amp;", "&") if found else ""
    photo_status, _, photo = _get_absolute(address) if address.startswith(storage.endpoint) else (None, None, b"")
    results.check(
        "B's article page shows a rendition fetched from the bucket",
        photo_status == 200 and len(photo) > 1000,
        f"{address[:110] or 'no rendition on the page'} → {photo_status}, {len(photo)} bytes",
    )

    editor = Editor(bases["A"], SITE_HOST)
    editor.log_in(login.group(1), login.group(2))
    say(f"\n  the editor ({login.group(1)}) is signed in on A")

    say(f"\n=== a correction through A's admin on “{stories[2][2][:70]}”")
    race(
        results,
        "correction shown",
        {name: base for name, base in targets.items() if name != "A"},
        fixed_url,
        lambda status, text: status == 200 and CORRECTION in text,
        lambda: editor.correct(fixed_id, "update", "", CORRECTION),
        lambda: event_written(primary_url, fixed_id),
    )

    say(f"\n=== a take-down through A's admin of “{down_title[:70]}”")
    race(
        results,
        "take-down gone",
        {name: base for name, base in targets.items() if name != "A"},
        down_url,
        lambda status, text: status in (404, 410),
        lambda: editor.step(down_id, "take_down", TAKE_DOWN_NOTE),
        lambda: event_written(primary_url, down_id),
    )
    for name, base in targets.items():
        status, _, text = fetch(base, "/")
        results.check(f"home page without the taken-down story: {name}", down_title not in text, f"{status}")
    return results


def event_written(primary_url: str, article_id: int) -> float:
    """When the article's newest workflow event (the step, or the correction's) was written: a Unix time."""
    return float(
        sql_value(
            primary_url,
            "SELECT extract(epoch FROM max(created_at)) FROM articles_articleevent WHERE article_id = %s",
            (article_id,),
        )
    )


def app_connections(url: str) -> int:
    """Client connections to the database `url` names, other than this one (the app servers' and commands')."""
    return int(
        sql_value(
            url,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'",
        )
    )


def _get_absolute(url: str):
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (our own loopback server)
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S603, S607


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", required=True, help="a folder of the run's own (logs, Varnish, static files)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10", help="emptied before and after")
    arguments = parser.parse_args()
    started = time.monotonic()
    results = Results()
    # A TERM (the wrapper's trap, a CI timeout) unwinds like an error, so that everything started is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        run(arguments, results)
    except Exception as error:
        results.check("the run", False, f"{type(error).__name__}: {error}")
    say(f"\n=== summary ({time.monotonic() - started:.0f} s)")
    for name, ok, _ in results.checks:
        say(f"  {'PASS' if ok else 'FAIL'}  {name}")
    say("RESULT: " + ("FAIL" if results.failed else "PASS"))
    sys.exit(1 if results.failed else 0)


if __name__ == "__main__":
    main()
