"""Mentoring rules: conversations, messages, read markers, sessions and action items.

Every interface (the chat socket, the HTTP upload, the admin, the demo) goes through these
functions. The database is the source of truth; broadcasts after commit are a fast path only.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import consent_withdrawn
from core import notifications
from core.cache import incr_many
from core.db import STAND_IN_IDS, compiled_once, padded
from core.errors import DomainError
from core.text import strip_bidi
from incubator.models import CompanionAssignment, EntrepreneurProfile
from incubator.services import bump_dashboard
from mentoring import selectors
from mentoring.models import (
    ACTION_MAX,
    MAX_BODY,
    ActionItem,
    ActionItemEvent,
    Conversation,
    MentoringSession,
    Message,
    ReadMarker,
    SessionMode,
    SessionPhoto,
)
from mentoring.photos import clean_session_photo

logger = logging.getLogger(__name__)

# Per person, across all their sockets and the HTTP path: (messages, seconds). A deployment or a
# benchmark changes it with the TUMBUH_CHAT_RATE_LIMIT setting, read from the environment variable of
# the same name as COUNT/SECONDS (config/settings.py); these are its default.
RATE_LIMIT_MESSAGES, RATE_LIMIT_WINDOW = 20, 10
SYNC_PAGE = 100


class MentoringError(DomainError):
    """A refusal fit to show the person; ``code`` is the chat protocol's error code."""


class Forbidden(MentoringError):
    code = "forbidden"


def require_family_consent(profile: EntrepreneurProfile) -> None:
    """A session or visit records a family's data: refused once the family has withdrawn consent (UU PDP)."""
    if consent_withdrawn(profile.user_id):
        raise Forbidden(
            _(
                "This family has withdrawn their consent: sessions and visits can no longer be "
                "recorded about them."
            )
        )


class RateLimited(MentoringError):
    code = "rate_limited"


# -- conversations -----------------------------------------------------------------------------


def on_companion_assigned(
    assignment: CompanionAssignment, *, previous: CompanionAssignment | None = None
) -> None:
    """Called on ``incubator.signals.assignment_changed`` inside the assigning service's transaction.

    Opens (or reopens) the conversation between the entrepreneur and the new companion; the
    previous companion's conversation stays readable but closed to writing, because openness is
    derived from the current assignments (``Conversation.is_open``).
    """
    conversation, created = Conversation.objects.get_or_create(
        profile=assignment.profile,
        companion=assignment.companion,
        defaults={"role": assignment.role},
    )
    if not created and conversation.role != assignment.role:
        conversation.role = assignment.role
        conversation.save(update_fields=["role"])
    for user_id in (assignment.profile.user_id, assignment.companion_id):
        ReadMarker.objects.get_or_create(conversation=conversation, user_id=user_id)
    if previous is not None:
        on_assignment_ended(previous)


def on_assignment_ended(assignment: CompanionAssignment) -> None:
    """Called on ``assignment_changed`` inside the incubator's transaction when a pair's assignment ends
    (replaced or ended): the pair's open sockets close with 4403 after commit; the history stays
    readable over HTTP."""
    old = Conversation.objects.filter(
        profile_id=assignment.profile_id, companion_id=assignment.companion_id
    ).first()
    if old is not None:
        _broadcast(old.pk, {"type": "chat.closed"})


def _broadcast(conversation_id: int, event: dict[str, Any]) -> None:
    """After commit, send ``event`` to every open socket of the conversation (best effort)."""
    notifications.send_after_commit(f"conversation.{conversation_id}", event)


# -- messages ------------------------------------------------------------------------------------


def serialize_message(message: Message, *, conversation: Conversation) -> dict[str, Any]:
    """The protocol's message object (docs/chat-protocol.md)."""
    from django.urls import reverse

    sender = message.sender
    if sender.pk == conversation.companion_id:
        role = conversation.role
    elif sender.pk == conversation.profile.user_id:
        role = "entrepreneur"
    else:
        role = "other"
    attachment = None
    if message.image:
        attachment = {
            "url": reverse("mentoring:attachment", args=[conversation.pk, message.pk]),
            "thumbnail_url": reverse("mentoring:attachment_thumbnail", args=[conversation.pk, message.pk]),
        }
    return {
        "id": message.pk,
        "seq": message.seq,
        "client_id": str(message.client_id),
        "sender": {"id": sender.pk, "name": sender.full_name or sender.get_username(), "role": role},
        "body": message.body,
        "attachment": attachment,
        "created_at": message.created_at.isoformat(),
    }


