"""The article page's tags for sharing and search engines: canonical, OpenGraph, Twitter card and
schema.org NewsArticle JSON-LD; none of them (and noindex) on a preview."""

import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from articles import images
from articles.models import Article, ArticleEvent, Byline, Correction, Photo
from articles.preview import preview_token_make
from articles.roles import EDITOR
from tests import factories

pytestmark = pytest.mark.django_db

XSS_TITLE = "Tin nóng </script><script>alert(1)</script> & “trích dẫn” \\ 'nháy'"


class _Head(HTMLParser):
    """The <head>'s meta tags (property or name -> every content), links and JSON-LD scripts."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def _head(response) -> _Head:
    assert response.status_code == 200
    page = response.content.decode()
    parser = _Head()
    parser.feed(page[: page.index("</head>")])
    return parser


def _one(head: _Head, key: str) -> str:
    values = head.meta.get(key, [])
    assert len(values) == 1, (key, values)
    return values[0]


def _json_ld(response) -> dict:
    scripts = _head(response).json_ld
    assert len(scripts) == 1
    return json.loads(scripts[0])


@pytest.fixture
def story():
    """A published article with two photos (the second is the lead), two bylines and two tags."""
    with time_machine.travel(datetime(2026, 4, 30, 1, 0, tzinfo=UTC), tick=False):
        section = factories.section(name="Giao thông thử", slug="giao-thong-thu")
        article = factories.article(
            title="Khánh thành cầu Hóa An mới",
            sapo="(ĐN) - Sáng 30-4, cầu Hóa An mới được đưa vào sử dụng.",
            in_section=section,
            published_at=datetime(2026, 4, 30, 0, 30, tzinfo=UTC),
        )
        factories.photo(article, caption="Ảnh phụ", position=0)
        factories.photo(article, caption="Cầu Hóa An mới", alt_text="Cầu nhìn từ trên cao", position=1, is_lead=True)
        factories.byline(article, name="Nguyệt Hà", position=0)
        factories.byline(article, name="Hoàng Lộc", position=1, role="photo")
        article.tags.add("Biên Hòa", "Cầu đường")
    return Article.objects.get(pk=article.pk)


def test_the_public_page_has_canonical_opengraph_and_article_tags(client, story):
    head = _head(client.get(story.get_absolute_url()))
    canonical = f"http://testserver{story.get_absolute_url()}"
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [canonical]

    lead = story.lead_photo
    assert lead.caption == "Cầu Hóa An mới"
    rendition = images.photo_renditions(lead).fallback
    assert _one(head, "og:type") == "article"
    assert _one(head, "og:url") == canonical
    assert _one(head, "og:title") == "Khánh thành cầu Hóa An mới"
    assert _one(head, "og:description") == "(ĐN) - Sáng 30-4, cầu Hóa An mới được đưa vào sử dụng."
    assert _one(head, "og:site_name") == "Báo Đồng Nai"
    assert _one(head, "og:locale") == "vi_VN"
    assert _one(head, "og:image") == f"http://testserver{rendition.url}"
    assert _one(head, "og:image:type") == "image/jpeg"
    assert _one(head, "og:image:width") == "64"
    assert _one(head, "og:image:height") == "48"
    assert _one(head, "og:image:alt") == "Cầu nhìn từ trên cao"
    assert _one(head, "article:published_time") == "2026-04-30T07:30:00+07:00"
    assert _one(head, "article:modified_time") == "2026-04-30T07:30:00+07:00"  # never edited since
    assert _one(head, "article:section") == "Giao thông thử"
    assert sorted(head.meta["article:tag"]) == ["Biên Hòa", "Cầu đường"]


def test_the_public_page_has_a_large_image_twitter_card(client, story):
    head = _head(client.get(story.get_absolute_url()))
    assert _one(head, "twitter:card") == "summary_large_image"
    assert _one(head, "twitter:title") == story.title
    assert _one(head, "twitter:description") == story.sapo
    assert _one(head, "twitter:image") == f"http://testserver{images.photo_renditions(story.lead_photo).fallback.url}"
    assert _one(head, "twitter:image:alt") == "Cầu nhìn từ trên cao"


def test_the_json_ld_is_a_news_article(client, story):
    data = _json_ld(client.get(story.get_absolute_url()))
    canonical = f"http://testserver{story.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert data["url"] == canonical
    assert data["headline"] == story.title
    assert data["description"] == story.sapo
    assert data["inLanguage"] == "vi"
    assert data["articleSection"] == "Giao thông thử"
    assert sorted(data["keywords"]) == ["Biên Hòa", "Cầu đường"]
    assert data["datePublished"] == "2026-04-30T07:30:00+07:00"
    assert data["dateModified"] == "2026-04-30T07:30:00+07:00"
    assert datetime.fromisoformat(data["datePublished"]) == story.published_at
    rendition = images.photo_renditions(story.lead_photo).fallback
    assert data["image"] == [
        {"@type": "ImageObject", "url": f"http://testserver{rendition.url}", "width": 64, "height": 48}
    ]
    author_urls = [f"http://testserver{reverse('articles:author', args=[b.author.slug])}" for b in story.bylines.all()]
    assert data["author"] == [
        {"@type": "Person", "name": "Nguyệt Hà", "url": author_urls[0]},
        {"@type": "Person", "name": "Hoàng Lộc", "url": author_urls[1]},
    ]
    assert data["publisher"] == {"@type": "Organization", "name": "Báo Đồng Nai", "url": "http://testserver/"}


def test_one_person_credited_twice_in_a_row_is_one_author(client, story):
    first = story.bylines.get(position=0)
    Byline.objects.create(article=story, author=first.author, role="photo", position=0)
    names = [author["name"] for author in _json_ld(client.get(story.get_absolute_url()))["author"]]
    assert names == ["Nguyệt Hà", "Hoàng Lộc"]


def test_a_reader_who_chose_english_gets_the_same_tags(client, story):
    client.cookies["django_language"] = "en"
    response = client.get(story.get_absolute_url())
    assert _json_ld(response)["datePublished"] == "2026-04-30T07:30:00+07:00"
    assert _one(_head(response), "og:locale") == "vi_VN"


def test_the_modified_time_is_the_latest_correction_or_edit_after_publication(client, story):
    Correction.objects.create(
        article=story,
        kind=Correction.Kind.UPDATE,
        correct_text="Bổ sung",
        created_at=story.published_at + timedelta(hours=2),
    )
    ArticleEvent.objects.create(
        article=story, action=ArticleEvent.Action.EDIT, created_at=story.published_at + timedelta(hours=5)
    )
    response = client.get(story.get_absolute_url())
    assert _one(_head(response), "article:modified_time") == "2026-04-30T12:30:00+07:00"
    assert _json_ld(response)["dateModified"] == "2026-04-30T12:30:00+07:00"
    assert _json_ld(response)["datePublished"] == "2026-04-30T07:30:00+07:00"


def test_the_shared_image_is_the_largest_jpeg_rendition_never_the_original(client):
    article = factories.article()
    photo = Photo.objects.create(
        article=article, image=ContentFile(factories.image_bytes("PNG", size=(2400, 1260)), name="so-do.png")
    )
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert photo.image.url not in page
    head = _head(response)
    url = _one(head, "og:image")
    assert url.startswith("http://testserver/media/renditions/") and url.endswith("-1600w.jpg")
    assert (_one(head, "og:image:width"), _one(head, "og:image:height")) == ("1600", "840")
    assert _json_ld(response)["image"][0] | {"url": None} == {
        "@type": "ImageObject",
        "url": None,
        "width": 1600,
        "height": 840,
    }


def test_a_lead_photo_whose_file_is_gone_is_left_out_and_the_page_still_works(client):
    article = factories.article()
    photo = factories.photo(article)
    photo.image.storage.delete(photo.image.name)
    response = client.get(article.get_absolute_url())
    head = _head(response)
    assert "og:image" not in head.meta and "twitter:image" not in head.meta
    assert "image" not in _json_ld(response)
    assert _one(head, "twitter:card") == "summary_large_image"


def test_an_article_without_photo_bylines_or_tags_still_has_valid_tags(client):
    article = factories.article(title="Tin vắn")
    response = client.get(article.get_absolute_url())
    head = _head(response)
    assert "og:image" not in head.meta
    assert "twitter:image" not in head.meta
    assert "article:tag" not in head.meta
    assert _one(head, "twitter:card") == "summary_large_image"
    data = _json_ld(response)
    assert "image" not in data
    assert "keywords" not in data
    # No byline: the paper itself is the author.
    assert data["author"] == [{"@type": "Organization", "name": "Báo Đồng Nai", "url": "http://testserver/"}]


def test_an_english_article_says_so(client):
    article = factories.article(title="Dong Nai opens a new bridge", language="en")
    response = client.get(article.get_absolute_url())
    assert _one(_head(response), "og:locale") == "en_US"
    assert _json_ld(response)["inLanguage"] == "en"


def test_a_title_cannot_break_out_of_the_json_ld(client):
    article = factories.article(title=XSS_TITLE, sapo=f"(ĐN) - {XSS_TITLE}")
    factories.byline(article, name="</script><script>alert(2)</script>")
    article.tags.add("</script><b>thẻ</b>")
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert "<script>alert(" not in page
    assert "<b>thẻ</b>" not in page
    # One JSON-LD script, whose content is the whole JSON document and gives the title back exactly.
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["headline"] == XSS_TITLE
    assert data["description"] == f"(ĐN) - {XSS_TITLE}"
    assert data["author"][0]["name"] == "</script><script>alert(2)</script>"
    assert data["keywords"] == ["</script><b>thẻ</b>"]
    head = _head(response)
    assert _one(head, "og:title") == XSS_TITLE
    assert _one(head, "twitter:title") == XSS_TITLE


def test_the_head_tags_cost_no_query_per_photo_byline_or_tag(client):
    """The page's fixed query count is covered by test_public; here, that it holds with the new tags."""
    from tests.test_public import _article_with, _queries

    one, ten = _article_with(1), _article_with(10)
    assert _queries(client, one.get_absolute_url()) == _queries(client, ten.get_absolute_url())


