"""The security headers of every response (newsroom/security_headers.py and the settings beside it): public pages,
cached pages, the admin, the 404 page and the media the application serves; and media never served as a page.

What the browser makes of the policy is tested in tests/e2e/test_content_security_policy.py."""

import re

import pytest
from django.test import Client
from django.urls import path

from articles.roles import EDITOR
from newsroom import urls as project_urls
from tests import factories

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "interest-cohort")


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";"))


def _assert_secure_headers(response, *, nonce: bool = False, page: bool = True) -> None:
    directives = _directives(response)
    script_src = directives.pop("script-src")
    if nonce:
        assert script_src.startswith("'self' 'nonce-") and script_src.endswith("'")
    else:
        assert script_src == "'self'"
    assert directives == {name: value for name, value in POLICY.items() if name != "script-src"}
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    if page:  # frame-ancestors says it for every response; the older header is sent with Django's pages
        assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in DENIED_FEATURES:
        assert features[feature] == "()", feature
    # The copy-link button and the phone's share sheet are the site's own to use.
    assert "clipboard-write" not in features and "web-share" not in features


@pytest.fixture
def published():
    section = factories.section(name="Giao thông", slug="giao-thong")
    article = factories.article(title="Cầu Hóa An mới thông xe", in_section=section)
    article.tags.add("Giao thông")
    factories.photo(article)
    return article


@pytest.mark.parametrize(
    "address",
    ["/", "/giao-thong/", "ARTICLE", "/the/giao-thong/", "/tim-kiem/?q=cau", "/xem-nhieu/", "/en/", "/rss/"],
)
def test_public_pages_carry_the_policy_and_no_nonce(client, published, address):
    response = client.get(published.get_absolute_url() if address == "ARTICLE" else address)
    assert response.status_code == 200
    _assert_secure_headers(response)
    assert b"nonce" not in response.content


def test_public_pages_run_no_inline_script_and_carry_no_style_attribute(client, published):
    for address in ("/", published.get_absolute_url(), "/khong-co-trang-nay/"):
        page = client.get(address).content.decode()
        for script in page.split("<script")[1:]:
            opening, _rest = script.split(">", 1)
            # External files, or data the browser never runs (the article's JSON-LD).
            assert " src=" in opening or 'type="application/ld+json"' in opening, (address, opening)
        assert " style=" not in page and "<style" not in page, address
        assert not INLINE_HANDLER.search(page), (address, INLINE_HANDLER.search(page))