def _parse_client_id(client_id: Any) -> uuid.UUID:
    if isinstance(client_id, uuid.UUID):
        return client_id
    try:
        return uuid.UUID(str(client_id))
    except (ValueError, TypeError, AttributeError):
        raise MentoringError(_("client_id must be a UUID."), code="invalid") from None


def _check_body(body: Any, *, has_image: bool) -> str:
    if not isinstance(body, str):
        raise MentoringError(_("The message must be text."), code="invalid")
    body = strip_bidi(body)  # the socket has no form: bidi controls are removed here for every path
    if "\x00" in body:
        raise MentoringError(_("The message contains characters that are not allowed."), code="invalid")
    if len(body) > MAX_BODY:
        raise MentoringError(
            _("A message can be at most %(max)d characters long.") % {"max": MAX_BODY}, code="too_long"
        )
    if not body.strip():
        if not has_image:
            raise MentoringError(_("Write something first."), code="empty")
        return ""
    return body


def _take_rate_token(user_id: int) -> None:
    """At most RATE_LIMIT_MESSAGES per RATE_LIMIT_WINDOW seconds per person, counted in the shared cache
    (one round trip on Redis: ``_take_rate_tokens``)."""
    if not _take_rate_tokens({user_id: 1})[user_id]:
        raise RateLimited(_("You are sending messages too fast. Wait a few seconds and try again."))


def _existing(conversation: Conversation, sender: User, client_id: uuid.UUID) -> Message | None:
    message = Message.objects.select_related("sender").filter(sender=sender, client_id=client_id).first()
    if message is not None and message.conversation_id != conversation.pk:
        raise MentoringError(_("This client_id was already used in another conversation."), code="invalid")
    return message


def _push_new_message(conversation, *, sender_id: int, sender_name: str, body: str, unread_total) -> None:
    """The "new message" push to everyone in ``conversation`` but the sender (their badge's total
    from ``unread_total(user_id)``)."""
    for user_id in conversation.participant_ids():
        if user_id != sender_id:
            notifications.push(
                user_id,
                {
                    "type": "new_message",
                    "conversation_id": conversation.pk,
                    "sender_name": sender_name,
                    "preview": body[:80],
                    "unread_total": unread_total(user_id),
                },
            )


def send_message(
    conversation: Conversation,
    *,
    sender: User,
    body: Any,
    client_id: Any,
    image=None,
) -> tuple[Message, bool]:
    """Store a message from a current participant; returns ``(message, created)``.

    Idempotent on ``(sender, client_id)``: a retry returns the stored message with ``created``
    False and broadcasts nothing. Locks the conversation row so that message ids commit in
    increasing order within a conversation (a client syncing "after id N" never skips one), and
    gives the message the conversation's next ``seq`` (1, 2, 3 … without gaps) under that lock.
    Raises ``MentoringError`` (codes ``invalid``, ``too_long``, ``empty``), ``Forbidden`` when the
    sender is not a current participant, ``RateLimited`` past 20 messages in 10 seconds.
    After commit the message goes to the conversation's sockets and the other participant's
    notification stream gets the new unread count.

    Six SQL statements for a new message (plus BEGIN/COMMIT), pinned by
    tests/mentoring/test_chat_perf.py: the idempotency look-up, the locked conversation with its
    "still assigned" check, the insert, the conversation counters, the sender's read marker and
    the receiver's unread total. On PostgreSQL four: the insert, the counters and the marker are
    one statement (``INSERT_MESSAGE_SQL``) for a text message. A retry is one statement.
    """
    client_uuid = _parse_client_id(client_id)
    existing = _existing(conversation, sender, client_uuid)
    if existing is not None:
        return existing, False
    text = _check_body(body, has_image=image is not None)
    if not selectors.is_participant(conversation, user=sender):
        raise Forbidden(_("You can no longer write in this conversation."))
    cleaned = clean_session_photo(image) if image is not None else None
    try:
        return _store_message(conversation, sender=sender, body=text, client_id=client_uuid, photo=cleaned)
    except IntegrityError:
        # The same client_id raced in through another socket or tab (the unique constraint on
        # (sender, client_id) refused the second insert): answer with the stored one.
        existing = _existing(conversation, sender, client_uuid)
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def _store_message(
    conversation: Conversation, *, sender: User, body: str, client_id: uuid.UUID, photo
) -> tuple[Message, bool]:
    # Only the conversation row is locked (not the joined profile or user rows): messages of one
    # conversation commit in id order, other conversations of the same people are not held up.
    locked = (
        Conversation.objects.select_for_update()
        .select_related("profile")
        .annotate(open_now=Exists(selectors._current_assignment()))
        .get(pk=conversation.pk)
    )
    if not locked.open_now:
        raise Forbidden(_("You can no longer write in this conversation."))
    _take_rate_token(sender.pk)
    # The next number of the conversation's contiguous sequence, read under the row lock.
    seq = locked.last_seq + 1
    message = Message(conversation=locked, sender=sender, body=body, client_id=client_id, seq=seq)
    if photo is None and connection.vendor == "postgresql":
        moved = _insert_in_one_statement(message)
    else:
        if photo is not None:
            message.image, message.thumbnail = photo
        message.save()
        Conversation.objects.filter(pk=locked.pk).update(
            last_message=message,
            last_message_at=message.created_at,
            message_count=F("message_count") + 1,
            last_seq=seq,
        )
        # The sender has read their own message. The marker exists from the assignment on; a marker
        # ahead of this message cannot exist (mark_read never passes the last message).
        moved = ReadMarker.objects.filter(
            conversation=locked, user=sender, last_read_id__lt=message.pk
        ).update(last_read_id=message.pk, updated_at=message.created_at)
    if not moved:
        ReadMarker.objects.update_or_create(
            conversation=locked, user=sender, defaults={"last_read_id": message.pk}
        )
    payload = serialize_message(message, conversation=locked)
    _broadcast(locked.pk, {"type": "chat.message", "message": payload})
    _push_new_message(
        locked,
        sender_id=sender.pk,
        sender_name=payload["sender"]["name"],
        body=body,
        unread_total=lambda user_id: selectors.unread_total(user_id=user_id),
    )
    return message, True


