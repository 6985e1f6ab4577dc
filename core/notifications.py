"""Live events to one person's open pages (the /ws/notifications/ stream).

Call ``push`` from services inside their transaction: it sends after commit, so nobody hears of
something that was rolled back. Delivery is best-effort (channel layers deliver at most once);
pages fetch the truth from the database on reconnect.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent after commit, just before the live send, with ``user_id`` and ``event``: the inbox
# (the ``notifications`` app) listens, so the domain apps never import it.
event_pushed = Signal()


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


_deferred = threading.local()


@contextlib.contextmanager
def deferred_sends() -> Iterator[list[Callable[[], None]]]:
    """Within this block (in this thread), each send registered for after commit is, after the
    commit, appended to the yielded list instead of run: the caller runs them, in order, when it
    chooses (each has the ``group`` it sends to). Still only what committed is ever sent. The chat's group commit acknowledges a batch
    first and fans it out after (mentoring/chat_writer.py)."""
    previous = getattr(_deferred, "sends", None)
    sends: list[Callable[[], None]] = []
    _deferred.sends = sends
    try:
        yield sends
    finally:
        _deferred.sends = previous


def send_after_commit(group: str, message: dict[str, Any], before=None) -> None:
    """After commit, send ``message`` to a channel-layer group; best effort, a failure is logged."""

    def send() -> None:
        if before is not None:
            before()
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            logger.warning("could not send %s to %s", message.get("type"), group, exc_info=True)

    send.group = group  # type: ignore[attr-defined]  # for a caller of deferred_sends that sorts them
    collected = getattr(_deferred, "sends", None)
    if collected is not None:
        transaction.on_commit(functools.partial(collected.append, send))
        return
    transaction.on_commit(send)


def push(user_id: int, event: dict[str, Any]) -> None:
    """After commit, send ``event`` (a JSON-able dict with a ``type``) to every open page of the user."""
    send_after_commit(
        user_group(user_id),
        {"type": "notify", "event": event},
        before=lambda: event_pushed.send_robust(sender=None, user_id=user_id, event=event),
    )
