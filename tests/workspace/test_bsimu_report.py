"""The program report's BSiMU block: the four steps per tier and area, and unconfirmed deliveries."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from core.csvsafe import BOM
from incubator import services
from incubator.models import Assistance
from incubator.scope import scope_for
from tests.factories import ManagerUserFactory
from tests.factories.workspace import (
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator import photos
from workspace.bsimu_report import bsimu_report
from workspace.periods import Period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin"), pytest.mark.date_sensitive]
NOW = datetime.datetime(2026, 11, 10, 3, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 10)


def plan(world, amount):
    return services.plan_assistance(
        world.profile, by=world.manager, kind="cash", plan_item="Modal", amount=amount
    )


def deliver(world, a, approver, on):
    a = services.approve_assistance(a, by=approver)
    return services.deliver_assistance(a, by=world.social, delivered_on=on, proof=photos.png())


@time_machine.travel(NOW, tick=False)
def test_the_block_counts_each_step_and_lists_old_unconfirmed_deliveries(world):
    approver = ManagerUserFactory()
    plan(world, 100_000)  # planned only
    services.approve_assistance(plan(world, 200_000), by=approver)  # approved
    old = deliver(world, plan(world, 300_000), approver, TODAY - datetime.timedelta(days=20))
    fresh = deliver(world, plan(world, 400_000), approver, TODAY - datetime.timedelta(days=2))
    confirmed = deliver(world, plan(world, 500_000), approver, TODAY - datetime.timedelta(days=30))
    services.confirm_receipt(confirmed, by=world.entrepreneur, received=True)
    services.cancel_assistance(plan(world, 900_000), by=world.manager, reason="Dobel")

    block = bsimu_report(today=TODAY, area=scope_for(world.manager))
    [row] = block["rows"]
    assert (row["tier"], row["area"]) == ("beginner", world.regency.name)
    assert (row["planned_count"], row["planned_amount"]) == (5, 1_500_000)
    assert (row["approved_count"], row["approved_amount"]) == (4, 1_400_000)
    assert (row["delivered_count"], row["delivered_amount"]) == (3, 1_200_000)
    assert (row["confirmed_count"], row["confirmed_amount"]) == (1, 500_000)
    assert [a.pk for a in block["unconfirmed"]] == [old.pk]
    assert {a.pk for a in bsimu_report(today=TODAY, unconfirmed_days=1)["unconfirmed"]} == {old.pk, fresh.pk}


@time_machine.travel(NOW, tick=False)
def test_the_report_page_shows_the_block_only_for_the_managers_area(world, client):
    approver = ManagerUserFactory()
    deliver(world, plan(world, 300_000), approver, TODAY - datetime.timedelta(days=20))
    client.force_login(world.manager)
    page = client.get(reverse("workspace_report:index")).content.decode()
    assert "data-bsimu-report" in page and "Rp 300.000" in page and world.profile.business_name in page
    from tests.incubator.factories import RegencyFactory

    elsewhere = ManagerUserFactory(area=RegencyFactory(name="Kabupaten Klaten"))
    client.force_login(elsewhere)
    page = client.get(reverse("workspace_report:index")).content.decode()
    assert "data-bsimu-report" in page and world.profile.business_name not in page
    assert "No assistance recorded yet." in page


def test_the_block_reads_a_fixed_number_of_queries_whatever_the_data(world, django_assert_num_queries):
    # The steps and the unconfirmed list (2), the outcome's linked deliveries (1; its verified
    # milestones are a fourth only when some delivery is linked to a plan line's milestone).
    approver = ManagerUserFactory()
    area = scope_for(world.manager)
    deliver(world, plan(world, 100_000), approver, datetime.date(2026, 1, 1))
    with django_assert_num_queries(3):
        bsimu_report(today=datetime.date(2026, 12, 1), area=area)
    for n in range(3):
        deliver(world, plan(world, 100_000 + n), approver, datetime.date(2026, 1, 1))
    with django_assert_num_queries(3):
        bsimu_report(today=datetime.date(2026, 12, 1), area=area)


# ---------------------------------------------------------------- the report's period and exports

MARCH = Period("month", datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def _dated(a, *, planned, approved=None, delivered=None, answered=None):
    """Date an item's steps (the services stamp today)."""
    at = lambda day: datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)  # noqa: E731
    Assistance.objects.filter(pk=a.pk).update(
        created_at=at(planned),
        approved_at=approved and at(approved),
        delivered_on=delivered,
        receipt_answered_at=answered and at(answered),
    )


