"""SIGTERM to the production server (gunicorn + Tumbuh's uvicorn worker, as deploy/ runs it): chat sockets
close with 1012 "service restart", an in-flight request still gets its answer, no acknowledged message is
lost, and the server exits cleanly (issue 18)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from bench.data import session_cookie
from incubator import services as incubator_services
from incubator.models import CompanionRole
from mentoring.models import Conversation, Message
from tests.factories import ManagerUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory, MentorProfileFactory

ROOT = Path(__file__).resolve().parents[2]
SERVICE_RESTART = 1012

pytestmark = pytest.mark.live


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The test database, for the server process (a file for SQLite, the test database on PostgreSQL)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_server(port: int, log) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.test_settings", "DATABASE_URL": database_url()})
    argv = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "tests.ops.slow_asgi:application",
    ]
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the server did not start")
            time.sleep(0.2)


def test_sigterm_closes_sockets_with_1012_finishes_requests_and_loses_no_acked_message(
    transactional_db, tmp_path
):
    profile = EntrepreneurProfileFactory()
    mentor = MentorProfileFactory().user
    incubator_services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=ManagerUserFactory())
    conversation = Conversation.objects.get(profile=profile, companion=mentor)
    cookie = session_cookie(profile.user)
    port = free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        proc = start_server(port, log)
        try:
            slow: dict = {}

            def slow_request():
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/slow/", timeout=20) as r:
                    slow.update(status=r.status, body=r.read())

            outcome = asyncio.run(chat_through_sigterm(port, conversation.pk, cookie, proc, slow_request))
            exit_code = proc.wait(timeout=40)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    server_log = log_path.read_text()

    assert outcome["close_code"] == SERVICE_RESTART, server_log
    assert slow == {"status": 200, "body": b"finished"}, server_log  # in flight at SIGTERM, still answered
    assert exit_code == 0, server_log
    acked = outcome["acked"]
    assert len(acked) >= 3
    stored = set(Message.objects.filter(conversation=conversation).values_list("client_id", flat=True))
    assert {uuid.UUID(c) for c in acked} <= {uuid.UUID(str(c)) for c in stored}  # no acked message lost
    assert "Traceback" not in server_log


async def chat_through_sigterm(port: int, conversation_id: int, cookie: str, proc, slow_request) -> dict:
    acked: list[str] = []
    three_acks = asyncio.Event()
    url = f"ws://127.0.0.1:{port}/ws/chat/{conversation_id}/"
    async with connect(url, origin=f"http://127.0.0.1:{port}", additional_headers={"Cookie": cookie}) as ws:

        async def read():
            try:
                async for raw in ws:
                    frame = json.loads(raw)
                    if frame.get("type") == "ack":
                        acked.append(frame["client_id"])
                        if len(acked) >= 3:
                            three_acks.set()
            except ConnectionClosed:
                pass

        reader = asyncio.create_task(read())
        thread = threading.Thread(target=slow_request)
        terminated = False
        for i in range(15):  # under the 20-per-10-s limit
            try:
                await ws.send(
                    json.dumps({"type": "send", "client_id": str(uuid.uuid4()), "body": f"pesan {i}"})
                )
            except ConnectionClosed:
                break
            if i == 3:
                await asyncio.wait_for(three_acks.wait(), 15)
                thread.start()
                await asyncio.sleep(0.5)  # the slow request is in the server now
                proc.send_signal(signal.SIGTERM)
                terminated = True
            await asyncio.sleep(0.05)
        assert terminated
        await asyncio.wait_for(reader, 30)
        thread.join(20)
        return {"acked": acked, "close_code": ws.close_code}
