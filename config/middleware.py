"""A database outage answers "temporarily unavailable" (503), never a 500 with a traceback."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.db import DATABASE_ERRORS

logger = logging.getLogger("tumbuh.unavailable")

RETRY_AFTER_SECONDS = 30


def unavailable_response() -> HttpResponse:
    # Rendered without the request: its context (the signed-in user) would ask the database again.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
            return unavailable_response()
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database error raised outside a view (e.g. in a middleware) is a 503 too."""
    import sys

    from django.views.defaults import server_error as django_server_error

    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response()
    return django_server_error(request)
