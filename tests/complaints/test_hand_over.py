"""Finding P7: a manager hands a complaint to a companion of the family or to a service; the handler
stays responsible, the history says so and the companion is told."""

from __future__ import annotations

from unittest import mock

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from complaints import selectors, services
from complaints.models import Category, ComplaintEvent, Status
from complaints.services import ComplaintError

pytestmark = pytest.mark.django_db


def assigned(world, **kw):
    complaint = world.raise_(**kw)
    return services.assign_complaint(complaint, by=world.bandung_manager, handler=world.bandung_manager)


def test_a_manager_hands_a_complaint_to_the_familys_companion_who_is_told_and_may_add_information(
    world, client_for, django_capture_on_commit_callbacks
):
    complaint = assigned(world)
    assert complaint.profile == world.profile
    with (
        mock.patch("core.notifications.async_to_sync") as sync,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.hand_complaint(
            complaint, by=world.bandung_manager, companion=world.pair.mentor, note="Tolong cek"
        )
    complaint.refresh_from_db()
    assert complaint.assignee == world.pair.mentor and complaint.assigned_service == ""
    assert (
        complaint.status == Status.ASSIGNED and complaint.handler == world.bandung_manager
    )  # still responsible
    event = complaint.events.order_by("pk").last()
    assert event.kind == ComplaintEvent.Kind.HANDED and event.assignee == world.pair.mentor
    assert event.actor == world.bandung_manager and event.note == "Tolong cek"
    sent = {c.args[0]: c.args[1]["event"] for c in sync.return_value.call_args_list}
    told = sent[f"user.{world.pair.mentor.pk}"]
    assert told["type"] == "complaint_assigned" and told["number"] == complaint.number

    # The companion now reads the complaint and adds information; before, they could not.
    page = client_for(world.pair.mentor).get(complaint.get_absolute_url())
    assert page.status_code == 200
    with translation.override("id"):
        assert (
            f"Diserahkan kepada {world.pair.mentor.full_name or world.pair.mentor}" in page.content.decode()
        )
    services.add_information(complaint, by=world.pair.mentor, note="Sudah saya kunjungi.")
    assert complaint.events.filter(kind=ComplaintEvent.Kind.INFORMATION, actor=world.pair.mentor).exists()

    # Once the companion no longer accompanies the family, the complaint is closed to them.
    from incubator.models import CompanionAssignment

    CompanionAssignment.objects.filter(profile=world.profile, companion=world.pair.mentor).update(
        ended_at=timezone.now()
    )
    assert client_for(world.pair.mentor).get(complaint.get_absolute_url()).status_code == 404


def test_a_complaint_can_be_handed_to_a_named_service(world):
    complaint = assigned(world)
    services.hand_complaint(complaint, by=world.bandung_manager, service="  Dinas Koperasi Kota Bandung ")
    complaint.refresh_from_db()
    assert complaint.assigned_service == "Dinas Koperasi Kota Bandung" and complaint.assignee is None
    assert complaint.events.filter(
        kind=ComplaintEvent.Kind.HANDED, assigned_service="Dinas Koperasi Kota Bandung"
    ).exists()


def test_handing_over_refuses_bad_choices_and_changes_nothing(world, stranger):
    complaint = assigned(world)
    other_mentor = services_mentor_of(world.other_profile)
    refusals = [
        {"by": world.bandung_manager},  # neither
        {"by": world.bandung_manager, "companion": world.pair.mentor, "service": "Dinas"},  # both
        {"by": world.bandung_manager, "companion": other_mentor},  # not this family's companion
        {"by": world.bandung_manager, "companion": stranger},
        {"by": world.klaten_manager, "service": "Dinas"},  # not a handler of the area
        {"by": world.pair.mentor, "service": "Dinas"},  # a companion cannot hand it on
    ]
    for kw in refusals:
        with pytest.raises(ComplaintError):
            services.hand_complaint(complaint, **kw)
    complaint.refresh_from_db()
    assert complaint.assignee is None and complaint.assigned_service == ""
    assert not complaint.events.filter(kind=ComplaintEvent.Kind.HANDED).exists()
    # Someone it was never handed to still cannot see it.
    with pytest.raises(Http404):
        selectors.get_complaint_for(user=other_mentor, pk=complaint.pk)


def test_a_harassment_complaint_is_never_handed_to_a_companion(world):
    complaint = world.raise_(category=Category.HARASSMENT)
    services.assign_complaint(complaint, by=world.safeguarding, handler=world.safeguarding)
    assert list(selectors.companions_to_hand_to(complaint)) == []
    with pytest.raises(ComplaintError):
        services.hand_complaint(complaint, by=world.safeguarding, companion=world.pair.mentor)


def test_the_admin_detail_offers_the_familys_companions_and_hands_over(world, client_for):
    complaint = assigned(world)
    client = client_for(world.bandung_manager)
    detail = reverse("complaints_admin:detail", args=[complaint.pk])
    html = client.get(detail).content.decode()
    assert 'name="companion"' in html and f'value="{world.pair.mentor.pk}"' in html
    act = reverse("complaints_admin:act", args=[complaint.pk, "hand"])
    client.post(act, {"companion": "", "service": ""})  # bad input: a message, nothing changes
    complaint.refresh_from_db()
    assert complaint.assignee is None
    response = client.post(act, {"companion": str(world.pair.mentor.pk), "service": ""}, follow=True)
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.assignee == world.pair.mentor


def services_mentor_of(profile):
    from tests.mentoring.factories import make_pair

    return make_pair(profile=profile).mentor