def test_the_404_page_carries_the_headers(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    _assert_secure_headers(response)


def test_a_cached_page_is_served_with_the_same_headers_and_no_nonce(client, settings, published):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 120
    address = published.get_absolute_url()
    first, second = client.get(address), client.get(address)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for response in (first, second):
        _assert_secure_headers(response)
    names = ("Content-Security-Policy", "Referrer-Policy", "Permissions-Policy", "X-Content-Type-Options")
    assert [first[name] for name in names] == [second[name] for name in names]
    assert second.content == first.content and b"nonce" not in second.content


def test_a_public_page_asking_for_a_nonce_is_refused(rf):
    from csp.exceptions import CSPNonceError

    from newsroom.security_headers import ContentSecurityPolicyMiddleware

    request = rf.get("/")
    ContentSecurityPolicyMiddleware(lambda request: None).process_request(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_admin_pages_carry_the_policy_and_the_body_editor_s_import_map_its_nonce(client, published):
    client.force_login(factories.staff_member("btv_headers", EDITOR))
    # Pages without the body editor need no nonce, and get none.
    for address in ("/admin/", "/admin/articles/article/", f"/admin/articles/article/{published.pk}/history/"):
        _assert_secure_headers(client.get(address))

    for address in ("/admin/articles/article/add/", f"/admin/articles/article/{published.pk}/change/"):
        response = client.get(address)
        assert response.status_code == 200
        _assert_secure_headers(response, nonce=True)
        nonce = _directives(response)["script-src"].removeprefix("'self' 'nonce-").removesuffix("'")
        page = response.content.decode()
        assert f'<script type="importmap" nonce="{nonce}">' in page
        assert " style=" not in page and "<style" not in page
    # A nonce is made for each response, never reused.
    again = client.get(f"/admin/articles/article/{published.pk}/change/")
    assert _directives(again)["script-src"] != _directives(response)["script-src"]


def test_the_admin_login_page_carries_the_headers(client):
    _assert_secure_headers(client.get("/admin/login/"))


# --- media the application serves (the demo, a developer's machine) -----------------------------------


@pytest.fixture
def serving_media(settings):
    settings.NEWSROOM_SERVE_MEDIA = True
    return settings.MEDIA_ROOT


def _plant(media_root, name: str, content: bytes):
    path = media_root / "photos" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"/media/photos/{name}"


def test_a_photo_is_served_as_the_image_it_is_with_nosniff(serving_media, published):
    photo = published.photos.get()
    response = Client().get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    _assert_secure_headers(response)
    with photo.image.open("rb") as file:
        assert b"".join(response.streaming_content) == file.read()


@pytest.mark.parametrize(("name", "content_type"), [("anh.PNG", "image/png"), ("anh.webp", "image/webp")])
def test_each_photo_type_has_its_fixed_type(serving_media, name, content_type):
    image_format = "PNG" if name.lower().endswith(".png") else "WEBP"
    response = Client().get(_plant(serving_media, name, factories.image_bytes(image_format=image_format)))
    assert response["Content-Type"] == content_type


@pytest.mark.parametrize(
    "name",
    ["trang.html", "trang.htm", "hinh.svg", "hinh.svgz", "trang.xhtml", "du-lieu.json", "khong-duoi", "a.jpg.html"],
)
def test_anything_else_in_media_is_a_download_never_a_page(serving_media, name):
    script = b"<html><body><script>alert(document.cookie)</script></body></html>"
    if name.startswith("hinh"):
        script = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    response = Client().get(_plant(serving_media, name, script))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert not response.has_header("Content-Encoding")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == script  # handed over as it is, never rendered


def test_a_revalidated_photo_is_still_not_modified(serving_media, published):
    photo = published.photos.get()
    first = Client().get(photo.image.url)
    again = Client().get(photo.image.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_media_are_not_served_by_the_application_in_production(settings, published):
    settings.NEWSROOM_SERVE_MEDIA = False
    assert Client().get(published.photos.get().image.url).status_code == 404


def test_static_files_carry_nosniff_and_the_policy(settings):
    # Served from the source folders, as in the demo (production's collectstatic is no part of a test run).
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get("/static/js/beacon.js")  # a new client: WhiteNoise reads its settings at start
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    _assert_secure_headers(response, page=False)


def _crash(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("hong/", _crash), *project_urls.urlpatterns]


def test_the_500_page_carries_the_headers_and_styles_itself_from_a_file(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/hong/")
    assert response.status_code == 500
    _assert_secure_headers(response)
    page = response.content.decode()
    assert "<style" not in page and " style=" not in page
    assert '<link rel="stylesheet" href="/static/css/error.css">' in page


@pytest.mark.parametrize(("uploaded_as", "stored_as"), [("anh.html", ".jpg"), ("anh.svg", ".jpg"), ("anh", ".jpg")])
def test_a_photo_uploaded_under_another_name_is_stored_and_shown_as_the_image_it_is(
    serving_media, uploaded_as, stored_as
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Photo

    article = factories.article(title="Ảnh mang tên lạ")
    upload = SimpleUploadedFile(uploaded_as, factories.image_bytes(), content_type="text/html")
    photo = Photo.objects.create(article=article, image=upload, caption="Ảnh", alt_text="Ảnh")
    assert photo.image.name.endswith(stored_as)
    response = Client().get(photo.image.url)
    assert response["Content-Type"] == "image/jpeg"
