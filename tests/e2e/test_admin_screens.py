"""The desk on its own screens, in a real browser: every role's main admin pages read at 1366×768 without
sideways scrolling and on a 390×844 phone, and a reporter in the field files a story with a photo from a phone.

Screenshots of each page at both sizes land in the screenshot folder (tests/e2e/conftest.py)."""

from collections import Counter
from datetime import UTC, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles import ranking, workflow
from articles.admin_filters import queues_for
from articles.corrections import correction_record
from articles.models import Article, Author, Byline, Section
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER, ensure_groups
from articles.text import slugify_vi
from tests import factories
from tests.e2e.desk import PASSWORD
from tests.e2e.desk import admin_login as _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
ROLES = {
    "phongvien": (REPORTER, "Trần", "Minh Khoa"),
    "bientap": (EDITOR, "Lê", "Thị Thu Hằng"),
    "tongbientap": (EDITOR_IN_CHIEF, "Nguyễn", "Văn Bình"),
}
# Long on purpose: what a provincial paper's headlines, sections, bylines and notes look like.
TITLES = [
    "Đồng Nai khởi công cao tốc Biên Hòa – Vũng Tàu đoạn qua Long Thành sau nhiều năm chờ đợi",
    "Nông dân Xuân Lộc trúng mùa chôm chôm nhưng giá bán giảm một nửa so với năm ngoái",
    "Sân bay Long Thành: hơn 5.000 hộ dân đã nhận tiền bồi thường, tái định cư",
    "Trảng Bom thêm hai trường mầm non công lập cho con em công nhân các khu công nghiệp",
    "Giá xăng dầu giảm lần thứ ba liên tiếp",
    "Hội nghị xúc tiến đầu tư vào tỉnh Đồng Nai năm nay thu hút 120 doanh nghiệp nước ngoài",
]
SECTIONS = ["Thời sự", "Kinh tế", "Xã hội", "Giáo dục", "Pháp luật – Bạn đọc"]


def _staff(username: str) -> User:
    role, last_name, first_name = ROLES[username]
    user = User.objects.create_user(
        username, password=PASSWORD, is_staff=True, last_name=last_name, first_name=first_name
    )
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


def _section(name: str) -> Section:
    # The data migration's default sections may already be there.
    return Section.objects.get_or_create(name=name, defaults={"slug": slugify_vi(name)})[0]


def _newsroom() -> dict:
    """A desk in mid-morning: drafts, a returned story, stories in review and awaiting sign-off, published
    ones (one scheduled, one corrected, one from last year) with views, through the real workflow."""
    ensure_groups()  # a transactional test's flush removes the groups the data migration made
    people = {username: _staff(username) for username in ROLES}
    reporter, editor = people["phongvien"], people["bientap"]
    sections = [_section(name) for name in SECTIONS]
    writer = Author.objects.create(name="Trần Minh Khoa", user=reporter)
    photographer = Author.objects.create(name="Nguyễn Thị Nguyệt Hà")
    articles = []
    for number, title in enumerate(TITLES * 2):
        article = factories.article(
            title=title if number < len(TITLES) else f"{title} (tiếp theo)",
            status=Article.Status.DRAFT,
            in_section=sections[number % len(sections)],
            created_by=reporter,
            sapo="(ĐN) - Sáng nay, UBND tỉnh cho biết…\nDòng thứ hai của sapo.",
        )
        Byline.objects.create(article=article, author=writer, role=Byline.Role.TEXT)
        Byline.objects.create(article=article, author=photographer, role=Byline.Role.PHOTO, position=1)
        factories.photo(article, caption="Công nhân thi công trên công trường")
        articles.append(article)

    def step(article, action, user, **kwargs):
        workflow.transition(Article.objects.get(pk=article.pk), action, user, **kwargs)

    # 0, 1: drafts; 2: returned with a long note; 3, 4: in review; 5: awaiting sign-off; 6-11: published.
    step(articles[2], "submit", reporter)
    step(
        articles[2],
        "return",
        editor,
        note="Cần bổ sung ý kiến của người dân bị ảnh hưởng và số liệu cụ thể về tiến độ giải ngân.",
    )
    # Politics goes to the editor-in-chief after the editor.
    signed_off = _section("Chính trị")
    Section.objects.filter(pk=signed_off.pk).update(requires_sign_off=True)
    Article.objects.filter(pk=articles[5].pk).update(section=signed_off)
    for article in articles[3:]:
        step(article, "submit", reporter)
    step(articles[5], "approve", editor)
    for article in articles[6:]:
        step(article, "publish", editor)
    later = timezone.now() + timedelta(hours=3)
    scheduled = factories.article(title="Bài hẹn giờ: lịch cắt điện tuần tới", status=Article.Status.DRAFT,
                                  in_section=sections[0], created_by=reporter)  # fmt: skip
    step(scheduled, "submit", reporter)
    step(scheduled, "publish", editor, publish_at=later)
    last_year = articles[11]
    Article.objects.filter(pk=last_year.pk).update(published_at=timezone.now() - timedelta(days=400))
    correction_record(
        Article.objects.get(pk=articles[6].pk),
        editor,
        kind="dinh_chinh",
        wrong_text="đoạn qua Long Thành dài 18 km",
        correct_text="đoạn qua Long Thành dài 16 km",
    )
    hour = timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    ranking.counts_apply(Counter({(article.pk, hour): 1234 * (n + 1) for n, article in enumerate(articles[6:])}))
    return {"people": people, "articles": articles, "corrected": articles[6], "submitted": articles[3]}


