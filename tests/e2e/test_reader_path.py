"""A reader's path through the demo paper in a real browser, on a phone and on a desktop: the home page,
a section from the menu, the seed article with its photos and captions, a search typed without
diacritics, and the `En` switch to the English edition and back; then the paper's look on each screen: the
most-viewed box within the phone's first screens, the menu on one row, caption and credit apart, no justified
gaps on phones, marked search words, the ranking page, the 404 page, the icon and a full English edition."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.demo.seed_article import SEED_ARTICLE, SEED_ARTICLE_EN
from articles.models import Article
from tests.e2e.conftest import full_page_screenshot
from tests.e2e.front_end import FRONT_END_ONLY

# Navigation and layout: the SQLite run drives them; tests/test_reader_path_pages.py checks the same pages' server
# side (the demo paper's search included) on PostgreSQL.
pytestmark = [pytest.mark.e2e, FRONT_END_ONLY]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


# The demo paper is seeded once for the module's four tests, which only read it (a reader's visits add views,
# which no test here counts): seeding it for each test cost more than the tests. pytest-django's live_server would
# empty the database after every test (it makes each one transactional), so the module runs a live server of its
# own, the database open to it and to the tests for the module's length, and empties the database at the end as a
# transactional test would (pytest-django runs the tests that have no database mark last, after all the others).


@pytest.fixture(scope="module")
def paper_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-paper-media")


@pytest.fixture
def media_root(settings, paper_folder):
    """The module's photos stay in one folder for its tests (tests/conftest.py gives each test its own)."""
    settings.MEDIA_ROOT = paper_folder
    return paper_folder


@pytest.fixture(scope="module")
def paper_server(django_db_setup, django_db_blocker, paper_folder):
    from pytest_django.live_server_helper import LiveServer

    from tests.e2e.conftest import wait_until_the_server_is_idle

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=paper_folder):
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()  # its host in ALLOWED_HOSTS, as live_server does
        try:
            call_command("seed_demo", "--force", verbosity=0)
            yield server
        finally:
            wait_until_the_server_is_idle(server)
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_paper(paper_server):
    return Article.objects.get(title=SEED_ARTICLE["title"])


def _photos_loaded(page) -> bool:
    """Every photo of the article body has arrived and has a size: none is a broken image."""
    page.locator("figure img").last.scroll_into_view_if_needed()
    return page.evaluate(
        "Array.from(document.querySelectorAll('figure img')).every(img => img.complete && img.naturalWidth > 0)"
    )


@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_home_section_article_search_and_english_switch(
    paper_server, browser, screenshot_dir, demo_paper, device, viewport
):
    base = paper_server.url
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


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_demo_looks_like_a_paper(paper_server, browser, screenshot_dir, demo_paper, device, viewport):
    base = paper_server.url
    page = browser.new_page(viewport=viewport)

    def screenshot(name: str) -> None:
        full_page_screenshot(page, screenshot_dir / f"paper-{device}-{name}.png")

    # "Tin xem nhiều": on a phone right after the lead and the top stories, within the first two screens; on a
    # desktop in the column beside them.
    page.goto(f"{base}/")
    box, blocks = _box(page, ".most-viewed"), _box(page, ".section-blocks")
    if device == "phone":
        assert box["y"] < 2 * viewport["height"] and box["y"] < blocks["y"]
    else:
        assert box["y"] < viewport["height"] and box["x"] > blocks["x"] + blocks["width"]
    # The section menu: one row on a desktop; sideways on a phone, with no scrollbar drawn under it.
    menu = page.evaluate(
        """() => { const ul = document.querySelector('.sections-nav ul');
                   const tops = Array.from(ul.children).map(li => li.getBoundingClientRect().top);
                   return {rows: new Set(tops).size, scrolls: ul.scrollWidth > ul.clientWidth,
                           bar: ul.offsetHeight - ul.clientHeight}; }"""
    )
    assert menu["rows"] == 1 and menu["bar"] == 0
    assert menu["scrolls"] == (device == "phone")
    screenshot("home")

    # A credited photo: the credit on its own line under the caption, to the right, as "Ảnh: …".
    credited = Article.objects.published().filter(language="vi", photos__credit="Phúc Khang").first()
    page.goto(f"{base}{credited.get_absolute_url()}")
    caption, credit = _box(page, "figure .photo__caption"), _box(page, "figure .photo__credit")
    assert credit["y"] >= caption["y"] + caption["height"] - 1
    figure = _box(page, "figure figcaption")
    assert credit["x"] + credit["width"] > figure["x"] + figure["width"] - 20
    assert page.locator("figure .photo__credit").first.inner_text() == "Ảnh: Phúc Khang"
    # Body text: left-aligned on a phone (no gaps between words), justified on a wide column.
    align = page.locator(".article__body p").first.evaluate("p => getComputedStyle(p).textAlign")
    assert align == ("left" if device == "phone" else "justify")
    # Related articles never repeat the previous / next links just above them.
    neighbours = set(page.locator(".article-nav a").evaluate_all("links => links.map(a => a.pathname)"))
    related = set(page.locator(".related .card__title a").evaluate_all("links => links.map(a => a.pathname)"))
    assert neighbours and not neighbours & related
    screenshot("article-credit")

    # Search marks the matched words, with or without diacritics, and finds a byline.
    page.goto(f"{base}/tim-kiem/?q=dong+nai")
    assert "Đồng Nai" in page.locator("main .card__title mark").all_inner_texts()
    screenshot("search-marks")
    page.goto(f"{base}/tim-kiem/?q=nguyet+ha")
    assert set(page.locator("main .card__bylines mark").all_inner_texts()) == {"Nguyệt Hà"}
    assert demo_paper.title in page.locator("main .card__title").all_inner_texts()
    screenshot("search-byline")

    # The ranking page: numbers readable, the top three in red.
    page.goto(f"{base}/xem-nhieu/")
    colours = page.locator(".ranking__rank").evaluate_all("spans => spans.map(s => getComputedStyle(s).color)")
    assert colours[3] == "rgb(107, 114, 128)" and colours[0] != colours[3]
    screenshot("most-viewed")

    # The paper's own 404 page, and its icon.
    response = page.goto(f"{base}/khong-co-trang-nay/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    screenshot("not-found")
    icon = page.request.get(f"{base}/favicon.ico")
    assert icon.ok and icon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")

    # The English edition: every section has its articles.
    page.goto(f"{base}/en/")
    assert page.locator(".section-block").count() == 12
    page.goto(f"{base}/en/ban-doc/")
    assert page.locator("main .card").count() >= 2 and "No articles here yet" not in page.content()
    screenshot("english-readers")
    page.close()
