"""The page cache's dependency tags, stale copies and locks (articles/page_cache.py, articles/page_tags.py),
each rule on both set-ups: the per-machine default (pages in each process's memory, their state in the
`shared` file cache) and Redis (database 2 of the Redis on 127.0.0.1, skipped only when it is unreachable).

As in tests/test_page_cache.py, changes reach the cache only inside `committed()`, as a real commit would.
"""

import threading
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from articles import page_cache, page_tags, ranking
from articles.corrections import correction_record
from articles.models import Article, Author, Byline, Correction
from articles.page_cache import cached_public_page
from articles.roles import EDITOR
from articles.workflow import transition
from tests import factories
from tests.caches import clear_all
from tests.concurrency import run_threads
from tests.redis_db import TEST_REDIS_URL

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
S = Article.Status
REDIS_URL = TEST_REDIS_URL


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True, params=["per-machine", "redis"])
def setup(request, settings):
    """Each test on both set-ups, with the page cache on and a stale copy allowed for 15 seconds."""
    if request.param == "redis":
        if not _redis_reachable():
            pytest.skip("Redis is not reachable on 127.0.0.1:6379")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "newsroom-tests",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            }
        }
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 120
    settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS = 15
    clear_all()
    yield request.param
    clear_all()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def editor(db):
    return factories.staff_member("btv_tags", EDITOR)


@pytest.fixture
def paper(db):
    """Two sections, each with two published stories; the first story has a tag and an author."""
    roads = factories.section(name="Giao thông", slug="giao-thong")
    farms = factories.section(name="Nông nghiệp", slug="nong-nghiep")
    author = Author.objects.create(name="Nguyệt Hà")
    start = datetime(2026, 6, 15, 6, 0, tzinfo=HCM)
    lead = factories.article(title="Cao tốc thông xe", in_section=roads, published_at=start)
    lead.tags.add("Cao tốc")
    Byline.objects.create(article=lead, author=author)
    neighbour = factories.article(title="Cầu Hóa An", in_section=roads, published_at=start + timedelta(minutes=5))
    farm = factories.article(title="Mùa sầu riêng", in_section=farms, published_at=start + timedelta(minutes=1))
    other = factories.article(title="Giá lúa tăng", in_section=farms, published_at=start + timedelta(minutes=2))
    return {"roads": roads, "farms": farms, "author": author, "lead": lead, "neighbour": neighbour, "farm": farm,
            "other": other}  # fmt: skip


