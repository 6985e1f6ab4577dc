"""Two daphne processes on the Redis channel layer: a message sent through one reaches the other.

Runs whenever REDIS_URL is set (CI's PostgreSQL + Redis pass); the servers use the very database
this test writes to (DATABASE_URL built from the test connection) and the same Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from mentoring.models import Message
from tests.mentoring.factories import make_pair

pytestmark = [
    pytest.mark.live,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not getattr(settings, "REDIS_URL", None),
        reason="needs REDIS_URL: two server processes only share messages through the Redis channel layer",
    ),
]

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne on {port} exited: {process.stderr.read().decode()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.2)
    raise TimeoutError(f"daphne on {port} did not start")


@contextlib.contextmanager
def daphne_servers(count: int):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    daphne = str(Path(sys.executable).with_name("daphne"))
    ports = [free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [daphne, "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_for(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def exchange(ports: list[int], path: str, sender_cookie: str, reader_cookie: str) -> tuple[dict, dict]:
    from websockets.asyncio.client import connect

    # The socket's Origin must match scheme, host and port (mentoring.consumers.origin_allowed).
    reader_origin, sender_origin = (f"http://127.0.0.1:{port}" for port in ports[:2])
    async with (
        connect(
            f"ws://127.0.0.1:{ports[0]}{path}",
            origin=reader_origin,
            additional_headers={"Cookie": reader_cookie},
        ) as reader,
        connect(
            f"ws://127.0.0.1:{ports[1]}{path}",
            origin=sender_origin,
            additional_headers={"Cookie": sender_cookie},
        ) as sender,
    ):
        # Both sockets have joined the group once a sync round-trip has answered on each.
        for ws in (reader, sender):
            await ws.send(json.dumps({"type": "sync", "after": 0}))
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "messages"
        client_id = str(uuid.uuid4())
        await sender.send(
            json.dumps({"type": "send", "client_id": client_id, "body": "Halo dari server kedua"})
        )
        frames = [json.loads(await asyncio.wait_for(sender.recv(), 10)) for _ in range(2)]
        ack = next(f for f in frames if f["type"] == "ack")
        received = json.loads(await asyncio.wait_for(reader.recv(), 10))
        return ack, received


def test_a_message_sent_through_one_server_reaches_a_client_on_another():
    pair = make_pair()
    path = f"/ws/chat/{pair.conversation.pk}/"
    sender_cookie, reader_cookie = cookie_for(pair.entrepreneur), cookie_for(pair.mentor)
    with daphne_servers(2) as ports:
        ack, received = asyncio.run(exchange(ports, path, sender_cookie, reader_cookie))
    assert received == {"type": "message", "message": ack["message"]}
    assert Message.objects.get(pk=ack["message"]["id"]).body == "Halo dari server kedua"
