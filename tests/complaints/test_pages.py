"""The raiser's pages: raise a complaint, follow it, add information; and "report this message" in chat."""

from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from complaints.models import Category, Complaint, ComplaintEvent
from mentoring import services as mentoring_services
from tests.factories import MentorUserFactory
from tests.incubator.photos import fake_jpeg, phone_jpeg

NEW = reverse("complaints:new")


def test_an_entrepreneur_raises_a_complaint_with_a_photo_and_follows_it(world, client_for):
    client = client_for(world.entrepreneur)
    form = client.get(NEW).content.decode()
    assert 'name="region"' not in form  # their own profile decides the region
    response = client.post(
        NEW,
        {"category": Category.ASSISTANCE, "description": "Etalase belum datang.", "photo": phone_jpeg()},
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    assert complaint.region == world.bandung and complaint.events.get().photo
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert complaint.number in page and "Bantuan belum diterima" in page and "Baru" in page


def test_a_bad_form_shows_a_message_and_changes_nothing(world, client_for):
    client = client_for(world.entrepreneur)
    response = client.post(NEW, {"category": Category.ASSISTANCE, "description": "", "photo": fake_jpeg()})
    assert response.status_code == 200
    response = client.post(NEW, {"category": Category.ASSISTANCE, "description": "Ada", "photo": fake_jpeg()})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_companion_without_entrepreneurs_chooses_a_regency(world, client_for):
    companion = MentorUserFactory()
    client = client_for(companion)
    assert 'name="region"' in client.get(NEW).content.decode()
    assert (
        client.post(NEW, {"category": Category.HEALTH, "description": "Warga butuh BPJS"}).status_code == 200
    )
    assert not Complaint.objects.exists()
    client.post(
        NEW, {"category": Category.HEALTH, "description": "Warga butuh BPJS", "region": world.klaten.pk}
    )
    assert Complaint.objects.get().region == world.klaten


def test_a_companion_picks_one_of_their_entrepreneurs(world, client_for):
    client = client_for(world.pair.mentor)
    form = client.get(NEW).content.decode()
    assert world.profile.business_name in form and world.klaten_profile.business_name not in form
    client.post(NEW, {"category": Category.DATA, "description": "NIK salah ketik", "about": world.profile.pk})
    assert Complaint.objects.get().profile == world.profile
    client.post(NEW, {"category": Category.DATA, "description": "Lain", "about": world.klaten_profile.pk})
    assert Complaint.objects.count() == 1


def test_the_raiser_adds_information_from_their_page(world, client_for):
    complaint = world.raise_()
    client = client_for(world.entrepreneur)
    url = reverse("complaints:add_information", args=[complaint.pk])
    client.post(url, {"note": "Nomor resi: 123"})
    client.post(url, {"note": ""})  # nothing to add: refused
    client.post(url, {"note": "", "photo": fake_jpeg()})  # not a photo: refused
    assert list(complaint.events.filter(kind="information").values_list("note", flat=True)) == [
        "Nomor resi: 123"
    ]
    assert client.get(url).status_code == 405


# -- report this message ---------------------------------------------------------------------------


@pytest.fixture
def received(world):
    """A message the mentor sent to the entrepreneur."""
    message, _created = mentoring_services.send_message(
        world.pair.conversation,
        sender=world.pair.mentor,
        body="Kirim foto KTP ke WA pribadi saya",
        client_id=uuid.uuid4(),
    )
    return message


def test_received_messages_carry_a_report_link_and_own_messages_do_not(world, received, client_for):
    mine, _created = mentoring_services.send_message(
        world.pair.conversation, sender=world.entrepreneur, body="Baik pak", client_id=uuid.uuid4()
    )
    page = client_for(world.entrepreneur).get(
        reverse("mentoring:conversation", args=[world.pair.conversation.pk])
    )
    html = page.content.decode()
    assert reverse("complaints:report_message", args=[received.pk]) in html
    assert reverse("complaints:report_message", args=[mine.pk]) not in html
    assert 'id="chat-report-template"' in html  # for messages that arrive live (chat.js)


def test_the_report_link_is_a_short_word_in_the_message_meta_line(world, received, client_for):
    # E20: "Laporkan pesan ini" stood on a line of its own under every received bubble.
    html = (
        client_for(world.entrepreneur)
        .get(reverse("mentoring:conversation", args=[world.pair.conversation.pk]))
        .content.decode()
    )
    bubble = re.search(rf'<li class="chat-msg theirs" id="m{received.pk}".*?</li>', html, re.S).group(0)
    meta = re.search(
        r'<span class="chat-meta">(.*?)</span>\s*(<a class="chat-photo"|<p class="chat-body")', bubble, re.S
    )
    link = re.search(r"<a class=\"chat-report[^>]*>(.*?)</a>", meta.group(1), re.S)
    assert reverse("complaints:report_message", args=[received.pk]) in link.group(0)
    assert 'aria-label="Laporkan pesan ini"' in link.group(0)
    assert re.sub(r"<[^>]+>", "", link.group(1)).strip() == "⚑ Laporkan"


def test_the_complaint_facts_are_a_styled_list(world, client_for):
    # E20: the complaint detail's facts used the browser's default indented list.
    client = client_for(world.entrepreneur)
    client.post(NEW, {"category": Category.ASSISTANCE, "description": "Etalase belum datang."})
    html = client.get(Complaint.objects.get().get_absolute_url()).content.decode()
    assert '<dl class="facts">' in html
    css = (settings.BASE_DIR / "static" / "css" / "tumbuh.css").read_text()
    assert re.search(r"dl\.facts\s*\{[^}]*display:\s*grid", css)


def test_a_participant_reports_a_message_and_a_complaint_is_linked_to_it(world, received, client_for):
    client = client_for(world.entrepreneur)
    url = reverse("complaints:report_message", args=[received.pk])
    assert received.body in client.get(url).content.decode()
    response = client.post(url, {"category": Category.HARASSMENT, "description": "Meminta data pribadi"})
    complaint = Complaint.objects.get()
    assert response["Location"] == complaint.get_absolute_url()
    assert (complaint.message, complaint.category, complaint.raised_by) == (
        received,
        Category.HARASSMENT,
        world.entrepreneur,
    )
    assert complaint.region == world.bandung and complaint.profile == world.profile
    assert complaint.events.get().note == received.body  # the evidence, quoted
    page = client_for(world.safeguarding).get(reverse("complaints_admin:detail", args=[complaint.pk]))
    assert received.body in page.content.decode()


def test_only_a_participant_who_received_it_can_report_a_message(world, received, client_for, stranger):
    url = reverse("complaints:report_message", args=[received.pk])
    data = {"category": Category.MENTORING, "description": "Tidak sopan"}
    for person in (stranger, world.pair.mentor, world.bandung_manager, world.other_profile.user):
        client = client_for(person)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert not Complaint.objects.exists()


def test_a_report_needs_a_chat_category_and_a_description(world, received, client_for):
    client = client_for(world.entrepreneur)
    url = reverse("complaints:report_message", args=[received.pk])
    assert client.post(url, {"category": Category.DATA, "description": "x"}).status_code == 200
    assert client.post(url, {"category": Category.MENTORING, "description": ""}).status_code == 200
    assert not Complaint.objects.exists() and not ComplaintEvent.objects.exists()


def test_reporting_needs_a_csrf_token(world, received):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.entrepreneur)
    url = reverse("complaints:report_message", args=[received.pk])
    assert client.post(url, {"category": Category.MENTORING, "description": "x"}).status_code == 403
    assert not Complaint.objects.exists()