# Previews -----------------------------------------------------------------------------------------


def _assert_no_sharing_tags(response):
    assert response.status_code == 200
    head = _head(response)
    assert head.meta.get("robots") == ["noindex,nofollow"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not [key for key in head.meta if key.startswith(("og:", "article:", "twitter:"))]
    assert not [link for link in head.links if link.get("rel") == "canonical"]
    assert head.json_ld == []


@pytest.mark.parametrize("state", ["draft", "published"])
def test_a_staff_preview_has_no_canonical_no_opengraph_and_stays_noindex(client, state):
    if state == "draft":
        article = factories.article(title="Bản nháp", status=Article.Status.DRAFT)
    else:
        article = factories.article(title="Đã đăng")
    factories.photo(article)
    client.force_login(factories.staff_member("bientap_seo", EDITOR))
    _assert_no_sharing_tags(client.get(reverse("articles:preview", args=[article.pk])))


def test_a_shared_preview_has_no_canonical_no_opengraph_and_stays_noindex(client):
    article = factories.article(title="Bản nháp chia sẻ", status=Article.Status.DRAFT)
    factories.photo(article)
    token = preview_token_make(article)
    _assert_no_sharing_tags(client.get(reverse("articles:preview_shared", args=[token])))


# The site's icon ------------------------------------------------------------------------------------------------------


def test_favicon_ico_leads_to_the_papers_icon_and_every_page_links_it(client, section):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]

    for url in ("/", "/en/", section.get_absolute_url(), "/tim-kiem/?q=dong+nai", "/khong-co-trang-nay/"):
        page = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/favicon.ico" sizes="16x16 32x32 48x48">' in page, url
        assert '<link rel="apple-touch-icon" href="/static/apple-touch-icon.png">' in page, url


def test_the_icon_files_are_real_small_icons_in_the_mastheads_blue():
    static = Path(settings.BASE_DIR) / "static"
    with Image.open(static / "favicon.ico") as icon:
        assert icon.format == "ICO"
        assert icon.info["sizes"] >= {(16, 16), (32, 32), (48, 48)}
        icon.size = (32, 32)
        pixels = icon.convert("RGB")
        # The masthead's blue (--brand) around white letters.
        assert pixels.getpixel((16, 3)) == pytest.approx((11, 79, 156), abs=12)
        assert pixels.getextrema()[0][1] >= 230  # white letters: the red channel reaches near 255
    with Image.open(static / "apple-touch-icon.png") as touch:
        assert touch.format == "PNG" and touch.size == (180, 180) and touch.mode == "RGB"
