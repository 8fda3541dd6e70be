"""The staff's second factor (newsroom/staff/second_factor/): real django-otp devices, codes computed from the
device's key with django_otp.oath.totp, the clock frozen where the 30-second step or the throttle's wait matters."""

import os
import subprocess
import sys
from base64 import b32encode
from datetime import datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER
from newsroom.staff.second_factor import policy
from tests import factories

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 25, 12, 0, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # 10 s into a 30 s step

ENROL = reverse("second_factor:enrol")
VERIFY = reverse("second_factor:verify")


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.NEWSROOM_OTP_REQUIRED = True
    settings.NEWSROOM_OTP_FOR_REPORTERS = False


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def code_for(device: TOTPDevice, steps: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    near = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in near)


def person(role: str | None, username: str | None = None, **fields) -> User:
    if role is None:
        fields.setdefault("is_superuser", True)
    return factories.staff_member(username or (role or "quantri").lower().replace(" ", ""), role, **fields)


def enrolled(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name=policy.AUTHENTICATOR_NAME, confirmed=True)
    policy.new_recovery_codes(user)
    return device


def signed_in(client, user: User) -> None:
    client.force_login(user)


def verified(client, user: User) -> TOTPDevice:
    """Signed in with the password and a right code, as a person who has set up their phone."""
    device = enrolled(user)
    signed_in(client, user)
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    return device


