"""Photo upload validation with Pillow: the file's content decides what it is, never its name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

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