# PostgreSQL: the insert, the conversation's counters and the sender's read marker in one round
# trip (data-modifying CTEs run in one statement, in the caller's transaction, under its row lock).
INSERT_MESSAGE_SQL = """
WITH new AS (
    INSERT INTO mentoring_message (conversation_id, sender_id, body, image, thumbnail, client_id, created_at, seq)
    VALUES (%(conversation)s, %(sender)s, %(body)s, '', '', %(client_id)s, %(created_at)s, %(seq)s)
    RETURNING id
), conversation AS (
    UPDATE mentoring_conversation
    SET last_message_id = new.id, last_message_at = %(created_at)s,
        message_count = message_count + 1, last_seq = %(seq)s
    FROM new WHERE mentoring_conversation.id = %(conversation)s
), marker AS (
    UPDATE mentoring_readmarker SET last_read_id = new.id, updated_at = %(created_at)s
    FROM new
    WHERE mentoring_readmarker.conversation_id = %(conversation)s AND mentoring_readmarker.user_id = %(sender)s
      AND mentoring_readmarker.last_read_id < new.id
    RETURNING 1
)
SELECT new.id, (SELECT count(*) FROM marker) FROM new
"""


def _insert_in_one_statement(message: Message) -> int:
    """Insert a text message, bump the conversation's counters and move the sender's read marker in
    one statement (PostgreSQL); sets ``message.pk`` and ``created_at``; returns the markers moved.

    A duplicate ``(sender, client_id)`` raises ``IntegrityError`` as ``message.save()`` would.
    """
    message.created_at = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_MESSAGE_SQL,
            {
                "conversation": message.conversation_id,
                "sender": message.sender_id,
                "body": message.body,
                "client_id": message.client_id,
                "created_at": message.created_at,
                "seq": message.seq,
            },
        )
        message.pk, moved = cursor.fetchone()
    message._state.adding = False
    message._state.db = connection.alias
    return moved


# -- group commit: many messages in one transaction -------------------------------------------------


@dataclass(frozen=True)
class OutgoingMessage:
    """One ``send`` frame from a chat socket, for ``send_messages``."""

    conversation: Conversation
    sender: User
    body: Any
    client_id: Any


