"""The staff's door in Chromium: five wrong passwords on the real login page lock the sign-in, and the page that
says so is Vietnamese, in the admin's look, with the time to try again; a tab left open on the change form (its
presence heartbeat beating) does not keep the session alive past the idle time."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from articles.roles import REPORTER
from newsroom.formats import staff_time
from tests import factories
from tests.e2e.desk import PASSWORD, admin_login, staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_five_wrong_passwords_show_the_vietnamese_lockout_page_with_the_time(live_server, browser, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    staff("pv_khoa", REPORTER, "Trần", "Minh Khoa")
    page = browser.new_page(locale="en-US")
    try:
        for _ in range(5):
            page.goto(f"{live_server.url}/admin/login/")
            page.fill("#id_username", "pv_khoa")
            page.fill("#id_password", "sai-mat-khau")
            page.click("input[type=submit]")
            page.wait_for_load_state("load")
        shown = page.locator("#content-main").inner_text()
        earliest, latest = (staff_time(timezone.now() + timedelta(minutes=m)) for m in (15 - 1, 15))
        assert "Đăng nhập đang bị khóa" in shown and "Đăng nhập sai 5 lần liên tiếp." in shown
        assert earliest in shown or latest in shown, shown
        assert page.locator("#header #site-name").count() == 1  # the admin's header, not a bare page

        page.goto(f"{live_server.url}/admin/login/")  # the right password is refused until then
        page.fill("#id_username", "pv_khoa")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_load_state("load")
        assert "Đăng nhập đang bị khóa" in page.locator("#content-main").inner_text()
    finally:
        page.close()


def test_an_open_change_form_does_not_keep_an_idle_session_alive(live_server, browser, settings):
    """The tab keeps beating, nobody touches it: the session ends after the idle hour. The server's clock (the live
    server runs in this process) is moved on ten minutes between beats, so the hour passes in seconds."""
    settings.NEWSROOM_STAFF_IDLE_MINUTES = 60
    settings.NEWSROOM_PRESENCE_SECONDS = 1
    reporter = staff("pv_lan", REPORTER, "Lê", "Thị Lan")
    article = factories.article(status=Article.Status.DRAFT, created_by=reporter)
    page = browser.new_page(locale="en-US")
    beats = []
    page.on("requestfinished", lambda request: "/dang-mo/" in request.url and beats.append(request.url))
    try:
        with time_machine.travel(timezone.now(), tick=True) as clock:
            admin_login(page, live_server.url, "pv_lan")
            page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
            for _ in range(7):  # seventy minutes on the server's clock, a beat in each ten
                clock.shift(timedelta(minutes=10))
                seen = len(beats)
                for _wait in range(50):
                    if len(beats) > seen:
                        break
                    page.wait_for_timeout(200)
                assert len(beats) > seen, "the change form stopped beating"
            page.goto(f"{live_server.url}/admin/")
            assert "/admin/login/" in page.url
            assert "không có thao tác nào trong 60 phút" in page.locator(".messagelist").inner_text()
    finally:
        page.close()
