"""The newsroom's day, in a real browser: a reporter writes and submits, an editor returns it with a note,
the reporter fixes and resubmits, the editor schedules it, it appears by itself at that minute, the editor
records a correction, and the timeline shows all of it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, ArticleEvent
from articles.roles import EDITOR, REPORTER
from tests import factories
from tests.e2e.desk import admin_login as _login
from tests.e2e.desk import staff as _staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Đồng Nai mở thêm tuyến xe buýt điện đến Nhơn Trạch"


def _step(page, action: str, note: str = "", publish_at: str = "") -> None:
    """Press a workflow button of the change form (it saves what is typed, then takes the step)."""
    step = page.locator(f'.workflow-step[data-step="{action}"]')
    if note:
        step.locator("textarea").fill(note)
    if publish_at:
        step.locator("input.publish-time").fill(publish_at)
    with page.expect_navigation():
        step.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_write_return_resubmit_schedule_appear_and_correct(live_server, browser, screenshot_dir, tmp_path):
    base = live_server.url
    reporter = _staff("pv_e2e", REPORTER, "Trần", "Khoa")
    _staff("btv_e2e", EDITOR, "Lê", "Hằng")
    section = factories.section(name="Giao thông", slug="giao-thong")
    photo_file = tmp_path / "xe-buyt.jpg"
    photo_file.write_bytes(factories.image_bytes(size=(1200, 800), color=(20, 120, 90)))

    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page.on("dialog", lambda dialog: dialog.accept())

    # The reporter writes the story with a photo and submits it.
    _login(page, base, "pv_e2e")
    page.goto(f"{base}/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    # The slug follows the headline as it is typed, transliterated the Vietnamese way.
    assert page.input_value("#id_slug") == "dong-nai-mo-them-tuyen-xe-buyt-dien-den-nhon-trach"
    page.fill("#id_sapo", "(ĐN) - Tuyến xe buýt điện thứ hai nối Biên Hòa với Nhơn Trạch chạy từ tháng sau.")
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type("Tuyến dài 38 km, mỗi ngày 40 chuyến.")
    page.select_option("#id_section", label=section.name)
    page.locator(".add-row a").first.click()
    page.set_input_files('input[name="photos-0-image"]', str(photo_file))
    page.fill('textarea[name="photos-0-caption"]', "Xe buýt điện tại bến Biên Hòa")
    page.fill('input[name="photos-0-credit"]', "Huy Anh")
    # Without it the editor could not publish the story (workflow.check_alt_text).
    page.fill('input[name="photos-0-alt_text"]', "Chiếc xe buýt điện màu xanh đỗ dưới mái che của bến xe")
    page.screenshot(path=str(screenshot_dir / "1-reporter-writes.png"), full_page=True)
    page.click('input[name="_continue"]')
    article = Article.objects.get(title=TITLE)
    assert article.created_by == reporter and article.photos.count() == 1
    assert article.slug == "dong-nai-mo-them-tuyen-xe-buyt-dien-den-nhon-trach"
    _step(page, "submit")
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    # The editor returns it with a note; the reporter sees the note, fixes the text and resubmits.
    _login(page, base, "btv_e2e")
    page.goto(f"{base}/admin/")
    assert page.locator(".desk-queues").inner_text().count("1") >= 1
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    _step(page, "return", note="Cần ghi rõ giá vé và giờ chạy.")
    _login(page, base, "pv_e2e")
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    assert "Cần ghi rõ giá vé và giờ chạy." in page.locator(".workflow-note").inner_text()
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.press("End")
    page.keyboard.type(" Giá vé 20 nghìn đồng, xe chạy từ 5 giờ đến 21 giờ.")
    page.click('input[name="_continue"]')
    _step(page, "submit")

    # The editor schedules it five minutes ahead.
    _login(page, base, "btv_e2e")
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    when = timezone.localtime() + timedelta(minutes=5)
    _step(page, "publish", publish_at=when.strftime("%d/%m/%Y %H:%M"))  # typed day first, 24 hours
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_scheduled

    reader = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")
    reader.goto(f"{base}/")
    assert TITLE not in reader.content()
    with time_machine.travel(when + timedelta(seconds=5), tick=True):
        reader.goto(f"{base}/")
        assert TITLE in reader.content()
        reader.click(f"text={TITLE}")
        assert "Giá vé 20 nghìn đồng" in reader.content()
        assert reader.locator(".byline").inner_text() == "Trần Khoa"  # credited though no byline was typed
        assert reader.locator("figure figcaption").first.inner_text().startswith("Xe buýt điện tại bến Biên Hòa")
        reader.screenshot(path=str(screenshot_dir / "2-reader-phone.png"), full_page=True)

        # The editor records a correction; the reader sees it; the timeline holds the whole story.
        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        page.click("text=Ghi cải chính")
        page.select_option("#id_kind", value="dinh_chinh")
        page.fill("#id_wrong_text", "Tuyến dài 38 km")
        page.fill("#id_correct_text", "Tuyến dài 36 km")
        page.click("input[type=submit]")
        reader.reload()
        assert "Tuyến dài 36 km" in reader.content()
        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        page.screenshot(path=str(screenshot_dir / "3-editor-timeline.png"), full_page=True)

    actions = list(ArticleEvent.objects.filter(article=article).values_list("action", flat=True))
    assert actions == ["create", "submit", "return", "submit", "schedule", "correction"]
