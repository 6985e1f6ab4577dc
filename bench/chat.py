"""Chat delivery: Tumbuh's consumer vs a bare Channels group relay, same server, same client, one clock.

Each pair has a sender socket and a receiver socket on the same room. Senders send ``messages``
frames each, one every ``interval`` seconds (Tumbuh allows 20 per 10 s per person), with start
times spread over the first interval. Latency is receive time at the receiver minus send time,
both from ``time.perf_counter()`` in this one process.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field

from websockets.asyncio.client import connect

CONNECT_CONCURRENCY = 25
# Reconnects tried to put a receiver on another worker than its sender (then it stays where it is).
SPLIT_TRIES = 200


@dataclass
class PairResult:
    sent: list[str] = field(default_factory=list)
    acked: set[str] = field(default_factory=set)
    received: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    reconnects: int = 0


# Tumbuh's two store paths, compared in the same run (--chat-variants): the query parameter
# bench/asgi.py reads, or None for the server's own CHAT_GROUP_COMMIT.
VARIANTS = {"group-commit": "group_commit=1", "per-message": "group_commit=0"}


async def _open(url: str, cookie: str | None, origin: str, *, avoid_pid: int | None, want_pid: bool):
    """Open a socket; with ``want_pid`` read the bench.worker frame and retry while on ``avoid_pid``.

    The workers share one listening socket and the kernel does not spread connections evenly (a busy
    worker accepts less often): retry with a short back-off, and after ``SPLIT_TRIES`` keep the
    socket on the same worker instead of failing the run. The result counts the pairs that ended up
    split (``pairs_on_different_workers``), so a run with too few is visible, never a crash.
    """
    headers = {"Cookie": cookie} if cookie else None
    for attempt in range(SPLIT_TRIES):
        ws = await connect(
            (url + ("&" if "?" in url else "?") + "bench_worker=1") if want_pid else url,
            origin=origin,
            additional_headers=headers,
            compression=None,
            open_timeout=60,
            max_queue=None,
        )
        if not want_pid:
            return ws, None
        first = json.loads(await asyncio.wait_for(ws.recv(), 30))
        pid = first["pid"]
        if avoid_pid is None or pid != avoid_pid or attempt == SPLIT_TRIES - 1:
            return ws, pid
        await ws.close()
        await asyncio.sleep(min(0.01 * (attempt + 1), 0.2))
    raise AssertionError("unreachable")


async def run(
    port: int,
    pairs: list,
    *,
    kind: str,
    messages: int,
    interval: float,
    split_workers: bool,
    variant: str | None = None,
    meter=None,
) -> dict:
    base = f"ws://127.0.0.1:{port}"
    origin = f"http://127.0.0.1:{port}"
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def open_pair(pair):
        path = (
            f"/ws/chat/{pair.conversation_id}/"
            if kind == "tumbuh"
            else f"/bench/relay/{pair.conversation_id}/"
        )
        if kind == "tumbuh" and variant is not None:
            path += "?" + VARIANTS[variant]
        sender_cookie = pair.sender_cookie if kind == "tumbuh" else None
        receiver_cookie = pair.receiver_cookie if kind == "tumbuh" else None
        async with gate:
            s, spid = await _open(base + path, sender_cookie, origin, avoid_pid=None, want_pid=split_workers)
            r, rpid = await _open(
                base + path, receiver_cookie, origin, avoid_pid=spid, want_pid=split_workers
            )
        return s, r, (spid, rpid)

    t0 = time.perf_counter()
    sockets = await asyncio.gather(*(open_pair(p) for p in pairs))
    connect_seconds = time.perf_counter() - t0
    results = [PairResult() for _ in pairs]
    sent_at: dict[str, float] = {}

    async def sender(ws, result: PairResult, start: float):
        for i in range(messages):
            delay = start + i * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            client_id = str(uuid.uuid4())
            sent_at[client_id] = time.perf_counter()
            result.sent.append(client_id)
            await ws.send(json.dumps({"type": "send", "client_id": client_id, "body": f"pesan {i}"}))

    async def sender_reader(ws, result: PairResult):
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("type") == "ack":
                result.acked.add(frame["client_id"])
                if len(result.acked) == messages:
                    return

    async def receiver(ws, result: PairResult):
        async for raw in ws:
            now = time.perf_counter()
            frame = json.loads(raw)
            if frame.get("type") == "message":
                client_id = frame["message"]["client_id"]
                result.received.append(client_id)
                if client_id in sent_at:
                    result.latencies.append(now - sent_at[client_id])
                if len(result.received) >= messages:
                    return

    if meter is not None:  # the messages' CPU only: every socket is open, none closed yet
        meter.start()
    start = time.perf_counter() + 0.5
    tasks = []
    for (s, r, _pids), result in zip(sockets, results, strict=True):
        offset = random.uniform(0, interval)
        tasks += [sender(s, result, start + offset), sender_reader(s, result), receiver(r, result)]
    timeout = messages * interval + 180
    timed_out = False
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), timeout)
    except TimeoutError:
        timed_out = True
    elapsed = time.perf_counter() - start
    if meter is not None:
        meter.stop()

    async def close(ws):
        async with gate:
            await ws.close()

    await asyncio.gather(*(close(ws) for s, r, _ in sockets for ws in (s, r)), return_exceptions=True)

    latencies = [x for r in results for x in r.latencies]
    sent = sum(len(r.sent) for r in results)
    delivered = sum(len(r.received) for r in results)
    duplicates = sum(len(r.received) - len(set(r.received)) for r in results)
    out_of_order = sum(
        1 for r in results if [c for c in r.received if c in set(r.sent)] != r.sent[: len(r.received)]
    )
    split = sum(1 for _s, _r, (a, b) in sockets if a is not None and a != b)
    return {
        "kind": kind,
        "variant": variant,
        "pairs": len(pairs),
        "sent": sent,
        "acked": sum(len(r.acked) for r in results),
        "delivered": delivered,
        "duplicates": duplicates,
        "pairs_out_of_order": out_of_order,
        "timed_out": timed_out,
        "connect_seconds": round(connect_seconds, 2),
        "elapsed_seconds": round(elapsed, 2),
        "throughput_msgs_per_s": round(delivered / elapsed, 1) if elapsed else None,
        "pairs_on_different_workers": split,
        "client_ids": [c for r in results for c in r.sent],
        "latencies": latencies,
    }
