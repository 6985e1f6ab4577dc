"""The inbox pages, the bell, and who may see what."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, Preference
from tests.factories import EntrepreneurUserFactory

pytestmark = pytest.mark.django_db


def item(user, **kw):
    kw.setdefault("kind", "milestone_changes")
    kw.setdefault("params", {"title": "Foto etalase", "comment": "Foto buram"})
    return Notification.objects.create(recipient=user, **kw)


def test_the_inbox_lists_newest_first_in_the_readers_language_and_marks_them_seen(client_for):
    user = EntrepreneurUserFactory()
    old = item(user, params={"title": "Lama", "comment": "x"})
    new = item(user, params={"title": "Baru", "comment": "Foto buram"})
    client = client_for(user)
    page = client.get("/notifications/").content.decode()
    assert page.index("Baru") < page.index("Lama")
    assert "Mentor Anda meminta perbaikan pada “Baru”: Foto buram" in page
    english = client.get("/en/notifications/").content.decode()
    assert "Your mentor asked for changes to “Baru”: Foto buram" in english
    assert Notification.objects.filter(pk__in=[old.pk, new.pk], seen_at__isnull=False).count() == 2


def test_the_inbox_is_paginated(client_for):
    user = EntrepreneurUserFactory()
    for n in range(25):
        item(user, params={"title": f"Capaian {n:02d}", "comment": ""})
    client = client_for(user)
    assert client.get("/notifications/").content.decode().count('data-notification="') == 20
    assert client.get("/notifications/?page=2").content.decode().count('data-notification="') == 5
    assert client.get("/notifications/?page=abc").status_code == 200


def test_opening_an_item_marks_it_read_and_goes_to_its_target(client_for):
    user = EntrepreneurUserFactory()
    n = item(user, url="/portal/milestones/3/")
    response = client_for(user).get(f"/notifications/{n.pk}/open/")
    assert response.status_code == 302 and response.url == "/portal/milestones/3/"
    n.refresh_from_db()
    assert n.read_at is not None and n.seen_at is not None
    english = client_for(user).get(f"/en/notifications/{n.pk}/open/")
    assert english.url == "/en/portal/milestones/3/"


def test_an_item_never_leads_off_site(client_for):
    user = EntrepreneurUserFactory()
    n = item(user, url="https://evil.example/")
    assert client_for(user).get(f"/notifications/{n.pk}/open/").url == "/notifications/"


def test_one_person_never_sees_anothers_items(client_for):
    owner, other = EntrepreneurUserFactory(), EntrepreneurUserFactory()
    n = item(owner)
    client = client_for(other)
    assert client.get(f"/notifications/{n.pk}/open/").status_code == 404
    assert "Foto etalase" not in client.get("/notifications/").content.decode()
    n.refresh_from_db()
    assert n.read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/notifications/unread/").status_code == 302


def test_mark_all_read(client_for):
    user = EntrepreneurUserFactory()
    item(user), item(user)
    client = client_for(user)
    assert client.get("/notifications/unread/").json() == {"unread": 2}
    assert client.get("/notifications/read-all/").status_code == 405
    client.post("/notifications/read-all/")
    assert client.get("/notifications/unread/").json() == {"unread": 0}


def test_the_bell_shows_the_unread_count_on_every_page(client_for):
    user = EntrepreneurUserFactory()
    for _ in range(3):
        item(user)
    page = client_for(user).get("/notifications/settings/").content.decode()
    assert "data-inbox-badge >3</span>" in page or "data-inbox-badge>3</span>" in page or ">3</span>" in page
    assert 'data-inbox-count-url="/notifications/unread/"' in page


def test_the_bell_costs_the_same_queries_whatever_the_inbox_holds(client_for):
    from django.template import Context, Template
    from django.test import RequestFactory

    user = EntrepreneurUserFactory()
    template = Template("{% load notification_tags %}{% notification_bell %}{% notification_bell %}")

    def render_queries() -> int:
        request = RequestFactory().get("/x/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            template.render(Context({"request": request}))
        return len(queries)

    item(user)
    few = render_queries()
    for _ in range(30):
        item(user)
    assert render_queries() == few == 1  # the counts; nothing unseen points to this page
    item(user, url="/x/")
    assert render_queries() == 2  # the counts, and marking the item for this page seen
    assert render_queries() == 1


def test_opening_the_page_an_item_points_to_marks_only_that_item_seen(client_for):
    user = EntrepreneurUserFactory()
    here = item(user, url="/notifications/settings/")
    elsewhere = item(user, url="/portal/")
    page = client_for(user).get("/en/notifications/settings/").content.decode()
    assert ">2</span>" in page
    here.refresh_from_db(), elsewhere.refresh_from_db()
    assert here.seen_at is not None and here.read_at is None
    assert elsewhere.seen_at is None


def test_settings_store_opt_outs(client_for):
    user = EntrepreneurUserFactory()
    client = client_for(user)
    page = client.get("/notifications/settings/").content.decode()
    assert 'name="sms" checked' in page
    client.post("/notifications/settings/", {"email": "on"})
    preference = Preference.objects.get(user=user)
    assert (preference.sms, preference.email, preference.push) == (False, True, False)


def test_settings_say_what_is_missing_for_sms(client_for):
    user = EntrepreneurUserFactory(phone_verified=False)
    page = client_for(user).get("/notifications/settings/").content.decode()
    assert "Perlu nomor HP yang sudah diverifikasi." in page
