"""Issue 17: after an erasure no dashboard shows the erased person's name or data from its cache."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import User
from incubator import selectors
from privacy import services
from tests.factories import ManagerUserFactory
from tests.incubator.test_services import first, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_erased_family_keeps_nothing_of_theirs_in_their_dashboard_cache(world):
    name = world.entrepreneur.full_name
    submit(first(world), world.social)  # an entry made for them: "… for <their name>"
    dashboard = selectors.dashboard_for(world.entrepreneur)
    assert dashboard.entered_for_you[0].owner.full_name == name
    request = services.request_deletion(world.entrepreneur, by=world.entrepreneur)
    services.approve_deletion(request, by=world.manager)
    dashboard = selectors.dashboard_for(User.objects.get(pk=world.entrepreneur.pk))
    assert dashboard.entered_for_you[0].owner.full_name == f"Peserta #{world.entrepreneur.pk}"


def test_an_erased_companion_vanishes_from_their_families_dashboards(world):
    assert str(selectors.dashboard_for(world.entrepreneur).mentor.companion) == world.mentor.full_name
    request = services.request_deletion(world.mentor, by=world.mentor)
    services.approve_deletion(request, by=ManagerUserFactory())
    shown = str(selectors.dashboard_for(world.entrepreneur).mentor.companion)
    assert shown == f"Peserta #{world.mentor.pk}"
