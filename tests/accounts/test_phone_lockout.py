"""Phone + password sign-in: wrong passwords lock out that number only, never every phone user (case 70)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import PASSWORD, EntrepreneurUserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def budi():
    return EntrepreneurUserFactory(phone="+6281211110004", phone_verified=True, full_name="Budi Santoso")


@pytest.fixture
def siti():
    return EntrepreneurUserFactory(phone="+6281211110003", phone_verified=True, full_name="Siti Aminah")


def sign_in(client, login: str, password: str):
    client.logout()
    with translation.override("en"):
        return client.post("/en/accounts/login/", {"login": login, "password": password})


def test_five_wrong_tries_on_an_unregistered_number_lock_out_neither_budi_nor_siti(client, budi, siti):
    for _ in range(5):
        response = sign_in(client, "081299990123", "wrong-password")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()
    for person in ("081211110004", "081211110003"):
        response = sign_in(client, person, PASSWORD)
        assert response.status_code == 302, response.content.decode()[:2000]


def test_five_wrong_tries_on_budis_number_lock_budi_whichever_way_it_is_typed(client, budi, siti):
    for login in ("081211110004", "+62 812-1111-0004", "6281211110004", "0812 1111 0004", "+6281211110004"):
        response = sign_in(client, login, "wrong-password")
        assert TOO_MANY not in response.content.decode()
    response = sign_in(client, "081211110004", PASSWORD)
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    # Siti's number has its own bucket.
    assert sign_in(client, "081211110003", PASSWORD).status_code == 302


def test_the_email_bucket_is_unchanged(client, budi):
    for _ in range(5):
        sign_in(client, budi.email, "wrong-password")
    response = sign_in(client, budi.email, PASSWORD)
    assert TOO_MANY in response.content.decode()
