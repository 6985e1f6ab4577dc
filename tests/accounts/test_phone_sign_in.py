"""Phone-only sign-up and sign-in by a one-time code sent through the SMS backend."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import translation

from accounts import roles
from accounts.models import ConsentRecord, User
from tests.factories import EntrepreneurUserFactory
from tests.sms import sms_code

pytestmark = pytest.mark.django_db

PHONE_SIGNUP = {"full_name": "Ibu Sumarni", "phone": "0813-2222-3333", "email": "", "consent": "on"}


def _requestsms_code(client, login: str):
    return client.post("/accounts/login/code/", {"phone": login} if "@" not in login else {"email": login})


def test_phone_only_sign_up_sends_a_code_and_the_code_lands_on_the_portal(client, outbox):
    response = client.post("/accounts/signup/phone/", PHONE_SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    user = User.objects.get(phone="+6281322223333")
    assert (user.full_name, user.email, user.phone_verified) == ("Ibu Sumarni", "", False)
    assert not user.has_usable_password()
    assert roles.is_entrepreneur(user)
    assert ConsentRecord.objects.filter(user=user, captured_by=None).count() == 1
    assert "_auth_user_id" not in client.session

    assert [message.to for message in outbox] == ["+6281322223333"]
    assert len(outbox[0].text) <= 160
    response = client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[0])}, follow=True)
    assert response.redirect_chain[0][0] == "/portal/"  # the role home (which then asks for a profile)
    assert response.wsgi_request.user == user
    user.refresh_from_db()
    assert user.phone_verified
    assert not mail.outbox


def test_phone_sign_up_without_consent_creates_nothing_and_sends_nothing(client, outbox):
    response = client.post("/accounts/signup/phone/", {**PHONE_SIGNUP, "consent": ""})
    assert response.status_code == 200
    assert "Anda harus menyetujui" in response.text
    assert not User.objects.filter(phone="+6281322223333").exists()
    assert not outbox


def test_phone_sign_up_with_a_taken_number_answers_as_for_a_new_one_and_texts_the_owner(client, outbox):
    owner = EntrepreneurUserFactory(phone="+6281322223333")
    response = client.post("/accounts/signup/phone/", {**PHONE_SIGNUP, "phone": "+62 813 2222 3333"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/code/confirm/")
    assert list(User.objects.filter(phone="+6281322223333")) == [owner]
    # The owner is told, with no code; no code typed on the next page signs anyone in.
    assert [message.to for message in outbox] == ["+6281322223333"]
    assert "sudah memiliki akun" in outbox[0].text and not re.search(r"\b\d{6}\b", outbox[0].text)
    page = client.get("/accounts/login/code/confirm/")
    assert page.status_code == 200 and "terdaftar" not in page.text
    client.post("/accounts/login/code/confirm/", {"code": "123456"})
    assert "_auth_user_id" not in client.session


def test_a_registered_phone_signs_in_with_a_code_however_the_number_is_typed(client, outbox):
    user = EntrepreneurUserFactory(phone="+6281344445555")
    response = _requestsms_code(client, "0813 4444 5555")
    assert response.status_code == 302
    assert [message.to for message in outbox] == ["+6281344445555"]
    response = client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[0])})
    assert response["Location"] == "/portal/"
    assert int(client.session["_auth_user_id"]) == user.pk
    user.refresh_from_db()
    assert user.phone_verified


def test_a_wrong_code_is_refused_with_a_message(client, outbox):
    EntrepreneurUserFactory(phone="+6281344445555")
    _requestsms_code(client, "081344445555")
    wrong = "000000" if sms_code(outbox[0]) != "000000" else "111111"
    with translation.override("en"):
        response = client.post("/accounts/login/code/confirm/", {"code": wrong}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Kode salah" in response.text or "Incorrect code" in response.text


def test_an_expired_code_is_refused(client, outbox, settings):
    EntrepreneurUserFactory(phone="+6281344445555")
    _requestsms_code(client, "081344445555")
    code = sms_code(outbox[0])
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = -1  # every code has now outlived its time
    response = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True)
    assert "_auth_user_id" not in client.session
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_an_unknown_phone_gets_the_same_answer_and_nosms_code(client, outbox):
    EntrepreneurUserFactory(phone="+6281344445555")
    known = _requestsms_code(client, "081344445555")
    client.cookies.clear()
    unknown = _requestsms_code(client, "081399998888")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    page = client.get(unknown["Location"])
    assert page.status_code == 200
    assert "terdaftar" not in page.text and "registered" not in page.text
    # The stranger's number gets a notice, never a code; guessing a code signs no one in.
    assert outbox[-1].to == "+6281399998888"
    assert not re.search(r"\b\d{6}\b", outbox[-1].text)
    client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[0])})
    assert "_auth_user_id" not in client.session


def test_an_email_user_can_also_sign_in_with_asms_code(client, outbox):
    user = EntrepreneurUserFactory()
    response = _requestsms_code(client, user.email)
    assert response.status_code == 302
    assert not outbox
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response["Location"] == "/portal/"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_the_login_page_offers_the_code_and_the_phone_sign_up(client):
    page = client.get("/accounts/login/code/").text
    assert "/accounts/signup/phone/" in page
    assert 'inputmode="tel"' in page
    assert "/accounts/signup/phone/" in client.get("/accounts/signup/").text
