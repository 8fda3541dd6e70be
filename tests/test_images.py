"""Photo renditions: sizes and formats, EXIF orientation applied, every piece of metadata (GPS above
all) gone from what is served, the `<picture>` markup of the pages, and the make_renditions command."""

import io
import logging
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from PIL import ExifTags, Image, ImageCms, ImageSequence

from articles import images
from articles.models import Photo
from tests import caches, factories

pytestmark = pytest.mark.django_db

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (10.0, 57.0, 12.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (106.0, 50.0, 3.25),
}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description photoshop:City="Bien Hoa"/></rdf:RDF></x:xmpmeta>'


def camera_jpeg(size=(1200, 800), orientation: int = 1, *, with_gps: bool = True) -> bytes:
    """A JPEG as a phone writes it: EXIF with the camera, the GPS position and an orientation, XMP, a
    comment. Its top-left corner (as stored, before any turning) is red, the rest blue."""
    image = Image.new("RGB", size, (20, 60, 200))
    image.paste((230, 10, 10), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS R6"
    exif[ExifTags.Base.Orientation] = orientation
    if with_gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, xmp=XMP, comment=b"Nguon: anh chup tai hien truong")
    return buffer.getvalue()


def make_photo(article, data: bytes, name: str = "anh.jpg", **fields) -> Photo:
    fields.setdefault("caption", "Ảnh")
    return Photo.objects.create(article=article, image=ContentFile(data, name=name), **fields)


def stored(media_root, name: str) -> Path:
    return Path(media_root) / name


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    with Image.open(path) as image:
        assert not image.getexif(), f"{path.name} still has EXIF"
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
            assert key not in image.info, f"{path.name} still has {key}"
    assert b"Exif\x00" not in data
    assert b"ns.adobe.com/xap" not in data and b"Bien Hoa" not in data
    assert b"Canon" not in data and b"hien truong" not in data


def rendition_files(media_root) -> list[Path]:
    return sorted(p for p in (Path(media_root) / "renditions").rglob("*") if p.suffix in (".jpg", ".webp"))


# --- Sizes and formats ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (3000, [320, 640, 1024, 1600]),
        (1600, [320, 640, 1024, 1600]),
        (1200, [320, 640, 1024, 1200]),
        (640, [320, 640]),
        (500, [320, 500]),
        (64, [64]),
    ],
)
def test_widths_are_never_wider_than_the_original_and_always_include_its_own_capped_at_1600(width, expected):
    assert images.rendition_widths(width) == expected


def test_rendition_names_follow_from_the_original_name():
    assert images.rendition_name("photos/2026/11/anh.jpg", 640, "webp") == "renditions/photos/2026/11/anh-jpg-640w.webp"
    assert images.rendition_name("photos/2026/11/anh.png", 640, "jpg") == "renditions/photos/2026/11/anh-png-640w.jpg"
    with pytest.raises(ValueError):
        images.rendition_name("photos/anh.jpg", 640, "gif")


def test_renditions_are_made_at_each_width_in_webp_and_jpeg_and_never_upscaled(media_root):
    photo = make_photo(factories.article(), factories.image_bytes(size=(1200, 800)))

    report = images.make_renditions(photo.image.name)

    assert (report.renditions.width, report.renditions.height) == (1200, 800)
    expected = {(w, round(800 * w / 1200)) for w in (320, 640, 1024, 1200)}
    for fmt, pil_format in (("webp", "WEBP"), ("jpg", "JPEG")):
        sizes = set()
        for rendition in report.renditions.renditions(fmt):
            with Image.open(stored(media_root, rendition.name)) as image:
                assert image.format == pil_format
                assert image.size == (rendition.width, rendition.height)
                sizes.add(image.size)
        assert sizes == expected
    assert len(report.written) == 8 and len(rendition_files(media_root)) == 8
    assert not list(Path(media_root).rglob("*1600w*"))  # the original is 1200 wide: nothing blown up


