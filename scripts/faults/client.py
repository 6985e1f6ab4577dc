"""A chat client that behaves like static/mentoring/chat.js: outbox with client ids, resync after reconnect,
per-conversation ``seq`` gap detection (chat-seq.js) and the idle sync (docs/chat-protocol.md)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid

from websockets.asyncio.client import connect

IDLE_SYNC_SECONDS = 60.0  # chat.js's IDLE_SYNC_MS
RETRY_AFTER_SECONDS = 5.0  # chat.js re-sends the outbox 5 s after rate_limited / unavailable


class SeqHead:
    """chat-seq.js in Python: the highest ``seq`` up to which every message is held, and its id."""

    def __init__(self, seq: int = 0, id_: int = 0):
        self.seq = seq
        self.id = id_
        self.ahead: dict[int, int] = {}

    def receive(self, message: dict) -> int | None:
        """Record one message; the id to sync after when it reveals a gap, else None."""
        seq, id_ = message.get("seq"), message.get("id")
        if not isinstance(seq, int) or not id_ or seq <= self.seq:
            return None
        if seq > self.seq + 1:
            self.ahead[seq] = id_
            return self.id
        self.seq, self.id = seq, id_
        while self.seq + 1 in self.ahead:
            self.seq += 1
            self.id = self.ahead.pop(self.seq)
        self.ahead = {s: i for s, i in self.ahead.items() if s > self.seq}
        return None

    def settle(self) -> None:
        """A complete sync answer (has_more false) closes every gap up to its last seq."""
        if self.ahead:
            top = max(self.ahead)
            if top > self.seq:
                self.seq, self.id = top, self.ahead[top]
        self.ahead = {}


class ResilientClient:
    def __init__(
        self,
        base: str,
        conversation_id: int,
        cookie: str,
        name: str,
        *,
        idle_sync_seconds: float = IDLE_SYNC_SECONDS,
    ):
        self.url = f"{base.replace('http', 'ws')}/ws/chat/{conversation_id}/?bench_worker=1"
        self.origin = base
        self.cookie = cookie
        self.name = name
        self.idle_sync_seconds = idle_sync_seconds
        self.messages: dict[int, dict] = {}  # id -> message, what the page would show
        self.live_ids: list[int] = []  # ids that arrived as live "message" frames
        self.raw_deliveries = 0
        self.outbox: dict[str, str] = {}
        self.sent: list[str] = []
        self.ws = None
        self.pid: int | None = None
        self.connects = 0
        self.closes: list[int | str | None] = []
        self.stop = False
        self.connected = asyncio.Event()
        self.last_arrival = None
        self.max_gap = 0.0
        self.background: set = set()
        self.head = SeqHead()
        self.syncing: str | None = None  # why the sync in flight was asked: connect, gap, idle, final
        self.sync_sent_at = 0.0
        self.connected_at = 0.0
        self.flush_after_sync = False
        self.last_frame_at = time.monotonic()
        self.gaps_detected = 0  # a seq above head + 1 with no sync in flight: a gap sync is sent at once
        self.gaps_while_syncing = 0
        self.syncs = {"connect": 0, "gap": 0, "idle": 0, "final": 0}
        self.recovered_by = {"connect": 0, "gap": 0, "idle": 0, "final": 0}  # first held through a sync
        self.retries = 0
        # Diagnostics: which worker each message was acked on (sender side), and where and when a
        # message first reached this client through a sync instead of live.
        self.ack_pid: dict[int, int | None] = {}
        self.live_pid: dict[int, int | None] = {}
        self.first_held_at: dict[int, float] = {}
        self.gap_at: list[float] = []  # when each gap sync was sent (monotonic)
        self.sync_fresh = 0  # messages the sync in flight brought that were not held yet
        self.empty_gap_syncs = 0  # gap syncs whose answer brought nothing new: the live frame won the race
        self.late_live: dict[int, float] = {}  # id -> seconds the live frame came after a sync had brought it
        self.not_live: list[tuple[int, str, int | None, float]] = []  # (id, how, this pid, monotonic time)

    def last_id(self) -> int:
        return max(self.messages, default=0)

    def sync_from(self) -> int:
        """The head's id; the last id held only when no message carried a ``seq`` (an older server).
        Not the last id while a gap is open below it: that would skip the missing message."""
        return self.head.id if self.head.seq or self.head.ahead else self.last_id()

    async def run(self) -> None:
        backoff = 0.2
        idle = asyncio.ensure_future(self._idle_sync())
        try:
            while not self.stop:
                try:
                    async with connect(
                        self.url,
                        origin=self.origin,
                        additional_headers={"Cookie": self.cookie},
                        compression=None,
                        open_timeout=20,
                        max_queue=None,
                    ) as ws:
                        self.ws = ws
                        self.connects += 1
                        self.connected_at = time.monotonic()
                        backoff = 0.2
                        self.syncing = None
                        self.flush_after_sync = True
                        self.last_frame_at = time.monotonic()
                        await self.request_sync("connect")
                        async for raw in ws:
                            self.last_frame_at = time.monotonic()
                            self.on_frame(json.loads(raw))
                        self.closes.append(ws.close_code)
                except Exception as exc:  # any failure: back off and reconnect, as the page does
                    self.closes.append(getattr(exc, "code", None) or type(exc).__name__)
                self.ws = None
                self.connected.clear()
                if self.stop:
                    return
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
        finally:
            idle.cancel()

    async def _idle_sync(self) -> None:
        """chat.js checks every 5 s; a socket that received nothing for the idle time syncs from its head."""
        step = min(5.0, self.idle_sync_seconds / 3)
        while True:
            await asyncio.sleep(step)
            await self.idle_check()

    async def idle_check(self) -> None:
        now = time.monotonic()
        if self.ws is not None and now - self.last_frame_at >= self.idle_sync_seconds:
            self.last_frame_at = now
            await self.request_sync("idle")

    async def request_sync(self, why: str, *, after: int | None = None) -> None:
        """One sync at a time, as chat.js; its answer pages on from its own last message."""
        if self.syncing or self.ws is None:
            return
        self.syncing = why
        self.sync_sent_at = time.monotonic()
        self.syncs[why] += 1
        self.sync_fresh = 0
        if why == "gap":
            self.gap_at.append(time.monotonic())
        await self._send({"type": "sync", "after": self.sync_from() if after is None else after})

    def on_frame(self, frame: dict) -> None:
        kind = frame.get("type")
        if kind == "bench.worker":
            self.pid = frame["pid"]
        elif kind == "messages":
            for m in frame["messages"]:
                self.received(m, via=self.syncing or "connect")
            if frame["has_more"] and frame["messages"]:
                self._later(self._send({"type": "sync", "after": frame["messages"][-1]["id"]}))
                return
            if self.syncing == "gap" and not self.sync_fresh:
                self.empty_gap_syncs += 1
            self.syncing = None
            self.head.settle()
            self.connected.set()
            if self.flush_after_sync:
                self.flush_after_sync = False
                self.flush()
        elif kind == "message":
            self.received(frame["message"], via="live")
        elif kind == "ack":
            self.outbox.pop(frame["client_id"], None)
            self.ack_pid.setdefault(frame["message"]["id"], self.pid)
            self.received(frame["message"], via="ack")
        elif kind == "error":
            if not frame.get("client_id"):
                self.syncing = None
            elif frame.get("code") in ("rate_limited", "unavailable"):
                self._later(self._retry_later())

    def received(self, message: dict, *, via: str) -> None:
        fresh = self.add(message, live=via == "live")
        if fresh:
            self.first_held_at[message["id"]] = time.monotonic()
        elif via == "live" and message["id"] not in self.live_pid:
            self.late_live[message["id"]] = time.monotonic() - self.first_held_at.get(message["id"], 0.0)
            self.live_pid[message["id"]] = self.pid
        if fresh and via in self.recovered_by:
            self.recovered_by[via] += 1
            self.sync_fresh += 1
            self.not_live.append((message["id"], via, self.pid, time.monotonic()))
        missed_after = self.head.receive(message)
        if missed_after is not None:
            if self.syncing:
                self.gaps_while_syncing += 1  # the sync in flight (e.g. after a reconnect) covers it
            else:
                self.gaps_detected += 1
                self._later(self.request_sync("gap", after=missed_after))

    def add(self, message: dict, *, live: bool) -> bool:
        self.raw_deliveries += 1
        self.outbox.pop(message["client_id"], None)
        if message["id"] in self.messages:
            return False
        self.messages[message["id"]] = message
        if live:
            self.live_ids.append(message["id"])
            self.live_pid[message["id"]] = self.pid
            now = time.monotonic()
            if self.last_arrival is not None:
                self.max_gap = max(self.max_gap, now - self.last_arrival)
            self.last_arrival = now
        return True

    def flush(self) -> None:
        for client_id, body in list(self.outbox.items()):
            self._later(self._send({"type": "send", "client_id": client_id, "body": body}))

    async def _retry_later(self) -> None:
        await asyncio.sleep(RETRY_AFTER_SECONDS)
        self.retries += 1
        self.flush()

    def _later(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def _send(self, frame: dict) -> None:
        ws = self.ws
        if ws is not None:
            # Closed under us: the outbox keeps the message for the next connection.
            with contextlib.suppress(Exception):
                await ws.send(json.dumps(frame))

    async def say(self, body: str) -> None:
        client_id = str(uuid.uuid4())
        self.outbox[client_id] = body
        self.sent.append(client_id)
        await self._send({"type": "send", "client_id": client_id, "body": body})

    async def resync(self) -> None:
        """An explicit sync from the head (the fault runs' final check, after the verdict is taken)."""
        self.syncing = None
        await self.request_sync("final")

    def state(self) -> dict:
        """Where this client stands (for a run's report of a client that misses something)."""
        now = time.monotonic()
        return {
            "socket_open": self.ws is not None,
            "synced_since_connect": self.connected.is_set(),
            "seconds_since_connect": round(now - self.connected_at, 1) if self.connected_at else None,
            "sync_in_flight": self.syncing,
            "sync_in_flight_for_seconds": round(now - self.sync_sent_at, 1) if self.syncing else None,
            "outbox": len(self.outbox),
            "connects": self.connects,
            "last_closes": [str(c) for c in self.closes[-6:]],
            "worker": self.pid,
        }

    def held_seqs_contiguous(self) -> bool:
        seqs = sorted(m.get("seq", 0) for m in self.messages.values())
        return seqs == list(range(1, len(seqs) + 1))
