"""Photos with Pillow: upload validation (the file's content decides what it is, never its name), and
the renditions readers are served: resized, upright, WebP and JPEG, stripped of every piece of metadata."""

import hashlib
import io
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from newsroom.media_storage import storage_identity

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
NOT_AN_IMAGE_MESSAGE = gettext_lazy(
    "This file is not an image we can use. Upload a photo in JPEG, PNG, WebP or GIF format "
    "(the file's content is checked, not its name)."
)


def validate_photo_file(upload) -> None:
    """Refuse anything that is not a JPEG, PNG, WebP or GIF image by its content, or is too big."""
    if upload is None or getattr(upload, "_committed", False):
        # A photo already stored was checked when it arrived; re-saving its article must not reopen it.
        return
    max_bytes = settings.PHOTO_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s; the largest accepted is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="photo_too_large",
        )

    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
        except Image.DecompressionBombError:
            width = height = None
            image_format = "bomb"
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(NOT_AN_IMAGE_MESSAGE, code="photo_not_an_image") from error
    finally:
        upload.seek(position)

    if image_format == "bomb" or (width or 0) * (height or 0) > settings.PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("The photo has too many pixels (at most %(max)s million are accepted).")
            % {"max": settings.PHOTO_MAX_PIXELS // 1_000_000},
            code="photo_too_many_pixels",
        )
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("This image is in %(format)s format. Upload a photo in JPEG, PNG, WebP or GIF format.")
            % {"format": image_format},
            code="photo_format_not_accepted",
        )


# --- Renditions -------------------------------------------------------------------------------------
#
# What readers are served: copies of each photo at a few widths, in WebP with a JPEG fallback, turned
# upright by their EXIF orientation and carrying no metadata at all: no EXIF (so no GPS position that
# could expose a source), no XMP, IPTC, comment or ICC profile (colours are converted to sRGB first).
#
# Their names follow from the original's name alone (renditions/<original path>-<ext>-<width>w.<fmt>),
# so nothing is stored in the database. A small manifest written after the files
# (renditions/<original path>-<ext>.json) records the upright size: once a process has read it, it knows
# every rendition's URL and pixel size without touching storage again.

RENDITION_WIDTHS = (320, 640, 1024, 1600)
RENDITION_FORMATS = ("webp", "jpg")
RENDITIONS_DIR = "renditions"
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True}
WEBP_OPTIONS = {"quality": 80, "method": 4}
CACHE_SECONDS = 30 * 24 * 3600
FAILED_CACHE_SECONDS = 300  # a missing or broken original is retried (and logged) at most this often
LOCK_SECONDS = 120
LOCK_WAIT_SECONDS = 5.0
_FAILED = "failed"
_KNOWN_LIMIT = 20_000
_ORIENTATION = 0x0112
_ROTATED_ORIENTATIONS = {5, 6, 7, 8}  # the ones that swap width and height

# Upright sizes this process already knows, by (media store, original name). Renditions never change
# once written (a new upload gets a new name), so an entry never goes stale.
_known_sizes: dict[tuple[str, str], tuple[int, int]] = {}


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    fmt: str

    @property
    def url(self) -> str:
        return default_storage.url(self.name)


@dataclass(frozen=True)
class RenditionSet:
    """All renditions of one original, computed from its upright size, never looked up."""

    original: str
    width: int
    height: int

    @property
    def widths(self) -> list[int]:
        return rendition_widths(self.width)

    def renditions(self, fmt: str) -> list[Rendition]:
        return [
            Rendition(rendition_name(self.original, w, fmt), *rendition_size(self.width, self.height, w), fmt)
            for w in self.widths
        ]

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in self.renditions(fmt))

    @property
    def fallback(self) -> Rendition:
        """The largest JPEG: the `<img src>` of browsers that read no srcset."""
        return self.renditions("jpg")[-1]

    def best(self, width: int, fmt: str = "jpg") -> Rendition:
        """The narrowest rendition at least `width` wide, or the widest there is."""
        renditions = self.renditions(fmt)
        return next((r for r in renditions if r.width >= width), renditions[-1])


@dataclass
class RenditionReport:
    """What `make_renditions` did for one original."""

    renditions: RenditionSet
    written: list[str] = field(default_factory=list)


