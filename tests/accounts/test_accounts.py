"""Sign-up, verification, sign-in, role homes, consent and the staff-only doors."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts import roles
from accounts.models import ConsentRecord, User
from tests.factories import PASSWORD, EntrepreneurUserFactory, ManagerUserFactory, MentorUserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Siti Nurhaliza",
    "phone": "0812-3456-7890",
    "email": "siti@example.test",
    "password1": "Kerupuk-Udang-2026",
    "password2": "Kerupuk-Udang-2026",
    "consent": "on",
}


def test_signup_verify_and_sign_in_lands_an_entrepreneur_on_the_portal(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="siti@example.test")
    assert user.full_name == "Siti Nurhaliza"
    assert user.phone == "+6281234567890"
    assert roles.is_entrepreneur(user)
    assert ConsentRecord.objects.filter(user=user, captured_by=None).count() == 1

    # Email verification is mandatory: signing in before confirming is refused.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "siti@example.test", "password": SIGNUP["password1"]}
    )
    assert "/accounts/confirm-email/" in response["Location"]
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(email="siti@example.test").verified

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "siti@example.test", "password": SIGNUP["password1"]}, follow=True
    )
    assert response.redirect_chain[0][0] == "/portal/"
    assert response.wsgi_request.user == user


def test_signup_without_consent_is_refused_and_creates_nothing(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "consent": ""})
    assert response.status_code == 200
    assert (
        "You must agree to the use of your data" in response.text or "Anda harus menyetujui" in response.text
    )
    assert not User.objects.filter(email="siti@example.test").exists()
    assert not mail.outbox


@pytest.mark.parametrize("phone", ["12345", "0812abc", "+1 555 0100 200"])
def test_signup_with_a_bad_phone_number_is_refused(client, phone):
    response = client.post("/accounts/signup/", {**SIGNUP, "phone": phone})
    assert response.status_code == 200
    assert not User.objects.filter(email="siti@example.test").exists()


def test_signup_with_a_registered_phone_number_keeps_the_account_without_the_number(client):
    # Refusing would reveal which numbers are registered (tests/review/test_phone_signup_abuse.py).
    owner = EntrepreneurUserFactory(phone="+6281234567890")
    response = client.post("/accounts/signup/", {**SIGNUP, "phone": "+62 812 3456 7890"})
    assert response.status_code == 302
    assert User.objects.get(email="siti@example.test").phone == ""
    assert User.objects.get(phone="+6281234567890") == owner


@pytest.mark.parametrize(
    ("factory", "home"),
    [(EntrepreneurUserFactory, "/portal/"), (MentorUserFactory, "/mentor/"), (ManagerUserFactory, "/cms/")],
)
def test_each_role_lands_on_its_home_after_sign_in(client, factory, home):
    user = factory()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == home


@pytest.mark.parametrize(
    ("factory", "refused"),
    [
        (EntrepreneurUserFactory, ["/mentor/", "/cms/", "/django-admin/"]),
        (MentorUserFactory, ["/portal/", "/cms/", "/django-admin/"]),
        (ManagerUserFactory, ["/portal/", "/mentor/", "/django-admin/"]),
    ],
)
def test_each_role_is_kept_out_of_the_others_homes(client, factory, refused):
    client.force_login(factory())
    for path in refused:
        response = client.get(path)
        assert response.status_code in (302, 403), path
        if response.status_code == 302:
            assert "login" in response["Location"], path


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ["/portal/", "/mentor/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_wagtail_login_hands_over_to_allauth(client):
    response = client.get("/cms/login/?next=/cms/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fcms%2Fpages%2F"


def test_wagtail_login_never_redirects_off_site(client):
    response = client.get("/cms/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fcms%2F"


def test_cms_admin_sends_anonymous_visitors_to_allauth(client):
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_logout_needs_a_post(client, entrepreneur_user):
    client.force_login(entrepreneur_user)
    client.get("/accounts/logout/")
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_superuser_reaches_django_admin(client):
    admin = User.objects.create_superuser(
        username="root", email="root@example.test", password=PASSWORD, full_name="Root"
    )
    client.force_login(admin)
    assert client.get("/django-admin/").status_code == 200


def test_password_reset_sends_a_link(client, entrepreneur_user):
    response = client.post("/accounts/password/reset/", {"email": entrepreneur_user.email})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_failed_sign_ins_are_rate_limited(client, entrepreneur_user):
    for _ in range(5):
        client.post("/accounts/login/", {"login": entrepreneur_user.email, "password": "wrong"})
    # After five failures even the right password is refused for a while.
    response = client.post("/accounts/login/", {"login": entrepreneur_user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_roles_get_the_permissions_the_code_declares():
    manager = ManagerUserFactory()
    mentor = MentorUserFactory()
    assert manager.has_perm("wagtailadmin.access_admin")
    assert not mentor.has_perm("wagtailadmin.access_admin")
