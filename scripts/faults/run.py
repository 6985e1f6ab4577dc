#!/usr/bin/env python3
"""Fault runs against the production-like setup (2 daphne workers, PostgreSQL, Redis).

    .venv/bin/python scripts/faults/run.py worker-kill | redis-restart | postgres-pause | churn | all | soak …
        [--pairs 100] [--seconds 60] [--interval 2] [--runs 3] [--minutes 10 (soak)]

Each run: a fresh database (``BENCH_DB``, default ``tumbuh_bench_faults``), a private redis-server
(``FAULTS_REDIS_PORT``, default 6390), PostgreSQL reached through a TCP proxy this script controls (the shared
servers are never stopped), serve_prod with 2 workers, and ``--pairs`` entrepreneur–mentor pairs, each person
a client that behaves like chat.js (outbox, resync after reconnect, ``seq`` gap detection with an immediate
sync, a sync after ``--idle-sync`` seconds without a frame). Each pair sends one message every ``--interval``
seconds, the two people taking turns (100 pairs every 2 s: 50 msg/s offered); the fault happens a third of the
way in (``churn``: ``--churn-clients`` more sockets connect to the pairs' conversations and leave, all along).
After the talk: every outbox empty, then a quiet spell longer than the idle sync; the verdict
(``nothing_lost``) is taken from what each client holds then, and compared with the database. A last explicit
sync afterwards only says whether it would have changed anything (``recovered_only_by_final_sync``).

``baseline``: the same talk without a fault. ``soak``: the same 100 pairs for ``--minutes`` (10) with one worker killed in the middle (the supervisor
restarts it); the RSS of every worker sampled every 30 s.

Loopback only, bounded, stops by itself. Results: bench/results/faults-<name>-<pairs>pairs-run<N>.json
(``soak``: faults-soak-<pairs>pairs-<minutes>min.json).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
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
SCENARIOS = ["worker-kill", "redis-restart", "postgres-pause", "churn"]
RSS_EVERY = 30.0


class PgProxy:
    """A TCP proxy to PostgreSQL that can be paused: pausing cuts every connection and refuses new ones.

    It runs in a process of its own (``scripts/faults/pgproxy.py``): on the client's event loop, beside
    the 200 chat clients, every database round trip of the servers waited for a turn of that loop (the
    10-minute soak of 5 December 2026 ran at load 10-14), and nothing was forwarded while the runner
    stopped the servers."""

    def __init__(self, target_port: int = 5432):
        self.target = target_port
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None

    async def start(self):
        self.proc = subprocess.Popen(  # noqa: S603
            [sys.executable, str(Path(__file__).with_name("pgproxy.py")), "--target", str(self.target)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline().split()
        if line[:1] != ["listening"]:
            raise RuntimeError(f"the PostgreSQL proxy did not start: {line}")
        self.port = int(line[1])

    def command(self, name: str) -> None:
        self.proc.stdin.write(name + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if answer != "ok":
            raise RuntimeError(f"the PostgreSQL proxy answered {answer!r} to {name}")

    def pause(self):
        self.command("pause")

    def resume(self):
        self.command("resume")

    async def close(self):
        """Stop listening and cut every piped connection (none may outlive the run's database)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.command("stop")
        except (OSError, RuntimeError):
            self.proc.kill()
        self.proc.wait(timeout=10)


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


def worker_pids(server_pid: int) -> list[int]:
    """The server's worker processes (daphne, or gunicorn's workers), not its task worker or scheduler."""
    found = []
    for pid in common.group_members(server_pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if pid != server_pid and ("daphne" in cmdline or "gunicorn" in cmdline):
            found.append(pid)
    return sorted(found)


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Options(argparse.Namespace):
    pairs: int = 100
    seconds: float = 60
    interval: float = 2.0
    idle_sync: float = 15.0
    churn_clients: int = 100
    fault_at: float = 1 / 3


async def scenario(
    name: str, base: str, server, pairs, proxy: PgProxy, redis_box: list, opt: Options
) -> dict:
    people = [
        (
            ResilientClient(
                base, p.conversation_id, p.sender_cookie, "entrepreneur", idle_sync_seconds=opt.idle_sync
            ),
            ResilientClient(
                base, p.conversation_id, p.receiver_cookie, "mentor", idle_sync_seconds=opt.idle_sync
            ),
        )
        for p in pairs
    ]
    clients = [c for pair in people for c in pair]
    tasks = [asyncio.ensure_future(c.run()) for c in clients]
    await asyncio.wait_for(asyncio.gather(*(c.connected.wait() for c in clients)), 120)
    notes: dict = {"workers_at_start": dict(collections.Counter(str(c.pid) for c in clients))}
    rss: list[dict] = []
    stop_sampling = asyncio.Event()

    async def sample_rss():
        t0 = time.monotonic()
        while True:
            pids = worker_pids(server.proc.pid)
            rss.append({"t": round(time.monotonic() - t0, 1), "rss_kb": {str(p): rss_kb(p) for p in pids}})
            try:
                await asyncio.wait_for(stop_sampling.wait(), RSS_EVERY)
                return
            except TimeoutError:
                pass

    sampler = asyncio.ensure_future(sample_rss())
    churn_task = None
    if name == "churn":
        churn_task = asyncio.ensure_future(
            churn(base, pairs, seconds=opt.seconds, clients=opt.churn_clients, notes=notes)
        )

    async def talk(i: int, a: ResilientClient, b: ResilientClient):
        offset = random.uniform(0, opt.interval)  # noqa: S311
        start = time.monotonic() + offset
        k = 0
        while True:
            at = start + k * opt.interval
            if at - (start - offset) >= opt.seconds:
                return
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            speaker = a if k % 2 == 0 else b
            await speaker.say(f"{speaker.name} {i}/{k}")
            k += 1

    async def fault():
        await asyncio.sleep(opt.seconds * opt.fault_at)
        t = time.monotonic()
        notes["fault_at_seconds"] = round(t - notes["_talk_started"], 1)
        if name in ("worker-kill", "soak"):
            victim = people[0][0].pid
            on_victim = sum(c.pid == victim for c in clients)
            notes["rss_kb_of_killed_worker"] = rss_kb(victim)
            os.kill(victim, signal.SIGKILL)
            notes["killed_worker_pid"] = victim
            notes["clients_on_killed_worker"] = on_victim
            for _ in range(100):
                await asyncio.sleep(0.2)
                now = worker_pids(server.proc.pid)
                if len(now) >= 2 and victim not in now:
                    notes["workers_after_restart"] = now
                    break
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
                code, body = await asyncio.to_thread(http_status, base + "/portal/", pairs[0].sender_cookie)
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

    talk_started = time.monotonic()
    notes["_talk_started"] = talk_started
    await asyncio.gather(*(talk(i, a, b) for i, (a, b) in enumerate(people)), fault())
    notes["talk_seconds"] = round(time.monotonic() - talk_started, 1)
    if churn_task:
        await churn_task
    # Settle: every outbox empty and every client connected (bounded) ...
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and any(c.outbox or not c.connected.is_set() for c in clients):
        await asyncio.sleep(0.2)
    notes["settled_after_seconds"] = round(time.monotonic() - (deadline - 90), 1)
    # ... then a quiet spell longer than the idle sync: the only safety net a dropped LAST message has.
    await asyncio.sleep(opt.idle_sync + 6)
    verdict = {id(c): set(c.messages) for c in clients}
    states = {id(c): c.state() for c in clients}
    for c in clients:
        await c.resync()
    await asyncio.sleep(3)
    stop_sampling.set()
    await sampler
    for c in clients:
        c.stop = True
        if c.ws is not None:
            await c.ws.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    notes["rss_samples"] = rss
    return {"people": people, "notes": notes, "verdict": verdict, "states": states}


async def churn(base: str, pairs, *, seconds: float, clients: int, notes: dict) -> None:
    """``clients`` sockets connecting to the pairs' conversations (as another tab of either person), staying
    about half a second, and leaving, in a loop."""
    from websockets.asyncio.client import connect

    stop_at = time.monotonic() + seconds
    cycles = [0]
    failures: dict[str, int] = {}

    async def one():
        await asyncio.sleep(random.uniform(0, 1.0))  # noqa: S311
        while time.monotonic() < stop_at:
            pair = random.choice(pairs)  # noqa: S311
            cookie = random.choice((pair.sender_cookie, pair.receiver_cookie))  # noqa: S311
            url = f"{base.replace('http', 'ws')}/ws/chat/{pair.conversation_id}/"
            try:
                async with connect(
                    url, origin=base, additional_headers={"Cookie": cookie}, compression=None, open_timeout=30
                ):
                    cycles[0] += 1
                    await asyncio.sleep(random.uniform(0.3, 0.7))  # noqa: S311
            except Exception as exc:  # any failure is counted by kind
                kind = type(exc).__name__
                failures[kind] = failures.get(kind, 0) + 1
                await asyncio.sleep(0.5)
            await asyncio.sleep(0.2)

    await asyncio.gather(*(one() for _ in range(clients)))
    notes["churn_clients"] = clients
    notes["churn_connect_cycles"] = cycles[0]
    notes["churn_failures"] = failures


def via_proxy(pg_url: str, port: int) -> str:
    """``postgres://user:pass@host:5432`` → the same credentials at ``127.0.0.1:<port>``."""
    parts = urlsplit(pg_url)
    credentials = parts.netloc.rpartition("@")[0]
    return f"{parts.scheme}://{credentials + '@' if credentials else ''}127.0.0.1:{port}"


_migrated: list[str] = []


def fresh_database() -> None:
    """A fresh, migrated bench database for each run: the first run of the process migrates and keeps a
    copy (``<BENCH_DB>_tpl``); the next runs recreate the database from that copy."""
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()
    template = f"{common.BENCH_DB}_tpl"
    if _migrated:
        log(f"recreating database {common.BENCH_DB} from {template}")
        data.recreate_database(common.BENCH_DB, template=template)
        return
    data.reset_database()
    data.recreate_database(template, template=common.BENCH_DB)
    _migrated.append(template)


def run(name: str, opt: Options, server_kind: str = "serve_prod", result_name: str | None = None) -> dict:
    started = time.time()
    commit = git_commit()
    load_start = os.getloadavg()
    fresh_database()
    data.setup_django()
    log(f"{name}: creating {opt.pairs} pairs")
    pairs = data.chat_pairs(opt.pairs)
    from django.db import connections

    from mentoring.models import Message

    connections.close_all()  # idle during the run; PostgreSQL may be paused under it
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
    loads = [load_start]
    try:
        # The proxy must keep serving while we wait for the server: poll from inside the loop.
        async def up():
            for _ in range(300):
                code, _body = await asyncio.to_thread(http_status, base + "/readyz", "")
                if code == 200:
                    return
                await asyncio.sleep(0.2)
            raise RuntimeError("server did not start")

        async def watch_load(box: list):
            while True:
                await asyncio.sleep(10)
                box.append(os.getloadavg())

        loop.run_until_complete(up())
        log(f"{name}: {opt.pairs} pairs talking for {opt.seconds:.0f} s")
        watcher = loop.create_task(watch_load(loads))
        out = loop.run_until_complete(scenario(name, base, server, pairs, proxy, redis_box, opt))
        watcher.cancel()
    finally:
        # Everything of this run must be gone before the next one drops the database: the server's whole
        # process group (workers, task worker, scheduler), the proxy's piped connections, Redis.
        server.stop()
        loop.run_until_complete(proxy.close())
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        redis_box[0].terminate()
        redis_box[0].wait()
        loop.close()
        asyncio.set_event_loop(None)
    people, verdict = out["people"], out["verdict"]
    stored_rows = list(
        Message.objects.filter(conversation_id__in=[p.conversation_id for p in pairs])
        .order_by("pk")
        .values_list("conversation_id", "pk", "client_id", "seq")
    )
    connections.close_all()
    by_conversation: dict[int, list[tuple]] = collections.defaultdict(list)
    for conversation_id, pk, client_id, seq in stored_rows:
        by_conversation[conversation_id].append((pk, str(client_id), seq))
    sent = [cid for a, b in people for cid in (*a.sent, *b.sent)]
    stored_client_ids = [str(c) for _, _, c, _ in stored_rows]
    missing, missing_after_final, not_in_order = [], [], 0
    delivered = 0
    seq_gaps_in_db = 0
    for pair, (a, b) in zip(pairs, people, strict=True):
        rows = by_conversation[pair.conversation_id]
        ids = [pk for pk, _, _ in rows]
        if [s for _, _, s in rows] != list(range(1, len(rows) + 1)):
            seq_gaps_in_db += 1
        for me, other in ((a, b), (b, a)):
            held = verdict[id(me)]
            mine = set(me.sent)
            delivered += sum(1 for pk, cid, _ in rows if cid in set(other.sent) and pk in held)
            if sorted(held) != ids:
                not_in_order += 1
            for pk, cid, seq in rows:
                if pk not in held:
                    where = {"conversation": pair.conversation_id, "side": me.name, "id": pk, "seq": seq}
                    missing.append({**where, "own": cid in mine})
                if pk not in me.messages:
                    missing_after_final.append(
                        {"conversation": pair.conversation_id, "side": me.name, "id": pk}
                    )
    clients = [c for pair in people for c in pair]
    talk_started = out["notes"].pop("_talk_started")
    log_text = server.log_path.read_text()
    (RESULTS / "tmp" / f"{result_name or name}.server.log").write_text(log_text)
    closes = collections.Counter(str(code) for c in clients for code in c.closes)
    result = {
        "scenario": name,
        "server": server_kind,
        "commit": commit,
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "pairs": opt.pairs,
        "seconds": opt.seconds,
        "interval_seconds": opt.interval,
        "offered_msg_per_s": round(opt.pairs / opt.interval, 1),
        "idle_sync_seconds": opt.idle_sync,
        "load_average": {
            "start": load_start,
            "max_1min_during": max(x[0] for x in loads),
            "samples": len(loads),
        },
        "sent": len(sent),
        "stored": len(stored_rows),
        "stored_duplicates": len(stored_client_ids) - len(set(stored_client_ids)),
        "sent_not_stored": len(set(sent) - set(stored_client_ids)),
        "delivered_to_the_other_person": delivered,
        "seq_contiguous_in_db": seq_gaps_in_db == 0,
        "clients": len(clients),
        "clients_not_holding_all_in_order": not_in_order,
        "clients_with_seq_gaps": sum(not c.held_seqs_contiguous() for c in clients),
        "missing": missing[:30],
        "missing_count": len(missing),
        "clients_missing_something": [
            {"conversation": pair.conversation_id, "side": c.name, **out["states"][id(c)]}
            for pair, duo in zip(pairs, people, strict=True)
            for c in duo
            if not {pk for pk, _, _ in by_conversation[pair.conversation_id]} <= verdict[id(c)] or c.outbox
        ][:20],
        "recovered_only_by_final_sync": len(missing) - len(missing_after_final),
        "outbox_left": sum(len(c.outbox) for c in clients),
        "reconnects": sum(c.connects - 1 for c in clients),
        "clients_reconnected": sum(c.connects > 1 for c in clients),
        "close_codes": dict(closes),
        "gaps_detected": sum(c.gaps_detected for c in clients),
        "gaps_seen_during_a_sync": sum(c.gaps_while_syncing for c in clients),
        "gap_syncs_that_brought_nothing_new": sum(c.empty_gap_syncs for c in clients),
        "gap_syncs_by_time_since_talk_start": dict(
            sorted(
                collections.Counter(
                    f"{int((at - talk_started) // 5 * 5)}s" for c in clients for at in c.gap_at
                ).items(),
                key=lambda kv: int(kv[0][:-1]),
            )
        ),
        "syncs": {k: sum(c.syncs[k] for c in clients) for k in ("connect", "gap", "idle", "final")},
        "first_held_through": {
            "live": sum(len(c.live_ids) for c in clients),
            **{
                f"{k}_sync": sum(c.recovered_by[k] for c in clients)
                for k in ("connect", "gap", "idle", "final")
            },
        },
        "resends_after_refusal": sum(c.retries for c in clients),
        "max_live_gap_seconds": round(max(c.max_gap for c in clients), 2),
        "server_tracebacks": log_text.count("Traceback"),
        **log_summary(log_text),
        "server_errors": sorted(set(re.findall(r"^\S*(?:Error|Exception)\S*: .{0,80}", log_text, re.M)))[:10],
        "server_log_lines": [line for line in log_text.splitlines() if "[serve_prod]" in line][:20],
        "not_live": not_live_breakdown(people, talk_started),
        **out["notes"],
    }
    result["nothing_lost"] = (
        result["sent_not_stored"] == 0
        and result["stored_duplicates"] == 0
        and result["outbox_left"] == 0
        and result["clients_not_holding_all_in_order"] == 0
        and result["clients_with_seq_gaps"] == 0
        and result["seq_contiguous_in_db"]
    )
    if name == "soak":
        result["rss"] = rss_summary(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if server_kind == "serve_prod" else f"-{server_kind}"
    path = RESULTS / f"{result_name or f'faults-{name}{suffix}'}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    log(
        f"{name}: nothing_lost={result['nothing_lost']} sent={result['sent']} stored={result['stored']} "
        f"delivered={delivered} reconnects={result['reconnects']} gaps={result['gaps_detected']} "
        f"missing={len(missing)} → {path.relative_to(ROOT)}"
    )
    return result


def not_live_breakdown(people, talk_started: float) -> dict:
    """Messages of the other person that first reached a client through a sync instead of live: by how
    (gap, idle, connect sync); how many of them came live afterwards anyway (late, not dropped) and how
    late; those that never came live, by (sender's worker → receiver's worker) next to the live ones and
    by time since the talk began."""
    by_how: collections.Counter = collections.Counter()
    by_workers: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    by_time: collections.Counter = collections.Counter()
    late: list[float] = []
    for a, b in people:
        for me, other in ((a, b), (b, a)):
            theirs = set(other.ack_pid)
            for id_, how, pid, at in me.not_live:
                if id_ not in theirs:
                    continue
                by_how[how] += 1
                if id_ in me.late_live:
                    late.append(me.late_live[id_])
                    continue
                by_workers[f"{other.ack_pid[id_]}->{pid}"]["never_live"] += 1
                by_time[f"{int((at - talk_started) // 5 * 5)}s"] += 1
            for id_, pid in me.live_pid.items():
                if id_ in theirs:
                    by_workers[f"{other.ack_pid[id_]}->{pid}"]["live"] += 1
    return {
        "first_held_through_a_sync": sum(by_how.values()),
        "then_came_live_too": len(late),
        "came_live_later": common.summary_ms(late),
        "never_came_live": sum(v["never_live"] for v in by_workers.values()),
        "by_how": dict(by_how),
        "by_sender_to_receiver_worker": {k: dict(v) for k, v in sorted(by_workers.items())},
        "by_time_since_talk_start": dict(sorted(by_time.items(), key=lambda kv: int(kv[0][:-1]))),
    }


def log_summary(log_text: str) -> dict:
    """The server log by level (JSON lines), the warnings that carry a traceback and by which logger, and
    tracebacks printed outside the JSON log (unhandled, e.g. by daphne)."""
    levels: collections.Counter = collections.Counter()
    with_traceback: collections.Counter = collections.Counter()
    plain = 0
    for line in log_text.splitlines():
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            levels[record.get("level")] += 1
            if "Traceback" in str(record.get("exception", "")):
                what = re.sub(r"\d+", "N", str(record.get("message", "")))[:50]
                with_traceback[f"{record.get('level')} {record.get('logger')}: {what}"] += 1
        elif line.startswith("Traceback"):
            plain += 1
    return {
        "server_log_levels": dict(levels),
        "server_logged_with_traceback": dict(with_traceback.most_common(10)),
        "server_unhandled_tracebacks": plain,
    }


def git_commit() -> str:
    argv = ["git", "rev-parse", "--short", "HEAD"]
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT).stdout.strip()  # noqa: S603


def rss_summary(result: dict) -> dict:
    """RSS per worker at its first and last sample (the killed worker's last one before the kill)."""
    first: dict[str, tuple] = {}
    last: dict[str, tuple] = {}
    for sample in result["rss_samples"]:
        for pid, kb in sample["rss_kb"].items():
            if kb is None:
                continue
            first.setdefault(pid, (sample["t"], kb))
            last[pid] = (sample["t"], kb)
    killed = str(result.get("killed_worker_pid"))
    if killed in last and result.get("rss_kb_of_killed_worker"):
        last[killed] = ("at kill", result["rss_kb_of_killed_worker"])
    return {
        pid: {
            "start_t": first[pid][0],
            "start_mb": round(first[pid][1] / 1024, 1),
            "end_t": last[pid][0],
            "end_mb": round(last[pid][1] / 1024, 1),
            "killed": pid == killed,
        }
        for pid in first
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "scenario", nargs="+", choices=[*SCENARIOS, "all", "soak", "baseline"], help="one or more, in order"
    )
    parser.add_argument(
        "--server",
        choices=["serve_prod", "gunicorn"],
        default="serve_prod",
        help="daphne workers under scripts/serve_prod.py (the earlier runs) or gunicorn + uvicorn (production)",
    )
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60, help="talk time per fault run")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between two messages of a pair")
    parser.add_argument("--runs", type=int, default=1, help="run each scenario this many times in a row")
    parser.add_argument(
        "--idle-sync",
        type=float,
        default=15.0,
        help="seconds without a frame before a socket syncs (chat.js: 60)",
    )
    parser.add_argument("--churn-clients", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=10, help="soak length")
    parser.add_argument("--name", default=None, help="result file prefix (default faults-<scenario>)")
    args = parser.parse_args(argv, namespace=Options())
    names = [n for each in args.scenario for n in (SCENARIOS if each == "all" else [each])]
    talk_seconds = args.seconds
    failed = []
    for name in names:
        # The soak: --minutes of talk, one run, the worker killed half way.
        args.seconds, args.fault_at = (args.minutes * 60, 0.5) if name == "soak" else (talk_seconds, 1 / 3)
        for n in range(1, (1 if name == "soak" else args.runs) + 1):
            log(f"fault run: {name} ({n}/{args.runs})")
            suffix = "" if args.server == "serve_prod" else f"-{args.server}"
            if name == "soak":
                default = f"faults-soak{suffix}-{args.pairs}pairs-{args.minutes:g}min"
            else:
                default = f"faults-{name}{suffix}-{args.pairs}pairs-run{n}"
            result_name = f"{args.name}-{name}-run{n}" if args.name else default
            try:
                result = run(name, args, args.server, result_name)
            except Exception as exc:  # one broken run must not stop the next scenario: report it at the end
                log(f"{name} run {n} failed: {type(exc).__name__}: {exc}")
                failed.append(f"{name} run {n}: {type(exc).__name__}: {exc}")
                continue
            if not result["nothing_lost"]:
                failed.append(f"{name} run {n}: nothing_lost false")
    for line in failed:
        log(f"FAILED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
