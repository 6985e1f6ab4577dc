"""The program report's field-work figures: complaints and field visits, within the reader's area."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from complaints import services as complaint_services
from incubator.models import CompanionAssignment
from incubator.scope import scope_for
from mentoring.visits import VisitInput, log_visit
from tests.factories.workspace import build_areas
from workspace.program_report import program_report
from workspace.reporting import report_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    areas = build_areas()
    today = timezone.localdate()
    # The pairs have worked together for a while: a visit cannot predate the assignment.
    CompanionAssignment.objects.update(started_at=timezone.now() - datetime.timedelta(days=365))
    for area, days_ago in ((areas.alfa, 3), (areas.alfa, 40), (areas.gamma, 1)):
        log_visit(
            area.profile,
            by=area.companion,
            data=VisitInput(
                visited_on=today - datetime.timedelta(days=days_ago),
                purpose="monitoring",
                district="Coblong",
                village="Dago",
                summary="Cek pembukuan",
            ),
        )
    solved = complaint_services.raise_complaint(
        by=areas.alfa.profile.user, category="assistance", description="Bantuan belum diterima"
    )
    complaint_services.assign_complaint(solved, by=areas.national, handler=areas.national)
    complaint_services.start_complaint(solved, by=areas.national)
    complaint_services.resolve_complaint(solved, by=areas.national, note="Sudah dikirim")
    complaint_services.raise_complaint(
        by=areas.gamma.profile.user, category="data", description="Nama salah ketik"
    )
    return areas


def test_national_report_counts_every_complaint_and_visit(areas):
    report = program_report()
    complaints = report["complaints"]
    assert complaints["total"] == 2
    assert complaints["by_category"]["assistance"] == 1 and complaints["by_category"]["data"] == 1
    assert complaints["by_status"]["resolved"] == 1 and complaints["by_status"]["new"] == 1
    assert complaints["share_resolved_within_target"] == 1.0
    visits = report["visits"]
    assert sum(row["visits"] for row in visits["per_companion_month"]) == 3
    assert visits["visited_last_30_days"] == {"numerator": 2, "denominator": 3, "percentage": 66.7}


def test_regency_reader_sees_only_their_areas_complaints_and_visits(areas):
    report = program_report(area=scope_for(areas.regency_manager))
    assert report["complaints"]["total"] == 1
    assert report["complaints"]["by_category"]["data"] == 0
    visits = report["visits"]
    assert {row["companion"] for row in visits["per_companion_month"]} == {"Pendamping Alfa"}
    assert visits["visited_last_30_days"] == {"numerator": 1, "denominator": 1, "percentage": 100.0}


def test_cohort_and_region_filters_apply_to_complaints(areas):
    assert program_report(cohort=areas.gamma.cohort)["complaints"]["total"] == 1
    assert program_report(region=areas.alfa.province)["complaints"]["total"] == 1
    assert program_report(region=areas.gamma.regency)["complaints"]["by_category"]["data"] == 1


def test_rows_exports_and_command_carry_the_new_sections(client, areas):
    with translation.override("en"):
        rows = report_rows(program_report())
    sections = {str(row["section"]) for row in rows}
    assert {"Complaints per category", "Complaints", "Field visits"} <= sections
    visited = next(row for row in rows if row["label"] == "Participants visited in the last 30 days")
    assert visited["value"] == "66.7% (2/3)"
    client.force_login(areas.regency_manager)
    response = client.get(reverse("workspace_report:index"), {"export": "csv"})
    text = response.content.decode()
    assert "Pendamping Alfa" in text and "Pendamping Gamma" not in text
    out = StringIO()
    call_command("program_report", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["complaints"]["total"] == 2
