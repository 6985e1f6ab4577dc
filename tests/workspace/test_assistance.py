"""Assistance (BSiMU) in the admin: planned → approved → delivered with proof, or cancelled."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from incubator.models import Assistance, AssistanceEvent
from tests.factories import ManagerUserFactory
from tests.factories.workspace import (
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def program():
    return build_program()


def jpeg() -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(data, "JPEG")
    return SimpleUploadedFile("kuitansi.jpg", data.getvalue(), content_type="image/jpeg")


def plan(client, profile, amount="2500000") -> Assistance | None:
    client.post(
        reverse("workspace_assistance:add"),
        {
            "profile": profile.pk,
            "kind": "goods",
            "plan_item": "Etalase kaca",
            "amount": amount,
            "description": "",
        },
    )
    return Assistance.objects.filter(profile=profile).first()


def act(client, assistance, action, **data):
    return client.post(reverse("workspace_assistance:edit", args=[assistance.pk]), {"action": action, **data})


def approve_as_second_manager(client, assistance, program):
    """Four eyes: another manager approves what ``program.manager`` planned; then back to the planner."""
    client.force_login(ManagerUserFactory())
    response = act(client, assistance, "approve")
    client.force_login(program.manager)
    return response


def test_plan_approve_and_deliver_with_proof(client, program):
    profile = program.enroll("Keripik Bu Sri")
    client.force_login(program.manager)
    assistance = plan(client, profile)
    assert (assistance.status, assistance.amount, assistance.tier) == ("planned", 2_500_000, "beginner")
    assert assistance.recorded_by == program.manager

    page = client.get(reverse("workspace_assistance:edit", args=[assistance.pk])).content.decode()
    assert "Rp 2.500.000" in page

    assert approve_as_second_manager(client, assistance, program).status_code == 302
    response = act(client, assistance, "deliver", delivered_on=str(timezone.localdate()))
    assert response.status_code == 200  # the proof photo is required
    assistance.refresh_from_db()
    assert assistance.status == "approved"

    response = client.post(
        reverse("workspace_assistance:edit", args=[assistance.pk]),
        {"action": "deliver", "delivered_on": str(timezone.localdate()), "proof": jpeg()},
    )
    assert response.status_code == 302
    assistance.refresh_from_db()
    assert assistance.status == "delivered" and assistance.proof_of_receipt
    assert list(
        AssistanceEvent.objects.filter(assistance=assistance).values_list("to_status", flat=True)
    ) == [
        "planned",
        "approved",
        "delivered",
    ]


def test_absurd_amounts_are_refused(client, program):
    profile = program.enroll("Keripik Bu Sri")
    client.force_login(program.manager)
    assert plan(client, profile, amount="-5") is None
    assert plan(client, profile, amount="99999999999999") is None


def test_fake_proof_photo_is_refused_with_a_message(client, program):
    profile = program.enroll("Keripik Bu Sri")
    client.force_login(program.manager)
    assistance = plan(client, profile)
    approve_as_second_manager(client, assistance, program)
    fake = SimpleUploadedFile("bukti.jpg", b"this is not a photo", content_type="image/jpeg")
    response = client.post(
        reverse("workspace_assistance:edit", args=[assistance.pk]),
        {"action": "deliver", "delivered_on": str(timezone.localdate()), "proof": fake},
        follow=True,
    )
    assert response.status_code == 200
    assistance.refresh_from_db()
    assert assistance.status == "approved" and not assistance.proof_of_receipt


def test_cancel_needs_a_reason_and_a_stale_action_changes_nothing(client, program):
    profile = program.enroll("Keripik Bu Sri")
    client.force_login(program.manager)
    assistance = plan(client, profile)
    assert act(client, assistance, "cancel", reason="").status_code == 200
    assistance.refresh_from_db()
    assert assistance.status == "planned"
    assert act(client, assistance, "cancel", reason="Usaha tutup").status_code == 302
    assistance.refresh_from_db()
    assert assistance.status == "cancelled"
    # A second tab still showing "Approve": the action is gone, nothing changes.
    response = act(client, assistance, "approve")
    assert response.status_code == 302
    assistance.refresh_from_db()
    assert assistance.status == "cancelled"


def test_proof_of_receipt_is_served_only_to_people_who_may_see_assistance(client, program):
    profile = program.enroll("Keripik Bu Sri")
    client.force_login(program.manager)
    assistance = plan(client, profile)
    approve_as_second_manager(client, assistance, program)
    client.post(
        reverse("workspace_assistance:edit", args=[assistance.pk]),
        {"action": "deliver", "delivered_on": str(timezone.localdate()), "proof": jpeg()},
    )
    url = reverse("workspace_assistance:proof", args=[assistance.pk])
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    client.force_login(profile.user)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code == 302


def test_entrepreneur_inspect_page(client, program):
    profile = program.enroll("Keripik Bu Sri")
    client.force_login(program.manager)
    response = client.get(reverse("workspace_entrepreneurs:inspect", args=[profile.pk]))
    assert response.status_code == 200
    assert "Keripik Bu Sri" in response.content.decode()


def test_a_proof_of_receipt_missing_from_storage_is_a_404_not_a_500(client, program):
    profile = program.enroll("Keripik Bu Sri")
    client.force_login(program.manager)
    assistance = plan(client, profile)
    approve_as_second_manager(client, assistance, program)
    client.post(
        reverse("workspace_assistance:edit", args=[assistance.pk]),
        {"action": "deliver", "delivered_on": str(timezone.localdate()), "proof": jpeg()},
    )
    assistance.refresh_from_db()
    assistance.proof_of_receipt.storage.delete(assistance.proof_of_receipt.name)
    response = client.get(reverse("workspace_assistance:proof", args=[assistance.pk]))
    assert response.status_code == 404


def test_the_planner_cannot_approve_in_the_admin_and_a_plan_line_is_used(client, program):
    from incubator import services

    profile = program.enroll("Keripik Bu Sri")
    plan_ = services.write_business_plan(profile, by=program.manager, goal="Warung kedua")
    line = services.add_plan_line(
        plan_, by=program.manager, category="equipment", item="Etalase", estimated_price=1
    )
    client.force_login(program.manager)
    client.post(
        reverse("workspace_assistance:add"),
        {"profile": profile.pk, "kind": "goods", "plan_line": line.pk, "plan_item": "", "amount": "900000"},
    )
    assistance = Assistance.objects.get(profile=profile)
    assert (assistance.plan_line, assistance.plan_item) == (line, "Etalase")
    response = act(client, assistance, "approve")
    assert response.status_code == 302
    assistance.refresh_from_db()
    assert assistance.status == "planned"
