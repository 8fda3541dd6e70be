"""RSS feeds: the site's (/rss/) and each section's (/<section>/rss/), published articles only."""

import email.utils
import html
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import images
from articles.feeds import FEED_SIZE
from articles.models import Article, Photo
from tests import caches, factories

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}"


def hidden_articles(section=None) -> dict[str, Article]:
    """A draft, a scheduled and a taken-down article, each with its own marker in every field a feed,
    a sitemap or a page could show: title, sapo, photo, byline, tag."""
    now = timezone.now()
    states = {
        "NHAP001": {"status": Article.Status.DRAFT},
        "HENGIO002": {"status": Article.Status.PUBLISHED, "published_at": now + timedelta(hours=3)},
        "GO003": {"status": Article.Status.TAKEN_DOWN, "published_at": now - timedelta(hours=2)},
    }
    hidden = {}
    for marker, fields in states.items():
        article = factories.article(title=f"Bài ẩn {marker}", sapo=f"(ĐN) - {marker}", in_section=section, **fields)
        factories.photo(article, caption=marker)
        factories.byline(article, name=f"Tác giả {marker}")
        article.tags.add(f"thẻ {marker}")
        hidden[marker] = article
    return hidden


def _get(client, url: str, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def _channel(response) -> ET.Element:
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel")  # noqa: S314 - the site's own response


def _items(response) -> dict[str, ET.Element]:
    """The feed's items by link."""
    return {item.findtext("link"): item for item in _channel(response).findall("item")}


def _plus_seven(rfc2822: str) -> bool:
    return rfc2822.endswith("+0700")


def test_the_routes(section):
    assert reverse("rss") == "/rss/"
    assert reverse("section_rss", args=[section.slug]) == f"/{section.slug}/rss/"


def test_the_site_feed_carries_sapo_bylines_tags_times_and_the_lead_photo(client):
    article = factories.article(
        title="Khánh thành cầu Hóa An mới",
        sapo="(ĐN) - Sáng 2-9, cầu Hóa An mới được đưa vào sử dụng, nối TP.Biên Hòa với TP.Dĩ An.",
    )
    factories.photo(article, caption="Ảnh phụ", position=0)
    lead = factories.photo(article, caption="Ảnh chính", position=1, is_lead=True)
    factories.byline(article, name="Nguyệt Hà", position=0)
    factories.byline(article, name="Hoàng Lộc", position=1, role="photo")
    article.tags.add("Giao thông", "Biên Hòa")
    article.refresh_from_db()

    response = _get(client, "/rss/")
    channel = _channel(response)
    assert channel.findtext("title") == "Báo Đồng Nai"
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("description") == "Tin mới nhất của Báo Đồng Nai"
    assert channel.findtext("language") == "vi"
    assert _plus_seven(channel.findtext("lastBuildDate"))

    item = _items(response)[f"http://testserver{article.get_absolute_url()}"]
    assert html.unescape(item.findtext("title")) == article.title
    assert html.unescape(item.findtext("description")) == article.sapo  # the whole sapo, not cut
    assert item.findtext(f"{DC}creator") == "Nguyệt Hà, Hoàng Lộc"
    assert sorted(category.text for category in item.findall("category")) == ["Biên Hòa", "Giao thông"]
    published = item.findtext("pubDate")
    assert _plus_seven(published)
    assert email.utils.parsedate_to_datetime(published) == article.published_at.replace(microsecond=0)

    enclosure = item.find("enclosure")
    rendition = images.photo_renditions(lead).fallback
    assert enclosure.get("url") == f"http://testserver{rendition.url}"
    assert enclosure.get("length") == str(default_storage.size(rendition.name))
    assert int(enclosure.get("length")) > 0
    assert enclosure.get("type") == "image/jpeg"


def _enclosure(client, article) -> ET.Element | None:
    return _items(_get(client, "/rss/"))[f"http://testserver{article.get_absolute_url()}"].find("enclosure")


@pytest.mark.parametrize(("image_format", "name"), [("PNG", "so-do.png"), ("PNG", "anh.jpg"), ("WEBP", "anh.webp")])
def test_the_enclosure_is_the_stripped_jpeg_rendition_never_the_original(client, image_format, name):
    article = factories.article()
    photo = Photo.objects.create(
        article=article, image=ContentFile(factories.image_bytes(image_format, size=(2000, 1000)), name=name)
    )
    enclosure = _enclosure(client, article)
    url = enclosure.get("url")
    assert url.startswith("http://testserver/media/renditions/") and url.endswith("-1600w.jpg")
    # The type is read from the file itself, and its length is the file's.
    assert enclosure.get("type") == "image/jpeg"
    stored = url.removeprefix("http://testserver/media/")
    assert enclosure.get("length") == str(default_storage.size(stored))
    assert photo.image.url not in _get(client, "/rss/").content.decode()


def test_an_item_whose_photo_file_is_gone_has_no_enclosure_and_the_feed_still_works(client):
    kept = factories.article(title="Ảnh còn")
    factories.photo(kept)
    lost = factories.article(title="Ảnh mất")
    photo = factories.photo(lost)
    photo.image.storage.delete(photo.image.name)
    no_photo = factories.article(title="Không ảnh")

    assert _enclosure(client, kept) is not None
    assert _enclosure(client, lost) is None
    assert _enclosure(client, no_photo) is None


def test_an_enclosure_whose_rendition_file_is_gone_is_left_out(client):
    article = factories.article()
    factories.photo(article)
    url = _enclosure(client, article).get("url")
    default_storage.delete(url.removeprefix("http://testserver/media/"))  # renditions are known: not remade
    assert _enclosure(client, article) is None


def test_an_article_without_bylines_or_tags_has_no_author_and_no_category(client):
    article = factories.article()
    item = _items(_get(client, "/rss/"))[f"http://testserver{article.get_absolute_url()}"]
    assert item.find(f"{DC}creator") is None
    assert item.findall("category") == []


def test_drafts_scheduled_and_taken_down_articles_never_appear_in_a_feed(client, section):
    published = factories.article(title="Bài đã đăng", in_section=section)
    hidden = hidden_articles(section)
    for url in ("/rss/", f"/{section.slug}/rss/"):
        feed = _get(client, url).content.decode()
        assert published.title in feed, url
        for marker in hidden:
            assert marker not in feed, (url, marker)


def test_a_section_feed_has_only_its_section_and_the_vietnamese_edition(client):
    section, other = factories.section(name="Kinh tế thử"), factories.section(name="Xã hội thử")
    mine = factories.article(title="Bài kinh tế", in_section=section)
    theirs = factories.article(title="Bài xã hội", in_section=other)
    english = factories.article(title="An English story", in_section=section, language="en")

    response = _get(client, f"/{section.slug}/rss/")
    channel = _channel(response)
    assert channel.findtext("title") == "Báo Đồng Nai - Kinh tế thử"
    assert channel.findtext("link") == f"http://testserver{section.get_absolute_url()}"
    assert channel.findtext("description") == "Tin mới nhất chuyên mục Kinh tế thử của Báo Đồng Nai"
    assert list(_items(response)) == [f"http://testserver{mine.get_absolute_url()}"]

    site = _items(_get(client, "/rss/"))
    assert f"http://testserver{theirs.get_absolute_url()}" in site
    assert f"http://testserver{english.get_absolute_url()}" not in site


def test_an_empty_feed_is_still_dated_at_plus_seven(client, section):
    channel = _channel(_get(client, f"/{section.slug}/rss/"))
    assert channel.findall("item") == []
    assert _plus_seven(channel.findtext("lastBuildDate"))


def test_an_unknown_section_has_no_feed(client):
    assert client.get("/khong-co-chuyen-muc/rss/").status_code == 404


def test_the_section_feed_does_not_shadow_the_section_or_article_pages(client, section):
    article = factories.article(title="Rss", slug="rss", in_section=section)
    assert client.get(section.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.get_absolute_url() == f"/{section.slug}/rss-{article.pk}/"


def test_the_feed_holds_the_latest_30_newest_first(client, section):
    now = timezone.now()
    articles = [
        factories.article(in_section=section, published_at=now - timedelta(minutes=n)) for n in range(FEED_SIZE + 2)
    ]
    links = list(_items(_get(client, "/rss/")))
    assert links == [f"http://testserver{article.get_absolute_url()}" for article in articles[:FEED_SIZE]]


def _count_queries(client, url: str) -> int:
    caches.clear_all()  # the paper's particulars (its name) then cost their one query every time, not the first only
    with CaptureQueriesContext(connection) as context:
        _get(client, url)
    return len(context.captured_queries)


def _add_articles(section, count: int):
    for n in range(count):
        article = factories.article(in_section=section)
        factories.photo(article)
        factories.photo(article, is_lead=True)
        factories.byline(article)
        factories.byline(article)
        article.tags.add(f"thẻ {n}", f"thẻ khác {n}")


def test_a_feed_runs_a_fixed_number_of_queries_whatever_its_items(client, section):
    _add_articles(section, 1)
    # articles with their sections, photos, bylines with authors, tags, the paper's particulars;
    # and the section for its feed
    assert _count_queries(client, "/rss/") == 5
    assert _count_queries(client, f"/{section.slug}/rss/") == 6
    _add_articles(section, 8)
    assert _count_queries(client, "/rss/") == 5
    assert _count_queries(client, f"/{section.slug}/rss/") == 6


def test_the_feed_speaks_vietnamese_to_a_reader_who_chose_english(client):
    factories.article()
    client.cookies["django_language"] = "en"
    response = _get(client, "/rss/")
    assert _channel(response).findtext("description") == "Tin mới nhất của Báo Đồng Nai"
    assert response["Content-Language"] == "vi"
    assert "Cookie" not in response.get("Vary", "")


def test_markup_and_control_characters_in_a_title_do_not_break_the_feed(client):
    article = factories.article(title="Giá xăng <giảm> & \x0btăng", sapo="(ĐN) - A < B & C")
    item = _items(_get(client, "/rss/"))[f"http://testserver{article.get_absolute_url()}"]
    assert html.unescape(item.findtext("title")) == "Giá xăng <giảm> & tăng"
    assert html.unescape(item.findtext("description")) == "(ĐN) - A < B & C"


def test_pages_link_to_the_site_feed_and_a_section_page_to_its_own(client, section):
    home = _get(client, "/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml" title="Báo Đồng Nai" href="/rss/">' in home
    page = _get(client, section.get_absolute_url()).content.decode()
    assert f'href="/{section.slug}/rss/"' in page
    assert 'href="/rss/"' in page