def admin_pages(article: Article) -> list[str]:
    """Every registered model's list and add page, and the article's own pages (change, history, workflow)."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    urls += [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_correction", args=[article.pk]),
        reverse("admin:articles_article_transition", args=[article.pk, "take_down"]),
        reverse("admin:articles_article_preview_link", args=[article.pk]),
        reverse("articles:preview", args=[article.pk]),  # the staff's preview, outside /admin/
        reverse("second_factor:mine"),
        reverse("second_factor:recovery_codes"),
        reverse("second_factor:staff"),
    ]
    return urls


def json_endpoints(article: Article) -> list[str]:
    return [
        reverse("admin:articles_article_autosave", args=[article.pk]),
        reverse("admin:articles_article_autosave_discard", args=[article.pk]),
        reverse("admin:articles_article_autosave_new"),
        reverse("admin:articles_article_autosave_new_discard"),
        reverse("admin:articles_article_presence", args=[article.pk]),
    ]


@pytest.mark.parametrize("role", [EDITOR, EDITOR_IN_CHIEF, None], ids=["editor", "editor-in-chief", "superuser"])
def test_required_roles_meet_the_second_factor_on_every_admin_page(client, role):
    user = person(role)
    signed_in(client, user)
    article = factories.article(created_by=user)
    for url in admin_pages(article):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{ENROL}?next={quote(url, safe='')}", url
        assert client.post(url, {}).status_code == 302, url
    for url in json_endpoints(article):
        for response in (client.post(url, "{}", content_type="application/json"), client.get(url)):
            assert response.status_code == 403, url
            assert response["Content-Type"] == "application/json", url
            assert response.json()["error"] == "second factor required"

    enrolled(user)  # with a phone set up, the same pages ask for its code
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response["Location"] == f"{VERIFY}?next={quote('/admin/articles/article/', safe='')}"


def test_the_admin_pages_open_once_the_code_is_given(client, frozen):
    user = person(EDITOR)
    verified(client, user)
    article = factories.article(created_by=user)
    opened = 0
    for url in admin_pages(article):
        response = client.get(url)
        assert not response.get("Location", "").startswith("/admin/xac-thuc-hai-lop/"), url
        opened += response.status_code == 200
    assert opened > 10
    assert client.get(reverse("second_factor:staff")).status_code == 403  # a superuser's page


def test_reporters_are_asked_only_when_the_setting_says_so(client, settings):
    user = person(REPORTER)
    signed_in(client, user)
    assert client.get("/admin/articles/article/").status_code == 200
    settings.NEWSROOM_OTP_FOR_REPORTERS = True
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    settings.NEWSROOM_OTP_FOR_REPORTERS = False
    enrolled(user)  # a reporter who set up a phone of their own accord is asked for it
    assert client.get("/admin/articles/article/")["Location"].startswith(VERIFY)


def test_nothing_is_asked_with_the_second_factor_off(client, settings):
    settings.NEWSROOM_OTP_REQUIRED = False
    user = person(None)
    signed_in(client, user)
    enrolled(user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/articles/article/").status_code == 200


def test_the_password_step_is_the_admins_login_and_the_code_follows(client):
    user = person(EDITOR)
    enrolled(user)
    response = client.post("/admin/login/?next=/admin/articles/", {"username": user.username, "password": "pw"})
    assert response.status_code == 302 and response["Location"] == "/admin/articles/"
    response = client.get("/admin/articles/")
    assert response["Location"] == f"{VERIFY}?next={quote('/admin/articles/', safe='')}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Gõ sáu chữ số ứng dụng xác thực đang hiện" in page.text


def test_enrolment_with_a_wrong_then_a_right_code(client, frozen):
    user = person(EDITOR)
    signed_in(client, user)
    page = client.get(f"{ENROL}?next=/admin/articles/article/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert "<svg" in page.text and 'class="qr"' in page.text  # drawn here, inline
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page.text
    assert "style=" not in page.text.split('id="content-main"')[1]
    assert "<script>" not in page.text
    assert client.get(ENROL).context["secret"] == page.context["secret"]  # a reload keeps the same key

    wrong = client.post(ENROL, {"code": wrong_code_for(device), "next": "/admin/articles/article/"})
    assert wrong.status_code == 200
    assert "Mã không đúng." in wrong.text
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302

    frozen.shift(timedelta(seconds=2))  # past the throttle's one-second wait after one wrong code
    right = client.post(ENROL, {"code": code_for(device), "next": "/admin/articles/article/"})
    assert right.status_code == 302
    codes_url = reverse("second_factor:recovery_codes")
    assert right["Location"] == f"{codes_url}?next={quote('/admin/articles/article/', safe='')}"
    assert TOTPDevice.objects.get(user=user).confirmed

    codes_page = client.get(right["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    for code in codes:
        assert code in codes_page.text
    assert 'href="/admin/articles/article/"' in codes_page.text
    assert client.get(right["Location"]).context["codes"] == []  # shown once
    assert client.get("/admin/articles/article/").status_code == 200


def test_a_person_with_a_phone_cannot_enrol_another_with_the_password_alone(client):
    user = person(EDITOR)
    device = enrolled(user)
    signed_in(client, user)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_moving_to_another_phone_replaces_the_old_one(client, frozen):
    user = person(EDITOR_IN_CHIEF)
    old = verified(client, user)
    client.get(ENROL)
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    frozen.shift(timedelta(seconds=30))
    assert client.post(ENROL, {"code": code_for(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_a_recovery_code_works_once(client):
    user = person(EDITOR)
    enrolled(user)
    code = StaticToken.objects.filter(device__user=user).first().token
    signed_in(client, user)
    response = client.post(VERIFY, {"code": code.upper(), "next": "/admin/articles/article/"})
    assert response.status_code == 302 and response["Location"] == "/admin/articles/article/"
    page = client.get("/admin/articles/article/")
    assert page.status_code == 200
    assert "còn lại 9 mã" in page.text

    client.logout()
    signed_in(client, user)
    again = client.post(VERIFY, {"code": code, "next": "/admin/"})
    assert again.status_code == 200
    assert "Mã không đúng." in again.text
    assert client.get("/admin/").status_code == 302


def test_new_recovery_codes_end_the_old_ones(client, frozen):
    user = person(EDITOR)
    verified(client, user)
    old = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    response = client.post(reverse("second_factor:new_recovery_codes"), {"next": reverse("second_factor:mine")})
    new = client.get(response["Location"]).context["codes"]
    assert len(new) == 10 and not old & set(new)
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)


def test_wrong_codes_are_throttled(client, frozen):
    user = person(EDITOR)
    device = enrolled(user)
    signed_in(client, user)
    first = client.post(VERIFY, {"code": wrong_code_for(device)})
    assert "Mã không đúng." in first.text
    # At once, even the right code waits: django-otp's throttle after one failure is one second.
    hurried = client.post(VERIFY, {"code": code_for(device)})
    assert hurried.status_code == 200
    assert "Bạn đã nhập sai quá nhiều lần. Hãy chờ 1 giây rồi thử lại." in hurried.text
    frozen.shift(timedelta(seconds=1.5))
    assert "Mã không đúng." in client.post(VERIFY, {"code": wrong_code_for(device)}).text
    assert "Hãy chờ 2 giây" in client.post(VERIFY, {"code": code_for(device)}).text
    frozen.shift(timedelta(seconds=2.5))
    client.post(VERIFY, {"code": wrong_code_for(device)})
    assert "Hãy chờ 4 giây" in client.post(VERIFY, {"code": code_for(device)}).text
    device.refresh_from_db()
    assert device.throttling_failure_count == 3
    frozen.shift(timedelta(seconds=4.5))
    assert client.post(VERIFY, {"code": code_for(device), "next": "/admin/"}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_superuser_resets_a_lost_phone(client, frozen):
    editor = person(EDITOR, "bientapvien")
    from django.test import Client

    editor_client = Client()
    verified(editor_client, editor)
    assert editor_client.get("/admin/").status_code == 200

    boss = person(None, "quantri")
    verified(client, boss)
    staff_page = client.get(reverse("second_factor:staff"))
    assert staff_page.status_code == 200
    reset_url = reverse("second_factor:reset", args=[editor.pk])
    assert reset_url in staff_page.text
    assert "Đặt lại xác thực hai lớp của" in client.get(reset_url).text
    response = client.post(reset_url)
    assert response.status_code == 302
    assert "Đã đặt lại xác thực hai lớp của" in client.get(response["Location"]).text
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    # The editor's verified session is verified no more: they set up a phone again.
    assert editor_client.get("/admin/")["Location"].startswith(ENROL)


def test_only_a_superuser_may_reset(client, frozen):
    victim = person(EDITOR, "bientapvien")
    enrolled(victim)
    chief = person(EDITOR_IN_CHIEF, "tongbientap")
    verified(client, chief)
    reset_url = reverse("second_factor:reset", args=[victim.pk])
    assert client.get(reset_url).status_code == 403
    assert client.post(reset_url).status_code == 403
    assert client.get(reverse("second_factor:staff")).status_code == 403
    assert TOTPDevice.objects.filter(user=victim).exists()


def test_next_to_another_site_is_refused(client, frozen):
    user = person(EDITOR)
    device = enrolled(user)
    signed_in(client, user)
    for outside in ("https://evil.example/", "//evil.example/admin/", "/\\evil.example"):
        frozen.shift(timedelta(seconds=31))
        response = client.post(VERIFY, {"code": code_for(device), "next": outside})
        assert response.status_code == 302
        assert response["Location"] == "/admin/", outside
        client.logout()
        signed_in(client, user)


def test_django_otps_own_device_pages_are_not_in_the_admin(client, frozen):
    verified(client, person(None))
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
    assert "otp_totp" not in client.get("/admin/").text


def test_own_page_shows_the_state_and_the_codes_left(client, frozen):
    user = person(EDITOR)
    verified(client, user)
    page = client.get(reverse("second_factor:mine"))
    assert page.status_code == 200
    assert "Tài khoản của bạn đã bật xác thực hai lớp từ 25/11/2026 12:00" in page.text
    assert "Bạn còn 10 mã dự phòng." in page.text


@pytest.mark.parametrize(
    ("module", "environ", "expected"),
    [
        ("newsroom.settings", {"DEBUG": "0"}, "True False"),  # production: on
        ("newsroom.settings", {"DEBUG": "1"}, "False False"),  # a developer's machine: off
        ("newsroom.settings", {"DEBUG": "0", "NEWSROOM_OTP_FOR_REPORTERS": "yes"}, "True True"),
        ("newsroom.settings_demo", {"DEBUG": "1"}, "True False"),  # the demo asks as production does
        ("newsroom.settings_demo", {"NEWSROOM_OTP_REQUIRED": "0"}, "False False"),
    ],
)
def test_the_second_factor_is_on_wherever_debug_is_off_and_in_the_demo(module, environ, expected, tmp_path):
    code = f"import {module} as s; print(s.NEWSROOM_OTP_REQUIRED, s.NEWSROOM_OTP_FOR_REPORTERS)"
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": "x", "NEWSROOM_CACHE_DIR": str(tmp_path), **environ}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == expected, result.stderr


def test_recovery_codes_alone_still_let_a_person_in(client):
    """Someone whose authenticator is gone but who holds recovery codes is asked for one, not sent to enrol
    (which would let whoever has the password put a phone of their own in its place)."""
    user = person(EDITOR)
    codes = policy.new_recovery_codes(user)
    signed_in(client, user)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": codes[3], "next": "/admin/"})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_server_resets_the_only_superuser_who_lost_their_phone(client, frozen):
    """No superuser left to reset anyone in the admin: the IT person does it on the server."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    boss = person(None, "quantri")
    verified(client, boss)
    out = StringIO()
    call_command("reset_second_factor", "quantri", stdout=out)
    assert "Đã đặt lại xác thực hai lớp của quantri (2 thiết bị đã xóa)" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=boss).exists()
    assert client.get("/admin/")["Location"].startswith(ENROL)
    with pytest.raises(CommandError, match="Không có tài khoản tên 'khong-co'"):
        call_command("reset_second_factor", "khong-co")
