"""The program manager's workspace in the Wagtail admin: who reaches it, listings, filters, exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import roles
from incubator.models import (
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    Milestone,
    MilestoneStatus,
    Tier,
)
from tests.factories import EntrepreneurUserFactory, MentorUserFactory, UserFactory
from tests.factories.workspace import (
    assign_mentor,
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import CohortFactory
from workspace.permissions import CONTENT_EDITOR
from workspace.viewsets import ENTREPRENEUR_EXPORT, MILESTONE_EXPORT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

WORKSPACE_URLS = [
    "workspace_entrepreneurs:index",
    "workspace_cohorts:index",
    "workspace_companions:index",
    "workspace_assignments:index",
    "workspace_assignments:add",
    "workspace_milestone_templates:index",
    "workspace_milestones:index",
    "workspace_assistance:index",
    "workspace_assistance:add",
    "workspace_income_thresholds:index",
    "workspace_regions:index",
    "workspace_promotions:index",
    "workspace_import:index",
    "workspace_report:index",
]


@pytest.fixture
def program():
    return build_program()


def content_editor():
    user = UserFactory()
    roles.add_role(user, CONTENT_EDITOR)
    return user


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_manager_reaches_every_workspace_page(client, program, name):
    client.force_login(program.manager)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", [*WORKSPACE_URLS, "wagtailadmin_home"])
def test_anonymous_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("factory", [EntrepreneurUserFactory, MentorUserFactory])
@pytest.mark.parametrize("name", [*WORKSPACE_URLS, "wagtailadmin_home"])
def test_entrepreneurs_and_mentors_never_reach_the_admin(client, factory, name):
    user = factory()
    client.force_login(user)
    response = client.get(reverse(name))
    # Wagtail refuses people without access_admin: a redirect away from the admin, never a 200.
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert not response["Location"].startswith(reverse(name))
    assert not user.has_perm("wagtailadmin.access_admin")


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_every_workspace_view_checks_its_own_permission(client, name):
    """A content editor may enter the admin but not one workspace page, even by typing the URL."""
    client.force_login(content_editor())
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    response = client.get(reverse(name))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


def test_content_editor_does_not_see_the_program_menu_or_panels(client, program):
    client.force_login(content_editor())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "workspace-participants" not in html
    assert reverse("workspace_entrepreneurs:index") not in html


def test_entrepreneur_list_searches_by_name_business_and_phone(client, program):
    sri = program.enroll("Keripik Bu Sri")
    program.enroll("Batik Pak Joko")
    client.force_login(program.manager)
    url = reverse("workspace_entrepreneurs:index")
    for query in ["Keripik", sri.user.full_name, sri.user.phone[-8:]]:
        html = client.get(url, {"q": query}).content.decode()
        assert "Keripik Bu Sri" in html, query
        assert "Batik Pak Joko" not in html, query


def test_entrepreneur_list_filters_by_cohort_tier_and_companion(client, program):
    other = CohortFactory(name="ProKUS 2026 — Garut", region=program.regency)
    sri = program.enroll("Keripik Bu Sri")
    program.enroll("Batik Pak Joko", cohort=other)
    assign_mentor(program, sri)
    client.force_login(program.manager)
    url = reverse("workspace_entrepreneurs:index")
    html = client.get(url, {"cohort": other.pk}).content.decode()
    assert "Batik Pak Joko" in html and "Keripik Bu Sri" not in html
    html = client.get(url, {"companion": program.mentor.pk}).content.decode()
    assert "Keripik Bu Sri" in html and "Batik Pak Joko" not in html
    html = client.get(url, {"tier": Tier.DEVELOPING}).content.decode()
    assert "Keripik Bu Sri" not in html and "Batik Pak Joko" not in html


def test_entrepreneur_csv_export_applies_the_filters(client, program):
    other = CohortFactory(name="ProKUS 2026 — Garut", region=program.regency)
    sri = program.enroll("Keripik Bu Sri")
    program.enroll("Batik Pak Joko", cohort=other)
    assign_mentor(program, sri)
    client.force_login(program.manager)
    response = client.get(
        reverse("workspace_entrepreneurs:index"), {"cohort": program.cohort.pk, "export": "csv"}
    )
    assert response.status_code == 200
    heading, *rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(heading) == len(ENTREPRENEUR_EXPORT)
    rows = [dict(zip(ENTREPRENEUR_EXPORT, row, strict=True)) for row in rows]
    assert [row["business_name"] for row in rows] == ["Keripik Bu Sri"]
    assert rows[0]["phone"] == "'" + sri.user.phone  # text, not a formula (core.csvsafe)
    assert rows[0]["mentor_name"] == program.mentor.full_name
    assert rows[0]["cohort_name"] == program.cohort.name


def test_milestone_xlsx_export_applies_the_filters(client, program):
    program.enroll("Keripik Bu Sri")
    other = CohortFactory(name="ProKUS 2026 — Garut", region=program.regency)
    program.enroll("Batik Pak Joko", cohort=other)
    client.force_login(program.manager)
    response = client.get(reverse("workspace_milestones:index"), {"cohort": other.pk, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == len(MILESTONE_EXPORT)
    businesses = {row[0] for row in rows[1:]}
    assert businesses == {"Batik Pak Joko"}
    assert len(rows) - 1 == len(program.templates[Tier.BEGINNER])


def test_profile_edit_goes_through_the_service_and_never_changes_the_tier(client, program):
    sri = program.enroll("Keripik Bu Sri")
    client.force_login(program.manager)
    url = reverse("workspace_entrepreneurs:edit", args=[sri.pk])
    response = client.post(
        url,
        {
            "cohort": program.cohort.pk,
            "province": program.province.pk,
            "regency": program.regency.pk,
            "district": program.district.pk,
            "business_name": "Keripik Bu Sri Jaya",
            "sector": "food",
            "tier": Tier.ADVANCED,
        },
    )
    assert response.status_code == 302
    sri.refresh_from_db()
    assert sri.business_name == "Keripik Bu Sri Jaya"
    assert sri.tier == Tier.BEGINNER


def test_assign_companion_through_the_admin_respects_capacity(client, program):
    profiles = [program.enroll(f"Usaha {i}") for i in range(3)]
    client.force_login(program.manager)
    url = reverse("workspace_assignments:add")
    for profile in profiles[:2]:
        response = client.post(url, {"profile": profile.pk, "companion": program.mentor.pk, "role": "mentor"})
        assert response.status_code == 302
    response = client.post(url, {"profile": profiles[2].pk, "companion": program.mentor.pk, "role": "mentor"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "full capacity" in html
    assert f"{program.mentor} · Business mentor (incubator) · 2/2" in html  # load shown in the choice
    assert CompanionAssignment.objects.filter(companion=program.mentor, ended_at__isnull=True).count() == 2


def test_end_assignment_needs_a_reason(client, program):
    sri = program.enroll("Keripik Bu Sri")
    assign_mentor(program, sri)
    assignment = CompanionAssignment.objects.get(profile=sri, role=CompanionRole.MENTOR)
    client.force_login(program.manager)
    url = reverse("workspace_assignments:edit", args=[assignment.pk])
    response = client.post(url, {"action": "end", "reason": ""})
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.ended_at is None
    response = client.post(url, {"action": "end", "reason": "Pendamping pindah tugas"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at is not None and assignment.end_reason == "Pendamping pindah tugas"


def test_new_companion_creates_the_staff_account(client, program):
    client.force_login(program.manager)
    response = client.post(
        reverse("workspace_companions:add"),
        {"email": "tksk.dewi@example.test", "full_name": "Dewi Lestari", "kind": "tksk", "capacity": 10},
    )
    assert response.status_code == 302
    from accounts.models import User

    dewi = User.objects.get(email="tksk.dewi@example.test")
    assert roles.is_mentor(dewi)
    assert dewi.mentor_profile.kind == "tksk"
    assert not dewi.has_perm("wagtailadmin.access_admin")


def test_admin_refuses_writes_without_permission(client, program):
    sri = program.enroll("Keripik Bu Sri")
    client.force_login(content_editor())
    response = client.post(
        reverse("workspace_assignments:add"),
        {"profile": sri.pk, "companion": program.mentor.pk, "role": "mentor"},
    )
    assert response.status_code in (302, 403)
    assert not CompanionAssignment.objects.filter(profile=sri).exists()
    assert EntrepreneurProfile.objects.count() == 1


def test_records_with_rules_have_no_bare_admin_forms(client, program):
    """Managers hold add/change permissions on these models, but only services may write them."""
    sri = program.enroll("Keripik Bu Sri")
    milestone = sri.milestones.first()
    client.force_login(program.manager)
    assert client.get("/cms/workspace/entrepreneurs/new/").status_code == 404
    assert client.get("/cms/workspace/milestones/new/").status_code == 404
    assert client.get(f"/cms/workspace/milestones/edit/{milestone.pk}/").status_code == 404
    html = client.get(reverse("workspace_entrepreneurs:index")).content.decode()
    assert "/cms/workspace/entrepreneurs/new/" not in html


def test_milestones_waiting_more_than_a_week_filter(client, program):
    old = program.enroll("Keripik Lama")
    fresh = program.enroll("Batik Baru")
    stale_at = timezone.now() - datetime.timedelta(days=9)
    Milestone.objects.filter(profile=old).update(status=MilestoneStatus.RESUBMITTED, submitted_at=stale_at)
    Milestone.objects.filter(profile=fresh).update(
        status=MilestoneStatus.SUBMITTED, submitted_at=timezone.now()
    )
    client.force_login(program.manager)
    html = client.get(reverse("workspace_milestones:index"), {"waiting_days": 7}).content.decode()
    assert "Keripik Lama" in html and "Batik Baru" not in html
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"<strong>{old.milestones.count()}</strong> submissions waiting" in home
