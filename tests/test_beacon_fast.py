"""The view beacon's fast path (articles/beacon_fast.py): what it answers and what it hands to Django, the
per-worker published ids (articles/published_ids.py) and what refreshes them, the Lua script (one Redis round
trip, the rate limit), and Redis going away mid-run.

The reader rules themselves are tested in test_beacon.py, whose requests all pass through the fast path first
(tests/beacon_client.py); `response.answered_by_fast_path` says which path answered.
"""

import io
import os
import shutil
import socket
import subprocess
import time
import uuid
from datetime import timedelta

import pytest
import redis
import time_machine
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils import timezone

from articles import beacon, beacon_fast, published_ids, ranking
from articles.models import Article
from articles.ranking import redis_gate
from tests import factories
from tests.concurrency import run_threads
from tests.redis_db import TEST_REDIS_URL
from tests.test_beacon import BROWSER, beacon_post, local, pixel_get, reader, views

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = TEST_REDIS_URL


def _namespace_keys(monkeypatch) -> str:
    namespace = f"newsroom-test:{uuid.uuid4().hex}:"
    for module, name in (
        (ranking, "PENDING_KEY"),
        (ranking, "BATCH_PREFIX"),
        (ranking, "LOCK_KEY"),
        (published_ids, "GENERATION_KEY"),
    ):
        monkeypatch.setattr(module, name, namespace + getattr(module, name))
    return namespace


@pytest.fixture
def redis_views(settings, monkeypatch, run_redis):
    """Views buffered in the real Redis (this run's database, emptied before and after), under this test's own
    key names."""
    _namespace_keys(monkeypatch)
    settings.REDIS_URL, settings.NEWSROOM_VIEWS_REDIS_URL = REDIS_TEST_URL, ""
    redis_gate.reset()
    published_ids.ids.forget()
    yield run_redis
    redis_gate.reset()


@pytest.fixture
def database_views(settings):
    settings.REDIS_URL = settings.NEWSROOM_VIEWS_REDIS_URL = ""
    redis_gate.reset()
    published_ids.ids.forget()


@pytest.fixture(params=["redis", "database"])
def either_path(request):
    """Both ways of counting: buffered in Redis, or written to the database in the request."""
    return request.getfixturevalue(f"{request.param}_views")


def pending(client) -> int:
    return sum(int(value) for value in client.hgetall(ranking.PENDING_KEY).values())


def counted(article, store) -> int:
    """Views of the article, wherever this path keeps them for now."""
    if store is None:
        return views(article)
    return sum(
        int(value)
        for field, value in store.hgetall(ranking.PENDING_KEY).items()
        if field.decode().startswith(f"{article.pk}:")
    )


def an_address() -> str:
    # Rate-limit keys are not namespaced: each test's readers come from addresses of their own.
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


# ---------------------------------------------------------------------------------------------------
# What the fast path answers, and how
# ---------------------------------------------------------------------------------------------------


def test_a_readers_beacon_and_pixel_are_answered_in_front_of_django(either_path):
    article = factories.article()
    response = beacon_post(reader(), article.pk)
    assert (response.status_code, response.answered_by_fast_path) == (204, True)
    pixel = pixel_get(reader(), article.pk)
    assert (pixel.status_code, pixel.answered_by_fast_path, pixel["Content-Type"]) == (200, True, "image/gif")
    assert pixel.content == beacon.PIXEL
    assert counted(article, either_path) == 2


