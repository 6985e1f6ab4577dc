"""``seed_demo --scale N``: N families with companions, tiers, reports, in a fixed number of queries."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from incubator.demo_scale import COHORT, seed_scale
from incubator.models import (
    CompanionAssignment,
    EntrepreneurProfile,
    GraduationWatch,
    MentorProfile,
    MonthlyReport,
    ProgramExit,
    Tier,
)

pytestmark = pytest.mark.django_db


def test_a_small_scale_program_has_every_part():
    assert seed_scale(50) == 50
    families = EntrepreneurProfile.objects.filter(cohort__name=COHORT)
    assert families.count() == 50
    assert set(families.values_list("tier", flat=True)) == set(Tier.values)  # every tier, graduates too
    assert families.values("regency").distinct().count() == 5
    assert MentorProfile.objects.filter(kind="business_mentor").count() == 2  # 50 // 25
    assert MentorProfile.objects.exclude(kind="business_mentor").count() == 6  # 3 × 50 // 25
    assert CompanionAssignment.objects.current().count() == 100  # a mentor and a social companion each
    assert MonthlyReport.objects.count() == 150
    assert MonthlyReport.objects.filter(verified_at__isnull=False).count() == 100
    assert GraduationWatch.objects.count() == families.filter(tier=Tier.GRADUATED).count() > 0
    assert ProgramExit.objects.count() == 1  # one family in fifty
    profits = set(MonthlyReport.objects.values_list("profit", flat=True))
    assert len(profits) > 20  # figures differ (sector and noise), not one copied number


def test_scale_writes_in_bulk_and_runs_once():
    with CaptureQueriesContext(connection) as small:
        seed_scale(10)
    CompanionAssignment.objects.all().delete()  # a fresh start: the companions' rows protect them
    User.objects.filter(username__startswith="skala-").delete()
    with CaptureQueriesContext(connection) as large:
        seed_scale(60)
    assert len(large) <= len(small) + 3  # a fixed number of queries, whatever the size
    assert seed_scale(60) == 0  # again: nothing added
    assert EntrepreneurProfile.objects.filter(cohort__name=COHORT).count() == 60


def test_the_command_refuses_an_absurd_scale():
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", force=True, scale=-3, stdout=io.StringIO())
