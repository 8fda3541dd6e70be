"""Photos in public pages: `<picture>` elements of renditions (WebP, JPEG fallback) with srcset and sizes.

    {% load photos %}
    {% picture photo sizes="(min-width: 40rem) 13rem, 7.5rem" alt=photo.alt lazy=True %}
    {% photo_renditions photo as renditions %}  {{ renditions|srcset:"webp" }}  {{ photo|srcset:"jpg" }}

Nothing here opens an image file once a photo's renditions are known (see articles.images), and
nothing here can fail a page: a photo whose original is missing or unreadable is printed with its
plain address, and the problem is logged.
"""

import logging

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import images

logger = logging.getLogger(__name__)
register = template.Library()

_LAZY = mark_safe(' loading="lazy" decoding="async"')  # noqa: S308 - a constant
_PRIORITY = mark_safe(' fetchpriority="high"')  # noqa: S308 - a constant


def _renditions(photo) -> images.RenditionSet | None:
    if photo is None:
        return None
    if isinstance(photo, images.RenditionSet):
        return photo
    try:
        return images.photo_renditions(photo)
    except Exception:
        logger.exception("Renditions of photo %s unavailable", getattr(photo, "pk", photo))
        return None


@register.simple_tag
def photo_renditions(photo) -> images.RenditionSet | None:
    """The photo's RenditionSet (`.fallback.url`, `.fallback.width`…), or None when there is none."""
    return _renditions(photo)


@register.filter
def srcset(photo, fmt: str = "webp") -> str:
    """`url 320w, url 640w, …` of a Photo's or a RenditionSet's renditions in "webp" or "jpg"."""
    renditions = _renditions(photo)
    return renditions.srcset(fmt) if renditions else ""


@register.simple_tag
def picture(photo, sizes: str, alt: str = "", lazy: bool = True, priority: bool = False) -> str:
    """A `<picture>`: WebP renditions for the browsers that take them, JPEG ones otherwise.

    `sizes` says how wide the photo is drawn (as in the CSS); width and height are the real pixel size
    of the JPEG fallback, so the browser reserves the right box before anything loads. `lazy` photos
    (those below the fold) wait until they are near; `priority` asks for an above-the-fold one first.
    """
    if photo is None or not photo.image:
        return ""
    loading = _LAZY if lazy else _PRIORITY if priority else ""
    renditions = _renditions(photo)
    if renditions is not None:
        try:
            fallback = renditions.fallback
            return format_html(
                '<picture><source type="image/webp" srcset="{}" sizes="{}">'
                '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
                renditions.srcset("webp"),
                sizes,
                fallback.url,
                renditions.srcset("jpg"),
                sizes,
                fallback.width,
                fallback.height,
                alt,
                loading,
            )
        except Exception:
            logger.exception("Renditions of photo %s could not be printed", photo.pk)
    # No renditions (the original is missing or unreadable): the photo's own address, logged already.
    try:
        url = photo.image.url
    except Exception:
        logger.exception("Photo %s has no address", photo.pk)
        return ""
    size = format_html(' width="{}" height="{}"', photo.width, photo.height) if photo.width and photo.height else ""
    return format_html('<img src="{}" alt="{}"{}{}>', url, alt, size, loading)
