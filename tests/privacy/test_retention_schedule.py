"""The retention job is in the one schedule, runs nightly at a quiet hour and is idempotent."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.apps import apps

from incubator import services as incubator_services
from incubator.models import CompanionAssignment
from mentoring.models import Message
from notifications import scheduler
from notifications.models import ScheduledRun
from notifications.schedule import JAKARTA, SCHEDULE
from privacy import tasks
from privacy.models import PrivacyEvent
from tests.privacy.test_data_rights import LATER, filled

pytestmark = pytest.mark.django_db


def retention_job():
    [job] = [job for job in SCHEDULE if job.name == "apply-retention"]
    return job


def test_the_schedule_runs_retention_daily_at_a_quiet_hour():
    job = retention_job()
    assert job.task is tasks.apply_retention
    assert job.every is None and job.at == datetime.time(2, 0) and job.zone == JAKARTA


def test_registering_again_does_not_add_the_job_twice():
    apps.get_app_config("privacy").ready()
    assert [job.name for job in SCHEDULE].count("apply-retention") == 1


def test_the_scheduler_claims_the_retention_job_once_per_night():
    night = datetime.datetime(2026, 12, 5, 2, 5, tzinfo=JAKARTA)
    assert "apply-retention" in scheduler.tick(now=night, jobs=[retention_job()])
    assert scheduler.tick(now=night + datetime.timedelta(hours=3), jobs=[retention_job()]) == []
    assert ScheduledRun.objects.filter(job="apply-retention").count() == 1


def test_the_task_is_idempotent(world, settings):
    settings.TUMBUH_RETENTION_MONTHS = 24
    filled(world)
    for assignment in CompanionAssignment.objects.current().filter(profile=world.profile):
        incubator_services.end_assignment(assignment, by=world.manager, reason="Keluar program")
    with time_machine.travel(LATER, tick=False):
        assert tasks.apply_retention.call() == 1
        events = PrivacyEvent.objects.count()
        assert tasks.apply_retention.call() == 0
    assert PrivacyEvent.objects.count() == events
    assert not Message.objects.filter(conversation__profile=world.profile).exists()
