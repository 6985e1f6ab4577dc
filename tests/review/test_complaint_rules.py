"""Review: the complaint flow refuses skipped steps, forged choices, other areas and bad input
through its HTTP doors (the admin actions and the raiser's pages), never with a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from complaints import services
from complaints.models import Category, Complaint, ComplaintEvent, Status
from tests.complaints.conftest import _world_once, manager, world  # noqa: F401  (fixtures)
from tests.incubator.photos import fake_jpeg


def act(complaint, action: str) -> str:
    return reverse("complaints_admin:act", args=[complaint.pk, action])


def test_an_action_cannot_skip_a_step(world, client_for):  # noqa: F811
    complaint = world.raise_()
    client = client_for(world.bandung_manager)
    for action, data in (
        ("start", {}),
        ("resolve", {"note": "x"}),
        ("close", {}),
        ("refer", {"referred_to": "Dinkes"}),
    ):
        assert client.post(act(complaint, action), data).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and complaint.events.count() == 1


def test_reopen_needs_a_reason_and_a_closed_complaint_takes_no_information(world, client_for):  # noqa: F811
    complaint = world.raise_()
    m = world.bandung_manager
    services.assign_complaint(complaint, by=m, handler=m)
    services.start_complaint(complaint, by=m)
    services.resolve_complaint(complaint, by=m, note="Bantuan dikirim")
    services.close_complaint(complaint, by=m)
    client = client_for(m)
    client.post(act(complaint, "reopen"), {"reason": "   "})
    client.post(act(complaint, "information"), {"note": "tambahan"})
    client.post(act(complaint, "assign"), {"handler": m.pk})
    client_for(world.entrepreneur).post(
        reverse("complaints:add_information", args=[complaint.pk]), {"note": "masih belum"}
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.events.count() == 5


def test_a_forged_handler_from_another_area_or_without_harassment_rights_is_refused(world, client_for):  # noqa: F811
    plain = world.raise_()
    harassment = world.raise_(category=Category.HARASSMENT, description="Kata-kata kasar")
    client = client_for(world.safeguarding)
    for value in (world.klaten_manager.pk, world.unscoped.pk, world.entrepreneur.pk, "abc", "", "99999999"):
        assert client.post(act(plain, "assign"), {"handler": value}).status_code == 302
    assert client.post(act(harassment, "assign"), {"handler": world.bandung_manager.pk}).status_code == 302
    plain.refresh_from_db()
    harassment.refresh_from_db()
    assert plain.status == Status.NEW and plain.handler is None
    assert harassment.status == Status.NEW and harassment.handler is None


def test_managers_outside_the_area_and_plain_managers_on_harassment_get_404(world, client_for):  # noqa: F811
    plain = world.raise_()
    harassment = world.raise_(category=Category.HARASSMENT, description="Kata-kata kasar")
    for who, complaint in (
        (world.klaten_manager, plain),
        (world.unscoped, plain),
        (world.bandung_manager, harassment),
    ):
        client = client_for(who)
        assert client.get(reverse("complaints_admin:detail", args=[complaint.pk])).status_code == 404
        assert client.post(act(complaint, "assign"), {"handler": who.pk}).status_code == 404
        assert client.get(complaint.get_absolute_url()).status_code == 404
    assert ComplaintEvent.objects.count() == 2


def test_unknown_action_get_and_missing_csrf_change_nothing(world):  # noqa: F811
    complaint = world.raise_()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bandung_manager)
    assert client.get(act(complaint, "assign") + f"?handler={world.bandung_manager.pk}").status_code == 405
    assert client.post(act(complaint, "assign"), {"handler": world.bandung_manager.pk}).status_code == 403
    assert client.post(act(complaint, "delete")).status_code == 403
    raiser = Client(enforce_csrf_checks=True)
    raiser.force_login(world.entrepreneur)
    url = reverse("complaints:add_information", args=[complaint.pk])
    assert raiser.post(url, {"note": "x"}).status_code == 403
    assert raiser.get(url).status_code == 405
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and complaint.events.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"category": "nonsense", "description": "x"},
        {"category": Category.ASSISTANCE, "description": ""},
        {"category": Category.ASSISTANCE, "description": "x" * 20000},
    ],
)
def test_bad_complaints_are_refused_with_a_message(world, client_for, data):  # noqa: F811
    response = client_for(world.entrepreneur).post(reverse("complaints:new"), data)
    assert response.status_code == 200
    assert not Complaint.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_saved(world, client_for):  # noqa: F811
    response = client_for(world.entrepreneur).post(
        reverse("complaints:new"),
        {"category": Category.ASSISTANCE, "description": "Bantuan belum ada", "photo": fake_jpeg()},
    )
    assert response.status_code == 200
    assert not Complaint.objects.exists()


def test_non_numeric_and_unknown_ids_are_404_not_500(world, client_for):  # noqa: F811
    client = client_for(world.bandung_manager)
    assert client.get("/cms/complaints/abc/").status_code == 404
    assert client.get("/cms/complaints/99999/").status_code == 404
    assert client.post("/cms/complaints/99999/start/").status_code == 404
    assert client.get("/complaints/99999/photo/1/").status_code == 404
    assert client.get("/complaints/report/message/99999/").status_code == 404
