"""create_entrepreneur_account: a companion registers someone who may have no email."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation

from accounts import roles
from accounts.errors import AccountError
from accounts.models import ConsentRecord, User
from accounts.services import create_entrepreneur_account
from tests.factories import EntrepreneurUserFactory, MentorUserFactory

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return User.objects.count(), ConsentRecord.objects.count(), EmailAddress.objects.count()


def test_a_phone_only_account_is_an_entrepreneur_with_consent_captured_by_the_companion():
    companion = MentorUserFactory()
    user = create_entrepreneur_account(
        full_name="  Ibu Sumarni ", phone="0813-1111-2222", consent=True, captured_by=companion
    )
    user.refresh_from_db()
    assert user.full_name == "Ibu Sumarni"
    assert user.phone == "+6281311112222"
    assert user.phone_verified is False
    assert user.email == ""
    assert not user.has_usable_password()
    assert roles.is_entrepreneur(user)
    consent = ConsentRecord.objects.get(user=user)
    assert consent.captured_by == companion
    assert consent.given_at is not None
    assert not EmailAddress.objects.filter(user=user).exists()


def test_an_email_given_is_stored_unverified():
    user = create_entrepreneur_account(
        full_name="Pak Darto", phone="081311113333", email="darto@example.test", consent=True
    )
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == ("darto@example.test", True, False)
    assert ConsentRecord.objects.get(user=user).captured_by is None


def test_two_people_with_the_same_name_get_different_usernames():
    first = create_entrepreneur_account(full_name="Siti", phone="081311114444", consent=True)
    second = create_entrepreneur_account(full_name="Siti", phone="081311115555", consent=True)
    assert first.username != second.username


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"full_name": "  "}, "name"),
        ({"consent": False}, "agree"),
        ({"phone": ""}, "mobile number"),
        ({"phone": "12345"}, "0812 3456 7890"),
        ({"phone": "+62 812 0000 0001"}, "already registered"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "TAKEN@example.test"}, "already registered"),
    ],
)
def test_each_refusal_explains_itself_and_saves_nothing(kwargs, message):
    EntrepreneurUserFactory(phone="+6281200000001", email="taken@example.test")
    before = _counts()
    arguments = {"full_name": "Ibu Sumarni", "phone": "081311112222", "email": "", "consent": True, **kwargs}
    with translation.override("en"), pytest.raises(AccountError) as error:
        create_entrepreneur_account(**arguments)
    assert message in str(error.value).lower()
    assert _counts() == before
