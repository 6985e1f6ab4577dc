"""The companion workload report of a regional manager counts only the pairs of their area."""

from __future__ import annotations

import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from incubator import services
from incubator.models import CompanionRole
from incubator.scope import scope_for
from mentoring import selectors
from mentoring import services as chat
from mentoring.models import Message
from tests.factories.workspace import (
    build_areas,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import EntrepreneurProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def say(conversation, sender, minutes_ago: int) -> None:
    message, _ = chat.send_message(conversation, sender=sender, body="Halo", client_id=str(uuid.uuid4()))
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )


def accompany(areas, profile):
    """The Alfa companion also accompanies ``profile``: the entrepreneur asks, they reply in 10 minutes."""
    from mentoring.models import Conversation

    companion = areas.alfa.companion
    services.assign_companion(profile, companion, role=CompanionRole.MENTOR, by=areas.national)
    conversation = Conversation.objects.get(profile=profile, companion=companion)
    say(conversation, profile.user, 30)
    say(conversation, companion, 20)
    say(conversation, companion, 19)


@pytest.fixture
def areas():
    areas = build_areas()
    # In Alfa (Kota Bandung): the entrepreneur asks, the companion answers after 60 minutes.
    say(areas.alfa.conversation, areas.alfa.profile.user, 120)
    say(areas.alfa.conversation, areas.alfa.companion, 60)
    # The same companion in Gamma (Kabupaten Klaten): one more mentee, two messages, quick replies.
    accompany(areas, areas.gamma.profile)
    return areas


def row_of(areas, who: str):
    people = selectors.companion_workload(scope=scope_for(areas.manager(who)))
    return next((p for p in people if p.pk == areas.alfa.companion.pk), None)


@pytest.mark.parametrize(
    ("who", "mentees", "sent", "median"),
    [("national", 2, 3, 35.0), ("province", 1, 1, 60.0), ("regency", 1, 1, 60.0)],
)
def test_figures_count_only_the_pairs_of_the_managers_area(areas, who, mentees, sent, median):
    row = row_of(areas, who)
    assert (row.current_mentees, row.messages_sent, row.median_first_reply_minutes) == (mentees, sent, median)


def test_a_manager_without_area_sees_no_companion(areas):
    assert selectors.companion_workload(scope=scope_for(areas.no_area)) == []


def test_the_report_and_its_export_show_the_area_figures(client, areas):
    client.force_login(areas.regency_manager)
    response = client.get(reverse("mentoring_admin:workload"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    (row,) = [r for r in rows if r[0] == areas.alfa.companion.full_name]
    assert row[2:5] == ["1", "1", "60.0"]  # mentees, messages sent, median first reply


@pytest.mark.parametrize("extra", [0, 6])
def test_the_workload_takes_the_same_queries_with_more_pairs(areas, django_assert_num_queries, extra):
    for _ in range(extra):
        accompany(areas, EntrepreneurProfileFactory(province=areas.alfa.province, regency=areas.alfa.regency))
    scope = scope_for(areas.regency_manager)
    with django_assert_num_queries(2):
        people = selectors.companion_workload(scope=scope)
    assert row_of(areas, "regency").current_mentees == 1 + extra
    assert people