def _get(client, url: str, expected: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, url
    assert response.get("X-Page-Cache") == expected, url
    return response


def _text(client, url: str, expected: str) -> str:
    return _get(client, url, expected).content.decode()


def _warm(client, *urls: str) -> None:
    for url in urls:
        _get(client, url, "miss")
        _get(client, url, "hit")


def _key(url: str) -> str:
    return page_cache._page_key(RequestFactory().get(url))


def _entry(url: str):
    return caches["default"].get(_key(url))


def _another_request_is_making(url: str) -> None:
    """What a worker busy making the page holds."""
    assert caches["default"].add(page_cache._lock_key(_key(url)), 1, page_cache.LOCK_SECONDS)


def _that_request_is_done(url: str) -> None:
    caches["default"].delete(page_cache._lock_key(_key(url)))


def _edit(article: Article, **fields) -> None:
    article.refresh_from_db()
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()


# ---------------------------------------------------------------- what a page carries


def test_each_page_carries_the_tags_of_what_it_shows(client, paper):
    lead, neighbour = paper["lead"], paper["neighbour"]
    ranking.view_record(paper["farm"].pk)  # in the "Tin xem nhiều" box of every page
    urls = {
        "article": lead.get_absolute_url(),
        "home": "/",
        "section": paper["roads"].get_absolute_url(),
        "tag": reverse("articles:tag", args=["cao-toc"]),
        "author": reverse("articles:author", args=[paper["author"].slug]),
        "most_viewed": reverse("articles:most_viewed"),
        "corrections": reverse("articles:corrections"),
    }
    _warm(client, *urls.values())
    tags = {name: set(_entry(url)[1]) for name, url in urls.items()}
    box = {"all", "site", f"link:{paper['farm'].pk}"}
    assert box <= set.intersection(*tags.values())
    assert {f"article:{lead.pk}", f"link:{neighbour.pk}", f"name:author:{paper['author'].pk}"} <= tags["article"]
    assert f"name:tag:{lead.tags.get().pk}" in tags["article"]
    assert f"section:{paper['roads'].pk}" not in tags["article"]  # a new story there must not end this page
    assert {"home:vi", f"link:{lead.pk}", f"link:{paper['other'].pk}"} <= tags["home"]
    assert {f"section:{paper['roads'].pk}", f"link:{lead.pk}", f"link:{neighbour.pk}"} <= tags["section"]
    assert {f"tag:{lead.tags.get().pk}", f"link:{lead.pk}"} <= tags["tag"]
    assert {f"author:{paper['author'].pk}", f"link:{lead.pk}"} <= tags["author"]
    assert "most-viewed" in tags["most_viewed"]
    assert "corrections" in tags["corrections"]


def test_a_view_that_declares_nothing_is_ended_by_every_change(committed, paper):
    made = []
    view = cached_public_page(lambda request: made.append(1) or HttpResponse(f"page {len(made)}"))
    assert view(RequestFactory().get("/trang-rieng/"))["X-Page-Cache"] == "miss"
    assert view(RequestFactory().get("/trang-rieng/"))["X-Page-Cache"] == "hit"
    with committed():
        _edit(paper["farm"], body="<p>Thêm một đoạn.</p>")
    assert view(RequestFactory().get("/trang-rieng/"))["X-Page-Cache"] == "miss"


# ---------------------------------------------------------------- an ordinary edit ends what it changes


def test_editing_one_story_keeps_the_pages_of_the_others(client, paper, committed):
    lead = paper["lead"]
    others = [paper["farm"].get_absolute_url(), paper["farms"].get_absolute_url(), "/"]
    _warm(client, lead.get_absolute_url(), *others)
    with committed():  # the body only, as a breaking story is updated: no link to it changes
        _edit(lead, body="<p>Cập nhật lúc 9 giờ: xe đã qua lại bình thường.</p>")
    assert "Cập nhật lúc 9 giờ" in _text(client, lead.get_absolute_url(), "miss")
    for url in others:
        _get(client, url, "hit")


def test_a_title_edit_reaches_its_listings_and_the_pages_linking_to_it(client, paper, committed):
    lead = paper["lead"]
    linking = [
        "/",
        paper["roads"].get_absolute_url(),
        reverse("articles:tag", args=["cao-toc"]),
        reverse("articles:author", args=[paper["author"].slug]),
        paper["neighbour"].get_absolute_url(),  # its "previous" link
    ]
    _warm(client, *linking, paper["farm"].get_absolute_url())
    with committed():
        _edit(lead, title="Cao tốc Biên Hòa - Vũng Tàu thông xe")
    for url in linking:
        assert "Cao tốc Biên Hòa - Vũng Tàu thông xe" in _text(client, url, "miss"), url
    _get(client, paper["farm"].get_absolute_url(), "hit")  # another section, no link to it


def test_moving_a_story_and_dropping_its_tag_and_byline_end_the_old_pages_too(client, paper, committed):
    lead, roads = paper["lead"], paper["roads"]
    old_pages = [
        roads.get_absolute_url(),
        reverse("articles:tag", args=["cao-toc"]),
        reverse("articles:author", args=[paper["author"].slug]),
    ]
    _warm(client, *old_pages, paper["farms"].get_absolute_url())
    keeper = factories.article(title="Vẫn còn ở mục cũ", in_section=roads, published_at=lead.published_at)
    keeper.tags.add("Cao tốc")
    Byline.objects.create(article=keeper, author=paper["author"])
    with committed():
        _edit(lead, section=paper["farms"])
        lead.tags.remove(*lead.tags.all())
        Byline.objects.filter(article=lead).update(author=Author.objects.create(name="Minh Khoa"))
        Byline.objects.get(article=lead).save()  # as the admin's inline saves it: the old author is read first
    assert lead.title in _text(client, paper["farms"].get_absolute_url(), "miss")
    for url in old_pages:
        assert lead.title not in _text(client, url, "miss"), url


def test_a_section_renamed_reaches_the_menu_of_every_page_and_an_author_renamed_their_bylines(client, paper, committed):
    urls = ["/", paper["farm"].get_absolute_url(), paper["lead"].get_absolute_url()]
    _warm(client, *urls)
    with committed():
        paper["roads"].name = "Giao thông - Vận tải"
        paper["roads"].save()
        paper["author"].name = "Nguyễn Nguyệt Hà"
        paper["author"].save()
    for url in urls:
        assert "Giao thông - Vận tải" in _text(client, url, "miss"), url
    assert "Nguyễn Nguyệt Hà" in _text(client, paper["lead"].get_absolute_url(), "hit")


def test_a_stale_copy_is_served_while_another_request_makes_the_new_one(client, paper, committed):
    url = paper["neighbour"].get_absolute_url()
    _warm(client, url)
    with committed():
        _edit(paper["lead"], title="Tiêu đề mới của bài trước")
    _another_request_is_making(url)
    for _ in range(3):
        assert "Tiêu đề mới" not in _text(client, url, "stale")
    _that_request_is_done(url)
    assert "Tiêu đề mới của bài trước" in _text(client, url, "miss")
    _get(client, url, "hit")


def test_a_stale_copy_is_served_no_longer_than_the_setting(client, paper, committed, monkeypatch):
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.1)
    url = paper["neighbour"].get_absolute_url()
    start = datetime(2026, 6, 15, 9, 0, tzinfo=HCM)
    with time_machine.travel(start, tick=False) as clock:
        _warm(client, url)
        with committed():
            _edit(paper["lead"], title="Tiêu đề mới của bài trước")
        clock.shift(timedelta(seconds=15))
        _another_request_is_making(url)  # and never finishing
        _get(client, url, "stale")
        clock.shift(timedelta(seconds=1))
        # The copy is too old: this request waits for the other one briefly, then makes the page itself.
        assert "Tiêu đề mới của bài trước" in _text(client, url, "miss")


