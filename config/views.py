"""Project-level endpoints: liveness (``/healthz``), readiness (``/readyz``), the language switch, the web app
manifest and the offline page."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from urllib.parse import unquote, urlsplit

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

THEME_COLOUR = "#1f6f43"  # static/img/tumbuh.svg


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


def _cache_ok() -> bool:
    """A write and a read on the shared cache (Redis in production: allauth's rate limits live there)."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return ok
    except Exception as exc:
        logger.warning("health check: cache unavailable: %s", type(exc).__name__)
        return False


def _task_queue_ok() -> bool:
    """The database task queue answers (only asked when the ``django_tasks_db`` app is installed)."""
    try:
        apps.get_model("django_tasks_database", "DBTaskResult").objects.only("pk").first()
        return True
    except Exception as exc:
        logger.warning("health check: task queue unavailable: %s", type(exc).__name__)
        return False
    finally:
        connection.close_if_unusable_or_obsolete()


def _word(ok: bool) -> str:
    return "ok" if ok else "unavailable"


@never_cache
@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 while this process answers requests. Cheap, touches no database or Redis.

    The keys of the former combined check stay for old clients; the dependencies are reported by
    ``/readyz`` (docs/operations.md).
    """
    return JsonResponse({"status": "ok", "database": "not checked", "channel_layer": "not checked"})


@never_cache
@require_GET
async def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database, channel layer, cache (and task queue, if installed) answer."""
    checks = {
        "database": await sync_to_async(_database_ok, thread_sensitive=True)(),
        "channel_layer": await _channel_layer_ok(),
        "cache": await sync_to_async(_cache_ok, thread_sensitive=True)(),
    }
    extra = {}
    if apps.is_installed("django_tasks_db"):
        # Queue depth and the age of the oldest waiting task (docs/tasks.md): a growing age means
        # the task workers do not keep up, or none is running. Read before the probe, which closes
        # an unusable connection at its end.
        queue = await sync_to_async(_task_queue, thread_sensitive=True)()
        checks["tasks"] = await sync_to_async(_task_queue_ok, thread_sensitive=True)()
        if checks["tasks"]:
            extra["task_queue"] = queue
    ok = all(checks.values())
    return JsonResponse(
        {"status": _word(ok), **{name: _word(value) for name, value in checks.items()}, **extra},
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


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and bookmark tools that ask for /favicon.ico get the app icon, not a 404 (E21)."""
    return HttpResponsePermanentRedirect(static("img/icon-192.png"))


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """``/manifest.webmanifest``: what makes Tumbuh installable; the installed app opens on the person's home."""
    icon = static
    data = {
        "id": "/",
        "name": "Tumbuh",
        "short_name": "Tumbuh",
        "description": "Pendampingan dan inkubasi usaha untuk keluarga wirausaha ProKus.",
        "lang": "id",
        "dir": "ltr",
        "start_url": "/accounts/home/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": icon("img/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": icon("img/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": icon("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the service worker shows for a page never opened without signal (precached, one per
    language). Rendered as for a visitor: it is shared by everyone on the device, so it carries nobody's
    name or menu; its script lists the pages this person saved (static/js/offline.js)."""
    request.user = AnonymousUser()
    response = render(request, "offline.html")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    """What this phone still has to send (``static/js/outbox.js`` fills the list from IndexedDB:
    the server knows nothing of it until it is sent)."""
    return render(request, "outbox.html")
