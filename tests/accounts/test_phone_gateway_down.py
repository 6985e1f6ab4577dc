"""An SMS gateway that is down: a clear message, and nothing that would lock the person out."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts import sms
from accounts.models import ConsentRecord, User
from tests.factories import EntrepreneurUserFactory
from tests.sms import sms_code

pytestmark = pytest.mark.django_db

PHONE_SIGNUP = {"full_name": "Ibu Sumarni", "phone": "0813-2222-3333", "email": "", "consent": "on"}
NOT_SENT_ID = "Kode tidak dapat dikirim"  # start of the Indonesian message


class GatewayDown(sms.BaseBackend):
    def send_messages(self, messages):
        raise TimeoutError("gateway did not answer")


@pytest.fixture
def gateway_down(settings):
    settings.TUMBUH_SMS_BACKEND = f"{__name__}.GatewayDown"
    return settings


def test_the_message_is_translated():
    from accounts.middleware import sms_not_sent_message

    with translation.override("id"):
        assert sms_not_sent_message().startswith(NOT_SENT_ID)
    with translation.override("en"):
        assert sms_not_sent_message() == "We could not send the code just now; try again in a few minutes."


def test_phone_sign_up_with_the_gateway_down_keeps_nothing_and_can_be_repeated(client, gateway_down, outbox):
    response = client.post("/accounts/signup/phone/", PHONE_SIGNUP)
    assert response.status_code == 200
    assert NOT_SENT_ID in response.text
    assert 'value="Ibu Sumarni"' in response.text  # what was typed is still there
    # No half-made account that would make the number "already registered".
    assert not User.objects.filter(phone="+6281322223333").exists()
    assert not ConsentRecord.objects.exists()
    assert "_auth_user_id" not in client.session

    gateway_down.TUMBUH_SMS_BACKEND = "accounts.sms.LocmemBackend"  # the gateway is back
    response = client.post("/accounts/signup/phone/", PHONE_SIGNUP)
    assert response["Location"] == "/accounts/login/code/confirm/"
    response = client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[0])})
    assert response["Location"] == "/portal/"


def test_asking_for_a_code_with_the_gateway_down_shows_a_message_and_a_later_try_works(
    client, gateway_down, outbox
):
    user = EntrepreneurUserFactory(phone="+6281344445555")
    response = client.post("/accounts/login/code/", {"phone": "081344445555"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/accounts/login/code/", 302)]
    assert NOT_SENT_ID in response.text
    assert "_auth_user_id" not in client.session
    # No code process was kept: the confirm page sends the person back to ask again.
    assert client.get("/accounts/login/code/confirm/")["Location"].startswith("/accounts/login/code/")

    gateway_down.TUMBUH_SMS_BACKEND = "accounts.sms.LocmemBackend"
    response = client.post("/accounts/login/code/", {"phone": "081344445555"})
    assert response["Location"] == "/accounts/login/code/confirm/"
    client.post("/accounts/login/code/confirm/", {"code": sms_code(outbox[0])})
    assert int(client.session["_auth_user_id"]) == user.pk


def test_an_unknown_number_with_the_gateway_down_gets_the_same_answer(client, gateway_down):
    EntrepreneurUserFactory(phone="+6281344445555")
    known = client.post("/accounts/login/code/", {"phone": "081344445555"})
    client.cookies.clear()
    unknown = client.post("/accounts/login/code/", {"phone": "081399998888"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
