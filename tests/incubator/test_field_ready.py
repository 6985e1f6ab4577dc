"""Field-ready fixes of the UX walkthrough (issue 15): the entrepreneur's and companion's screens."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from incubator import services

pytestmark = pytest.mark.django_db

WIB = datetime.timezone(datetime.timedelta(hours=7))


@pytest.mark.date_sensitive
@time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=WIB), tick=False)
def test_the_report_form_proposes_the_last_finished_month_and_hides_reported_ones(world, client_for):
    # E15: on 2 December, December is not over; November is proposed and October, reported, is not offered.
    services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-10", revenue=1_000_000, costs=100_000
    )
    response = client_for(world.entrepreneur).get("/portal/reports/")
    form = response.context["form"]
    values = [value for value, _label in form.fields["month"].widget.choices]  # what the list offers
    assert "2026-10-01" not in values
    assert 'value="2026-10-01"' not in response.content.decode()
    assert values[:2] == ["2026-12-01", "2026-11-01"]
    assert form.fields["month"].initial == "2026-11-01"
    assert 'value="2026-11-01" selected' in response.content.decode()

    # A companion sees the same choices for their mentee.
    form = client_for(world.social).get(f"/mentor/entrepreneurs/{world.profile.pk}/reports/").context["form"]
    assert "2026-10-01" not in [value for value, _label in form.fields["month"].widget.choices]
    assert form.fields["month"].initial == "2026-11-01"


def _first_milestone(world):
    from incubator.models import Milestone

    return Milestone.objects.filter(profile=world.profile, template__asks_photos=0).order_by("pk").first()


def test_old_feedback_is_marked_as_history_once_evidence_is_sent_again(world, client_for):
    # E7: "Foto belum jelas…" stayed under "Masukan dari mentor Anda" after the resubmission.
    milestone = _first_milestone(world)
    services.submit_evidence(milestone, by=world.entrepreneur, text="Sudah", expected_version=0)
    milestone.refresh_from_db()
    services.request_changes(
        milestone, by=world.mentor, comment="Foto belum jelas", expected_version=milestone.version
    )
    client = client_for(world.entrepreneur)
    html = client.get(milestone.get_absolute_url()).content.decode()
    assert "Masukan dari mentor Anda" in html and "Masukan sebelumnya" not in html

    milestone.refresh_from_db()
    services.submit_evidence(
        milestone, by=world.entrepreneur, text="Foto baru", expected_version=milestone.version
    )
    html = client.get(milestone.get_absolute_url()).content.decode()
    assert "Masukan sebelumnya" in html and "Foto belum jelas" in html
    assert "Masukan dari mentor Anda" not in html


def test_an_automatic_verification_is_not_presented_as_the_mentors_feedback_and_speaks_english(
    world, client_for
):
    # E7 and E11: the course check showed as "Masukan dari mentor Anda", in Indonesian on /en/ too.
    milestone = _first_milestone(world)
    services.complete_milestone_by_course(
        user=world.entrepreneur, template=milestone.template, course_title="Pembukuan sederhana"
    )
    client = client_for(world.entrepreneur)
    html = client.get(milestone.get_absolute_url()).content.decode()
    assert "Diperiksa otomatis" in html and "Masukan dari mentor Anda" not in html
    english = client.get("/en" + milestone.get_absolute_url()).content.decode()
    assert "Checked automatically" in english and "Terverifikasi otomatis" not in english
    portal = client.get("/en/portal/").content.decode()
    assert "Terverifikasi otomatis" not in portal and "verified this milestone by itself" in portal


def test_registration_has_no_preselected_sector_and_the_consent_comes_before_its_box(world, client_for):
    # C7: "Makanan dan minuman" was pre-selected; the consent text was small grey text after the checkbox.
    from incubator.models import EntrepreneurProfile, MentorProfile

    MentorProfile.objects.get(user=world.social).regions.add(world.regency)
    client = client_for(world.social)
    html = client.get("/mentor/entrepreneurs/new/").content.decode()
    assert '<option value="" selected>— pilih bidang usaha —</option>' in html
    assert "Belum masuk angkatan" in html and "---------" not in html
    assert html.index('class="text-before-checkbox"') < html.index('name="consent"')

    data = {
        "full_name": "Ibu Wartini",
        "phone": "0812 3456 7890",
        "business_name": "Warung Bu Wartini",
        "sector": "",
        "province": world.province.pk,
        "regency": world.regency.pk,
        "district": world.district.pk,
        "consent": "on",
    }
    response = client.post("/mentor/entrepreneurs/new/", data)
    assert response.status_code == 400
    assert not EntrepreneurProfile.objects.filter(business_name="Warung Bu Wartini").exists()

    # C8: registered without a business mentor, the page says what must happen next.
    response = client.post("/mentor/entrepreneurs/new/", {**data, "sector": "food"}, follow=True)
    assert response.status_code == 200
    assert "Langkah berikutnya: mentor usaha" in response.content.decode()
    html = client_for(world.social).get(f"/mentor/entrepreneurs/{world.profile.pk}/").content.decode()
    assert "Langkah berikutnya: mentor usaha" not in html  # this one has a business mentor


def test_an_entrepreneur_without_a_business_mentor_is_told_what_happens_next(world, client_for):
    # E14: a self-registered person saw "Mentor usaha: belum ditugaskan" and nothing more.
    from incubator.models import CompanionAssignment

    CompanionAssignment.objects.filter(profile=world.profile).delete()
    html = client_for(world.entrepreneur).get("/portal/").content.decode()
    assert "Apa yang terjadi selanjutnya" in html and "Pengelola program akan menugaskan" in html
    services.assign_companion(world.profile, world.mentor, role="mentor", by=world.manager)
    html = client_for(world.entrepreneur).get("/portal/").content.decode()
    assert "Apa yang terjadi selanjutnya" not in html


def test_verifying_or_sending_back_evidence_and_verifying_figures_ask_first(world, client_for):
    milestone = _first_milestone(world)
    services.submit_evidence(milestone, by=world.entrepreneur, text="Sudah", expected_version=0)
    services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-02", revenue=1_000_000, costs=100_000
    )
    client = client_for(world.mentor)
    html = client.get(f"/mentor/milestones/{milestone.pk}/review/").content.decode()
    assert 'data-confirm-choice="decision"' in html
    assert 'data-confirm-verify="Verifikasi capaian ini?' in html
    assert 'data-confirm-changes="Kembalikan bukti ini' in html
    html = client.get(f"/mentor/entrepreneurs/{world.profile.pk}/").content.decode()
    assert 'data-confirm="Verifikasi angka ini?' in html


def test_after_a_promotion_the_entrepreneur_sees_the_celebration_once(world, client_for):
    from incubator.models import TierChange
    from tests.incubator.test_services import complete_tier, promote

    assert client_for(world.entrepreneur).get("/portal/").status_code == 200  # nothing to celebrate yet
    complete_tier(world)
    change = promote(world)

    # A companion opening their pages does not use up the celebration.
    client_for(world.mentor).get(f"/mentor/entrepreneurs/{world.profile.pk}/")
    client = client_for(world.entrepreneur)
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"].endswith("/portal/promoted/")
    page = client.get("/portal/promoted/").content.decode()
    assert "Selamat, Anda naik tingkat!" in page
    assert "Dari Pemula ke Berkembang" in page
    assert "Yang didapat di tingkat baru Anda" in page and "Langkah Anda berikutnya" in page
    change.refresh_from_db()
    assert change.celebrated_at is not None

    # Once: the dashboard shows itself from now on.
    assert client.get("/portal/").status_code == 200
    assert (
        TierChange.objects.filter(
            profile=world.profile, celebrated_at__isnull=True, promotion__isnull=False
        ).count()
        == 0
    )


def test_photo_fields_get_a_preview_before_sending(world, client_for):
    milestone = _first_milestone(world)
    html = client_for(world.entrepreneur).get(milestone.get_absolute_url()).content.decode()
    assert "js/photo-preview.js" in html
    html = client_for(world.social).get(f"/visits/new/{world.profile.pk}/").content.decode()
    assert "js/photo-preview.js" in html and 'type="file"' in html
    html = client_for(world.entrepreneur).get("/complaints/new/").content.decode()
    assert "js/photo-preview.js" in html


def test_the_chat_photo_gets_a_preview_before_sending(client_for):
    # E20, §8.13: choosing a chat photo showed neither the photo nor its name; the history page has no form.
    from tests.mentoring.factories import make_pair

    pair = make_pair()
    client = client_for(pair.entrepreneur)
    html = client.get(f"/chat/{pair.conversation.pk}/").content.decode()
    assert 'accept="image/jpeg,image/png,image/webp" data-image' in html and "js/photo-preview.js" in html
    history = client.get(f"/chat/{pair.conversation.pk}/?before=1").content.decode()
    assert "data-image" not in history and "js/photo-preview.js" not in history


def test_the_programs_words_link_to_the_glossary_where_they_appear(world, client_for):
    from incubator.templatetags.glossary import glossary_links

    linked = glossary_links("Buat HPP dan urus NIB; HPP lagi. <b>")
    assert linked.count('href="/glossary/#hpp"') == 1 and 'href="/glossary/#nib"' in linked
    assert "&lt;b&gt;" in linked  # the text itself stays escaped
    from django.utils.safestring import mark_safe

    # Never inside an existing link or a tag of already-safe HTML.
    assert glossary_links(mark_safe('<a href="/x">UMK</a> <span title="UMK">x</span>')) == (
        '<a href="/x">UMK</a> <span title="UMK">x</span>'
    )

    html = client_for(world.entrepreneur).get("/portal/").content.decode()
    assert 'href="/glossary/#nursing-capital"' in html and 'href="/glossary/#bsimu"' in html
    glossary = client_for(world.entrepreneur).get("/glossary/").content.decode()
    assert 'id="tksk"' in glossary and 'id="bsimu"' in glossary


def test_chat_and_session_forms_have_a_back_link(world, client_for):
    html = client_for(world.social).get(f"/sessions/new/{world.profile.pk}/").content.decode()
    assert f'href="/mentor/entrepreneurs/{world.profile.pk}/">←' in html


def test_the_chat_and_the_phone_number_pages_have_a_back_link(world, client_for):
    # E21: /chat/<id>/ and /accounts/phone/ had no way back but the browser's.
    from tests.mentoring.factories import make_pair

    pair = make_pair()
    html = client_for(pair.entrepreneur).get(f"/chat/{pair.conversation.pk}/").content.decode()
    assert 'href="/chat/">← Kembali' in html
    response = client_for(world.entrepreneur).get("/accounts/phone/")
    assert response.status_code == 200
    assert 'href="/accounts/home/">← Kembali' in response.content.decode()


def test_a_mentees_activity_shows_more_on_request_in_the_same_queries(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from incubator.models import MilestoneEvent
    from incubator.views import EVENTS_STEP

    milestone = _first_milestone(world)
    MilestoneEvent.objects.bulk_create(
        MilestoneEvent(milestone=milestone, to_status="submitted", actor=world.entrepreneur)
        for _ in range(EVENTS_STEP + 3)
    )
    client = client_for(world.mentor)
    page = f"/mentor/entrepreneurs/{world.profile.pk}/"
    client.get(page)  # warm up: the inbox bell marks items seen once
    first = client.get(page)
    assert len(first.context["events"]) == EVENTS_STEP
    assert f'href="?events={EVENTS_STEP * 2}#activity"' in first.content.decode()

    with CaptureQueriesContext(connection) as small:
        client.get(page)
    with CaptureQueriesContext(connection) as large:
        more = client.get(f"{page}?events={EVENTS_STEP * 2}")
    assert len(large) == len(small)
    assert len(more.context["events"]) == EVENTS_STEP + 3 and more.context["more_events"] is None
    assert client.get(f"{page}?events=abc").status_code == 200


def test_a_delivery_stands_on_the_timeline_at_the_day_it_was_received(world):
    # E12: a delivery of 25 August recorded on 2 December stood at the top, dated 2 December.
    from django.utils import timezone

    from mentoring.selectors import Access
    from mentoring.timeline import timeline_for
    from tests.factories import ManagerUserFactory
    from tests.incubator import photos

    assistance = services.plan_assistance(
        world.profile, by=world.manager, kind="goods", plan_item="Etalase", amount=2_000_000
    )
    assistance = services.approve_assistance(assistance, by=ManagerUserFactory())
    received = timezone.localdate() - datetime.timedelta(days=100)
    services.deliver_assistance(assistance, by=world.social, delivered_on=received, proof=photos.phone_jpeg())
    milestone = _first_milestone(world)
    services.submit_evidence(milestone, by=world.entrepreneur, text="Sudah", expected_version=0)

    page = timeline_for(world.profile, user=world.mentor, access=Access.COMPANION)
    kinds = [(e.kind, timezone.localtime(e.moment).date()) for e in page.entries]
    delivered = [k for k in kinds if k[0] == "assistance" and k[1] == received]
    assert delivered, kinds
    assert kinds.index(delivered[0]) > kinds.index(("milestone", timezone.localdate()))
    # Paging past it works: the cursor of the delivery leads on to older entries, not back to it.
    first = timeline_for(world.profile, user=world.mentor, access=Access.COMPANION, limit=1)
    seen = [first.entries[0].cursor]
    cursor = first.next_cursor
    while cursor:
        page = timeline_for(world.profile, user=world.mentor, access=Access.COMPANION, before=cursor, limit=1)
        seen.append(page.entries[0].cursor)
        cursor = page.next_cursor
    assert (
        len(seen)
        == len(set(seen))
        == len(timeline_for(world.profile, user=world.mentor, access=Access.COMPANION, limit=100).entries)
    )


def test_the_amount_label_speaks_the_language_of_the_page(world, client_for):
    # E11: "Saldo saat ini (Rp)" stayed Indonesian on /en/ (the label was template data in one language).
    from incubator.models import Milestone
    from tests.incubator.photos import png

    template = world.templates["beginner"][1]
    template.amount_label, template.amount_label_en = "Saldo saat ini (Rp)", "Current balance (Rp)"
    template.save()
    milestone = Milestone.objects.get(profile=world.profile, template=template)
    client = client_for(world.entrepreneur)
    assert "Saldo saat ini (Rp)" in client.get(milestone.get_absolute_url()).content.decode()
    english = client.get("/en" + milestone.get_absolute_url()).content.decode()
    assert "Current balance (Rp)" in english and "Saldo saat ini" not in english

    services.submit_evidence(
        milestone, by=world.entrepreneur, text="Tabungan", amount=250_000, photos=[png()]
    )
    review = client_for(world.mentor).get(f"/en/mentor/milestones/{milestone.pk}/review/").content.decode()
    assert "Current balance (Rp)" in review and "Saldo saat ini" not in review


def test_the_program_file_carries_the_amount_label_in_both_languages():
    from incubator.program_data import DATA_DIR, read_paths

    asking = [s for s in read_paths(DATA_DIR / "milestone_paths.yaml") if s.amount_label]
    assert asking and all(s.amount_label_en and s.amount_label_en != s.amount_label for s in asking)


@pytest.mark.date_sensitive
@time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=WIB), tick=False)
def test_a_back_entered_plan_and_approval_stand_at_their_real_dates(world):
    # E12: the plan and the approval of a delivery of 25 August, typed in on 2 December, stood at the
    # top dated 2 December. The approval stands at the record's approval date, the plan no later, and
    # neither after the delivery day.
    from django.utils import timezone

    from incubator.models import Assistance
    from mentoring.selectors import Access
    from mentoring.timeline import timeline_for
    from tests.factories import ManagerUserFactory
    from tests.incubator import photos

    today = timezone.localdate()
    received = today - datetime.timedelta(days=100)
    approved_on = received - datetime.timedelta(days=10)

    def entered(item):
        a = services.plan_assistance(
            world.profile, by=world.manager, kind="goods", plan_item=item, amount=1_000
        )
        a = services.approve_assistance(a, by=ManagerUserFactory())
        return services.deliver_assistance(
            a, by=world.social, delivered_on=received, proof=photos.phone_jpeg()
        )

    entered("Etalase")
    dated = entered("Kompor")
    Assistance.objects.filter(pk=dated.pk).update(
        approved_at=timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(9)))
    )
    services.plan_assistance(world.profile, by=world.manager, kind="cash", plan_item="Bahan", amount=500)

    page = timeline_for(world.profile, user=world.mentor, access=Access.COMPANION, limit=100)
    kompor = sorted(timezone.localtime(e.moment).date() for e in page.entries if "Kompor" in e.title)
    assert kompor == [approved_on, approved_on, received], kompor  # planned, approved, delivered
    etalase = sorted(timezone.localtime(e.moment).date() for e in page.entries if "Etalase" in e.title)
    assert etalase == [received, received, received], etalase
    bahan = [timezone.localtime(e.moment).date() for e in page.entries if "Bahan" in e.title]
    assert bahan == [today]  # a plan not yet delivered stands when it was made


def _add_history(milestone, n: int, *, actor) -> None:
    from incubator.models import MilestoneEvent

    MilestoneEvent.objects.bulk_create(
        MilestoneEvent(milestone=milestone, to_status="submitted", actor=actor, comment=f"Catatan {i}")
        for i in range(n)
    )


def test_the_milestone_history_shows_the_latest_and_earlier_on_request_in_constant_queries(
    world, client_for, django_assert_num_queries
):
    # §8.12: a milestone's history grew without end; it shows the latest steps and "Show earlier history".
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from incubator.views import HISTORY_STEP

    milestone = _first_milestone(world)
    _add_history(milestone, 3, actor=world.mentor)
    client = client_for(world.entrepreneur)
    url = milestone.get_absolute_url()
    client.get(url)  # warm up: the inbox bell marks items seen once
    with CaptureQueriesContext(connection) as short:
        html = client.get(url).content.decode()
    assert "Catatan 0" in html and "?history=" not in html

    _add_history(milestone, HISTORY_STEP * 3, actor=world.mentor)
    with django_assert_num_queries(len(short)):
        html = client.get(url).content.decode()
    assert html.count("<blockquote>Catatan") == HISTORY_STEP
    assert "Catatan 0" not in html and f'href="?history={HISTORY_STEP * 2}#history"' in html
    with django_assert_num_queries(len(short)):
        html = client.get(f"{url}?history={HISTORY_STEP * 2}").content.decode()
    assert html.count("<blockquote>Catatan") == HISTORY_STEP * 2
    # Oldest first within what is shown: the latest step is last.
    assert html.rindex("<blockquote>Catatan") > html.index("<blockquote>Catatan")

    for bad in ("abc", "-1", "99999999"):
        assert client.get(f"{url}?history={bad}").status_code == 200
    review = client_for(world.mentor).get(f"/mentor/milestones/{milestone.pk}/review/").content.decode()
    assert review.count("<blockquote>Catatan") == HISTORY_STEP and "?history=" in review
