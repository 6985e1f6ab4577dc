"""``python -m bench [--quick] [--only chat,pages,weight,floors]``: run the benchmarks, write bench/results/."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time

from bench import common
from bench.common import BASE_ENV, RESULTS, free_port, log, ratio, summary_ms

SECTIONS = ("floors", "chat", "saturation", "pages", "weight", "tasks")


CHAT_MODES = ("memory-1-worker", "redis-2-workers")


def chat_section(
    cfg: dict, results: dict, variants: list[str] | None = None, modes: list[str] | None = None
) -> None:
    from bench import chat, data

    pairs_needed = max(cfg["pairs"])
    log(f"creating {pairs_needed} chat pairs")
    pairs = data.chat_pairs(pairs_needed)
    out = []
    redis = common.RedisServer()
    try:
        for mode in modes or CHAT_MODES:
            port = free_port()
            if mode.startswith("memory"):
                server = common.daphne(port, BASE_ENV, name="chat_memory")
            else:
                server = common.serve_prod(port, {**BASE_ENV, "REDIS_URL": redis.url}, workers=2)
            with server:
                meter_redis = None if mode.startswith("memory") else redis
                for n in cfg["pairs"]:
                    # "tumbuh" is the server's own store path; with --chat-variants, one entry per variant
                    # (group commit on / off for that socket, bench/asgi.py), interleaved with the relay.
                    labels = (
                        ["relay", *(f"tumbuh:{v}" for v in variants)] if variants else ["relay", "tumbuh"]
                    )
                    runs: dict[str, list] = {label: [] for label in labels}
                    for rnd in range(cfg["rounds_at"].get(n, cfg["rounds"])):
                        shift = rnd % len(labels)
                        for label in labels[shift:] + labels[:shift]:
                            kind, _sep, variant = label.partition(":")
                            log(f"chat {mode} pairs={n} round={rnd + 1} {label}")
                            meter = common.CpuMeter(server, meter_redis)
                            r = asyncio.run(
                                chat.run(
                                    port,
                                    pairs[:n],
                                    kind=kind,
                                    messages=cfg["messages"],
                                    interval=cfg["interval"],
                                    split_workers=mode.startswith("redis"),
                                    variant=variant or None,
                                    meter=meter,
                                )
                            )
                            r["cpu_seconds"] = meter.seconds
                            r["load_average"] = os.getloadavg()
                            if kind == "tumbuh":
                                r["stored"] = data.stored_count(r["client_ids"])
                            runs[label].append(r)
                    for label in labels[1:]:
                        row = _chat_row(mode, n, {"relay": runs["relay"], "tumbuh": runs[label]})
                        if ":" in label:
                            row["variant"] = label.partition(":")[2]
                        out.append(row)
    finally:
        redis.stop()
    results["chat"] = out


def _chat_row(mode: str, n: int, runs: dict) -> dict:
    row = {"mode": mode, "pairs": n}
    for kind, rs in runs.items():
        lat = summary_ms([x for r in rs for x in r["latencies"]])
        row[kind] = {
            **lat,
            "throughput_msgs_per_s": round(sum(r["throughput_msgs_per_s"] or 0 for r in rs) / len(rs), 1),
            "sent": sum(r["sent"] for r in rs),
            "acked": sum(r["acked"] for r in rs),
            "delivered": sum(r["delivered"] for r in rs),
            "stored": sum(r.get("stored", 0) for r in rs) if kind == "tumbuh" else None,
            "duplicates": sum(r["duplicates"] for r in rs),
            "pairs_out_of_order": sum(r["pairs_out_of_order"] for r in rs),
            "timed_out_rounds": sum(r["timed_out"] for r in rs),
            "connect_seconds": [r["connect_seconds"] for r in rs],
            "pairs_on_different_workers": [r["pairs_on_different_workers"] for r in rs],
            **_cpu(rs),
        }
    row["p50_ratio"] = ratio(row["tumbuh"]["p50_ms"], row["relay"]["p50_ms"])
    row["p99_ratio"] = ratio(row["tumbuh"]["p99_ms"], row["relay"]["p99_ms"])
    t = row["tumbuh"]
    row["all_counted"] = (
        t["sent"] == t["acked"] == t["delivered"] == t["stored"]
        and t["duplicates"] == 0
        and t["pairs_out_of_order"] == 0
    )
    return row


def _cpu(rs: list[dict]) -> dict:
    """CPU seconds by role over the rounds, and per delivered message in ms: the server's workers
    alone, and everything the server side burns (workers, task worker, Redis, PostgreSQL backends)."""
    used: dict[str, float] = {}
    for r in rs:
        for role, seconds in r.get("cpu_seconds", {}).items():
            used[role] = round(used.get(role, 0.0) + seconds, 2)
    delivered = sum(r["delivered"] for r in rs)
    server = sum(used.get(role, 0.0) for role in ("workers", "tasks", "supervisor", "redis", "postgres"))
    return {
        "cpu_seconds": used,
        "workers_cpu_ms_per_msg": round(used.get("workers", 0.0) * 1000 / delivered, 2)
        if delivered
        else None,
        "server_cpu_ms_per_msg": round(server * 1000 / delivered, 2) if delivered else None,
        "client_cpu_ms_per_msg": round(used.get("client", 0.0) * 1000 / delivered, 2) if delivered else None,
        "load_average": [r.get("load_average") for r in rs],
    }


CONFIGS = {
    "quick": {
        "tasks": 500,
        "pairs": [10, 100],
        "messages": 4,
        "interval": 2.0,
        "rounds": 2,
        "rounds_at": {},
        "entrepreneurs": [10, 1000],
        "messages_stored": 50_000,
        "page_requests": 40,
        "page_rounds": 2,
        "saturation_clients": [10],
        "saturation_seconds": 5,
        "saturation_warmup": 2,
        "saturation_rounds": 1,
    },
    "full": {
        "pairs": [10, 100, 500],
        "messages": 4,
        "interval": 2.0,
        "rounds": 2,
        "rounds_at": {500: 1},  # the 500-pair runs take minutes each on 2 shared cores
        "entrepreneurs": [10, 10_000],
        "messages_stored": 1_000_000,
        "page_requests": 100,
        "page_rounds": 3,
        # the chat's ceiling next to pgbench's single-row inserts at the same concurrency (bench/saturation.py)
        "saturation_clients": [1, 10, 50],
        "saturation_seconds": 10,
        "saturation_warmup": 3,
        "saturation_rounds": 2,
    },
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small run (a minute or two)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ",".join(SECTIONS))
    parser.add_argument("--no-reset", action="store_true", help="reuse the bench database as it is")
    parser.add_argument(
        "--name", help="the run's name in bench/results/ (default: quick/full and the sections)"
    )
    parser.add_argument("--pairs", help="chat pair counts instead of the config's, e.g. 10 or 10,100")
    parser.add_argument(
        "--chat-variants",
        type=lambda value: [v for v in value.split(",") if v],
        default=[],
        help="compare Tumbuh's store paths in the same rounds: group-commit,per-message (bench/chat.py VARIANTS)",
    )
    parser.add_argument(
        "--chat-modes",
        type=lambda value: [v for v in value.split(",") if v],
        default=[],
        help="only these chat setups: " + ",".join(CHAT_MODES),
    )
    args = parser.parse_args(argv)
    if unknown := set(args.chat_modes) - set(CHAT_MODES):
        parser.error(f"unknown --chat-modes {sorted(unknown)}: choose from {', '.join(CHAT_MODES)}")
    cfg = dict(CONFIGS["quick" if args.quick else "full"])
    if args.pairs:
        cfg["pairs"] = [int(n) for n in args.pairs.split(",")]
    from bench.chat import VARIANTS

    if unknown := set(args.chat_variants) - set(VARIANTS):
        parser.error(f"unknown --chat-variants {sorted(unknown)}: choose from {', '.join(VARIANTS)}")
    sections = [s for s in args.only.split(",") if s]
    started = time.time()
    from bench import data

    if not args.no_reset:
        data.reset_database()
    data.setup_django()
    results: dict = {
        "run": "quick" if args.quick else "full",
        "config": cfg,
        "machine": common.machine(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
    }
    if "floors" in sections:
        from bench import floors

        results["floors"] = floors.run(cfg)
    if "pages" in sections or "weight" in sections:
        from bench import pages

        pages.run(cfg, results, sections)
    if "chat" in sections:
        if "pages" in sections:
            # Chat runs on a fresh database: with 1,000,000 stored messages the unread count scans the table
            # on every message (bench/README.md), which would measure that bug instead of the chat path.
            from django.db import connections

            connections.close_all()
            data.reset_database()
        chat_section(cfg, results, args.chat_variants, args.chat_modes)
    if "saturation" in sections:
        if "pages" in sections and "chat" not in sections:
            from django.db import connections

            connections.close_all()
            data.reset_database()
        from bench import saturation

        results["saturation"] = saturation.run(cfg)
    if "tasks" in sections:
        from bench import tasks

        results["tasks"] = tasks.run(cfg)
    results["seconds"] = round(time.time() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if sections != list(SECTIONS):
        results["run"] += "-" + "-".join(sections)
    if args.name:
        results["run"] = args.name
    name = f"{results['run']}.json"
    (RESULTS / name).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    from bench import report

    report.write(results)
    log(f"done in {results['seconds']} s: bench/results/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