@pytest.mark.parametrize(("body", "status"), [("id={pk}", "204 No Content"), ("id=abc", "400 Bad Request")])
def test_the_servers_wsgi_application_is_the_fast_path_in_front_of_django(database_views, body, status):
    """What gunicorn serves (newsroom.wsgi.application), called as gunicorn calls it."""
    from newsroom.wsgi import application

    assert isinstance(application, beacon_fast.FastPath)
    article = factories.article()
    payload = body.format(pk=article.pk).encode()
    environ = RequestFactory()._base_environ(
        PATH_INFO="/api/xem/",
        REQUEST_METHOD="POST",
        CONTENT_LENGTH=str(len(payload)),
        CONTENT_TYPE="text/plain;charset=UTF-8",
        HTTP_USER_AGENT=BROWSER,
        **{"wsgi.input": io.BytesIO(payload)},
    )
    started = []
    # As Django's test client does: the request signals must not close the test's own connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, lambda status, headers: started.append((status, headers)))
        content = b"".join(result)
        getattr(result, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    (answered, headers), names = started[0], [name for name, _value in started[0][1]]
    assert answered == status
    if status.startswith("204"):
        assert content == b"" and ("Content-Length", "0") in headers
        assert "Set-Cookie" in names and "Cache-Control" in names
        # Answered in front of Django: none of the middleware's headers.
        assert "Content-Security-Policy" not in names
        assert views(article) == 1
    else:  # handed to Django, which read the body again and answered by the view's rule
        assert "Content-Security-Policy" in names
        assert views(article) == 0


def test_the_fast_paths_answer_carries_the_views_cookie_and_headers(database_views):
    """Same cookie (name, attributes), same never-cache headers as Django's view gives."""
    article = factories.article()
    fast = beacon_post(reader(), article.pk)
    request = RequestFactory().post(
        "/api/xem/", f"id={article.pk}", content_type="text/plain", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.9"
    )
    slow = beacon.view_beacon(request)
    assert fast.answered_by_fast_path and slow.status_code == fast.status_code == 204
    assert fast["Cache-Control"] == slow["Cache-Control"]
    fast_cookie, slow_cookie = fast.cookies[beacon.SEEN_COOKIE], slow.cookies[beacon.SEEN_COOKIE]
    attributes = ("path", "max-age", "httponly", "samesite", "secure", "domain")
    assert [fast_cookie[key] for key in attributes] == [slow_cookie[key] for key in attributes]
    assert fast_cookie["expires"] and slow_cookie["expires"]
    assert set(fast.headers) == set(slow.headers)


@pytest.mark.parametrize(
    "case",
    ["session-cookie", "garbage-body", "huge-body", "unknown-id", "get", "unpublished-pixel"],
)
def test_what_the_fast_path_leaves_to_django(either_path, case):
    article = factories.article()
    draft = factories.article(status=Article.Status.DRAFT)
    browser = reader()
    expected = {
        "session-cookie": 204,
        "garbage-body": 400,
        "huge-body": 413,
        "unknown-id": 404,
        "get": 405,
        "unpublished-pixel": 404,
    }[case]
    if case == "session-cookie":
        browser.force_login(User.objects.create_user("bientap", password="pw", is_staff=True))
        response = beacon_post(browser, article.pk)
    elif case == "garbage-body":
        response = browser.post("/api/xem/", "id=abc", content_type="text/plain")
    elif case == "huge-body":
        response = browser.post("/api/xem/", "x" * 10_000, content_type="text/plain")
    elif case == "unknown-id":
        response = beacon_post(browser, 987654321)
    elif case == "get":
        response = browser.get("/api/xem/", {"id": article.pk})
    else:
        response = pixel_get(browser, draft.pk)
    assert (response.status_code, response.answered_by_fast_path) == (expected, False)
    assert counted(article, either_path) == 0  # staff are not counted either


def test_a_counted_view_is_one_redis_command_and_no_query(redis_views, django_assert_num_queries, monkeypatch):
    article, other = factories.article(), factories.article()
    assert beacon_post(reader(), other.pk).status_code == 204  # the worker loads its published ids
    commands = []
    real = redis.Redis.execute_command

    def spy(self, *args, **options):
        commands.append(args[0])
        return real(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", spy)
    browser = reader()
    with django_assert_num_queries(0):
        assert beacon_post(browser, article.pk).status_code == 204
    assert commands == ["EVALSHA"]
    # A reload within 30 minutes counts nothing, and only reads the published ids' generation.
    with django_assert_num_queries(0):
        assert beacon_post(browser, article.pk).status_code == 204
    assert commands == ["EVALSHA", "GET"]
    assert pending(redis_views) == 2


def test_a_redis_that_lost_the_script_is_given_it_again(redis_views):
    article = factories.article()
    assert beacon_post(reader(), article.pk).status_code == 204
    redis_views.script_flush()  # a restarted Redis knows no scripts
    response = beacon_post(reader(), article.pk)
    assert (response.status_code, response.answered_by_fast_path) == (204, True)
    assert pending(redis_views) == 2


# ---------------------------------------------------------------------------------------------------
# The rate limit, in the Lua script
# ---------------------------------------------------------------------------------------------------


def test_the_lua_rate_limit_counts_per_address_article_and_minute(redis_views, settings):
    settings.NEWSROOM_VIEW_RATE_LIMIT = 3
    first, second = (factories.article(published_at=local(2026, 6, 1)) for _ in range(2))
    crowd, loner = an_address(), an_address()
    with time_machine.travel(local(2026, 6, 15, 9, 30) + timedelta(seconds=10), tick=False):
        for _ in range(5):
            response = beacon_post(reader(REMOTE_ADDR=crowd), first.pk)
            assert (response.status_code, response.answered_by_fast_path) == (204, True)
        beacon_post(reader(REMOTE_ADDR=crowd), second.pk)
        beacon_post(reader(REMOTE_ADDR=loner), first.pk)
        # The limit's keys hold no address, and expire a little after their minute.
        keys = list(redis_views.scan_iter(match="newsroom:views:rate:*"))
        request = RequestFactory().post("/api/xem/", REMOTE_ADDR=crowd)
        key = beacon.rate_key(request, first.pk)
        assert key.encode() in keys and crowd not in key
        assert redis_views.get(key) == b"5"
        assert 0 < redis_views.ttl(key) <= beacon.RATE_KEY_SECONDS
    assert (counted(first, redis_views), counted(second, redis_views)) == (4, 1)
    with time_machine.travel(local(2026, 6, 15, 9, 31) + timedelta(seconds=10), tick=False):
        beacon_post(reader(REMOTE_ADDR=crowd), first.pk)
    assert counted(first, redis_views) == 5
    for key in keys:
        redis_views.delete(key)


def test_the_rate_limit_shares_its_key_with_the_view_behind_trusted_proxies(redis_views, settings):
    settings.NEWSROOM_VIEW_RATE_LIMIT = 1
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    article = factories.article(published_at=local(2026, 6, 1))
    client_address = an_address()
    with time_machine.travel(local(2026, 6, 15, 9, 30) + timedelta(seconds=10), tick=False):
        for proxy in ("10.0.0.2", "10.0.0.3"):
            forwarded = {"x-forwarded-for": f"{an_address()}, {client_address}"}
            beacon_post(reader(REMOTE_ADDR=proxy, headers=forwarded), article.pk)
    assert counted(article, redis_views) == 1


# ---------------------------------------------------------------------------------------------------
# The published ids: refreshed by a publication, a take-down, the scheduled minute
# ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_take_down_and_a_publication_in_another_thread_reach_this_worker(either_path):
    store = either_path
    article = factories.article()
    draft = factories.article(status=Article.Status.DRAFT)
    assert beacon_post(reader(), article.pk).answered_by_fast_path  # loaded: the article is in the set
    loaded_under = published_ids.ids.token

    def take_down_and_publish(_index):
        # Another worker's request: its own connection, its own transactions.
        taken = Article.objects.get(pk=article.pk)
        taken.status = Article.Status.TAKEN_DOWN
        taken.save()
        published = Article.objects.get(pk=draft.pk)
        published.status, published.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
        published.save()

    assert run_threads(1, take_down_and_publish) == []
    response = beacon_post(reader(), article.pk)
    assert (response.status_code, response.answered_by_fast_path) == (404, False)
    assert counted(article, store) == 1
    response = beacon_post(reader(), draft.pk)
    assert (response.status_code, response.answered_by_fast_path) == (204, True)
    assert counted(Article.objects.get(pk=draft.pk), store) == 1
    assert published_ids.ids.token != loaded_under


@pytest.mark.django_db(transaction=True)
def test_a_deletion_in_another_thread_reaches_this_worker(either_path):
    article = factories.article()
    assert beacon_post(reader(), article.pk).answered_by_fast_path
    assert run_threads(1, lambda _index: Article.objects.filter(pk=article.pk).get().delete()) == []
    response = beacon_post(reader(), article.pk)
    assert (response.status_code, response.answered_by_fast_path) == (404, False)


def test_a_draft_saved_leaves_the_published_ids_alone(either_path):
    article = factories.article()
    assert beacon_post(reader(), article.pk).answered_by_fast_path
    loaded_under = published_ids.ids.token
    draft = factories.article(status=Article.Status.DRAFT)
    draft.title = "Sửa lại"
    draft.save()
    assert beacon_post(reader(), article.pk).answered_by_fast_path
    assert published_ids.ids.token == loaded_under


def test_a_scheduled_article_is_answered_by_the_fast_path_from_its_minute(either_path):
    published = factories.article(published_at=local(2026, 6, 15, 8, 0))
    scheduled = factories.article(published_at=local(2026, 6, 15, 9, 0))
    with time_machine.travel(local(2026, 6, 15, 8, 59) + timedelta(seconds=30), tick=False):
        assert beacon_post(reader(), published.pk).answered_by_fast_path
        response = beacon_post(reader(), scheduled.pk)
        assert (response.status_code, response.answered_by_fast_path) == (404, False)
    loaded_under = published_ids.ids.token
    # Nothing is written at 9:00; the set the worker loaded at 8:59 ends at that minute by itself.
    with time_machine.travel(local(2026, 6, 15, 9, 0), tick=False):
        response = beacon_post(reader(), scheduled.pk)
        assert (response.status_code, response.answered_by_fast_path) == (204, True)
    assert published_ids.ids.token == loaded_under
    assert counted(scheduled, either_path) == 1


def test_the_published_ids_expire_without_any_change_after_their_maximum_age(either_path):
    article = factories.article(published_at=local(2026, 6, 15, 8, 0))
    with time_machine.travel(local(2026, 6, 15, 9, 0), tick=False) as clock:
        assert beacon_post(reader(), article.pk).answered_by_fast_path
        # A change no signal announced (a bulk update): seen once MAX_AGE_S has passed.
        Article.objects.filter(pk=article.pk).update(status=Article.Status.TAKEN_DOWN)
        clock.shift(timedelta(seconds=published_ids.MAX_AGE_S + 1))
        response = beacon_post(reader(), article.pk)
        assert (response.status_code, response.answered_by_fast_path) == (404, False)


def test_a_lost_generation_key_reads_as_a_change(redis_views):
    article = factories.article()
    assert beacon_post(reader(), article.pk).answered_by_fast_path
    Article.objects.filter(pk=article.pk).update(status=Article.Status.TAKEN_DOWN)  # no signal
    published_ids.generation_bump()
    redis_views.delete(published_ids.GENERATION_KEY)  # e.g. Redis restarted without its data
    response = beacon_post(reader(), article.pk)
    assert (response.status_code, response.answered_by_fast_path) == (404, False)


# ---------------------------------------------------------------------------------------------------
# Redis going away mid-run
# ---------------------------------------------------------------------------------------------------


def _free_port() -> int:
    # A port in this checkout's range when one is given (a shared machine), else any free one.
    base = int(os.environ.get("NEWSROOM_TEST_PORT_BASE", "0"))
    for port in range(base, base + 100) if base else [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    pytest.skip("no free port")


def _start_redis(port: int, folder) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    probe = redis.Redis(port=port, socket_connect_timeout=0.2)
    for _ in range(100):
        try:
            probe.ping()
            return server
        except redis.RedisError:
            time.sleep(0.05)
    server.kill()
    pytest.fail("the private Redis did not start")


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server program")
def test_redis_stopping_mid_run_loses_no_view(settings, monkeypatch, tmp_path):
    """A private Redis, stopped while readers come: each view is counted once, in Redis or in the database."""
    port = _free_port()
    server = _start_redis(port, tmp_path)
    try:
        _namespace_keys(monkeypatch)
        settings.REDIS_URL, settings.NEWSROOM_VIEWS_REDIS_URL = f"redis://127.0.0.1:{port}/0", ""
        redis_gate.reset()
        article = factories.article()
        store = redis.Redis(port=port)
        for _ in range(3):
            assert beacon_post(reader(), article.pk).answered_by_fast_path
        assert (counted(article, store), views(article)) == (3, 0)

        store.shutdown(nosave=True)
        server.wait(timeout=10)
        for _ in range(3):  # Redis is gone: Django's view counts in the database
            response = beacon_post(reader(), article.pk)
            assert (response.status_code, response.answered_by_fast_path) == (204, False)
        assert views(article) == 3
        assert redis_gate.client() is None

        server = _start_redis(port, tmp_path)
        redis_gate._failed_at -= ranking.REDIS_RETRY_AFTER_S + 1  # the pause is over (monotonic clock)
        response = beacon_post(reader(), article.pk)
        assert (response.status_code, response.answered_by_fast_path) == (204, True)
        assert (counted(article, store), views(article)) == (1, 3)
    finally:
        server.kill()
        server.wait(timeout=10)
        redis_gate.reset()
