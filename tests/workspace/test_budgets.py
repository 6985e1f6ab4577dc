"""The BSiMU budget screen and the remaining budget on the planning screen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from incubator import services
from incubator.models import Assistance, AssistanceBudget
from tests.factories import ManagerUserFactory
from tests.factories.workspace import (
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import CohortFactory, RegencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]
BUDGETS = "/cms/workspace/budgets/"


def test_the_budget_screen_shows_budget_committed_and_remaining(world, client):
    services.set_budget(world.profile.cohort, by=world.manager, amount=3_000_000)
    services.plan_assistance(
        world.profile, by=world.manager, kind="cash", plan_item="Modal", amount=1_200_000
    )
    client.force_login(world.manager)
    page = client.get(reverse("workspace_budgets:index")).content.decode()
    assert reverse("workspace_budgets:index") == BUDGETS
    assert "Rp 3.000.000" in page and "Rp 1.200.000" in page and "Rp 1.800.000" in page


def test_a_national_manager_sets_a_budget_and_bad_input_changes_nothing(world, client):
    client.force_login(world.manager)
    cohort = world.profile.cohort
    response = client.post(BUDGETS, {"cohort": cohort.pk, "amount": "banyak"})
    assert response.status_code == 400 and not AssistanceBudget.objects.exists()
    response = client.post(BUDGETS, {"cohort": cohort.pk, "amount": "5.000.000"})
    assert response.status_code == 302
    assert AssistanceBudget.objects.get(cohort=cohort).amount == 5_000_000


def test_a_regional_manager_sees_only_their_cohorts_and_cannot_set_a_budget(world, client):
    other = CohortFactory(name="Kohort Lain", region=RegencyFactory(name="Kabupaten Klaten"))
    regional = ManagerUserFactory(area=world.regency)
    client.force_login(regional)
    page = client.get(BUDGETS).content.decode()
    assert world.profile.cohort.name in page and "Kohort Lain" not in page
    response = client.post(BUDGETS, {"cohort": world.profile.cohort.pk, "amount": "5.000.000"})
    assert response.status_code == 400 and b"national program manager" in response.content
    response = client.post(BUDGETS, {"cohort": other.pk, "amount": "5.000.000"})
    assert response.status_code == 400
    assert not AssistanceBudget.objects.exists()


def test_the_planning_screen_shows_the_remaining_budget_and_refuses_over_it(world, client):
    services.set_budget(world.profile.cohort, by=world.manager, amount=1_000_000)
    regional = ManagerUserFactory(area=world.regency)
    client.force_login(regional)
    page = client.get(reverse("workspace_assistance:add")).content.decode()
    assert "Remaining BSiMU budget" in page and "Rp 1.000.000" in page
    response = client.post(
        reverse("workspace_assistance:add"),
        {
            "profile": world.profile.pk,
            "kind": "cash",
            "plan_item": "Modal",
            "amount": "1500000",
            "description": "",
        },
    )
    assert b"Rp 1.000.000 remains" in response.content
    assert not Assistance.objects.exists()


def test_the_budget_screen_reads_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    client.force_login(world.manager)
    client.get(BUDGETS)
    with django_assert_max_num_queries(20) as first:
        client.get(BUDGETS)
    for n in range(3):
        cohort = CohortFactory(name=f"Kohort {n}", region=world.regency)
        services.set_budget(cohort, by=world.manager, amount=1_000_000)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(BUDGETS)