def send_messages(batch: list[OutgoingMessage]) -> list[tuple[Message, bool] | MentoringError]:
    """Store a batch of text messages in one transaction; one result per item, in order:
    ``(message, created)`` as ``send_message`` returns, or the ``MentoringError`` that refused it.

    The same rules as ``send_message``, message by message: idempotent on ``(sender, client_id)``
    (also within the batch: a second item with a known key gets the first's message), body and
    participant checks, "still assigned" under the conversation lock, the rate limit. A refusal
    refuses that item only; the others are stored. The conversation rows are locked in id order,
    so two batches (two workers) never deadlock, and within a conversation the items get
    increasing ids and the next ``seq`` numbers in batch order. After commit each message is
    broadcast and the receivers hear their unread total, as with ``send_message``.

    Four statements for any batch on PostgreSQL (plus BEGIN/COMMIT), pinned by
    tests/mentoring/test_chat_perf.py: the idempotency look-up, the locked conversations, one
    insert that also moves the counters and the read markers (``INSERT_BATCH_SQL``) and the
    receivers' unread totals. Elsewhere the insert is one statement and each conversation and
    sender's marker one more.
    """
    results: list[tuple[Message, bool] | MentoringError | None] = [None] * len(batch)
    keys: list[uuid.UUID | None] = [None] * len(batch)
    texts: list[str] = [""] * len(batch)
    for index, item in enumerate(batch):
        try:
            keys[index] = _parse_client_id(item.client_id)
            texts[index] = _check_body(item.body, has_image=False)
            if not selectors.is_participant(item.conversation, user=item.sender):
                raise Forbidden(_("You can no longer write in this conversation."))
        except MentoringError as exc:
            results[index] = exc
    wanted = {(batch[i].sender.pk, keys[i]) for i in range(len(batch)) if results[i] is None}
    stored: dict[tuple[int, uuid.UUID], Message] = {}
    if wanted:
        rows = _messages_with_keys(wanted)
        stored = {(m.sender_id, m.client_id): m for m in rows if (m.sender_id, m.client_id) in wanted}
    fresh: list[int] = []
    first_of: dict[tuple[int, uuid.UUID], int] = {}
    for index, item in enumerate(batch):
        if results[index] is not None:
            continue
        key = (item.sender.pk, keys[index])
        if key in stored:
            message = stored[key]
            if message.conversation_id != item.conversation.pk:
                results[index] = MentoringError(
                    _("This client_id was already used in another conversation."), code="invalid"
                )
            else:
                message.sender = item.sender
                results[index] = (message, False)
        elif key in first_of:
            continue  # the same send twice in this batch: answered with the first's message below
        else:
            first_of[key] = index
            fresh.append(index)
    if fresh:
        try:
            outcome = _store_batch(
                [batch[i] for i in fresh], [keys[i] for i in fresh], [texts[i] for i in fresh]
            )
        except IntegrityError:
            # A key of this batch committed meanwhile through another worker (a retry on a new
            # socket): nothing of this batch was stored; each item takes the one-message path.
            outcome = [_send_one(batch[i]) for i in fresh]
        for index, result in zip(fresh, outcome, strict=True):
            results[index] = result
    for index, item in enumerate(batch):
        if results[index] is None:  # a repeat within the batch
            first = results[first_of[(item.sender.pk, keys[index])]]
            results[index] = (first[0], False) if isinstance(first, tuple) else first
    return results  # type: ignore[return-value]


def _send_one(item: OutgoingMessage) -> tuple[Message, bool] | MentoringError:
    try:
        return send_message(item.conversation, sender=item.sender, body=item.body, client_id=item.client_id)
    except MentoringError as exc:
        return exc


