"""Serving private uploads (evidence, proofs, chat, session, visit and complaint photos) after a permission check."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse

PRIVATE_CACHE = "private, max-age=3600"


def serve_private_file(
    file: FieldFile | None, *, cache_control: str = PRIVATE_CACHE, disposition: str | None = None
) -> HttpResponse:
    """The file as a private response; the caller has already checked permission.

    An empty field or a file missing from storage is a 404, not a 500. With
    ``TUMBUH_PRIVATE_FILES_ACCEL`` set (e.g. ``/protected/``), the response is empty and carries
    ``X-Accel-Redirect: /protected/<name>``: nginx sends the bytes from its ``internal`` location, so a
    photo never ties up an ASGI worker (docs/operations.md, "Production posture").
    """
    if not file:
        raise Http404
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    accel = getattr(settings, "TUMBUH_PRIVATE_FILES_ACCEL", None)
    if accel:
        if not file.storage.exists(file.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel + quote(file.name)
    else:
        try:
            handle = file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    if disposition:
        response["Content-Disposition"] = disposition
    return response
