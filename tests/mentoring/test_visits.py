"""Field visits: who may log, read and correct them; photos; follow-ups; the companion's list."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from incubator import services as incubator_services
from incubator.models import CompanionAssignment, CompanionRole, ManagerScope
from mentoring import visits
from mentoring.models import ActionItem, FieldVisit, FieldVisitRevision, MentoringSession, SessionPhoto
from mentoring.services import ActionItemInput, Forbidden
from mentoring.visits import VisitError, VisitInput
from tests.factories import ManagerUserFactory, MentorUserFactory
from tests.incubator.factories import (
    DistrictFactory,
    EntrepreneurProfileFactory,
    MentorProfileFactory,
    ProvinceFactory,
    RegencyFactory,
)
from tests.incubator.photos import fake_jpeg, phone_jpeg
from tests.mentoring.factories import make_pair

pytestmark = pytest.mark.django_db


def visit_input(**overrides) -> VisitInput:
    values = {
        "visited_on": timezone.localdate(),
        "purpose": "monitoring",
        "district": "Cicendo",
        "village": "Pasirkaliki",
        "summary": "Etalase sudah rapi. Buku kas diisi rutin.",
        "internal_notes": "Suami sedang sakit; keluarga butuh rujukan BPJS.",
    }
    values.update(overrides)
    return VisitInput(**values)


def form_data(**overrides) -> dict:
    data = {
        "visited_on": timezone.localdate().isoformat(),
        "purpose": "guidance",
        "district": "Cicendo",
        "village": "Pasirkaliki",
        "summary": "Kami hitung HPP bersama.",
        "internal_notes": "Rumah kontrakan, sering pindah.",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "10",
        "items-0-text": "Foto produk untuk katalog",
        "items-0-due_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }
    data.update(overrides)
    return data


# -- logging -------------------------------------------------------------------------------------


def test_assigned_companion_logs_a_visit_with_follow_ups_and_photos(pair):
    visit = visits.log_visit(
        pair.profile,
        by=pair.mentor,
        data=visit_input(),
        follow_ups=[ActionItemInput("Buka rekening usaha", timezone.localdate()), ActionItemInput("  ")],
        photos=[phone_jpeg()],
    )
    visit.refresh_from_db()
    assert visit.mode == "visit" and visit.companion == pair.mentor and visit.profile == pair.profile
    assert visit.visited_on == timezone.localdate()
    assert visit.summary == "Etalase sudah rapi. Buku kas diisi rutin."
    assert visit.topics == "Etalase sudah rapi. Buku kas diisi rutin."
    assert visit.place == "Pasirkaliki, Cicendo"
    assert [item.text for item in visit.action_items.all()] == ["Buka rekening usaha"]
    assert visit.photos.count() == 1
    # A visit is a mentoring session: the session pages and action-item service work on it.
    assert MentoringSession.objects.get(pk=visit.pk).fieldvisit == visit


def test_the_entrepreneur_hears_of_a_visit_after_commit_without_its_notes(
    pair, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"user.{pair.entrepreneur.pk}", channel)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        visit = visits.log_visit(pair.profile, by=pair.mentor, data=visit_input())
    assert len(callbacks) == 1
    assert async_to_sync(layer.receive)(channel) == {
        "type": "notify",
        "event": {"type": "visit_logged", "visit_id": visit.pk, "date": visit.date.isoformat()},
    }
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(VisitError):
        visits.log_visit(pair.profile, by=pair.mentor, data=visit_input(summary=""))
    assert callbacks == []


def test_photo_is_stored_without_exif_or_gps(pair):
    visit = visits.log_visit(pair.profile, by=pair.mentor, data=visit_input(), photos=[phone_jpeg()])
    photo = visit.photos.get()
    with photo.image.open("rb") as handle:
        stored = Image.open(BytesIO(handle.read()))
    exif = stored.getexif()
    assert not exif.get_ifd(0x8825)  # no GPS
    assert 0x010F not in exif and 0x0110 not in exif  # no camera make/model
    private_root = str(settings.PRIVATE_MEDIA_ROOT)
    assert photo.image.path.startswith(private_root) and photo.thumbnail.path.startswith(private_root)


def test_at_most_five_photos_and_nothing_is_saved_beyond(pair):
    with pytest.raises(VisitError, match="5"):
        visits.log_visit(pair.profile, by=pair.mentor, data=visit_input(), photos=[phone_jpeg()] * 6)
    assert not FieldVisit.objects.exists() and not SessionPhoto.objects.exists()


def test_unusable_photo_refuses_the_whole_visit(pair):
    with pytest.raises(VisitError):
        visits.log_visit(pair.profile, by=pair.mentor, data=visit_input(), photos=[fake_jpeg()])
    assert not MentoringSession.objects.exists()


def test_future_date_is_refused_and_nothing_saved(pair):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(VisitError, match=r"future|masa depan"):
        visits.log_visit(pair.profile, by=pair.mentor, data=visit_input(visited_on=tomorrow))
    assert not FieldVisit.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("purpose", "party"), ("district", "  "), ("village", ""), ("summary", "   "), ("district", "x" * 101)],
)
def test_invalid_fields_are_refused(pair, field, value):
    with pytest.raises(VisitError):
        visits.log_visit(pair.profile, by=pair.mentor, data=visit_input(**{field: value}))
    assert not FieldVisit.objects.exists()


def test_only_a_currently_assigned_companion_may_log(pair):
    stranger = MentorProfileFactory().user
    with pytest.raises(Forbidden):
        visits.log_visit(pair.profile, by=stranger, data=visit_input())
    with pytest.raises(Forbidden):
        visits.log_visit(pair.profile, by=pair.entrepreneur, data=visit_input())
    with pytest.raises(Forbidden):
        visits.log_visit(pair.profile, by=pair.manager, data=visit_input())
    _end(pair)
    with pytest.raises(Forbidden):
        visits.log_visit(pair.profile, by=pair.mentor, data=visit_input())
    assert not FieldVisit.objects.exists()


def _end(pair) -> None:
    assignment = CompanionAssignment.objects.get(profile=pair.profile, companion=pair.mentor, ended_at=None)
    incubator_services.end_assignment(assignment, by=pair.manager, reason="Pindah tugas")


# -- the log page ----------------------------------------------------------------------------------


def test_log_page_saves_a_visit_with_a_photo(client_for, pair):
    client = client_for(pair.mentor)
    url = reverse("mentoring:visit_new", args=[pair.profile.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**form_data(), "photos": [phone_jpeg()]})
    visit = FieldVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "mentoring:visit_detail", args=[visit.pk]
    )
    assert visit.purpose == "guidance" and visit.internal_notes == "Rumah kontrakan, sering pindah."
    assert visit.photos.count() == 1 and visit.action_items.count() == 1


def test_log_page_prefills_an_iso_date_and_the_district_in_indonesian(client_for, pair):
    district = DistrictFactory(parent=pair.profile.regency)
    pair.profile.district = district
    pair.profile.save(update_fields=["district"])
    html = (
        client_for(pair.mentor).get(reverse("mentoring:visit_new", args=[pair.profile.pk])).content.decode()
    )
    assert 'lang="id"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html  # <input type="date"> needs ISO
    assert f'value="{district.name}"' in html


def test_log_page_refuses_a_future_date_with_a_message(client_for, pair):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for(pair.mentor).post(
        reverse("mentoring:visit_new", args=[pair.profile.pk]), form_data(visited_on=tomorrow)
    )
    assert response.status_code == 400
    assert "masa depan" in response.content.decode() or "future" in response.content.decode()
    assert not FieldVisit.objects.exists()


def test_log_page_refuses_six_photos(client_for, pair):
    response = client_for(pair.mentor).post(
        reverse("mentoring:visit_new", args=[pair.profile.pk]),
        {**form_data(), "photos": [phone_jpeg(f"p{i}.jpg") for i in range(6)]},
    )
    assert response.status_code == 400
    assert not FieldVisit.objects.exists() and not SessionPhoto.objects.exists()


def test_log_page_is_404_for_anyone_not_assigned(client_for, pair):
    url = reverse("mentoring:visit_new", args=[pair.profile.pk])
    other_mentor = MentorProfileFactory().user
    assert client_for(other_mentor).get(url).status_code == 404
    assert client_for(other_mentor).post(url, form_data()).status_code == 404
    assert client_for(pair.entrepreneur).post(url, form_data()).status_code == 404
    assert not FieldVisit.objects.exists()


# -- reading -------------------------------------------------------------------------------------


@pytest.fixture
def visit(pair):
    return visits.log_visit(
        pair.profile,
        by=pair.mentor,
        data=visit_input(),
        follow_ups=[ActionItemInput("Catat penjualan harian")],
        photos=[phone_jpeg()],
    )


def test_entrepreneur_sees_own_visit_without_internal_notes(client_for, pair, visit):
    response = client_for(pair.entrepreneur).get(reverse("mentoring:visit_detail", args=[visit.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Etalase sudah rapi" in html and "Catat penjualan harian" in html
    assert "BPJS" not in html
    photo = visit.photos.get()
    assert (
        client_for(pair.entrepreneur)
        .get(reverse("mentoring:visit_photo", args=[visit.pk, photo.pk]))
        .status_code
        == 200
    )


def test_the_session_page_of_a_visit_never_shows_internal_notes(client_for, pair, visit):
    response = client_for(pair.entrepreneur).get(reverse("mentoring:session_detail", args=[visit.pk]))
    assert response.status_code == 200
    assert "BPJS" not in response.content.decode()


def test_companion_and_area_manager_see_internal_notes(client_for, pair, visit):
    url = reverse("mentoring:visit_detail", args=[visit.pk])
    assert "BPJS" in client_for(pair.mentor).get(url).content.decode()
    manager = ManagerUserFactory()
    ManagerScope.objects.update_or_create(user=manager, defaults={"region": pair.profile.regency})
    assert "BPJS" in client_for(manager).get(url).content.decode()


def test_another_entrepreneur_companion_or_manager_elsewhere_gets_404(client_for, pair, visit):
    url = reverse("mentoring:visit_detail", args=[visit.pk])
    photo_url = reverse("mentoring:visit_photo", args=[visit.pk, visit.photos.get().pk])
    other = EntrepreneurProfileFactory()
    elsewhere = ManagerUserFactory()
    surabaya = RegencyFactory(name="Kota Surabaya", parent=ProvinceFactory(name="Jawa Timur"))
    ManagerScope.objects.update_or_create(user=elsewhere, defaults={"region": surabaya})
    for user in (other.user, MentorUserFactory(), elsewhere):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.get(photo_url).status_code == 404


def test_former_companion_keeps_the_summary_but_loses_others_internal_notes_and_photos(client_for, pair):
    social = MentorProfileFactory(kind="tksk").user
    incubator_services.assign_companion(pair.profile, social, role=CompanionRole.SOCIAL, by=pair.manager)
    by_social = visits.log_visit(pair.profile, by=social, data=visit_input(), photos=[phone_jpeg()])
    _end(pair)
    client = client_for(pair.mentor)
    html = client.get(reverse("mentoring:visit_detail", args=[by_social.pk])).content.decode()
    assert "Etalase sudah rapi" in html and "BPJS" not in html
    photo_url = reverse("mentoring:visit_photo", args=[by_social.pk, by_social.photos.get().pk])
    assert client.get(photo_url).status_code == 404


def test_follow_up_ticked_from_the_visit_page_records_history(client_for, pair, visit):
    item = visit.action_items.get()
    url = reverse("mentoring:visit_follow_up_done", args=[visit.pk, item.pk])
    response = client_for(pair.entrepreneur).post(url, {"done": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_done and item.done_by == pair.entrepreneur and item.events.count() == 1


def test_follow_up_of_another_visit_is_404(client_for, pair, visit):
    other = make_pair()
    other_visit = visits.log_visit(
        other.profile, by=other.mentor, data=visit_input(), follow_ups=[ActionItemInput("Lain")]
    )
    item = other_visit.action_items.get()
    response = client_for(pair.entrepreneur).post(
        reverse("mentoring:visit_follow_up_done", args=[visit.pk, item.pk]), {"done": "1"}
    )
    assert response.status_code == 404
    assert not ActionItem.objects.get(pk=item.pk).is_done


# -- corrections ---------------------------------------------------------------------------------


def test_author_corrects_within_seven_days_and_it_is_recorded(pair, visit):
    corrected = visits.correct_visit(
        visit, by=pair.mentor, data=visit_input(village="Arjuna", summary="Ringkasan baru.")
    )
    assert corrected.village == "Arjuna" and corrected.topics == "Ringkasan baru."
    revision = FieldVisitRevision.objects.get()
    assert revision.edited_by == pair.mentor
    assert revision.changes == {
        "village": {"from": "Pasirkaliki", "to": "Arjuna"},
        "notes": {"from": "Etalase sudah rapi. Buku kas diisi rutin.", "to": "Ringkasan baru."},
    }
    visits.correct_visit(
        corrected, by=pair.mentor, data=visit_input(village="Arjuna", summary="Ringkasan baru.")
    )
    assert FieldVisitRevision.objects.count() == 1  # nothing changed, nothing recorded


def test_correction_refused_to_others_and_after_seven_days(pair, visit):
    with pytest.raises(Forbidden):
        visits.correct_visit(visit, by=pair.entrepreneur, data=visit_input(village="X"))
    FieldVisit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    visit.refresh_from_db()
    with pytest.raises(Forbidden):
        visits.correct_visit(visit, by=pair.mentor, data=visit_input(village="X"))
    visit.refresh_from_db()
    assert visit.village == "Pasirkaliki" and not FieldVisitRevision.objects.exists()


def test_correction_to_a_future_date_is_refused(pair, visit):
    with pytest.raises(VisitError):
        visits.correct_visit(
            visit,
            by=pair.mentor,
            data=visit_input(visited_on=timezone.localdate() + datetime.timedelta(days=3)),
        )
    visit.refresh_from_db()
    assert visit.date == timezone.localdate()


def test_correction_page(client_for, pair, visit):
    url = reverse("mentoring:visit_edit", args=[visit.pk])
    client = client_for(pair.mentor)
    assert client.get(url).status_code == 200
    response = client.post(url, {**form_data(), "purpose": "evidence_check"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.purpose == "evidence_check"
    detail = client.get(reverse("mentoring:visit_detail", args=[visit.pk])).content.decode()
    assert "Tujuan" in detail.split("Koreksi</h2>")[-1]  # the correction is listed, by its label
    entrepreneur = client_for(pair.entrepreneur)
    assert entrepreneur.post(url, form_data(village="Z")).status_code == 302
    visit.refresh_from_db()
    assert visit.village != "Z"


# -- my visits ----------------------------------------------------------------------------------


def test_my_visits_lists_the_companions_visits_with_constant_queries(client_for, pair):
    client = client_for(pair.mentor)
    url = reverse("mentoring:visit_list")
    visits.log_visit(pair.profile, by=pair.mentor, data=visit_input(), photos=[phone_jpeg()])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for _ in range(6):
        extra = make_pair(mentor=pair.mentor)
        visits.log_visit(
            extra.profile, by=pair.mentor, data=visit_input(), follow_ups=[ActionItemInput("Tindak lanjut")]
        )
    assert count() == one
    response = client.get(url)
    rows = list(response.context["page"].object_list)
    assert len(rows) == 7 and rows[-1].photo_count == 1 and rows[0].open_follow_ups == 1


def test_my_visits_shows_only_my_own_and_is_for_companions(client_for, pair, visit):
    other = make_pair()
    visits.log_visit(other.profile, by=other.mentor, data=visit_input(village="Lainnya"))
    response = client_for(pair.mentor).get(reverse("mentoring:visit_list"))
    assert [v.pk for v in response.context["page"].object_list] == [visit.pk]
    assert client_for(pair.entrepreneur).get(reverse("mentoring:visit_list")).status_code == 403


def test_my_visits_pages_by_twenty_newest_first(client_for, pair):
    for n in range(21):
        visits.log_visit(
            pair.profile,
            by=pair.mentor,
            data=visit_input(visited_on=timezone.localdate() - datetime.timedelta(n)),
        )
    client = client_for(pair.mentor)
    first = list(client.get(reverse("mentoring:visit_list")).context["page"].object_list)
    second = list(client.get(reverse("mentoring:visit_list"), {"page": 2}).context["page"].object_list)
    assert len(first) == 20 and len(second) == 1
    assert first[0].date == timezone.localdate()
    assert second[0].date == timezone.localdate() - datetime.timedelta(20)