def test_a_huge_photo_stops_at_1600_and_jpeg_options_are_the_web_ones(media_root):
    photo = make_photo(factories.article(), factories.image_bytes(size=(3000, 2000)))
    renditions = images.make_renditions(photo.image.name).renditions
    assert renditions.widths == [320, 640, 1024, 1600]
    largest = renditions.fallback
    assert (largest.width, largest.height) == (1600, 1067)
    with Image.open(stored(media_root, largest.name)) as image:
        assert image.size == (1600, 1067)
        assert image.info.get("progressive") or image.info.get("progression")


def test_renditions_are_turned_upright_and_carry_no_exif_gps_xmp_or_comment(media_root):
    data = camera_jpeg(size=(1200, 800), orientation=6)
    with Image.open(io.BytesIO(data)) as original:  # the test's own premise: the upload does carry it all
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
        assert original.getexif()[ExifTags.Base.Orientation] == 6 and "xmp" in original.info
    photo = make_photo(factories.article(), data)
    assert (photo.width, photo.height) == (800, 1200)  # stored upright on upload (Photo.save)

    renditions = images.make_renditions(photo.image.name).renditions

    assert (renditions.width, renditions.height) == (800, 1200)
    assert renditions.widths == [320, 640, 800]
    files = rendition_files(media_root)
    assert len(files) == 6
    for path in files:
        assert_no_metadata(path)
        with Image.open(path) as image:
            width, height = image.size
            assert height == width * 3 // 2  # portrait now
            image = image.convert("RGB")
            # Orientation 6 turns the picture clockwise: the stored top-left corner ends top-right.
            top_right = image.getpixel((width - 3, 2))
            top_left = image.getpixel((2, 2))
            assert top_right[0] > 180 and top_right[2] < 80, path.name
            assert top_left[2] > 150 and top_left[0] < 80, path.name


@pytest.mark.parametrize(
    ("mode", "image_format", "transparent"),
    [("P", "PNG", True), ("LA", "PNG", True), ("RGBA", "PNG", False), ("CMYK", "JPEG", False), ("L", "JPEG", False)],
)
def test_every_accepted_kind_of_image_becomes_rgb_jpeg_and_webp(media_root, mode, image_format, transparent):
    image = Image.new("RGBA", (700, 400), (200, 30, 30, 255))
    if transparent:
        image.paste((0, 0, 0, 0), (0, 0, 100, 100))
    image = image.convert(mode) if mode != "P" else image.convert("P", palette=Image.Palette.ADAPTIVE)
    buffer = io.BytesIO()
    options = {"transparency": image.getpixel((0, 0))} if mode == "P" else {}
    image.save(buffer, format=image_format, **options)
    photo = make_photo(factories.article(), buffer.getvalue(), name=f"anh.{image_format.lower()}")

    renditions = images.make_renditions(photo.image.name).renditions

    assert renditions.widths == [320, 640, 700]
    with Image.open(stored(media_root, renditions.fallback.name)) as jpeg:
        assert jpeg.mode == "RGB"
    with Image.open(stored(media_root, renditions.renditions("webp")[-1].name)) as webp:
        assert webp.mode == ("RGBA" if transparent else "RGB")


def test_an_animated_gif_gives_still_renditions_of_its_first_frame(media_root):
    frames = [Image.new("RGB", (400, 300), color) for color in ((250, 0, 0), (0, 250, 0), (0, 0, 250))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    photo = make_photo(factories.article(), buffer.getvalue(), name="anh.gif")
    renditions = images.make_renditions(photo.image.name).renditions
    with Image.open(stored(media_root, renditions.renditions("webp")[-1].name)) as webp:
        assert getattr(webp, "n_frames", 1) == 1
        assert webp.convert("RGB").getpixel((10, 10))[0] > 200


def test_a_wide_gamut_photo_is_converted_to_srgb_and_its_profile_dropped(media_root):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))  # any profile that is not sRGB
    image = Image.new("RGB", (400, 300), (120, 200, 80))
    buffer = io.BytesIO()
    try:
        image.save(buffer, format="JPEG", icc_profile=profile.tobytes())
    except Exception:  # pragma: no cover - a Pillow without LittleCMS
        pytest.skip("no colour management in this Pillow")
    photo = make_photo(factories.article(), buffer.getvalue())
    renditions = images.make_renditions(photo.image.name).renditions
    for path in rendition_files(media_root):
        with Image.open(path) as rendition:
            assert "icc_profile" not in rendition.info
    assert renditions.widths == [320, 400]


