"""Project-level endpoints: the health check and the error pages."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import unquote, urlsplit

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as exc:  # an outage is an answer here (503), not a bug: one line, no traceback
        logger.warning("health check: database unavailable: %s", type(exc).__name__)
        return False


def _task_queue() -> dict[str, int | None]:
    """Tasks waiting to run now, and the age in seconds of the oldest (database backend only)."""
    from django.utils import timezone

    try:
        from django.db.models import Case, Count, F, Min, When
        from django.db.models.functions import Greatest
        from django_tasks_db.models import DBTaskResult, get_date_max

        # A deferred task waits from its run_after on, not from when it was enqueued.
        waiting = DBTaskResult.objects.ready().aggregate(
            queued=Count("pk"),
            oldest=Min(
                Case(
                    When(run_after=get_date_max(), then=F("enqueued_at")),
                    default=Greatest(F("enqueued_at"), F("run_after")),
                )
            ),
        )
        queued, oldest = waiting["queued"], waiting["oldest"]
        age = max(0, int((timezone.now() - oldest).total_seconds())) if oldest else 0
        return {"queued": queued, "oldest_age_s": age}
    except Exception as exc:  # another backend, or the database is down: unknown, not an error page
        logger.info("health check: task queue unknown: %s", type(exc).__name__)
        return {"queued": None, "oldest_age_s": None}


def _database_and_tasks() -> tuple[bool, dict[str, int | None]]:
    try:
        database = _database_ok()
        return database, _task_queue() if database else {"queued": None, "oldest_age_s": None}
    finally:
        connection.close_if_unusable_or_obsolete()


async def _channel_layer_ok() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        channel = await asyncio.wait_for(layer.new_channel("healthz."), timeout=2)
        await asyncio.wait_for(layer.send(channel, {"type": "healthz.ping"}), timeout=2)
        message = await asyncio.wait_for(layer.receive(channel), timeout=2)
        return message.get("type") == "healthz.ping"
    except Exception as exc:
        logger.warning("health check: channel layer unavailable: %s", type(exc).__name__)
        return False


@never_cache
@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """200 with ``{"status": "ok", ...}`` when the database and channel layer both answer; 503 otherwise."""
    database = await sync_to_async(_database_ok, thread_sensitive=True)()
    channel_layer = await _channel_layer_ok()
    tasks = (
        await sync_to_async(_task_queue, thread_sensitive=True)()
        if database
        else {"queued": None, "oldest_age_s": None}
    )
    ok = database and channel_layer
    return JsonResponse(
        {
            "status": "ok" if ok else "unavailable",
            "database": "ok" if database else "unavailable",
            "channel_layer": "ok" if channel_layer else "unavailable",
            "tasks": tasks,
        },
        status=200 if ok else 503,
    )


def _is_local(url: str, request: HttpRequest) -> bool:
    """Whether a browser following ``url`` stays on this site, however it is spelled.

    Browsers read ``\\`` as ``/`` and some proxies decode ``%2F``/``%5C`` before routing, so the URL
    is checked as given and decoded; a path must start with one slash and no second one.
    """
    for candidate in (url, unquote(url)):
        if not url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return False
        if candidate.replace("\\", "/").startswith("//") or not candidate.isprintable():
            return False
    return True


def set_language(request: HttpRequest):
    """Switch language and stay on the same page: ``/x/`` (Indonesian) ⇄ ``/en/x/`` (English).

    Django's own view resolves ``next`` first, which Wagtail's catch-all page route swallows, so the
    language prefix is swapped here directly. ``next`` is checked before and again after the prefix
    is removed (``/en//evil.example`` must not become ``//evil.example``); anything that would leave
    the site gives the home page.
    """
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not _is_local(next_url, request):
        next_url = "/"
    if request.method != "POST" or language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    parsed = urlsplit(next_url)
    path = parsed.path or "/"
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}" or path.startswith(f"/{code}/")):
            path = path[len(code) + 1 :] or "/"
            break
    query = parsed.query
    if not path.startswith("/") or not _is_local(path, request):
        path, query = "/", ""
    if language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    response = HttpResponseRedirect(f"{path}?{query}" if query else path)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
