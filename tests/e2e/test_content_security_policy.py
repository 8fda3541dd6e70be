"""The Content-Security-Policy in a real browser: a reader's pages and an editor's desk work under it with
not one violation reported, page by page (every other browser test fails on a violation too, see conftest.py).

The policy allows scripts and styles from the site's own address only; these pages are where something inline
(a script, a style="" attribute, an import map) would show up: the public pages, which are cached whole and so
may carry no nonce, and the admin, whose body editor, photo inlines, history, diff and chart run under it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.demo.seed_article import SEED_ARTICLE, SEED_ARTICLE_EN
from articles.models import Article, Section
from articles.roles import EDITOR
from tests import factories
from tests.e2e.desk import admin_login, staff
from tests.e2e.front_end import FRONT_END_ONLY

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_paper():
    call_command("seed_demo", "--force", verbosity=0)
    return Article.objects.get(title=SEED_ARTICLE["title"])


def _no_violation_on(page, what: str, violations: list[str]) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(150)  # a report raised as the page settles reaches the test
    assert violations == [], f"{what}: {violations}"


# The policy is a header the middleware sets, and the pages' markup: the same whatever the database
# (tests/test_security_headers.py checks the headers on both). The editor's desk below stays in both runs: it saves,
# autosaves and uploads.
@FRONT_END_ONLY
def test_a_reader_s_pages_raise_no_violation(live_server, browser, demo_paper, csp_violations):
    base = live_server.url
    english = Article.objects.get(title=SEED_ARTICLE_EN["title"])
    tag = demo_paper.tags.first()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    pages = {
        "home": "/",
        "section": f"/{demo_paper.section.slug}/",
        "article with photos": demo_paper.get_absolute_url(),
        "tag": f"/the/{tag.slug}/",
        "search": "/tim-kiem/?q=dong+nai",
        "most viewed": "/xem-nhieu/",
        "English home": "/en/",
        "English article": english.get_absolute_url(),
        "page not found": "/khong-co-trang-nay/",
    }
    for what, address in pages.items():
        response = page.goto(f"{base}{address}")
        policy = response.headers["content-security-policy"]
        directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))
        assert directives["script-src"] == "'self'" and "nonce" not in policy, (what, policy)
        _no_violation_on(page, what, csp_violations)
    # The article's photos arrived, its beacon was sent (connect-src), and its structured data is in the page:
    # a <script type="application/ld+json"> is data the browser never runs, so script-src does not block it.
    page.goto(f"{base}{demo_paper.get_absolute_url()}")
    page.locator("figure img").last.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)")
    data = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert data["@type"] == "NewsArticle"
    # The phone menu opens (menu.js, a static file).
    page.goto(f"{base}/")
    toggle = page.locator("[aria-controls]").first
    if toggle.is_visible():
        toggle.click()
    _no_violation_on(page, "the menu opened", csp_violations)


def test_an_editor_s_desk_raises_no_violation(live_server, browser, tmp_path, csp_violations, settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    settings.NEWSROOM_PRESENCE_SECONDS = 2
    base = live_server.url
    editor = staff("btv_csp", EDITOR, "Lê", "Thị Hằng")
    section = Section.objects.get_or_create(slug="thoi-su", defaults={"name": "Thời sự"})[0]
    article = factories.article(
        title="Cầu Hóa An mới thông xe",
        sapo="(ĐN) - Sáng 6-12, cầu Hóa An mới được thông xe.",
        body="<p>Cầu dài 1,2 km.</p>",
        status=Article.Status.DRAFT,
        in_section=section,
        created_by=editor,
    )
    factories.photo(article, caption="Cầu Hóa An mới", alt_text="Cầu Hóa An mới nhìn từ bờ sông")
    factories.move(article, "submit", "publish", by=editor)
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(days=3))
    photo_file = tmp_path / "IMG_2041.jpg"
    photo_file.write_bytes(factories.image_bytes(size=(1200, 900), color=(40, 120, 180)))

    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page.on("dialog", lambda dialog: dialog.accept())
    admin_login(page, base, editor.username)
    _no_violation_on(page, "the admin's index", csp_violations)
    page.goto(f"{base}/admin/articles/article/")
    _no_violation_on(page, "the article list", csp_violations)

    # The change form: body editor, photo inline, workflow panel, readership chart; typed into, then saved.
    response = page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    assert "'nonce-" in response.headers["content-security-policy"]  # the body editor's import map
    body = page.locator("[contenteditable=true].ProseMirror")
    # Tiptap's base styles arrive from the static file that replaces its inline <style>.
    assert body.evaluate("editor => getComputedStyle(editor).whiteSpace") == "break-spaces"
    body.click()
    page.keyboard.press("End")
    page.keyboard.type(" Xe qua cầu từ 6 giờ sáng.")
    page.keyboard.press("Enter")
    page.keyboard.type("Đoạn mới")
    page.keyboard.press("Shift+Home")
    page.locator(".prose-menubar__group .prose-menubar__button:visible").first.click()  # a mark on the words
    page.locator(".prose-menubar__selected").first.click()  # the block menu opens, drawn by the editor
    page.locator(".prose-menubar__picker").first.wait_for(state="visible")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1500)  # an autosave and a presence heartbeat go out (connect-src)
    _no_violation_on(page, "the change form, typed into", csp_violations)
    page.locator('input[name="_continue"]').click()
    page.wait_for_load_state()
    assert "Xe qua cầu từ 6 giờ sáng." in Article.objects.get(pk=article.pk).body
    _no_violation_on(page, "the change form, saved", csp_violations)

    # History and a revision's changes.
    page.goto(f"{base}/admin/articles/article/{article.pk}/history/")
    _no_violation_on(page, "the history", csp_violations)
    page.locator(".revision-list a").first.click()
    page.wait_for_load_state()
    _no_violation_on(page, "a revision's changes", csp_violations)

    # The add form, with a photo uploaded through the inline (a file picker: no camera permission needed).
    page.goto(f"{base}/admin/articles/article/add/")
    assert not page.evaluate("document.permissionsPolicy ? document.permissionsPolicy.allowsFeature('camera') : false")
    page.fill("#id_title", "Mưa lớn gây ngập nhiều tuyến đường ở Biên Hòa")
    page.fill("#id_sapo", "(ĐN) - Cơn mưa chiều 12/9 kéo dài hơn hai giờ.")
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type("Nước ngập sâu 40 cm trên đường Phạm Văn Thuận.")
    page.select_option("#id_section", label=section.name)
    page.locator("#photos-group .add-row a").click()
    page.locator('input[name="photos-0-image"]').set_input_files(str(photo_file))
    page.fill('textarea[name="photos-0-caption"]', "Xe máy chết máy trên đường Phạm Văn Thuận")
    page.fill('input[name="photos-0-alt_text"]', "Người đi xe máy dắt xe qua đoạn đường ngập nước")
    _no_violation_on(page, "the add form, filled in", csp_violations)
    page.locator('input[name="_continue"]').click()
    page.wait_for_load_state()
    added = Article.objects.get(title="Mưa lớn gây ngập nhiều tuyến đường ở Biên Hòa")
    assert added.photos.get().width == 1200
    # The saved form shows the uploaded photo's thumbnail, served from media/.
    page.wait_for_load_state("networkidle")
    assert page.evaluate("Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)")
    _no_violation_on(page, "the add form, saved with its photo", csp_violations)

    # The admin's language switch (a select that submits itself, from a static script).
    with page.expect_navigation():
        page.select_option("#admin-language", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    _no_violation_on(page, "the language switched", csp_violations)


def test_the_watch_hears_a_violation(live_server, browser, csp_violations):
    """The browser tests' watch (conftest.py) does hear the browser refuse something: an inline style here."""
    page = browser.new_page()
    page.goto(f"{live_server.url}/")
    page.evaluate("document.body.setAttribute('style', 'background: red')")
    page.wait_for_timeout(200)
    assert any("style-src" in violation for violation in csp_violations), csp_violations
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    csp_violations.clear()  # heard, and expected: this test alone may end with one
