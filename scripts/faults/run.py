#!/usr/bin/env python3
"""Fault runs against the production-like setup (2 daphne workers, PostgreSQL, Redis).

    .venv/bin/python scripts/faults/run.py worker-kill | redis-restart | postgres-pause | churn | all

Each run: a fresh database ``tumbuh_bench_faults``, a private redis-server on port 6390, PostgreSQL reached
through a TCP proxy this script controls (the shared servers are never stopped), serve_prod with 2
workers, and two chat clients that behave like chat.js (outbox + resync). Both people send a message
every 0.6 s; the fault happens in the middle; at the end every count is compared with the database.
Loopback only, bounded, stops by itself. Results: bench/results/faults-<name>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DB", "tumbuh_bench_faults")

from bench import common, data  # noqa: E402
from bench.common import BASE_ENV, RESULTS, free_port, log  # noqa: E402
from scripts.faults.client import ResilientClient  # noqa: E402

REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6390"))
SEND_EVERY = 0.6
RUN_SECONDS = 12


class PgProxy:
    """A TCP proxy to PostgreSQL that can be paused: pausing cuts every connection and refuses new ones."""

    def __init__(self, target_port: int = 5432):
        self.target = target_port
        self.paused = False
        self.pairs: list[tuple] = []
        self.port = free_port()

    async def start(self):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", self.port)

    async def handle(self, reader, writer):
        if self.paused:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        self.pairs.append((writer, up_writer))

        async def pipe(r, w):
            try:
                while data_ := await r.read(65536):
                    w.write(data_)
                    await w.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                w.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def pause(self):
        self.paused = True
        for a, b in self.pairs:
            a.close()
            b.close()
        self.pairs.clear()

    def resume(self):
        self.paused = False


def start_redis() -> subprocess.Popen:
    proc = subprocess.Popen(  # noqa: S603
        [  # noqa: S607
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        ping = ["redis-cli", "-p", str(REDIS_PORT), "ping"]
        if subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG":  # noqa: S603
            return proc
        time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def http_status(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:  # noqa: S310
            return r.status, r.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read(2000).decode("utf-8", "replace")
    except OSError as e:
        return 0, str(e)


async def scenario(name: str, base: str, server_proc, pair, proxy: PgProxy, redis_box: list) -> dict:
    a = ResilientClient(base, pair.conversation_id, pair.sender_cookie, "entrepreneur")
    b = ResilientClient(base, pair.conversation_id, pair.receiver_cookie, "mentor")
    tasks = [asyncio.ensure_future(c.run()) for c in (a, b)]
    await asyncio.wait_for(asyncio.gather(a.connected.wait(), b.connected.wait()), 30)
    notes: dict = {"workers_at_start": {"entrepreneur": a.pid, "mentor": b.pid}}
    churn_task = None
    if name == "churn":
        churn_task = asyncio.ensure_future(churn(base, pair, seconds=RUN_SECONDS, notes=notes))

    async def talk():
        start = time.monotonic()
        i = 0
        while time.monotonic() - start < RUN_SECONDS:
            await a.say(f"dari pengusaha {i}")
            await b.say(f"dari pendamping {i}")
            i += 1
            await asyncio.sleep(SEND_EVERY)

    async def fault():
        await asyncio.sleep(RUN_SECONDS / 3)
        t = time.monotonic()
        if name == "worker-kill":
            victim = a.pid
            os.kill(victim, signal.SIGKILL)
            notes["killed_worker_pid"] = victim
        elif name == "redis-restart":
            proc = redis_box[0]
            proc.kill()
            proc.wait()
            await asyncio.sleep(1.0)
            redis_box[0] = start_redis()
            notes["redis_down_seconds"] = round(time.monotonic() - t, 2)
        elif name == "postgres-pause":
            proxy.pause()
            statuses = []
            for _ in range(3):
                code, body = await asyncio.to_thread(http_status, base + "/portal/", pair.sender_cookie)
                statuses.append(
                    {
                        "status": code,
                        "says_unavailable": bool(re.search(r"(?i)unavailable|tidak tersedia", body)),
                        "traceback_in_body": "Traceback" in body,
                    }
                )
                await asyncio.sleep(0.8)
            health = await asyncio.to_thread(http_status, base + "/readyz", "")
            notes["during_outage"] = {"portal": statuses, "readyz": health[0]}
            proxy.resume()
            notes["postgres_down_seconds"] = round(time.monotonic() - t, 2)

    await asyncio.gather(talk(), fault())
    if churn_task:
        await churn_task
    # Settle: every outbox empty and both sides hold every stored message (bounded wait).
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and (
        a.outbox or b.outbox or not a.connected.is_set() or not b.connected.is_set()
    ):
        await asyncio.sleep(0.2)
    live_only = {c.name: len(c.messages) for c in (a, b)}
    for c in (a, b):
        await c.resync()
    await asyncio.sleep(1.5)
    for c in (a, b):
        c.stop = True
        if c.ws is not None:
            await c.ws.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"a": a, "b": b, "notes": notes, "held_before_final_resync": live_only}


async def churn(base: str, pair, *, seconds: float, notes: dict) -> None:
    """200 clients connecting, staying about half a second, and disconnecting, in a loop."""
    import random

    from websockets.asyncio.client import connect

    url = f"{base.replace('http', 'ws')}/ws/chat/{pair.conversation_id}/"
    stop_at = time.monotonic() + seconds
    cycles = [0]
    failures: dict[str, int] = {}

    async def one():
        await asyncio.sleep(random.uniform(0, 1.0))  # noqa: S311
        while time.monotonic() < stop_at:
            try:
                async with connect(
                    url,
                    origin=base,
                    additional_headers={"Cookie": pair.receiver_cookie},
                    compression=None,
                    open_timeout=30,
                ):
                    cycles[0] += 1
                    await asyncio.sleep(random.uniform(0.3, 0.7))  # noqa: S311
            except Exception as exc:  # any failure is counted by kind
                kind = type(exc).__name__
                failures[kind] = failures.get(kind, 0) + 1
                await asyncio.sleep(0.5)
            await asyncio.sleep(0.2)

    await asyncio.gather(*(one() for _ in range(200)))
    notes["churn_clients"] = 200
    notes["churn_connect_cycles"] = cycles[0]
    notes["churn_failures"] = failures


def via_proxy(pg_url: str, port: int) -> str:
    """``postgres://user:pass@host:5432`` → the same credentials at ``127.0.0.1:<port>``."""
    parts = urlsplit(pg_url)
    credentials = parts.netloc.rpartition("@")[0]
    return f"{parts.scheme}://{credentials + '@' if credentials else ''}127.0.0.1:{port}"


