"""What a CDN in front is told (articles/cdn.py): the headers of the pages the page cache keeps, and the PURGE
sent after a change, to a real HTTP server on loopback that records what it gets (a closed port and a server
that never answers stand for a purge endpoint down or slow). Varnish itself: tests/test_varnish.py.

Tests run in a transaction that is rolled back: a change reaches the page cache and the CDN inside `committed()`,
as a real commit would send it.
"""

import http.server
import logging
import queue
import threading
from functools import partial

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import cdn, page_cache
from articles.models import Article
from articles.roles import EDITOR
from articles.workflow import transition
from tests import factories
from tests.servers import free_port, wait_until
from tests.varnish import VCL

pytestmark = pytest.mark.django_db

MAX_AGE = 45
SHARED = f"public, max-age=0, s-maxage={MAX_AGE}"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 120


@pytest.fixture
def cdn_on(settings):
    settings.NEWSROOM_CDN_MAX_AGE = MAX_AGE


@pytest.fixture(autouse=True)
def purges_settle(monkeypatch):
    """Retries and the second PURGE come quickly here; every purge thread has ended before the next test."""
    monkeypatch.setattr(cdn, "RETRY_AFTER_S", 0.05)
    monkeypatch.setattr(cdn, "ECHO_S", 0.05)
    cdn._failed_at.clear()
    yield
    for thread in threading.enumerate():
        if thread.name == "cdn-purge":
            thread.join(30)
    cdn._failed_at.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def editor(db):
    return factories.staff_member("btv_cdn", EDITOR)


@pytest.fixture
def story(db):
    section = factories.section(name="Giao thông", slug="giao-thong")
    return factories.article(title="Cao tốc Biên Hòa - Vũng Tàu thông xe", in_section=section)


def _get(client, url, expected):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Page-Cache"] == expected, url
    return response


def _keys(response) -> set[str]:
    return set(response["Surrogate-Key"].split(" "))


def _kept_tags(url: str) -> set[str]:
    """The tags the page cache keeps with the page at this address."""
    entry = caches["default"].get(page_cache._page_key(RequestFactory().get(url)))
    return set(entry[1])


class Recorder:
    """A tiny HTTP server on loopback that records each request (method, path, headers); with `hold`, it answers
    only once `release` is set (a purge endpoint that does not answer)."""

    def __init__(self, hold: bool = False):
        self.received: queue.Queue = queue.Queue()
        self.release = threading.Event()
        self.answered = 0
        if not hold:
            self.release.set()
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):
                recorder.received.put((self.command, self.path, dict(self.headers)))
                recorder.release.wait(30)
                recorder.answered += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def next(self):
        return self.received.get(timeout=30)

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder(settings):
    server = Recorder()
    settings.NEWSROOM_CDN_PURGE_URLS = [server.url]
    yield server
    server.close()


# ---------------------------------------------------------------- the headers


def test_off_by_default_nothing_changes(client, story):
    assert settings.NEWSROOM_CDN_MAX_AGE == 0
    for expected in ("miss", "hit"):
        response = _get(client, story.get_absolute_url(), expected)
        assert "Surrogate-Key" not in response
        assert "Cache-Control" not in response


def test_an_article_page_names_what_it_shows_and_may_be_kept_for_the_setting(client, story, cdn_on):
    url = story.get_absolute_url()
    for expected in ("miss", "hit"):
        response = _get(client, url, expected)
        assert response["Cache-Control"] == SHARED
        assert _keys(response) == _kept_tags(url)
        assert {f"article:{story.pk}", "site", page_cache.ALL} <= _keys(response)


def test_the_home_page_and_a_section_name_their_listing_and_the_articles_they_link_to(client, story, cdn_on):
    home = _keys(_get(client, "/", "miss"))
    assert {"home:vi", f"link:{story.pk}", "site", page_cache.ALL} <= home
    assert home == _kept_tags("/")
    section = _keys(_get(client, story.section.get_absolute_url(), "miss"))
    assert {f"section:{story.section_id}", f"link:{story.pk}", page_cache.ALL} <= section
    assert f"article:{story.pk}" not in section