def test_a_page_past_its_lifetime_is_served_stale_while_remade(client, paper, settings):
    url = paper["farm"].get_absolute_url()
    start = datetime(2026, 6, 15, 9, 0, tzinfo=HCM)
    with time_machine.travel(start, tick=False) as clock:
        _warm(client, url)
        clock.shift(timedelta(seconds=settings.NEWSROOM_PAGE_CACHE_SECONDS + 1))
        _another_request_is_making(url)
        _get(client, url, "stale")
        _that_request_is_done(url)
        _get(client, url, "miss")
        _get(client, url, "hit")


# ---------------------------------------------------------------- hard: never served, not even stale


def _hold_every_lock(urls):
    for url in urls:
        _another_request_is_making(url)


def test_a_take_down_is_never_served_again_from_any_page_not_even_stale(client, paper, editor, committed, monkeypatch):
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.05)
    lead = paper["lead"]
    ranking.view_record(lead.pk)  # in the box on every page, the other section's story among them
    showing = [
        lead.get_absolute_url(),
        "/",
        paper["roads"].get_absolute_url(),
        reverse("articles:tag", args=["cao-toc"]),
        reverse("articles:author", args=[paper["author"].slug]),
        reverse("articles:most_viewed"),
        paper["neighbour"].get_absolute_url(),
        paper["farm"].get_absolute_url(),
    ]
    _warm(client, *showing)
    assert all(lead.title in client.get(url).content.decode() for url in showing)
    with committed():
        transition(lead, "take_down", editor, note="Sai thông tin")
    _hold_every_lock(showing)  # as if every page were being remade by a slow worker: still no stale copy
    for url in showing:  # its tag and its author have no other article: their pages are gone too
        response = client.get(url)
        assert response.get("X-Page-Cache") not in ("hit", "stale"), url
        assert lead.title not in response.content.decode(), url
    assert client.get(lead.get_absolute_url()).status_code == 404


def test_a_correction_is_printed_for_every_reader_at_once(client, paper, editor, committed, monkeypatch):
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.05)
    urls = [paper["lead"].get_absolute_url(), reverse("articles:corrections")]
    _warm(client, *urls, paper["farm"].get_absolute_url())
    with committed():
        correction_record(
            paper["lead"], editor, kind=Correction.Kind.ERRATUM, wrong_text="dài 50 km", correct_text="dài 53,7 km"
        )
    _hold_every_lock(urls)
    for url in urls:
        assert "dài 53,7 km" in _text(client, url, "miss"), url
    _get(client, paper["farm"].get_absolute_url(), "hit")


