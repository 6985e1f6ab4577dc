"""A signed-in person changes their mobile number: the new number is switched only once a code
sent to it comes back, it stays unique, and the logs keep no code."""

from __future__ import annotations

import logging

import pytest

from accounts.models import User
from tests.factories import EntrepreneurUserFactory
from tests.sms import sms_code

pytestmark = pytest.mark.django_db

OLD, NEW = "+6281344445555", "+6281377778888"


@pytest.fixture
def person(client):
    user = EntrepreneurUserFactory(phone=OLD, phone_verified=True)
    client.force_login(user)
    return user


def test_the_page_shows_the_current_number(client, person):
    page = client.get("/accounts/phone/")
    assert page.status_code == 200
    assert OLD in page.text


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/accounts/phone/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_new_number_is_switched_only_after_its_code_comes_back(client, person, outbox, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post("/accounts/phone/", {"phone": "0813 7777 8888"})
    assert response["Location"] == "/accounts/phone/verify/"
    assert [message.to for message in outbox] == [NEW]
    assert len(outbox[0].text) <= 160 and "memastikan nomor ini" in outbox[0].text  # not a sign-in code text
    person.refresh_from_db()
    assert (person.phone, person.phone_verified) == (OLD, True)  # nothing changes yet

    code = sms_code(outbox[0])
    wrong = "000000" if code != "000000" else "111111"
    assert client.post("/accounts/phone/verify/", {"code": wrong}).status_code == 200
    person.refresh_from_db()
    assert person.phone == OLD

    response = client.post("/accounts/phone/verify/", {"code": code})
    assert response["Location"] == "/accounts/phone/"
    person.refresh_from_db()
    assert (person.phone, person.phone_verified) == (NEW, True)
    assert code not in caplog.text  # nothing sensitive in the logs

    # The new number signs in; the old one no longer leads to the account.
    client.logout()
    outbox.clear()
    client.post("/accounts/login/code/", {"phone": "081377778888"})
    client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[-1])})
    assert int(client.session["_auth_user_id"]) == person.pk


def test_a_number_someone_else_has_is_refused_and_never_taken_over(client, person, outbox):
    other = EntrepreneurUserFactory(phone=NEW)
    response = client.post("/accounts/phone/", {"phone": "081377778888"})
    assert response.status_code == 200
    assert "sudah terdaftar" in response.text
    assert not outbox  # the owner of that number is not sent a code they never asked for
    person.refresh_from_db()
    assert person.phone == OLD
    assert User.objects.get(pk=other.pk).phone == NEW


def test_the_same_number_again_is_refused(client, person, outbox):
    response = client.post("/accounts/phone/", {"phone": "0813-4444-5555"})
    assert response.status_code == 200
    assert not outbox


def test_a_malformed_number_is_refused(client, person, outbox):
    response = client.post("/accounts/phone/", {"phone": "12345"})
    assert response.status_code == 200
    assert not outbox
    person.refresh_from_db()
    assert person.phone == OLD


def test_the_gateway_down_keeps_the_old_number_and_says_so(client, person, settings):
    settings.TUMBUH_SMS_BACKEND = "tests.accounts.test_phone_gateway_down.GatewayDown"
    response = client.post("/accounts/phone/", {"phone": "081377778888"}, follow=True)
    assert response.redirect_chain == [("/accounts/phone/", 302)]
    assert "Kode tidak dapat dikirim" in response.text
    person.refresh_from_db()
    assert person.phone == OLD


def test_the_service_refuses_a_number_taken_meanwhile(person):
    from accounts.errors import AccountError
    from accounts.services import set_verified_phone

    EntrepreneurUserFactory(phone=NEW)
    with pytest.raises(AccountError):
        set_verified_phone(person, "081377778888")
    person.refresh_from_db()
    assert person.phone == OLD


def test_the_profile_page_links_to_the_change(client, person):
    from django.urls import reverse

    page = client.get(reverse("incubator:profile"))
    assert page.status_code == 200
    from accounts.templatetags.people import format_phone

    # Shown as people write it (0813-4444-5555), issue 15 E20.
    assert 'href="/accounts/phone/"' in page.text and format_phone(OLD) in page.text
