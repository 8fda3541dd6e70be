"""Sign-in throttling through the real admin login form and the real django-axes: a (username, address) pair is
locked after AXES_FAILURE_LIMIT failures; other pairs are not; the client's address is the trusted-proxy rule's;
the lockout page says, in Vietnamese, until when; a superuser unlocks; the sign-in log is for superusers only."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.roles import EDITOR
from newsroom.staff.models import FailedSignInCount
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
# A weekday afternoon in the paper's time zone, far from any day or hour edge.
T0 = datetime(2026, 11, 25, 15, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
OFFICE, HOME = "203.0.113.5", "198.51.100.7"


@pytest.fixture(autouse=True)
def axes_on(settings):
    """The real throttle with the newsroom's settings (tests/settings.py turns it off for the other tests)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.NEWSROOM_TRUSTED_PROXIES = 0


@pytest.fixture
def editor(db):
    return factories.staff_member("btv_khoa", EDITOR)


def sign_in(username: str, password: str, address: str = OFFICE, **headers):
    """One attempt through the admin's own login form, from a fresh browser at `address`."""
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password}, headers=headers)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(username: str, times: int, address: str = OFFICE, **headers):
    return [sign_in(username, "sai-mat-khau", address, **headers) for _ in range(times)]


def test_the_pair_is_locked_after_the_limit_and_the_right_password_no_longer_opens(editor):
    with time_machine.travel(T0, tick=False):
        answers = fail(editor.username, 4)
        assert [a.status_code for a in answers] == [200] * 4  # the login form again, with its error
        assert signed_in(sign_in(editor.username, "pw"))  # four failures lock nothing…
        fail(editor.username, 5)  # …a success starts the count again (AXES_RESET_ON_SUCCESS); five lock
        refused = sign_in(editor.username, "pw")
    assert refused.status_code == 429 and not signed_in(refused)
    assert AccessAttempt.objects.get(username=editor.username, ip_address=OFFICE).failures_since_start == 5


def test_the_same_person_from_another_address_is_not_locked(editor):
    fail(editor.username, 5, OFFICE)
    assert sign_in(editor.username, "pw", OFFICE).status_code == 429
    assert signed_in(sign_in(editor.username, "pw", HOME))


def test_another_person_from_the_same_address_is_not_locked(editor):
    colleague = factories.staff_member("pv_lan", EDITOR)
    fail(editor.username, 5, OFFICE)
    assert signed_in(sign_in(colleague.username, "pw", OFFICE))


def test_a_forged_forwarded_for_does_not_reset_the_count(settings, editor):
    """Behind one proxy, the address the proxy appended counts; what the client wrote before it proves nothing."""
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    proxy = "127.0.0.1"
    for n in range(5):
        forged = f"10.0.0.{n}, {OFFICE}"  # a new made-up address each time, then the proxy's true one
        sign_in(editor.username, "sai-mat-khau", proxy, x_forwarded_for=forged)
    refused = sign_in(editor.username, "pw", proxy, x_forwarded_for=f"10.9.9.9, {OFFICE}")
    assert refused.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}
    # Another client behind the same proxy is a different address, and is not locked.
    assert signed_in(sign_in(editor.username, "pw", proxy, x_forwarded_for=HOME))


def test_the_lockout_page_is_vietnamese_in_the_admins_look_and_says_until_when(editor):
    with time_machine.travel(T0, tick=False):
        fail(editor.username, 4)
    with time_machine.travel(T0 + timedelta(minutes=2), tick=False):
        fifth = fail(editor.username, 1)[0]  # the lock's clock starts at the last counted failure
        page = sign_in(editor.username, "pw")
    for answer in (fifth, page):
        text = answer.content.decode()
        assert answer.status_code == 429
        assert "Đăng nhập đang bị khóa" in text
        assert "Đăng nhập sai 5 lần liên tiếp." in text
        assert "bị khóa đến <strong>25/11/2026 15:47</strong>" in text
        assert 'id="site-name"' in text and "admin/css/login.css" in text  # the admin's frame, not a bare page
        assert "Account locked" not in text
    assert page["Retry-After"] == str(15 * 60)


def test_the_lock_ends_after_the_cool_off_and_not_before(editor):
    with time_machine.travel(T0, tick=False):
        fail(editor.username, 5)
    with time_machine.travel(T0 + timedelta(minutes=14, seconds=59), tick=False):
        assert sign_in(editor.username, "pw").status_code == 429  # a retry during the lock…
    with time_machine.travel(T0 + timedelta(minutes=15, seconds=1), tick=False):
        assert signed_in(sign_in(editor.username, "pw"))  # …did not push its end further


