"""Serving private uploads (evidence, proofs, chat, session, visit and complaint photos) after a permission check."""

from __future__ import annotations

import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

PRIVATE_CACHE = "private, max-age=3600"


def serve_private_file(
    file: FieldFile | None, *, cache_control: str = PRIVATE_CACHE, disposition: str | None = None
) -> FileResponse:
    """The file as a private response; the caller has already checked permission.

    An empty field or a file missing from storage is a 404, not a 500.
    """
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    if disposition:
        response["Content-Disposition"] = disposition
    return response
