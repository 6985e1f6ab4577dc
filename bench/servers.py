"""``python -m bench.servers``: daphne (scripts/serve_prod.py) vs gunicorn + uvicorn workers, same run.

Both server groups run at the same time on their own ports (2 workers each, Redis + PostgreSQL, the
bench's ASGI application), against one database and one private Redis; each round measures one and then
the other (the order alternates), so background load on the shared machine falls on both alike:

- **chat**: N pairs on Tumbuh's ``/ws/chat/<id>/`` with sender and receiver on different workers (as
  ``python -m bench --only chat``'s ``redis-2-workers`` setup), latency and sent/acked/delivered/stored;
- **pages**: the trivial view, entrepreneur dashboard, mentor dashboard and a lesson page, 4 keep-alive
  client threads (as ``--only pages``).

The load average is recorded before every measurement. Result: ``bench/results/<name>.json`` and ``.md``
(``--name``, default ``servers``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time

from bench import common
from bench.common import BASE_ENV, BIN, RESULTS, ROOT, free_port, log, ratio, summary_ms

GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def gunicorn(port: int, env: dict, workers: int = 2, app: str = "bench.asgi:application") -> common.Server:
    argv = [
        str(BIN / "gunicorn"),
        "-c",
        str(GUNICORN_CONF),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        app,
    ]
    return common.Server(argv, env=env, port=port, log_name=f"gunicorn_{workers}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--messages", type=int, default=4)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page-requests", type=int, default=100)
    parser.add_argument("--name", default="servers", help="result file name (bench/results/<name>.json)")
    args = parser.parse_args(argv)
    started = time.time()
    from bench import chat, data, pages

    data.reset_database()
    data.setup_django()
    log(f"creating {args.pairs} chat pairs and the pages' people")
    pairs = data.chat_pairs(args.pairs)
    world = pages.World()
    world.setup()
    targets = {k: v for k, v in world.page_targets().items() if k != "admin home"}
    cfg = {"page_rounds": 1, "page_requests": args.page_requests}
    redis = common.RedisServer()
    env = {**BASE_ENV, "REDIS_URL": redis.url}
    ports = {"daphne (serve_prod.py)": free_port(), "gunicorn + uvicorn worker": free_port()}
    samples: dict = {name: {"chat": [], "pages": {t: [] for t in targets}, "load": []} for name in ports}
    try:
        servers = {
            "daphne (serve_prod.py)": common.serve_prod(ports["daphne (serve_prod.py)"], env, workers=2),
            "gunicorn + uvicorn worker": gunicorn(ports["gunicorn + uvicorn worker"], env, workers=2),
        }
        for server in servers.values():
            server.__enter__()
        try:
            names = list(ports)
            for rnd in range(args.rounds):
                for name in names if rnd % 2 == 0 else list(reversed(names)):
                    port = ports[name]
                    samples[name]["load"].append(os.getloadavg()[0])
                    log(f"servers round {rnd + 1}: {name} chat ({args.pairs} pairs)")
                    r = asyncio.run(
                        chat.run(
                            port,
                            pairs,
                            kind="tumbuh",
                            messages=args.messages,
                            interval=args.interval,
                            split_workers=True,
                        )
                    )
                    r["stored"] = data.stored_count(r["client_ids"])
                    samples[name]["chat"].append(r)
                    log(f"servers round {rnd + 1}: {name} pages")
                    timings = pages.measure(world, port, targets, cfg)
                    for target in targets:
                        samples[name]["pages"][target].append(timings[target])
        finally:
            for server in servers.values():
                server.stop()
    finally:
        redis.stop()
    results = {
        "run": args.name,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "config": vars(args),
        "machine": common.machine(),
        "servers": {name: summarise(s) for name, s in samples.items()},
        "seconds": round(time.time() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / f"{args.name}.md").write_text(table(results))
    print(table(results))
    log(f"done in {results['seconds']} s: bench/results/{args.name}.json")
    return 0


def summarise(s: dict) -> dict:
    rs = s["chat"]
    lat = summary_ms([x for r in rs for x in r["latencies"]])
    chat_out = {
        **lat,
        "throughput_msgs_per_s": round(sum(r["throughput_msgs_per_s"] or 0 for r in rs) / len(rs), 1),
        "sent": sum(r["sent"] for r in rs),
        "acked": sum(r["acked"] for r in rs),
        "delivered": sum(r["delivered"] for r in rs),
        "stored": sum(r["stored"] for r in rs),
        "duplicates": sum(r["duplicates"] for r in rs),
        "pairs_out_of_order": sum(r["pairs_out_of_order"] for r in rs),
        "timed_out_rounds": sum(r["timed_out"] for r in rs),
        "pairs_on_different_workers": [r["pairs_on_different_workers"] for r in rs],
        "connect_seconds": [r["connect_seconds"] for r in rs],
    }
    pages_out = {}
    for target, runs in s["pages"].items():
        p50s = [r["p50_ms"] for r in runs]
        p99s = [r["p99_ms"] for r in runs]
        pages_out[target] = {
            "p50_ms_median_of_rounds": sorted(p50s)[len(p50s) // 2],
            "p99_ms_median_of_rounds": sorted(p99s)[len(p99s) // 2],
            "requests_per_s_mean": round(sum(r["requests_per_s"] for r in runs) / len(runs), 1),
            "non_200": sum(r["non_200"] for r in runs),
            "rounds": runs,
        }
    return {"load_average_1m_before_each_round": s["load"], "chat": chat_out, "pages": pages_out}


def table(results: dict) -> str:
    servers = results["servers"]
    lines = [
        f"Run `{results['run']}` started {results['started']} ({results['seconds']} s). Load average at start "
        f"{tuple(round(x, 2) for x in results['machine']['load_average_at_start'])} on "
        f"{results['machine']['cores']} shared cores.",
        "",
        f"**Chat** ({results['config']['pairs']} pairs, sender and receiver on different workers, "
        f"{results['config']['messages']} messages per pair per round, {results['config']['rounds']} rounds):",
        "",
        "| server | load (1 min) per round | p50 ms | p99 ms | msg/s | sent = acked = delivered = stored, no dup |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, s in servers.items():
        c = s["chat"]
        ok = c["sent"] == c["acked"] == c["delivered"] == c["stored"] and c["duplicates"] == 0
        loads = ", ".join(f"{x:.1f}" for x in s["load_average_1m_before_each_round"])
        lines.append(
            f"| {name} | {loads} | {c['p50_ms']:.1f} | {c['p99_ms']:.1f} | {c['throughput_msgs_per_s']} | "
            f"{'yes' if ok else 'NO'}: {c['sent']} / {c['acked']} / {c['delivered']} / {c['stored']}, dup {c['duplicates']} |"
        )
    lines += [
        "",
        "**Pages** (median over rounds of each round's p50/p99; 4 keep-alive clients):",
        "",
        "| page | " + " | ".join(f"{n} p50 / p99 ms, req/s" for n in servers) + " | p50 gunicorn ÷ daphne |",
        "|---|" + "---:|" * (len(servers) + 1),
    ]
    names = list(servers)
    for target in servers[names[0]]["pages"]:
        cells = []
        for n in names:
            p = servers[n]["pages"][target]
            cells.append(
                f"{p['p50_ms_median_of_rounds']:.1f} / {p['p99_ms_median_of_rounds']:.1f}, {p['requests_per_s_mean']}"
            )
        r = ratio(
            servers[names[1]]["pages"][target]["p50_ms_median_of_rounds"],
            servers[names[0]]["pages"][target]["p50_ms_median_of_rounds"],
        )
        lines.append(f"| {target} | " + " | ".join(cells) + f" | {r} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
