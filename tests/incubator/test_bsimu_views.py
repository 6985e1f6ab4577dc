"""The family's confirmation through the portal card and through the inbound-SMS hook."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from incubator import services
from incubator.models import Assistance
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator import photos

pytestmark = pytest.mark.django_db
PHONE = "+6281234500077"
SECRET = "rahasia-gateway-uji"


@pytest.fixture
def waiting(world) -> Assistance:
    world.entrepreneur.phone = PHONE
    world.entrepreneur.save()
    a = services.plan_assistance(
        world.profile, by=world.manager, kind="goods", plan_item="Etalase", amount=900_000
    )
    a = services.approve_assistance(a, by=ManagerUserFactory())
    return services.deliver_assistance(
        a, by=world.social, delivered_on=timezone.localdate(), proof=photos.png()
    )


def receipt(a: Assistance) -> str:
    return Assistance.objects.get(pk=a.pk).receipt


def test_the_portal_asks_and_the_family_answers_yes(world, waiting, client_for):
    client = client_for(world.entrepreneur)
    page = client.get(reverse("incubator:portal_home")).content.decode()
    assert f'data-receipt="{waiting.pk}"' in page and "Etalase" in page
    response = client.post(reverse("incubator:assistance_receipt", args=[waiting.pk]), {"answer": "yes"})
    assert response.status_code == 302
    assert receipt(waiting) == "confirmed"
    assert f'data-receipt="{waiting.pk}"' not in client.get(reverse("incubator:portal_home")).content.decode()


def test_a_bad_answer_changes_nothing(world, waiting, client_for):
    response = client_for(world.entrepreneur).post(
        reverse("incubator:assistance_receipt", args=[waiting.pk]), {"answer": "maybe"}, follow=True
    )
    assert response.status_code == 200 and receipt(waiting) == "pending"


def test_another_family_gets_a_404(world, waiting, client_for):
    response = client_for(EntrepreneurUserFactory()).post(
        reverse("incubator:assistance_receipt", args=[waiting.pk]), {"answer": "no"}
    )
    assert response.status_code == 404 and receipt(waiting) == "pending"
    assert not Complaint.objects.exists()


def test_the_companion_answers_on_behalf(world, waiting, client_for):
    client_for(world.social).post(
        reverse("incubator:assistance_receipt", args=[waiting.pk]), {"answer": "yes"}
    )
    a = Assistance.objects.get(pk=waiting.pk)
    assert (a.receipt, a.receipt_on_behalf) == ("confirmed", True)


@override_settings(TUMBUH_SMS_INBOUND_SECRET=SECRET)
@pytest.mark.parametrize("header", [None, "", "salah"])
def test_inbound_sms_with_a_bad_secret_is_refused_and_changes_nothing(client, waiting, header):
    headers = {} if header is None else {"X-Tumbuh-SMS-Secret": header}
    response = client.post(reverse("sms_inbound"), {"from": "081234500077", "text": "YA"}, headers=headers)
    assert response.status_code == 403
    assert receipt(waiting) == "pending"


@override_settings(TUMBUH_SMS_INBOUND_SECRET="")
def test_inbound_sms_is_closed_when_no_secret_is_configured(client, waiting):
    response = client.post(
        reverse("sms_inbound"), {"from": PHONE, "text": "YA"}, headers={"X-Tumbuh-SMS-Secret": ""}
    )
    assert response.status_code == 403 and receipt(waiting) == "pending"


@override_settings(TUMBUH_SMS_INBOUND_SECRET=SECRET)
def test_inbound_sms_ya_confirms(client, waiting):
    response = client.post(
        reverse("sms_inbound"),
        {"from": "0812-3450-0077", "text": " ya "},
        headers={"X-Tumbuh-SMS-Secret": SECRET},
    )
    assert response.status_code == 200 and response.json() == {"handled": True}
    assert receipt(waiting) == "confirmed"


@override_settings(TUMBUH_SMS_INBOUND_SECRET=SECRET)
def test_inbound_sms_tidak_raises_the_complaint(client, waiting):
    client.post(
        reverse("sms_inbound"), {"from": PHONE, "text": "TIDAK"}, headers={"X-Tumbuh-SMS-Secret": SECRET}
    )
    assert receipt(waiting) == "denied"
    assert Complaint.objects.get().assistance_id == waiting.pk


@override_settings(TUMBUH_SMS_INBOUND_SECRET=SECRET)
@pytest.mark.parametrize(
    "data",
    [{"from": PHONE}, {"text": "YA"}, {"from": "bukan nomor", "text": "YA"}, {"from": PHONE, "text": "halo"}],
)
def test_inbound_sms_bad_input_changes_nothing(client, waiting, data):
    response = client.post(reverse("sms_inbound"), data, headers={"X-Tumbuh-SMS-Secret": SECRET})
    assert response.status_code in (200, 400)
    assert response.status_code == 400 or response.json() == {"handled": False}
    assert receipt(waiting) == "pending"


def test_the_console_and_file_backends_feed_replies_in_with_a_command(waiting, capsys):
    call_command("receive_sms", "--from", PHONE, "--text", "YA")
    assert "handled" in capsys.readouterr().out
    assert receipt(waiting) == "confirmed"


def test_the_dashboard_totals_every_delivery_not_only_the_five_listed(world):
    from incubator import selectors
    from incubator.services import bump_dashboard

    def create(status: str, amount: int) -> Assistance:
        return Assistance.objects.create(
            profile=world.profile,
            kind="cash",
            plan_item="Modal",
            amount=amount,
            tier=world.profile.tier,
            status=status,
            delivered_on=timezone.localdate() if status == Assistance.Status.DELIVERED else None,
        )

    for amount in (100, 200, 300, 400, 500, 600):
        create(Assistance.Status.DELIVERED, amount)
    create(Assistance.Status.CANCELLED, 10_000)
    create(Assistance.Status.APPROVED, 20_000)
    bump_dashboard([world.profile])  # written past the services, which bump the dashboard's version
    dashboard = selectors.dashboard_for(world.entrepreneur)
    assert len(dashboard.assistance) == 5
    assert dashboard.assistance_delivered_total == 2_100
    Assistance.objects.filter(profile=world.profile).exclude(status=Assistance.Status.CANCELLED).delete()
    bump_dashboard([world.profile])
    assert selectors.dashboard_for(world.entrepreneur).assistance_delivered_total == 0
