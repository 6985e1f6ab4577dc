"""People are greeted by the name they use, and see numbers as they write them (E5, E6, E9, E20, C9)."""

from __future__ import annotations

import re

import pytest

from accounts.models import User
from accounts.templatetags.people import format_phone
from tests.factories import EntrepreneurUserFactory
from tests.sms import sms_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("+6281234567890", "0812-3456-7890"), ("+628121111000", "0812-1111-000"), ("", ""), ("abc", "abc")],
)
def test_a_phone_number_is_shown_as_indonesians_write_it(stored, shown):
    assert format_phone(stored) == shown


@pytest.mark.parametrize(
    ("full_name", "greeted"),
    [
        ("Ibu Nining Suryani", "Ibu Nining"),
        ("Pak Tris", "Pak Tris"),
        ("Siti Aminah", "Siti"),
        ("Sumarni", "Sumarni"),
    ],
)
def test_the_greeting_keeps_the_title_with_the_name(full_name, greeted):
    assert User(full_name=full_name).get_short_name() == greeted


def test_the_sign_in_message_names_the_person_never_the_username(client, outbox):
    user = EntrepreneurUserFactory(full_name="Ibu Nining Suryani", username="ibu_nining_suryani")
    client.post("/accounts/login/code/", {"phone": user.phone})
    response = client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[0])}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"Kode masuk telah dikirim ke {format_phone(user.phone)}.",
        "Berhasil masuk sebagai Ibu Nining Suryani.",
    ]


def test_the_code_page_says_how_long_the_code_is_valid_and_offers_to_send_it_again(client, outbox):
    user = EntrepreneurUserFactory(phone="+6281234567890")
    client.post("/accounts/login/code/", {"phone": user.phone})
    html = client.get("/accounts/login/code/confirm/").content.decode()
    assert "Masukkan kode masuk" in html
    assert "0812-3456-7890" in html and "+6281234567890</" not in html
    assert "Berlaku 5 menit." in html
    assert 'class="secondary">Batal</button>' in html
    assert "Kirim ulang kode" in html and 'data-countdown="60"' in html

    client.post("/accounts/login/code/confirm/", {"action": "resend"})
    assert [m.to for m in outbox] == [user.phone, user.phone]
    assert sms_code(outbox[1]) != sms_code(outbox[0])


def test_the_resend_countdown_label_is_indonesian_on_the_indonesian_page(client, outbox):
    # {% translate %} doubles "%" before the lookup, so a "%(seconds)s" msgid never matched the catalogue.
    user = EntrepreneurUserFactory(phone="+6281234567890")
    client.post("/accounts/login/code/", {"phone": user.phone})
    html = client.get("/accounts/login/code/confirm/").content.decode()
    assert 'data-countdown-label="Kirim ulang kode dalam {seconds} detik"' in html
    assert "Send the code again in" not in html


def test_a_correction_shows_the_stored_amounts_with_thousands_dots():
    from incubator.forms import ReportCorrectionForm

    form = ReportCorrectionForm(initial={"revenue": 3500000, "costs": 1800000, "workers": 1})
    assert 'value="3.500.000"' in str(form["revenue"])
    bound = ReportCorrectionForm(data={"revenue": "3.500.000", "costs": "1.800.000", "workers": "1"})
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["revenue"] == 3500000


def test_the_sign_in_field_says_what_to_type_not_sign_in_again(client):
    # E20: the field was labelled "Masuk:", the same word as the page title and the button.
    html = client.get("/accounts/login/").content.decode()
    assert re.search(r'<label for="id_login">\s*Email atau nomor HP:?\s*</label>', html), html
    assert re.search(r'<label for="id_password">\s*Kata sandi:?\s*</label>', html)
    assert not re.search(r'<label for="id_login">\s*Masuk', html)


def test_every_password_rule_says_kata_sandi_anda():
    # E20: Django's catalogue says "Sandi anda", allauth and Tumbuh "Kata sandi Anda".
    from django.contrib.auth.password_validation import password_validators_help_texts
    from django.utils import translation

    with translation.override("id"):
        texts = [str(t) for t in password_validators_help_texts()]
    assert len(texts) == 4
    assert all(t.startswith("Kata sandi Anda ") for t in texts), texts
    assert not any("Sandi anda" in t or " anda" in t for t in texts), texts
