"""``python -m bench --only tasks``: how many tasks per second the django-tasks-db worker handles on
PostgreSQL, with one and with two ``db_worker`` processes.

Two kinds of task, N of each per run:
- ``noop``: the engine alone (claim with ``SELECT … FOR UPDATE SKIP LOCKED``, run, store the result);
- ``delivery``: ``notifications.tasks.deliver_for_user`` for a person with one item past the delay and
  a verified phone: plan, lock, render and "send" one SMS (the in-memory SMS backend), log the delivery.

Timing: the workers start with ``--batch`` (run what is queued, then exit). The clock runs from the
first finished task to the last, read from the results table every 50 ms, so the processes' start
(Django's import, about 2 s) is not counted.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time

from django_tasks import task

from bench.common import BASE_ENV, ROOT, log


@task()
def noop() -> int:
    return 0


def _clear() -> None:
    from django_tasks_db.models import DBTaskResult

    from notifications.models import Delivery, Notification

    DBTaskResult.objects.all().delete()
    Delivery.objects.all().delete()
    Notification.objects.all().delete()


def _people(n: int) -> list[int]:
    from accounts.models import User

    existing = list(
        User.objects.filter(email__startswith="bench-tasks-").order_by("pk").values_list("pk", flat=True)
    )
    for i in range(len(existing), n):
        user = User.objects.create(
            username=f"bench-tasks-{i}",
            email=f"bench-tasks-{i}@example.org",
            full_name=f"Bench {i}",
            phone=f"+62819{i:08d}",  # not the factories' +62812 numbers (the chat pairs are made by them)
            phone_verified=True,
        )
        existing.append(user.pk)
    return existing[:n]


def _enqueue(kind: str, n: int) -> None:
    from django.utils import timezone

    from notifications import tasks
    from notifications.models import Notification

    if kind == "noop":
        for _ in range(n):
            noop.enqueue()
        return
    past = timezone.now() - datetime.timedelta(hours=1)
    users = _people(n)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk, kind="milestone_verified", params={"title": "Bench"}, created_at=past
            )
            for pk in users
        ]
    )
    for pk in users:
        tasks.deliver_for_user.enqueue(pk)


def _measure(n: int, workers: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    env = {**os.environ, **BASE_ENV, "DB_POOL_SIZE": "0"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    first_at = first_count = None
    while True:
        done = DBTaskResult.objects.finished().count()
        now = time.perf_counter()
        if done and first_at is None:
            first_at, first_count = now, done
        if done >= n or all(p.poll() is not None for p in procs):
            break
        time.sleep(0.05)
    end = time.perf_counter()
    for p in procs:
        p.wait(timeout=60)
    failed = DBTaskResult.objects.failed().count()
    seconds = end - (first_at or end)
    counted = done - (first_count or 0)
    return {
        "tasks": n,
        "finished": done,
        "failed": failed,
        "seconds": round(seconds, 3),
        "tasks_per_s": round(counted / seconds, 1) if seconds > 0 else None,
    }


def run(cfg: dict) -> dict:
    n = int(cfg.get("tasks", 2000))
    load = os.getloadavg()
    results: dict = {"n": n, "load_average_at_start": [round(x, 2) for x in load], "runs": []}
    for kind in ("noop", "delivery"):
        for workers in (1, 2):
            _clear()
            _enqueue(kind, n)
            log(f"tasks: {n} {kind} with {workers} worker(s)")
            row = {"kind": kind, "workers": workers, **_measure(n, workers)}
            log(f"  {row}")
            results["runs"].append(row)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return results