def _take_rate_tokens(wanted: dict[int, int]) -> dict[int, int]:
    """Take ``wanted[person]`` tokens of each person's rate limit, all in one cache round trip
    (``core.cache.incr_many``); returns, per person, how many of them fit in the window (the first
    ones; the rest are refused, as ``_take_rate_token`` would)."""
    limit, seconds = getattr(settings, "TUMBUH_CHAT_RATE_LIMIT", (RATE_LIMIT_MESSAGES, RATE_LIMIT_WINDOW))
    window = int(time.time() // seconds)
    keys = {user_id: f"mentoring:rate:{user_id}:{seconds}:{window}" for user_id in wanted}
    totals = incr_many({keys[user_id]: count for user_id, count in wanted.items()}, timeout=seconds * 2)
    return {
        user_id: max(0, min(count, limit - (totals[keys[user_id]] - count)))
        for user_id, count in wanted.items()
    }


@transaction.atomic
def _store_batch(
    items: list[OutgoingMessage], keys: list[uuid.UUID], texts: list[str]
) -> list[tuple[Message, bool] | MentoringError]:
    results: list[tuple[Message, bool] | MentoringError | None] = [None] * len(items)
    # Only the conversation rows, in id order: every batch takes its locks in the same order.
    locked = _lock_conversations({item.conversation.pk for item in items})
    by_sender: dict[int, list[int]] = {}
    for index, item in enumerate(items):
        if not locked[item.conversation.pk][0]:
            results[index] = Forbidden(_("You can no longer write in this conversation."))
        else:
            by_sender.setdefault(item.sender.pk, []).append(index)
    allowed = _take_rate_tokens({sender_id: len(indexes) for sender_id, indexes in by_sender.items()})
    for sender_id, indexes in by_sender.items():
        for index in indexes[allowed[sender_id] :]:
            results[index] = RateLimited(
                _("You are sending messages too fast. Wait a few seconds and try again.")
            )
    now = timezone.now()
    seqs = {pk: last_seq for pk, (_open, last_seq) in locked.items()}
    messages: list[Message] = []
    for index, item in enumerate(items):
        if results[index] is not None:
            continue
        seqs[item.conversation.pk] += 1
        message = Message(
            conversation_id=item.conversation.pk,
            sender=item.sender,
            body=texts[index],
            client_id=keys[index],
            seq=seqs[item.conversation.pk],
            created_at=now,
        )
        messages.append(message)
        results[index] = (message, True)
    if not messages:
        return results  # type: ignore[return-value]
    if connection.vendor == "postgresql":
        unmoved = _insert_batch_in_one_statement(messages)
    else:
        unmoved = _insert_batch(messages)
    for conversation_id, user_id in unmoved:
        last = max(m.pk for m in messages if (m.conversation_id, m.sender_id) == (conversation_id, user_id))
        ReadMarker.objects.update_or_create(
            conversation_id=conversation_id, user_id=user_id, defaults={"last_read_id": last}
        )
    conversations = {item.conversation.pk: item.conversation for item in items}
    receivers = {
        user_id
        for m in messages
        for user_id in conversations[m.conversation_id].participant_ids()
        if user_id != m.sender_id
    }
    totals = selectors.unread_totals(user_ids=receivers)
    # Every message of the batch goes to its sockets first, then the receivers' notifications
    # (whose inbox rows cost a transaction each): the last message is not held up by the others'.
    payloads = []
    for message in messages:
        conversation = conversations[message.conversation_id]
        message.conversation = conversation
        payloads.append(serialize_message(message, conversation=conversation))
        _broadcast(conversation.pk, {"type": "chat.message", "message": payloads[-1]})
    for message, payload in zip(messages, payloads, strict=True):
        _push_new_message(
            conversations[message.conversation_id],
            sender_id=message.sender_id,
            sender_name=payload["sender"]["name"],
            body=message.body,
            unread_total=lambda user_id: totals.get(user_id, 0),
        )
    return results  # type: ignore[return-value]


# The batch's two ORM statements are compiled once per database and number of values (padded to a
# power of two; repeated values are harmless in IN): compiling them took Django longer than the
# database took to run them, on every batch.


# PostgreSQL: each key of a batch looked up in the ``(sender, client_id)`` unique index (LATERAL …
# LIMIT 1 keeps the plan a nested loop on that index however small the table; ``client_id IN (…)``
# alone read the whole table, and a long list of pairs cost more to send and plan than to run).
MESSAGES_WITH_KEYS_SQL = """
SELECT m.* FROM unnest(%(sender)s::bigint[], %(client_id)s::uuid[]) AS k(sender_id, client_id)
CROSS JOIN LATERAL (
    SELECT * FROM mentoring_message
    WHERE mentoring_message.sender_id = k.sender_id AND mentoring_message.client_id = k.client_id LIMIT 1
) AS m
"""


def _messages_with_keys(wanted: set[tuple[int, uuid.UUID]]) -> list[Message]:
    """The stored messages with one of the ``(sender, client_id)`` keys of ``wanted`` (elsewhere than
    on PostgreSQL, maybe a few more with one of the keys: the caller matches the pairs)."""
    if connection.vendor == "postgresql":
        pairs = sorted(wanted)
        params = {"sender": [sender for sender, _key in pairs], "client_id": [key for _sender, key in pairs]}
        return list(Message.objects.raw(MESSAGES_WITH_KEYS_SQL, params))
    keys = padded(sorted({key for _sender, key in wanted}))
    field = Message._meta.get_field("client_id")
    stand_ins = [uuid.UUID(int=n) for n in range(len(keys))]
    prepared = [field.get_db_prep_value(key, connection) for key in stand_ins]
    statement = compiled_once(
        connection,
        ("mentoring.messages_with_keys", len(keys)),
        lambda: Message.objects.filter(client_id__in=stand_ins).order_by(),
        prepared,
    )
    values = {
        stand_in: field.get_db_prep_value(key, connection)
        for stand_in, key in zip(prepared, keys, strict=True)
    }
    return list(Message.objects.raw(statement.sql, statement.bind(values)))


def _lock_conversations(ids: set[int]) -> dict[int, tuple[bool, int]]:
    """Lock the conversation rows in id order (every batch takes its locks in the same order: two
    batches never deadlock); ``{id: (still assigned, last seq)}``."""
    values = padded(sorted(ids))
    stand_ins = STAND_IN_IDS[: len(values)]
    statement = compiled_once(
        connection,
        ("mentoring.lock_conversations", len(values)),
        lambda: (
            Conversation.objects.select_for_update(of=("self",))
            .filter(pk__in=stand_ins)
            .annotate(open_now=Exists(selectors._current_assignment()))
            .order_by("pk")
            .values_list("pk", "open_now", "last_seq")
        ),
        stand_ins,
    )
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.bind(dict(zip(stand_ins, values, strict=True))))
        return {pk: (bool(open_now), last_seq) for pk, open_now, last_seq in cursor.fetchall()}