def _sideways_overflow(page) -> int:
    """How many pixels the page is wider than the window: 0 when nothing scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _header_lines(page) -> dict:
    """Each column header of the article list that takes more than one line, with its number of lines."""
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('#result_list thead th')).map(th => {
            const lines = new Set();
            const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                if (!walker.currentNode.textContent.trim()) continue;
                const range = document.createRange();
                range.selectNodeContents(walker.currentNode);
                for (const rect of range.getClientRects()) lines.add(Math.round(rect.top));
            }
            return [th.textContent.trim(), lines.size];
        }).filter(([, lines]) => lines > 1))"""
    )


@pytest.mark.parametrize("username", list(ROLES))
def test_every_role_s_main_screens_fit_a_laptop_and_a_phone(live_server, browser, screenshot_dir, username):
    base = live_server.url
    desk = _newsroom()
    user = desk["people"][username]
    article = desk["corrected"] if username != "phongvien" else desk["submitted"]
    pages = {
        "index": "/admin/",
        "list": "/admin/articles/article/",
        "change": f"/admin/articles/article/{article.pk}/change/",
        "history": f"/admin/articles/article/{article.pk}/history/",
        **{f"queue-{slug}": f"/admin/articles/article/?hang-doi={slug}" for slug in queues_for(user)},
    }
    for size, options in (("1366", {"viewport": DESKTOP}), ("phone", PHONE)):
        context = browser.new_context(locale="vi-VN", **options)
        page = context.new_page()
        _login(page, base, username)
        for name, address in pages.items():
            response = page.goto(f"{base}{address}")
            assert response.status == 200, (name, response.status)
            if not name.startswith("queue-"):
                page.screenshot(path=str(screenshot_dir / f"admin-{username}-{name}-{size}.png"), full_page=True)
            assert _sideways_overflow(page) <= 0, f"{username} {name} at {size} scrolls sideways"
            if name == "list" or name.startswith("queue-"):
                if name == "list":
                    assert page.locator("#result_list tbody tr").count() >= 10
                if size == "1366" and page.locator("#result_list").count():  # an empty queue has no table
                    assert _header_lines(page) == {}, f"{username} {name}: a column header wraps"
                    # Every column is in view: none hidden in the list's own sideways scroll or past the edge.
                    hidden = page.evaluate(
                        """() => {
                            const box = document.querySelector('#changelist .results');
                            const right = Math.min(box.getBoundingClientRect().right, window.innerWidth);
                            return Array.from(document.querySelectorAll('#result_list thead th'))
                                .filter(th => th.getBoundingClientRect().right > right + 1)
                                .map(th => th.textContent.trim())
                                .concat(box.scrollWidth > box.clientWidth ? ['(the list scrolls sideways)'] : []);
                        }"""
                    )
                    widths = page.evaluate(
                        "[document.querySelector('#changelist .results').clientWidth].concat(Array.from("
                        "document.querySelectorAll('#result_list thead th')).map(th => [th.textContent.trim(),"
                        " Math.round(th.getBoundingClientRect().width)]))"
                    )
                    assert hidden == [], f"{username} {name}: columns out of view: {hidden} {widths}"
        context.close()


def test_the_history_button_opens_the_newsroom_s_timeline(live_server, browser, screenshot_dir):
    base = live_server.url
    desk = _newsroom()
    article = desk["corrected"]
    page = browser.new_page(viewport=DESKTOP, locale="vi-VN")
    _login(page, base, "bientap")
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.locator(".object-tools a.historylink").click()
    page.wait_for_load_state()
    text = page.locator("#content").inner_text()
    assert "Lê Thị Thu Hằng" in text and "Trần Minh Khoa" in text
    assert "Gửi duyệt" in text or "Submitted" not in text
    assert "đoạn qua Long Thành dài 16 km" in text
    assert "1 entry" not in page.content() and "(Text)" not in text
    page.locator(".revision-list a").first.click()
    page.wait_for_load_state()
    assert page.locator(".diff").count() == 1