def rendition_widths(width: int) -> list[int]:
    """The widths made of an original `width` px wide: never wider than it (nothing is blown up), and
    always one at its own width, at most 1600, so a photo between two steps keeps its sharpest copy."""
    largest = min(width, RENDITION_WIDTHS[-1])
    return [w for w in RENDITION_WIDTHS if w < largest] + [largest]


def rendition_size(width: int, height: int, target_width: int) -> tuple[int, int]:
    """The pixel size of the rendition `target_width` wide of an upright `width`×`height` original."""
    if target_width >= width:
        return width, height
    return target_width, max(1, round(height * target_width / width))


def _rendition_stem(original: str) -> str:
    # The extension stays in the name: "anh.jpg" and "anh.png" side by side must not share renditions.
    root, dot, extension = original.rpartition(".")
    stem = f"{root}-{extension.lower()}" if dot and root and "/" not in extension else original
    return f"{RENDITIONS_DIR}/{stem}"


def rendition_name(original: str, width: int, fmt: str) -> str:
    """`photos/2026/11/anh.jpg`, 640, "webp" -> `renditions/photos/2026/11/anh-jpg-640w.webp`."""
    if fmt not in RENDITION_FORMATS:
        raise ValueError(f"unknown rendition format {fmt!r}; use one of {RENDITION_FORMATS}")
    return f"{_rendition_stem(original)}-{width}w.{fmt}"


def manifest_name(original: str) -> str:
    return f"{_rendition_stem(original)}.json"


def make_renditions(original: str, *, force: bool = False, storage=None) -> RenditionReport:
    """Write the renditions of the stored file `original` that are missing (every one with `force`).

    The original is opened only when something is to be written. Raises what reading it raises
    (FileNotFoundError, UnidentifiedImageError, OSError…): the caller decides how loud to be.
    """
    storage = storage or default_storage
    if not force and (size := _read_manifest(original, storage)) is not None:
        renditions = RenditionSet(original, *size)
        if all(storage.exists(r.name) for fmt in RENDITION_FORMATS for r in renditions.renditions(fmt)):
            _remember(original, size)
            return RenditionReport(renditions)

    written = []
    with storage.open(original, "rb") as file, Image.open(file) as image:
        size = _upright_size(image)
        renditions = RenditionSet(original, *size)
        wanted = [
            r for fmt in RENDITION_FORMATS for r in renditions.renditions(fmt) if force or not storage.exists(r.name)
        ]
        if wanted:
            base = _web_ready(image, size, max(r.width for r in wanted))
            resized: dict[tuple[int, int], Image.Image] = {}
            for rendition in wanted:
                dimensions = (rendition.width, rendition.height)
                if dimensions not in resized:
                    resized[dimensions] = _resized(base, dimensions)
                _store(storage, rendition.name, _encode(resized[dimensions], rendition.fmt), overwrite=force)
                written.append(rendition.name)
    # Written last: a manifest means every file before it is in place.
    manifest = {"width": size[0], "height": size[1], "widths": renditions.widths}
    _store(storage, manifest_name(original), json.dumps(manifest).encode(), overwrite=True)
    _remember(original, size)
    return RenditionReport(renditions, written)


def photo_renditions(photo) -> RenditionSet | None:
    """The renditions of a Photo, for a page: made on first need, then known without opening anything.

    None when they cannot be made (the original is missing or unreadable): that is logged, retried at
    most every few minutes, and the page is rendered all the same.
    """
    original = photo.image.name if photo.image else ""
    if not original:
        return None
    if (size := _known_sizes.get(_known_key(original))) is not None:
        return RenditionSet(original, *size)
    cache_key = _cache_key(original)
    cached = _cache_get(cache_key)
    if cached == _FAILED:
        return None
    if cached is not None:
        size = (int(cached[0]), int(cached[1]))
    else:
        size = _read_manifest(original, default_storage) or _make_once(original, cache_key)
        if size is None:
            _cache_set(cache_key, _FAILED, FAILED_CACHE_SECONDS)
            return None
        _cache_set(cache_key, list(size), CACHE_SECONDS)
    _remember(original, size)
    return RenditionSet(original, *size)


def rendition(photo, width: int, fmt: str = "jpg") -> str | None:
    """The storage name of the photo's rendition best fitting `width`, in "jpg" or "webp", made on first
    need; None when the original cannot be read. E.g. a preview 320 px wide: rendition(photo, 320)."""
    renditions = photo_renditions(photo)
    return renditions.best(width, fmt).name if renditions else None