def test_a_scheduled_minute_purges_what_the_article_changes_and_keeps_the_rest(
    client, settings, paper, editor, committed, monkeypatch
):
    """Replaces the old rule that no entry outlived the next scheduled publication: at the minute, the pages
    the article appears on are purged hard, and the other stories' pages stay."""
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.05)
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600
    start = datetime(2026, 6, 15, 8, 0, tzinfo=HCM)
    with time_machine.travel(start, tick=False) as clock:
        article = factories.article(title="Bài hẹn giờ lúc 8 giờ 10", status=S.IN_REVIEW, in_section=paper["roads"])
        article.tags.add("Cao tốc")
        with committed():
            transition(article, "publish", editor, publish_at=start + timedelta(minutes=10))
        appear_on = ["/", paper["roads"].get_absolute_url(), reverse("articles:tag", args=["cao-toc"])]
        _warm(client, *appear_on, paper["farm"].get_absolute_url())
        clock.shift(timedelta(minutes=10))  # nothing is written at 8:10
        _hold_every_lock(appear_on)
        for url in appear_on:
            assert article.title in _text(client, url, "miss"), url
        _get(client, paper["farm"].get_absolute_url(), "hit")


def test_work_on_a_draft_and_on_a_scheduled_story_ends_no_page(client, paper, editor, committed):
    _warm(client, "/", paper["roads"].get_absolute_url())
    draft = factories.article(title="Bản nháp", status=S.IN_REVIEW, in_section=paper["roads"])
    with committed():
        transition(draft, "publish", editor, publish_at=datetime(2030, 1, 1, tzinfo=HCM))
        _edit(draft, title="Bản nháp hẹn giờ, sửa lại")
    _get(client, "/", "hit")
    _get(client, paper["roads"].get_absolute_url(), "hit")


# ---------------------------------------------------------------- a miss is made once


def _slow_page(made: list, release: threading.Event | None = None):
    lock = threading.Lock()

    def view(request):
        with lock:
            made.append(1)
        if release is not None:
            release.wait(30)
        return HttpResponse("la trang")

    return cached_public_page(view)


def test_many_concurrent_misses_of_one_address_make_one_render(client, paper, monkeypatch):
    _get(client, "/", "miss")  # the state every process reads exists (its first request made it)
    readers = 8
    all_waiting = threading.Event()
    waiting: list = []
    wait_for_copy = page_cache._wait_for_copy

    def counted_wait(*args):
        waiting.append(1)
        if len(waiting) == readers - 1:
            all_waiting.set()
        return wait_for_copy(*args)

    # The page is made only once every other reader is waiting for it: the test cannot pass by luck of timing.
    monkeypatch.setattr(page_cache, "_wait_for_copy", counted_wait)
    made: list = []
    view = _slow_page(made, release=all_waiting)
    outcomes: list = []

    def reader(index):
        response = view(RequestFactory().get("/mot-dia-chi/"))
        outcomes.append((response.status_code, response["X-Page-Cache"], response.content))

    assert run_threads(readers, reader) == []
    assert len(made) == 1
    assert sorted(outcome for _status, outcome, _content in outcomes) == ["hit"] * (readers - 1) + ["miss"]
    assert {(status, content) for status, _outcome, content in outcomes} == {(200, b"la trang")}


def test_a_reader_waits_briefly_then_makes_the_page_if_it_does_not_come(paper, monkeypatch):
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.1)
    made: list = []
    url = "/mot-dia-chi/"
    _another_request_is_making(url)  # a worker that died while making it
    response = _slow_page(made)(RequestFactory().get(url))
    assert (response.status_code, response["X-Page-Cache"], len(made)) == (200, "miss", 1)


def test_a_kept_page_carries_no_content_security_policy_of_its_own(client, paper):
    url = paper["lead"].get_absolute_url()
    first = _get(client, url, "miss")
    kept = _get(client, url, "hit")
    assert first["Content-Security-Policy"] == kept["Content-Security-Policy"]
    assert not any(name.lower() == "content-security-policy" for name, _value in _entry(url)[3])


def test_tags_used_by_the_signals_are_the_ones_pages_carry(paper):
    """page_tags' two tables speak one language: a take-down's tags name the article's own pages."""
    lead = paper["lead"]
    before = page_tags._state(lead)
    change = page_tags.article_change(before, before | {"status": S.TAKEN_DOWN}, lead.pk, lambda: ([7], [9]))
    assert change.hard
    assert {
        f"article:{lead.pk}", f"link:{lead.pk}", "home:vi", f"section:{lead.section_id}", "tag:7", "author:9",
        "most-viewed", "corrections",
    } <= change.tags  # fmt: skip
