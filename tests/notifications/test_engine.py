"""The scheduler's once-per-period rule, /readyz's task-queue fields, and the real db_worker."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from notifications import scheduler
from notifications.models import Notification, ScheduledRun
from notifications.schedule import SCHEDULE, Job
from tests.factories import EntrepreneurUserFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
T = datetime.datetime(2026, 12, 1, 10, 0, 20, tzinfo=JAKARTA)


@pytest.mark.django_db
def test_two_ticks_in_the_same_period_run_each_job_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = scheduler.tick(now=T)
        second = scheduler.tick(now=T + datetime.timedelta(seconds=30))
    assert "deliver-notifications" in first and second == []
    assert DBTaskResult.objects.filter(task_path__endswith="sweep_deliveries").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduler.tick(now=T + datetime.timedelta(minutes=1)) == ["deliver-notifications"]
    assert ScheduledRun.objects.filter(job="deliver-notifications").count() == 2


def test_a_daily_job_belongs_to_the_last_occurrence_of_its_time_in_jakarta():
    job = Job("x", object(), at=datetime.time(3, 30))
    before = datetime.datetime(2026, 12, 1, 3, 29, tzinfo=JAKARTA)
    after = datetime.datetime(2026, 12, 1, 3, 30, tzinfo=JAKARTA)
    assert job.period_start(before) == datetime.datetime(2026, 11, 30, 3, 30, tzinfo=JAKARTA)
    assert job.period_start(after) == after
    assert job.period_start(after.astimezone(datetime.UTC)) == after  # the same instant from UTC


def test_the_schedule_names_are_unique():
    names = [job.name for job in SCHEDULE]
    assert len(names) == len(set(names))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
    reason="two threads claiming the same period need row-level concurrency (PostgreSQL pass in CI)",
)
def test_two_schedulers_at_once_run_a_job_once():
    job = Job("concurrent", object(), every=datetime.timedelta(minutes=1))
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(scheduler.claim(job, job.period_start(T)))
        finally:
            connection.close()

    job = Job(
        "concurrent",
        type("T", (), {"enqueue": staticmethod(lambda: None)})(),
        every=datetime.timedelta(minutes=1),
    )
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]


@pytest.mark.django_db
def test_run_scheduler_once(capsys):
    call_command("run_scheduler", "--once")
    assert ScheduledRun.objects.filter(job="deliver-notifications").exists()
    assert "scheduler stopped" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_readyz_reports_the_queue_depth_and_the_oldest_waiting_task(client):
    from notifications import tasks

    DBTaskResult.objects.all().delete()
    assert client.get("/readyz").json()["task_queue"] == {"queued": 0, "oldest_age_s": 0}
    tasks.sweep_deliveries.enqueue()
    tasks.sweep_deliveries.enqueue()
    DBTaskResult.objects.update(
        enqueued_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=90)
    )
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    tasks.sweep_deliveries.using(run_after=later).enqueue()  # deferred: not waiting yet
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["tasks"] == "ok"
    assert body["task_queue"]["queued"] == 2 and 90 <= body["task_queue"]["oldest_age_s"] < 120


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_delivers_a_queued_sms_into_the_file_backend(tmp_path, settings):
    """The journey's last step, without a browser: an item nobody saw → the db_worker process sends it."""

    user = EntrepreneurUserFactory()
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    Notification.objects.create(
        recipient=user, kind="milestone_verified", params={"title": "Etalase"}, created_at=past
    )
    DBTaskResult.objects.all().delete()
    from notifications import tasks

    tasks.deliver_for_user.enqueue(user.pk)
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/{database['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",  # no SMS night rule
        "DEBUG": "1",
        "DATABASE_URL": url,
        "TUMBUH_SMS_BACKEND": "accounts.sms.FileBackend",
        "TUMBUH_SMS_FILE_PATH": str(tmp_path),
        "TUMBUH_NOTIFY_DELAY": "600",
    }
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            str(root / "manage.py"),
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
        ],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [sent] = [
        json.loads(line) for path in tmp_path.glob("sms-*.jsonl") for line in path.read_text().splitlines()
    ]
    assert sent["to"] == user.phone and "Etalase" in sent["text"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_an_item_enqueues_its_delivery_for_after_the_delay(settings):
    from notifications import services

    settings.TUMBUH_NOTIFY_DELAY = 600
    user = EntrepreneurUserFactory()
    DBTaskResult.objects.all().delete()
    now = datetime.datetime.now(datetime.UTC)
    services.record_event(user.pk, {"type": "incubator.report_verified", "month": "2026-11-01"}, now=now)
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path.endswith("deliver_for_user") and queued.args_kwargs["args"] == [user.pk]
    assert queued.run_after == now + datetime.timedelta(seconds=600)
    services.record_event(user.pk, {"type": "unread", "unread_total": 3}, now=now)  # live only
    assert DBTaskResult.objects.count() == 1
