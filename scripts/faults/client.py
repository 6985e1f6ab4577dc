"""A chat client that behaves like static/mentoring/chat.js: outbox with client ids, resync after reconnect."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid

from websockets.asyncio.client import connect


class ResilientClient:
    def __init__(self, base: str, conversation_id: int, cookie: str, name: str):
        self.url = f"{base.replace('http', 'ws')}/ws/chat/{conversation_id}/?bench_worker=1"
        self.origin = base
        self.cookie = cookie
        self.name = name
        self.messages: dict[int, dict] = {}  # id -> message, what the page would show
        self.live_ids: list[int] = []  # ids that arrived as live "message" frames
        self.raw_deliveries = 0
        self.outbox: dict[str, str] = {}
        self.sent: list[str] = []
        self.ws = None
        self.pid: int | None = None
        self.connects = 0
        self.closes: list[int | None] = []
        self.stop = False
        self.connected = asyncio.Event()
        self.last_arrival = None
        self.max_gap = 0.0
        self.background: set = set()

    def last_id(self) -> int:
        return max(self.messages, default=0)

    async def run(self) -> None:
        backoff = 0.2
        while not self.stop:
            try:
                async with connect(
                    self.url,
                    origin=self.origin,
                    additional_headers={"Cookie": self.cookie},
                    compression=None,
                    open_timeout=10,
                    max_queue=None,
                ) as ws:
                    self.ws = ws
                    self.connects += 1
                    backoff = 0.2
                    await ws.send(json.dumps({"type": "sync", "after": self.last_id()}))
                    async for raw in ws:
                        self.on_frame(json.loads(raw))
                    self.closes.append(ws.close_code)
            except (TimeoutError, OSError, Exception) as exc:
                self.closes.append(getattr(exc, "code", None) or type(exc).__name__)
            self.ws = None
            self.connected.clear()
            if self.stop:
                return
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 2.0)

    def on_frame(self, frame: dict) -> None:
        kind = frame.get("type")
        if kind == "bench.worker":
            self.pid = frame["pid"]
        elif kind == "messages":
            for m in frame["messages"]:
                self.add(m, live=False)
            if frame["has_more"]:
                self._later(self._send({"type": "sync", "after": self.last_id()}))
            else:
                self.connected.set()
                for client_id, body in list(self.outbox.items()):
                    self._later(self._send({"type": "send", "client_id": client_id, "body": body}))
        elif kind == "message":
            self.add(frame["message"], live=True)
        elif kind == "ack":
            self.outbox.pop(frame["client_id"], None)
            self.add(frame["message"], live=False)
        elif kind == "error" and frame.get("code") == "rate_limited":
            pass  # stays in the outbox; re-sent after the next sync

    def add(self, message: dict, *, live: bool) -> None:
        self.raw_deliveries += 1
        self.outbox.pop(message["client_id"], None)
        if message["id"] in self.messages:
            return
        self.messages[message["id"]] = message
        if live:
            self.live_ids.append(message["id"])
            now = time.monotonic()
            if self.last_arrival is not None:
                self.max_gap = max(self.max_gap, now - self.last_arrival)
            self.last_arrival = now

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
        """Ask for everything after the last id held (what a page does after any reconnect)."""
        await self._send({"type": "sync", "after": self.last_id()})
