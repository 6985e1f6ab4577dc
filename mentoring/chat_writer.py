"""Group commit for the chat socket: one writer per worker process stores the ``send`` frames of all
its sockets in batches, one transaction each (``services.send_messages``).

A socket hands its frame to the writer and waits; the writer takes what has queued up (at most
``max_batch`` frames; with a ``tick``, waiting up to that long after the oldest one for more; by
default none: under load the frames that arrive while a batch is stored form the next), commits them together
and only then answers each socket, which sends its ``ack``: every acknowledged message is committed.
The batch's broadcasts and notifications (committed, collected by ``notifications.deferred_sends``)
are sent right after the acks, in commit order, while the next batch is being stored.
One round of locks and one commit (one fsync) serve many messages, where the per-message path pays
them for each. A socket waits for its ack before it reads its next frame, so its order is kept.

Failures never drop a frame silently: a database or channel-layer outage is raised in each waiting
socket (which closes with 4503, as on the per-message path), any other failure answers each waiting
socket with an ``unavailable`` error, and a writer that was stopped (the worker shuts down) first
commits what it had queued. No socket waits more than ``ack_timeout`` for its answer: a frame still
unanswered then (its batch stuck on a lock, or the writer held up by a fan-out) is answered with
``unavailable`` and the client re-sends it under the same ``client_id`` (stored once whichever
attempt commits); a frame given up on before its batch began is left out of it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from channels.db import DatabaseSyncToAsync
from django.conf import settings
from django.utils.translation import gettext as _

from core import notifications
from core.db import DATABASE_ERRORS, LAYER_ERRORS
from mentoring import services

logger = logging.getLogger(__name__)

MAX_BATCH = 50
# No added wait by default: a batch is what queued while the previous one was being stored.
TICK_SECONDS = 0.0
# The longest a socket waits for its frame's answer (queue, batch and commit) before it answers
# ``unavailable``: long enough for a batch under heavy load, short enough that a writer that stops
# answering (a batch waiting on a lock) never silences its sockets for good.
ACK_TIMEOUT_SECONDS = 15.0
WARN_EVERY_SECONDS = 10.0


class WriterUnavailable(services.MentoringError):
    """The writer failed on this batch for a reason that is not the message's: nothing was stored
    (or the store is unknown); the client retries with the same ``client_id``."""

    code = "unavailable"


@dataclass
class Pending:
    item: services.OutgoingMessage
    queued_at: float
    done: asyncio.Future = field(repr=False)


def store_batch(
    batch: list[services.OutgoingMessage],
) -> tuple[list[dict[str, Any] | services.MentoringError], list[Callable[[], None]]]:
    """The writer's database call (in a thread): each result as the ack's message, and the batch's
    broadcasts and notifications, committed but not yet sent (``notifications.deferred_sends``)."""
    with notifications.deferred_sends() as fan_out:
        results = services.send_messages(batch)
    payloads = [
        result
        if isinstance(result, services.MentoringError)
        else services.serialize_message(result[0], conversation=item.conversation)
        for item, result in zip(batch, results, strict=True)
    ]
    return payloads, fan_out


class ChatWriter:
    """The per-process writer: an asyncio task reading a queue, bound to one event loop."""

    def __init__(
        self,
        *,
        max_batch: int = MAX_BATCH,
        tick: float = TICK_SECONDS,
        ack_timeout: float = ACK_TIMEOUT_SECONDS,
    ) -> None:
        self.max_batch = max_batch
        self.tick = tick
        self.ack_timeout = ack_timeout
        self.timed_out = 0  # frames answered ``unavailable`` after ack_timeout, for the bench
        self.warned_at: float | None = None
        self.warned_count = 0
        self.queue: asyncio.Queue[Pending] = asyncio.Queue()
        self.loop = asyncio.get_running_loop()
        self.batches = 0  # committed batches, for tests and the bench
        self.collecting: list[Pending] = []
        self.fan_outs: collections.deque[asyncio.Task] = collections.deque()
        self.live_tail: asyncio.Task | None = None
        self.rest_tail: asyncio.Task | None = None
        self.task = self.loop.create_task(self.run(), name="chat-writer")

    async def submit(self, item: services.OutgoingMessage) -> dict[str, Any]:
        """Store ``item`` with the next batch; returns the stored message's payload once committed.
        Raises the item's ``MentoringError``, or the batch's database error."""
        if self.task.done():
            raise WriterUnavailable(_unavailable_message())
        pending = Pending(item=item, queued_at=self.loop.time(), done=self.loop.create_future())
        self.queue.put_nowait(pending)
        try:
            # On time-out (or when the socket goes away) the future is cancelled: the writer skips it.
            return await asyncio.wait_for(pending.done, self.ack_timeout)
        except TimeoutError:
            # Its batch may still commit it: the re-send then gets the stored message (same client_id).
            self.timed_out += 1
            self.warn_timed_out()
            raise WriterUnavailable(_unavailable_message()) from None

    def warn_timed_out(self) -> None:
        """One warning for the first time-out, then at most one every WARN_EVERY_SECONDS with the count."""
        now = self.loop.time()
        if self.warned_at is not None and now - self.warned_at < WARN_EVERY_SECONDS:
            return
        logger.warning(
            "chat writer: %d message(s) without an answer after %.0f s (queued %d, batches %d, fan-outs %d)",
            self.timed_out - self.warned_count,
            self.ack_timeout,
            self.queue.qsize(),
            self.batches,
            len(self.fan_outs),
        )
        self.warned_at, self.warned_count = now, self.timed_out

    async def run(self) -> None:
        inflight: asyncio.Task | None = None
        try:
            while True:
                self.collecting = []
                await self.next_batch(self.collecting)
                batch, self.collecting = self.collecting, []
                # The batch is answered even if this task is cancelled meanwhile (shutdown).
                inflight = self.loop.create_task(self.commit(batch))
                await asyncio.shield(inflight)
        except asyncio.CancelledError:
            if inflight is not None and not inflight.done():
                await asyncio.wait([inflight])
            if self.collecting:
                await self.commit(self.collecting)
            await self.flush()
            if self.fan_outs:
                await asyncio.wait(list(self.fan_outs))
            raise
        finally:
            self.fail_queued()

    async def next_batch(self, batch: list[Pending]) -> None:
        """Fill ``batch``: what is queued, up to ``max_batch``, until ``tick`` after the oldest; frames
        whose socket stopped waiting (``ack_timeout``) are left out."""
        while not batch:
            pending = await self.queue.get()
            if not pending.done.done():
                batch.append(pending)
        deadline = batch[0].queued_at + self.tick
        while len(batch) < self.max_batch:
            if not self.queue.empty():
                pending = self.queue.get_nowait()
            else:
                wait = deadline - self.loop.time()
                if wait <= 0:
                    return
                try:
                    pending = await asyncio.wait_for(self.queue.get(), wait)
                except TimeoutError:
                    return
            if not pending.done.done():
                batch.append(pending)

    async def commit(self, batch: list[Pending]) -> None:
        # At most about one earlier batch still fanning out: past that, the writer waits for it.
        while len(self.fan_outs) > 2:
            await asyncio.wait([self.fan_outs.popleft()])
        try:
            results, sends = await _db_call(store_batch)([p.item for p in batch])
        except BaseException as exc:
            failure = exc
            if not isinstance(exc, (*DATABASE_ERRORS, *LAYER_ERRORS)):
                if not isinstance(exc, asyncio.CancelledError):
                    logger.exception("chat writer: a batch of %d messages failed", len(batch))
                failure = WriterUnavailable(_unavailable_message())
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_exception(failure)
            if not isinstance(exc, Exception):
                raise
            return
        self.batches += 1
        for pending, result in zip(batch, results, strict=True):
            if pending.done.done():  # the socket went away meanwhile
                continue
            if isinstance(result, services.MentoringError):
                pending.done.set_exception(result)
            else:
                pending.done.set_result(result)
        # The acks above go out now; the fan-out follows in two chains, each in commit order: the
        # messages to the conversations' sockets, and the receivers' notifications (an inbox row
        # each, slower), so that one batch's notifications never hold up the next batch's messages.
        live = [send for send in sends if getattr(send, "group", "").startswith("conversation.")]
        rest = [send for send in sends if not getattr(send, "group", "").startswith("conversation.")]
        if live:
            self.live_tail = self.loop.create_task(self.send_after(self.live_tail, live))
            self.fan_outs.append(self.live_tail)
        if rest:
            self.rest_tail = self.loop.create_task(self.send_after(self.rest_tail, rest))
            self.fan_outs.append(self.rest_tail)
        while self.fan_outs and self.fan_outs[0].done():
            self.fan_outs.popleft()

    async def send_after(self, previous: asyncio.Task | None, sends: list[Callable[[], None]]) -> None:
        """Run a committed batch's sends in order, each best effort: the receivers' inbox items of the
        whole batch together in a thread (only if there are pushes), then the live sends from this
        loop (``notifications.run_sends`` split in two: no thread hop per batch for the messages, no
        ``async_to_sync`` per send)."""
        if previous is not None:
            await asyncio.wait([previous])
        if notifications.has_pushes(sends):
            await _db_call(notifications.record_pushes)(sends)
        await notifications.send_live(sends)

    async def flush(self) -> None:
        """Commit everything queued, in batches (the worker is stopping)."""
        while not self.queue.empty():
            batch = [self.queue.get_nowait() for _ in range(min(self.max_batch, self.queue.qsize()))]
            batch = [pending for pending in batch if not pending.done.done()]
            if batch:
                await self.commit(batch)

    def fail_queued(self) -> None:
        while not self.queue.empty():
            pending = self.queue.get_nowait()
            if not pending.done.done():
                pending.done.set_exception(WriterUnavailable(_unavailable_message()))

    async def stop(self) -> None:
        """Stop after committing what is queued."""
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


def _unavailable_message() -> str:
    return _("The message could not be stored just now. It will be sent again.")


# The writer's database calls run on the loop's thread pool, like the socket's (consumers.db_call).
_db_call = functools.partial(DatabaseSyncToAsync, thread_sensitive=False)

_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ChatWriter] = weakref.WeakKeyDictionary()


def writer() -> ChatWriter:
    """This event loop's writer (one per worker process), started on first use and again after it ended."""
    loop = asyncio.get_running_loop()
    current = _writers.get(loop)
    if current is None or current.task.done():
        current = ChatWriter(
            max_batch=getattr(settings, "CHAT_GROUP_COMMIT_MAX", MAX_BATCH),
            tick=getattr(settings, "CHAT_GROUP_COMMIT_TICK_MS", TICK_SECONDS * 1000) / 1000,
            ack_timeout=getattr(settings, "CHAT_ACK_TIMEOUT_SECONDS", ACK_TIMEOUT_SECONDS),
        )
        _writers[loop] = current
    return current
