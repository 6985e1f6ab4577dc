"""Writes: inbox items from domain events, reading and seeing them, channel choices, and the
off-page pipeline (plan after the delay → send one digest per channel, idempotent, retried).

The pipeline in one paragraph: an item that nobody has SEEN in the app ``TUMBUH_NOTIFY_DELAY``
seconds after it was created is *planned*: one ``Delivery`` row per channel the person can be
reached on and accepts (security items ignore opt-outs), due at once or, for SMS at night, at
06:00 in the person's own time zone. ``send_due`` then sends every due row of one person and
channel as ONE message, under a row lock, so two workers running it send once.
"""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from notifications import kinds
from notifications.models import Channel, Delivery, Notification, Preference
from notifications.senders import QUIET_UNTIL, SENDERS
from notifications.timezones import zone_for

logger = logging.getLogger(__name__)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


# -- the inbox ---------------------------------------------------------------------------------


def record_event(
    user_id: int, event: dict[str, Any], *, now: datetime.datetime | None = None
) -> Notification | None:
    """The inbox item for a domain event (``core.notifications.push``), or None when the event
    is live-only. Chat messages collapse: one unread item per conversation, counting messages.

    Called after the domain transaction committed (``event_pushed``): the item is stored in its
    own transaction, then its delivery task is enqueued directly (the item is committed by then).
    """
    now = _now(now)
    notification = _store_event(user_id, event, now=now)
    if notification is not None:
        from notifications import tasks

        tasks.enqueue_at(tasks.deliver_for_user, now + delay(), user_id)
    return notification


@transaction.atomic
def _store_event(user_id: int, event: dict[str, Any], *, now: datetime.datetime) -> Notification | None:
    if event.get("type") == "unread":
        if event.get("unread_total") == 0:  # every conversation read: their items are read too
            Notification.objects.filter(
                recipient_id=user_id, kind="new_message", read_at__isnull=True
            ).update(read_at=now, seen_at=now)
        return None
    item = kinds.item_for(event)
    if item is None:
        return None
    if item.collapse_key:
        existing = (
            Notification.objects.select_for_update()
            .filter(recipient_id=user_id, collapse_key=item.collapse_key, read_at__isnull=True)
            .first()
        )
        if existing is not None:
            _collapse_into(existing, item, now=now)
            existing.save(update_fields=["params", "created_at", "seen_at", "offpage_planned_at"])
            return existing
    notification = _new_item(user_id, item, now=now)
    notification.save(force_insert=True)
    return notification


def _collapse_into(existing: Notification, item, *, now: datetime.datetime) -> None:
    """A new event of an open item's kind: the item counts it, is new again and unseen (not saved)."""
    count = int(existing.params.get("count") or 1) + 1
    existing.params = {**item.params, "count": count}
    existing.created_at, existing.seen_at, existing.offpage_planned_at = now, None, None


def _new_item(user_id: int, item, *, now: datetime.datetime) -> Notification:
    """The inbox item of an event (not saved)."""
    return Notification(
        recipient_id=user_id,
        kind=item.kind,
        params=item.params,
        url=item.url[:300],
        collapse_key=item.collapse_key,
        created_at=now,
    )


def record_events(
    events: list[tuple[int, dict[str, Any]]], *, now: datetime.datetime | None = None
) -> list[Notification | None]:
    """``record_event`` for many events at once, in order, with the same outcome as one after the
    other: one transaction and a fixed number of statements for their items (the open items they
    collapse into locked in id order, one insert, one update), then one delivery task for all
    their recipients (``tasks.deliver_for_users``: one task row per batch, where a row per person
    was a sixth of a chat worker's time at 200 pairs). The chat writer's batches come here
    (``core.notifications.events_pushed``)."""
    now = _now(now)
    if any(event.get("type") == "unread" for _user_id, event in events):
        # It may mark earlier items read: the one-by-one rule keeps the order exact.
        return [record_event(user_id, event, now=now) for user_id, event in events]
    stored = _store_events(events, now=now)
    recipients = list(dict.fromkeys(item.recipient_id for item in stored if item is not None))
    if recipients:
        from notifications import tasks

        tasks.enqueue_at(tasks.deliver_for_users, now + delay(), recipients)
    return stored