def _make_once(original: str, cache_key: str) -> tuple[int, int] | None:
    """Make the renditions, one process at a time across every server: readers of a just-published article
    arriving together wait a moment for the first one's work rather than all decoding the same photo, and no
    two servers write the same files at once."""
    lock = MakingLock(original, cache_key)
    try:
        return _make_holding(lock, original, cache_key)
    finally:
        lock.close()


def _make_holding(lock: "MakingLock", original: str, cache_key: str) -> tuple[int, int] | None:
    locked = lock.acquire()
    if not locked:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.1)
            cached = _cache_get(cache_key)
            if cached == _FAILED:
                return None
            if cached is not None:
                return int(cached[0]), int(cached[1])
            # Another server's work shows in no cache of ours: once its lock is free, the files are there,
            # and make_renditions below finds them (manifest and files) without writing anything.
            if lock.acquire():
                locked = True
                break
    try:
        report = make_renditions(original)
    except FileNotFoundError:
        logger.warning("Photo %s is missing from storage: no renditions, its address is printed as is.", original)
        return None
    except Exception:
        logger.warning(
            "Photo %s could not be made into renditions; its address is printed as is.", original, exc_info=True
        )
        return None
    finally:
        if locked:
            lock.release()
    return report.renditions.width, report.renditions.height


class MakingLock:
    """Held by the one process making an original's renditions.

    With PostgreSQL, a session advisory lock on the primary keyed on the original's name: every app server sharing
    the database sees it, and a server that dies mid-work loses it with its connection. Taken on a connection of
    the lock's own (_AdvisoryLocks), never the request's: that one may sit in a transaction, or be a replica's
    (a standby's advisory locks are its own), and a page's queries stay the page's. Otherwise (SQLite: one
    machine), an entry added to the cache, which expires after LOCK_SECONDS should its holder die. A database
    that cannot take the lock falls back to the cache, logged: a page is never refused for want of a lock.
    """

    def __init__(self, original: str, cache_key: str):
        self.cache_key = f"{cache_key}:lock"
        digest = hashlib.sha256(f"newsroom:renditions:{original}".encode()).digest()
        self.advisory_key = int.from_bytes(digest[:8], "big", signed=True)
        self.held_by = None  # "database" or "cache" while held

    def acquire(self) -> bool:
        if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            try:
                got = _advisory_locks.try_lock(self.advisory_key)
            except Exception as error:
                logger.warning("rendition lock not taken in the database (%s); the cache's lock stands in", error)
            else:
                self.held_by = "database" if got else None
                return got
        got = _cache_add(self.cache_key, LOCK_SECONDS)
        self.held_by = "cache" if got else None
        return got

    def release(self) -> None:
        held_by, self.held_by = self.held_by, None
        if held_by == "cache":
            _cache_delete(self.cache_key)
        elif held_by == "database":
            try:
                _advisory_locks.unlock(self.advisory_key)
            except Exception as error:
                # The lock's connection is gone, and the session's locks with it.
                logger.warning("rendition lock not released in the database: %s", error)

    def close(self) -> None:
        """Done with making (or waiting): the lock's connection closes once no thread of ours holds or waits."""
        _advisory_locks.close_if_idle()


class _AdvisoryLocks:
    """A PostgreSQL connection of the process's own (autocommit) for the renditions' advisory locks, open only
    while renditions are being made or waited for: making them is rare (once per photo ever), and no idle
    connection is left to count against the server's limit. Threads share it: a lock one thread of the process
    holds counts as taken for the others (PostgreSQL would let the same session take it twice)."""

    def __init__(self):
        self._mutex = threading.Lock()
        self._connection = None
        self._pid = None
        self._held: set[int] = set()

    def try_lock(self, key: int) -> bool:
        with self._mutex:
            if key in self._held:
                return False
            got = bool(self._execute("SELECT pg_try_advisory_lock(%s)", key))
            if got:
                self._held.add(key)
            return got

    def unlock(self, key: int) -> None:
        with self._mutex:
            if key in self._held:
                self._held.discard(key)
                self._execute("SELECT pg_advisory_unlock(%s)", key)

    def close_if_idle(self) -> None:
        with self._mutex:
            if not self._held and self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            if not self._held:
                self._connection = None

    def _execute(self, sql: str, key: int):
        import psycopg

        if self._connection is None or self._connection.closed or self._pid != os.getpid():
            # The primary's settings as Django connects with them (a forked worker opens its own).
            params = connections[DEFAULT_DB_ALIAS].get_connection_params()
            self._connection, self._pid, self._held = psycopg.connect(**params, autocommit=True), os.getpid(), set()
        try:
            return self._connection.execute(sql, [key]).fetchone()[0]
        except psycopg.Error:
            # A broken connection took its locks with it: the next call opens another.
            self._connection.close()
            self._held = set()
            raise


