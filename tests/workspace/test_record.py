"""The participant record: one family on one page for the manager of its area."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from complaints.models import Category, Complaint
from complaints.permissions import SAFEGUARDING
from incubator.models import (
    Assistance,
    EvidencePhoto,
    MilestoneEvent,
    MilestoneStatus,
    MonthlyReport,
    Tier,
)
from mentoring.models import FieldVisit, MentoringSession
from tests.factories import ManagerUserFactory
from tests.factories.workspace import (
    assign_mentor,
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def program():
    return build_program()


def record_url(profile) -> str:
    return reverse("workspace_participants:record", args=[profile.pk])


def grow_history(program, profile, n: int) -> None:
    """``n`` of everything the record lists: photos, review events, reports, assistance, sessions,
    visits and complaints."""
    milestone = profile.milestones.first()
    for i in range(n):
        EvidencePhoto.objects.create(
            milestone=milestone,
            image=f"private/e{i}.jpg",
            thumbnail=f"private/t{i}.jpg",
            version=1,
            width=8,
            height=6,
        )
        MilestoneEvent.objects.create(
            milestone=milestone,
            from_status=MilestoneStatus.NOT_STARTED,
            to_status=MilestoneStatus.SUBMITTED,
            actor=profile.user,
            comment=f"catatan {i}",
        )
        MonthlyReport.objects.create(
            profile=profile,
            month=datetime.date(2025, 1 + i % 12, 1).replace(year=2020 + i // 12),
            revenue=5_000_000 + i * 100_000,
            costs=2_000_000,
        )
        Assistance.objects.create(
            profile=profile,
            kind=Assistance.Kind.GOODS,
            plan_item=f"Etalase {i}",
            amount=1_500_000,
            tier=Tier.BEGINNER,
            recorded_by=program.manager,
        )
        MentoringSession.objects.create(
            profile=profile,
            companion=program.mentor,
            date=datetime.date(2026, 1, 1),
            mode="phone",
            topics="Kas",
        )
        FieldVisit.objects.create(
            profile=profile,
            companion=program.social,
            date=datetime.date(2026, 1, 2),
            mode="visit",
            topics="Kunjungan",
            district="Coblong",
            village=f"Dago {i}",
            purpose="monitoring",
        )
        Complaint.objects.create(
            number=f"ADU-{n}-{i}",
            category=Category.DATA,
            description="Nama salah",
            raised_by=profile.user,
            profile=profile,
            region=program.regency,
            due_at=timezone.now(),
        )


def test_the_record_shows_every_section_of_the_family(client, program):
    profile = program.enroll("Keripik Bu Sri")
    assign_mentor(program, profile)
    grow_history(program, profile, 2)
    client.force_login(program.manager)
    response = client.get(record_url(profile))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keripik Bu Sri" in html
    photo = EvidencePhoto.objects.filter(milestone__profile=profile).first()
    assert reverse("incubator:private_file", args=["thumb", photo.pk]) in html
    assert reverse("incubator:private_file", args=["evidence", photo.pk]) in html
    assert "catatan 1" in html  # review history
    assert "Etalase 1" in html  # assistance
    assert "Dago 1" in html  # the visit's village
    assert str(program.mentor) in html  # companions
    assert "ADU-2-1" in html  # complaints
    assert 'class="umk-line"' in html  # the chart with the UMK line
    assert reverse("mentoring:profile_timeline", args=[profile.pk]) in html


def test_harassment_complaints_only_with_that_permission(client, program):
    profile = program.enroll("Keripik Bu Sri")
    Complaint.objects.create(
        number="ADU-H-1",
        category=Category.HARASSMENT,
        description="…",
        raised_by=profile.user,
        profile=profile,
        region=program.regency,
        due_at=timezone.now(),
    )
    client.force_login(program.manager)
    assert "ADU-H-1" not in client.get(record_url(profile)).content.decode()

    officer = ManagerUserFactory()
    roles.add_role(officer, SAFEGUARDING)
    officer = type(officer).objects.get(pk=officer.pk)
    assert officer.has_perm("complaints.handle_harassment")
    client.force_login(officer)
    assert "ADU-H-1" in client.get(record_url(profile)).content.decode()


def test_a_family_outside_the_area_is_not_found(client, program):
    from tests.incubator.factories import RegencyFactory

    profile = program.enroll("Keripik Bu Sri")
    elsewhere = ManagerUserFactory(area=RegencyFactory(name="Kabupaten Klaten"))
    client.force_login(elsewhere)
    assert client.get(record_url(profile)).status_code == 404
    client.force_login(ManagerUserFactory(area=program.regency))
    assert client.get(record_url(profile)).status_code == 200


def test_query_count_does_not_grow_with_the_history(client, program):
    small = program.enroll("Kecil")
    large = program.enroll("Besar")
    grow_history(program, small, 1)
    grow_history(program, large, 12)
    client.force_login(program.manager)
    client.get(record_url(small))  # warm the session and permission caches
    counts = []
    for profile in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(record_url(profile)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[1] == RECORD_QUERIES


# Wagtail's admin frame (session, user, permissions, menu), the area, the profile, then one query
# per section (milestones: three, with their photos and review events), plus exits, the open
# below-UMK flag and the intake assessments (their aspects: one more when there are any).
RECORD_QUERIES = 23  # with the admin menu's count of promotions waiting (P8); the sidebar itself cached (workspace.sidebar)


@pytest.mark.parametrize(
    "url_name",
    ["workspace_entrepreneurs:index", "workspace_milestones:index", "workspace_assistance:index"],
)
def test_every_listing_row_opens_the_record(client, program, url_name):
    profile = program.enroll("Keripik Bu Sri")
    Assistance.objects.create(
        profile=profile,
        kind=Assistance.Kind.CASH,
        plan_item="Gerobak",
        amount=1_000_000,
        tier=Tier.BEGINNER,
        recorded_by=program.manager,
    )
    client.force_login(program.manager)
    assert record_url(profile) in client.get(reverse(url_name)).content.decode()
