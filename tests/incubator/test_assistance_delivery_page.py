"""The companion's delivery page (amount, date, receipt photo) and the receipt card on both sides."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from incubator import services
from incubator.models import Assistance, AssistanceEvent
from tests.factories import ManagerUserFactory
from tests.incubator import photos
from tests.incubator.factories import SocialCompanionProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def approved(world) -> Assistance:
    a = services.plan_assistance(
        world.profile, by=world.manager, kind="goods", plan_item="Etalase", amount=900_000
    )
    return services.approve_assistance(a, by=ManagerUserFactory())


def url(a: Assistance) -> str:
    return reverse("incubator:deliver_assistance", args=[a.pk])


def form(amount="900.000", proof=True) -> dict:
    data = {"amount": amount, "delivered_on": timezone.localdate().isoformat()}
    if proof:
        data["proof"] = photos.phone_jpeg()
    return data


def state(a: Assistance) -> tuple:
    a = Assistance.objects.get(pk=a.pk)
    return (
        a.status,
        a.delivered_by_id,
        bool(a.proof_of_receipt),
        AssistanceEvent.objects.filter(assistance=a).count(),
    )


def test_the_companion_records_the_delivery_with_a_photo(world, approved, client_for):
    client = client_for(world.social)
    page = client.get(url(approved))
    assert page.status_code == 200 and b"Etalase" in page.content and b'capture="environment"' in page.content
    response = client.post(url(approved), form())
    assert response.status_code == 302
    a = Assistance.objects.get(pk=approved.pk)
    assert (a.status, a.delivered_by, a.receipt) == ("delivered", world.social, "pending")
    assert a.proof_of_receipt


def test_a_different_amount_is_refused_and_nothing_changes(world, approved, client_for):
    before = state(approved)
    response = client_for(world.social).post(url(approved), form(amount="1.000.000"))
    assert response.status_code == 400
    assert b"is not the approved amount" in response.content
    assert state(approved) == before


@pytest.mark.parametrize("bad", [{"amount": "banyak"}, {"delivered_on": "kemarin"}, {"proof": None}])
def test_bad_input_changes_nothing(world, approved, client_for, bad):
    data = form()
    data.update(bad)
    data = {k: v for k, v in data.items() if v is not None}
    before = state(approved)
    response = client_for(world.social).post(url(approved), data)
    assert response.status_code == 400 and state(approved) == before


def test_only_the_familys_current_companion_opens_the_page(world, approved, client_for):
    stranger = SocialCompanionProfileFactory().user
    client = client_for(stranger)
    assert client.get(url(approved)).status_code == 404
    assert client.post(url(approved), form()).status_code == 404
    assert state(approved)[0] == "approved"


def test_a_planned_item_cannot_be_delivered_from_the_page(world, client_for):
    a = services.plan_assistance(
        world.profile, by=world.manager, kind="cash", plan_item="Modal", amount=500_000
    )
    response = client_for(world.social).post(url(a), form(amount="500.000"))
    assert response.status_code == 400 and state(a)[0] == "planned"


def test_the_receipt_card_shows_each_step_to_the_companion_and_the_family(world, approved, client_for):
    client = client_for(world.social)
    page = client.get(reverse("incubator:mentee_detail", args=[world.profile.pk])).content.decode()
    assert f'data-assistance="{approved.pk}"' in page and url(approved) in page
    client.post(url(approved), form())
    proof = reverse("incubator:private_file", args=["proof", approved.pk])
    page = client.get(reverse("incubator:mentee_detail", args=[world.profile.pk])).content.decode()
    assert proof in page and "Waiting for the family" in page and url(approved) not in page
    assert client.get(proof).status_code == 200
    family = client_for(world.entrepreneur)
    page = family.get(reverse("incubator:portal_home")).content.decode()
    assert f'data-assistance="{approved.pk}"' in page and proof in page
    family.post(reverse("incubator:assistance_receipt", args=[approved.pk]), {"answer": "yes"})
    page = family.get(reverse("incubator:portal_home")).content.decode()
    assert "Received, says the family" in page
