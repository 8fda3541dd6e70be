"""Nothing unpublished reaches an anonymous reader, on any public URL the site has.

A draft, a scheduled and a taken-down article each carry a unique marker — in the title, sapo, body,
a photo caption, a byline's pen name and a tag — and have views and (the taken-down one) a correction.
The test then reads every public surface as an anonymous reader: the pages it can find by following
links from the home page, the sitemaps, the feeds, search, the ranking, the beacon, previews — and
asserts that no marker is ever in a response.
"""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from articles import ranking
from articles.models import Article, Correction
from tests import factories

pytestmark = pytest.mark.django_db

MARKERS = {
    Article.Status.DRAFT: "Rò rỉ bản nháp LKJ111",
    "scheduled": "Rò rỉ hẹn giờ LKJ222",
    Article.Status.TAKEN_DOWN: "Rò rỉ đã gỡ LKJ333",
}
# The same markers as a search engine or a feed would write them, so an escaped copy is caught too.
PLAIN = {marker: re.sub(r"\W+", " ", marker).strip() for marker in MARKERS.values()}
HREF = re.compile(r'(?:href|src)="([^"#]+)"')


def _hidden(state: str, marker: str, section, shared_tag: str, language: str = Article.Language.VIETNAMESE) -> Article:
    now = timezone.now()
    status, published_at = {
        Article.Status.DRAFT: (Article.Status.DRAFT, None),
        "scheduled": (Article.Status.PUBLISHED, now + timedelta(days=2)),
        Article.Status.TAKEN_DOWN: (Article.Status.TAKEN_DOWN, now - timedelta(days=1)),
    }[state]
    article = factories.article(
        title=f"{marker} tiêu đề",
        sapo=f"(ĐN) - {marker} sapo",
        body=f"<p>{marker} thân bài.</p>",
        status=status,
        published_at=published_at,
        in_section=section,
        language=language,
    )
    factories.photo(article, caption=f"{marker} chú thích")
    factories.byline(article, name=f"{marker} Bút Danh")
    article.tags.add(shared_tag, f"{marker} thẻ")
    for _ in range(50):  # more views than the public article: the ranking must still leave it out
        ranking.view_record(article.pk)
    if state == Article.Status.TAKEN_DOWN:
        Correction.objects.create(article=article, wrong_text=f"{marker} sai", correct_text=f"{marker} đúng")
    return article


def _assert_clean(response, url: str) -> str:
    assert response.status_code < 500, (url, response.status_code)
    body = response.content.decode("utf-8", errors="replace") if response.content else ""
    readable = unescape(body)
    if url.startswith(("/tim-kiem/", "/en/tim-kiem/")):
        # The search page repeats the reader's own words; only what it found may not carry a marker.
        asked = unescape(url.split("q=", 1)[1].replace("+", " "))
        readable = readable.replace(asked, "")
    for marker in MARKERS.values():
        assert marker not in readable, (url, marker)
        assert PLAIN[marker].lower() not in re.sub(r"\W+", " ", readable).lower(), (url, marker)
        assert "LKJ" not in readable, url
    return body


def _internal_links(base_url: str, body: str) -> set[str]:
    links = set()
    for href in HREF.findall(body):
        absolute = urljoin(base_url, unescape(href))
        parts = urlsplit(absolute)
        if parts.netloc in ("", "testserver") and not parts.path.startswith(("/admin/", "/static/", "/media/")):
            links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def test_no_public_url_ever_shows_an_unpublished_article(client):
    section = factories.section()
    public = factories.article(title="Bài công khai về Đồng Nai", in_section=section)
    public.tags.add("Chung")
    factories.photo(public, caption="Ảnh công khai")
    factories.byline(public, name="Nguyệt Hà")
    ranking.view_record(public.pk)
    english = factories.article(title="Public news of Dong Nai", in_section=section, language=Article.Language.ENGLISH)
    english.tags.add("Chung")
    hidden = [_hidden(state, marker, section, "Chung") for state, marker in MARKERS.items()]
    hidden += [
        _hidden(state, marker, section, "Chung", language=Article.Language.ENGLISH) for state, marker in MARKERS.items()
    ]
    # An unpublished translation is never revealed by its published original's `En` switch.
    public.translation = hidden[-3]
    public.save()

    # Every page reachable from the home page by following links, breadth first.
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < 300:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        body = _assert_clean(client.get(url), url)
        if url.startswith(("/rss", "/sitemap")) or url.endswith((".xml", ".gif", ".jpg", ".webp", ".png")):
            continue
        queue.extend(sorted(_internal_links(url, body) - seen))
    assert public.get_absolute_url() in seen  # the crawl did reach articles
    assert english.get_absolute_url() in seen  # and the English edition, through the `En` switch

    # The surfaces no link leads to, or that take input.
    extra = [
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/rss/",
        f"/{section.slug}/rss/",
        "/cai-chinh/",
        *(f"/xem-nhieu/?khoang={window}" for window in ranking.WINDOWS),
        *(f"/xem-nhieu/?khoang={window}&chuyen-muc={section.slug}" for window in ranking.WINDOWS),
        "/tim-kiem/?q=LKJ111",
        "/tim-kiem/?q=ro+ri",
        "/tim-kiem/?q=Rò rỉ",
        "/tim-kiem/?q=but+danh",
        "/tim-kiem/?q=chu+thich",
        "/the/chung/",
        "/xem-truoc/khong-hop-le/",
    ]
    for article in hidden:
        extra += [
            article.get_absolute_url(),
            f"/{section.slug}/x-{article.pk}/",
            f"/xem-truoc/bai/{article.pk}/",
            f"/the/{article.tags.exclude(name='Chung').get().slug}/",
            f"/tac-gia/{article.bylines.get().author.slug}/",
            f"/api/xem/{article.pk}.gif",
        ]
    # The English edition's addresses of the same pages (a Vietnamese article there answers a redirect).
    extra += ["/en" + url for url in extra if not url.startswith(("/robots", "/sitemap", "/api/", "/xem-truoc/"))]
    for url in extra:
        _assert_clean(client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile"), url)

    for article in hidden:
        response = client.post("/api/xem/", data=f"id={article.pk}", content_type="text/plain")
        assert response.status_code == 404
        _assert_clean(response, "/api/xem/")
