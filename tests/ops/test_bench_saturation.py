"""The bench's chat ceiling (bench/saturation.py): a closed loop of senders counts only answered frames,
skips the broadcasts of the socket's own messages, counts refusals apart, and the report says when an
acknowledged message was not stored."""

from __future__ import annotations

import json
from types import SimpleNamespace

from websockets.asyncio.server import serve


async def _fake_chat(ws):
    """Acks every send, after echoing it as a broadcast; refuses every fifth with ``rate_limited``."""
    count = 0
    async for raw in ws:
        frame = json.loads(raw)
        count += 1
        await ws.send(json.dumps({"type": "message", "message": {"client_id": frame["client_id"]}}))
        if count % 5 == 0:
            await ws.send(
                json.dumps({"type": "error", "code": "rate_limited", "client_id": frame["client_id"]})
            )
        else:
            await ws.send(json.dumps({"type": "ack", "client_id": frame["client_id"], "message": {}}))


async def test_the_closed_loop_counts_acks_and_refusals_and_returns_the_acked_ids():
    from bench.saturation import closed_loop

    async with serve(_fake_chat, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        pairs = [SimpleNamespace(conversation_id=i, sender_cookie="sessionid=x") for i in range(3)]
        result = await closed_loop(port, pairs, warmup=0.2, seconds=0.5)

    assert result["failures"] == []
    assert result["clients"] == 3
    assert result["acked_in_window"] > 0
    assert result["acked_msgs_per_s"] > 0
    assert len(result["client_ids"]) == result["acked_total"] == len(set(result["client_ids"]))
    refused = result["errors"]["rate_limited"]
    # every fifth frame of each socket is refused: about a quarter as many refusals as acks
    assert refused >= 1
    assert abs(result["acked_total"] - 4 * refused) <= 4 * len(pairs)


def test_the_report_shows_the_ratio_and_an_ack_that_was_not_stored():
    from bench.report import summary

    row = {
        "clients": 10,
        "tumbuh_acked_msgs_per_s": 400.0,
        "pgbench_insert_tps": 1600.0,
        "ratio": 0.25,
        "all_acked_stored": False,
        "errors": [{"unavailable": 2}],
        "workers_cpu_ms_per_msg": [3.5],
        "postgres_cpu_ms_per_msg": [1.25],
        "load_average_1min": [1.2, 1.3],
    }
    results = {
        "run": "t",
        "started": "2026-12-05T00:00:00Z",
        "machine": {
            "cores": 2,
            "cpu": "cpu",
            "memory": "1 kB",
            "python": "3.11",
            "postgresql": "15",
            "redis": "Redis server v=7",
            "load_average_at_start": (0.1, 0.2, 0.3),
        },
        "saturation": {"seconds": 10, "warmup": 3, "rounds": 2, "workers": 2, "by_clients": [row]},
    }
    line = next(x for x in summary(results).splitlines() if x.startswith("| 10 |"))
    assert "| 400.00 | 1,600.00 | 0.25 | 3.50 | 1.25 | NO | unavailable 2 | 1.2 / 1.3 |" in line


def test_the_full_run_measures_the_ceiling_at_several_concurrencies():
    from bench.__main__ import CONFIGS, SECTIONS

    assert "saturation" in SECTIONS
    assert len(CONFIGS["full"]["saturation_clients"]) >= 2
