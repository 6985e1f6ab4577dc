"""Bench-only ASGI app: Tumbuh's application plus a bare Channels group relay at ``/bench/relay/<room>/``.

The relay has no authentication and no database: it answers each ``send`` frame with an ``ack``
and relays the message to the room's group, using the same frame shapes as Tumbuh's chat protocol,
so the same client measures both. ``?bench_worker=1`` on any WebSocket URL makes the server send one
``{"type": "bench.worker", "pid": ...}`` frame right after the accept, so the bench can put sender
and receiver on different worker processes. ``?group_commit=1`` / ``=0`` chooses the chat's store path
for that socket (group commit or one transaction per message).
"""

import asyncio
import collections
import json
import os
import signal
import sys
import threading
import time
import traceback

from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import URLRouter
from django.urls import path

from config.asgi import application as tumbuh_application  # sets Django up first


class RelayConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = f"relay.{self.scope['url_route']['kwargs']['room']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        frame = json.loads(text_data)
        message = {"client_id": frame.get("client_id"), "body": frame.get("body")}
        await self.send(text_data=json.dumps({"type": "ack", "client_id": message["client_id"]}))
        await self.channel_layer.group_send(self.group, {"type": "relay.message", "message": message})

    async def relay_message(self, event):
        await self.send(text_data=json.dumps({"type": "message", "message": event["message"]}))


relay = URLRouter([path("bench/relay/<int:room>/", RelayConsumer.as_asgi())])


def with_group_commit_choice(app):
    """``?group_commit=1`` or ``=0`` on a chat URL overrides the server's ``CHAT_GROUP_COMMIT`` for that
    socket, so one run compares both paths in the same server, interleaved (``--chat-variants``)."""

    async def wrapped(scope, receive, send):
        query = scope.get("query_string", b"") if scope["type"] == "websocket" else b""
        for value, on in ((b"group_commit=1", True), (b"group_commit=0", False)):
            if value in query:
                scope = {**scope, "chat_group_commit": on}
        return await app(scope, receive, send)

    return wrapped


def with_worker_frame(app):
    async def wrapped(scope, receive, send):
        if scope["type"] != "websocket" or b"bench_worker=1" not in scope.get("query_string", b""):
            return await app(scope, receive, send)

        async def send_then_tell(message):
            await send(message)
            if message["type"] == "websocket.accept":
                await send(
                    {
                        "type": "websocket.send",
                        "text": json.dumps({"type": "bench.worker", "pid": os.getpid()}),
                    }
                )

        return await app(scope, receive, send_then_tell)

    return wrapped


async def _route(scope, receive, send):
    if scope["type"] == "websocket" and scope["path"].startswith("/bench/relay/"):
        return await relay(scope, receive, send)
    return await tumbuh_application(scope, receive, send)


def _install_dump_signals() -> None:
    """Diagnostics for a stalled worker (the fault runs' stall hunt): SIGUSR1 prints every thread's stack,
    SIGUSR2 the asyncio tasks of the worker's loop grouped by where each waits, to stderr (the run's log).

    Both run as Python signal handlers (in the main thread, holding the GIL). ``faulthandler.register``
    was tried first: a burst of its dumps under load crashed a worker with SIGSEGV (it reads the other
    threads' frames while they run)."""

    def dump_threads(_signum, _frame) -> None:
        stamp = time.strftime("%H:%M:%S", time.gmtime())
        names = {thread.ident: thread.name for thread in threading.enumerate()}
        out = [f"[threads] {stamp} pid {os.getpid()}"]
        for ident, frame in sys._current_frames().items():
            out.append(f"[threads] thread {names.get(ident, ident)}:")
            out.extend(
                "[threads]   " + line.rstrip().replace("\n", " ") for line in traceback.format_stack(frame)
            )
        print("\n".join(out), file=sys.stderr, flush=True)

    signal.signal(signal.SIGUSR1, dump_threads)

    def dump_tasks(_signum, _frame) -> None:
        loop = _loops[0] if _loops else None
        if loop is None:
            print(f"[dump] pid {os.getpid()}: no socket or request yet", file=sys.stderr, flush=True)
            return
        where: collections.Counter = collections.Counter()
        for task in asyncio.all_tasks(loop):
            frames = task.get_stack()
            top = " <- ".join(f"{f.f_code.co_name}:{f.f_lineno}" for f in reversed(frames[-4:]))
            name = task.get_name()
            where[f"{'' if name.startswith('Task-') else name + ' '}{top}"] += 1
        from mentoring import chat_writer

        stamp = time.strftime("%H:%M:%S", time.gmtime())
        print(f"[dump] {stamp} pid {os.getpid()} {sum(where.values())} tasks", file=sys.stderr)
        for writer in list(chat_writer._writers.values()):
            print(
                f"[dump] {stamp} pid {os.getpid()} writer: queued {writer.queue.qsize()}, collecting {len(writer.collecting)}, "
                f"fan-outs {len(writer.fan_outs)} ({sum(not t.done() for t in writer.fan_outs)} running), "
                f"batches {writer.batches}",
                file=sys.stderr,
            )
        for line, n in where.most_common(40):
            print(f"[dump] {n:5d} {line}", file=sys.stderr)
        sys.stderr.flush()

    signal.signal(signal.SIGUSR2, dump_tasks)


_loops: list = []


def with_loop_seen(app):
    async def wrapped(scope, receive, send):
        if not _loops:
            _loops.append(asyncio.get_running_loop())
        return await app(scope, receive, send)

    return wrapped


_install_dump_signals()
application = with_loop_seen(with_worker_frame(with_group_commit_choice(_route)))