def test_staff_and_pages_nobody_keeps_get_nothing_a_shared_cache_may_keep(client, story, staff_user, cdn_on):
    assert "s-maxage" not in client.get("/khong-co-trang-nay/").get("Cache-Control", "")
    client.force_login(staff_user)
    for url in (story.get_absolute_url(), "/", reverse("admin:index")):
        response = client.get(url)
        assert "Surrogate-Key" not in response, url
        assert "s-maxage" not in response.get("Cache-Control", ""), url


def test_with_the_page_cache_off_nothing_is_marked(client, story, cdn_on, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    response = _get(client, story.get_absolute_url(), "off")
    assert "Surrogate-Key" not in response and "Cache-Control" not in response


def test_a_stale_copy_is_not_kept_by_the_cdn(client, story, cdn_on, committed):
    """Kept for s-maxage, the copy made before the edit would outlive the page cache's stale bound."""
    url = story.section.get_absolute_url()
    _get(client, url, "miss")
    with committed():
        story.title = "Cao tốc thông xe sớm hai tháng"
        story.save()
    key = page_cache._lock_key(page_cache._page_key(RequestFactory().get(url)))
    assert caches["default"].add(key, 1, page_cache.LOCK_SECONDS)  # another request is making the new copy
    response = _get(client, url, "stale")
    assert "Surrogate-Key" not in response and "Cache-Control" not in response
    caches["default"].delete(key)
    assert _get(client, url, "miss")["Cache-Control"] == SHARED


def test_the_headers_cost_no_query(client, story, settings):
    url = story.get_absolute_url()
    counts = {}
    for max_age in (0, MAX_AGE, 0):  # the first round also fills what a process reads once
        settings.NEWSROOM_CDN_MAX_AGE = max_age
        caches["default"].clear()
        for expected in ("miss", "hit"):
            with CaptureQueriesContext(connection) as queries:
                _get(client, url, expected)
            counts[max_age, expected] = len(queries)
    assert counts[0, "miss"] == counts[MAX_AGE, "miss"]
    assert counts[0, "hit"] == counts[MAX_AGE, "hit"]


def test_keys_are_kept_to_a_safe_alphabet_and_length():
    assert cdn.keys(["article:12", "name:tag:3", "most-viewed", "all"]) == "all article:12 most-viewed name:tag:3"
    odd = cdn.key("tag:Cao tốc")
    assert odd.startswith("h:") and cdn.KEY.match(odd) and odd == cdn.key("tag:Cao tốc")
    assert cdn.key("x" * 65).startswith("h:")


def test_a_page_with_too_many_keys_to_send_is_not_marked(settings):
    from django.http import HttpResponse

    settings.NEWSROOM_CDN_MAX_AGE = MAX_AGE
    response = HttpResponse("")
    cdn.mark(response, [f"link:{number}" for number in range(1000)])
    assert "Surrogate-Key" not in response and "Cache-Control" not in response


def test_the_varnish_configuration_passes_the_session_cookie_this_site_uses():
    # The VCL names the cookie itself (a VCL cannot read the settings): the two must agree.
    assert f"{settings.SESSION_COOKIE_NAME}=" in VCL.read_text()


@pytest.mark.parametrize(
    ("max_age", "urls", "message"),
    [
        (-1, [], "NEWSROOM_CDN_MAX_AGE=-1 is negative"),
        (0, ["varnish:6081"], "'varnish:6081' is not an http"),
        (0, ["http://127.0.0.1:port/"], "'http://127.0.0.1:port/' has a bad port"),
    ],
)
def test_bad_settings_stop_the_start_naming_the_variable(max_age, urls, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        cdn.check_settings(max_age, urls)


# ---------------------------------------------------------------- the purge


def test_a_take_down_is_purged_hard_with_every_key_it_ends(story, editor, committed, recorder):
    with committed():
        transition(story, "take_down", editor, note="Sai thông tin")
    method, path, headers = recorder.next()
    assert (method, path) == ("PURGE", "/")
    keys = set(headers["Surrogate-Key"].split(" "))
    assert {f"article:{story.pk}", f"link:{story.pk}", "home:vi", f"section:{story.section_id}"} <= keys
    # Hard: sent once more, for a copy the CDN was fetching while the first went by.
    assert recorder.next()[2]["Surrogate-Key"] == headers["Surrogate-Key"]


def test_a_take_down_waits_for_the_first_purge_only(story, editor, committed, recorder, monkeypatch):
    """The editor's save is held until the CDN has dropped its copies, not for the echo that follows them."""
    monkeypatch.setattr(cdn, "ECHO_S", 2.0)
    monkeypatch.setattr(cdn, "TIMEOUT_S", 30.0)  # long enough that only the first PURGE can end the wait
    with committed():
        transition(story, "take_down", editor, note="Sai thông tin")
    assert recorder.next()[0] == "PURGE"
    assert recorder.received.empty()  # the save has returned; the echo is still to come
    assert recorder.next()[0] == "PURGE"


def test_an_edit_is_purged_once_with_the_article_own_page(story, committed, recorder):
    with committed():
        story.body = "<p>Cập nhật: thông xe lúc 9 giờ.</p>"
        story.save()
    method, _path, headers = recorder.next()
    assert method == "PURGE" and f"article:{story.pk}" in headers["Surrogate-Key"].split(" ")
    for thread in threading.enumerate():
        if thread.name == "cdn-purge":
            thread.join(30)
    assert recorder.received.empty()


def test_content_changed_purges_everything(db, committed, recorder):
    with committed():
        page_cache.content_changed()
    assert set(recorder.next()[2]["Surrogate-Key"].split(" ")) == {page_cache.ALL, "untagged"}


def test_nothing_is_sent_without_purge_urls(story, committed, settings):
    assert settings.NEWSROOM_CDN_PURGE_URLS == []
    with committed():
        story.body = "<p>Không ai được báo.</p>"
        story.save()
    assert not [thread for thread in threading.enumerate() if thread.name == "cdn-purge"]


def test_a_purge_endpoint_that_is_down_never_breaks_a_save(story, editor, committed, settings, caplog):
    closed = f"http://127.0.0.1:{free_port()}/"
    settings.NEWSROOM_CDN_PURGE_URLS = [closed]
    caplog.set_level(logging.WARNING, logger="articles.cdn")
    with committed():
        transition(story, "take_down", editor, note="Sai thông tin")
    story.refresh_from_db()
    assert story.status == Article.Status.TAKEN_DOWN
    for thread in threading.enumerate():
        if thread.name == "cdn-purge":
            thread.join(30)
    failures = [(record.levelname, record.getMessage()) for record in caplog.records if closed in record.getMessage()]
    assert [level for level, _message in failures] == ["WARNING"] * cdn.RETRIES + ["ERROR"], failures
    assert "Connection refused" in failures[-1][1]


def test_a_purge_endpoint_that_does_not_answer_does_not_hold_a_save(story, editor, committed, settings, caplog):
    slow = Recorder(hold=True)
    settings.NEWSROOM_CDN_PURGE_URLS = [slow.url]
    caplog.set_level(logging.WARNING, logger="articles.cdn")
    try:
        with committed():
            transition(story, "take_down", editor, note="Sai thông tin")
        # The save is done while the endpoint still holds the PURGE it got, unanswered.
        assert slow.next()[0] == "PURGE"
        assert slow.answered == 0
        assert Article.objects.get(pk=story.pk).status == Article.Status.TAKEN_DOWN
        # The purge gives up on it (and says so) rather than waiting for the answer.
        wait_until(lambda: any("timed out" in record.getMessage() for record in caplog.records), "the timeout logged")
    finally:
        slow.release.set()
        for thread in threading.enumerate():
            if thread.name == "cdn-purge":
                thread.join(30)
        slow.close()


def test_each_purge_url_is_told_even_when_another_is_down(story, committed, recorder, settings):
    settings.NEWSROOM_CDN_PURGE_URLS = [f"http://127.0.0.1:{free_port()}/", recorder.url]
    with committed():
        story.body = "<p>Hai máy chủ Varnish.</p>"
        story.save()
    assert f"article:{story.pk}" in recorder.next()[2]["Surrogate-Key"].split(" ")
