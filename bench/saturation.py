"""The chat's ceiling against the database's floor, in the same run.

Tumbuh: ``C`` sender sockets (one per pair, each on its own conversation) on 2 workers with Redis and
PostgreSQL (``scripts/serve_prod.py``), each sending its next ``send`` frame as soon as the previous
one is acknowledged (a closed loop: at most one frame in flight per socket, as a socket answers its
frames in order). The server's rate limit is lifted for this section only. Counted: the acks that
arrived inside the measured window (after a warm-up) per second, and afterwards that every
acknowledged ``client_id`` is stored. Refusals (``error`` frames) are counted, never retried.

The floor: ``pgbench`` with the same number of clients (``-c C``), each committing single-row inserts
into ``pgbench_history`` for the same number of seconds, on the same PostgreSQL.

The two alternate, round by round, at each concurrency; the result is the mean of the rounds and the
ratio Tumbuh ÷ pgbench (aim: at least 0.5). CPU milliseconds per acknowledged message, by role (the
workers, Redis, the PostgreSQL backends, the load generator), are recorded too: less sensitive to what else
the machine runs than msg/s.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import time
import uuid

from bench.common import BASE_ENV, BENCH_DB, PG, CpuMeter, RedisServer, free_port, log, ratio
from bench.floors import _pgbench

INSERT_SCRIPT = (
    "\\set aid random(1, 100000)\n"
    "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, 1, now());\n"
)
# How long a socket waits for the ack of its last frame once the window is over.
DRAIN_SECONDS = 30


async def closed_loop(
    port: int, pairs: list, *, warmup: float, seconds: float, meter: CpuMeter | None = None
) -> dict:
    """Each sender sends, waits for its answer, sends again; acks inside [warmup, warmup + seconds]."""
    from websockets.asyncio.client import connect

    origin = f"http://127.0.0.1:{port}"
    gate = asyncio.Semaphore(25)

    async def open_socket(pair):
        async with gate:
            return await connect(
                f"ws://127.0.0.1:{port}/ws/chat/{pair.conversation_id}/",
                origin=origin,
                additional_headers={"Cookie": pair.sender_cookie},
                compression=None,
                open_timeout=60,
                max_queue=None,
            )

    sockets = await asyncio.gather(*(open_socket(p) for p in pairs))
    acked: list[str] = []
    errors: dict[str, int] = {}
    stop = asyncio.Event()
    window: dict[str, float] = {}

    async def sender(ws) -> None:
        n = 0
        while not stop.is_set():
            client_id = str(uuid.uuid4())
            await ws.send(json.dumps({"type": "send", "client_id": client_id, "body": f"pesan {n}"}))
            n += 1
            while True:  # the answer to this frame; broadcasts of the socket's own messages are skipped
                frame = json.loads(await asyncio.wait_for(ws.recv(), DRAIN_SECONDS))
                if frame.get("type") == "ack" and frame.get("client_id") == client_id:
                    acked.append(client_id)
                    break
                if frame.get("type") == "error" and frame.get("client_id") == client_id:
                    errors[frame.get("code", "?")] = errors.get(frame.get("code", "?"), 0) + 1
                    break

    async def clock() -> None:
        await asyncio.sleep(warmup)
        if meter is not None:
            meter.start()
        window["acks_at_start"], window["t0"] = len(acked), time.perf_counter()
        await asyncio.sleep(seconds)
        window["acks_at_end"], window["t1"] = len(acked), time.perf_counter()
        if meter is not None:
            meter.stop()
        stop.set()

    outcome = await asyncio.gather(clock(), *(sender(ws) for ws in sockets), return_exceptions=True)
    failures = [repr(x) for x in outcome if isinstance(x, BaseException)]
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    in_window = window["acks_at_end"] - window["acks_at_start"]
    elapsed = window["t1"] - window["t0"]
    cpu = (meter.seconds or {}) if meter is not None else {}
    return {
        "clients": len(pairs),
        "acked_msgs_per_s": round(in_window / elapsed, 1),
        "acked_in_window": in_window,
        "acked_total": len(acked),
        "errors": errors,
        "failures": failures[:5],
        # CPU milliseconds per acknowledged message, by role (bench.common.CpuMeter): the workers, Redis,
        # the PostgreSQL backends, the load generator ("client")
        "cpu_ms_per_msg": {role: round(1000 * used / in_window, 3) for role, used in cpu.items()}
        if in_window
        else {},
        "client_ids": acked,
    }


def run(cfg: dict) -> dict:
    """One server, every concurrency in ``cfg['saturation_clients']``, Tumbuh and pgbench alternating."""
    from bench import common, data

    clients = cfg["saturation_clients"]
    seconds, warmup, rounds = cfg["saturation_seconds"], cfg["saturation_warmup"], cfg["saturation_rounds"]
    log(f"saturation: creating {max(clients)} chat pairs")
    pairs = data.chat_pairs(max(clients))
    db = f"{PG}/{BENCH_DB}"

    subprocess.run(["pgbench", "-i", "-s", "1", "-q", db], capture_output=True, check=True, timeout=300)
    redis = RedisServer()
    out = []
    try:
        port = free_port()
        env = {**BASE_ENV, "REDIS_URL": redis.url, "TUMBUH_CHAT_RATE_LIMIT": "1000000/10"}
        with common.serve_prod(port, env, workers=2) as server:
            for c in clients:
                tumbuh, floor, loads = [], [], []
                for rnd in range(rounds):
                    order = ("tumbuh", "pgbench") if rnd % 2 == 0 else ("pgbench", "tumbuh")
                    for kind in order:
                        loads.append(os.getloadavg()[0])
                        log(f"saturation clients={c} round={rnd + 1} {kind}")
                        if kind == "tumbuh":
                            r = asyncio.run(
                                closed_loop(
                                    port,
                                    pairs[:c],
                                    warmup=warmup,
                                    seconds=seconds,
                                    meter=CpuMeter(server, redis),
                                )
                            )
                            r["stored"] = data.stored_count(r.pop("client_ids"))
                            tumbuh.append(r)
                        else:
                            jobs = str(min(c, 2))
                            floor.append(
                                _pgbench(
                                    ["-n", "-c", str(c), "-j", jobs, "-T", str(int(seconds)), "-f", "-", db],
                                    stdin=INSERT_SCRIPT,
                                )
                            )
                mean_t = statistics.fmean(r["acked_msgs_per_s"] for r in tumbuh)
                mean_f = statistics.fmean(f["tps"] or 0 for f in floor)
                out.append(
                    {
                        "clients": c,
                        "tumbuh_acked_msgs_per_s": round(mean_t, 1),
                        "pgbench_insert_tps": round(mean_f, 1),
                        "ratio": ratio(mean_t, mean_f),
                        "all_acked_stored": all(r["stored"] == r["acked_total"] for r in tumbuh),
                        "errors": [r["errors"] for r in tumbuh],
                        "failures": [f for r in tumbuh for f in r["failures"]],
                        "workers_cpu_ms_per_msg": [r["cpu_ms_per_msg"].get("workers") for r in tumbuh],
                        "postgres_cpu_ms_per_msg": [r["cpu_ms_per_msg"].get("postgres") for r in tumbuh],
                        "pgbench_latency_ms": [f["avg_ms"] for f in floor],
                        "rounds": {"tumbuh": tumbuh, "pgbench": floor},
                        "load_average_1min": [round(x, 1) for x in loads],
                    }
                )
                log(f"saturation clients={c}: Tumbuh {mean_t:.1f} msg/s, pgbench {mean_f:.1f} tps")
    finally:
        redis.stop()
    return {"seconds": seconds, "warmup": warmup, "rounds": rounds, "workers": 2, "by_clients": out}
