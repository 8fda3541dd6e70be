"""The reader's home page: the lead story, the next stories, then the latest articles of each section."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.views import HOME_SECTION_SIZE, HOME_TOP_SIZE
from tests import factories

pytestmark = pytest.mark.django_db


def _hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/[a-z0-9-]+/[a-z0-9-]+-\d+/">([^<]+)</a>', html)


def _lead(page: str) -> str:
    start = page.index('<article class="card card--lead">')
    return page[start : page.index("</article>", start)]


def _top(page: str) -> str:
    start = page.index('<section class="home-top"')
    return page[start : page.index("</section>", start)]


def _blocks(page: str) -> dict[tuple[str, str], list[str]]:
    """Each section block's heading (name, link) and the titles it lists, in page order."""
    blocks = {}
    for block in re.findall(r'<section class="section-block".*?</section>', page, re.S):
        heading = re.search(r'<h2 [^>]*class="section-block__heading"><a href="([^"]+)">([^<]+)</a></h2>', block)
        blocks[heading.group(2), heading.group(1)] = _titles(block)
    return blocks


def test_the_lead_and_the_next_stories_are_the_newest_of_the_edition_with_photos_and_sapo(client):
    articles = [factories.article(title=f"Tin mới thứ {n}", published_at=_hours_ago(n)) for n in range(1, 8)]
    for article in articles:
        factories.photo(article)
    factories.article(title="Dong Nai news in English", language=Article.Language.ENGLISH, published_at=_hours_ago(0.5))

    page = client.get("/").content.decode()

    lead = _lead(page)
    assert _titles(lead) == ["Tin mới thứ 1"]
    assert "<picture>" in lead and 'class="card__sapo"' in lead
    top = _top(page)
    assert _titles(top) == [f"Tin mới thứ {n}" for n in range(2, HOME_TOP_SIZE + 1)]
    assert top.count("<picture>") == HOME_TOP_SIZE - 1
    assert "Dong Nai news in English" not in page


def test_each_section_with_articles_has_a_block_of_its_latest_without_repeating_the_top_stories(client):
    # Named unlike the sections the first migration makes, which stay empty here.
    thoi_su = factories.section(name="Tin nóng", slug="tin-nong")
    kinh_te = factories.section(name="Doanh nghiệp", slug="doanh-nghiep")
    the_thao = factories.section(name="Bóng đá", slug="bong-da")
    thoi_su.position, kinh_te.position, the_thao.position = 2, 1, 3
    for section in (thoi_su, kinh_te, the_thao):
        section.save()
    # The five newest articles, all of Tin nóng, fill the top; seven older ones of Tin nóng remain.
    for n in range(12):
        factories.article(title=f"Tin nóng {n}", in_section=thoi_su, published_at=_hours_ago(n))
    for n in range(2):
        factories.article(title=f"Doanh nghiệp {n}", in_section=kinh_te, published_at=_hours_ago(20 + n))
    factories.article(title="Bóng đá đã gỡ", in_section=the_thao, status=Article.Status.TAKEN_DOWN)
    factories.article(title="Sports in English", in_section=the_thao, language=Article.Language.ENGLISH)

    page = client.get("/").content.decode()

    blocks = _blocks(page)
    # In menu order, each heading linking to its section; a section with nothing published in this
    # edition has no block.
    assert list(blocks) == [("Doanh nghiệp", "/doanh-nghiep/"), ("Tin nóng", "/tin-nong/")]
    assert blocks["Doanh nghiệp", "/doanh-nghiep/"] == ["Doanh nghiệp 0", "Doanh nghiệp 1"]
    after_the_top = range(HOME_TOP_SIZE, HOME_TOP_SIZE + HOME_SECTION_SIZE)
    assert blocks["Tin nóng", "/tin-nong/"] == [f"Tin nóng {n}" for n in after_the_top]
    shown = _titles(page[page.index("<main") : page.index('<aside class="most-viewed"')])
    assert len(shown) == len(set(shown)), "an article appears twice"


def test_a_section_block_shows_its_first_story_with_a_photo_then_titles(client):
    section = factories.section(name="Học đường", slug="hoc-duong")
    for n in range(HOME_TOP_SIZE):
        factories.article(title=f"Tin đầu trang {n}", published_at=_hours_ago(n))
    first = factories.article(title="Học đường mới nhất", in_section=section, published_at=_hours_ago(10))
    factories.photo(first)
    factories.article(title="Học đường cũ hơn", in_section=section, published_at=_hours_ago(11))

    page = client.get("/").content.decode()

    block = re.search(r'<section class="section-block".*?Học đường mới nhất.*?</section>', page, re.S).group(0)
    assert '<h2 id="section-block-' in block and f'<a href="{section.get_absolute_url()}">Học đường</a>' in block
    tile, more = block.split('<ul class="section-block__more">')
    assert "Học đường mới nhất" in tile and "<picture>" in tile
    assert _titles(more) == ["Học đường cũ hơn"]


def test_an_empty_edition_says_so(client):
    page = client.get("/").content.decode()
    assert 'class="empty"' in page
    assert "section-block" not in page and "home-top" not in page
