"""/healthz and /readyz as a load balancer sees them: real database, real Redis, a real read-only folder, a real
S3-compatible server (moto, tests/object_storage.py) for media in a bucket."""

import os
import shutil
import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.object_storage import unique_bucket_name, use_media_storage
from tests.redis_db import TEST_REDIS_URL

REDIS_TEST_URL = TEST_REDIS_URL  # this run's own database
NOBODY = 65534


def assert_plain_uncached(response, status: int, body: bytes):
    assert response.status_code == status
    assert response.content == body
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    # no-store for browsers and proxies (nginx's proxy_cache too), private for Django's own cache middleware.
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "X-Page-Cache" not in response
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert_plain_uncached(response, 200, b"ok")
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_is_ok_with_one_query_and_leaves_nothing_in_media(client, settings, media_root):
    media_root.mkdir(parents=True)
    settings.REDIS_URL = ""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/readyz")
    assert_plain_uncached(response, 200, b"ok")
    assert [query["sql"] for query in queries.captured_queries] == ["SELECT 1"]
    assert list(media_root.iterdir()) == []


@pytest.mark.django_db
def test_readyz_checks_redis_when_configured(client, settings, media_root):
    media_root.mkdir(parents=True)
    settings.REDIS_URL = REDIS_TEST_URL
    assert_plain_uncached(client.get("/readyz"), 200, b"ok")


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: bound by us, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_readyz_is_503_when_redis_is_configured_but_down_and_says_nothing_more(client, settings, media_root, caplog):
    media_root.mkdir(parents=True)
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/7"
    response = client.get("/readyz")
    assert_plain_uncached(response, 503, b"unavailable")
    # The detail is for the server's log, not for whoever asked.
    assert "the redis check failed" in caplog.text
    assert "Connection" in caplog.text


@pytest.mark.django_db
def test_readyz_is_503_when_the_views_buffer_redis_is_down(client, settings, media_root):
    media_root.mkdir(parents=True)
    settings.REDIS_URL = ""
    settings.NEWSROOM_VIEWS_REDIS_URL = f"redis://127.0.0.1:{closed_port()}/7"
    assert client.get("/readyz").status_code == 503


@contextmanager
def unprivileged():
    """Root writes into any folder whatever its mode: the probe is made as `nobody` while running as root
    (effective uid only, given back at once), so the folder's mode decides, as for the site's own user."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def shared_media(settings):
    """A media folder `nobody` can reach (pytest's tmp_path sits under a folder only its owner may enter)."""
    parent = Path(tempfile.mkdtemp(prefix="newsroom-readyz-"))
    parent.chmod(0o755)
    folder = parent / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(parent)


@pytest.mark.django_db
def test_readyz_is_503_when_the_media_folder_is_read_only(client, settings, shared_media):
    settings.REDIS_URL = ""
    shared_media.chmod(0o777)
    with unprivileged():
        assert client.get("/readyz").status_code == 200
    shared_media.chmod(0o555)
    with unprivileged():
        response = client.get("/readyz")
    assert_plain_uncached(response, 503, b"unavailable")
    assert list(shared_media.iterdir()) == []


@pytest.mark.django_db
def test_readyz_is_503_when_the_media_folder_is_missing(client, settings, tmp_path):
    settings.REDIS_URL = ""
    settings.MEDIA_ROOT = tmp_path / "not-there"
    assert client.get("/readyz").status_code == 503


@pytest.mark.django_db
def test_health_addresses_have_no_english_edition(client):
    assert client.get("/en/healthz", follow=True).status_code == 404
    assert client.get("/en/readyz", follow=True).status_code == 404


@pytest.mark.django_db
def test_allowed_hosts_still_apply(client, settings):
    settings.ALLOWED_HOSTS = ["baodongnai.vn"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.5").status_code == 400
    assert client.get("/healthz", HTTP_HOST="baodongnai.vn").status_code == 200


# --- With media in a bucket (MEDIA_STORAGE_URL): the bucket answers, or the site is not ready --------------------


@pytest.mark.django_db
def test_readyz_asks_the_media_bucket_and_writes_nothing_into_it(client, settings, object_storage):
    settings.REDIS_URL = ""
    bucket = unique_bucket_name("readyz")
    use_media_storage(settings, object_storage.media_storage_url(bucket))
    settings.MEDIA_ROOT = "/nonexistent/newsroom-media"  # the folder is not asked any more
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/readyz")
    assert_plain_uncached(response, 200, b"ok")
    assert len(queries.captured_queries) == 1
    assert object_storage.objects(bucket) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["server down", "no such bucket"])
def test_readyz_is_503_when_the_media_bucket_does_not_answer_and_the_log_says_why(
    client, settings, object_storage, caplog, fault
):
    settings.REDIS_URL = ""
    url = object_storage.media_storage_url(unique_bucket_name("readyz"))
    if fault == "server down":
        url = url.replace(object_storage.endpoint.rsplit(":", 1)[1], str(closed_port()))
    elif fault == "no such bucket":
        url = url.replace("@readyz-", "@gone-")
    use_media_storage(settings, url)
    response = client.get("/readyz")
    assert_plain_uncached(response, 503, b"unavailable")
    assert "readyz: the media check failed" in caplog.text
    assert {"server down": "Could not connect", "no such bucket": "404"}[fault] in caplog.text
