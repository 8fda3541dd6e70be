"""Media in an S3-compatible bucket (MEDIA_STORAGE_URL, newsroom/media_storage.py), against a real server: moto's,
started once for the session on 127.0.0.1 (tests/object_storage.py). An upload through the real admin, the
renditions a public page asks for, the addresses pages print (NEWSROOM_MEDIA_URL, a CDN host) and the
Content-Security-Policy that lets the browser load them; renditions made once when two processes ask at once.
Backup and restore of the bucket: tests/test_backup.py; /readyz with a bucket: tests/test_health.py."""

import io
import json
import logging
import os
import re
import subprocess
import sys
import threading
from types import SimpleNamespace
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from PIL import Image

from articles import images
from articles.models import Article, Photo
from newsroom.media_storage import media_settings
from tests import factories
from tests.object_storage import unique_bucket_name, use_media_storage
from tests.servers import PROJECT, free_port
from tests.test_images import camera_jpeg

CDN = "https://cdn.baodongnai.example/media/"
SECRET = "abc/def+ghi"
URL = f"s3://KEY:{quote(SECRET, safe='')}@anh-bao?endpoint_url=https://s3.example.vn&region_name=ap-southeast-1"


# --- The settings ---------------------------------------------------------------------------------------------


def test_unset_keeps_the_local_folder_and_the_sites_own_media_address():
    assert media_settings("", "", default_media_url="/media/") == (
        {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "/media/",
        [],
    )


def test_a_bucket_url_gives_s3_storage_with_plain_urls_that_never_overwrite():
    url = URL + "&addressing_style=path&location=/bao/"
    storage, media_url, sources = media_settings(url, "", default_media_url="/m/")
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "newsroom.media_bucket.MediaBucketStorage"
    assert (options["bucket_name"], options["access_key"], options["secret_key"]) == ("anh-bao", "KEY", SECRET)
    assert (options["endpoint_url"], options["region_name"]) == ("https://s3.example.vn", "ap-southeast-1")
    assert (options["addressing_style"], options["location"]) == ("path", "bao")
    assert options["file_overwrite"] is False and options["querystring_auth"] is False
    # Without a CDN, pages' images come from the bucket's own server.
    assert media_url == "/m/" and sources == ["https://s3.example.vn"]


def test_a_public_media_url_is_the_address_of_every_photo_and_an_image_source():
    storage, media_url, sources = media_settings(URL, CDN, default_media_url="/media/")
    assert (storage["OPTIONS"]["custom_domain"], storage["OPTIONS"]["url_protocol"]) == (
        "cdn.baodongnai.example/media",
        "https:",
    )
    assert media_url == CDN and sources == ["https://cdn.baodongnai.example"]
    # With the local folder too: a CDN that fetches from the site's own /media/.
    assert media_settings("", CDN, default_media_url="/media/")[1:] == (CDN, ["https://cdn.baodongnai.example"])


def test_credentials_may_come_from_boto3s_own_chain():
    options = media_settings("s3://anh-bao", "", default_media_url="/media/")[0]["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert media_settings("s3://anh-bao", "", default_media_url="/media/")[2] == [
        "https://amazonaws.com",
        "https://*.amazonaws.com",
    ]


@pytest.mark.parametrize(
    ("storage_url", "public_url", "variable", "says"),
    [
        ("https://anh-bao", "", "MEDIA_STORAGE_URL", "scheme must be s3"),
        ("s3://", "", "MEDIA_STORAGE_URL", "not a bucket name"),
        ("s3://Anh_Bao", "", "MEDIA_STORAGE_URL", "not a bucket name"),
        ("s3://KEY@anh-bao", "", "MEDIA_STORAGE_URL", "both the access key and the secret"),
        ("s3://anh-bao/anh", "", "MEDIA_STORAGE_URL", "location="),
        ("s3://anh-bao?region=x", "", "MEDIA_STORAGE_URL", "unknown parameter 'region'"),
        ("s3://anh-bao?location=a&location=b", "", "MEDIA_STORAGE_URL", "given twice"),
        ("s3://anh-bao?endpoint_url=s3.example.vn", "", "MEDIA_STORAGE_URL", "endpoint_url must be"),
        ("s3://anh-bao?addressing_style=dns", "", "MEDIA_STORAGE_URL", "addressing_style must be"),
        ("", "cdn.example.vn/media/", "NEWSROOM_MEDIA_URL", "absolute http"),
        ("", "https://cdn.example.vn/?v=1", "NEWSROOM_MEDIA_URL", "no user, ?query"),
    ],
)
def test_a_malformed_setting_is_refused_naming_the_variable_and_never_the_secret(
    storage_url, public_url, variable, says
):
    storage_url = storage_url.replace("s3://KEY@", f"s3://KEY{quote(SECRET, safe='')}@")
    with pytest.raises(ImproperlyConfigured) as refused:
        media_settings(storage_url, public_url, default_media_url="/media/")
    message = str(refused.value)
    assert message.startswith(f"{variable} is malformed") and says in message
    assert "abc" not in message


def test_the_settings_module_reads_both_variables():
    """What newsroom/settings.py makes of the environment, in a process of its own (settings read it once)."""
    code = (
        "from django.conf import settings as s; import json; "
        "print(json.dumps([s.STORAGES['default']['BACKEND'], s.MEDIA_URL, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "x",
        "MEDIA_STORAGE_URL": URL,
        "NEWSROOM_MEDIA_URL": CDN,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "newsroom.media_bucket.MediaBucketStorage",
        CDN,
        ["'self'", "https://cdn.baodongnai.example"],
    ]
    bad = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT,
        env={**env, "MEDIA_STORAGE_URL": "s3:/anh-bao"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode != 0 and "MEDIA_STORAGE_URL is malformed" in bad.stderr


# --- Against the bucket ---------------------------------------------------------------------------------------


@pytest.fixture
def bucket(object_storage, settings):
    """A bucket of the test's own as the site's media store, its photos addressed through the CDN host."""
    name = unique_bucket_name("media")
    url = object_storage.media_storage_url(name)
    use_media_storage(settings, url, CDN)
    client = object_storage.client()
    return SimpleNamespace(name=name, url=url, objects=lambda: object_storage.objects(name), client=client)


def assert_no_metadata(data: bytes, name: str) -> None:
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif(), f"{name} still has EXIF"
        assert not {"exif", "xmp", "comment"} & set(image.info), f"{name} still has metadata"
    assert b"Exif\x00" not in data and b"Canon" not in data and b"Bien Hoa" not in data


@pytest.mark.django_db
def test_a_photo_uploaded_through_the_admin_lands_in_the_bucket_stripped_and_pages_show_it_from_the_cdn(
    bucket, staff_client, staff_user
):
    article = factories.article(status=Article.Status.DRAFT, created_by=staff_user, body="<p>Một.</p><p>Hai.</p>")
    upload = SimpleUploadedFile("hien-truong.jpg", camera_jpeg(size=(1200, 800)), content_type="image/jpeg")
    data = factories.change_form_data(article, photos=[{"image": upload, "caption": "Hiện trường", "alt_text": "Cầu"}])

    response = staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    photo = article.photos.get()
    assert (photo.width, photo.height) == (1200, 800)
    stored = bucket.objects()
    assert list(stored) == [photo.image.name] and photo.image.name.startswith("photos/")
    assert_no_metadata(stored[photo.image.name], photo.image.name)  # GPS above all

    factories.move(article, "submit", "publish")
    page_response = staff_client.get(article.get_absolute_url())
    page = page_response.content.decode()

    renditions = {name: data for name, data in bucket.objects().items() if name.startswith("renditions/")}
    assert {name.rsplit("-", 1)[-1] for name in renditions} == {
        "320w.jpg", "640w.jpg", "1024w.jpg", "1200w.jpg", "320w.webp", "640w.webp", "1024w.webp", "1200w.webp",
    } | {"jpg.json"}  # fmt: skip
    for name, data in renditions.items():
        if not name.endswith(".json"):
            assert_no_metadata(data, name)
    # Every image address of the page is on the CDN host, and each names a rendition that is in the bucket.
    addresses = re.findall(r'(?:src|srcset)="([^"]+)"', page)
    photo_urls = [url for value in addresses for url in re.findall(r"(\S+\.(?:jpg|webp))", value)]
    assert photo_urls and all(url.startswith(f"{CDN}renditions/photos/") for url in photo_urls)
    assert {url.removeprefix(CDN) for url in photo_urls} <= set(renditions)
    assert photo.image.url not in page  # the original is never given out
    # The browser may load them: the CDN host is an image source of the page's policy.
    img_src = re.search(r"img-src ([^;]+)", page_response["Content-Security-Policy"]).group(1).split()
    assert img_src == ["'self'", "https://cdn.baodongnai.example"]
    # Sharing sites get the absolute address as it is, not the site's origin glued before it.
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert og_image.startswith(f"{CDN}renditions/photos/") and og_image.endswith("w.jpg")
    # And feed readers the same address, with the rendition's size read from the bucket.
    feed = ElementTree.fromstring(staff_client.get("/rss/").content)  # noqa: S314 - the site's own response
    enclosure = feed.find("channel/item/enclosure")
    assert enclosure.get("url") == og_image
    assert int(enclosure.get("length")) == len(renditions[og_image.removeprefix(CDN)])


@pytest.mark.django_db
def test_an_upload_refused_by_its_content_leaves_nothing_in_the_bucket(bucket, staff_client, staff_user):
    article = factories.article(status=Article.Status.DRAFT, created_by=staff_user)
    fake = SimpleUploadedFile("anh-that.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    data = factories.change_form_data(article, photos=[{"image": fake, "caption": "Giả", "alt_text": "Giả"}])

    response = staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["image"]
    assert bucket.objects() == {} and not article.photos.exists()


@pytest.mark.django_db
def test_two_uploads_of_the_same_name_never_replace_each_other(bucket):
    article = factories.article()
    first = Photo.objects.create(article=article, image=ContentFile(factories.image_bytes(color=(200, 0, 0)), "a.jpg"))
    second = Photo.objects.create(article=article, image=ContentFile(factories.image_bytes(color=(0, 200, 0)), "a.jpg"))
    assert first.image.name != second.image.name
    stored = bucket.objects()
    assert len(stored) == 2 and stored[first.image.name] != stored[second.image.name]

    # Two servers saving one name in the same moment both find it free: the write itself then tells them apart.
    storage = default_storage._wrapped
    taken = storage._save(first.image.name, ContentFile(b"a later upload"))
    assert taken != first.image.name and re.fullmatch(r"photos/\d{4}/\d{2}/a_\w{7}\.jpg", taken)
    assert bucket.objects()[first.image.name] == stored[first.image.name]


def _count_writes(client, bucket_name: str) -> dict[str, int]:
    """How many times each key was written: the bucket keeps every version."""
    versions = client.list_object_versions(Bucket=bucket_name).get("Versions", [])
    counts: dict[str, int] = {}
    for version in versions:
        counts[version["Key"]] = counts.get(version["Key"], 0) + 1
    return counts


def _versioned_original(bucket, name: str) -> None:
    bucket.client.put_bucket_versioning(Bucket=bucket.name, VersioningConfiguration={"Status": "Enabled"})
    bucket.client.put_object(Bucket=bucket.name, Key=name, Body=camera_jpeg(size=(700, 500)))


def _assert_each_written_once(bucket, original: str) -> None:
    writes = _count_writes(bucket.client, bucket.name)
    made = {name for name in writes if name.startswith("renditions/")}
    expected = {images.rendition_name(original, width, fmt) for width in (320, 640, 700) for fmt in ("jpg", "webp")}
    assert made == expected | {images.manifest_name(original)}
    assert set(writes.values()) == {1}, writes


@pytest.mark.django_db
def test_threads_asking_at_once_make_the_renditions_once(bucket):
    """Within one server (and on SQLite, where the cache holds the lock): eight readers of a new photo at once."""
    original = "photos/2026/12/cung-luc.jpg"
    _versioned_original(bucket, original)
    photo = SimpleNamespace(image=SimpleNamespace(name=original))
    start, sizes = threading.Barrier(8), []

    def reader():
        try:
            start.wait()
            renditions = images.photo_renditions(photo)
            sizes.append((renditions.width, renditions.height))
        finally:
            connections.close_all()

    readers = [threading.Thread(target=reader) for _ in range(8)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()

    assert sizes == [(700, 500)] * 8
    _assert_each_written_once(bucket, original)


@pytest.mark.django_db
def test_the_making_lock_is_held_by_one_at_a_time():
    """PostgreSQL: an advisory lock, the process's threads counting as one; SQLite: the cache's entry."""
    first, second = images.MakingLock("photos/a.jpg", "k-a"), images.MakingLock("photos/a.jpg", "k-a")
    other = images.MakingLock("photos/b.jpg", "k-b")
    try:
        assert first.acquire()
        assert first.held_by == ("database" if connection.vendor == "postgresql" else "cache")
        answers = []
        thread = threading.Thread(target=lambda: (answers.append(second.acquire()), connections.close_all()))
        thread.start()
        thread.join()
        assert answers == [False]
        assert other.acquire()
        first.release()
        other.release()
        assert second.acquire()
        second.release()
    finally:
        first.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="servers share PostgreSQL's advisory locks")
@pytest.mark.django_db
def test_the_making_lock_held_by_another_server_is_seen_here():
    import psycopg

    lock = images.MakingLock("photos/c.jpg", "k-c")
    elsewhere = psycopg.connect(**connection.get_connection_params(), autocommit=True)  # another server's session
    try:
        assert elsewhere.execute("SELECT pg_try_advisory_lock(%s)", [lock.advisory_key]).fetchone()[0]
        assert not lock.acquire()
        elsewhere.execute("SELECT pg_advisory_unlock(%s)", [lock.advisory_key])
        assert lock.acquire()
        assert not elsewhere.execute("SELECT pg_try_advisory_lock(%s)", [lock.advisory_key]).fetchone()[0]
        lock.release()
    finally:
        lock.close()
        elsewhere.close()


# Two app servers: processes of their own, with no cache in common (no Redis), sharing the database and the bucket.
CHILD = """
import json, sys, types
import django
django.setup()
from articles import images
photo = types.SimpleNamespace(image=types.SimpleNamespace(name=sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
renditions = images.photo_renditions(photo)
print(json.dumps([renditions.width, renditions.height]), flush=True)
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="servers share PostgreSQL's advisory locks")
@pytest.mark.django_db
def test_two_servers_asking_at_once_make_the_renditions_once(bucket, tmp_path):
    original = "photos/2026/12/hai-may.jpg"
    _versioned_original(bucket, original)
    database = connection.settings_dict
    database_url = (
        f"postgres://{quote(database['USER'] or 'postgres')}:{quote(database['PASSWORD'] or '')}"
        f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "x",
        "DATABASE_URL": database_url,
        "MEDIA_STORAGE_URL": bucket.url,
        "NEWSROOM_CACHE_DIR": str(tmp_path / "cache"),
    }
    servers = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, original],
            cwd=PROJECT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for server in servers:
            assert server.stdout.readline().strip() == "ready", server.stderr.read()
        for server in servers:  # both asked at once
            server.stdin.write("go\n")
            server.stdin.flush()
        answers = [json.loads(server.stdout.readline() or "null") for server in servers]
        assert answers == [[700, 500], [700, 500]], [server.stderr.read() for server in servers]
    finally:
        for server in servers:
            server.kill()
            server.wait()
    _assert_each_written_once(bucket, original)


@pytest.mark.django_db
def test_a_bucket_that_is_down_breaks_no_page(settings, client, caplog):
    use_media_storage(settings, f"s3://k:s@down-bucket?endpoint_url=http://127.0.0.1:{free_port()}", CDN)
    article = factories.article()
    photo = Photo.objects.create(
        article=article, image="photos/2026/12/da-co.jpg", width=800, height=600, caption="Ảnh", alt_text="x"
    )

    with caplog.at_level(logging.WARNING, logger="articles.images"):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert f'src="{CDN}{photo.image.name}"' in response.content.decode()  # the plain fallback, from the CDN
    assert any(photo.image.name in message for message in caplog.messages)
    assert urlsplit(photo.image.url).netloc == "cdn.baodongnai.example"


@pytest.mark.django_db
def test_a_save_with_a_new_photo_while_the_bucket_is_down_is_refused_and_keeps_what_was_typed(
    settings, staff_client, staff_user, caplog
):
    use_media_storage(settings, f"s3://k:s@down-bucket?endpoint_url=http://127.0.0.1:{free_port()}", CDN)
    article = factories.article(status=Article.Status.DRAFT, created_by=staff_user, title="Bản nháp cũ")
    upload = SimpleUploadedFile("hien-truong.jpg", camera_jpeg(), content_type="image/jpeg")
    data = factories.change_form_data(
        article,
        title="Tiêu đề phóng viên vừa gõ",
        sapo="Sa-pô vừa viết xong",
        photos=[{"image": upload, "caption": "Chú thích vừa gõ", "alt_text": "Cầu"}],
    )

    with caplog.at_level(logging.ERROR, logger="articles.forms"):
        response = staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    # Not a server error: the form again, saying why, with every word that was typed on it.
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kho ảnh đang không trả lời nên chưa lưu được ảnh này" in page
    assert "Chọn lại ảnh" in page or "chọn lại ảnh" in page
    for typed in ("Tiêu đề phóng viên vừa gõ", "Sa-pô vừa viết xong", "Chú thích vừa gõ"):
        assert typed in page
    article.refresh_from_db()
    assert article.title == "Bản nháp cũ" and not article.photos.exists()  # nothing half-saved
    assert any("did not answer a photo upload" in message for message in caplog.messages)
