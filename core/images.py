"""Photo uploads from phones: decoded to prove they are images, re-encoded without metadata.

Generic on purpose: evidence, proofs, chat, session, visit and complaint photos share it. It raises its
own ``PhotoRejected``; an app that wants its own error class translates it (``incubator.images``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2560  # a phone photo at this size is sharp enough to read a receipt
THUMBNAIL_SIDE = 480
JPEG_QUALITY = 82


class PhotoRejected(DomainError):
    """The upload is not a usable photo; the message says why."""


@dataclass(frozen=True)
class ProcessedImage:
    """The re-encoded photo and its thumbnail, ready to assign to an ImageField."""

    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    content_type: str


def _open_checked(data: bytes) -> Image.Image:
    """Open, check format and pixel count from the header, then verify the whole file."""
    image = Image.open(BytesIO(data))
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoRejected(_("Only JPEG, PNG or WebP photos can be uploaded."))
    width, height = image.size
    if width < 1 or height < 1 or width * height > settings.TUMBUH_MAX_IMAGE_PIXELS:
        raise PhotoRejected(
            _("This photo has too many pixels (at most %(mp)d megapixels). Please send a smaller one.")
            % {"mp": settings.TUMBUH_MAX_IMAGE_PIXELS // 1_000_000}
        )
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = BytesIO()
    # A fresh info dict: nothing of the original (EXIF, GPS, ICC, XMP, comments) is written back.
    image.info = {}
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "WEBP", quality=JPEG_QUALITY, method=4)
    return out.getvalue()


def clean_photo(uploaded) -> ProcessedImage:
    """Check an uploaded photo and return it re-encoded without metadata, plus a thumbnail.

    The file is decoded with Pillow (its name and declared type are ignored): JPEG, PNG or WebP
    only, at most ``TUMBUH_MAX_UPLOAD_BYTES`` and ``TUMBUH_MAX_IMAGE_PIXELS`` (checked from the
    header before the full decode; Pillow's bomb warning is an error here). The EXIF orientation is
    applied, then the photo is written again as JPEG (or WebP when it has transparency), which drops
    EXIF (and so GPS), ICC and every other metadata. Raises ``PhotoRejected`` with a clear message.
    """
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.TUMBUH_MAX_UPLOAD_BYTES:
        raise PhotoRejected(_too_big())
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(settings.TUMBUH_MAX_UPLOAD_BYTES + 1)
    if len(data) > settings.TUMBUH_MAX_UPLOAD_BYTES:
        raise PhotoRejected(_too_big())
    if not data:
        raise PhotoRejected(_("The photo is empty."))

    not_an_image = _("This file is not a photo we can read. Please send a JPEG, PNG or WebP photo.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _open_checked(data).verify()
            image = _open_checked(data)
            image.load()
            image = ImageOps.exif_transpose(image)
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(
            _("This photo has too many pixels (at most %(mp)d megapixels). Please send a smaller one.")
            % {"mp": settings.TUMBUH_MAX_IMAGE_PIXELS // 1_000_000}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError):
        raise PhotoRejected(not_an_image) from None

    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        image = image.convert("RGBA")
        fmt, ext, content_type = "WEBP", "webp", "image/webp"
    else:
        image = image.convert("RGB")
        fmt, ext, content_type = "JPEG", "jpg", "image/jpeg"

    image.thumbnail((MAX_SIDE, MAX_SIDE))
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return ProcessedImage(
        image=ContentFile(_encode(image, fmt), name=f"photo.{ext}"),
        thumbnail=ContentFile(_encode(thumb, fmt), name=f"thumb.{ext}"),
        width=image.width,
        height=image.height,
        content_type=content_type,
    )


def _too_big() -> str:
    return _("This photo is larger than %(mb)d MB. Please send a smaller one.") % {
        "mb": settings.TUMBUH_MAX_UPLOAD_BYTES // (1024 * 1024)
    }