@pytest.fixture
def dated_items(world):
    """February: one item planned, approved, delivered and confirmed. March: one planned and approved,
    one delivered (planned in February) and not confirmed, one confirmed (delivered in February)."""
    approver = ManagerUserFactory()
    feb, mar = datetime.date(2026, 2, 10), datetime.date(2026, 3, 10)
    old = deliver(world, plan(world, 100_000), approver, feb)
    services.confirm_receipt(old, by=world.entrepreneur, received=True)
    _dated(old, planned=feb, approved=feb, delivered=feb, answered=feb)
    march_plan = services.approve_assistance(plan(world, 200_000), by=approver)
    _dated(march_plan, planned=mar, approved=mar)
    march_delivery = deliver(world, plan(world, 400_000), approver, mar)
    _dated(march_delivery, planned=feb, approved=feb, delivered=mar)
    late_answer = deliver(world, plan(world, 800_000), approver, feb)
    services.confirm_receipt(late_answer, by=world.entrepreneur, received=True)
    _dated(late_answer, planned=feb, approved=feb, delivered=feb, answered=mar)
    return {"march_delivery": march_delivery}


@time_machine.travel(NOW, tick=False)
def test_the_block_counts_each_step_dated_in_the_chosen_period(world, dated_items):
    [row] = bsimu_report(today=TODAY, period=MARCH)["rows"]
    assert (row["planned_count"], row["planned_amount"]) == (1, 200_000)
    assert (row["approved_count"], row["approved_amount"]) == (1, 200_000)
    assert (row["delivered_count"], row["delivered_amount"]) == (1, 400_000)
    assert (row["confirmed_count"], row["confirmed_amount"]) == (1, 800_000)
    [whole] = bsimu_report(today=TODAY)["rows"]
    assert (whole["planned_count"], whole["confirmed_count"]) == (4, 2)
    unconfirmed = bsimu_report(today=TODAY, period=MARCH)["unconfirmed"]
    assert [a.pk for a in unconfirmed] == [dated_items["march_delivery"].pk]
    april = Period("month", datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
    block = bsimu_report(today=TODAY, period=april)
    assert block["rows"] == [] and block["unconfirmed"] == []


@time_machine.travel(NOW, tick=False)
def test_the_report_page_narrows_the_block_to_the_period(world, dated_items, client):
    client.force_login(world.manager)
    page = client.get(reverse("workspace_report:index"), {"period": "month", "month": "2026-04"})
    html = page.content.decode()
    assert "data-bsimu-period" in html and "2026-04" in html
    assert "No assistance recorded yet." in html
    html = client.get(
        reverse("workspace_report:index"), {"period": "month", "month": "2026-03"}
    ).content.decode()
    assert "Rp 400.000" in html and "Rp 100.000" not in html


def _csv(response, delimiter):
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline=""), delimiter=delimiter))


@time_machine.travel(NOW, tick=False)
def test_the_csv_export_carries_the_bsimu_block_under_the_same_header(world, dated_items, client):
    client.force_login(world.manager)
    url = reverse("workspace_report:index")
    rows = _csv(client.get(url, {"period": "month", "month": "2026-03", "export": "csv"}), ",")
    assert rows[0] == ["Program report"]
    assert ["Period", "2026-03"] in rows and ["Figure", "Breakdown", "Value", "Unit"] in rows
    label = f"Beginner (Pemula) · {world.regency.name}"
    assert ["BSiMU: Planned (count)", label, "1", ""] in rows
    assert ["BSiMU: Delivered (amount)", label, "400000", "Rp"] in rows
    assert ["BSiMU: Confirmed by the family (amount)", label, "800000", "Rp"] in rows
    [unconfirmed] = [r for r in rows if r and r[0].startswith("BSiMU: delivered 14 days ago")]
    assert unconfirmed[1].startswith(world.profile.business_name) and unconfirmed[2:] == ["400000", "Rp"]
    # The whole history: every step, in the ';' file Excel opens in an Indonesian locale.
    rows = _csv(client.get(url, {"export": "csv", "separator": "semicolon"}), ";")
    assert ["Period", "All time"] in rows
    assert ["BSiMU: Planned (count)", label, "4", ""] in rows
    assert ["BSiMU: Planned (amount)", label, "1500000", "Rp"] in rows


