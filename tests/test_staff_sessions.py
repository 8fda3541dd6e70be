"""Staff sessions end by themselves: after NEWSROOM_STAFF_IDLE_MINUTES without activity (the presence heartbeat
is not activity, autosaved typing is), after a password change (the other sessions), and when a superuser signs a
person out of every device, whatever the session backend. All through the real admin and Django's test client."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.roles import EDITOR, REPORTER
from newsroom.staff.sessions import ACTIVE_AT
from tests import factories

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 25, 15, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
IDLE_MESSAGE = "Phiên đăng nhập đã kết thúc vì không có thao tác nào trong 60 phút."
BACKENDS = [
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.signed_cookies",
]


@pytest.fixture(autouse=True)
def idle_hour(settings):
    settings.NEWSROOM_STAFF_IDLE_MINUTES = 60  # tests/settings.py turns the idle end off for the other tests


@pytest.fixture
def reporter(db):
    return factories.staff_member("pv_minh", REPORTER)


@pytest.fixture
def article(reporter):
    return factories.article(status=Article.Status.DRAFT, created_by=reporter)


def at(minutes: float):
    return time_machine.travel(T0 + timedelta(minutes=minutes), tick=False)


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def still_in(client) -> bool:
    response = client.get("/admin/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_an_idle_session_ends_and_the_login_page_says_why(reporter):
    with at(0):
        client = signed_in_client(reporter)
    with at(59):
        assert still_in(client)  # activity: the hour starts again from here
    with at(59 + 59):
        assert still_in(client)
    with at(59 + 59 + 61):
        response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    assert IDLE_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session
    with at(59 + 59 + 62):
        assert not still_in(client)  # ended on the server, not only redirected once


def test_the_presence_heartbeat_does_not_keep_an_idle_session_alive(reporter, article):
    beat = reverse("admin:articles_article_presence", args=[article.pk])
    with at(0):
        client = signed_in_client(reporter)
        assert client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200
    for minute in (0.5, 10, 30, 45, 59.5):  # a tab left open beats every 30 seconds
        with at(minute):
            assert client.post(beat).status_code == 200
    with at(61):
        assert client.post(beat).status_code == 302  # the next beat finds the session over
        assert not still_in(client)


def test_autosaved_typing_counts_as_activity(reporter, article):
    url = reverse("admin:articles_article_autosave", args=[article.pk])
    fields = {"title": article.title, "body": "<p>Đang viết dở…</p>", "section": str(article.section_id)}
    with at(0):
        client = signed_in_client(reporter)
    with at(50):
        payload = json.dumps({"fields": fields, "base_version": article.version})
        assert client.post(url, payload, content_type="application/json").status_code == 200
    with at(100):
        assert still_in(client)


def test_the_activity_stamp_is_written_at_most_about_once_a_minute(reporter):
    with at(0):
        client = signed_in_client(reporter)
        first = client.session[ACTIVE_AT]
    with at(0.5):
        assert still_in(client)
        assert client.session[ACTIVE_AT] == first  # no session write for this request
    with at(1.1):
        assert still_in(client)
        assert client.session[ACTIVE_AT] == pytest.approx(first + 66)


def test_a_password_change_ends_the_persons_other_sessions_and_keeps_this_one(reporter):
    here, elsewhere = signed_in_client(reporter), signed_in_client(reporter)
    response = here.post(
        reverse("admin:password_change"),
        {"old_password": "pw", "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    assert still_in(here)
    assert not still_in(elsewhere)


def test_a_superuser_changing_a_persons_password_ends_all_their_sessions(admin_client, reporter):
    laptop, phone = signed_in_client(reporter), signed_in_client(reporter)
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[reporter.pk]),
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert not still_in(laptop) and not still_in(phone)
    assert still_in(admin_client)


@pytest.mark.parametrize("engine", BACKENDS)
def test_a_superuser_signs_a_person_out_of_every_device(settings, engine, admin_user, reporter):
    settings.SESSION_ENGINE = engine
    superuser = signed_in_client(admin_user)
    laptop, phone = signed_in_client(reporter), signed_in_client(reporter)
    assert still_in(laptop) and still_in(phone)

    change = superuser.get(reverse("admin:auth_user_change", args=[reporter.pk])).content.decode()
    url = reverse("admin:auth_user_sign_out_everywhere", args=[reporter.pk])
    assert url in change and "Đăng xuất khỏi mọi thiết bị" in change
    assert "Đăng xuất “pv_minh” khỏi mọi thiết bị?" in superuser.get(url).content.decode()
    assert still_in(laptop)  # the question alone ends nothing
    done = superuser.post(url, follow=True)
    assert "Đã đăng xuất “pv_minh” khỏi mọi thiết bị." in done.content.decode()

    for device in (laptop, phone):
        response = device.get("/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/admin/login/")
        assert "Bạn đã được đăng xuất khỏi mọi thiết bị." in response.content.decode()
    assert still_in(superuser)
    assert still_in(signed_in_client(reporter))  # signing in again afterwards works


def test_the_sign_out_everywhere_action_on_the_user_list(admin_client, reporter):
    editor = factories.staff_member("btv_lan", EDITOR)
    devices = [signed_in_client(reporter), signed_in_client(editor)]
    listing = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Đăng xuất khỏi mọi thiết bị" in listing
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "sign_out_everywhere_action", "_selected_action": [reporter.pk, editor.pk]},
        follow=True,
    )
    assert "Đã đăng xuất 2 người khỏi mọi thiết bị." in response.content.decode()
    assert not any(still_in(device) for device in devices)


def test_only_a_superuser_may_sign_anyone_out_everywhere(reporter):
    """A staff member allowed to change accounts is still refused, on the server."""
    from django.contrib.auth.models import Permission

    manager = factories.staff_member("btv_quanly", EDITOR)
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    manager = User.objects.get(pk=manager.pk)
    client, victim = signed_in_client(manager), signed_in_client(reporter)
    url = reverse("admin:auth_user_sign_out_everywhere", args=[reporter.pk])

    assert url not in client.get(reverse("admin:auth_user_change", args=[reporter.pk])).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "sign_out_everywhere_action", "_selected_action": [reporter.pk]},
    )
    assert still_in(victim)
