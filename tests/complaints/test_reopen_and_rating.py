"""The person who raised a complaint can say it is not resolved (reopen, with a reason, for a while)
and rate how it was handled, 1–5 (issue 15, §8.11)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import ComplaintEvent, Status
from complaints.services import REOPEN_DAYS, ComplaintError

pytestmark = pytest.mark.django_db


def resolved(world):
    complaint = world.raise_()
    services.assign_complaint(complaint, by=world.bandung_manager, handler=world.bandung_manager)
    services.start_complaint(complaint, by=world.bandung_manager)
    return services.resolve_complaint(complaint, by=world.bandung_manager, note="Etalase sudah diantar.")


def test_the_raiser_reopens_a_resolved_complaint_with_a_reason_and_the_queue_shows_it(world, client_for):
    complaint = resolved(world)
    client = client_for(world.entrepreneur)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Belum selesai?" in page and 'data-confirm="Buka kembali pengaduan ini?' in page

    client.post(reverse("complaints:reopen", args=[complaint.pk]), {"reason": ""})
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED  # no reason, nothing changes

    response = client.post(
        reverse("complaints:reopen", args=[complaint.pk]), {"reason": "Etalase belum sampai."}, follow=True
    )
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.reopened_at is not None
    assert complaint.resolved_at is None and complaint.due_at > timezone.now()
    event = complaint.events.order_by("pk").last()
    assert event.kind == ComplaintEvent.Kind.REOPENED and event.note == "Etalase belum sampai."
    assert event.actor == world.entrepreneur

    queue = client_for(world.bandung_manager).get(reverse("complaints_admin:index")).content.decode()
    assert complaint.number in queue and "Dibuka kembali" in queue


def test_only_the_raiser_and_only_within_the_window_can_reopen(world):
    complaint = resolved(world)
    with pytest.raises(ComplaintError):
        services.reopen_by_raiser(complaint, by=world.other_profile.user, reason="Saya juga")
    later = complaint.resolved_at + datetime.timedelta(days=REOPEN_DAYS, minutes=1)
    with pytest.raises(ComplaintError, match="tidak dapat dibuka kembali lagi"):
        services.reopen_by_raiser(complaint, by=world.entrepreneur, reason="Masih", now=later)
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED
    # An open complaint cannot be "reopened" either.
    fresh = world.raise_()
    with pytest.raises(ComplaintError):
        services.reopen_by_raiser(fresh, by=world.entrepreneur, reason="Masih")


def test_the_raiser_rates_the_handling_once_from_one_to_five(world, client_for):
    complaint = resolved(world)
    client = client_for(world.entrepreneur)
    assert "Nilai penanganannya" in client.get(complaint.get_absolute_url()).content.decode()

    client.post(reverse("complaints:rate", args=[complaint.pk]), {"score": "9"})
    complaint.refresh_from_db()
    assert complaint.rating is None  # out of range: nothing changes

    client.post(
        reverse("complaints:rate", args=[complaint.pk]), {"score": "4", "comment": "Cepat, terima kasih"}
    )
    complaint.refresh_from_db()
    assert complaint.rating == 4 and complaint.rating_comment == "Cepat, terima kasih"
    assert complaint.events.filter(kind=ComplaintEvent.Kind.RATED).count() == 1
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Anda memberi nilai 4 dari 5" in page and "Nilai penanganannya" not in page

    with pytest.raises(ComplaintError, match="sudah menilai"):
        services.rate_complaint(complaint, by=world.entrepreneur, score=5)
    with pytest.raises(ComplaintError):
        services.rate_complaint(world.raise_(), by=world.entrepreneur, score=5)  # no answer yet
    with pytest.raises(ComplaintError):
        services.rate_complaint(complaint, by=world.bandung_manager, score=1)

    admin = client_for(world.bandung_manager).get(reverse("complaints_admin:detail", args=[complaint.pk]))
    assert "4/5" in admin.content.decode()


def test_closing_and_resolving_ask_for_confirmation_in_the_admin(world, client_for):
    complaint = world.raise_()
    services.assign_complaint(complaint, by=world.bandung_manager, handler=world.bandung_manager)
    services.start_complaint(complaint, by=world.bandung_manager)
    html = (
        client_for(world.bandung_manager).get(reverse("complaints_admin:detail", args=[complaint.pk])).content
    )
    html = html.decode()
    assert "data-confirm=" in html and "js/confirm.js" in html
