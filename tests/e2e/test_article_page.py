"""The article page in a real browser: "copy link" copies with and falls back to a link without JavaScript,
and a printed article keeps the story and drops the page's furniture."""

import pytest

from articles.models import Byline
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article():
    section = factories.section()
    article = factories.article(title="Bài để in và chia sẻ", in_section=section)
    factories.article(
        title="Bài trước trong mục", in_section=section, published_at=article.published_at.replace(year=2020)
    )
    # Related articles leave out the previous link above them: this one fills the box.
    factories.article(
        title="Bài cũ hơn trong mục", in_section=section, published_at=article.published_at.replace(year=2019)
    )
    article.tags.add("Đồng Nai")
    factories.photo(article, caption="Chú thích của ảnh")
    factories.byline(article, name="Nguyệt Hà")
    factories.byline(article, name="Huy Anh", role=Byline.Role.PHOTO, position=1)
    return article


def test_copy_link_copies_the_address_and_says_so(live_server, browser, article):
    reader = browser.new_context(viewport={"width": 390, "height": 844})
    # localhost is a secure context: the clipboard is there, as on the real site over HTTPS.
    reader.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = reader.new_page()
    url = live_server.url + article.get_absolute_url()
    page.goto(url)

    copy = page.locator("[data-copy-link]")
    copy.click()

    status = page.locator(".share__status")
    status.wait_for(state="visible")
    assert status.text_content() == copy.get_attribute("data-copied")
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert page.url == url  # copied, not followed
    reader.close()


def test_without_javascript_copy_link_is_a_plain_link_to_the_article(live_server, browser, article):
    reader = browser.new_context(java_script_enabled=False)
    page = reader.new_page()
    page.goto(live_server.url + article.get_absolute_url() + "?utm_source=zalo")
    page.locator("[data-copy-link]").click()
    page.wait_for_url(live_server.url + article.get_absolute_url())
    reader.close()


def test_a_printed_article_keeps_the_story_and_its_address_and_drops_the_rest(live_server, browser, article):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    url = live_server.url + article.get_absolute_url()
    page.goto(url)
    assert not page.locator(".article__print-url").is_visible()

    page.emulate_media(media="print")

    for kept in (".article__title", ".article__time", ".article__sapo", ".article__body", "figure figcaption"):
        assert page.locator(kept).first.is_visible(), kept
    assert page.locator(".article__bylines").text_content().split() == ["Nguyệt", "Hà", "Huy", "Anh", "(ảnh)"]
    assert page.locator(".article__print-url").text_content() == url
    for dropped in (
        ".sections-nav",
        ".site-search",
        ".share",
        ".article-nav",
        ".related",
        ".article__tags",
        ".most-viewed",
        ".site-footer",
    ):
        assert page.locator(dropped).count() and not page.locator(dropped).first.is_visible(), dropped
    page.close()
