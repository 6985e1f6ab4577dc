"""The program report's period filter, its new sections (placement, distance to UMK) and its exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core.csvsafe import BOM
from incubator.models import EntrepreneurProfile, IntakeAssessment, MonthlyReport, Tier
from tests.factories.workspace import english_admin  # noqa: F401  (a fixture)
from tests.workspace import test_report as test_workspace_report
from workspace.periods import Period, PeriodError, parse_period
from workspace.program_report import program_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

JAKARTA = test_workspace_report.JAKARTA
known = test_workspace_report.known  # the small known program, a fixture

TODAY = datetime.date(2026, 11, 20)
NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=JAKARTA)


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("params", "start", "end", "label"),
    [
        ({"period": "month", "month": "2026-02"}, (2026, 2, 1), (2026, 2, 28), "2026-02"),
        ({"period": "month"}, (2026, 11, 1), (2026, 11, 30), "2026-11"),
        ({"period": "month", "month": "2026-12"}, (2026, 12, 1), (2026, 12, 31), "2026-12"),
        ({"period": "quarter", "quarter": "2026-Q2"}, (2026, 4, 1), (2026, 6, 30), "2026-Q2"),
        ({"period": "quarter"}, (2026, 10, 1), (2026, 12, 31), "2026-Q4"),
        ({"period": "year", "year": "2025"}, (2025, 1, 1), (2025, 12, 31), "2025"),
        (
            {"period": "custom", "from": "2026-03-05", "to": "2026-04-10"},
            (2026, 3, 5),
            (2026, 4, 10),
            "2026-03-05 – 2026-04-10",
        ),
    ],
)
def test_parse_period_reads_each_kind(params, start, end, label):
    period = parse_period(params, today=TODAY)
    assert (period.start, period.end) == (datetime.date(*start), datetime.date(*end))
    assert period.label == label
    assert parse_period({**period.as_params()}, today=TODAY) == period


def test_no_period_is_the_whole_history():
    assert parse_period({}, today=TODAY) is None
    assert parse_period({"period": ""}, today=TODAY) is None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "week"}, "Unknown period"),
        ({"period": "month", "month": "2026-13"}, "The month is not valid"),
        ({"period": "month", "month": "November"}, "The month is not valid"),
        ({"period": "quarter", "quarter": "2026-Q5"}, "The quarter is not valid"),
        ({"period": "year", "year": "99999"}, "The year is not valid"),
        ({"period": "year", "year": "1900"}, "Choose a year between"),
        ({"period": "custom", "from": "2026-03-01"}, "needs both a start date and an end date"),
        ({"period": "custom", "from": "2026-02-30", "to": "2026-03-01"}, "is not a date"),
        ({"period": "custom", "from": "2026-05-01", "to": "2026-03-01"}, "start date is after the end date"),
        ({"period": "custom", "from": "2000-01-01", "to": "2026-03-01"}, "at most ten years"),
    ],
)
def test_parse_period_refuses_bad_input_with_a_clear_message(params, message):
    with translation.override("en"), pytest.raises(PeriodError, match=message):
        parse_period(params, today=TODAY)


# ---------------------------------------------------------------- figures


@pytest.mark.usefixtures("known")
def test_the_period_narrows_event_figures_not_head_counts():
    march = Period("month", datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    report = program_report(period=march)
    assert report["participants"]["total"] == 5  # a head count, as of today
    assert report["tier_changes_by_month"] == [{"month": "2026-03", "promotions": 2, "graduations": 0}]
    assert report["assistance_delivered"]["beginner"] == {"count": 2, "amount": 3_500_000}
    assert report["scope"]["period"] == "2026-03"

    q2 = Period("quarter", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    report = program_report(period=q2)
    assert report["tier_changes_by_month"] == [{"month": "2026-04", "promotions": 1, "graduations": 1}]
    assert report["assistance_delivered"]["beginner"] == {"count": 0, "amount": 0}
    assert report["milestones"]["median_review_hours"] is None  # the verifications were in February


@pytest.mark.usefixtures("known")
def test_placement_by_group_counts_confirmed_starting_groups():
    profiles = list(EntrepreneurProfile.objects.order_by("pk")[:3])
    now = timezone.now()
    for profile, suggested, placed, confirmed in [
        (profiles[0], Tier.BEGINNER, Tier.BEGINNER, now),
        (profiles[1], Tier.BEGINNER, Tier.DEVELOPING, now),  # overridden
        (profiles[2], Tier.DEVELOPING, "", None),  # still waiting
    ]:
        IntakeAssessment.objects.create(
            profile=profile,
            assessed_on=now.date(),
            scores={},
            total=10,
            max_total=24,
            suggested_tier=suggested,
            baseline_revenue=1_000_000,
            baseline_costs=500_000,
            status=IntakeAssessment.Status.CONFIRMED if confirmed else IntakeAssessment.Status.PENDING,
            placed_tier=placed,
            confirmed_at=confirmed,
        )
    placement = program_report()["placement"]
    assert placement["by_tier"] == {"beginner": 1, "developing": 1, "advanced": 0}
    assert (placement["total"], placement["overridden"]) == (2, 1)
    long_ago = Period("year", datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    assert program_report(period=long_ago)["placement"]["total"] == 0


@pytest.mark.date_sensitive
@time_machine.travel(NOW, tick=False)
@pytest.mark.usefixtures("known")
def test_median_distance_to_umk_by_tier():
    beginners = list(EntrepreneurProfile.objects.filter(tier=Tier.BEGINNER).order_by("pk"))
    verified = timezone.now()
    # UMK 4.000.000. First beginner: profits 1, 2, 3 million (and an older 9 million not among the
    # latest three) → average 2.000.000, gap 2.000.000. Second: 5 million each → gap -1.000.000.
    for profile, profits in [(beginners[0], [9, 1, 2, 3]), (beginners[1], [5, 5, 5])]:
        MonthlyReport.objects.filter(profile=profile).delete()
        for i, profit in enumerate(profits):
            MonthlyReport.objects.create(
                profile=profile,
                month=datetime.date(2026, 5 + i, 1),
                revenue=profit * 1_000_000,
                costs=0,
                verified_at=verified,
            )
    distance = program_report()["umk_distance_by_tier"]
    assert distance["beginner"] == 500_000  # the median of 2.000.000 and -1.000.000
    assert distance["developing"] is None and distance["advanced"] is None


# ---------------------------------------------------------------- the screen and the exports


def test_a_bad_period_shows_the_message_and_no_figures(client, known):
    program, _cohort_b = known
    client.force_login(program.manager)
    url = reverse("workspace_report:index")
    response = client.get(url, {"period": "custom", "from": "2026-05-01", "to": "2026-03-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The start date is after the end date." in html
    assert "Rp 3.500.000" not in html
    response = client.get(url, {"period": "month", "month": "2026-99", "export": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_the_page_shows_sections_with_headings_and_keeps_the_period_in_export_links(client, known):
    program, _cohort_b = known
    client.force_login(program.manager)
    response = client.get(reverse("workspace_report:index"), {"period": "month", "month": "2026-03"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 class="w-h3"' in html and "Placement at intake (starting group)" in html
    assert "data-report-chart" in html and "<rect" in html  # sections of counts and amounts get a bar chart
    assert "period=month&amp;month=2026-03&amp;export=xlsx" in html
    assert "separator=semicolon" in html


def _csv(response, delimiter):
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline=""), delimiter=delimiter))


@pytest.mark.date_sensitive
@time_machine.travel(NOW, tick=False)
def test_csv_export_carries_the_header_block_and_offers_a_semicolon(client, known):
    program, cohort_b = known
    client.force_login(program.manager)
    url = reverse("workspace_report:index")
    params = {"period": "quarter", "quarter": "2026-Q1", "export": "csv"}
    rows = _csv(client.get(url, params), ",")
    assert rows[0] == ["Program report"]
    assert rows[1][0] == "Scope" and rows[1][1]
    assert ["Cohort", "All cohorts"] in rows
    assert ["Period", "2026-Q1"] in rows
    assert ["Generated on", "2026-11-20 09:00"] in rows
    assert ["Figure", "Breakdown", "Value", "Unit"] in rows
    assert ["Assistance delivered (amount)", "Beginner (Pemula)", "3500000", "Rp"] in rows

    rows = _csv(client.get(url, {**params, "separator": "semicolon", "cohort": cohort_b.pk}), ";")
    assert ["Cohort", cohort_b.name] in rows
    assert ["Milestones", "Verification rate", "0,0", "%"] in rows  # a decimal comma with ";"


@pytest.mark.date_sensitive
@time_machine.travel(NOW, tick=False)
def test_xlsx_export_has_numeric_cells_and_a_rupiah_format(client, known):
    program, _cohort_b = known
    client.force_login(program.manager)
    response = client.get(
        reverse("workspace_report:index"), {"period": "year", "year": "2026", "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert rows[0][0].value == "Program report"
    values = {(r[0].value, r[1].value): r[2] for r in rows if len(r) > 2 and r[2].value is not None}
    amount = values[("Assistance delivered (amount)", "Beginner (Pemula)")]
    assert amount.value == 3_500_000 and amount.data_type == "n"
    assert "Rp" in amount.number_format
    count = values[("Participants per tier", "Beginner (Pemula)")]
    assert count.value == 2 and count.data_type == "n"
    rate = values[("Milestones", "Verification rate")]
    assert rate.value == 0.5 and rate.number_format == "0.0%"
    assert ("Period", "2026") in {(r[0].value, r[1].value) for r in rows if len(r) > 1}


@pytest.mark.date_sensitive
@time_machine.travel(NOW, tick=False)
def test_report_queries_with_a_period_do_not_grow_with_the_program(known, django_assert_num_queries):
    program, _cohort_b = known
    period = Period("year", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    expected = 20 if connection.vendor == "postgresql" else 25
    program.bulk_profiles(10)
    with django_assert_num_queries(expected):
        program_report(period=period)
    program.bulk_profiles(500, tier=Tier.DEVELOPING)
    with django_assert_num_queries(expected):
        program_report(period=period)


@pytest.mark.usefixtures("known")
def test_screen_values_use_the_readers_number_format():
    from workspace.reporting import report_rows

    report = program_report()
    with translation.override("id"):
        rows = {(str(r["section"]), str(r["label"])): r["value"] for r in report_rows(report)}
    assert rows[("Capaian usaha", "Tingkat verifikasi")] == "50,0%"
    assert rows[("Median lama di tingkat (hari)", "Pemula")] == "40,0"
    with translation.override("en"):
        rows = {(str(r["section"]), str(r["label"])): r["value"] for r in report_rows(report)}
    assert rows[("Milestones", "Verification rate")] == "50.0%"


def test_on_screen_numbers_group_thousands_as_the_reader_writes_them():
    from workspace.reporting import display_number

    with translation.override("id"):
        assert display_number(1234, "count") == "1.234"
        assert display_number(1234.5, "days") == "1.234,5"
        assert display_number(12.345, "share") == "1.234,5%"
        assert display_number(1234567, "rupiah") == "Rp 1.234.567"
    with translation.override("en"):
        assert display_number(1234, "count") == "1,234"
        assert display_number(1234.5, "hours") == "1,234.5"
        assert display_number(12.345, "share") == "1,234.5%"


@pytest.mark.date_sensitive
@time_machine.travel(NOW, tick=False)
def test_the_participant_count_is_grouped_on_screen_and_a_number_in_the_export(client, known):
    from workspace.reporting import report_rows

    program, _cohort_b = known
    program.bulk_profiles(1000)
    total = program_report()["participants"]["total"]
    assert total > 1000
    with translation.override("id"):
        rows = {(str(r["section"]), str(r["label"])): r for r in report_rows(program_report())}
    assert rows[("Peserta", "Semua")]["value"] == f"{total:,}".replace(",", ".")
    assert rows[("Peserta", "Semua")]["number"] == total
    client.force_login(program.manager)  # an English admin
    html = client.get(reverse("workspace_report:index")).content.decode()
    assert f"<td>{total:,}</td>" in html
    rows = _csv(client.get(reverse("workspace_report:index"), {"export": "csv"}), ",")
    assert ["Participants", "All", str(total), ""] in rows


def test_the_bsimu_block_groups_its_counts():
    from django.template.loader import render_to_string

    row = {"tier": "beginner", "tier_label": "Pemula", "area": "Kota Bandung"}
    for step in ("planned", "approved", "delivered", "confirmed"):
        row |= {f"{step}_count": 1234, f"{step}_amount": 5_000_000}
    block = {"rows": [row], "unconfirmed_days": 14, "unconfirmed": [], "unconfirmed_more": False}
    with translation.override("id"):
        html = render_to_string("workspace/includes/bsimu_report.html", {"bsimu": block})
    assert "1.234 · Rp 5.000.000" in html
    with translation.override("en"):
        html = render_to_string("workspace/includes/bsimu_report.html", {"bsimu": block})
    assert "1,234 · Rp 5.000.000" in html
