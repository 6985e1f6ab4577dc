"""Mobile numbers are parsed with phonenumbers: Indonesian mobiles only, stored as E.164."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import User
from accounts.phone import normalize_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812 3456 7890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("62812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("(0813) 1111.2222", "+6281311112222"),
        ("", ""),
    ],
)
def test_a_mobile_number_is_stored_in_one_form_however_it_is_typed(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "+62000000000",
        "62000000000",
        "021-555-1234",
        "+62215551234",
        "12345",
        "0812",
        "+14155552671",
        "0812abc",
    ],
)
def test_anything_but_an_indonesian_mobile_number_is_refused_with_a_clear_message(typed):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert error.value.code == "invalid_phone"
    assert error.value.messages == ["Masukkan nomor HP Indonesia, misalnya 0812 3456 7890."]


@pytest.mark.parametrize("number", ["+6281211110003", "+6281211110004", "+6281311110002", "+6281211120016"])
def test_the_demo_numbers_are_valid_mobile_numbers(number):
    assert normalize_phone(number) == number


@pytest.mark.django_db
def test_phone_sign_up_with_a_landline_creates_nothing_and_sends_nothing(client, outbox):
    before = User.objects.count()
    response = client.post(
        "/accounts/signup/phone/",
        {"full_name": "Ibu Sumarni", "phone": "021-555-1234", "email": "", "consent": "on"},
    )
    assert response.status_code in {200, 400}
    assert "Masukkan nomor HP Indonesia, misalnya 0812 3456 7890." in response.content.decode()
    assert User.objects.count() == before
    assert not outbox
