"""One scheduler tick: claim each due job's period, enqueue its task after commit."""

from __future__ import annotations

import datetime
import logging
import os
import socket

from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import ScheduledRun
from notifications.schedule import SCHEDULE, Job

logger = logging.getLogger(__name__)


def claim(job: Job, period_start: datetime.datetime, *, by: str = "") -> bool:
    """True when this scheduler won the period (inserted the unique row); False when another did."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job.name, period_start=period_start, claimed_by=by[:100])
            transaction.on_commit(lambda: job.task.enqueue())
    except IntegrityError:
        return False
    return True


def tick(*, now: datetime.datetime | None = None, jobs: list[Job] | None = None) -> list[str]:
    """Claim and enqueue every job whose current period has not run yet; return their names."""
    now = now or timezone.now()
    me = f"{socket.gethostname()}:{os.getpid()}"
    started = []
    for job in SCHEDULE if jobs is None else jobs:
        if claim(job, job.period_start(now), by=me):
            logger.info("scheduled %s", job.name)
            started.append(job.name)
    return started