_advisory_locks = _AdvisoryLocks()


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    orientation = image.getexif().get(_ORIENTATION, 1)
    return (height, width) if orientation in _ROTATED_ORIENTATIONS else (width, height)


def _web_ready(image: Image.Image, upright_size: tuple[int, int], max_width: int) -> Image.Image:
    """The first frame, upright, in sRGB, as RGB or RGBA, with no metadata left in `info`."""
    if image.format == "JPEG" and max_width < upright_size[0]:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the widest rendition.
        scale = max_width / upright_size[0]
        image.draft(None, (int(image.size[0] * scale) + 1, int(image.size[1] * scale) + 1))
    upright = ImageOps.exif_transpose(image)
    icc_profile = image.info.get("icc_profile")
    has_alpha = upright.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in upright.info
    if upright.mode.startswith("I") or upright.mode == "F":
        # 16-bit or float greyscale (some PNGs and TIFF-born files): down to 8 bits.
        upright = upright.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    converted = _to_srgb(upright, icc_profile, "RGBA" if has_alpha else "RGB") if icc_profile else None
    if converted is None:
        converted = upright.convert("RGBA" if has_alpha else "RGB")
    if converted.mode == "RGBA" and converted.getchannel("A").getextrema() == (255, 255):
        converted = converted.convert("RGB")  # an alpha channel with nothing transparent in it
    converted.info = {}
    return converted


def _to_srgb(image: Image.Image, icc_profile: bytes, mode: str) -> Image.Image | None:
    """The image converted from its embedded colour profile to sRGB (what browsers assume without one)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if image.mode not in ("RGB", "RGBA", "CMYK"):
            return None
        if image.mode == "CMYK":
            mode = "RGB"
        elif "srgb" in (ImageCms.getProfileDescription(source) or "").lower():
            return image.convert(mode)
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        logger.info("Colour profile of a photo not usable; its colours are taken as sRGB.", exc_info=True)
        return None


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpg":
        if image.mode == "RGBA":
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        # exif=b"" and no icc_profile/xmp/comment: the file carries pixels and nothing else.
        image.save(buffer, format="JPEG", exif=b"", comment=b"", **JPEG_OPTIONS)
    else:
        image.save(buffer, format="WEBP", exif=b"", xmp=b"", **WEBP_OPTIONS)
    return buffer.getvalue()


def _store(storage, name: str, data: bytes, *, overwrite: bool) -> None:
    if overwrite and storage.exists(name):
        storage.delete(name)
    # Both media stores save under another name rather than replace a file: FileSystemStorage opens with O_EXCL,
    # the bucket (newsroom/media_bucket.py) writes with If-None-Match: *. So a name taken meanwhile means another
    # process wrote the same file, identical to ours, whichever the store: drop ours.
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        storage.delete(saved)


def _read_manifest(original: str, storage) -> tuple[int, int] | None:
    name = manifest_name(original)
    try:
        if not storage.exists(name):
            return None
        with storage.open(name, "rb") as file:
            manifest = json.loads(file.read())
        return int(manifest["width"]), int(manifest["height"])
    except Exception:
        logger.warning("Rendition manifest %s unreadable; the renditions are made again.", name, exc_info=True)
        return None


def _known_key(original: str) -> tuple[str, str]:
    # The store's identity (a bucket and prefix, or a folder): the same name in another store is another photo.
    return storage_identity(default_storage), original


def _remember(original: str, size: tuple[int, int]) -> None:
    if len(_known_sizes) >= _KNOWN_LIMIT:
        _known_sizes.clear()
    _known_sizes[_known_key(original)] = (int(size[0]), int(size[1]))


def forget_known_sizes() -> None:
    """Empty this process's memory of rendition sizes (tests; after renditions were deleted by hand)."""
    _known_sizes.clear()


