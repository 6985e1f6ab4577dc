"""``python -m bench.compare_pages --base DIR [--rounds N] [--grow N]``: this checkout's pages against another's,
interleaved request by request on the same bench database.

On a shared machine the load changes by the second: two runs one after the other compare the load
as much as the code. Here one worker process per checkout (``DIR``: another commit's tree, e.g.
``git archive <commit> | tar -x -C DIR``, with its static files collected) serves the five pages of
``bench.profile_pages`` through Django's test client with the connection pool on; the driver asks
both in turn for the same page (the order alternating every round) and reports each page's median
time, its ratio to the trivial view and its query count, with the load average during the run.
Writes ``bench/results/compare-pages.json`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import BASE_ENV, RESULTS, ROOT, log

PAGE_NAMES = ("trivial view", "entrepreneur dashboard", "mentor dashboard", "lesson page", "admin home")


def serve(targets: dict[str, list[str]], cookies: dict[str, str]) -> None:
    """Worker: print the query counts, then answer each page name read on stdin with 'ms status'."""
    import django

    os.environ.update(BASE_ENV)
    django.setup()
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {role: Client(HTTP_COOKIE=cookie) for role, cookie in cookies.items()}
    counts = {}
    for name, (url, role) in targets.items():
        clients[role].get(url)
        with CaptureQueriesContext(connection) as captured:
            clients[role].get(url)
        connections.close_all()
        counts[name] = len(captured)
    print(json.dumps(counts), flush=True)
    for line in sys.stdin:
        url, role = targets[line.strip()]
        started = time.perf_counter()
        response = clients[role].get(url)
        connections.close_all()  # the end of a request under ASGI (CONN_MAX_AGE = 0)
        print(f"{(time.perf_counter() - started) * 1000:.3f} {response.status_code}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="the other checkout's directory")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--out", default=str(RESULTS / "compare-pages.json"))
    parser.add_argument(
        "--grow",
        type=int,
        default=0,
        help="first grow the bench world to this many entrepreneurs (bulk rows, as --only pages does)",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        world = json.loads(args.serve)
        serve(world["targets"], world["cookies"])
        return 0

    from bench import data, profile_pages

    data.setup_django(pool=True)
    cookies, lesson_url = profile_pages.world_cookies()
    if args.grow:
        _grow(args.grow)
    world = json.dumps({"targets": profile_pages.pages(lesson_url), "cookies": cookies})
    from django.db import connections

    connections.close_all()
    trees = {"base": Path(args.base).resolve(), "this": ROOT}
    env = {**os.environ, **BASE_ENV}
    here = Path(__file__).resolve()
    logs = RESULTS / "tmp"
    logs.mkdir(parents=True, exist_ok=True)
    workers = {
        label: subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(here), world],
            cwd=tree,
            env={**env, "PYTHONPATH": str(tree)},
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(logs / f"compare-pages-{label}.log").open("w"),
        )
        for label, tree in trees.items()
    }
    counts = {}
    for label, worker in workers.items():
        line = worker.stdout.readline()
        if not line:
            raise SystemExit(f"the {label} worker stopped; see {logs / f'compare-pages-{label}.log'}")
        counts[label] = json.loads(line)
    samples = {label: {name: [] for name in PAGE_NAMES} for label in trees}
    loads = [os.getloadavg()[0]]
    log(f"comparing {trees['this']} with {trees['base']}, {args.rounds} rounds, interleaved")
    for rnd in range(args.rounds):
        order = list(trees) if rnd % 2 == 0 else list(trees)[::-1]
        for name in PAGE_NAMES:
            for label in order:
                workers[label].stdin.write(name + "\n")
                workers[label].stdin.flush()
                ms, status = workers[label].stdout.readline().split()
                if status != "200":
                    raise SystemExit(f"{label}: {name} answered {status}")
                samples[label][name].append(float(ms))
        loads.append(os.getloadavg()[0])
    for worker in workers.values():
        worker.stdin.close()
        worker.wait()
    result = {"rounds": args.rounds, "load_average_1min": [min(loads), max(loads)], "pages": {}}
    for label in trees:
        trivial = statistics.median(samples[label]["trivial view"])
        result["pages"][label] = {
            name: {
                "p50_ms": round(statistics.median(samples[label][name]), 2),
                "x_trivial": round(statistics.median(samples[label][name]) / trivial, 2),
                "queries": counts[label][name],
            }
            for name in PAGE_NAMES
        }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"load average {min(loads):.1f}–{max(loads):.1f}, {args.rounds} rounds")
    print("| page | queries base → this | p50 ms base | p50 ms this | × trivial base | × trivial this |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in PAGE_NAMES:
        a, b = result["pages"]["base"][name], result["pages"]["this"][name]
        print(
            f"| {name} | {a['queries']} → {b['queries']} | {a['p50_ms']} | {b['p50_ms']} "
            f"| {a['x_trivial']} | {b['x_trivial']} |"
        )
    return 0


def _grow(total: int) -> None:
    """Bulk entrepreneurs copied from the newest profile (``bench.pages.World.grow_entrepreneurs``)."""
    from django.db import connection

    from bench.pages import World
    from incubator.models import EntrepreneurProfile

    world = World()
    world.profiles = [EntrepreneurProfile.objects.select_related("user").order_by("-pk").first()]
    world.grow_entrepreneurs(total)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"bench world: {world.entrepreneurs} entrepreneurs")


# The worker runs this file's ``serve`` with the other checkout's code first on the path.
_WORKER = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("compare_pages", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
world = json.loads(sys.argv[2])
module.serve(world["targets"], world["cookies"])
"""


if __name__ == "__main__":
    raise SystemExit(main())
