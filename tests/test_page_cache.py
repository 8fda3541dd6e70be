"""The page cache for anonymous readers (articles/page_cache.py): what is kept, for whom, and that a change
made through the real workflow, corrections or the admin reaches every page at once.

Tests run inside a transaction that is rolled back, so `on_commit` callbacks (the cache's invalidation among
them) run only where a block is wrapped in `committed()`, as a real commit would run them; the
`transaction=True` tests at the end commit for real.
"""

import logging
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import beacon, page_cache, ranking
from articles.corrections import correction_record
from articles.models import Article, ArticleViewTotal, Author, Byline, Correction
from articles.page_cache import cached_public_page
from articles.roles import EDITOR, ensure_groups
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
S = Article.Status


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 120


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def editor(db):
    return factories.staff_member("btv_cache", EDITOR)


@pytest.fixture
def newsroom(db):
    """A section, an author and a tag that already have a published article, so their pages exist."""
    section = factories.section(name="Giao thông", slug="giao-thong")
    author = Author.objects.create(name="Nguyệt Hà")
    older = factories.article(title="Bài đã đăng từ trước", in_section=section)
    older.tags.add("Cao tốc")
    Byline.objects.create(article=older, author=author)
    return {"section": section, "author": author, "older": older}


def _listings(newsroom) -> list[str]:
    return [
        "/",
        newsroom["section"].get_absolute_url(),
        reverse("articles:tag", args=["cao-toc"]),
        reverse("articles:author", args=[newsroom["author"].slug]),
    ]


