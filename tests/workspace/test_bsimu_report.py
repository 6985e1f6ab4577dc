"""The program report's BSiMU block: the four steps per tier and area, and unconfirmed deliveries."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from incubator import services
from incubator.scope import scope_for
from tests.factories import ManagerUserFactory
from tests.factories.workspace import (
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator import photos
from workspace.bsimu_report import bsimu_report

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


def test_the_block_reads_two_queries_whatever_the_data(world, django_assert_num_queries):
    approver = ManagerUserFactory()
    area = scope_for(world.manager)
    deliver(world, plan(world, 100_000), approver, datetime.date(2026, 1, 1))
    with django_assert_num_queries(2):
        bsimu_report(today=datetime.date(2026, 12, 1), area=area)
    for n in range(3):
        deliver(world, plan(world, 100_000 + n), approver, datetime.date(2026, 1, 1))
    with django_assert_num_queries(2):
        bsimu_report(today=datetime.date(2026, 12, 1), area=area)
