"""Review: visit and complaint photos by URL — only the people allowed, in the area; 404 for others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints import services as complaint_services
from complaints.models import Category
from mentoring import visits
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory, MentorUserFactory
from tests.factories.workspace import build_areas
from tests.incubator.photos import phone_jpeg
from tests.mentoring.test_visits import visit_input

pytestmark = pytest.mark.django_db


def _status(client, user, url) -> int:
    client.force_login(user)
    return client.get(url).status_code


def test_visit_photos_only_for_the_family_its_companion_and_managers_of_the_area(client):
    areas = build_areas()
    visit = visits.log_visit(
        areas.alfa.profile, by=areas.alfa.companion, data=visit_input(), photos=[phone_jpeg()]
    )
    photo = visit.photos.get()
    url = reverse("mentoring:visit_photo", args=[visit.pk, photo.pk])
    allowed = [
        areas.alfa.profile.user,
        areas.alfa.companion,
        areas.regency_manager,
        areas.province_manager,
        areas.national,
    ]
    refused = [
        areas.beta.profile.user,
        areas.gamma.companion,
        areas.no_area,
        ManagerUserFactory(area=areas.gamma.regency),
        MentorUserFactory(),
        EntrepreneurUserFactory(),
    ]
    assert [_status(client, u, url) for u in allowed] == [200] * len(allowed)
    assert [_status(client, u, url) for u in refused] == [404] * len(refused)
    assert _status(client, areas.alfa.companion, url + "?size=thumb") == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_complaint_photos_only_for_the_raiser_and_handlers_of_the_area(client):
    areas = build_areas()
    complaint = complaint_services.raise_complaint(
        by=areas.alfa.profile.user, category=Category.ASSISTANCE, description="Belum ada", photo=phone_jpeg()
    )
    event = complaint.events.get()
    url = reverse("complaints:photo", args=[complaint.pk, event.pk])
    allowed = [areas.alfa.profile.user, areas.regency_manager, areas.province_manager, areas.national]
    refused = [
        areas.alfa.companion,  # a companion is not a handler
        areas.beta.profile.user,
        areas.no_area,
        ManagerUserFactory(area=areas.gamma.regency),
    ]
    assert [_status(client, u, url) for u in allowed] == [200] * len(allowed)
    assert [_status(client, u, url) for u in refused] == [404] * len(refused)
    wrong_pair = reverse("complaints:photo", args=[complaint.pk + 1, event.pk])
    assert _status(client, areas.national, wrong_pair) == 404
