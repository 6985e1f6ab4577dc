"""Managers see delivery failures of their own area only, in the Wagtail admin."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from notifications.models import Delivery, Notification
from tests.factories import NO_AREA, EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory, ProvinceFactory, RegencyFactory

pytestmark = pytest.mark.django_db
URL = "/cms/notifications/failures/"


def failed_delivery_for(regency, name: str) -> Delivery:
    user = EntrepreneurProfileFactory(
        province=regency.parent, regency=regency, user=EntrepreneurUserFactory(full_name=name)
    ).user
    item = Notification.objects.create(recipient=user, kind="milestone_verified", params={"title": "x"})
    return Delivery.objects.create(
        notification=item,
        channel="sms",
        status="failed",
        attempts=5,
        last_error="SMSNotSent: gateway down",
        next_attempt_at=timezone.now() + datetime.timedelta(hours=1),
    )


@pytest.fixture
def areas():
    bandung = RegencyFactory(name="Kota Bandung", parent=ProvinceFactory(name="Jawa Barat"))
    klaten = RegencyFactory(name="Kabupaten Klaten", parent=ProvinceFactory(name="Jawa Tengah"))
    failed_delivery_for(bandung, "Siti Bandung")
    failed_delivery_for(klaten, "Wartini Klaten")
    return bandung, klaten


def test_a_regional_manager_sees_only_failures_of_their_area(client, areas):
    bandung, _klaten = areas
    client.force_login(ManagerUserFactory(area=bandung))
    page = client.get(URL).content.decode()
    assert "Siti Bandung" in page and "gateway down" in page
    assert "Wartini Klaten" not in page


def test_a_national_manager_sees_every_failure(client, areas):
    client.force_login(ManagerUserFactory())
    page = client.get(URL).content.decode()
    assert "Siti Bandung" in page and "Wartini Klaten" in page


def test_a_manager_without_an_area_sees_none(client, areas):
    client.force_login(ManagerUserFactory(area=NO_AREA))
    page = client.get(URL).content.decode()
    assert "Siti Bandung" not in page and "Wartini Klaten" not in page


def test_entrepreneurs_cannot_open_it(client, areas):
    client.force_login(EntrepreneurUserFactory())
    assert client.get(URL).status_code in (302, 403)
