"""Every public page runs the same number of SQL queries whatever it shows: one article with one photo,
or many articles with several photos, bylines, tags and corrections each, in several sections and both
editions. The number itself is asserted too, so that a query added to a page is a visible decision.

Each page is measured uncached (tests keep no pages) in the two states a reader can meet it in: with its
fragments kept (the section menu, the paper's particulars, the most-viewed box: articles/fragments.py), as
almost every uncached page is made, and with every cache empty, as the first reader after a restart meets
it. Both worlds have views: an empty ranking skips the query that reads its articles.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline, Correction, Section
from articles.ranking import counts_apply
from tests import caches, factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_afternoon")]

# With the fragments kept:
# Article page: the article (with its section, counterpart and last edit), bylines, tags, corrections, one
# query for the previous, the next and the related articles, and the photos of the article and its related.
# Home: the top stories, the latest of every section (one query), and all their photos.
# Lists (section, tag, author, search): the section, tag or author, the count, the page of articles and
# their photos (search has no object to look up, and fetches the bylines of its page of results in one
# query: a byline can be what matched, and is shown marked). The most-viewed page: its articles and their
# photos (its ranking is kept for a minute, as the box's is); its section choices are the menu's.
EXPECTED = {
    "home": 3,
    "section": 4,
    "article": 6,
    "tag": 4,
    "author": 4,
    "search": 4,
    "most_viewed": 2,
}
# With every cache empty, each page also reads the sections (for the menu), the paper's particulars and the
# ranking, and where the page has the box, the box's articles (the most-viewed page has no box).
EXPECTED_COLD = {page: count + (3 if page == "most_viewed" else 4) for page, count in EXPECTED.items()}


@dataclass
class World:
    article: Article
    section: Section
    tag_slug: str
    author_slug: str
    search: str


def _read(articles: list[Article]) -> None:
    hour = timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    counts_apply(Counter({(article.pk, hour): 10 + n for n, article in enumerate(articles)}))


def _little(*, tagged: bool) -> World:
    """One article with one photo and one byline; a tag only where the page is a tag's."""
    section = factories.section(name="Mục ít bài", slug="muc-it-bai")
    article = factories.article(title="Phú Hữu một bài", in_section=section)
    factories.photo(article)
    byline = factories.byline(article, name="Người viết một bài")
    if tagged:
        article.tags.add("Thẻ một bài")
    _read([article])
    return World(article, section, "the-mot-bai", byline.author.slug, "phu huu")


def _lot() -> World:
    """Six sections of articles in both editions, each with photos, bylines, tags and corrections; the
    measured article has neighbours on both sides, tag-sharing relatives and a published translation."""
    sections = [factories.section(name=f"Mục nhiều bài {n}", slug=f"muc-nhieu-bai-{n}") for n in range(6)]
    authors = [factories.byline(factories.article(), name=f"Phóng viên {n}").author for n in range(3)]
    articles = []
    for n in range(42):
        section = sections[0] if n < 22 else sections[n % 6]
        article = factories.article(
            title=f"Nhơn Trạch bài {n}", in_section=section, published_at=timezone.now() - timedelta(hours=n + 1)
        )
        for position in range(3):
            factories.photo(article, position=position, after_paragraph=position)
        for position, author in enumerate(authors):
            Byline.objects.create(article=article, author=author, position=position)
        article.tags.add("Nhơn Trạch", f"Thẻ {n % 3}", f"Thẻ {n % 4}", f"Riêng {n}")
        for text in ("Sửa một", "Sửa hai"):
            Correction.objects.create(article=article, correct_text=text)
        articles.append(article)
    measured = articles[5]
    english = factories.article(
        title="Nhon Trach in English", language=Article.Language.ENGLISH, in_section=sections[0]
    )
    factories.photo(english)
    measured.translation = english
    measured.save()
    _read(articles)
    return World(measured, sections[0], "nhon-trach", authors[0].slug, "nhon trach")


URLS = {
    "home": lambda world: "/",
    "section": lambda world: world.section.get_absolute_url(),
    "article": lambda world: world.article.get_absolute_url(),
    "tag": lambda world: f"/the/{world.tag_slug}/",
    "author": lambda world: f"/tac-gia/{world.author_slug}/",
    "search": lambda world: f"/tim-kiem/?q={world.search.replace(' ', '+')}",
    "most_viewed": lambda world: "/xem-nhieu/",
}


def _queries(client, url: str, *, fragments_kept: bool) -> int:
    caches.clear_all()
    if fragments_kept:
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("page", EXPECTED)
def test_a_public_page_runs_the_same_queries_with_little_or_much_content(client, page):
    little = _little(tagged=page == "tag")
    counts = [_queries(client, URLS[page](little), fragments_kept=kept) for kept in (True, False)]
    lot = _lot()
    counts += [_queries(client, URLS[page](lot), fragments_kept=kept) for kept in (True, False)]
    assert counts == [EXPECTED[page], EXPECTED_COLD[page]] * 2


def test_the_lot_is_what_the_pages_show(client):
    """The big world really fills the pages: otherwise equal counts would prove nothing."""
    lot = _lot()
    article_page = client.get(lot.article.get_absolute_url()).content.decode()
    assert article_page.count('class="card card--tile"') == 4  # related articles
    assert "article-nav__link--previous" in article_page and "article-nav__link--next" in article_page
    assert 'class="edition-switch"' in article_page and article_page.count('class="correction"') == 2
    home = client.get("/").content.decode()
    assert home.count('class="section-block"') >= 6
    for url in (URLS["section"](lot), URLS["tag"](lot), URLS["author"](lot), URLS["search"](lot)):
        page = client.get(url).content.decode()
        assert page.count('<article class="card">') == 20 and page.count("<picture>") >= 19, url