def _insert_batch(messages: list[Message]) -> set[tuple[int, int]]:
    """Any database: one insert, then each conversation's counters and each sender's read marker.
    Returns the ``(conversation, sender)`` markers that did not exist."""
    Message.objects.bulk_create(messages)
    last: dict[int, Message] = {}
    counts: dict[int, int] = {}
    markers: dict[tuple[int, int], Message] = {}
    for message in messages:
        last[message.conversation_id] = message
        counts[message.conversation_id] = counts.get(message.conversation_id, 0) + 1
        markers[(message.conversation_id, message.sender_id)] = message
    for conversation_id, message in last.items():
        Conversation.objects.filter(pk=conversation_id).update(
            last_message=message,
            last_message_at=message.created_at,
            message_count=F("message_count") + counts[conversation_id],
            last_seq=message.seq,
        )
    unmoved = set()
    for (conversation_id, user_id), message in markers.items():
        moved = ReadMarker.objects.filter(
            conversation_id=conversation_id, user_id=user_id, last_read_id__lt=message.pk
        ).update(last_read_id=message.pk, updated_at=message.created_at)
        if not moved:
            unmoved.add((conversation_id, user_id))
    return unmoved


# PostgreSQL: a whole batch in one statement. The rows go in in array order (WITH ORDINALITY), so
# ids follow the batch order and therefore each conversation's seq; the counters and the senders'
# read markers move to the last message of each. The statement text does not depend on the batch size.
INSERT_BATCH_SQL = """
WITH rows AS (
    SELECT * FROM unnest(%(conversation)s::bigint[], %(sender)s::bigint[], %(body)s::text[],
                         %(client_id)s::uuid[], %(seq)s::integer[])
        WITH ORDINALITY AS r(conversation_id, sender_id, body, client_id, seq, position)
), new AS (
    INSERT INTO mentoring_message (conversation_id, sender_id, body, image, thumbnail, client_id, created_at, seq)
    SELECT conversation_id, sender_id, body, '', '', client_id, %(created_at)s, seq FROM rows ORDER BY position
    RETURNING id, conversation_id, sender_id, seq
), conversation AS (
    UPDATE mentoring_conversation
    SET last_message_id = last.id, last_message_at = %(created_at)s,
        message_count = message_count + last.n, last_seq = last.seq
    FROM (SELECT conversation_id, max(id) AS id, max(seq) AS seq, count(*) AS n
          FROM new GROUP BY conversation_id) AS last
    WHERE mentoring_conversation.id = last.conversation_id
), marker AS (
    UPDATE mentoring_readmarker SET last_read_id = own.id, updated_at = %(created_at)s
    FROM (SELECT conversation_id, sender_id, max(id) AS id FROM new GROUP BY conversation_id, sender_id) AS own
    WHERE mentoring_readmarker.conversation_id = own.conversation_id
      AND mentoring_readmarker.user_id = own.sender_id AND mentoring_readmarker.last_read_id < own.id
    RETURNING mentoring_readmarker.conversation_id, mentoring_readmarker.user_id
)
SELECT new.id, new.conversation_id, new.seq,
       EXISTS (SELECT 1 FROM marker WHERE marker.conversation_id = new.conversation_id
                                      AND marker.user_id = new.sender_id)
FROM new
"""


def _insert_batch_in_one_statement(messages: list[Message]) -> set[tuple[int, int]]:
    """``INSERT_BATCH_SQL``: sets each message's ``pk``; returns the markers that did not move."""
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_BATCH_SQL,
            {
                "conversation": [m.conversation_id for m in messages],
                "sender": [m.sender_id for m in messages],
                "body": [m.body for m in messages],
                "client_id": [m.client_id for m in messages],
                "seq": [m.seq for m in messages],
                "created_at": messages[0].created_at,
            },
        )
        rows = {(conversation_id, seq): (pk, moved) for pk, conversation_id, seq, moved in cursor.fetchall()}
    unmoved = set()
    for message in messages:
        message.pk, moved = rows[(message.conversation_id, message.seq)]
        message._state.adding = False
        message._state.db = connection.alias
        if not moved:
            unmoved.add((message.conversation_id, message.sender_id))
    return unmoved


