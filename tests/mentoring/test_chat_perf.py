"""Statements per chat message and per chat connect, pinned so the chat path cannot quietly grow.

Each statement is a database round trip on the one path that limits chat throughput (bench/README.md).
Inside a test transaction ``transaction.atomic`` is a savepoint: the counts below include its
SAVEPOINT and RELEASE, which are BEGIN and COMMIT in production (not counted by Django there).
"""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.db import connection

from incubator import services as incubator_services
from mentoring import consumers, services
from mentoring.models import Conversation, Message, ReadMarker
from tests.incubator.factories import EntrepreneurProfileFactory
from tests.mentoring.factories import MessageFactory, make_pair

pytestmark = pytest.mark.django_db

# The idempotency look-up, the locked conversation with "still assigned", the insert, the
# conversation counters, the sender's read marker, the receiver's unread total; + savepoint pair.
SEND_STATEMENTS = 6 + 2
# On PostgreSQL the insert, the counters and the read marker are one statement (a CTE).
if connection.vendor == "postgresql":
    SEND_STATEMENTS = 4 + 2


def _send(pair, sender, body="Halo"):
    return services.send_message(pair.conversation, sender=sender, body=body, client_id=uuid.uuid4())


def test_a_new_message_is_six_statements_four_on_postgresql(pair, django_assert_num_queries):
    _send(pair, pair.entrepreneur)
    with django_assert_num_queries(SEND_STATEMENTS):
        message, created = _send(pair, pair.mentor, "Sudah dicek?")
    assert created
    conversation = Conversation.objects.get(pk=pair.conversation.pk)
    assert (conversation.last_message_id, conversation.message_count) == (message.pk, 2)
    assert ReadMarker.objects.get(conversation=conversation, user=pair.mentor).last_read_id == message.pk


def test_the_count_does_not_grow_with_history_or_conversations(pair, django_assert_num_queries):
    for _ in range(5):  # the mentor accompanies more entrepreneurs, with history everywhere
        other = make_pair(mentor=pair.mentor)
        MessageFactory.create_batch(20, conversation=other.conversation, sender=other.entrepreneur)
    MessageFactory.create_batch(50, conversation=pair.conversation, sender=pair.entrepreneur)
    with django_assert_num_queries(SEND_STATEMENTS):
        _send(pair, pair.mentor)
    with django_assert_num_queries(SEND_STATEMENTS):
        _send(pair, pair.entrepreneur)


def test_a_retry_is_one_statement_and_stores_nothing(pair, django_assert_num_queries):
    client_id = uuid.uuid4()
    first, _ = services.send_message(pair.conversation, sender=pair.mentor, body="a", client_id=client_id)
    with django_assert_num_queries(1):
        again, created = services.send_message(
            pair.conversation, sender=pair.mentor, body="a", client_id=client_id
        )
    assert (again.pk, created) == (first.pk, False)
    assert Message.objects.count() == 1


def test_the_sender_marker_is_created_when_missing(pair):
    ReadMarker.objects.filter(user=pair.mentor).delete()
    message, _ = _send(pair, pair.mentor)
    assert ReadMarker.objects.get(conversation=pair.conversation, user=pair.mentor).last_read_id == message.pk


def test_an_ended_pair_is_refused_under_the_lock_without_a_rate_token(pair, settings):
    settings.TUMBUH_CHAT_RATE_LIMIT = (1, 10)
    cache.clear()
    role = pair.conversation.role
    incubator_services.assign_companion(pair.profile, make_pair().mentor, role=role, by=pair.manager)
    with pytest.raises(services.Forbidden):
        _send(pair, pair.mentor)
    assert not Message.objects.filter(conversation=pair.conversation).exists()
    # Reassigned back, the mentor's one allowed message still goes through: the refusal took no token.
    incubator_services.assign_companion(pair.profile, pair.mentor, role=role, by=pair.manager)
    _message, created = _send(pair, pair.mentor)
    assert created


def test_the_rate_limit_starts_a_new_window_and_counts_in_one_round_trip(pair, settings):
    settings.TUMBUH_CHAT_RATE_LIMIT = (2, 10)
    cache.clear()
    _send(pair, pair.mentor)
    _send(pair, pair.mentor)
    with pytest.raises(services.RateLimited):
        _send(pair, pair.mentor)
    assert Message.objects.filter(sender=pair.mentor).count() == 2


def test_admitting_a_chat_socket_is_one_statement(pair, django_assert_num_queries):
    with django_assert_num_queries(1):
        conversation, verdict = consumers.admit(pair.mentor, pair.conversation.pk)
    assert (conversation.pk, verdict) == (pair.conversation.pk, None)
    with django_assert_num_queries(1):
        assert consumers.admit(pair.mentor, 10**9) == (None, consumers.CLOSE_NOT_FOUND)
    stranger = EntrepreneurProfileFactory().user
    with django_assert_num_queries(1):
        assert consumers.admit(stranger, pair.conversation.pk) == (None, consumers.CLOSE_FORBIDDEN)


def test_a_former_companion_is_not_admitted(pair):
    incubator_services.assign_companion(
        pair.profile, make_pair().mentor, role=pair.conversation.role, by=pair.manager
    )
    assert consumers.admit(pair.mentor, pair.conversation.pk) == (None, consumers.CLOSE_FORBIDDEN)
