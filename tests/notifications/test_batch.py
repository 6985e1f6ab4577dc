"""``record_events``: many inbox items at once (the chat writer's batches), the same as one by one."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)


def chat_event(conversation_id: int, preview: str, sender: str = "Bu Sari") -> dict:
    return {
        "type": "new_message",
        "conversation_id": conversation_id,
        "sender_name": sender,
        "preview": preview,
        "unread_total": 1,
    }


def snapshot(users) -> list[tuple]:
    return [
        (n.recipient_id, n.kind, n.params, n.url, n.collapse_key, n.created_at, n.seen_at, n.read_at)
        for n in Notification.objects.filter(recipient__in=users).order_by(
            "recipient_id", "collapse_key", "pk"
        )
    ]


def a_mix(one, two) -> list[tuple[int, dict]]:
    return [
        (one.pk, chat_event(7, "Satu")),
        (two.pk, chat_event(7, "Halo")),
        (one.pk, chat_event(7, "Dua")),  # collapses into the item this batch created
        (one.pk, chat_event(8, "Lain")),  # collapses into the item that was already open
        (two.pk, {"type": "live_only_event"}),  # no inbox item
        (one.pk, {"type": "session_logged", "date": "2026-12-05"}),  # no collapse key
    ]


def prepare(one) -> None:
    services.record_event(one.pk, chat_event(8, "Kemarin"), now=NOW - datetime.timedelta(days=1))
    old = services.record_event(one.pk, chat_event(9, "Sudah dibaca"), now=NOW - datetime.timedelta(days=1))
    Notification.objects.filter(pk=old.pk).update(read_at=NOW - datetime.timedelta(hours=1))


def test_a_batch_stores_what_one_by_one_would():
    one, two = UserFactory(), UserFactory()
    prepare(one)
    for user_id, event in a_mix(one, two):
        services.record_event(user_id, event, now=NOW)
    expected = snapshot([one, two])
    Notification.objects.all().delete()

    prepare(one)
    results = services.record_events(a_mix(one, two), now=NOW)

    assert snapshot([one, two]) == expected
    assert [r is None for r in results] == [False, False, False, False, True, False]
    assert results[0] is results[2]
    assert results[3].params["count"] == 2


def test_a_batch_is_three_statements_for_its_items_whatever_its_size():
    receivers = [UserFactory() for _ in range(6)]
    for user in receivers[:3]:
        services.record_event(user.pk, chat_event(user.pk, "Kemarin"), now=NOW - datetime.timedelta(days=1))
    events = [(user.pk, chat_event(user.pk, f"Pesan {i}")) for i in range(2) for user in receivers]
    # The open items locked, one insert, one update; then one delivery task for the whole batch.
    with CaptureQueriesContext(connection) as captured:
        services.record_events(events, now=timezone.now())
    item_statements = [q for q in captured.captured_queries if "notifications_notification" in q["sql"]]
    assert len(item_statements) == 3
    assert Notification.objects.filter(recipient__in=receivers).count() == len(receivers)
    assert all(
        n.params["count"] == (3 if n.recipient in receivers[:3] else 2)
        for n in Notification.objects.filter(recipient__in=receivers)
    )


def test_an_unread_event_in_a_batch_keeps_the_one_by_one_order():
    one = UserFactory()
    services.record_events(
        [
            (one.pk, chat_event(7, "Satu")),
            (one.pk, {"type": "unread", "unread_total": 0}),
            (one.pk, chat_event(7, "Dua")),
        ],
        now=NOW,
    )
    first, second = Notification.objects.filter(recipient=one).order_by("pk")
    assert (first.params["preview"], first.read_at) == ("Satu", NOW)
    assert (second.params["preview"], second.read_at) == ("Dua", None)


def test_a_batch_enqueues_one_delivery_task_for_all_its_recipients(settings):
    """One task row per batch (``deliver_for_users``), due after the delay: not one per person."""
    from django_tasks_db.models import DBTaskResult

    settings.TUMBUH_NOTIFY_DELAY = 600
    one, two = UserFactory(), UserFactory()
    DBTaskResult.objects.all().delete()
    now = datetime.datetime.now(datetime.UTC)
    services.record_events(a_mix(one, two), now=now)
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path.endswith("deliver_for_users")
    assert queued.args_kwargs["args"] == [[one.pk, two.pk]]
    assert queued.run_after == now + datetime.timedelta(seconds=600)
    services.record_events([(two.pk, {"type": "live_only_event"})], now=now)  # no item: no task
    assert DBTaskResult.objects.count() == 1


def test_the_batch_delivery_task_plans_each_persons_items(settings):
    from notifications import tasks

    settings.TUMBUH_NOTIFY_DELAY = 0
    one, two = UserFactory(), UserFactory()
    services.record_events([(one.pk, chat_event(7, "Satu")), (two.pk, chat_event(8, "Dua"))], now=NOW)
    tasks.deliver_for_users.call([one.pk, two.pk])
    assert not Notification.objects.filter(recipient__in=[one, two], offpage_planned_at__isnull=True).exists()
