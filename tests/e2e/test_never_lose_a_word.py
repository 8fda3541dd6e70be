"""Never lose a word, in a real browser: a step pressed after an edit takes the edit with it; a tab closed
mid-sentence, a dropped connection and an ended session all give the text back; the form says who else has
the article open."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from articles.models import Article, ArticleAutosave
from articles.roles import EDITOR, REPORTER
from articles.workflow import autosave, presence
from tests import factories
from tests.e2e.conftest import full_page_screenshot
from tests.e2e.desk import admin_login as _login
from tests.e2e.desk import staff as _staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

S = Article.Status
BODY = "<p>Sáng nay, cầu Hóa An mới chính thức thông xe.</p><p>Cầu dài 1,2 km.</p>"


@pytest.fixture(autouse=True)
def quick_desk(settings):
    # The browser would wait 20 s and 30 s; the rules are the same at 1 s and 2 s.
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    settings.NEWSROOM_PRESENCE_SECONDS = 2


@pytest.fixture
def desk_people(db):
    return {
        "reporter": _staff("pv_chu", REPORTER, "Trần", "Minh Khoa"),
        "editor": _staff("btv_chu", EDITOR, "Lê", "Thị Hằng"),
        "other_editor": _staff("btv2_chu", EDITOR, "Phạm", "Văn Nam"),
    }


def _article(status: str, author, **fields) -> Article:
    return factories.article(
        title="Cầu Hóa An mới thông xe",
        sapo="(ĐN) - Sáng 6-12, cầu Hóa An mới được thông xe.",
        body=BODY,
        status=status,
        published_at=timezone.now() - timedelta(hours=1) if status == S.PUBLISHED else None,
        created_by=author,
        **fields,
    )


def _open(page, base: str, article: Article) -> None:
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.locator("[contenteditable=true].ProseMirror").wait_for()


def _type_in_body(page, words: str) -> None:
    editor = page.locator("[contenteditable=true].ProseMirror")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(words)


def _dialogs(page) -> list[str]:
    """Accepts every dialog and records its type: "confirm" for a step, "beforeunload" for leaving."""
    seen: list[str] = []

    def accept(dialog):
        seen.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    return seen


def _wait_for(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def test_an_edit_followed_by_publish_publishes_the_edited_text(live_server, browser, desk_people):
    article = _article(S.IN_REVIEW, desk_people["reporter"])
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    dialogs = _dialogs(page)
    _login(page, live_server.url, "btv_chu")
    _open(page, live_server.url, article)

    page.fill("#id_title", "Cầu Hóa An mới thông xe sau hai năm")
    _type_in_body(page, " Cầu rộng sáu làn xe.")
    with page.expect_navigation():
        page.locator('.workflow-step[data-step="publish"] button').click()

    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.is_published()
    assert article.title == "Cầu Hóa An mới thông xe sau hai năm"
    assert "Cầu rộng sáu làn xe." in article.body
    assert dialogs == ["confirm"]  # asked to confirm the step; never "leave the page?"
    reader = browser.new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    assert "Cầu rộng sáu làn xe." in reader.content()
    assert reader.locator("h1").first.inner_text() == "Cầu Hóa An mới thông xe sau hai năm"


def test_an_edit_followed_by_submit_submits_it(live_server, browser, desk_people):
    article = _article(S.DRAFT, desk_people["reporter"])
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")
    dialogs = _dialogs(page)
    _login(page, live_server.url, "pv_chu")
    _open(page, live_server.url, article)

    page.fill("#id_sapo", "(ĐN) - Sapo viết lại ngay trước khi gửi.")
    with page.expect_navigation():
        page.locator('.workflow-step[data-step="submit"] button').click()

    article.refresh_from_db()
    assert (article.status, article.sapo) == (S.IN_REVIEW, "(ĐN) - Sapo viết lại ngay trước khi gửi.")
    assert dialogs == ["confirm"]
    assert not ArticleAutosave.objects.exists()
    # The submitted article is read-only for its reporter now; the browser's copy of the form is dropped too,
    # so that when the article comes back to them nothing already sent is offered as unsaved.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('newsroom:autosave:'))") == []


def test_a_cancelled_step_takes_nothing_and_enter_saves_rather_than_steps(live_server, browser, desk_people):
    article = _article(S.IN_REVIEW, desk_people["reporter"])
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page.on("dialog", lambda dialog: dialog.dismiss() if dialog.type == "confirm" else dialog.accept())
    _login(page, live_server.url, "btv_chu")
    _open(page, live_server.url, article)

    page.fill("#id_title", "Tít sửa rồi bấm Enter")
    page.locator('.workflow-step[data-step="publish"] button').click()  # the confirmation is dismissed
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW and article.title == "Cầu Hóa An mới thông xe"

    with page.expect_navigation():
        page.press("#id_title", "Enter")
    article.refresh_from_db()
    assert (article.title, article.status) == ("Tít sửa rồi bấm Enter", S.IN_REVIEW)


def test_leaving_with_unsaved_changes_asks_first(live_server, browser, desk_people):
    article = _article(S.DRAFT, desk_people["reporter"])
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    dialogs = _dialogs(page)
    _login(page, live_server.url, "pv_chu")
    _open(page, live_server.url, article)

    page.goto(f"{live_server.url}/admin/")  # nothing typed: no question
    assert dialogs == []
    _open(page, live_server.url, article)
    _type_in_body(page, " Thêm một câu.")
    page.goto(f"{live_server.url}/admin/")
    assert dialogs == ["beforeunload"]


def test_a_tab_closed_mid_sentence_offers_the_text_back(live_server, browser, desk_people, screenshot_dir):
    article = _article(S.DRAFT, desk_people["reporter"])
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    _login(page, live_server.url, "pv_chu")
    _open(page, live_server.url, article)

    _type_in_body(page, " Người dân hai bờ sông phấn khởi vì")
    page.close()  # no goodbye: the browser's copy is written with each keystroke

    page = context.new_page()
    dialogs = _dialogs(page)
    _open(page, live_server.url, article)
    offer = page.locator("[data-autosave-offer-box]")
    offer.wait_for()
    assert "Khôi phục bản tự lưu lúc" in offer.inner_text()
    assert "phấn khởi vì" in offer.locator(".diff ins").all_inner_texts()[-1]
    page.screenshot(path=str(screenshot_dir / "never-lose-restore-offer-1366.png"))

    offer.locator("[data-autosave-restore]").click()
    assert "phấn khởi vì" in page.locator("[contenteditable=true].ProseMirror").inner_text()
    assert "phấn khởi vì" in page.input_value("#id_body")
    with page.expect_navigation():
        page.click('input[name="_continue"]')

    article.refresh_from_db()
    assert "Người dân hai bờ sông phấn khởi vì" in article.body
    assert article.status == S.DRAFT
    assert not ArticleAutosave.objects.exists()  # the save ended the copy
    assert dialogs == []  # restoring then saving asks nothing
    page.reload()
    assert page.locator("[data-autosave-offer-box]").count() == 0  # and nothing is offered again


def test_a_network_cut_while_typing_loses_nothing(live_server, browser, desk_people, screenshot_dir):
    article = _article(S.IN_REVIEW, desk_people["reporter"])
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    _dialogs(page)
    _login(page, live_server.url, "btv_chu")
    _open(page, live_server.url, article)

    context.set_offline(True)
    _type_in_body(page, " Câu gõ khi mất mạng.")
    status = page.locator("[data-autosave-status]")
    _wait_for(lambda: "Mất kết nối" in status.inner_text())
    assert not ArticleAutosave.objects.exists()
    page.screenshot(path=str(screenshot_dir / "never-lose-offline-390.png"))

    context.set_offline(False)  # back: the copy goes to the server at once
    copy = _wait_for(lambda: ArticleAutosave.objects.filter(user=desk_people["editor"], article=article).first())
    assert "Câu gõ khi mất mạng." in copy.fields["body"]
    _wait_for(lambda: "Đã tự lưu lúc" in status.inner_text())

    # Closed before saving, and opened again: the text is offered back.
    page.close()
    page = context.new_page()
    _dialogs(page)
    _open(page, live_server.url, article)
    page.locator("[data-autosave-restore]").click()
    with page.expect_navigation():
        page.click('input[name="_continue"]')
    article.refresh_from_db()
    assert "Câu gõ khi mất mạng." in article.body


def test_an_ended_session_loses_nothing_after_logging_in_again(live_server, browser, desk_people, screenshot_dir):
    article = _article(S.IN_REVIEW, desk_people["reporter"])
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    dialogs = _dialogs(page)
    _login(page, live_server.url, "btv_chu")
    _open(page, live_server.url, article)

    Session.objects.all().delete()  # the session ends on the server while the editor writes
    page.fill("#id_title", "Tít gõ sau khi phiên hết hạn")
    _type_in_body(page, " Đoạn viết khi phiên đã hết.")
    status = page.locator("[data-autosave-status]")
    _wait_for(lambda: "Phiên đăng nhập đã hết" in status.inner_text())
    assert not ArticleAutosave.objects.exists()
    page.screenshot(path=str(screenshot_dir / "never-lose-session-ended-1366.png"))

    with page.expect_navigation():
        status.locator("a").click()  # "Đăng nhập lại": leaving asks first, the text stays in this browser
    assert "beforeunload" in dialogs
    page.fill("#id_username", "btv_chu")
    page.fill("#id_password", "mat-khau-thu")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")

    offer = page.locator("[data-autosave-offer-box]")
    offer.wait_for()
    offer.locator("[data-autosave-restore]").click()
    assert page.input_value("#id_title") == "Tít gõ sau khi phiên hết hạn"
    with page.expect_navigation():
        page.click('input[name="_continue"]')
    article.refresh_from_db()
    assert article.title == "Tít gõ sau khi phiên hết hạn" and "Đoạn viết khi phiên đã hết." in article.body


def test_the_form_shows_who_else_has_the_article_open(live_server, browser, desk_people):
    article = _article(S.IN_REVIEW, desk_people["reporter"])
    first = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN").new_page()
    second = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN").new_page()
    _login(first, live_server.url, "btv_chu")
    _login(second, live_server.url, "btv2_chu")
    _open(first, live_server.url, article)
    assert first.locator("[data-presence]").is_hidden()

    _open(second, live_server.url, article)
    assert second.locator("[data-presence]").inner_text() == "Đang mở bài này: Lê Thị Hằng"
    # The first learns of the second at the next heartbeat, without reloading.
    first.locator("[data-presence]", has_text="Đang mở bài này: Phạm Văn Nam").wait_for(timeout=10_000)

    second.close()  # leaving says goodbye: the first stops seeing the second
    first.locator("[data-presence]").wait_for(state="hidden", timeout=10_000)


def test_the_publication_time_is_typed_day_first_in_an_english_browser(
    live_server, browser, desk_people, screenshot_dir
):
    article = _article(S.IN_REVIEW, desk_people["reporter"])
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-US")
    dialogs = _dialogs(page)
    _login(page, live_server.url, "btv_chu")
    _open(page, live_server.url, article)
    when = (timezone.localtime() + timedelta(days=2)).replace(hour=14, minute=30, second=0, microsecond=0)

    box = page.locator('.workflow-step[data-step="publish"] input.publish-time')
    assert box.get_attribute("type") == "text" and box.get_attribute("placeholder") == "dd/mm/yyyy HH:MM"
    box.click()
    page.keyboard.type(when.strftime("%d%m%Y%H%M"))  # digits only, as a phone's number pad types them
    assert box.input_value() == when.strftime("%d/%m/%Y %H:%M")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in the time box is this step (confirmed), not Save
    assert dialogs == ["confirm"]
    article.refresh_from_db()
    assert article.published_at == when and article.is_scheduled

    other = _article(S.IN_REVIEW, desk_people["reporter"])
    _open(page, live_server.url, other)
    page.fill('.workflow-step[data-step="publish"] input.publish-time', "12/31/2026 2:30 PM")
    with page.expect_navigation():
        page.locator('.workflow-step[data-step="publish"] button').click()
    assert "ngày/tháng/năm giờ:phút" in page.locator(".workflow-panel").inner_text()
    page.locator(".workflow-panel").screenshot(path=str(screenshot_dir / "never-lose-bad-time-1366.png"))
    assert page.input_value('.workflow-step[data-step="publish"] input.publish-time') == "12/31/2026 2:30 PM"
    other.refresh_from_db()
    assert other.status == S.IN_REVIEW


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_screenshots_of_the_restore_offer_and_presence(
    live_server, browser, desk_people, screenshot_dir, width, height
):
    article = _article(S.IN_REVIEW, desk_people["reporter"])
    autosave.autosave_store(
        desk_people["editor"],
        article,
        {"title": article.title, "sapo": article.sapo, "body": BODY.replace("1,2 km.", "1,2 km, rộng sáu làn xe.")},
        base_version=article.version,
        photos_pending=True,
    )
    presence.presence_beat(desk_people["other_editor"], article)
    page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
    _dialogs(page)
    _login(page, live_server.url, "btv_chu")
    _open(page, live_server.url, article)

    assert page.locator("[data-presence]").inner_text() == "Đang mở bài này: Phạm Văn Nam"
    offer = page.locator("[data-autosave-offer-box]")
    assert "Khôi phục bản tự lưu lúc" in offer.inner_text()
    page.screenshot(path=str(screenshot_dir / f"never-lose-offer-presence-{width}.png"))
    full_page_screenshot(page, screenshot_dir / f"never-lose-change-form-{width}-full.png")
    # Nothing wider than the screen on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1

    offer.locator("[data-autosave-discard]").click()  # asks first (accepted), then the copy is gone for good
    offer.wait_for(state="detached")
    _wait_for(lambda: not ArticleAutosave.objects.exists())
    page.reload()
    assert page.locator("[data-autosave-offer-box]").count() == 0


def test_a_refused_publish_comes_back_with_the_typed_text_and_the_reason(
    live_server, browser, desk_people, screenshot_dir
):
    # A publish the panel cannot foresee is refused only once pressed: a time already past (a typo for next year).
    article = _article(S.IN_REVIEW, desk_people["reporter"])
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    dialogs = _dialogs(page)
    _login(page, live_server.url, "btv_chu")
    _open(page, live_server.url, article)

    page.fill("#id_title", "Tít mới chưa được lưu")
    _type_in_body(page, " Câu mới chưa được lưu.")
    publish = page.locator('.workflow-step[data-step="publish"]')
    publish.locator("input.publish-time").fill("01/01/2020 08:00")
    with page.expect_navigation():
        publish.locator("button").click()

    refusal = page.locator(".workflow-refusal")
    assert "Chưa lưu gì" in page.locator(".errornote").first.inner_text() or refusal.is_visible()
    assert "Giờ đăng đã qua" in refusal.inner_text()
    assert page.input_value("#id_title") == "Tít mới chưa được lưu"
    assert "Câu mới chưa được lưu." in page.locator("[contenteditable=true].ProseMirror").inner_text()
    article.refresh_from_db()
    assert (article.status, article.title) == (S.IN_REVIEW, "Cầu Hóa An mới thông xe")
    page.screenshot(path=str(screenshot_dir / "never-lose-refused-publish-1366.png"))

    # The form shown again is unsaved text: leaving it asks first.
    page.goto(f"{live_server.url}/admin/")
    assert dialogs == ["confirm", "beforeunload"]


def test_a_new_article_closed_before_its_first_save_is_offered_back(live_server, browser, desk_people):
    section = factories.section(name="Giao thông", slug="giao-thong")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    _login(page, live_server.url, "pv_chu")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_title", "Xe buýt điện đến Nhơn Trạch")
    page.fill("#id_sapo", "(ĐN) - Tuyến xe buýt điện thứ hai")
    _type_in_body(page, "Tuyến dài 38 km, mỗi ngày")
    page.close()

    page = context.new_page()
    _dialogs(page)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("[data-autosave-restore]").click()
    assert page.input_value("#id_sapo") == "(ĐN) - Tuyến xe buýt điện thứ hai"
    assert "Tuyến dài 38 km, mỗi ngày" in page.locator("[contenteditable=true].ProseMirror").inner_text()
    page.select_option("#id_section", label=section.name)
    with page.expect_navigation():
        page.click('input[name="_save"]')  # to the list: the add form's copy must still end

    article = Article.objects.get(title="Xe buýt điện đến Nhơn Trạch")
    assert "Tuyến dài 38 km, mỗi ngày" in article.body
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.wait_for_timeout(1500)  # desk.js asks the server about the browser's copy, and forgets it
    assert page.locator("[data-autosave-offer-box]").count() == 0
    assert not ArticleAutosave.objects.exists()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('newsroom:autosave:'))") == []


def test_save_pressed_after_the_session_ended_gives_the_text_back_after_logging_in(live_server, browser, desk_people):
    article = _article(S.DRAFT, desk_people["reporter"])
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")
    _dialogs(page)
    _login(page, live_server.url, "pv_chu")
    _open(page, live_server.url, article)

    _type_in_body(page, " Câu cuối trước khi bấm Lưu.")
    Session.objects.all().delete()
    with page.expect_navigation():
        page.click('input[name="_continue"]')  # the admin sends the post to the login page: the form is gone
    assert "/admin/login/" in page.url
    page.fill("#id_username", "pv_chu")
    page.fill("#id_password", "mat-khau-thu")
    with page.expect_navigation():
        page.click("input[type=submit]")

    page.locator("[data-autosave-restore]").click()
    with page.expect_navigation():
        page.click('input[name="_continue"]')
    article.refresh_from_db()
    assert "Câu cuối trước khi bấm Lưu." in article.body


def test_a_byline_chosen_by_search_comes_back_with_its_name(live_server, browser, desk_people):
    from articles.models import Author, Byline

    article = _article(S.DRAFT, desk_people["reporter"])
    author = Author.objects.create(name="Nguyễn Văn An", slug="nguyen-van-an")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    _login(page, live_server.url, "pv_chu")
    _open(page, live_server.url, article)
    page.locator("#bylines-group .add-row a").click()
    page.locator("#bylines-group .select2-selection").first.click()
    page.locator(".select2-search__field").fill("Nguyễn")
    page.locator(".select2-results__option", has_text="Nguyễn Văn An").click()
    page.close()  # the only change was the byline: it is still a change worth keeping

    page = context.new_page()
    _dialogs(page)
    _open(page, live_server.url, article)
    offer = page.locator("[data-autosave-offer-box]")
    assert "Nguyễn Văn An" in offer.locator(".diff").inner_text()
    offer.locator("[data-autosave-restore]").click()
    assert page.locator("#bylines-group .select2-selection__rendered").first.inner_text().endswith("Nguyễn Văn An")
    with page.expect_navigation():
        page.click('input[name="_continue"]')
    assert list(Byline.objects.filter(article=article).values_list("author", flat=True)) == [author.pk]
