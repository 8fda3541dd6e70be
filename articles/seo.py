"""What feeds, sitemaps and search engines are told about the paper, shared by articles.feeds and
articles.sitemaps, and robots.txt.

Times go out in the paper's own zone (settings.TIME_ZONE, Asia/Ho_Chi_Minh: +07:00), whole seconds.
The article page's OpenGraph, Twitter and JSON-LD tags are in templates/articles/includes/article_meta.html.
"""

import logging
import mimetypes
import re
from datetime import datetime

from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Enclosure
from django.views.decorators.http import require_safe
from PIL import Image

from articles import images

logger = logging.getLogger(__name__)

# XML 1.0 forbids these; one pasted from a word processor (a vertical tab, say) would make a whole
# feed unserialisable. Tab, line feed and carriage return are allowed and kept.
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """The text without the control characters XML 1.0 cannot carry."""
    return _XML_FORBIDDEN.sub("", value or "")


def local_time(value: datetime | None) -> datetime | None:
    """The moment in the paper's time zone (+07:00), to the second."""
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).replace(microsecond=0)


def byline_names(article) -> list[str]:
    """The names the bylines credit, in byline order, each once (one person may hold two roles).
    Uses the article's prefetched bylines (with their authors) when there are any."""
    names: list[str] = []
    for byline in article.bylines.all():
        name = byline.author.name
        if name not in names:
            names.append(name)
    return names


def photo_enclosure(photo, request: HttpRequest) -> Enclosure | None:
    """An RSS enclosure for the photo: its largest JPEG rendition (articles.images: upright, stripped of
    EXIF and every other metadata; the stored original may still carry a GPS position and is never given
    out), with its absolute URL, its size in bytes from the storage and its MIME type from the file's
    actual format (Pillow reads only the header). None, never an exception, when there is no readable
    file: a missing photo costs its item the enclosure, not the whole feed."""
    if photo is None or not photo.image:
        return None
    try:
        renditions = images.photo_renditions(photo)  # None when the original is missing or unreadable
        if renditions is None:
            return None
        rendition = renditions.fallback
        with default_storage.open(rendition.name, "rb") as handle:
            length = handle.size
            try:
                with Image.open(handle) as image:
                    mime_type = Image.MIME.get(image.format or "")
            except Exception:  # not an image Pillow knows: the name will tell
                mime_type = None
        url = rendition.url
    except Exception:
        # The storage may be a remote one with exceptions of its own; whatever it is, the feed goes on.
        logger.warning("Photo %s has no readable rendition; its feed item goes without an enclosure", photo.pk)
        return None
    mime_type = mime_type or mimetypes.guess_type(rendition.name)[0]
    if not length or not mime_type:
        return None
    return Enclosure(url=request.build_absolute_uri(url), length=str(length), mime_type=mime_type)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Everything may be crawled but the admin, previews and the readership API; the sitemaps are named
    with absolute addresses built from the request, so the file is right on every host the site answers to."""
    sitemaps = [request.build_absolute_uri(reverse(name)) for name in ("sitemap", "sitemap_news")]
    return render(request, "robots.txt", {"sitemaps": sitemaps}, content_type="text/plain; charset=utf-8")
