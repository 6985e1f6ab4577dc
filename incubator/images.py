"""Photos for the incubator (evidence, proofs, business photos): ``core.images`` with the incubator's error."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from core.images import THUMBNAIL_SIDE, PhotoRejected, ProcessedImage
from core.images import clean_photo as _clean_photo
from incubator.errors import EvidenceError

__all__ = ["THUMBNAIL_SIDE", "ProcessedImage", "clean_photo"]


def clean_photo(uploaded: UploadedFile) -> ProcessedImage:
    """``core.images.clean_photo``; an unusable photo raises ``EvidenceError`` with the same message."""
    try:
        return _clean_photo(uploaded)
    except PhotoRejected as exc:
        raise EvidenceError(str(exc)) from exc
