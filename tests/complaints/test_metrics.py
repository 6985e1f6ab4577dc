"""``complaint_metrics``: counts by category and status, median time to resolution, share in time."""

from __future__ import annotations

import datetime

from django.utils import timezone

from complaints.models import Category, Complaint, Status
from complaints.selectors import complaint_metrics
from complaints.targets import add_working_days, target_for


def shape(complaint, *, created, resolved=None, status=None, handler=None, **extra):
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=created,
        due_at=add_working_days(created, target_for(complaint.category)),
        resolved_at=resolved,
        status=status or complaint.status,
        handler=handler,
        **extra,
    )


def test_metrics_figures(world):
    tz = timezone.get_current_timezone()
    monday = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=tz)
    now = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=tz)
    h = world.bandung_manager
    # Resolved in 24 hours (in time), referred after 10 days (target 3 working days: late),
    # closed after 48 hours (in time), one still new and overdue, one in progress and in time.
    shape(
        world.raise_(),
        created=monday,
        resolved=monday + datetime.timedelta(hours=24),
        status=Status.RESOLVED,
        handler=h,
    )
    shape(
        world.raise_(category=Category.HEALTH),
        created=monday,
        resolved=monday + datetime.timedelta(days=10),
        status=Status.REFERRED,
        handler=h,
        referred_to="Puskesmas",
    )
    shape(
        world.raise_(),
        created=monday,
        resolved=monday + datetime.timedelta(hours=48),
        status=Status.CLOSED,
        handler=h,
    )
    shape(world.raise_(category=Category.DATA), created=monday)
    shape(world.raise_(), created=now - datetime.timedelta(hours=1), status=Status.IN_PROGRESS, handler=h)

    metrics = complaint_metrics(Complaint.objects.all(), now=now)
    assert metrics["total"] == 5
    assert metrics["by_category"] == {
        "assistance": 3,
        "mentoring": 0,
        "harassment": 0,
        "data": 1,
        "health": 1,
        "education": 0,
        "civil_registry": 0,
        "other_service": 0,
    }
    assert metrics["by_status"] == {
        "new": 1,
        "assigned": 0,
        "in_progress": 1,
        "resolved": 1,
        "referred": 1,
        "closed": 1,
    }
    assert (metrics["open"], metrics["overdue"]) == (2, 1)
    assert metrics["resolved"] == 3
    assert metrics["median_resolution_hours"] == 48.0
    assert metrics["resolved_within_target"] == 2
    assert metrics["share_resolved_within_target"] == round(2 / 3, 4)


def test_metrics_without_complaints_say_none_not_zero(world):
    metrics = complaint_metrics(Complaint.objects.none(), now=timezone.now())
    assert metrics["total"] == 0
    assert metrics["median_resolution_hours"] is None
    assert metrics["share_resolved_within_target"] is None


def test_metrics_respect_the_queryset_they_are_given(world):
    world.raise_()
    world.raise_(by=world.klaten_profile.user)
    metrics = complaint_metrics(Complaint.objects.filter(region=world.klaten), now=timezone.now())
    assert metrics["total"] == 1