def test_a_superuser_unlocks_from_the_admin_and_the_person_signs_in_again(admin_client, editor):
    fail(editor.username, 5)
    count = FailedSignInCount.objects.get(username=editor.username)
    listing = admin_client.get(reverse("admin:staff_failedsignincount_changelist")).content.decode()
    assert "Khóa đến" in listing and "Mở khóa các đăng nhập đã chọn" in listing
    change = admin_client.get(reverse("admin:staff_failedsignincount_change", args=[count.pk])).content.decode()
    unlock_url = reverse("admin:staff_failedsignincount_unlock", args=[count.pk])
    assert unlock_url in change and "Mở khóa đăng nhập" in change

    assert "Mở khóa đăng nhập này?" in admin_client.get(unlock_url).content.decode()
    assert sign_in(editor.username, "pw").status_code == 429  # a GET unlocks nothing
    done = admin_client.post(unlock_url, follow=True)
    assert "Đã mở khóa đăng nhập của “btv_khoa” từ 203.0.113.5." in done.content.decode()
    assert signed_in(sign_in(editor.username, "pw"))


def test_the_unlock_action_unlocks_the_selected_pairs(admin_client, editor):
    fail(editor.username, 5, OFFICE)
    fail(editor.username, 5, HOME)
    office = FailedSignInCount.objects.get(ip_address=OFFICE)
    admin_client.post(
        reverse("admin:staff_failedsignincount_changelist"), {"action": "unlock", "_selected_action": [office.pk]}
    )
    assert signed_in(sign_in(editor.username, "pw", OFFICE))
    assert sign_in(editor.username, "pw", HOME).status_code == 429


def test_sign_ins_are_logged_with_time_and_address_for_superusers(admin_client, editor):
    with time_machine.travel(T0, tick=False):
        fail(editor.username, 1, HOME)
        sign_in(editor.username, "pw", OFFICE)
    success = AccessLog.objects.get(username=editor.username)
    assert (success.ip_address, success.attempt_time) == (OFFICE, T0)
    failure = AccessFailureLog.objects.get(username=editor.username)
    assert (failure.ip_address, failure.attempt_time, failure.locked_out) == (HOME, T0, False)

    page = admin_client.get(reverse("admin:staff_signin_changelist")).content.decode()
    assert "btv_khoa" in page and OFFICE in page and "25/11/2026 15:30" in page and "Địa chỉ IP" in page
    page = admin_client.get(reverse("admin:staff_failedsignin_changelist")).content.decode()
    assert "btv_khoa" in page and HOME in page


def test_nobody_but_a_superuser_reaches_the_sign_in_pages(editor):
    """Refused on the server, even to a staff member granted every permission on them, not only hidden."""
    from django.contrib.auth.models import Permission

    fail(editor.username, 5)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["staff", "axes"]))
    count = FailedSignInCount.objects.get()
    client = Client()
    client.force_login(editor)
    for name in ("signin", "failedsignin", "failedsignincount"):
        assert client.get(reverse(f"admin:staff_{name}_changelist")).status_code == 403
    assert client.get(reverse("admin:staff_failedsignincount_change", args=[count.pk])).status_code == 403
    assert client.post(reverse("admin:staff_failedsignincount_unlock", args=[count.pk])).status_code == 403
    assert client.get(reverse("admin:app_list", args=["staff"])).status_code == 404
    assert "/admin/staff/" not in client.get("/admin/").content.decode()
    assert AccessAttempt.objects.exists()  # still locked


def test_the_daily_prune_drops_sign_in_lines_past_the_days_kept(settings, editor):
    settings.NEWSROOM_LOGIN_LOG_DAYS = 30
    with time_machine.travel(T0 - timedelta(days=31), tick=False):
        sign_in(editor.username, "pw")
        fail(editor.username, 1)
    with time_machine.travel(T0, tick=False):
        sign_in(editor.username, "pw")
        fail(editor.username, 2)
        out = io.StringIO()
        call_command("prune", stdout=out)
    assert "Đã xóa 1 lần đăng nhập thành công, 1 lần đăng nhập sai quá hạn lưu." in out.getvalue()
    assert AccessLog.objects.count() == 1 and AccessFailureLog.objects.count() == 2
