"""Complaint photos: accept only real images, cap size and dimensions, re-encode to JPEG without metadata."""

from __future__ import annotations

import io
import secrets

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import ApplicationError

MAX_PHOTOS = 4
MAX_BYTES = 5 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_SIDE = 2000  # stored photos are scaled down to fit 2000 x 2000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "MPO"})


def photo_process(*, upload: UploadedFile) -> ContentFile:
    """Decode ``upload`` with Pillow and return a fresh JPEG (no EXIF/GPS, max 2000 px) with a random name."""
    name = getattr(upload, "name", "") or _("photo")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ApplicationError(
            _("%(name)s is larger than 5 MB. Please send a smaller photo.") % {"name": name}, field="photos"
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(probe.format)
            if probe.width * probe.height > MAX_SOURCE_PIXELS:
                raise ApplicationError(
                    _("%(name)s has too many pixels. Please send a smaller photo.") % {"name": name}, field="photos"
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)  # keep the orientation, then drop every metadata field
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)
    except ApplicationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ApplicationError(
            _("%(name)s is not a photo we can read. Please send a JPEG, PNG or WebP image.") % {"name": name},
            field="photos",
        ) from None
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(16)}.jpg")
