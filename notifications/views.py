"""The inbox pages: thin; the rules live in ``services`` and ``selectors``."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core import pwa
from notifications import kinds, push, selectors, services
from notifications.models import Channel
from notifications.senders import SENDERS, ChannelChoice

PAGE_SIZE = 20


@login_required
@never_cache
def inbox(request: HttpRequest) -> HttpResponse:
    """Newest first, paginated. Displaying items marks them seen (they will not go by SMS/e-mail)."""
    page = Paginator(selectors.inbox(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(item, kinds.render(item.kind, item.params)) for item in page.object_list]
    services.mark_seen(user=request.user, ids=[item.pk for item, _text in items if item.seen_at is None])
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@login_required
@require_GET
def open_item(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the item read and go to what it is about (the inbox when it has no local target)."""
    item = selectors.get_notification_for(user=request.user, pk=pk)
    target = services.open_notification(item)
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:inbox")
    language = get_language()
    if target.startswith("/") and language and language != settings.LANGUAGE_CODE:
        target = f"/{language}{target}"  # stored without a language prefix: keep the reader's
    return redirect(target)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@login_required
@require_GET
@never_cache
def unread(request: HttpRequest) -> JsonResponse:
    """``{"unread": n}`` for the live bell (notifications.js asks after each live event)."""
    return JsonResponse({"unread": selectors.unread_count(user=request.user)})


@login_required
@never_cache
def preferences(request: HttpRequest) -> HttpResponse:
    """Opt out of a channel (security messages still reach every channel you have)."""
    preference = selectors.preference_for(user=request.user)
    if request.method == "POST":
        services.set_preferences(
            request.user,
            sms=request.POST.get("sms") == "on",
            email=request.POST.get("email") == "on",
            push=request.POST.get("push") == "on",
        )
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:settings")
    labels = dict(Channel.choices)
    choices = [
        ChannelChoice(
            channel=channel,
            label=str(labels[channel]),
            reachable=SENDERS[channel].reachable(request.user),
            enabled=getattr(preference, channel),
        )
        for channel in (Channel.SMS, Channel.EMAIL, Channel.PUSH)
    ]
    return render(
        request,
        "notifications/settings.html",
        {
            "choices": choices,
            "vapid_public_key": settings.VAPID_PUBLIC_KEY if push.enabled() else "",
        },
    )


def _json_body(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    """``{"endpoint", "keys": {"p256dh", "auth"}}`` from ``pushManager.subscribe`` (CSRF header)."""
    if not push.enabled():
        return JsonResponse({"error": _("Web push is not set up on this server.")}, status=400)
    data = _json_body(request)
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    try:
        services.save_push_subscription(
            request.user,
            endpoint=data.get("endpoint", ""),
            p256dh=keys.get("p256dh", ""),
            auth=keys.get("auth", ""),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except services.SubscriptionError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"subscribed": True})


@login_required
@require_POST
def push_unsubscribe(request: HttpRequest) -> JsonResponse:
    removed = services.remove_push_subscription(
        request.user, endpoint=_json_body(request).get("endpoint", "")
    )
    return JsonResponse({"removed": removed})


SERVICE_WORKER = Path(__file__).resolve().parent / "serviceworker" / "sw.js"


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js`` at the root scope: push, notification clicks and the offline shell (one file).

    The shell's version and URLs come first (a hash of the precached files, core/pwa.py), so a release
    that changes any of them changes these bytes. Always revalidated: a new version reaches browsers on
    their next visit."""
    shell = {"version": pwa.shell_version(), "urls": pwa.shell_urls()}
    head = f"self.TUMBUH_SHELL = {json.dumps(shell)};\n".encode()
    response = HttpResponse(
        head + SERVICE_WORKER.read_bytes(), content_type="application/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