def test_a_reporter_on_a_phone_files_a_story_with_a_photo(live_server, browser, screenshot_dir, tmp_path):
    base = live_server.url
    ensure_groups()
    reporter = _staff("phongvien")
    section = _section("Xã hội")
    photo_file = tmp_path / "IMG_2041.jpg"
    photo_file.write_bytes(factories.image_bytes(size=(1600, 1200), color=(180, 120, 40)))
    context = browser.new_context(locale="vi-VN", **PHONE)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    shot = 0

    def screenshot(name: str) -> None:
        nonlocal shot
        shot += 1
        page.screenshot(path=str(screenshot_dir / f"phone-reporter-{shot}-{name}.png"), full_page=True)
        assert _sideways_overflow(page) <= 0, f"the phone page scrolls sideways at step {name}"

    _login(page, base, "phongvien")
    screenshot("logged-in")
    page.goto(f"{base}/admin/articles/article/add/")
    screenshot("empty-form")
    page.locator("#id_title").tap()
    page.locator("#id_title").press_sequentially("Mưa lớn gây ngập nhiều tuyến đường ở Biên Hòa")
    page.fill("#id_sapo", "(ĐN) - Cơn mưa chiều 12/9 kéo dài hơn hai giờ.\nNhiều xe chết máy giữa đường.")
    page.locator("[contenteditable=true].ProseMirror").tap()
    page.keyboard.type("Nước ngập sâu 40 cm trên đường Phạm Văn Thuận.")
    page.select_option("#id_section", label=section.name)
    page.locator("#photos-group .add-row a").tap()
    file_input = page.locator('input[name="photos-0-image"]')
    # A phone offers its camera and its gallery for this input; the server checks what arrives.
    assert file_input.get_attribute("accept") == "image/*"
    assert file_input.get_attribute("capture") is None
    file_input.set_input_files(str(photo_file))
    page.fill('textarea[name="photos-0-caption"]', "Xe máy chết máy trên đường Phạm Văn Thuận")
    page.fill('input[name="photos-0-credit"]', "Minh Khoa")
    page.fill('input[name="photos-0-alt_text"]', "Người đi xe máy dắt xe qua đoạn đường ngập nước")
    screenshot("filled-form")

    # Every control a thumb presses is big enough for it (WCAG 2.5.5: 44 CSS pixels), and on screen.
    save = page.locator('input[name="_continue"]')
    for control in (save, page.locator('input[name="_save"]'), page.locator("#photos-group .add-row a")):
        box = control.bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    save.tap()
    page.wait_for_load_state()
    screenshot("saved")

    article = Article.objects.get(title="Mưa lớn gây ngập nhiều tuyến đường ở Biên Hòa")
    assert article.created_by == reporter and article.section == section
    assert "Nước ngập sâu 40 cm" in article.body
    assert article.sapo.endswith("Nhiều xe chết máy giữa đường.")
    photo = article.photos.get()
    assert (photo.caption, photo.credit) == ("Xe máy chết máy trên đường Phạm Văn Thuận", "Minh Khoa")
    assert photo.alt_text == "Người đi xe máy dắt xe qua đoạn đường ngập nước"
    assert (photo.width, photo.height) == (1600, 1200)

    # The workflow panel's buttons on the saved article are thumb-sized too.
    submit = page.locator('.workflow-step[data-step="submit"] button[type=submit]')
    box = submit.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 390, box
    submit.tap()
    page.wait_for_load_state()
    screenshot("submitted")
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
    # What the reporter sees now: the text as readers will read it, not its HTML.
    body = page.locator(".body-as-read")
    assert body.inner_text().strip() == "Nước ngập sâu 40 cm trên đường Phạm Văn Thuận."
    assert "<p>" not in page.locator("#content").inner_text()
    context.close()


def test_the_english_admin_list_fits_too_and_keeps_day_first_times(live_server, browser, screenshot_dir):
    base = live_server.url
    desk = _newsroom()
    context = browser.new_context(locale="en-US", viewport=DESKTOP)
    page = context.new_page()
    _login(page, base, "tongbientap")
    context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/admin/articles/article/")
    page.screenshot(path=str(screenshot_dir / "admin-tongbientap-list-1366-en.png"), full_page=True)
    assert page.locator("html").get_attribute("lang") == "en"
    assert _sideways_overflow(page) <= 0 and _header_lines(page) == {}
    last_year = desk["articles"][11]
    cell = page.locator(f'tr:has(a[href$="/{last_year.pk}/change/"]) td.field-published_time time')
    title = cell.get_attribute("title")
    # The full moment on hover, day first and in 24 hours in English as in Vietnamese.
    assert title == timezone.localtime(Article.objects.get(pk=last_year.pk).published_at).strftime("%d/%m/%Y %H:%M")
    context.close()
