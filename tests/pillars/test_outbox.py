"""Community sessions join the offline outbox: one session per form key and member, and a replay
learns in JSON whether it was accepted or refused (``core.outbox``)."""

from __future__ import annotations

import re
import uuid

from django.urls import reverse
from django.utils import translation

from pillars import services
from pillars.models import CommunitySession
from tests.pillars.helpers import session_data, trained

OUTBOX = {"HTTP_X_TUMBUH_OUTBOX": "1"}
PAGE = reverse("pillars:log_session")


def _id(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def _key(client) -> str:
    body = client.get(PAGE).content.decode()
    assert 'data-offline-outbox="community-session"' in body
    keys = re.findall(r'name="form_key" value="([0-9a-f-]{36})"', body)
    assert len(keys) == 1
    return keys[0]


def _form(world, **overrides) -> dict:
    data = {
        "date": "2026-11-08",
        "region": world.bandung.pk,
        "village": "Dago",
        "topic": "Pembukuan",
        "duration_minutes": 60,
        "participants": [p.pk for p in world.families],
        "women": 6,
        "men": 6,
        "girls": 0,
        "boys": 0,
        "older_women": 0,
        "older_men": 0,
    }
    data.update(overrides)
    return data


def test_the_same_key_twice_from_one_member_is_one_session(world):
    trained(world)
    trained(world, world.bogor_tksk, region=world.bogor)
    key = uuid.uuid4()
    first = services.log_community_session(by=world.tksk, data=session_data(world), client_key=key)
    again = services.log_community_session(
        by=world.tksk, data=session_data(world, topic="Lain"), client_key=key
    )
    assert again.pk == first.pk and again.topic == first.topic
    assert CommunitySession.objects.count() == 1
    # The key is the member's own: another member's form with the same key is their own session.
    other = services.log_community_session(
        by=world.bogor_tksk,
        data=session_data(world, region=world.bogor, participants=[world.bogor_family]),
        client_key=key,
    )
    assert other.pk != first.pk and CommunitySession.objects.count() == 2


def test_a_session_replayed_twice_is_recorded_once_and_the_replay_learns_where_it_went(world, client_for):
    trained(world)
    client = client_for(world.tksk)
    data = _form(world, form_key=_key(client))
    answers = [client.post(PAGE, data, **OUTBOX) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json() == {"ok": True, "url": reverse("pillars:sessions")}
    session = CommunitySession.objects.get()
    assert (session.participants.count(), session.others) == (2, 12)
    # The news of the success waits for the page the person opens next.
    assert _id("Community session recorded.") in client.get(reverse("pillars:sessions")).content.decode()


def test_a_session_sent_twice_by_the_ordinary_form_is_recorded_once(world, client_for):
    trained(world)
    client = client_for(world.tksk)
    data = _form(world, form_key=_key(client))
    assert [client.post(PAGE, data).status_code for _ in range(2)] == [302, 302]
    assert CommunitySession.objects.count() == 1


def test_a_refused_session_comes_back_with_the_reason_and_nothing_is_written(world, client_for):
    trained(world)
    client = client_for(world.tksk)
    answer = client.post(PAGE, _form(world, date="2026-11-30", form_key=_key(client)), **OUTBOX)
    assert answer.status_code == 409
    assert answer.json() == {"ok": False, "message": _id("The session date cannot be in the future.")}
    invalid = client.post(PAGE, _form(world, duration_minutes=1, form_key=str(uuid.uuid4())), **OUTBOX)
    assert invalid.status_code == 400
    assert invalid.json()["ok"] is False and _id("Duration (minutes)") in invalid.json()["message"]
    assert not CommunitySession.objects.exists()


def test_a_member_not_trained_or_not_a_pillar_is_refused_and_nothing_is_written(world, client_for):
    data = _form(world, form_key=str(uuid.uuid4()))
    untrained = client_for(world.tksk).post(PAGE, data, **OUTBOX)
    assert untrained.status_code == 409
    assert untrained.json() == {
        "ok": False,
        "message": _id("Only a pillar member who completed a bimtek can log community sessions."),
    }
    family = client_for(world.families[0].user).post(PAGE, data, **OUTBOX)
    assert family.status_code in (302, 403)
    assert not CommunitySession.objects.exists()


def test_two_sends_that_meet_at_the_unique_key_return_the_first_session(world, monkeypatch):
    """The race the member's row lock prevents: should two sends still both miss the earlier
    lookup, the second meets the unique key and returns the first's session."""
    from django.db.models import QuerySet

    trained(world)
    key = uuid.uuid4()
    first = services.log_community_session(by=world.tksk, data=session_data(world), client_key=key)
    real_first, missed = QuerySet.first, []

    def first_missing_once(qs):
        if qs.model is CommunitySession and not missed:
            missed.append(True)
            return None  # the other send's session was not visible yet
        return real_first(qs)

    monkeypatch.setattr(QuerySet, "first", first_missing_once)
    again = services.log_community_session(by=world.tksk, data=session_data(world), client_key=key)
    assert missed and again.pk == first.pk
    assert CommunitySession.objects.count() == 1