def messages_after(
    conversation: Conversation, *, user: User, after: Any, limit: int = SYNC_PAGE
) -> tuple[list[Message], bool]:
    """Messages with an id above ``after``, oldest first, at most ``limit``; and whether more follow.

    Any participant, current or former, may read. Raises ``Forbidden`` otherwise.
    """
    if not selectors.can_read(conversation, user=user):
        raise Forbidden(_("This conversation is not yours."))
    after_id = _parse_message_id(after)
    limit = max(1, min(int(limit), SYNC_PAGE))
    rows = list(
        conversation.messages.select_related("sender").filter(pk__gt=after_id).order_by("pk")[: limit + 1]
    )
    return rows[:limit], len(rows) > limit


def messages_before(
    conversation: Conversation, *, user: User, before: Any | None, limit: int = 50
) -> tuple[list[Message], bool]:
    """The ``limit`` messages before ``before`` (or the latest), oldest first; and whether older exist."""
    if not selectors.can_read(conversation, user=user):
        raise Forbidden(_("This conversation is not yours."))
    qs = conversation.messages.select_related("sender").order_by("-pk")
    if before is not None:
        qs = qs.filter(pk__lt=_parse_message_id(before))
    rows = list(qs[: limit + 1])
    older = len(rows) > limit
    return list(reversed(rows[:limit])), older


def _parse_message_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise MentoringError(_("A message id must be a whole number."), code="invalid")
    try:
        number = int(value)
    except ValueError:
        raise MentoringError(_("A message id must be a whole number."), code="invalid") from None
    if number < 0 or number > 2**62:
        raise MentoringError(_("A message id must be a whole number."), code="invalid")
    return number


@transaction.atomic
def mark_read(conversation: Conversation, *, user: User, up_to: Any) -> int:
    """Move the user's read marker forward to ``up_to`` (never back, never past the last message).

    Returns the marker's position. Locks the marker row so two tabs cannot move it backwards.
    After commit the other side hears ``read`` and the user's pages get the new unread total.
    """
    if not selectors.can_read(conversation, user=user):
        raise Forbidden(_("This conversation is not yours."))
    wanted = _parse_message_id(up_to)
    last_id = conversation.messages.order_by("-pk").values_list("pk", flat=True).first() or 0
    wanted = min(wanted, last_id)
    marker, _created = ReadMarker.objects.select_for_update().get_or_create(
        conversation=conversation, user=user
    )
    if wanted <= marker.last_read_id:
        return marker.last_read_id
    marker.last_read_id = wanted
    marker.save(update_fields=["last_read_id", "updated_at"])
    _broadcast(conversation.pk, {"type": "chat.read", "user": user.pk, "up_to": wanted})
    notifications.push(user.pk, {"type": "unread", "unread_total": selectors.unread_total(user_id=user.pk)})
    return wanted


# -- mentoring sessions ------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionItemInput:
    text: str
    due_date: datetime.date | None = None


def lock_contact(
    model: type[MentoringSession],
    *,
    profile: EntrepreneurProfile,
    by: User,
    client_key: uuid.UUID | None = None,
    reused: MentoringError | None = None,
) -> tuple[CompanionAssignment | None, MentoringSession | None]:
    """The first step of logging a contact with an entrepreneur (a session, a field visit), inside
    the caller's transaction: lock the pair's current assignment and find the ``model`` row already
    stored under ``client_key`` (the form's or the offline outbox's idempotency key).

    Returns the locked assignment (None when ``by`` does not accompany ``profile`` now) and the row
    stored before (None without a key or when the key is new). The lock: a manager ending the
    assignment at this moment waits for the contact, or wins; the same form sent twice at once waits
    for the first send, which the second then finds. A key already used by another companion or for
    another entrepreneur raises ``reused`` (default: a ``MentoringError``).
    """
    assignment = (
        CompanionAssignment.objects.current()
        .select_for_update(of=("self",))
        .filter(profile=profile, companion_id=by.pk)
        .first()
        if by.is_authenticated
        else None
    )
    existing = None
    if client_key is not None:
        existing = model.objects.filter(client_key=client_key).first()
        if existing is not None and (existing.companion_id != by.pk or existing.profile_id != profile.pk):
            raise reused or MentoringError(_("This form was already used. Open the form again."))
    return assignment, existing


