"""The fault runner (scripts/faults/run.py): its chat client notices a dropped live message through the
``seq`` gap and syncs at once, or when idle (docs/chat-protocol.md); and one scenario's leftovers (server
processes, sessions on the database) cannot make the next scenario fail while recreating its database."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from bench import common, data
from scripts.faults.client import ResilientClient, SeqHead


def message(id_: int, seq: int, client_id: str = "") -> dict:
    return {"id": id_, "seq": seq, "client_id": client_id or f"c{id_}"}


class FakeSocket:
    def __init__(self):
        self.frames: list[dict] = []

    async def send(self, raw: str) -> None:
        self.frames.append(json.loads(raw))


def open_client(**kwargs) -> tuple[ResilientClient, FakeSocket]:
    client = ResilientClient("http://127.0.0.1:1", 5, "sessionid=x", "mentor", **kwargs)
    client.ws = FakeSocket()
    return client, client.ws


def test_the_head_moves_over_contiguous_seqs_and_names_the_id_to_sync_after_on_a_gap():
    head = SeqHead()
    assert head.receive(message(10, 1)) is None
    assert head.receive(message(11, 2)) is None
    assert head.receive(message(11, 2)) is None  # the ack and the broadcast of one send
    assert head.receive(message(14, 4)) == 11  # seq 3 never came: sync after id 11
    assert (head.seq, head.id) == (2, 11)
    assert head.receive(message(12, 3)) is None  # the sync's answer fills the gap: the head jumps over 4
    assert (head.seq, head.id, head.ahead) == (4, 14, {})


def test_a_complete_sync_answer_settles_the_head_at_the_highest_seq_received():
    head = SeqHead(2, 11)
    head.receive(message(20, 6))
    head.settle()
    assert (head.seq, head.id, head.ahead) == (6, 20, {})


async def test_a_dropped_live_message_makes_the_client_sync_from_its_head_at_once():
    client, ws = open_client()
    client.on_frame({"type": "message", "message": message(10, 1)})
    client.on_frame({"type": "message", "message": message(11, 2)})
    assert ws.frames == []
    client.on_frame({"type": "message", "message": message(13, 4)})  # seq 3 was dropped
    await asyncio.sleep(0)
    assert ws.frames == [{"type": "sync", "after": 11}]
    assert (client.gaps_detected, client.syncs["gap"]) == (1, 1)
    # A second gap while that sync is in flight does not ask again (one sync at a time, as chat.js).
    client.on_frame({"type": "message", "message": message(15, 6)})
    await asyncio.sleep(0)
    assert len(ws.frames) == 1
    client.on_frame({"type": "messages", "messages": [message(12, 3), message(13, 4)], "has_more": False})
    assert sorted(client.messages) == [10, 11, 12, 13, 15]
    assert client.recovered_by["gap"] == 1
    assert client.syncing is None
    assert (client.head.seq, client.head.id) == (6, 15)
    assert client.empty_gap_syncs == 0


async def test_a_dropped_first_message_is_fetched_from_the_start():
    """Seq 1 dropped, seq 2 arrives: the sync asks for everything after id 0, not after seq 2's id (the
    100-pair churn run of 5 Dec lost a first message that way), also after a reconnect meanwhile."""
    client, ws = open_client()
    client.on_frame({"type": "messages", "messages": [], "has_more": False})  # connect sync: empty
    client.on_frame({"type": "message", "message": message(60, 2)})
    await asyncio.sleep(0)
    assert ws.frames == [{"type": "sync", "after": 0}]
    client.syncing = None  # the socket closed before the answer; a new one syncs from the head
    assert client.sync_from() == 0
    client.on_frame({"type": "messages", "messages": [message(59, 1), message(60, 2)], "has_more": False})
    assert sorted(client.messages) == [59, 60]
    assert client.held_seqs_contiguous()


async def test_a_gap_sync_overtaken_by_the_late_live_frame_is_counted_as_bringing_nothing_new():
    client, ws = open_client()
    client.on_frame({"type": "message", "message": message(10, 1)})
    client.on_frame({"type": "ack", "client_id": "c12", "message": message(12, 3)})  # seq 2 not here yet
    await asyncio.sleep(0)
    assert ws.frames == [{"type": "sync", "after": 10}]
    client.on_frame({"type": "message", "message": message(11, 2)})  # late, not lost
    client.on_frame({"type": "messages", "messages": [message(11, 2), message(12, 3)], "has_more": False})
    assert (client.gaps_detected, client.empty_gap_syncs, client.recovered_by["gap"]) == (1, 1, 0)


async def test_an_idle_open_socket_syncs_from_its_head():
    client, ws = open_client(idle_sync_seconds=60)
    client.on_frame({"type": "message", "message": message(10, 1)})
    client.last_frame_at = time.monotonic() - 59
    await client.idle_check()
    assert ws.frames == []
    client.last_frame_at = time.monotonic() - 60
    await client.idle_check()
    assert ws.frames == [{"type": "sync", "after": 10}]
    assert client.syncs["idle"] == 1


async def test_a_refused_send_is_sent_again_later(monkeypatch):
    monkeypatch.setattr("scripts.faults.client.RETRY_AFTER_SECONDS", 0.01)
    client, ws = open_client()
    client.outbox["c1"] = "halo"
    client.on_frame({"type": "error", "code": "rate_limited", "client_id": "c1"})
    for _ in range(200):
        if ws.frames:
            break
        await asyncio.sleep(0.01)
    assert ws.frames == [{"type": "send", "client_id": "c1", "body": "halo"}]


def test_recreating_a_bench_database_terminates_its_sessions_first_and_retries_a_failed_drop(monkeypatch):
    monkeypatch.setattr(data.time, "sleep", lambda _s: None)
    calls: list[str] = []

    def psql(_pg, sql):
        calls.append(sql)
        if sql.startswith("DROP") and sum(c.startswith("DROP") for c in calls) == 1:
            raise subprocess.CalledProcessError(1, "psql", stderr="database is being accessed by other users")

    data.recreate_database("tumbuh_bench_x", psql=psql)
    kinds = [sql.split()[0] for sql in calls]
    assert kinds == ["SELECT", "DROP", "SELECT", "DROP", "SELECT", "CREATE"]
    assert "WHERE datname = 'tumbuh_bench_x' AND pid <> pg_backend_pid()" in calls[0]


def test_a_bench_database_can_be_recreated_as_a_copy_of_a_migrated_one():
    calls: list[str] = []
    data.recreate_database(
        "tumbuh_bench_x", template="tumbuh_bench_x_tpl", psql=lambda _pg, sql: calls.append(sql)
    )
    assert calls[-1] == "CREATE DATABASE tumbuh_bench_x TEMPLATE tumbuh_bench_x_tpl"


@pytest.mark.parametrize(
    ("name", "template"),
    [
        ("tumbuh", None),
        ("postgres", None),
        ("tumbuh_bench; DROP DATABASE tumbuh", None),
        ("tumbuh_bench", "tumbuh"),
    ],
)
def test_only_bench_databases_are_recreated(name, template):
    with pytest.raises(ValueError, match="not a bench database"):
        data.recreate_database(name, template=template, psql=lambda *_: pytest.fail("nothing may run"))


def test_stopping_a_server_waits_until_its_whole_process_group_is_gone(tmp_path):
    """The leader exits on SIGTERM at once; a worker it started outlives it by a moment (as daphne
    workers or the task worker finishing a query do). stop() returns only after that worker is gone."""
    script = tmp_path / "server.py"
    script.write_text(
        textwrap.dedent(
            """
            import signal, subprocess, sys, time
            worker = subprocess.Popen([sys.executable, "-c",
                "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(1.0)"])
            print(worker.pid, flush=True)
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            time.sleep(60)
            """
        )
    )
    server = common.Server([sys.executable, str(script)], env={}, port=0, log_name="test_group_gone")
    try:
        deadline = time.monotonic() + 10
        while not server.log_path.read_text().strip() and time.monotonic() < deadline:
            time.sleep(0.05)
        worker = int(server.log_path.read_text().split()[0])
        server.stop()
        assert worker not in common.group_members(server.proc.pid)
    finally:
        common.wait_group_gone(server.proc.pid, timeout=5)


@pytest.mark.skipif(shutil.which("psql") is None, reason="needs psql and the PostgreSQL server")
def test_a_bench_database_is_recreated_under_a_session_left_open():
    psycopg = pytest.importorskip("psycopg")
    name = "tumbuh_bench_test_faults_runner"
    try:
        data.recreate_database(name)
    except subprocess.CalledProcessError:
        pytest.skip("PostgreSQL is not reachable with the bench's credentials")
    left_open = psycopg.connect(f"{common.PG}/{name}")
    try:
        data.recreate_database(name)
        with pytest.raises(psycopg.OperationalError):
            left_open.execute("SELECT 1")
    finally:
        left_open.close()
        data._psql(common.PG, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_the_bench_servers_answer_a_database_outage_met_in_a_middleware_with_503_as_production_does():
    """The fault runs serve ``bench.urls``: without production's handler500 a PostgreSQL outage that a
    middleware meets first (the time zone middleware reads ``request.user``) was a plain 500 there."""
    import bench.urls
    import config.urls

    assert bench.urls.handler500 == config.urls.handler500 == "config.middleware.server_error"


def test_the_postgresql_proxy_forwards_while_the_runner_is_busy_and_cuts_and_resumes_on_command():
    """The runner's proxy runs in its own process: it forwards while the runner's event loop is not
    running (busy with 200 clients, or blocked stopping the servers), and pause cuts every connection."""
    import socket
    import socketserver
    import threading

    from scripts.faults.run import PgProxy

    class Echo(socketserver.BaseRequestHandler):
        def handle(self):
            while data_ := self.request.recv(1024):
                self.request.sendall(data_)

    echo = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    echo.daemon_threads = True
    threading.Thread(target=echo.serve_forever, daemon=True).start()
    proxy = PgProxy(target_port=echo.server_address[1])
    asyncio.run(proxy.start())  # no event loop runs in this process from here on

    def connect() -> socket.socket:
        conn = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
        conn.settimeout(5)
        return conn

    try:
        first = connect()
        first.sendall(b"SELECT 1")
        assert first.recv(64) == b"SELECT 1"
        proxy.pause()
        assert first.recv(64) == b""  # cut
        refused = connect()
        assert refused.recv(64) == b""  # accepted and closed at once while paused
        proxy.resume()
        again = connect()
        again.sendall(b"SELECT 2")
        assert again.recv(64) == b"SELECT 2"
    finally:
        asyncio.run(proxy.close())
        echo.shutdown()
    assert proxy.proc.returncode == 0