def run(name: str, server_kind: str = "serve_prod") -> dict:
    data.reset_database()
    data.setup_django()
    pair = data.chat_pairs(1)[0]
    from mentoring.models import Message

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    proxy = PgProxy()
    loop.run_until_complete(proxy.start())
    redis_box = [start_redis()]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **BASE_ENV,
        # The bench's credentials (BENCH_PG), through the proxy.
        "DATABASE_URL": f"{via_proxy(common.PG, proxy.port)}/{common.BENCH_DB}",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "LOG_LEVEL": "WARNING",
    }
    if server_kind == "gunicorn":
        from bench.servers import gunicorn

        server = gunicorn(port, env, workers=2)
    else:
        server = common.serve_prod(port, env, workers=2)
    server.log_path.parent.mkdir(exist_ok=True)
    try:
        # The proxy must keep serving while we wait for the server: poll from inside the loop.
        async def up():
            for _ in range(300):
                code, _body = await asyncio.to_thread(http_status, base + "/readyz", "")
                if code == 200:
                    return
                await asyncio.sleep(0.2)
            raise RuntimeError("server did not start")

        loop.run_until_complete(up())
        out = loop.run_until_complete(scenario(name, base, server.proc, pair, proxy, redis_box))
    finally:
        server.stop()
        redis_box[0].terminate()
        redis_box[0].wait()
        loop.close()
    a, b = out["a"], out["b"]
    stored = list(
        Message.objects.filter(conversation_id=pair.conversation_id)
        .order_by("pk")
        .values_list("pk", "client_id")
    )
    stored_ids = [pk for pk, _ in stored]
    client_ids = [str(c) for _, c in stored]
    sent = a.sent + b.sent
    log_text = server.log_path.read_text()
    result = {
        "scenario": name,
        "sent": len(sent),
        "stored": len(stored),
        "stored_duplicates": len(client_ids) - len(set(client_ids)),
        "sent_not_stored": len(set(sent) - set(client_ids)),
        "entrepreneur_holds_all_in_order": sorted(a.messages) == stored_ids,
        "mentor_holds_all_in_order": sorted(b.messages) == stored_ids,
        "held_before_final_resync": out["held_before_final_resync"],
        "missing": {
            side: [
                {"id": pk, "position": position, "from": "entrepreneur" if str(c) in a.sent else "mentor"}
                for position, (pk, c) in enumerate(stored, 1)
                if pk not in client.messages
            ]
            for side, client in (("entrepreneur", a), ("mentor", b))
        },
        "reconnects": {"entrepreneur": a.connects - 1, "mentor": b.connects - 1},
        "close_codes": {"entrepreneur": a.closes, "mentor": b.closes},
        "max_live_gap_seconds": {"entrepreneur": round(a.max_gap, 2), "mentor": round(b.max_gap, 2)},
        "server_tracebacks": log_text.count("Traceback"),
        "server_errors": sorted(set(re.findall(r"^\S*(?:Error|Exception)\S*: .{0,80}", log_text, re.M)))[:10],
        **out["notes"],
    }
    result["nothing_lost"] = (
        result["sent_not_stored"] == 0
        and result["entrepreneur_holds_all_in_order"]
        and result["mentor_holds_all_in_order"]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    result["server"] = server_kind
    suffix = "" if server_kind == "serve_prod" else f"-{server_kind}"
    (RESULTS / f"faults-{name}{suffix}.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "scenario", choices=["worker-kill", "redis-restart", "postgres-pause", "churn", "all"]
    )
    parser.add_argument(
        "--server",
        choices=["serve_prod", "gunicorn"],
        default="serve_prod",
        help="daphne workers under scripts/serve_prod.py (the earlier runs) or gunicorn + uvicorn (production)",
    )
    args = parser.parse_args()
    names = (
        ["worker-kill", "redis-restart", "postgres-pause", "churn"]
        if args.scenario == "all"
        else [args.scenario]
    )
    for name in names:
        log(f"fault run: {name}")
        result = run(name, args.server)
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
