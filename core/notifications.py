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
# Sent instead of ``event_pushed`` when a batch of committed pushes runs together (``run_sends``),
# once, with ``events``: ``[(user_id, event), …]`` in order. A receiver of ``event_pushed`` listens
# to both.
events_pushed = Signal()


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


def send_after_commit(
    group: str, message: dict[str, Any], before=None, *, pushed: tuple[int, dict[str, Any]] | None = None
) -> None:
    """After commit, send ``message`` to a channel-layer group; best effort, a failure is logged."""

    def live() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            logger.warning("could not send %s to %s", message.get("type"), group, exc_info=True)

    def send() -> None:
        if before is not None:
            before()
        live()

    # For a caller of deferred_sends: the group (to sort them), and for a push its (user_id, event)
    # and the live send alone (``run_sends`` hands the events to the inbox together).
    send.group = group  # type: ignore[attr-defined]
    send.pushed = pushed  # type: ignore[attr-defined]
    send.live = live  # type: ignore[attr-defined]
    send.message = message  # type: ignore[attr-defined]
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
        pushed=(user_id, event),
    )


def has_pushes(sends: list[Callable[[], None]]) -> bool:
    return any(getattr(send, "pushed", None) is not None for send in sends)


def record_pushes(sends: list[Callable[[], None]]) -> None:
    """The inbox part of ``run_sends`` (in a thread: it writes): one ``events_pushed`` with the
    events of the pushes among ``sends``."""
    pushed = [send.pushed for send in sends if getattr(send, "pushed", None) is not None]
    if pushed:
        events_pushed.send_robust(sender=None, events=pushed)


async def send_live(sends: list[Callable[[], None]]) -> None:
    """The live part of ``run_sends``, on the event loop (no thread, no ``async_to_sync`` per send):
    each send's message to its group, in order, each best effort. Call ``record_pushes`` first."""
    layer = get_channel_layer()
    for send in sends:
        if layer is None:
            return
        try:
            await layer.group_send(send.group, send.message)  # type: ignore[attr-defined]
        except Exception:
            logger.warning(
                "could not send %s to %s",
                send.message.get("type"),  # type: ignore[attr-defined]
                send.group,  # type: ignore[attr-defined]
                exc_info=True,
            )


def run_sends(sends: list[Callable[[], None]]) -> None:
    """Run sends collected by ``deferred_sends``, in order, each best effort (a failure is logged).

    The pushes among them reach the inbox together: one ``events_pushed`` with all their events
    (their inbox items in one transaction) instead of an ``event_pushed`` each, then each live send.
    From the event loop, ``record_pushes`` in a thread then ``send_live`` do the same without a
    thread hop per send.
    """
    record_pushes(sends)
    for send in sends:
        try:
            (send.live if getattr(send, "pushed", None) is not None else send)()  # type: ignore[attr-defined]
        except Exception:
            logger.exception("a send after commit failed")
