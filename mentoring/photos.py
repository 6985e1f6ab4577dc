"""Photos attached to mentoring work: chat messages, sessions and field visits."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from core.images import PhotoRejected, clean_photo


def clean_session_photo(uploaded: UploadedFile):
    """(image, thumbnail) files, re-encoded without EXIF/GPS.

    Raises ``mentoring.services.MentoringError`` (code ``invalid``) when the file is not a
    usable photo, so every mentoring form shows the message like any other refusal.
    """
    from mentoring.services import MentoringError  # services imports this module

    try:
        cleaned = clean_photo(uploaded)
    except PhotoRejected as exc:
        raise MentoringError(str(exc), code="invalid") from exc
    return cleaned.image, cleaned.thumbnail
