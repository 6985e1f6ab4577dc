"""The one schedule of periodic jobs. ``manage.py run_scheduler`` claims each job's current period
in ``ScheduledRun`` (unique job + period start) and enqueues its task: several schedulers on
several machines still run each job once per period.

A job runs either ``every`` (a fixed interval, periods aligned on the epoch) or daily ``at`` a
wall-clock time in ``zone`` (Asia/Jakarta unless said otherwise).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from notifications import tasks

JAKARTA = ZoneInfo("Asia/Jakarta")
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Job:
    name: str
    task: object
    every: datetime.timedelta | None = None
    at: datetime.time | None = None
    zone: ZoneInfo = JAKARTA

    def period_start(self, now: datetime.datetime) -> datetime.datetime:
        """The start of the period ``now`` falls in: the job's run for it is due."""
        if self.every is not None:
            periods = (now - EPOCH) // self.every
            return EPOCH + periods * self.every
        assert self.at is not None
        local = now.astimezone(self.zone)
        today = datetime.datetime.combine(local.date(), self.at, tzinfo=self.zone)
        return today if local >= today else today - datetime.timedelta(days=1)


SCHEDULE: list[Job] = [
    Job("deliver-notifications", tasks.sweep_deliveries, every=datetime.timedelta(minutes=1)),
    Job("prune-old-records", tasks.prune_old_records, at=datetime.time(3, 30)),
    Job("escalate-unconfirmed-assistance", tasks.escalate_unconfirmed_assistance, at=datetime.time(7, 0)),
    Job("remind-content-reviewers", tasks.remind_content_reviewers, at=datetime.time(8, 0)),
    Job("daily-reminders", tasks.daily_reminders, at=datetime.time(7, 0)),
    Job("complaint-reminders", tasks.complaint_reminders, every=datetime.timedelta(hours=1)),
    Job("visit-reminders", tasks.visit_reminders, at=datetime.time(15, 0)),
]


def register(job: Job) -> None:
    """Add a job of an app above ``notifications`` (which may not import it), from its ``ready()``.

    Idempotent by name: a second ``ready()`` (tests, autoreload) does not add it twice.
    """
    if all(existing.name != job.name for existing in SCHEDULE):
        SCHEDULE.append(job)
