"""Review: the visit and timeline pages answer bad input with a message or a 404, never a 500, and
store nothing half-written; GET never writes; POSTs need the CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from incubator import services as incubator_services
from incubator.models import CompanionAssignment
from mentoring import visits
from mentoring.models import ActionItem, FieldVisit, SessionPhoto
from tests.incubator.photos import fake_jpeg, phone_jpeg
from tests.mentoring.conftest import pair  # noqa: F401  (fixture)
from tests.mentoring.test_visits import form_data, visit_input


def new_url(p) -> str:
    return reverse("mentoring:visit_new", args=[p.profile.pk])


@pytest.mark.parametrize(
    "overrides",
    [
        {"visited_on": "31-31-2026"},
        {"visited_on": "2026-02-30"},
        {"visited_on": ""},
        {"purpose": "party"},
        {"district": "x" * 101},
        {"village": ""},
        {"summary": ""},
        {"items-0-due_date": "not a date"},
    ],
)
def test_bad_visit_input_is_refused_and_nothing_is_stored(client_for, pair, overrides):  # noqa: F811
    response = client_for(pair.mentor).post(new_url(pair), form_data(**overrides))
    assert response.status_code == 400
    assert not FieldVisit.objects.exists() and not ActionItem.objects.exists()


def test_a_broken_follow_up_formset_stores_nothing(client_for, pair):  # noqa: F811
    response = client_for(pair.mentor).post(new_url(pair), form_data(**{"items-TOTAL_FORMS": "abc"}))
    assert response.status_code in (200, 400)
    assert not FieldVisit.objects.exists() and not ActionItem.objects.exists()


def test_a_text_file_among_photos_refuses_the_whole_visit(client_for, pair):  # noqa: F811
    data = form_data()
    data["photos"] = [phone_jpeg(), fake_jpeg()]
    response = client_for(pair.mentor).post(new_url(pair), data)
    assert response.status_code == 400
    assert not FieldVisit.objects.exists() and not SessionPhoto.objects.exists()
    assert not ActionItem.objects.exists()


def test_ended_companion_cannot_log_or_post_to_the_form(client_for, pair):  # noqa: F811
    assignment = CompanionAssignment.objects.get(profile=pair.profile, companion=pair.mentor, ended_at=None)
    incubator_services.end_assignment(assignment, by=pair.manager, reason="Pindah tugas")
    client = client_for(pair.mentor)
    assert client.get(new_url(pair)).status_code == 404
    assert client.post(new_url(pair), form_data()).status_code == 404
    assert not FieldVisit.objects.exists()


def test_the_entrepreneur_cannot_log_or_correct_a_visit(client_for, pair):  # noqa: F811
    visit = visits.log_visit(pair.profile, by=pair.mentor, data=visit_input())
    client = client_for(pair.entrepreneur)
    assert client.post(new_url(pair), form_data()).status_code == 404
    data = form_data(summary="Diubah oleh orang lain")
    client.post(reverse("mentoring:visit_edit", args=[visit.pk]), data)
    visit.refresh_from_db()
    assert visit.notes == visit_input().summary and not visit.revisions.exists()


def test_visit_posts_need_csrf_and_follow_up_tick_refuses_get(pair):  # noqa: F811
    visit = visits.log_visit(pair.profile, by=pair.mentor, data=visit_input())
    item = ActionItem.objects.create(session=visit, text="Catat kas")
    client = Client(enforce_csrf_checks=True)
    client.force_login(pair.mentor)
    assert client.post(new_url(pair), form_data()).status_code == 403
    tick = reverse("mentoring:visit_follow_up_done", args=[visit.pk, item.pk])
    assert client.post(tick, {"done": "1"}).status_code == 403
    assert client.get(tick + "?done=1").status_code == 405
    item.refresh_from_db()
    assert item.done_at is None and FieldVisit.objects.count() == 1


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "2026-01-01T00:00:00|1|1",
        "2026-01-01T00:00:00+07:00|x|1",
        "2026-01-01T00:00:00+07:00|3|999999999999999999999999999",
        "2026-01-01T00:00:00+07:00|99999999999999999999|1",
        "|||",
    ],
)
def test_malformed_timeline_cursors_do_not_break_the_page(client_for, pair, cursor):  # noqa: F811
    visits.log_visit(pair.profile, by=pair.mentor, data=visit_input())
    response = client_for(pair.entrepreneur).get(reverse("mentoring:timeline"), {"before": cursor})
    assert response.status_code == 200
    response = client_for(pair.mentor).get(
        reverse("mentoring:profile_timeline", args=[pair.profile.pk]), {"before": cursor}
    )
    assert response.status_code == 200


def test_entrepreneur_timeline_and_notification_never_carry_internal_notes(client_for, pair):  # noqa: F811
    visits.log_visit(pair.profile, by=pair.mentor, data=visit_input())
    html = client_for(pair.entrepreneur).get(reverse("mentoring:timeline")).content.decode()
    assert "Etalase sudah rapi" in html and "BPJS" not in html
    # The entrepreneur's own profile id on the managers'/companions' timeline redirects, never leaks.
    response = client_for(pair.entrepreneur).get(
        reverse("mentoring:profile_timeline", args=[pair.profile.pk])
    )
    assert response.status_code == 302
