"""The complaint pages (the raiser's and the handler's) take the same queries whatever the history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints import services
from complaints.models import Complaint
from tests.incubator.photos import phone_jpeg


def with_history(world, n: int) -> Complaint:
    """A complaint with ``n`` events: raised, then handled and commented on by several people."""
    complaint = world.raise_(photo=phone_jpeg())
    handlers = [world.bandung_manager, world.jabar_manager, world.national]
    steps = 1
    if n > 1:
        services.assign_complaint(
            complaint, by=world.national, handler=world.bandung_manager, note="Ditangani"
        )
        services.start_complaint(complaint, by=world.bandung_manager, note="Sedang dicek")
        steps = 3
    while steps < n:
        by = world.entrepreneur if steps % 2 else handlers[steps % 3]
        services.add_information(
            complaint, by=by, note=f"Tambahan {steps}", photo=phone_jpeg() if steps % 4 == 0 else None
        )
        steps += 1
    assert complaint.events.count() == n
    return complaint


@pytest.mark.parametrize("n", [1, 12])
def test_the_raisers_page_takes_the_same_queries_with_a_longer_history(
    world, client_for, django_assert_num_queries, n
):
    complaint = with_history(world, n)
    client = client_for(world.entrepreneur)
    url = reverse("complaints:detail", args=[complaint.pk])
    client.get(url)  # warm caches (session, permissions)
    with django_assert_num_queries(RAISER_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("<time ") >= n


@pytest.mark.parametrize("n", [1, 12])
def test_the_handlers_page_takes_the_same_queries_with_a_longer_history(
    world, client_for, django_assert_num_queries, n
):
    complaint = with_history(world, n)
    client = client_for(world.bandung_manager)
    url = reverse("complaints_admin:detail", args=[complaint.pk])
    client.get(url)
    with django_assert_num_queries(HANDLER_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("<time ") >= n


RAISER_QUERIES = 8  # 7, plus the inbox bell's count (issue 13)
HANDLER_QUERIES = 14  # the Wagtail admin shell (its menu counts the promotions waiting, P8; the sidebar cached, workspace.sidebar) included, and the family's companions to hand it to (P7)