# --- Pages ---------------------------------------------------------------------------------------------


def _article_with_three_photos():
    article = factories.article(body="<p>Đoạn một.</p><p>Đoạn hai.</p><p>Đoạn ba.</p>")
    lead = make_photo(article, camera_jpeg(size=(1200, 800)), name="dau-bai.jpg", after_paragraph=0)
    second = make_photo(article, camera_jpeg(size=(1200, 800)), name="giua.jpg", position=1, after_paragraph=1)
    third = make_photo(article, camera_jpeg(size=(1200, 800), orientation=6), name="cuoi.jpg", position=2,
                       after_paragraph=3)  # fmt: skip
    return article, [lead, second, third]


def _figures(page: str) -> list[str]:
    return re.findall(r'<figure class="photo">.*?</figure>', page, re.S)


def test_the_article_page_serves_renditions_in_picture_elements_with_srcset_sizes_and_dimensions(client):
    article, photos = _article_with_three_photos()

    page = client.get(article.get_absolute_url()).content.decode()

    figures = _figures(page)
    assert len(figures) == 3
    for figure, photo in zip(figures, photos, strict=True):
        stem = Path(photo.image.name).stem
        assert "<picture>" in figure and '<source type="image/webp"' in figure
        webp_srcset = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', figure)
        img = re.search(r"<img [^>]+>", figure).group(0)
        jpeg_srcset = re.search(r'srcset="([^"]+)"', img).group(1)
        assert webp_srcset and "42rem" in webp_srcset.group(2) and "100vw" in webp_srcset.group(2)
        assert re.search(r'sizes="[^"]*42rem[^"]*"', img)
        for srcset, ext in ((webp_srcset.group(1), "webp"), (jpeg_srcset, "jpg")):
            entries = [entry.split() for entry in srcset.split(", ")]
            assert [descriptor for _, descriptor in entries][:2] == ["320w", "640w"]
            assert all("/media/renditions/photos/" in url and stem in url and url.endswith(ext) for url, _ in entries)
        assert re.search(rf'src="/media/renditions/photos/[^"]*{stem}-jpg-(1200|800)w\.jpg"', img)
    # The real pixel size of the fallback: turned photos are portrait.
    assert 'width="1200" height="800"' in figures[0] and 'width="800" height="1200"' in figures[2]
    # Only the first figure is loaded at once; the others when the reader scrolls near them.
    assert 'loading="lazy"' not in figures[0] and 'fetchpriority="high"' in figures[0]
    assert all('loading="lazy" decoding="async"' in figure for figure in figures[1:])
    assert 'alt="Ảnh"' in figures[0]
    body = page[page.index('<div class="article__body">') : page.index("</article>")]
    assert "/media/photos/" not in body


def test_no_page_gives_out_the_original_photo_address(client):
    """The stored original may still carry its EXIF (GPS): no public page may point at it, in markup,
    meta tags or structured data alike."""
    article, photos = _article_with_three_photos()
    pages = [client.get(url).content.decode() for url in ("/", article.get_absolute_url(), "/xem-nhieu/")]
    for page in pages:
        for photo in photos:
            assert photo.image.url not in page
        assert "/media/photos/" not in page


