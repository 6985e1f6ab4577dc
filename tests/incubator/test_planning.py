"""The next visit or session (mentoring.planning): companions plan it, both sides see it, the
reminder lists tomorrow's. Here beside the incubator tests for their `world` fixture."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from mentoring.models import PlannedContact
from mentoring.planning import PlanningError, schedule_next_contact
from mentoring.selectors import contacts_on, contacts_tomorrow, next_contacts
from mentoring.services import Forbidden
from tests.incubator.conftest import world_at
from tests.incubator.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


# The world each test would build under that clock, built once for the module.
_world_once, world = world_at(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC))


def test_a_companion_plans_the_next_visit_and_the_reminder_finds_it_tomorrow(world):
    contact = schedule_next_contact(
        world.profile, by=world.social, kind="visit", on="2026-12-06", purpose="Cek pembukuan"
    )
    schedule_next_contact(world.profile, by=world.mentor, kind="session", on=TODAY, purpose="Harga jual")
    assert list(contacts_tomorrow()) == [contact]
    assert [c.kind for c in next_contacts(world.profile)] == ["session", "visit"]
    assert list(contacts_on(datetime.date(2026, 12, 7))) == []


@pytest.mark.parametrize(
    ("kind", "on", "purpose"),
    [
        ("party", "2026-12-06", "x"),
        ("visit", "2026-12-04", "x"),
        ("visit", "2028-01-01", "x"),
        ("visit", "besok", "x"),
        ("visit", "2026-12-06", "   "),
    ],
)
def test_bad_plans_are_refused_and_save_nothing(world, kind, on, purpose):
    with pytest.raises(PlanningError):
        schedule_next_contact(world.profile, by=world.social, kind=kind, on=on, purpose=purpose)
    assert not PlannedContact.objects.exists()


def test_only_the_familys_companions_plan(world):
    for who in (MentorProfileFactory().user, world.entrepreneur, world.manager):
        with pytest.raises(Forbidden):
            schedule_next_contact(world.profile, by=who, kind="visit", on=TODAY, purpose="x")
    assert not PlannedContact.objects.exists()


def test_the_plan_shows_on_the_mentee_page_and_the_portal(world, client_for):
    client = client_for(world.social)
    response = client.post(
        reverse("mentoring:plan_next", args=[world.profile.pk]),
        {"kind": "visit", "on": "2026-12-08", "purpose": "Foto produk untuk katalog"},
    )
    assert response.status_code == 302
    page = client.get(reverse("incubator:mentee_detail", args=[world.profile.pk])).content.decode()
    assert "data-next-contact" in page and "Foto produk untuk katalog" in page
    portal = client_for(world.entrepreneur).get(reverse("incubator:portal_home")).content.decode()
    assert "Foto produk untuk katalog" in portal and 'action="/mentoring/plan/' not in portal


def test_a_stranger_cannot_plan_through_the_page(world, client_for):
    response = client_for(MentorProfileFactory().user).post(
        reverse("mentoring:plan_next", args=[world.profile.pk]),
        {"kind": "visit", "on": "2026-12-08", "purpose": "x"},
    )
    assert response.status_code == 404
    assert not PlannedContact.objects.exists()
