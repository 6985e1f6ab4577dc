"""Review: a business mentor must not verify what they themselves entered for the entrepreneur."""

from __future__ import annotations

import pytest

from incubator import services
from incubator.errors import IncubatorError
from incubator.models import Milestone, MilestoneStatus
from tests.incubator.conftest import _world_once, world  # noqa: F401  (fixtures)


def test_mentor_cannot_verify_evidence_they_submitted_on_behalf(world):  # noqa: F811
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.mentor, text="Diisi pendamping", expected_version=0)
    with pytest.raises(IncubatorError):
        services.verify_milestone(milestone, by=world.mentor, expected_version=1)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED


def test_mentor_cannot_verify_figures_they_entered_on_behalf(world):  # noqa: F811
    report = services.record_monthly_report(
        world.profile, by=world.mentor, month="2026-02", revenue=90_000_000, costs=1
    )
    with pytest.raises(IncubatorError):
        services.verify_monthly_report(report, by=world.mentor)
    report.refresh_from_db()
    assert report.verified_at is None


def test_after_the_entrepreneur_confirms_figures_the_mentor_may_verify_them(world):  # noqa: F811
    report = services.record_monthly_report(
        world.profile, by=world.mentor, month="2026-02", revenue=9_000_000, costs=1
    )
    services.correct_monthly_report(report, by=world.profile.user, revenue=9_000_000, costs=1)
    report.refresh_from_db()
    assert report.corrected_by == world.profile.user
    services.verify_monthly_report(report, by=world.mentor)
    report.refresh_from_db()
    assert report.verified_by == world.mentor


def test_after_the_entrepreneur_sends_evidence_again_the_mentor_may_verify_it(world):  # noqa: F811
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.mentor, text="Diisi pendamping", expected_version=0)
    services.withdraw_evidence(milestone, by=world.profile.user, expected_version=1)
    milestone.refresh_from_db()
    services.submit_evidence(
        milestone, by=world.profile.user, text="Saya periksa", expected_version=milestone.version
    )
    milestone.refresh_from_db()
    services.verify_milestone(milestone, by=world.mentor, expected_version=milestone.version)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.VERIFIED