def test_served_renditions_are_stripped_files_at_the_advertised_sizes(client, media_root):
    article, _ = _article_with_three_photos()
    page = client.get(article.get_absolute_url()).content.decode()
    urls = set(re.findall(r"(/media/renditions/[^\s\"]+)", page))
    assert urls and all(url.endswith((".webp", ".jpg")) for url in urls)
    for url in urls:
        assert_no_metadata(stored(media_root, url.removeprefix("/media/")))
    for src, width, height in re.findall(
        r'<img src="(/media/renditions/[^"]+)"[^>]* width="(\d+)" height="(\d+)"', page
    ):
        with Image.open(stored(media_root, src.removeprefix("/media/"))) as image:
            assert image.size == (int(width), int(height))


def test_home_page_cards_use_renditions(client):
    lead_article = factories.article(title="Bài đầu trang")
    make_photo(lead_article, factories.image_bytes(size=(1200, 800)))
    older = factories.article(title="Bài cũ hơn", published_at=lead_article.published_at.replace(year=2020))
    make_photo(older, factories.image_bytes(size=(1200, 800)))

    page = client.get("/").content.decode()

    cards = re.findall(r'<article class="card.*?</article>', page, re.S)
    assert len(cards) == 2
    for card in cards:
        assert "<picture>" in card and "/media/renditions/photos/" in card
        assert "/media/photos/" not in card
        assert re.search(r'srcset="[^"]* 320w, [^"]* 640w', card)
    big, small = cards
    assert "card--lead" in big and 'loading="lazy"' not in big and "100vw" in big
    # The lead photo is the phone's largest first-screen element: fetched first (Lighthouse's LCP advice).
    assert big.count('fetchpriority="high"') == 1 and 'fetchpriority="high"' not in page.replace(big, "")
    # A tile: beside its title on phones, half the main column from 40rem on.
    assert "card--tile" in small and 'loading="lazy"' in small
    assert 'sizes="(min-width: 72rem) 23.4rem, (min-width: 60rem) calc(50vw - 12.6rem), ' in small
    assert '(min-width: 40rem) calc(50vw - 1.6rem), 7.5rem"' in small


def test_the_most_viewed_page_uses_renditions(client):
    from articles.models import ArticleViewTotal

    article = factories.article()
    make_photo(article, factories.image_bytes(size=(800, 600)))
    ArticleViewTotal.objects.create(article=article, views=5)

    page = client.get("/xem-nhieu/?khoang=all").content.decode()

    photo_markup = re.search(r'<a class="ranking__photo".*?</a>', page, re.S)
    assert "/media/renditions/photos/" in photo_markup.group(0) and 'loading="lazy"' in photo_markup.group(0)
    assert "(min-width: 40rem) 9rem, 5.5rem" in photo_markup.group(0)


def test_a_photo_whose_file_is_gone_or_broken_does_not_break_the_page(client, media_root, caplog):
    article = factories.article(body="<p>Đoạn một.</p><p>Đoạn hai.</p>")
    gone = make_photo(article, factories.image_bytes(size=(800, 600)), caption="Ảnh đã mất", after_paragraph=0)
    broken = make_photo(article, factories.image_bytes(size=(800, 600)), caption="Ảnh hỏng", after_paragraph=1)
    kept = make_photo(article, factories.image_bytes(size=(800, 600)), caption="Ảnh còn", after_paragraph=2)
    gone.image.storage.delete(gone.image.name)
    stored(media_root, broken.image.name).write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")

    with caplog.at_level(logging.WARNING, logger="articles.images"):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ảnh đã mất" in page and "Ảnh hỏng" in page and "Ảnh còn" in page
    assert f'src="{gone.image.url}"' in page and f'src="{broken.image.url}"' in page  # the plain fallback
    assert Path(kept.image.name).stem in page and "<picture>" in page
    assert any(gone.image.name in message for message in caplog.messages)
    assert any(broken.image.name in message for message in caplog.messages)
    # Known to be broken: the next reader's page does not try again (for a few minutes).
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="articles.images"):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert not caplog.messages


