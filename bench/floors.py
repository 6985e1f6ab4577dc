"""Floors: how fast the bare pieces go on this machine (raw websockets echo, redis-benchmark, pgbench)."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time

from bench.common import PG, RedisServer, free_port, log, summary_ms

ECHO_SERVER = """
import asyncio, sys
from websockets.asyncio.server import serve
async def echo(ws):
    async for m in ws:
        await ws.send(m)
async def main():
    async with serve(echo, "127.0.0.1", int(sys.argv[1]), compression=None):
        await asyncio.Future()
asyncio.run(main())
"""


async def _echo_round(port: int, clients: int, messages: int, interval: float) -> dict:
    from websockets.asyncio.client import connect

    sockets = [await connect(f"ws://127.0.0.1:{port}/", compression=None) for _ in range(clients)]
    latencies: list[float] = []

    async def one(ws, offset):
        await asyncio.sleep(offset)
        for i in range(messages):
            t = time.perf_counter()
            await ws.send(json.dumps({"i": i}))
            await ws.recv()
            latencies.append(time.perf_counter() - t)
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - t)))

    import random

    await asyncio.gather(*(one(ws, random.uniform(0, interval)) for ws in sockets))
    await asyncio.gather(*(ws.close() for ws in sockets))
    return summary_ms(latencies)


def run(cfg: dict) -> dict:
    out: dict = {}
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", ECHO_SERVER, str(port)])
    try:
        time.sleep(1.0)
        out["websockets_echo_round_trip"] = {
            str(n): asyncio.run(_echo_round(port, n, cfg["messages"], cfg["interval"])) for n in cfg["pairs"]
        }
    finally:
        proc.terminate()
        proc.wait()
    log("floors: redis-benchmark")
    redis = RedisServer()
    try:
        text = subprocess.run(
            [
                "redis-benchmark",
                "-p",
                str(redis.port),
                "-t",
                "set,get",
                "-n",
                "20000",
                "-c",
                "1",
                "-q",
                "--csv",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        out["redis_benchmark_1_client"] = _redis_csv(text)
    finally:
        redis.stop()
    log("floors: pgbench")
    db = f"{PG}/tumbuh_bench"
    subprocess.run(["pgbench", "-i", "-s", "1", "-q", db], capture_output=True, check=True, timeout=300)
    out["pgbench_select_1_client"] = _pgbench(["-S", "-c", "1", "-T", "5", db])
    out["pgbench_insert_1_client"] = _pgbench(
        ["-c", "1", "-T", "5", "-f", "-", db],
        stdin=(
            "\\set aid random(1, 100000)\nINSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, 1, now());\n"
        ),
    )
    return out


def _redis_csv(text: str) -> dict:
    rows = {}
    for line in text.splitlines()[1:]:
        cells = [c.strip('"') for c in line.split(",")]
        if len(cells) >= 3:
            rows[cells[0]] = {"requests_per_s": float(cells[1]), "avg_ms": float(cells[2])}
    return rows


def _pgbench(args: list[str], stdin: str | None = None) -> dict:
    text = subprocess.run(["pgbench", *args], capture_output=True, text=True, input=stdin, timeout=120).stdout
    tps = re.search(r"tps = ([\d.]+)", text)
    lat = re.search(r"latency average = ([\d.]+) ms", text)
    return {"tps": float(tps.group(1)) if tps else None, "avg_ms": float(lat.group(1)) if lat else None}
