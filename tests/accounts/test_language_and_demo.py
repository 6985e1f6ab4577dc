from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from tests.shared_data import build_once

pytestmark = pytest.mark.django_db


def test_pages_are_indonesian_by_default_and_english_under_en(client):
    assert 'lang="id"' in client.get("/accounts/login/").text
    assert "Masuk" in client.get("/accounts/login/").text
    english = client.get("/en/accounts/login/")
    assert 'lang="en"' in english.text
    assert "Sign In" in english.text


def test_language_switcher_moves_to_the_english_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"
    back = client.post("/i18n/setlang/", {"language": "id", "next": "/en/accounts/login/"})
    assert back["Location"] == "/accounts/login/"


def test_every_page_offers_the_language_switcher(client):
    for path in ["/accounts/login/", "/accounts/signup/"]:
        assert 'action="/i18n/setlang/"' in client.get(path).text


def snapshot():
    from django.apps import apps

    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin"} or model._meta.label.startswith(
            "wagtailcore.Revision"
        ):
            continue
        counts[model._meta.label] = model.objects.count()
    return counts


def _seed_demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())


# The demo seeded once for this module's tests (tests/shared_data.py): the first seed of the
# idempotence test, and the people who sign in.
_demo_once, demo = build_once(_seed_demo, name="demo")


def test_seed_demo_twice_gives_the_same_data(demo, settings):
    settings.DEBUG = True
    first = snapshot()
    signed_in = {u.pk: u.get_session_auth_hash() for u in User.objects.all()}
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert snapshot() == first
    assert first["accounts.User"] >= 5
    # Walkthrough §0.4: a second run changed the password hashes, signing every demo person out.
    assert {u.pk: u.get_session_auth_hash() for u in User.objects.all()} == signed_in
    # §0.3: the console lists the TKSK and how the phone-only entrepreneur signs in.
    assert "tksk@tumbuh.test" in out.getvalue() and "0813-1111-2222" in out.getvalue()


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run when DEBUG is off"):
        call_command("seed_demo")


def test_demo_people_sign_in_with_the_documented_password(demo, client):
    for email, home in [
        ("manager@tumbuh.test", "/cms/"),
        ("mentor@tumbuh.test", "/mentor/"),
        ("pemula@tumbuh.test", "/portal/"),
    ]:
        response = client.post("/accounts/login/", {"login": email, "password": "tumbuh-demo"})
        assert response["Location"] == home, email
        client.logout()


def test_the_language_switcher_names_each_language_in_itself_and_sends_on_choice(client):
    # E19: it offered "Inggris", which an English reader cannot find, and needed a separate "Ganti" press.
    html = client.get("/").content.decode()
    assert '<option value="en" lang="en" >English</option>' in html
    assert ">Inggris<" not in html
    assert "data-submit-on-change" in html and "js/submit-on-change.js" in html
