"""The demo paper (bin/run-demo, newsroom/settings_demo.py) answers as a real paper does: its own 404 page in the
edition's language and its own 500 page, never Django's debug page; and it still serves photos and static files
without a web server in front."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

import newsroom.settings_demo as demo
from newsroom import urls as project_urls
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
# What the demo settings change from the project's settings, applied over the test settings.
DEMO_NAMES = (
    "DEBUG",
    "NEWSROOM_SERVE_MEDIA",
    "STORAGES",
    "WHITENOISE_USE_FINDERS",
    "ALLOWED_HOSTS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)
DEBUG_PAGE_MARKS = ("Traceback", "Using the URLconf", "technical_500", "DEBUG = True", "Request Method:")


def _crash(request):
    raise RuntimeError("a bug in a view")


# The project's addresses plus one that fails, for the 500 page.
urlpatterns = [path("hong/", _crash), *project_urls.urlpatterns]


@pytest.fixture
def demo_settings(settings):
    for name in DEMO_NAMES:
        setattr(settings, name, getattr(demo, name))
    return settings


@pytest.fixture
def demo_client(demo_settings):
    # A new client loads the middleware under the demo's settings (WhiteNoise reads them when it starts).
    return Client(raise_request_exception=False, SERVER_NAME="127.0.0.1")


def _assert_not_the_debug_page(page: str) -> None:
    for mark in DEBUG_PAGE_MARKS:
        assert mark not in page, mark


def test_the_demo_serves_with_debug_off():
    assert demo.DEBUG is False
    script = (ROOT / "bin" / "run-demo").read_text()
    serve_line = script.index("manage.py runserver")
    assert "DJANGO_SETTINGS_MODULE=newsroom.settings_demo" in script[:serve_line]


def test_the_demo_settings_load_and_pass_djangos_checks(tmp_path):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_demo", "DEBUG": "1"}
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    environment["SECRET_KEY"] = "demo-test-key"  # the key file in var/ is the demo's, not a test run's
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.NEWSROOM_SERVE_MEDIA)"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # DEBUG=1 left in the shell does not turn the demo into a debug site.
    assert result.stdout.split() == ["False", "True"]


def test_a_mistyped_address_is_the_papers_vietnamese_404(demo_client, section):
    response = demo_client.get("/khong-co-trang-nay/")
    page = response.content.decode()

    assert response.status_code == 404
    assert '<html lang="vi">' in page
    assert "Không tìm thấy trang" in page and "Page not found" not in page
    assert 'class="sections-nav"' in page and section.name in page
    _assert_not_the_debug_page(page)


def test_a_mistyped_address_in_the_english_edition_is_the_english_404(demo_client, section):
    response = demo_client.get("/en/no-such-page/")
    page = response.content.decode()

    assert response.status_code == 404
    assert '<html lang="en">' in page
    assert "Page not found" in page and "Không tìm thấy" not in page
    _assert_not_the_debug_page(page)


def test_an_unknown_article_is_the_papers_404(demo_client, section):
    response = demo_client.get(f"/{section.slug}/khong-co-bai-nay-999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_an_error_is_the_papers_500_page(demo_settings):
    demo_settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False, SERVER_NAME="127.0.0.1").get("/hong/")
    page = response.content.decode()

    assert response.status_code == 500
    assert "Xin lỗi, trang đang gặp sự cố" in page
    assert "a bug in a view" not in page
    _assert_not_the_debug_page(page)


def test_the_demo_serves_uploaded_photos(demo_client, section):
    photo = factories.photo(factories.article(in_section=section))

    response = demo_client.get(photo.image.url)

    assert response.status_code == 200
    with photo.image.open("rb") as file:
        assert b"".join(response.streaming_content) == file.read()


def test_a_production_server_does_not_serve_uploads_itself(demo_settings, section):
    photo = factories.photo(factories.article(in_section=section))
    demo_settings.NEWSROOM_SERVE_MEDIA = False

    assert Client(SERVER_NAME="127.0.0.1").get(photo.image.url).status_code == 404


def test_the_demo_serves_static_files_without_collectstatic(demo_client):
    response = demo_client.get("/static/css/site.css")

    assert response.status_code == 200
    assert b".article__body" in b"".join(response.streaming_content)