@transaction.atomic
def _store_events(
    events: list[tuple[int, dict[str, Any]]], *, now: datetime.datetime
) -> list[Notification | None]:
    items = [kinds.item_for(event) for _user_id, event in events]
    keys = {
        (user_id, item.collapse_key)
        for (user_id, _event), item in zip(events, items, strict=True)
        if item is not None and item.collapse_key
    }
    open_items: dict[tuple[int, str], Notification] = {}
    if keys:
        rows = (
            Notification.objects.select_for_update()
            .filter(
                recipient_id__in={user_id for user_id, _key in keys},
                collapse_key__in={key for _user_id, key in keys},
                read_at__isnull=True,
            )
            .order_by("pk")  # locks in id order: two batches never deadlock
        )
        for row in rows:
            key = (row.recipient_id, row.collapse_key)
            newest = open_items.get(key)
            # record_event's ``.first()`` takes the newest (the model's ordering).
            if key in keys and (newest is None or (row.created_at, row.pk) > (newest.created_at, newest.pk)):
                open_items[key] = row
    results: list[Notification | None] = []
    created: list[Notification] = []
    changed: dict[int, Notification] = {}
    for (user_id, _event), item in zip(events, items, strict=True):
        if item is None:
            results.append(None)
            continue
        existing = open_items.get((user_id, item.collapse_key)) if item.collapse_key else None
        if existing is not None:
            _collapse_into(existing, item, now=now)
            if existing.pk is not None:
                changed[existing.pk] = existing
            results.append(existing)
            continue
        notification = _new_item(user_id, item, now=now)
        created.append(notification)
        if item.collapse_key:
            open_items[(user_id, item.collapse_key)] = notification
        results.append(notification)
    if created:
        Notification.objects.bulk_create(created)
    if changed:
        _update_collapsed(list(changed.values()), now=now)
    return results


# PostgreSQL: the collapsed items in one statement that joins their new params by id. Django's
# bulk_update builds a CASE per row, and compiling it was a seventh of a chat worker's CPU at 300 pairs.
UPDATE_COLLAPSED_SQL = """
UPDATE notifications_notification AS n
SET params = v.params::jsonb, created_at = %(now)s, seen_at = NULL, offpage_planned_at = NULL
FROM unnest(%(ids)s::bigint[], %(params)s::text[]) AS v(id, params)
WHERE n.id = v.id
"""


def _update_collapsed(items: list[Notification], *, now: datetime.datetime) -> None:
    """Store each item's new params, and ``created_at = now`` with seen and planned cleared."""
    if connection.vendor != "postgresql":
        Notification.objects.bulk_update(items, ["params", "created_at", "seen_at", "offpage_planned_at"])
        return
    with connection.cursor() as cursor:
        cursor.execute(
            UPDATE_COLLAPSED_SQL,
            {
                "now": now,
                "ids": [item.pk for item in items],
                "params": [json.dumps(item.params) for item in items],
            },
        )


@transaction.atomic
def notify_security(user, message: str) -> Notification:
    """A security notice (e.g. a new sign-in): it reaches every channel the person has, opt-outs or not."""
    notification = Notification.objects.create(
        recipient=user, kind="security", params={"message": message[:300]}
    )
    _schedule_planning(user.pk, notification.created_at)
    return notification


def mark_seen(*, user, ids: list[int], now: datetime.datetime | None = None) -> int:
    """The items were displayed to their recipient (the inbox page): they stay in the app."""
    return Notification.objects.filter(recipient=user, pk__in=ids, seen_at__isnull=True).update(
        seen_at=_now(now)
    )


def mark_path_seen(*, user, path: str, now: datetime.datetime | None = None) -> int:
    """The person opened a page that unread items point to: those items are seen (not read)."""
    return Notification.objects.filter(
        recipient=user, url=path, read_at__isnull=True, seen_at__isnull=True
    ).update(seen_at=_now(now))


def open_notification(notification: Notification, *, now: datetime.datetime | None = None) -> str:
    """Mark the item read (and seen); return where it leads."""
    now = _now(now)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    Notification.objects.filter(pk=notification.pk, seen_at__isnull=True).update(seen_at=now)
    return notification.url


def mark_all_read(*, user, now: datetime.datetime | None = None) -> int:
    now = _now(now)
    Notification.objects.filter(recipient=user, seen_at__isnull=True).update(seen_at=now)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now)


@transaction.atomic
def set_preferences(user, *, sms: bool, email: bool, push: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={"sms": bool(sms), "email": bool(email), "push": bool(push)}
    )
    return preference


# -- off-page delivery --------------------------------------------------------------------------


def delay() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TUMBUH_NOTIFY_DELAY)


