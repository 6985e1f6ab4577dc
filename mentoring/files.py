"""Serving private uploads (chat attachments, session and visit photos) after a permission check."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def serve_private_file(file: FieldFile | None) -> FileResponse:
    """The file as a private, cacheable response; the caller has already checked permission.

    An empty field or a file missing from storage is a 404, not a 500.
    """
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg" if file.name.endswith(".jpg") else None)
    response["Cache-Control"] = "private, max-age=3600"
    return response
