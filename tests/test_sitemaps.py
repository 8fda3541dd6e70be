"""Sitemaps (/sitemap.xml and its parts, /sitemap-news.xml) and robots.txt: published articles only."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests import caches, factories
from tests.test_feeds import hidden_articles

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
HANOI = timezone.get_fixed_timezone(7 * 60)


def _get(client, url: str, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def _xml(response) -> ET.Element:
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - the site's own response


def _urls(response) -> dict[str, ET.Element]:
    return {url.findtext(f"{SM}loc"): url for url in _xml(response).findall(f"{SM}url")}


def _iso(moment: datetime) -> str:
    """How the sitemaps write a moment: +07:00, whole seconds."""
    return moment.astimezone(HANOI).replace(microsecond=0).isoformat()


def _absolute(path: str) -> str:
    return f"http://testserver{path}"


def test_the_routes():
    assert reverse("sitemap") == "/sitemap.xml"
    assert reverse("sitemap_news") == "/sitemap-news.xml"
    assert reverse("sitemap_part", args=["articles"]) == "/sitemap-articles.xml"
    assert reverse("robots_txt") == "/robots.txt"


def test_the_index_lists_the_sections_and_articles_sitemaps_with_their_lastmod(client):
    article = factories.article()
    response = _get(client, "/sitemap.xml")
    entries = {
        entry.findtext(f"{SM}loc"): entry.findtext(f"{SM}lastmod") for entry in _xml(response).findall(f"{SM}sitemap")
    }
    assert set(entries) == {_absolute("/sitemap-sections.xml"), _absolute("/sitemap-articles.xml")}
    latest = _iso(max(article.updated_at, article.published_at))
    assert entries[_absolute("/sitemap-articles.xml")] == latest
    assert entries[_absolute("/sitemap-sections.xml")] == latest
    assert all(lastmod.endswith("+07:00") for lastmod in entries.values())
    assert "noindex" in response["X-Robots-Tag"]


def test_the_articles_sitemap_lists_published_articles_of_both_editions_with_lastmod(client):
    vietnamese = factories.article(title="Bài tiếng Việt")
    english = factories.article(title="An English story", language="en")
    urls = _urls(_get(client, "/sitemap-articles.xml"))
    for article in (vietnamese, english):
        article.refresh_from_db()
        lastmod = urls[_absolute(article.get_absolute_url())].findtext(f"{SM}lastmod")
        assert lastmod == _iso(article.updated_at)
        assert lastmod.endswith("+07:00")


def test_a_scheduled_article_once_out_is_not_dated_before_its_publication(client):
    with time_machine.travel(datetime(2026, 3, 1, 1, 0, tzinfo=UTC), tick=False):
        article = factories.article(published_at=datetime(2026, 3, 2, 0, 30, tzinfo=UTC))  # saved the day before
        assert _absolute(article.get_absolute_url()) not in _urls(_get(client, "/sitemap-articles.xml"))
    with time_machine.travel(datetime(2026, 3, 2, 2, 0, tzinfo=UTC), tick=False):
        urls = _urls(_get(client, "/sitemap-articles.xml"))
        assert urls[_absolute(article.get_absolute_url())].findtext(f"{SM}lastmod") == "2026-03-02T07:30:00+07:00"


def test_sections_are_listed_and_dated_by_their_public_articles_only(client):
    section, empty = factories.section(), factories.section()
    with time_machine.travel(datetime(2026, 3, 1, 1, 0, tzinfo=UTC), tick=False):
        factories.article(in_section=section, published_at=datetime(2026, 3, 1, 0, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 3, 1, 5, 0, tzinfo=UTC), tick=False):
        hidden_articles(section)  # saved later than the public one: must not move the date
        urls = _urls(_get(client, "/sitemap-sections.xml"))
    assert urls[_absolute(section.get_absolute_url())].findtext(f"{SM}lastmod") == "2026-03-01T08:00:00+07:00"
    assert urls[_absolute(empty.get_absolute_url())].find(f"{SM}lastmod") is None


def test_drafts_scheduled_and_taken_down_articles_are_in_no_sitemap_and_not_in_robots(client):
    published = factories.article(title="Bài đã đăng")
    hidden = hidden_articles()
    for url in ("/sitemap.xml", "/sitemap-sections.xml", "/sitemap-articles.xml", "/sitemap-news.xml", "/robots.txt"):
        page = _get(client, url).content.decode()
        for marker, article in hidden.items():
            assert f"-{article.pk}/" not in page, (url, marker)
            assert marker.lower() not in page.lower(), (url, marker)
    assert published.get_absolute_url() in _get(client, "/sitemap-articles.xml").content.decode()
    assert published.get_absolute_url() in _get(client, "/sitemap-news.xml").content.decode()


def test_an_unknown_sitemap_part_is_a_404(client):
    assert client.get("/sitemap-khong-co.xml").status_code == 404


def test_the_news_sitemap_has_the_news_tags(client):
    with time_machine.travel(datetime(2026, 5, 1, 3, 0, 0, 500_000, tzinfo=UTC), tick=False):
        article = factories.article(title="Giá cà phê <tăng> & “nóng”", published_at=timezone.now())
        english = factories.article(title="Dong Nai's new airport", language="en", published_at=timezone.now())
        urls = _urls(_get(client, "/sitemap-news.xml"))

    news = urls[_absolute(article.get_absolute_url())].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Báo Đồng Nai"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "vi"
    assert news.findtext(f"{NEWS}publication_date") == "2026-05-01T10:00:00+07:00"
    assert news.findtext(f"{NEWS}title") == "Giá cà phê <tăng> & “nóng”"

    news = urls[_absolute(english.get_absolute_url())].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Dong Nai's new airport"


def test_the_news_sitemap_holds_only_the_last_48_hours(client):
    start = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        article = factories.article(published_at=timezone.now())
    location = _absolute(article.get_absolute_url())
    with time_machine.travel(start + timedelta(hours=47, minutes=59), tick=False):
        assert location in _urls(_get(client, "/sitemap-news.xml"))
        assert location in _urls(_get(client, "/sitemap-articles.xml"))
    with time_machine.travel(start + timedelta(hours=48, minutes=1), tick=False):
        assert location not in _urls(_get(client, "/sitemap-news.xml"))
        assert location in _urls(_get(client, "/sitemap-articles.xml"))  # the plain sitemap keeps it


def test_the_news_sitemap_lists_newest_first(client):
    now = timezone.now()
    older = factories.article(published_at=now - timedelta(hours=5))
    newer = factories.article(published_at=now - timedelta(hours=1))
    assert list(_urls(_get(client, "/sitemap-news.xml"))) == [
        _absolute(newer.get_absolute_url()),
        _absolute(older.get_absolute_url()),
    ]


def _count_queries(client, url: str) -> int:
    caches.clear_all()  # the paper's particulars (its name) then cost their one query every time, not the first only
    with CaptureQueriesContext(connection) as context:
        _get(client, url)
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-sections.xml", "/sitemap-articles.xml", "/sitemap-news.xml"])
def test_sitemaps_run_a_fixed_number_of_queries(client, url):
    factories.article()
    few = _count_queries(client, url)
    for _ in range(6):
        factories.photo(factories.article(in_section=factories.section()))
    assert _count_queries(client, url) == few


def test_robots_txt_keeps_crawlers_out_of_admin_previews_and_api_and_names_the_sitemaps(client):
    response = _get(client, "/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:5] == ["User-agent: *", "Allow: /", "Disallow: /admin/", "Disallow: /xem-truoc/", "Disallow: /api/"]
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


def test_robots_txt_names_the_sitemaps_on_the_host_and_scheme_asked(client, settings):
    settings.ALLOWED_HOSTS = ["baodongnai.com.vn"]
    page = _get(client, "/robots.txt", HTTP_HOST="baodongnai.com.vn", secure=True).content.decode()
    assert "Sitemap: https://baodongnai.com.vn/sitemap.xml" in page
    assert "Sitemap: https://baodongnai.com.vn/sitemap-news.xml" in page


def test_the_paths_robots_txt_disallows_are_the_sites_private_ones():
    assert reverse("admin:index").startswith("/admin/")
    assert reverse("articles:preview", args=[1]).startswith("/xem-truoc/")
    assert reverse("articles:preview_shared", args=["abc"]).startswith("/xem-truoc/")
    assert reverse("articles:view_beacon").startswith("/api/")


def test_an_article_published_now_is_in_every_sitemap(client):
    article = factories.article(published_at=timezone.now())
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert _absolute(article.get_absolute_url()) in _urls(_get(client, "/sitemap-articles.xml"))
    assert _absolute(article.get_absolute_url()) in _urls(_get(client, "/sitemap-news.xml"))