def test_a_photo_without_a_file_prints_nothing_and_no_error():
    photo = Photo.objects.create(article=factories.article(), image="", caption="Không có tệp")
    template = Template('{% load photos %}[{% picture photo sizes="100vw" %}|{{ photo|srcset:"webp" }}]')
    assert template.render(Context({"photo": photo})) == "[|]"


def test_a_broken_cache_does_not_break_the_page(client, monkeypatch):
    article, _ = _article_with_three_photos()

    class BrokenCache:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")

            return fail

    monkeypatch.setattr(images, "cache", BrokenCache())
    images.forget_known_sizes()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and response.content.decode().count("<picture>") == 3


def test_once_made_renditions_are_printed_without_opening_any_image(client, monkeypatch):
    article, _ = _article_with_three_photos()
    url = article.get_absolute_url()
    first = client.get(url).content.decode()  # makes them

    def no_decoding(*args, **kwargs):
        raise AssertionError("an image was opened while printing a page")

    monkeypatch.setattr(Image, "open", no_decoding)
    assert client.get(url).content.decode().count("<picture>") == 3  # this process remembers them
    images.forget_known_sizes()
    assert client.get(url).content.decode().count("<picture>") == 3  # the shared cache does
    images.forget_known_sizes()
    from django.core.cache import cache

    cache.clear()
    again = client.get(url).content.decode()  # only the small manifests are read
    assert _figures(again) == _figures(first)


def test_storage_is_not_touched_when_the_renditions_are_known(client, monkeypatch):
    article, _ = _article_with_three_photos()
    client.get(article.get_absolute_url())
    calls = []
    storage = images.default_storage
    for method in ("exists", "open", "save"):
        original = getattr(storage, method)
        monkeypatch.setattr(storage, method, lambda *a, _m=method, _o=original, **k: calls.append(_m) or _o(*a, **k))
    client.get(article.get_absolute_url())
    client.get("/")
    assert calls == []


def test_making_renditions_on_first_view_adds_no_query(client):
    article, _ = _article_with_three_photos()
    url = article.get_absolute_url()

    def queries() -> int:
        caches.clear_all()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    # On PostgreSQL the lock every server sees is taken on a connection of its own (images.MakingLock).
    first = queries()  # renditions made during this request
    assert queries() == first


# --- The command ---------------------------------------------------------------------------------------


def test_make_renditions_makes_them_for_every_photo_and_is_idempotent(media_root):
    article = factories.article()
    first = make_photo(article, camera_jpeg(size=(1200, 800), orientation=6))
    second = make_photo(factories.article(), factories.image_bytes(size=(500, 400), image_format="PNG"), name="b.png")

    out = io.StringIO()
    call_command("make_renditions", stdout=out)

    files = rendition_files(media_root)
    assert len(files) == 2 * 3 + 2 * 2  # widths 320/640/800 and 320/500, each in WebP and JPEG
    for photo in (first, second):
        for fmt in images.RENDITION_FORMATS:
            for rendition in images.RenditionSet(photo.image.name, *_upright(photo)).renditions(fmt):
                assert stored(media_root, rendition.name).exists()
    assert "ghi 10 tệp mới" in out.getvalue()
    modified = {path: path.stat().st_mtime_ns for path in files}

    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "ghi 0 tệp mới" in out.getvalue()
    assert {path: path.stat().st_mtime_ns for path in rendition_files(media_root)} == modified

    # One rendition lost: only it is written again.
    files[0].unlink()
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "ghi 1 tệp mới" in out.getvalue() and files[0].exists()

    out = io.StringIO()
    call_command("make_renditions", "--force", stdout=out)
    assert "ghi 10 tệp mới" in out.getvalue()


def _upright(photo: Photo) -> tuple[int, int]:
    with Image.open(photo.image.path) as image:
        return images._upright_size(image)


