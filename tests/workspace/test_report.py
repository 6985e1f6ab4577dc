"""The program report: exact figures on a small known program, and constant queries at scale."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incubator.models import (
    Assistance,
    MilestoneEvent,
    MilestoneStatus,
    MonthlyReport,
    Tier,
    TierChange,
)
from tests.factories.workspace import (
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import (
    CohortFactory,
    EntrepreneurProfileFactory,
    MilestoneFactory,
    RegencyFactory,
)
from workspace.program_report import program_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=JAKARTA)


@pytest.fixture
def known():
    """Five entrepreneurs in two cohorts with tier history, milestones, assistance and reports."""
    program = build_program()
    cohort_b = CohortFactory(name="ProKUS 2026 — Garut", region=program.regency)

    def profile(tier, cohort=program.cohort):
        return EntrepreneurProfileFactory(
            province=program.province, regency=program.regency, cohort=cohort, tier=tier
        )

    p1, p2, p3 = profile(Tier.BEGINNER), profile(Tier.DEVELOPING), profile(Tier.ADVANCED)
    p4, p5 = profile(Tier.GRADUATED, cohort_b), profile(Tier.BEGINNER, cohort_b)
    history = {
        p1: [("", Tier.BEGINNER, at(1, 1))],
        p2: [("", Tier.BEGINNER, at(1, 1)), (Tier.BEGINNER, Tier.DEVELOPING, at(3, 2))],  # 60 days
        p3: [
            ("", Tier.BEGINNER, at(1, 1)),
            (Tier.BEGINNER, Tier.DEVELOPING, at(2, 10)),  # 40 days
            (Tier.DEVELOPING, Tier.ADVANCED, at(4, 1)),  # 50 days
        ],
        p4: [
            ("", Tier.BEGINNER, at(1, 1)),
            (Tier.BEGINNER, Tier.DEVELOPING, at(1, 21)),  # 20 days
            (Tier.DEVELOPING, Tier.ADVANCED, at(3, 2)),  # 40 days
            (Tier.ADVANCED, Tier.GRADUATED, at(4, 11)),  # 40 days
        ],
        p5: [("", Tier.BEGINNER, at(1, 1))],
    }
    TierChange.objects.bulk_create(
        [
            TierChange(profile=p, from_tier=f, to_tier=t, changed_at=when)
            for p, rows in history.items()
            for f, t, when in rows
        ]
    )
    first, second = program.templates[Tier.BEGINNER]
    m1 = MilestoneFactory(profile=p1, template=first, status=MilestoneStatus.VERIFIED)
    MilestoneFactory(profile=p1, template=second, status=MilestoneStatus.SUBMITTED)
    m3 = MilestoneFactory(profile=p2, template=first, status=MilestoneStatus.VERIFIED)
    MilestoneFactory(profile=p2, template=second, status=MilestoneStatus.NOT_STARTED)
    MilestoneFactory(profile=p5, template=first, status=MilestoneStatus.CHANGES_REQUESTED)

    def events(milestone, steps):
        for to_status, when in steps:
            event = MilestoneEvent.objects.create(milestone=milestone, to_status=to_status)
            MilestoneEvent.objects.filter(pk=event.pk).update(created_at=when)

    events(m1, [(MilestoneStatus.SUBMITTED, at(2, 1, 8)), (MilestoneStatus.VERIFIED, at(2, 1, 18))])  # 10 h
    events(
        m3,
        [
            (MilestoneStatus.SUBMITTED, at(2, 1, 6)),
            (MilestoneStatus.CHANGES_REQUESTED, at(2, 1, 8)),
            (MilestoneStatus.RESUBMITTED, at(2, 1, 11)),
            (MilestoneStatus.VERIFIED, at(2, 1, 17)),  # 6 h after the resubmission
        ],
    )
    for p, tier, amount, status in [
        (p1, Tier.BEGINNER, 2_000_000, Assistance.Status.DELIVERED),
        (p2, Tier.BEGINNER, 1_500_000, Assistance.Status.DELIVERED),
        (p3, Tier.ADVANCED, 3_000_000, Assistance.Status.DELIVERED),
        (p5, Tier.BEGINNER, 9_000_000, Assistance.Status.PLANNED),
    ]:
        delivered = datetime.date(2026, 3, 1) if status == Assistance.Status.DELIVERED else None
        Assistance.objects.create(
            profile=p,
            kind="cash",
            plan_item="Modal",
            amount=amount,
            tier=tier,
            status=status,
            delivered_on=delivered,
        )
    for p, month, revenue in [
        (p1, 1, 1_000_000),
        (p1, 3, 1_600_000),  # +600.000
        (p2, 1, 2_000_000),
        (p2, 2, 1_800_000),  # -200.000
        (p3, 2, 3_000_000),
        (p3, 3, 3_000_000),
        (p3, 4, 4_000_000),  # +1.000.000
        (p4, 2, 9_000_000),  # one report only: not counted
    ]:
        MonthlyReport.objects.create(profile=p, month=datetime.date(2026, month, 1), revenue=revenue, costs=0)
    return program, cohort_b


def test_program_report_figures_on_a_known_program(known):
    report = program_report()
    assert report["participants"]["total"] == 5
    assert report["participants"]["by_tier"] == {
        "beginner": 2,
        "developing": 1,
        "advanced": 1,
        "graduated": 1,
    }
    by_cohort = {row["cohort"]: row["by_tier"] for row in report["participants"]["by_cohort"]}
    assert by_cohort["ProKUS 2026 — Kota Bandung"] == {
        "beginner": 1,
        "developing": 1,
        "advanced": 1,
        "graduated": 0,
    }
    assert by_cohort["ProKUS 2026 — Garut"] == {"beginner": 1, "developing": 0, "advanced": 0, "graduated": 1}
    assert report["tier_changes_by_month"] == [
        {"month": "2026-01", "promotions": 1, "graduations": 0},
        {"month": "2026-02", "promotions": 1, "graduations": 0},
        {"month": "2026-03", "promotions": 2, "graduations": 0},
        {"month": "2026-04", "promotions": 1, "graduations": 1},
    ]
    assert report["median_days_in_tier"] == {"beginner": 40.0, "developing": 45.0, "advanced": 40.0}
    milestones = report["milestones"]
    assert (milestones["submitted"], milestones["verified"], milestones["waiting"]) == (4, 2, 1)
    assert milestones["verification_rate"] == 0.5
    assert milestones["median_review_hours"] == 8.0
    assert report["assistance_delivered"] == {
        "beginner": {"count": 2, "amount": 3_500_000},
        "developing": {"count": 0, "amount": 0},
        "advanced": {"count": 1, "amount": 3_000_000},
    }
    assert report["revenue_change"] == {"profiles": 3, "median_change": 600_000}


def test_program_report_for_a_region(known):
    program, _cohort_b = known
    assert program_report(region=program.regency)["participants"]["total"] == 5
    assert program_report(region=program.province)["revenue_change"]["profiles"] == 3
    elsewhere = RegencyFactory(name="Kabupaten Garut", parent=program.province)
    assert program_report(region=elsewhere)["participants"]["total"] == 0


def test_program_report_for_one_cohort(known):
    _program, cohort_b = known
    report = program_report(cohort=cohort_b)
    assert report["participants"]["by_tier"] == {
        "beginner": 1,
        "developing": 0,
        "advanced": 0,
        "graduated": 1,
    }
    assert report["median_days_in_tier"] == {"beginner": 20.0, "developing": 40.0, "advanced": 40.0}
    assert report["milestones"]["verification_rate"] == 0.0
    assert report["assistance_delivered"]["beginner"] == {"count": 0, "amount": 0}
    assert report["revenue_change"] == {"profiles": 0, "median_change": None}


def test_command_prints_text_and_json(known):
    out = StringIO()
    call_command("program_report", "--format", "json", "--cohort", "ProKUS 2026 — Garut", stdout=out)
    assert json.loads(out.getvalue())["participants"]["total"] == 2
    out = StringIO()
    call_command("program_report", stdout=out)
    assert "Rp 3.500.000" in out.getvalue()


def test_admin_report_and_its_exports(client, known):
    program, cohort_b = known
    client.force_login(program.manager)
    url = reverse("workspace_report:index")
    html = client.get(url).content.decode()
    assert "Rp 3.500.000" in html
    response = client.get(url, {"cohort": cohort_b.pk, "export": "csv"})
    text = response.content.decode()
    assert "Rp 3.500.000" not in text  # the cohort filter applies to the export
    assert response["Content-Disposition"].startswith('attachment; filename="program-report.csv"')
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def _count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_program_report_queries_stay_the_same_as_the_program_grows(known, django_assert_num_queries):
    program, _cohort_b = known
    # PostgreSQL: one percentile_cont query per median; SQLite: a COUNT and a middle-row read.
    # + exits by reason and the graduation watch: one aggregate each
    # + placement by group (one aggregate) and the median distance to UMK for each working tier
    expected = 20 if connection.vendor == "postgresql" else 25
    program.bulk_profiles(10)
    with django_assert_num_queries(expected):
        program_report()
    program.bulk_profiles(2000, tier=Tier.DEVELOPING)
    with django_assert_num_queries(expected):
        report = program_report()
    assert report["participants"]["total"] == 5 + 10 + 2000


def test_admin_home_queries_stay_the_same_as_the_program_grows(client, known):
    program, _cohort_b = known
    client.force_login(program.manager)
    home = reverse("wagtailadmin_home")
    program.bulk_profiles(10)
    client.get(home)  # warm caches (site, permissions, the home's panels)
    small = _count_queries(lambda: client.get(home))
    program.bulk_profiles(2000, tier=Tier.DEVELOPING)
    # the new families change the area's version (workspace.panels): the first visit rebuilds the panels
    client.get(home)
    large = _count_queries(lambda: client.get(home))
    assert small == large
    html = client.get(home).content.decode()
    assert "workspace-participants" in html
    assert "<svg" in html and ">2001<" in html and ">12<" in html  # developing 1 + 2000, beginner 2 + 10
