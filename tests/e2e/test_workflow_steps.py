"""The workflow panel in a real browser: a step that would be refused is not offered, the panel says what to
fix and its links land on the photo's fields; a reporter withdraws a submission on a phone."""

import pytest

from articles.models import Article, ArticleEvent
from articles.roles import EDITOR, REPORTER
from tests import factories
from tests.e2e.desk import admin_login as _login
from tests.e2e.desk import staff as _staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_publish_is_not_offered_until_the_photos_are_described_and_the_links_lead_there(
    live_server, browser, screenshot_dir
):
    base = live_server.url
    reporter = _staff("pv_buoc", REPORTER, "Trần", "Khoa")
    _staff("btv_buoc", EDITOR, "Lê", "Hằng")
    article = factories.article(title="Cầu Hóa An thông xe", status=Article.Status.IN_REVIEW, created_by=reporter)
    factories.photo(article, caption="Toàn cảnh cầu", position=0)
    factories.photo(article, caption="Lễ cắt băng khánh thành", alt_text="", position=1)

    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page.on("dialog", lambda dialog: dialog.accept())
    _login(page, base, "btv_buoc")
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")

    panel = page.locator(".workflow-panel")
    assert panel.locator('.workflow-step[data-step="publish"]').count() == 0
    assert panel.locator('.workflow-step[data-step="return"]').count() == 1  # what can succeed is still there
    warning = panel.locator(".workflow-warning")
    assert "Chưa thể “Đăng bài”." in warning.inner_text()
    page.screenshot(path=str(screenshot_dir / "workflow-refused-publish-desktop.png"))

    link = warning.get_by_role("link", name="ảnh 2 (“Lễ cắt băng khánh thành”)")
    link.click()
    assert page.url.endswith("#photos-1")
    alt_text = page.locator('input[name="photos-1-alt_text"]')
    alt_text.wait_for(state="visible")
    assert alt_text.is_visible() and alt_text.bounding_box()["y"] < 768  # the link brought it on screen
    alt_text.fill("Lãnh đạo tỉnh cắt băng khánh thành cầu Hóa An")
    page.click('input[name="_continue"]')
    page.wait_for_load_state()

    assert page.locator(".workflow-warning").count() == 0
    page.locator('.workflow-step[data-step="publish"] button[type=submit]').click()
    page.wait_for_load_state()
    article.refresh_from_db()
    assert article.is_published()


def test_a_reporter_withdraws_a_submission_on_a_phone(live_server, browser, screenshot_dir):
    base = live_server.url
    reporter = _staff("pv_rutlai", REPORTER, "Trần", "Khoa")
    article = factories.article(title="Chợ đêm Long Khánh", status=Article.Status.DRAFT, created_by=reporter)

    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True)
    page.on("dialog", lambda dialog: dialog.accept())
    _login(page, base, "pv_rutlai")
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.locator('.workflow-step[data-step="submit"] button[type=submit]').click()
    page.wait_for_load_state()
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    withdraw = page.locator('.workflow-step[data-step="withdraw"] button[type=submit]')
    assert withdraw.inner_text() == "Rút lại"
    page.screenshot(path=str(screenshot_dir / "workflow-withdraw-phone.png"))
    withdraw.click()
    page.wait_for_load_state()

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert ArticleEvent.objects.filter(article=article).last().action == ArticleEvent.Action.WITHDRAW
    # A draft of hers again: the form is editable and the submit button is back.
    assert page.locator("#id_title").is_editable()
    assert page.locator('.workflow-step[data-step="submit"]').count() == 1
