"""The managers' side: metadata without contents, the recorded content view, reports and the home panel."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from mentoring import selectors
from mentoring.models import ContentAccessLog, Conversation, Message
from tests.mentoring.factories import MessageFactory, make_pair
from workspace.mentoring_admin import CompanionWorkloadView, QuietPairsPanel

pytestmark = pytest.mark.django_db

SECRET = "Rahasia: utang ke rentenir Rp 2.000.000"


def at(message: Message, when: datetime.datetime) -> None:
    Message.objects.filter(pk=message.pk).update(created_at=when)


def test_managers_see_metadata_but_not_contents(client_for, pair, manager_user):
    MessageFactory(conversation=pair.conversation, sender=pair.entrepreneur, body=SECRET)
    Conversation.objects.filter(pk=pair.conversation.pk).update(
        message_count=1, last_message_at=timezone.now()
    )
    client = client_for(manager_user)
    response = client.get(reverse("mentoring_admin:conversations"))
    assert response.status_code == 200
    html = response.content.decode()
    assert pair.profile.business_name in html
    assert SECRET not in html
    assert reverse("mentoring_admin:conversation_content", args=[pair.conversation.pk]) not in html

    refused = client.get(reverse("mentoring_admin:conversation_content", args=[pair.conversation.pk]))
    assert refused.status_code == 302  # Wagtail turns PermissionDenied into a redirect with a message
    assert SECRET not in refused.content.decode()
    assert not ContentAccessLog.objects.exists()


def test_reading_contents_needs_the_dedicated_permission_and_is_recorded(client_for, pair, manager_user):
    MessageFactory(conversation=pair.conversation, sender=pair.entrepreneur, body=SECRET)
    manager_user.user_permissions.add(Permission.objects.get(codename="view_message_content"))
    client = client_for(manager_user)
    listing = client.get(reverse("mentoring_admin:conversations")).content.decode()
    assert reverse("mentoring_admin:conversation_content", args=[pair.conversation.pk]) in listing

    response = client.get(reverse("mentoring_admin:conversation_content", args=[pair.conversation.pk]))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    log = ContentAccessLog.objects.get()
    assert (log.viewer, log.conversation) == (manager_user, pair.conversation)

    audit = client.get(reverse("mentoring_admin:access_log"))
    assert audit.status_code == 200
    assert manager_user.full_name in audit.content.decode()


def test_people_without_the_permission_cannot_open_the_reports(client_for, pair):
    client = client_for(pair.mentor)
    for name in ("conversations", "workload", "access_log"):
        assert client.get(reverse(f"mentoring_admin:{name}")).status_code in {302, 403}


def test_median_first_reply_counts_turns_not_every_message(pair):
    start = timezone.now() - datetime.timedelta(days=1)
    minutes = datetime.timedelta(minutes=1)
    # entrepreneur writes twice (one turn), mentor answers 10 minutes after the first;
    # entrepreneur again, mentor answers after 30 minutes; entrepreneur again, answer after 60.
    script = [
        (pair.entrepreneur, 0),
        (pair.entrepreneur, 5),
        (pair.mentor, 10),
        (pair.mentor, 11),
        (pair.entrepreneur, 20),
        (pair.mentor, 50),
        (pair.entrepreneur, 100),
        (pair.mentor, 160),
    ]
    for sender, offset in script:
        at(MessageFactory(conversation=pair.conversation, sender=sender), start + offset * minutes)
    times = selectors.first_reply_times()
    assert times[pair.mentor.pk] == [600.0, 1800.0, 3600.0]
    assert selectors.median_minutes(times[pair.mentor.pk]) == 30.0


def test_workload_report_exports_csv_per_companion(client_for, pair, manager_user):
    base = timezone.now() - datetime.timedelta(hours=2)
    at(MessageFactory(conversation=pair.conversation, sender=pair.entrepreneur), base)
    at(
        MessageFactory(conversation=pair.conversation, sender=pair.mentor),
        base + datetime.timedelta(minutes=12),
    )
    response = client_for(manager_user).get(reverse("mentoring_admin:workload"), {"export": "csv"})
    assert response.status_code == 200
    with translation.override("id"):  # the admin answers in the default language
        heading = {field: str(label) for field, label in CompanionWorkloadView.export_headings.items()}
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(r for r in rows if r[heading["email"]] == pair.mentor.email)
    assert row[heading["current_mentees"]] == "1"
    assert row[heading["messages_sent"]] == "1"
    assert row[heading["median_first_reply_minutes"]] == "12.0"

    xlsx = client_for(manager_user).get(reverse("mentoring_admin:workload"), {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_quiet_pairs_panel_lists_silent_pairs_in_constant_queries(manager_user):
    quiet = make_pair()
    Conversation.objects.filter(pk=quiet.conversation.pk).update(
        last_message_at=timezone.now() - datetime.timedelta(days=20)
    )
    busy = make_pair()
    Conversation.objects.filter(pk=busy.conversation.pk).update(last_message_at=timezone.now())
    request = RequestFactory().get("/cms/")
    request.user = manager_user

    def render() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            html = QuietPairsPanel().render_html({"request": request, "csrf_token": ""})
        return html, len(queries)

    html, few = render()
    assert few == 1  # the pairs with their count (two before issue 17: the list, then a COUNT)
    assert quiet.profile.business_name in html
    assert busy.profile.business_name not in html
    for _ in range(4):
        make_pair()  # never chatted: quiet too
    html, many = render()
    assert many == few
    assert "5" in html


def test_quiet_pairs_panel_reads_only_what_it_shows(manager_user):
    """Issue 17: the profile's and both people's other columns (a hundred) cost more to compile
    and build than the query takes to run; the panel names the business and the two people."""
    pair = make_pair()
    with CaptureQueriesContext(connection) as queries:
        html = QuietPairsPanel().render_html({"request": None, "csrf_token": ""})
    assert pair.profile.business_name in html and pair.profile.user.full_name in html
    (sql,) = (query["sql"] for query in queries)
    for column in ("business_description", "password", "phone", "dashboard_version"):
        assert f'"{column}"' not in sql, column


def test_home_panel_is_shown_to_managers_on_the_admin_home(client_for, manager_user):
    make_pair()
    response = client_for(manager_user).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "mentoring-quiet-pairs" in response.content.decode()
