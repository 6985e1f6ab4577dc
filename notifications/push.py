"""Web Push (RFC 8030/8291/8292) through ``pywebpush``: the payload the service worker shows
(``/sw.js``), sending it to each live subscription of a person, and expiring the subscriptions the
push service says are gone (404/410).

The payload is JSON: ``{"title", "body", "url", "tag"}``. ``url`` is a same-site path (the service
worker resolves it against its own origin and refuses anything else).
"""

from __future__ import annotations

import base64
import datetime
import json
import logging

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import ngettext

from notifications import kinds
from notifications.models import Notification, PushSubscription

logger = logging.getLogger(__name__)

TTL_SECONDS = 24 * 3600  # a phone that is off for a day still gets it when it wakes up
TIMEOUT_SECONDS = 10
GONE = {404, 410}


def enabled() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def generate_vapid_keys() -> tuple[str, str]:
    """A new (public, private) VAPID pair: base64url of the uncompressed P-256 point, and of the
    raw 32-byte private number (the forms browsers and ``py_vapid`` read)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url(public), b64url(private)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def payload(items: list[Notification]) -> dict[str, str]:
    """What the notification shows: one item, or a digest that opens the inbox."""
    with translation.override(settings.LANGUAGE_CODE):
        if len(items) == 1:
            item = items[0]
            return {
                "title": "Tumbuh",
                "body": kinds.render(item.kind, item.params),
                "url": f"/notifications/{item.pk}/open/",
                "tag": f"tumbuh-{item.pk}",
            }
        return {
            "title": "Tumbuh",
            "body": ngettext(
                "%(n)d new notification for you.", "%(n)d new notifications for you.", len(items)
            )
            % {"n": len(items)},
            "url": "/notifications/",
            "tag": "tumbuh-digest",
        }


def urgency(items: list[Notification]) -> str:
    return "high" if any(kinds.is_security(item.kind) for item in items) else "normal"


class PushFailed(Exception):
    pass


def send_to_user(user, items: list[Notification], *, now: datetime.datetime | None = None) -> int:
    """Send one message to every live subscription of ``user``; return how many took it.

    A 404/410 answer expires that subscription (the browser dropped it). Raises ``PushFailed`` when
    no subscription took the message, so the delivery pipeline records the reason and retries.
    """
    from pywebpush import WebPushException, webpush

    now = now or timezone.now()
    data = json.dumps(payload(items), ensure_ascii=False)
    headers = {"Urgency": urgency(items)}
    delivered, errors = 0, []
    for subscription in PushSubscription.objects.filter(user=user, expired_at__isnull=True):
        try:
            webpush(
                {
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=data,
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=TTL_SECONDS,
                headers=headers,
                timeout=TIMEOUT_SECONDS,
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in GONE:
                PushSubscription.objects.filter(pk=subscription.pk).update(expired_at=now)
                errors.append(f"subscription {subscription.pk} expired ({status})")
            else:
                errors.append(f"subscription {subscription.pk}: {status or exc}")
            continue
        except Exception as exc:  # network errors: the push service is unreachable
            errors.append(f"subscription {subscription.pk}: {type(exc).__name__}")
            continue
        PushSubscription.objects.filter(pk=subscription.pk).update(last_used_at=now)
        delivered += 1
    if not delivered:
        raise PushFailed("; ".join(errors) or "no live subscription")
    return delivered
