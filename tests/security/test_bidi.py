"""Bidirectional control characters (which can show text reversed to someone else) are removed from
what people write: names, places, chat, visits, reports, evidence, complaints (docs/limits.md)."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse

from core.text import strip_bidi
from mentoring import services as mentoring_services
from mentoring.models import FieldVisit, Message
from tests.incubator import conftest as incubator_conftest
from tests.mentoring.factories import make_pair

# The incubator tests' program, built once for this module at its clock.
_world_once, world = incubator_conftest.world_at(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC))

RLO, PDF, LRI, PDI, RLM, ALM = "\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u061c"
EVERY_CONTROL = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def pair(db):
    return make_pair()


def test_every_control_is_removed_and_other_text_kept():
    assert strip_bidi(f"a{EVERY_CONTROL}b") == "ab"
    # Arabic, emoji and Indonesian text are not controls.
    assert strip_bidi("Warung عربي 🍜 Bu Sri") == "Warung عربي 🍜 Bu Sri"


def test_business_name_and_village_lose_their_controls(world, client_for):
    response = client_for(world.entrepreneur).post(
        reverse("incubator:profile"),
        {
            "business_name": f"{RLO}irS uB gnorokeK{PDF}",
            "sector": "food",
            "province": world.province.pk,
            "regency": world.regency.pk,
            "district": world.district.pk,
            "village": f"{LRI}Dago{PDI}",
            "business_description": f"Jual {RLM}keripik",
        },
    )
    assert response.status_code == 302
    world.profile.refresh_from_db()
    assert world.profile.business_name == "irS uB gnorokeK"
    assert world.profile.village == "Dago"
    assert world.profile.business_description == "Jual keripik"


def test_a_chat_message_loses_its_controls_on_every_path(pair, client_for):
    message, _created = mentoring_services.send_message(
        pair.conversation,
        sender=pair.entrepreneur,
        body=f"Transfer {RLO}0001{PDF} rupiah",
        client_id=uuid.uuid4(),
    )
    assert message.body == "Transfer 0001 rupiah"
    client_for(pair.mentor).post(
        reverse("mentoring:send", args=[pair.conversation.pk]),
        {"client_id": uuid.uuid4(), "body": f"{ALM}Baik{RLM}"},
    )
    assert Message.objects.latest("pk").body == "Baik"


def test_a_message_of_controls_only_is_empty(pair):
    with pytest.raises(mentoring_services.MentoringError) as refused:
        mentoring_services.send_message(
            pair.conversation, sender=pair.entrepreneur, body=RLO * 3, client_id=uuid.uuid4()
        )
    assert refused.value.code == "empty"
    assert not Message.objects.exists()


def test_controls_do_not_count_towards_the_chat_limit(pair):
    message, _created = mentoring_services.send_message(
        pair.conversation, sender=pair.entrepreneur, body="x" * 4000 + RLO, client_id=uuid.uuid4()
    )
    assert message.body == "x" * 4000


def test_a_visit_loses_its_controls(pair, client_for):
    response = client_for(pair.mentor).post(
        reverse("mentoring:visit_new", args=[pair.profile.pk]),
        {
            "visited_on": "2026-06-15",
            "purpose": "guidance",
            "district": f"{RLO}Cicendo",
            "village": f"Pasirkaliki{PDF}",
            "summary": f"Kami hitung {RLO}HPP{PDF} bersama.",
            "internal_notes": f"{LRI}Rumah kontrakan{PDI}",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    visit = FieldVisit.objects.get()
    assert (visit.district, visit.village) == ("Cicendo", "Pasirkaliki")
    assert visit.summary == "Kami hitung HPP bersama."
    assert visit.internal_notes == "Rumah kontrakan"


def test_a_sign_up_name_loses_its_controls():
    from accounts.forms import SignupForm

    form = SignupForm({"full_name": f"{RLO}itiS", "phone": "0812 3456 7890", "consent": "on"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == "itiS"


def test_report_notes_and_complaints_lose_their_controls(db):
    from complaints.forms import InformationForm
    from incubator.forms import MonthlyReportForm

    report = MonthlyReportForm(
        {"month": "2026-06-01", "revenue": "1000", "costs": "0", "workers": 0, "notes": f"{RLO}Sepi"}
    )
    assert report.is_valid(), report.errors
    assert report.cleaned_data["notes"] == "Sepi"
    information = InformationForm({"note": f"Nomor {RLO}5432{PDF}"})
    assert information.is_valid()
    assert information.cleaned_data["note"] == "Nomor 5432"


def test_an_imported_registry_loses_its_controls():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workspace.importing import parse_upload

    csv = (
        "name,phone,email,province,regency,district,business_name,sector,cohort\n"
        f"{RLO}itiS,0812 3456 7890,siti@example.test,Jawa Barat,Kota Bandung,,Warung {LRI}Siti{PDI},food,A\n"
    )
    (row,) = parse_upload(SimpleUploadedFile("registry.csv", csv.encode()))
    assert (row["name"], row["business_name"]) == ("itiS", "Warung Siti")
