"""The site's log: a flood of "Not Found" lines must not bury the warnings a person needs to read."""

import logging

import pytest
from django.test import override_settings
from django.urls import path


def _broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("hong/", _broken)]

pytestmark = pytest.mark.django_db


def test_a_missing_page_writes_no_warning_but_stays_in_the_debug_log(client, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert not [r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.WARNING]
    debug = [r for r in caplog.records if r.name == "newsroom.not_found"]
    assert [r.levelno for r in debug] == [logging.DEBUG]
    assert "/khong-co-trang-nay/" in debug[0].getMessage()


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_still_logged_as_an_error(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.get("/hong/")

    assert response.status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert len(errors) == 1 and "/hong/" in errors[0].getMessage()