def _schedule_planning(user_id: int, now: datetime.datetime) -> None:
    """After commit, a task that plans this person's off-page messages once the delay has passed
    (the scheduler's sweep does the same every minute, for backends that cannot defer)."""
    from notifications import tasks

    tasks.enqueue_later(tasks.deliver_for_user, now + delay(), user_id)


def _accepts(preference: Preference, channel: str, kind: str) -> bool:
    return kinds.is_security(kind) or bool(getattr(preference, channel, True))


@transaction.atomic
def plan_offpage(user_id: int, *, now: datetime.datetime | None = None) -> dict[str, datetime.datetime]:
    """Plan the person's items that were not seen within the delay: one queued ``Delivery`` per
    reachable, accepted channel. Returns, per channel, when the first message may go out."""
    from accounts.models import User

    now = _now(now)
    items = list(
        Notification.objects.select_for_update().filter(
            recipient_id=user_id, offpage_planned_at__isnull=True, created_at__lte=now - delay()
        )
    )
    if not items:
        return {}
    Notification.objects.filter(pk__in=[item.pk for item in items]).update(offpage_planned_at=now)
    user = User.objects.get(pk=user_id)
    preference = Preference.objects.filter(user=user).first() or Preference(user=user)
    senders = [sender for sender in SENDERS.values() if user.is_active and sender.reachable(user)]
    earliest = {sender.channel: sender.earliest(user, now) for sender in senders}
    due: dict[str, datetime.datetime] = {}
    for item in items:
        if item.seen_at or item.read_at:
            continue
        for sender in senders:
            if not _accepts(preference, sender.channel, item.kind):
                continue
            Delivery.objects.update_or_create(
                notification=item,
                channel=sender.channel,
                defaults={
                    "status": Delivery.Status.QUEUED,
                    "attempts": 0,
                    "last_error": "",
                    "next_attempt_at": earliest[sender.channel],
                    "sent_at": None,
                    "batch": None,
                },
            )
            due[sender.channel] = earliest[sender.channel]
    return due


def _next_morning(now: datetime.datetime, zone) -> datetime.datetime:
    tomorrow = now.astimezone(zone).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, QUIET_UNTIL, tzinfo=zone)


