"""Review: phone self sign-up must not reveal, squat or flood numbers (docs/phone-sign-in.md)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.models import ConsentRecord, User
from tests.factories import EntrepreneurUserFactory, MentorUserFactory
from tests.sms import sms_code

pytestmark = pytest.mark.django_db

SIGNUP = {"full_name": "Ibu Sumarni", "phone": "0813-2222-3333", "email": "", "consent": "on"}
NUMBER = "+6281322223333"


def test_phone_sign_up_does_not_reveal_that_a_number_is_registered(client, outbox):
    new = client.post("/accounts/signup/phone/", {**SIGNUP, "phone": "0813-9999-0000"})
    client.cookies.clear()
    EntrepreneurUserFactory(phone=NUMBER)
    taken = client.post("/accounts/signup/phone/", SIGNUP)
    # Same answer for a free and a taken number; the owner of the taken one gets an SMS instead.
    assert (taken.status_code, taken.get("Location")) == (new.status_code, new.get("Location"))
    assert "sudah terdaftar" not in taken.content.decode()
    assert [message.to for message in outbox] == ["+6281399990000", NUMBER]
    assert not re.search(r"\b\d{6}\b", outbox[-1].text)


def test_someone_who_only_controls_the_email_cannot_take_an_account_bound_to_anothers_phone(client, outbox):
    # The attacker signs up with the victim's phone and their own email ...
    client.post("/accounts/signup/phone/", {**SIGNUP, "email": "attacker@example.test"})
    victim_account = User.objects.get(phone=NUMBER)
    assert not victim_account.phone_verified
    client.cookies.clear()
    mail.outbox.clear()
    # ... then asks for a sign-in code by email and uses it.
    client.post("/accounts/login/code/", {"email": "attacker@example.test"})
    codes = [re.search(r"\b([A-Z0-9]{6})\b", m.body) for m in mail.outbox]
    codes = [c.group(1) for c in codes if c]
    if codes:
        client.post("/accounts/login/code/confirm/", {"code": codes[0]})
    signed_in = client.session.get("_auth_user_id")
    # Either the email sign-in is refused, or the unproven number is no longer on that account.
    victim_account.refresh_from_db()
    assert signed_in is None or victim_account.phone != NUMBER
    # The phone sign-up binds no email at all.
    assert victim_account.email == "" and not victim_account.emailaddress_set.exists()


def test_the_owner_signing_up_replaces_an_unproven_sign_up_of_their_number(client, outbox):
    client.post("/accounts/signup/phone/", {**SIGNUP, "full_name": "Penyerobot"})
    squatted = User.objects.get(phone=NUMBER)
    client.cookies.clear()
    outbox.clear()

    response = client.post("/accounts/signup/phone/", SIGNUP)
    assert response["Location"] == "/accounts/login/code/confirm/"
    assert not User.objects.filter(pk=squatted.pk).exists()
    owner = User.objects.get(phone=NUMBER)
    assert owner.full_name == "Ibu Sumarni"
    assert ConsentRecord.objects.filter(user=owner).count() == 1
    client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[-1])})
    assert int(client.session["_auth_user_id"]) == owner.pk
    owner.refresh_from_db()
    assert owner.phone_verified


def test_an_unproven_sign_up_signs_no_one_in_by_phonesms_code(client, outbox):
    client.post("/accounts/signup/phone/", {**SIGNUP, "full_name": "Penyerobot"})
    client.cookies.clear()
    outbox.clear()
    client.post("/accounts/login/code/", {"phone": "0813 2222 3333"})
    # The number's owner is told it is not registered (so they sign up), and gets no code.
    assert [message.to for message in outbox] == [NUMBER]
    assert not re.search(r"\b\d{6}\b", outbox[0].text)
    assert not User.objects.get(phone=NUMBER).phone_verified


@pytest.mark.parametrize(
    "proof",
    ["verified", "signed_in", "password", "companion"],
)
def test_a_proven_or_companion_registered_number_is_never_replaced(client, outbox, proof):
    from accounts import services

    companion = MentorUserFactory()
    user = services.create_entrepreneur_account(
        full_name="Ibu Asli",
        phone=NUMBER,
        consent=True,
        captured_by=companion if proof == "companion" else None,
    )
    if proof == "verified":
        user.phone_verified = True
    elif proof == "signed_in":
        user.last_login = user.date_joined
    elif proof == "password":
        user.set_password("rahasia-panjang-123")
    user.save()
    outbox.clear()

    client.post("/accounts/signup/phone/", {**SIGNUP, "full_name": "Penyerobot"})
    assert list(User.objects.filter(phone=NUMBER)) == [user]
    assert User.objects.get(pk=user.pk).full_name == "Ibu Asli"
    assert [message.to for message in outbox] == [NUMBER]
    assert "sudah memiliki akun" in outbox[0].text
    if proof == "companion":  # a companion vouched for the number: its owner signs in by code as now
        client.cookies.clear()
        outbox.clear()
        client.post("/accounts/login/code/", {"phone": NUMBER})
        client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[-1])})
        assert int(client.session["_auth_user_id"]) == user.pk


def test_phone_sign_up_sends_at_most_three_texts_per_number_in_five_minutes(client, outbox):
    for _ in range(3):
        response = client.post("/accounts/signup/phone/", SIGNUP)
        assert response.status_code == 302
        client.cookies.clear()
    response = client.post("/accounts/signup/phone/", SIGNUP)
    assert response.status_code == 200
    assert "Terlalu banyak percobaan" in response.text
    assert len(outbox) == 3
    # Another number is not held back by this one.
    response = client.post("/accounts/signup/phone/", {**SIGNUP, "phone": "0813-9999-0000"})
    assert response.status_code == 302
    assert outbox[-1].to == "+6281399990000"


def test_sign_up_and_code_requests_share_the_per_number_limit(client, outbox):
    EntrepreneurUserFactory(phone=NUMBER)
    for _ in range(2):
        client.post("/accounts/signup/phone/", SIGNUP)
        client.cookies.clear()
    client.post("/accounts/login/code/", {"phone": NUMBER})
    client.cookies.clear()
    client.post("/accounts/login/code/", {"phone": NUMBER})
    assert len(outbox) == 3


def test_email_sign_up_with_a_taken_number_goes_through_without_it_and_texts_the_owner(
    client, outbox, django_capture_on_commit_callbacks
):
    owner = EntrepreneurUserFactory(phone=NUMBER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "baru@example.test",
                "password1": "rahasia-panjang-123",
                "password2": "rahasia-panjang-123",
                "full_name": "Orang Baru",
                "phone": "0813 2222 3333",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert "sudah terdaftar" not in response.content.decode()
    newcomer = User.objects.get(email="baru@example.test")
    assert newcomer.phone == ""
    assert User.objects.get(phone=NUMBER) == owner
    assert [message.to for message in outbox] == [NUMBER]
    assert "sudah memiliki akun" in outbox[0].text


def test_a_number_typed_on_an_email_account_opens_it_by_code_only_once_proven(client, outbox):
    """Someone signs up by email + password with a neighbour's number: a code to that number must
    not let the neighbour into their account (nor hand the account's data to whoever holds it)."""
    squatter = EntrepreneurUserFactory(phone=NUMBER, phone_verified=False)  # password + verified email
    client.post("/accounts/login/code/", {"phone": NUMBER})
    assert [message.to for message in outbox] == [NUMBER]
    assert not re.search(r"\b\d{6}\b", outbox[0].text)  # told "not registered", no code
    squatter.phone_verified = True  # proven at /accounts/phone/ by a code to that number
    squatter.save()
    client.cookies.clear()
    outbox.clear()
    client.post("/accounts/login/code/", {"phone": NUMBER})
    client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[-1])})
    assert int(client.session["_auth_user_id"]) == squatter.pk