def _get(client, url: str, expected: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, url
    assert response.get("X-Page-Cache") == expected, url
    return response


def _warm(client, *urls: str) -> None:
    """Each page made and kept, then served from the cache."""
    for url in urls:
        _get(client, url, "miss")
        _get(client, url, "hit")


def _new_article_in_review(newsroom, title: str) -> Article:
    article = factories.article(title=title, status=S.IN_REVIEW, in_section=newsroom["section"])
    article.tags.add("Cao tốc")
    Byline.objects.create(article=article, author=newsroom["author"])
    return article


# ---------------------------------------------------------------- what is kept


def test_the_second_anonymous_request_is_a_hit_with_no_sql_and_the_same_page(client, newsroom):
    article = newsroom["older"]
    factories.photo(article)
    urls = [
        *_listings(newsroom),
        article.get_absolute_url(),
        reverse("articles:most_viewed"),
        reverse("articles:corrections"),
    ]
    for url in urls:
        first = _get(client, url, "miss")
        with CaptureQueriesContext(connection) as queries:
            second = _get(client, url, "hit")
        assert len(queries.captured_queries) == 0, url
        assert second.content == first.content, url
        for header in ("Content-Type", "Content-Language"):
            assert second[header] == first[header], url
        assert not second.cookies, url


def test_head_is_answered_from_the_entry_get_fills_and_the_reverse(client, newsroom):
    article = newsroom["older"]
    head = client.head(article.get_absolute_url())
    assert (head.status_code, head["X-Page-Cache"]) == (200, "miss")
    full = _get(client, article.get_absolute_url(), "hit")
    assert newsroom["older"].title in full.content.decode()
    head = client.head(article.get_absolute_url())
    assert (head.status_code, head["X-Page-Cache"], head.content) == (200, "hit", b"")


def test_query_strings_are_entries_of_their_own_except_share_tracking(client, section):
    for number in range(21):  # one more than a page holds
        factories.article(title=f"Tin số {number:02d}", in_section=section)
    first_page, second_page = section.get_absolute_url(), f"{section.get_absolute_url()}?trang=2"
    _warm(client, first_page)
    page_two = _get(client, second_page, "miss").content.decode()
    assert "Tin số 00" in page_two and "Tin số 20" not in page_two
    assert "Tin số 00" not in _get(client, first_page, "hit").content.decode()
    _get(client, second_page, "hit")
    # Readers sent by a Facebook or Zalo post share the page's entry whatever their click id.
    _get(client, f"{first_page}?fbclid=IwAR0abc&utm_source=facebook", "hit")
    _get(client, f"{second_page}&zarsrc=30&utm_medium=zalo", "hit")
    _get(client, f"{first_page}?trang=1", "miss")


def test_a_404_is_not_kept_so_an_article_published_later_appears(client, newsroom, editor, committed):
    article = _new_article_in_review(newsroom, "Bài sắp đăng")
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404
        assert response.get("X-Page-Cache") != "hit"
    with committed():
        transition(article, "publish", editor)
    assert "Bài sắp đăng" in _get(client, article.get_absolute_url(), "miss").content.decode()


def test_zero_seconds_turns_the_cache_off(client, settings, newsroom):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    _get(client, "/", "off")
    with CaptureQueriesContext(connection) as queries:
        _get(client, "/", "off")
    assert len(queries.captured_queries) > 0


def _decorated(make_response):
    return cached_public_page(lambda request: make_response(request))


@pytest.mark.parametrize(
    "make_response",
    [
        pytest.param(lambda request: _with_cookie(HttpResponse("cookie")), id="sets-a-cookie"),
        pytest.param(lambda request: HttpResponse(f"form {get_token(request)}"), id="prints-a-csrf-token"),
        pytest.param(lambda request: _with_vary(HttpResponse("vary")), id="varies"),
        pytest.param(lambda request: HttpResponse("private", headers={"Cache-Control": "private"}), id="private"),
        pytest.param(lambda request: HttpResponse("gone", status=410), id="not-200"),
    ],
)
def test_a_response_not_the_same_for_every_reader_is_never_kept(make_response):
    view = _decorated(make_response)
    for _ in range(2):
        assert view(RequestFactory().get("/trang-thu/"))["X-Page-Cache"] == "miss"


def test_the_same_view_is_kept_when_its_response_is_the_same_for_everyone():
    view = _decorated(lambda request: HttpResponse("plain", headers={"X-Robots-Tag": "noarchive"}))
    assert view(RequestFactory().get("/trang-thu/"))["X-Page-Cache"] == "miss"
    kept = view(RequestFactory().get("/trang-thu/"))
    assert (kept["X-Page-Cache"], kept.content, kept["X-Robots-Tag"]) == ("hit", b"plain", "noarchive")


def _with_cookie(response):
    response.set_cookie("ban_doc", "1")
    return response


def _with_vary(response):
    response["Vary"] = "Accept-Language"
    return response


def test_kept_article_pages_count_nothing_and_their_readers_are_counted_by_the_beacon():
    article = factories.article()
    url = article.get_absolute_url()
    browser = Client(headers={"user-agent": BROWSER})
    _warm(browser, url)
    assert f'data-view-id="{article.pk}"' in _get(browser, url, "hit").content.decode()
    assert not ArticleViewTotal.objects.filter(article=article).exists()  # serving pages counts nothing
    response = browser.post("/api/xem/", f"id={article.pk}", content_type="text/plain;charset=UTF-8")
    assert response.status_code == 204
    assert ArticleViewTotal.objects.get(article=article).views == 1
    assert beacon.SEEN_COOKIE in browser.cookies
    _get(browser, url, "hit")  # the beacon's cookie is not a session: the reader still gets the kept page


# ---------------------------------------------------------------- who may use it


def test_a_signed_in_editor_never_reads_nor_fills_the_cache(client, newsroom, editor):
    article = newsroom["older"]
    editor_client = type(client)()
    editor_client.force_login(editor)
    urls = [*_listings(newsroom), article.get_absolute_url()]
    # The editor's page, whatever it shows them, is not kept for readers...
    for url in urls:
        _get(editor_client, url, "bypass")
        _get(client, url, "miss")
        _get(client, url, "hit")
    # ...and the editor never gets a kept page: a write the cache was not told of shows to them at once.
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề sửa thẳng trong cơ sở dữ liệu")
    for url in urls:
        assert "Tiêu đề sửa thẳng" not in _get(client, url, "hit").content.decode(), url
        assert "Tiêu đề sửa thẳng" in _get(editor_client, url, "bypass").content.decode(), url


def test_a_write_that_sends_no_signal_reaches_readers_through_content_changed(client, newsroom, committed):
    article = newsroom["older"]
    _warm(client, article.get_absolute_url())
    with committed():
        Article.objects.filter(pk=article.pk).update(title="Tiêu đề sửa hàng loạt")
        page_cache.content_changed()
    assert "Tiêu đề sửa hàng loạt" in _get(client, article.get_absolute_url(), "miss").content.decode()


# ---------------------------------------------------------------- changes reach every page at once


def test_publishing_shows_the_article_on_home_section_tag_and_author_pages_at_once(client, newsroom, editor, committed):
    _warm(client, *_listings(newsroom))
    article = _new_article_in_review(newsroom, "Thông xe cao tốc Biên Hòa - Vũng Tàu")
    for url in _listings(newsroom):
        assert article.title not in client.get(url).content.decode(), url
    with committed():
        transition(article, "publish", editor)
    for url in _listings(newsroom):
        assert article.title in _get(client, url, "miss").content.decode(), url
        _get(client, url, "hit")


def test_editing_a_published_title_changes_its_page_and_listings_at_once(client, newsroom, editor, committed):
    article = newsroom["older"]
    urls = [*_listings(newsroom), article.get_absolute_url()]
    _warm(client, *urls)
    with committed():
        article.title = "Tiêu đề mới sau khi biên tập"
        article.save()
    for url in urls:
        page = _get(client, url, "miss").content.decode()
        assert "Tiêu đề mới sau khi biên tập" in page, url
        assert "Bài đã đăng từ trước" not in page, url


def test_a_new_photo_caption_shows_at_once(client, newsroom, committed):
    article = newsroom["older"]
    _warm(client, article.get_absolute_url())
    with committed():
        factories.photo(article, caption="Xe qua cầu Hóa An lúc sáng sớm")
    assert "Xe qua cầu Hóa An lúc sáng sớm" in _get(client, article.get_absolute_url(), "miss").content.decode()


def test_a_correction_shows_on_the_article_and_the_corrections_page_at_once(client, newsroom, editor, committed):
    article = newsroom["older"]
    urls = [article.get_absolute_url(), reverse("articles:corrections")]
    _warm(client, *urls)
    with committed():
        correction_record(
            article, editor, kind=Correction.Kind.ERRATUM, wrong_text="dài 50 km", correct_text="dài 53,7 km"
        )
    for url in urls:
        assert "dài 53,7 km" in _get(client, url, "miss").content.decode(), url


def test_taking_down_removes_the_article_from_its_page_and_every_listing_at_once(client, newsroom, editor, committed):
    article = _new_article_in_review(newsroom, "Bài sẽ bị gỡ")
    with committed():
        transition(article, "publish", editor)
    ranking.view_record(article.pk)
    listings = [*_listings(newsroom), reverse("articles:most_viewed")]
    _warm(client, article.get_absolute_url(), *listings)
    assert all(article.title in client.get(url).content.decode() for url in listings)

    with committed():
        transition(article, "take_down", editor, note="Sai thông tin")
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in listings:
        assert article.title not in _get(client, url, "miss").content.decode(), url


# ---------------------------------------------------------------- scheduled articles


def test_a_scheduled_article_appears_on_the_cached_home_page_at_its_minute(
    client, settings, newsroom, editor, committed
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600  # so that only the schedule can end the entry
    start = datetime(2026, 6, 15, 8, 0, tzinfo=HCM)
    with time_machine.travel(start, tick=False) as clock:
        article = _new_article_in_review(newsroom, "Bài hẹn giờ đăng lúc 8 giờ 10")
        with committed():
            transition(article, "publish", editor, publish_at=start + timedelta(minutes=10))
        _warm(client, "/")
        assert article.title not in client.get("/").content.decode()

        clock.shift(timedelta(minutes=9, seconds=59))
        assert article.title not in _get(client, "/", "hit").content.decode()
        assert client.get(article.get_absolute_url()).status_code == 404

        clock.shift(timedelta(seconds=1))  # 8:10:00, nothing written meanwhile
        assert article.title in _get(client, "/", "miss").content.decode()
        assert article.title in _get(client, article.get_absolute_url(), "miss").content.decode()
        _get(client, "/", "hit")


# ---------------------------------------------------------------- a broken cache


def test_a_broken_cache_serves_every_page_uncached_quickly_and_says_so(
    client, settings, newsroom, editor, committed, caplog, monkeypatch
):
    monkeypatch.setattr(page_cache, "_unsent", [])
    # However slow the machine, the whole test lies within one pause: "quickly" means the cache is tried once.
    monkeypatch.setattr(page_cache, "RETRY_AFTER_S", 3600.0)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    article = newsroom["older"]
    with caplog.at_level(logging.WARNING, logger="articles.page_cache"):
        for url in [*_listings(newsroom), article.get_absolute_url()] * 2:
            assert article.title in _get(client, url, "error").content.decode(), url
        fresh = _new_article_in_review(newsroom, "Bài đăng khi Redis hỏng")
        with committed():  # the change is saved; telling the cache fails and is logged
            transition(fresh, "publish", editor)
    assert fresh.title in _get(client, "/", "error").content.decode()
    messages = [record.getMessage() for record in caplog.records]
    # One timeout in all, not one per page: after the first failure the pages skip the cache.
    assert sum("Page cache: reading failed" in message for message in messages) == 1
    assert any("content changed but the cache is unreachable" in message for message in messages)


# ---------------------------------------------------------------- real commits


@pytest.mark.django_db(transaction=True)
def test_an_edit_and_a_take_down_in_the_admin_reach_readers_once_committed(client):
    ensure_groups()  # a transactional test may follow another that emptied the tables
    editor = factories.staff_member("btv_admin_cache", EDITOR)
    editor_client = type(client)()
    editor_client.force_login(editor)
    article = factories.article(title="Tiêu đề trước khi sửa")
    urls = ["/", article.section.get_absolute_url(), article.get_absolute_url()]
    _warm(client, *urls)

    # A write rolled back changes nothing readers see, and the cache keeps serving.
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Không bao giờ lưu")
        page_cache.content_changed()
        raise RuntimeError
    for url in urls:
        _get(client, url, "hit")

    change = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(change, factories.change_form_data(article, title="Tiêu đề sau khi sửa trong admin"))
    assert response.status_code == 302
    for url in urls:
        assert "Tiêu đề sau khi sửa trong admin" in _get(client, url, "miss").content.decode(), url

    article.refresh_from_db()
    take_down = reverse("admin:articles_article_transition", args=[article.pk, "take_down"])
    assert editor_client.post(take_down, {"version": article.version, "note": "Sai sự thật"}).status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in urls[:2]:
        assert "Tiêu đề sau khi sửa" not in _get(client, url, "miss").content.decode(), url


def test_a_change_made_by_another_process_ends_the_pages_this_one_keeps(client, newsroom):
    """Without Redis each process keeps pages in its own memory; the generation they are checked against
    is shared (the "shared" cache on disk), so a change saved by any process ends them all."""
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    assert page_cache.STATE_CACHE in django_settings.CACHES  # the set-up without REDIS_URL
    _warm(client, "/")
    _get(client, "/", "hit")
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from articles import page_cache; page_cache.content_changed()",
        ],
        check=True,
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        timeout=60,
    )
    _get(client, "/", "miss")


def test_work_on_a_draft_keeps_the_pages_and_its_publication_ends_them(client, newsroom, editor, committed):
    """Reporters save drafts all day: nothing readers can see changes, so the kept pages stay."""
    _warm(client, "/", newsroom["section"].get_absolute_url())
    with committed():
        draft = factories.article(title="Bản nháp đang viết", status=S.DRAFT, in_section=newsroom["section"])
        factories.photo(draft)
        draft.tags.add("Cao tốc")
        draft.title = "Bản nháp đã sửa"
        draft.save()
        transition(draft, "submit", editor)
    _get(client, "/", "hit")
    with committed():
        transition(draft, "publish", editor)
    assert "Bản nháp đã sửa" in _get(client, "/", "miss").content.decode()