@time_machine.travel(NOW, tick=False)
def test_the_xlsx_export_has_the_bsimu_block_as_numeric_cells(world, dated_items, client):
    client.force_login(world.manager)
    response = client.get(
        reverse("workspace_report:index"), {"period": "month", "month": "2026-03", "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert rows[0][0].value == "Program report"
    assert ("Period", "2026-03") in {(r[0].value, r[1].value) for r in rows}
    cells = {(r[0].value, r[1].value): r[2] for r in rows if len(r) > 2 and r[2].value is not None}
    label = f"Beginner (Pemula) · {world.regency.name}"
    count = cells[("BSiMU: Approved (count)", label)]
    assert count.value == 1 and count.data_type == "n" and count.number_format == "#,##0"
    amount = cells[("BSiMU: Delivered (amount)", label)]
    assert amount.value == 400_000 and amount.data_type == "n" and "Rp" in amount.number_format


@time_machine.travel(NOW, tick=False)
def test_the_export_reads_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    approver = ManagerUserFactory()
    deliver(world, plan(world, 100_000), approver, datetime.date(2026, 1, 1))
    client.force_login(world.manager)
    url = reverse("workspace_report:index")
    client.get(url, {"export": "csv"})
    with django_assert_max_num_queries(60) as first:
        client.get(url, {"export": "csv"})
    for n in range(4):
        deliver(world, plan(world, 100_000 + n), approver, datetime.date(2026, 1, 1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url, {"export": "csv"})


@time_machine.travel(NOW, tick=False)
def test_the_outcome_counts_plan_line_milestones_verified_within_90_days_of_delivery(
    world, django_assert_num_queries
):
    from incubator.models import Milestone, MilestoneStatus
    from workspace.bsimu_report import milestone_outcome

    approver = ManagerUserFactory()
    plan_ = services.write_business_plan(world.profile, by=world.social, goal="Warung lebih ramai")
    milestones = list(
        Milestone.objects.filter(profile=world.profile, tier=world.profile.tier).order_by("template__order")[
            :3
        ]
    )

    def delivered(milestone, days_ago):
        line = services.add_plan_line(
            plan_,
            by=world.social,
            category="equipment",
            item="Etalase",
            estimated_price=500_000,
            milestone=milestone.template,
        )
        item = services.plan_assistance(
            world.profile, by=world.manager, kind="goods", amount=500_000, plan_line=line
        )
        return deliver(world, item, approver, TODAY - datetime.timedelta(days=days_ago))

    delivered(milestones[0], 100)  # verified 30 days after its delivery: reached
    delivered(milestones[1], 100)  # never verified, window over: missed
    delivered(milestones[2], 10)  # not verified yet, window open
    Milestone.objects.filter(pk=milestones[0].pk).update(
        status=MilestoneStatus.VERIFIED, reviewed_at=NOW - datetime.timedelta(days=70)
    )

    with django_assert_num_queries(2):
        [row] = milestone_outcome(Assistance.objects.all(), today=TODAY, period=None)
    assert (row["tier"], row["linked"], row["reached"], row["open"], row["missed"]) == (
        "beginner",
        3,
        1,
        1,
        1,
    )

    # A milestone verified before the delivery was not reached thanks to it.
    Milestone.objects.filter(pk=milestones[0].pk).update(reviewed_at=NOW - datetime.timedelta(days=120))
    [row] = milestone_outcome(Assistance.objects.all(), today=TODAY, period=None)
    assert (row["reached"], row["missed"]) == (0, 2)
    # The report page shows it under its own heading.
    block = bsimu_report(today=TODAY, area=scope_for(world.manager))
    assert block["outcome"] == [row] and block["outcome_days"] == 90
