"""A reader's path through the demo paper in a real browser, on a phone and on a desktop: the home page,
a section from the menu, the seed article with its photos and captions, a search typed without
diacritics, and the `En` switch to the English edition and back."""

import re

import pytest
from django.core.management import call_command

from articles.demo.seed_article import SEED_ARTICLE, SEED_ARTICLE_EN
from articles.models import Article
from tests.e2e.conftest import full_page_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo_paper():
    call_command("seed_demo", "--force", verbosity=0)
    return Article.objects.get(title=SEED_ARTICLE["title"])


def _photos_loaded(page) -> bool:
    """Every photo of the article body has arrived and has a size: none is a broken image."""
    page.locator("figure img").last.scroll_into_view_if_needed()
    return page.evaluate(
        "Array.from(document.querySelectorAll('figure img')).every(img => img.complete && img.naturalWidth > 0)"
    )


@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_home_section_article_search_and_english_switch(
    live_server, browser, screenshot_dir, demo_paper, device, viewport
):
    base = live_server.url
    seed = demo_paper
    shot = 0

    def screenshot(page, name: str) -> None:
        nonlocal shot
        shot += 1
        full_page_screenshot(page, screenshot_dir / f"reader-{device}-{shot}-{name}.png")

    page = browser.new_page(viewport=viewport, locale="en-US")  # an English browser still gets the Vietnamese paper

    # The home page: a lead story with its photo, then more.
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("main article").count() >= 5
    assert page.get_by_role("heading", name="Tin xem nhiều").is_visible()
    screenshot(page, "home")

    # The seed article's section, from the menu.
    page.locator(".sections-nav").get_by_role("link", name=seed.section.name, exact=True).click()
    page.wait_for_url(f"{base}{seed.section.get_absolute_url()}")
    assert page.locator("h1").inner_text().strip().lower() == seed.section.name.lower()
    screenshot(page, "section")

    # The article, shaped like the paper's page.
    page.get_by_role("link", name=seed.title).first.click()
    page.wait_for_url(f"{base}{seed.get_absolute_url()}")
    assert page.locator("h1").inner_text() == seed.title
    assert "12:09, 08/09/2022" in page.locator(".article__time").inner_text()
    assert page.locator(".article__sapo").inner_text().startswith("(ĐN) -")
    captions = page.locator("figure figcaption").all_inner_texts()
    assert len(captions) == seed.photos.count() >= 1
    assert all(caption.strip() for caption in captions)
    assert _photos_loaded(page)
    screenshot(page, "article")

    # A search typed without diacritics finds the Đồng Nai stories.
    page.fill("#site-search-q", "dong nai")
    page.locator(".site-search__button").click()
    page.wait_for_url(re.compile(r".*/tim-kiem/\?q=dong\+nai$"))
    titles = page.locator("main article h2, main article h3").all_inner_texts()
    assert titles and any("Đồng Nai" in title for title in titles)
    screenshot(page, "search")

    # The En switch leads from the article to its translation, and Vi back.
    page.goto(f"{base}{seed.get_absolute_url()}")
    page.locator(".edition-switch").click()
    english = seed.counterpart
    page.wait_for_url(f"{base}{english.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == SEED_ARTICLE_EN["title"]
    assert page.get_by_role("heading", name="Most viewed").is_visible()
    assert _photos_loaded(page)
    screenshot(page, "english-article")
    page.locator(".edition-switch").click()
    page.wait_for_url(f"{base}{seed.get_absolute_url()}")

    # The English edition's home page, from the home page's switch.
    page.goto(f"{base}/")
    page.locator(".edition-switch").click()
    page.wait_for_url(f"{base}/en/")
    assert SEED_ARTICLE_EN["title"] in page.locator("main").inner_text()
    screenshot(page, "english-home")
    page.close()