def add_contact_details(
    contact: MentoringSession, *, action_items: list[ActionItemInput] | tuple = (), photos: list | tuple = ()
) -> None:
    """The follow-ups (text cut to the column's length, empty ones skipped) and the photos, already
    cleaned by ``clean_session_photo``, of a session or visit just stored; and the family's
    ``dashboard_version`` bumped, as the admin home's needs-attention panel reads the latest contact."""
    bump_dashboard([contact.profile_id])
    ActionItem.objects.bulk_create(
        ActionItem(session=contact, text=item.text.strip()[:ACTION_MAX], due_date=item.due_date)
        for item in action_items
        if item.text.strip()
    )
    for image, thumbnail in photos:
        photo = SessionPhoto(session=contact)
        photo.image, photo.thumbnail = image, thumbnail
        photo.save()


@transaction.atomic
def log_session(
    profile: EntrepreneurProfile,
    *,
    by: User,
    date: datetime.date,
    mode: str,
    topics: str,
    notes: str = "",
    action_items: list[ActionItemInput] | tuple = (),
    photos: list | tuple = (),
    form_key: uuid.UUID | None = None,
) -> MentoringSession:
    """A companion currently assigned to the entrepreneur records a session with its action items.

    Locks the pair's current assignment (``lock_contact``, as ``log_visit`` does). Raises ``Forbidden`` for anyone else or when the family withdrew consent, ``MentoringError`` for a date in the future, an unknown
    mode, empty topics or unusable photos (nothing is stored then).

    Idempotent on ``form_key`` (the form page's hidden key, replayed by the offline outbox): the
    same key again from the same companion for the same entrepreneur returns the session already
    stored and changes nothing. The companion's user row is locked meanwhile, so two sends of one
    form at the same moment wait for each other.
    """
    if form_key is not None and by.is_authenticated:
        User.objects.select_for_update().filter(pk=by.pk).first()
        earlier = MentoringSession.objects.filter(companion=by, form_key=form_key).first()
        if earlier is not None:
            if earlier.profile_id != profile.pk:
                raise MentoringError(_("This form was already used. Open the session form again."))
            return earlier
    assignment, _existing = lock_contact(MentoringSession, profile=profile, by=by)
    if assignment is None:
        raise Forbidden(_("Only a companion assigned to this entrepreneur can log a session."))
    require_family_consent(profile)
    if mode not in SessionMode.values:
        raise MentoringError(_("Choose how the session took place."))
    if date > timezone.localdate():
        raise MentoringError(_("A session cannot be dated in the future."))
    if not topics.strip():
        raise MentoringError(_("Say what the session was about."))
    if len(photos) > 5:
        raise MentoringError(_("At most five photos per session."))
    cleaned = [clean_session_photo(photo) for photo in photos]
    session = MentoringSession.objects.create(
        profile=profile,
        companion=by,
        date=date,
        mode=mode,
        topics=topics.strip(),
        notes=notes.strip(),
        form_key=form_key,
    )
    add_contact_details(session, action_items=action_items, photos=cleaned)
    notifications.push(
        profile.user_id, {"type": "session_logged", "session_id": session.pk, "date": date.isoformat()}
    )
    return session


@transaction.atomic
def set_action_item_done(item: ActionItem, *, by: User, done: bool) -> ActionItem:
    """Tick (or un-tick) an action item: the entrepreneur or a companion of theirs. Records history.

    Locks the item so two people ticking at once leave one consistent state and one event each
    that actually changed it.
    """
    locked = ActionItem.objects.select_for_update().select_related("session__profile").get(pk=item.pk)
    if not selectors.can_see_session(locked.session, user=by):
        raise Forbidden(_("This action item is not yours."))
    if locked.is_done == done:
        return locked
    locked.done_at = timezone.now() if done else None
    locked.done_by = by if done else None
    locked.save(update_fields=["done_at", "done_by"])
    ActionItemEvent.objects.create(item=locked, done=done, actor=by)
    return locked


def record_content_view(conversation: Conversation, *, by: User):
    """A manager with ``mentoring.view_message_content`` opens a conversation's contents: logged."""
    from mentoring.models import ContentAccessLog

    if not by.has_perm("mentoring.view_message_content"):
        raise Forbidden(_("You may not read conversation contents."))
    log = ContentAccessLog.objects.create(conversation=conversation, viewer=by)
    # The pair is told (UU PDP: transparency): a live event now, a system line in the conversation.
    event = {
        "type": "chat.contents_read",
        "conversation_id": conversation.pk,
        "read_at": log.viewed_at.isoformat(),
    }
    for user_id in {conversation.profile.user_id, conversation.companion_id}:
        notifications.push(user_id, event)
    return log
