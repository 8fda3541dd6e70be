"""The second factor in a real browser: an editor signs in, sets up an authenticator by typing the key the page
shows (the code computed here, as an app would), keeps the recovery codes, and reaches the article list; signing
in again, a wrong code is refused in Vietnamese and a recovery code lets them in. On a phone and a desktop."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from articles.roles import EDITOR
from tests.e2e.desk import PASSWORD
from tests.e2e.desk import staff as _staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTICLES = "/admin/articles/article/"


def _sign_in_with_password(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + ARTICLES)  # the admin's own login page, with where the person was going
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 768}], ids=["phone", "desktop"]
)
def test_an_editor_sets_up_the_second_factor_and_reaches_the_articles(
    live_server, browser, screenshot_dir, settings, viewport
):
    settings.NEWSROOM_OTP_REQUIRED = True
    base = live_server.url
    _staff("bientapvien", EDITOR, "Lê", "Thị Thu Hằng")
    name = "phone" if viewport["width"] < 500 else "desktop"
    page = browser.new_page(viewport=viewport, locale="vi-VN")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    _sign_in_with_password(page, base, "bientapvien")
    assert "/admin/xac-thuc-hai-lop/cai-dat/" in page.url
    assert page.locator("h1").inner_text() == "Cài đặt xác thực hai lớp"
    assert page.locator(".second-factor-qr svg").is_visible()
    page.screenshot(path=str(screenshot_dir / f"second-factor-enrol-{name}.png"), full_page=True)
    key = page.locator("#second-factor-secret").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    page.fill("#id_code", f"{totp(secret):06d}")
    page.click(".second-factor-form button[type=submit]")
    page.wait_for_load_state("load")

    assert "/admin/xac-thuc-hai-lop/ma-du-phong/" in page.url
    codes = page.locator("#second-factor-codes code").all_inner_texts()
    assert len(codes) == 10
    assert page.locator("[data-print]").is_visible()  # the print button, from our own script
    page.screenshot(path=str(screenshot_dir / f"second-factor-recovery-codes-{name}.png"), full_page=True)
    page.get_by_role("link", name="Tôi đã cất mã, tiếp tục").click()
    page.wait_for_load_state("load")
    assert page.url == base + ARTICLES
    assert page.locator("#changelist").count() == 1

    # Next sign-in: the password, then the code; a wrong one is refused, a recovery code lets them in once.
    _sign_in_with_password(page, base, "bientapvien")
    assert "/admin/xac-thuc-hai-lop/nhap-ma/" in page.url
    page.fill("#id_code", "000000" if totp(secret) != 0 else "111111")
    page.click(".second-factor-form button[type=submit]")
    page.wait_for_load_state("load")
    assert "Mã không đúng." in page.locator(".errornote").inner_text()
    page.screenshot(path=str(screenshot_dir / f"second-factor-wrong-code-{name}.png"), full_page=True)
    page.wait_for_timeout(1100)  # the throttle's one-second wait after one wrong code
    page.fill("#id_code", codes[0])
    page.click(".second-factor-form button[type=submit]")
    page.wait_for_load_state("load")
    assert page.url == base + ARTICLES
    assert "còn lại 9 mã" in page.locator(".messagelist").inner_text()

    page.goto(base + "/admin/xac-thuc-hai-lop/")
    page.screenshot(path=str(screenshot_dir / f"second-factor-mine-{name}.png"), full_page=True)
    assert not errors


def test_a_superuser_resets_a_lost_phone_from_the_staff_page(live_server, browser, screenshot_dir, settings):
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from newsroom.staff.second_factor import policy

    settings.NEWSROOM_OTP_REQUIRED = True
    base = live_server.url
    editor = _staff("bientapvien", EDITOR, "Lê", "Thị Thu Hằng")
    TOTPDevice.objects.create(user=editor, name=policy.AUTHENTICATOR_NAME, confirmed=True)
    boss = User.objects.create_superuser("quantri", password=PASSWORD, last_name="Phạm", first_name="Quốc Bảo")
    device = TOTPDevice.objects.create(user=boss, name=policy.AUTHENTICATOR_NAME, confirmed=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")

    _sign_in_with_password(page, base, "quantri")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.click(".second-factor-form button[type=submit]")
    page.wait_for_url(base + ARTICLES)
    page.get_by_role("link", name="Xác thực hai lớp").first.click()
    page.get_by_role("link", name="Xác thực hai lớp của nhân viên").click()
    page.screenshot(path=str(screenshot_dir / "second-factor-staff-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(screenshot_dir / "second-factor-staff-desktop.png"), full_page=True)
    row = page.locator("#result_list tbody tr", has_text="bientapvien")
    row.get_by_role("link", name="Đặt lại").click()
    page.get_by_role("button", name="Đồng ý, đặt lại").click()
    page.wait_for_load_state("load")
    assert "Đã đặt lại xác thực hai lớp của Lê Thị Thu Hằng" in page.locator(".messagelist").inner_text()
    assert not TOTPDevice.objects.filter(user=editor).exists()