def sms_sent_today(user_id: int, *, now: datetime.datetime, zone) -> int:
    """SMS messages (digests count once) sent to the person since local midnight."""
    midnight = datetime.datetime.combine(now.astimezone(zone).date(), datetime.time(0), tzinfo=zone)
    return (
        Delivery.objects.filter(
            notification__recipient_id=user_id,
            channel=Channel.SMS,
            status=Delivery.Status.SENT,
            sent_at__gte=midnight,
        )
        .values("batch")
        .distinct()
        .count()
    )


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before attempt ``attempts + 1``: base, 2×base, 4×base… (capped at a day)."""
    seconds = settings.TUMBUH_NOTIFY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 24 * 3600))


@transaction.atomic
def send_due(user_id: int, channel: str, *, now: datetime.datetime | None = None) -> int:
    """Send the person's due deliveries on ``channel`` as ONE message; return how many items went.

    Locks the delivery rows, so a second run (another worker, a retried task) waits and then finds
    nothing queued: each item is sent once. Items seen in the app meanwhile are cancelled. SMS
    respects the night (deferred to 06:00 local) and ``TUMBUH_SMS_PER_DAY`` (deferred to the next
    morning). A failure is recorded and retried with exponential backoff until
    ``TUMBUH_NOTIFY_MAX_ATTEMPTS``, then marked failed.
    """
    from accounts.models import User

    now = _now(now)
    rows = list(
        Delivery.objects.select_for_update()
        .filter(
            notification__recipient_id=user_id,
            channel=channel,
            status=Delivery.Status.QUEUED,
            next_attempt_at__lte=now,
        )
        .select_related("notification")
        .order_by("notification__created_at", "pk")
    )
    if not rows:
        return 0
    user = User.objects.get(pk=user_id)
    sender = SENDERS[channel]
    preference = Preference.objects.filter(user=user).first() or Preference(user=user)
    live, dropped = [], []
    for row in rows:
        item = row.notification
        seen = item.seen_at is not None or item.read_at is not None
        if seen or not _accepts(preference, channel, item.kind) or not sender.reachable(user):
            dropped.append(row.pk)
        else:
            live.append(row)
    if dropped:
        Delivery.objects.filter(pk__in=dropped).update(status=Delivery.Status.CANCELLED, updated_at=now)
    if not live:
        return 0
    ids = [row.pk for row in live]
    later = sender.earliest(user, now)
    if later <= now and channel == Channel.SMS:
        zone = zone_for(user)
        if sms_sent_today(user_id, now=now, zone=zone) >= settings.TUMBUH_SMS_PER_DAY:
            later = _next_morning(now, zone)
    if later > now:
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=later, updated_at=now)
        _schedule_send(user_id, channel, later)
        return 0
    try:
        sender.send(user, [row.notification for row in live])
    except Exception as exc:
        attempts = max(row.attempts for row in live) + 1
        failed = attempts >= settings.TUMBUH_NOTIFY_MAX_ATTEMPTS
        retry_at = now + backoff(attempts)
        Delivery.objects.filter(pk__in=ids).update(
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            status=Delivery.Status.FAILED if failed else Delivery.Status.QUEUED,
            next_attempt_at=retry_at,
            updated_at=now,
        )
        logger.warning(
            "%s to user %s failed (attempt %s): %s", channel, user_id, attempts, type(exc).__name__
        )
        if not failed:
            _schedule_send(user_id, channel, retry_at)
        return 0
    batch = uuid.uuid4()
    for row in live:
        Delivery.objects.filter(pk=row.pk).update(
            status=Delivery.Status.SENT, attempts=row.attempts + 1, sent_at=now, batch=batch, updated_at=now
        )
    return len(live)


def _schedule_send(user_id: int, channel: str, when: datetime.datetime) -> None:
    from notifications import tasks

    tasks.enqueue_later(tasks.send_for_user, when, user_id, channel)


def deliver_for_user(user_id: int, *, now: datetime.datetime | None = None) -> int:
    """Plan what is due for one person, then send what may go now. Returns items sent."""
    now = _now(now)
    plan_offpage(user_id, now=now)
    return sum(send_due(user_id, channel, now=now) for channel in SENDERS)


def sweep(*, now: datetime.datetime | None = None) -> int:
    """The safety net the scheduler runs every minute: every person with items past the delay or
    deliveries due (retries, mornings) gets ``deliver_for_user``. Returns items sent."""
    now = _now(now)
    to_plan = Notification.objects.filter(
        offpage_planned_at__isnull=True, created_at__lte=now - delay()
    ).values("recipient_id")
    to_send = Delivery.objects.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now).values(
        "notification__recipient_id"
    )
    user_ids = set(to_plan.values_list("recipient_id", flat=True)) | set(
        to_send.values_list("notification__recipient_id", flat=True)
    )
    sent = 0
    for user_id in sorted(user_ids):
        try:
            sent += deliver_for_user(user_id, now=now)
        except Exception:  # one person's problem must not stop the others
            logger.exception("delivery sweep failed for user %s", user_id)
    return sent


# -- web push subscriptions ---------------------------------------------------------------------


class SubscriptionError(ValueError):
    """A subscription the browser sent that we cannot use (the message is shown to the person)."""


@transaction.atomic
def save_push_subscription(user, *, endpoint: str, p256dh: str, auth: str, user_agent: str = ""):
    """Store (or refresh) this browser's subscription. The endpoint is unique: the same browser
    signing in as someone else moves to that person."""
    import base64

    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator
    from django.utils.translation import gettext as _

    from notifications.models import PushSubscription

    endpoint, p256dh, auth = (str(endpoint or "").strip(), str(p256dh or "").strip(), str(auth or "").strip())
    try:
        URLValidator(schemes=["https"])(endpoint)
        if len(endpoint) > 1000:
            raise ValidationError("too long")
        if len(base64.urlsafe_b64decode(p256dh + "=" * (-len(p256dh) % 4))) != 65:
            raise ValidationError("p256dh")
        if len(base64.urlsafe_b64decode(auth + "=" * (-len(auth) % 4))) != 16:
            raise ValidationError("auth")
    except (ValidationError, ValueError) as exc:
        raise SubscriptionError(_("This browser sent a push subscription that cannot be used.")) from exc
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "user_agent": str(user_agent or "")[:300],
            "expired_at": None,
            "created_at": timezone.now(),
        },
    )
    return subscription


@transaction.atomic
def remove_push_subscription(user, *, endpoint: str) -> int:
    from notifications.models import PushSubscription

    return PushSubscription.objects.filter(user=user, endpoint=str(endpoint or "").strip()).delete()[0]