def _cache_key(original: str) -> str:
    return "newsroom:renditions:v1:" + hashlib.sha256(original.encode()).hexdigest()[:32]


# A broken cache (Redis down) must never take a page down: each call falls back to doing without.
def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception as error:
        logger.warning("rendition cache unreadable: %s", error)
        return None


def _cache_set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        logger.warning("rendition cache unwritable: %s", error)


def _cache_add(key: str, timeout: int) -> bool:
    try:
        return cache.add(key, 1, timeout)
    except Exception as error:
        logger.warning("rendition cache unwritable: %s", error)
        return True


def _cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception as error:
        logger.warning("rendition cache unwritable: %s", error)


# --- Originals --------------------------------------------------------------------------------------

# What an original keeps of Pillow's `info`: how to draw it (transparency, animation, colours), nothing
# about where, when or with what it was taken.
_ORIGINAL_KEPT_INFO = ("transparency", "duration", "loop", "background", "disposal", "icc_profile")


def stripped_original(upload) -> ContentFile | None:
    """An upload re-encoded in its own format, upright, without EXIF (GPS…), XMP, IPTC or comments;
    its colour profile is kept. None when the file is not an accepted image (validation says why).

    For `Photo.save()` to call on a new upload, so that the original stored in media/ is safe to serve
    too (see the renditions above for what readers are normally given).
    """
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            if image_format not in ACCEPTED_FORMATS:
                return None
            buffer = io.BytesIO()
            frames = getattr(image, "n_frames", 1)
            if frames > 1:
                _save_animation(image, image_format, buffer)
            else:
                _save_still(image, image_format, buffer)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(position)
    return ContentFile(buffer.getvalue(), name=_name_for(getattr(upload, "name", None), image_format))


# The extensions a stored photo's name may end in, by format, the first one given to a name that ends in
# none of them: media/ is served by extension (newsroom/urls.py, the web server alike), so a JPEG uploaded
# as "anh.html" must be stored as "anh.jpg", shown as the photo it is and never as a page.
_EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",), "GIF": (".gif",)}


def _name_for(name: str | None, image_format: str) -> str | None:
    if not name:
        return name
    path = PurePosixPath(name)
    if path.suffix.lower() in _EXTENSIONS[image_format]:
        return name
    extension = _EXTENSIONS[image_format][0]
    return str(path.with_suffix(extension)) if path.suffix else f"{name}{extension}"


def _clean_info(image: Image.Image) -> Image.Image:
    image.info = {key: image.info[key] for key in _ORIGINAL_KEPT_INFO if key in image.info}
    return image


def _save_still(image: Image.Image, image_format: str, buffer: io.BytesIO) -> None:
    orientation = image.getexif().get(_ORIENTATION, 1)
    if image_format == "JPEG" and orientation == 1:
        # Upright already: re-encoded with the file's own quantisation tables, as close to lossless as
        # Pillow goes.
        icc_profile = image.info.get("icc_profile")
        image.save(buffer, format="JPEG", quality="keep", exif=b"", comment=b"", icc_profile=icc_profile)
        return
    upright = _clean_info(ImageOps.exif_transpose(image))
    options = {"exif": b""}
    if image_format == "JPEG":
        options |= {"quality": 92, "comment": b"", "icc_profile": upright.info.get("icc_profile")}
    elif image_format == "WEBP":
        options |= {"quality": 90, "xmp": b"", "icc_profile": upright.info.get("icc_profile")}
    elif image_format == "GIF":
        options = {"comment": b""}
    upright.save(buffer, format=image_format, **options)


def _save_animation(image: Image.Image, image_format: str, buffer: io.BytesIO) -> None:
    frames = [_clean_info(ImageOps.exif_transpose(frame.copy())) for frame in ImageSequence.Iterator(image)]
    durations = [frame.info.get("duration", 100) for frame in frames]
    options = {"save_all": True, "append_images": frames[1:], "duration": durations, "loop": image.info.get("loop", 0)}
    if image_format == "WEBP":
        options |= {"exif": b"", "xmp": b"", "quality": 90}
    else:
        options |= {"comment": b""}
    frames[0].save(buffer, format=image_format, **options)
