"""Review: a companion's forged registration (a place or cohort outside their area) saves nothing;
acting for an entrepreneur needs a current assignment, through every page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from incubator import services
from incubator.models import CompanionAssignment, EntrepreneurProfile, MentorProfile, Milestone, MonthlyReport
from tests.incubator.conftest import _world_once, world  # noqa: F401  (fixtures)
from tests.incubator.factories import CohortFactory, ProvinceFactory, RegencyFactory


def url(name, *args):
    return reverse(f"incubator:{name}", args=args)


def registration(w, **kw):
    data = {
        "full_name": "Siti Aminah",
        "phone": "0812 3456 7890",
        "email": "",
        "business_name": "Warung Bu Siti",
        "sector": "food",
        "province": w.province.pk,
        "regency": w.regency.pk,
        "district": w.district.pk,
        "village": "Dago",
        "cohort": "",
        "consent": "on",
    }
    data.update(kw)
    return data


@pytest.fixture
def field(world):  # noqa: F811
    MentorProfile.objects.get(user=world.social).regions.set([world.regency])
    return world


def test_forged_place_or_cohort_outside_the_companions_area_saves_nothing(field, client_for):
    other_province = ProvinceFactory(name="Jawa Timur")
    other_regency = RegencyFactory(name="Kota Surabaya", parent=other_province)
    other_cohort = CohortFactory(region=other_regency)
    users = User.objects.count()
    client = client_for(field.social)
    for forged in (
        {"province": other_province.pk, "regency": other_regency.pk, "district": ""},
        {"cohort": other_cohort.pk},
        {"regency": "abc"},
        {"province": "999999", "regency": "999999"},
    ):
        response = client.post(url("register_entrepreneur"), registration(field, **forged))
        assert response.status_code == 400
    assert User.objects.count() == users
    assert not EntrepreneurProfile.objects.filter(business_name="Warung Bu Siti").exists()
    assert CompanionAssignment.objects.filter(companion=field.social).count() == 1


def test_ended_companion_reaches_nothing_they_used_to_act_on(world, client_for):  # noqa: F811
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.social, text="Sudah", expected_version=0)
    report = services.record_monthly_report(
        world.profile, by=world.social, month="2026-02", revenue=1_000_000, costs=100_000
    )
    assignment = CompanionAssignment.objects.get(profile=world.profile, companion=world.social, ended_at=None)
    services.end_assignment(assignment, by=world.manager, reason="Pindah tugas")
    client = client_for(world.social)
    assert client.get(url("milestone_detail", milestone.pk)).status_code == 404
    assert client.post(url("withdraw_evidence", milestone.pk), {"expected_version": 1}).status_code == 404
    assert (
        client.post(
            url("correct_report", report.pk), {"revenue": "5", "costs": "1", "workers": "0", "notes": ""}
        ).status_code
        == 404
    )
    assert (
        client.post(
            url("mentee_reports", world.profile.pk), {"month": "2026-03", "revenue": "5", "costs": "1"}
        ).status_code
        == 404
    )
    milestone.refresh_from_db()
    report.refresh_from_db()
    assert milestone.version == 1 and milestone.status == "submitted"
    assert report.revenue == 1_000_000 and MonthlyReport.objects.count() == 1


def test_withdraw_needs_post_and_csrf(world):  # noqa: F811
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.social, text="Sudah", expected_version=0)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.entrepreneur)
    assert client.get(url("withdraw_evidence", milestone.pk)).status_code == 405
    assert client.post(url("withdraw_evidence", milestone.pk), {"expected_version": 1}).status_code == 403
    milestone.refresh_from_db()
    assert milestone.status == "submitted"


def test_a_repeated_withdraw_or_a_stale_version_changes_nothing_more(world, client_for):  # noqa: F811
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.social, text="Sudah", expected_version=0)
    client = client_for(world.entrepreneur)
    for _ in range(2):
        assert client.post(url("withdraw_evidence", milestone.pk), {"expected_version": 1}).status_code == 302
    assert client.post(url("withdraw_evidence", milestone.pk), {"expected_version": "abc"}).status_code == 302
    assert milestone.events.count() == 2  # submitted, withdrawn once
