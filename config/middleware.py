"""Project middleware: the 503 page on a database outage, the Content-Security-Policy, no-store when signed in."""

from __future__ import annotations

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header, with the admin relaxation and this host's socket origin (config/settings.py)."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.replace is None and request.path_info.startswith(settings.TUMBUH_CSP_ADMIN_PREFIXES):
            parts.replace = settings.TUMBUH_CSP_ADMIN_REPLACE
        try:
            host = request.get_host()
        except DisallowedHost:  # the 400 page for a foreign Host header: no socket for it
            return parts
        socket_origin = f"{'wss' if request.is_secure() else 'ws'}://{host}"
        update = dict(parts.update or {})
        update["connect-src"] = [*update.get("connect-src", []), socket_origin]
        parts.update = update
        return parts


class PrivatePagesNoStoreMiddleware:
    """A signed-in person's pages are never stored by the browser or a proxy: ``private, no-store``.

    Entrepreneurs share phones; without it the back button after a sign-out shows the previous
    person's pages. Responses that chose their own Cache-Control (private photos, health checks) keep
    it; public pages and static files (served before this middleware) are untouched.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if "Cache-Control" not in response and user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