def test_make_renditions_goes_on_past_a_broken_photo_and_says_so(media_root):
    broken = make_photo(factories.article(), factories.image_bytes(size=(500, 400)), name="hong.jpg")
    good = make_photo(factories.article(), factories.image_bytes(size=(500, 400)), name="tot.jpg")
    broken.image.storage.delete(broken.image.name)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("make_renditions", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert f"#{broken.pk}" in err.getvalue() and "1 ảnh lỗi" in out.getvalue()
    assert stored(media_root, images.rendition_name(good.image.name, 500, "webp")).exists()


# --- Originals (for Photo.save) ------------------------------------------------------------------------


def test_a_stripped_original_keeps_its_pixels_upright_and_loses_every_piece_of_metadata():
    upright = images.stripped_original(ContentFile(camera_jpeg(size=(1200, 800), orientation=1), name="a.jpg"))
    turned = images.stripped_original(ContentFile(camera_jpeg(size=(1200, 800), orientation=6), name="b.jpg"))
    for stripped, size in ((upright, (1200, 800)), (turned, (800, 1200))):
        data = stripped.read()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and image.size == size
            assert not image.getexif() and "xmp" not in image.info and "comment" not in image.info
        assert b"Canon" not in data and b"Bien Hoa" not in data and b"hien truong" not in data


def test_a_stripped_animation_keeps_its_frames():
    frames = [Image.new("RGB", (40, 30), color) for color in ((250, 0, 0), (0, 250, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=120, loop=0, comment=b"x")
    stripped = images.stripped_original(ContentFile(buffer.getvalue(), name="a.gif"))
    with Image.open(stripped) as image:
        assert image.format == "GIF" and image.n_frames == 2 and "comment" not in image.info
        assert len(list(ImageSequence.Iterator(image))) == 2


def test_stripping_refuses_what_is_not_an_image():
    assert images.stripped_original(ContentFile(b"%PDF-1.4 nope", name="a.jpg")) is None


def test_the_stored_original_is_upright_and_carries_no_gps_or_other_metadata(media_root):
    photo = make_photo(factories.article(), camera_jpeg(size=(1200, 800), orientation=6))
    path = stored(media_root, photo.image.name)
    with Image.open(path) as image:
        assert not image.getexif()
        assert image.size == (800, 1200)  # turned upright as the camera meant it
    data = path.read_bytes()
    assert b"Exif\x00" not in data and b"Canon" not in data and b"hien truong" not in data
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (800, 1200)


def test_a_first_photo_after_the_first_paragraph_is_still_fetched_first_and_a_later_one_waits(client):
    article = factories.article(body="<p>Đoạn một.</p><p>Đoạn hai.</p><p>Đoạn ba.</p>")
    make_photo(article, camera_jpeg(size=(1200, 800)), name="sau-doan-mot.jpg", after_paragraph=1)
    make_photo(article, camera_jpeg(size=(1200, 800)), name="cuoi.jpg", position=1, after_paragraph=3)
    far = factories.article(body="<p>Một.</p><p>Hai.</p><p>Ba.</p>")
    make_photo(far, camera_jpeg(size=(1200, 800)), name="xa.jpg", after_paragraph=3)

    first, last = _figures(client.get(article.get_absolute_url()).content.decode())
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first
    assert 'loading="lazy"' in last and "fetchpriority" not in last
    # Below three paragraphs a photo is off the first screen: it waits like the others.
    (only,) = _figures(client.get(far.get_absolute_url()).content.decode())
    assert 'loading="lazy"' in only and "fetchpriority" not in only


def test_the_first_card_of_a_list_is_not_lazy(client, section):
    for n in range(3):
        make_photo(factories.article(in_section=section, title=f"Bài {n}"), factories.image_bytes(size=(1200, 800)))

    page = client.get(section.get_absolute_url()).content.decode()

    cards = re.findall(r'<article class="card">.*?</article>', page, re.S)
    assert len(cards) == 3
    assert 'loading="lazy"' not in cards[0] and "fetchpriority" not in cards[0]
    assert all('loading="lazy"' in card for card in cards[1:])
