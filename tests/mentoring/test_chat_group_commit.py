"""Group commit (mentoring/chat_writer.py, services.send_messages): a batch of messages from many
sockets in one transaction, each acked only after the commit, each refused on its own."""

from __future__ import annotations

import asyncio
import threading
import uuid

import pytest
from channels.db import database_sync_to_async
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from core.db import forget_compiled
from incubator import services as incubator_services
from mentoring import chat_writer, selectors, services
from mentoring.models import MAX_BODY, Conversation, Message, ReadMarker
from tests.mentoring.conftest import close_open_sockets, open_socket
from tests.mentoring.factories import MessageFactory, make_pair

POSTGRESQL = connection.vendor == "postgresql"


def _item(pair, sender, body="Halo", client_id=None):
    return services.OutgoingMessage(
        pair.conversation, sender=sender, body=body, client_id=client_id or str(uuid.uuid4())
    )


def _seqs(conversation) -> list[int]:
    return list(
        Message.objects.filter(conversation=conversation).order_by("pk").values_list("seq", flat=True)
    )


# -- the service -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_batch_numbers_each_conversation_in_batch_order_and_moves_counters_and_markers():
    first, second = make_pair(), make_pair()
    MessageFactory(conversation=first.conversation, sender=first.mentor)
    batch = [
        _item(first, first.entrepreneur, "a1"),
        _item(second, second.mentor, "b1"),
        _item(first, first.mentor, "a2"),
        _item(first, first.entrepreneur, "a3"),
        _item(second, second.entrepreneur, "b2"),
    ]
    results = services.send_messages(batch)
    assert all(created for _message, created in results)
    assert [m.body for m, _ in results] == ["a1", "b1", "a2", "a3", "b2"]
    assert [m.seq for m, _ in results] == [2, 1, 3, 4, 2]
    # Ids ascend with seq within each conversation (a sync "after id N" never skips one).
    assert _seqs(first.conversation) == [1, 2, 3, 4]
    assert _seqs(second.conversation) == [1, 2]
    one = Conversation.objects.get(pk=first.conversation.pk)
    # The factory bumps only last_seq: message_count counts the three sent here.
    assert (one.message_count, one.last_seq, one.last_message_id) == (3, 4, results[3][0].pk)
    marker = ReadMarker.objects.get(conversation=first.conversation, user=first.entrepreneur)
    assert marker.last_read_id == results[3][0].pk
    marker = ReadMarker.objects.get(conversation=second.conversation, user=second.mentor)
    assert marker.last_read_id == results[1][0].pk


@pytest.mark.django_db
def test_one_refusal_does_not_fail_the_others(settings):
    settings.TUMBUH_CHAT_RATE_LIMIT = (2, 10)
    cache.clear()
    first, ended = make_pair(), make_pair()
    incubator_services.assign_companion(
        ended.profile, make_pair().mentor, role=ended.conversation.role, by=ended.manager
    )
    batch = [
        _item(first, first.mentor, "x" * (MAX_BODY + 1)),
        _item(first, first.mentor, "satu"),
        _item(first, first.mentor, "   "),
        _item(first, first.mentor, "dua", client_id="not-a-uuid"),
        _item(ended, ended.mentor, "closed"),
        _item(first, first.mentor, "dua"),
        _item(first, first.mentor, "tiga"),  # the third within the window: rate limited
        _item(first, first.entrepreneur, "halo"),
    ]
    results = services.send_messages(batch)
    codes = [r.code if isinstance(r, services.MentoringError) else r[0].body for r in results]
    assert codes == ["too_long", "satu", "empty", "invalid", "forbidden", "dua", "rate_limited", "halo"]
    assert _seqs(first.conversation) == [1, 2, 3]
    assert not Message.objects.filter(conversation=ended.conversation).exists()


@pytest.mark.django_db
def test_a_retry_within_a_batch_or_across_batches_is_the_same_message():
    pair = make_pair()
    key = str(uuid.uuid4())
    results = services.send_messages([_item(pair, pair.mentor, "a", key), _item(pair, pair.mentor, "a", key)])
    (first, created), (again, created_again) = results
    assert (created, created_again, again.pk) == (True, False, first.pk)
    (later, created_later), fresh = services.send_messages(
        [_item(pair, pair.mentor, "a", key), _item(pair, pair.mentor, "b")]
    )
    assert (later.pk, created_later, later.seq) == (first.pk, False, 1)
    assert fresh[0].seq == 2
    other = make_pair(mentor=pair.mentor)
    [refused] = services.send_messages([_item(other, pair.mentor, "a", key)])
    assert refused.code == "invalid"
    assert Message.objects.filter(sender=pair.mentor).count() == 2


@pytest.mark.django_db
def test_a_client_id_is_the_senders_own_another_sender_may_use_the_same():
    pair = make_pair()
    key = str(uuid.uuid4())
    [(mine, _created)] = services.send_messages([_item(pair, pair.mentor, "dari mentor", key)])
    (again, created_again), (theirs, created) = services.send_messages(
        [_item(pair, pair.mentor, "dari mentor", key), _item(pair, pair.entrepreneur, "dari usaha", key)]
    )
    assert (again.pk, created_again) == (mine.pk, False)
    assert created and theirs.pk != mine.pk and theirs.sender_id == pair.entrepreneur.pk
    assert _seqs(pair.conversation) == [1, 2]


@pytest.mark.django_db
def test_a_batch_compiles_no_select_once_its_shape_was_seen(monkeypatch):
    """The locked conversations, the key look-up and the unread totals: their SQL is compiled once per
    database and shape (``core.db.compiled_once``), not on every batch."""
    from django.db.models.sql.compiler import SQLCompiler

    pairs = [make_pair() for _ in range(3)]
    services.send_messages([_item(p, p.mentor) for p in pairs])  # this shape compiled
    compiled = []
    real = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        if type(self) is SQLCompiler:
            compiled.append(self.query.model)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    results = services.send_messages([_item(p, p.entrepreneur) for p in pairs])
    assert all(created for _message, created in results)
    assert compiled == []


@pytest.mark.django_db
def test_a_key_stored_meanwhile_elsewhere_falls_back_to_one_message_at_a_time(monkeypatch):
    pair = make_pair()
    key = uuid.uuid4()
    real = services._take_rate_tokens

    raced = []

    def race(wanted):
        # Another worker commits the same send between the batch's look-up and its insert (once: the
        # one-message path that follows takes its token through here too).
        if not raced:
            raced.append(True)
            MessageFactory(conversation=pair.conversation, sender=pair.mentor, client_id=key, body="a")
        return real(wanted)

    monkeypatch.setattr(services, "_take_rate_tokens", race)
    results = services.send_messages(
        [_item(pair, pair.mentor, "a", key), _item(pair, pair.entrepreneur, "b")]
    )
    assert [created for _m, created in results] == [True, True]
    assert Message.objects.filter(client_id=key).count() == 1
    assert _seqs(pair.conversation) == [1, 2]


@pytest.mark.django_db
def test_unread_totals_for_many_equal_one_by_one():
    first, second = make_pair(), make_pair(mentor=make_pair().mentor)
    third = make_pair(mentor=second.mentor)
    MessageFactory.create_batch(3, conversation=first.conversation, sender=first.entrepreneur)
    MessageFactory.create_batch(2, conversation=second.conversation, sender=second.entrepreneur)
    MessageFactory.create_batch(4, conversation=third.conversation, sender=third.entrepreneur)
    MessageFactory(conversation=third.conversation, sender=third.mentor)
    ReadMarker.objects.filter(user=third.mentor).delete()  # no marker: everything from others is unread
    people = [first.mentor, first.entrepreneur, second.mentor, third.entrepreneur]
    totals = selectors.unread_totals(user_ids={p.pk for p in people})
    assert totals == {p.pk: selectors.unread_total(user_id=p.pk) for p in people}
    assert totals[second.mentor.pk] == 6


@pytest.mark.django_db
def test_each_message_is_broadcast_and_each_receiver_told_after_commit(django_capture_on_commit_callbacks):
    from channels.layers import get_channel_layer

    first, second = make_pair(), make_pair()
    sent = []

    async def record(group, message):
        sent.append((group, message))

    layer = get_channel_layer()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layer, "group_send", record)
        with django_capture_on_commit_callbacks(execute=True):
            services.send_messages([_item(first, first.mentor, "a"), _item(second, second.entrepreneur, "b")])
    chat = [(g, m["message"]["body"]) for g, m in sent if m["type"] == "chat.message"]
    assert chat == [
        (f"conversation.{first.conversation.pk}", "a"),
        (f"conversation.{second.conversation.pk}", "b"),
    ]
    told = {g: m["event"]["unread_total"] for g, m in sent if m["type"] == "notify"}
    assert told == {f"user.{first.entrepreneur.pk}": 1, f"user.{second.mentor.pk}": 1}


# -- statements per batch (pinned) -------------------------------------------------------------------

# PostgreSQL, any batch size: the idempotency look-up, the locked conversations, the insert with
# counters and markers (one CTE), the receivers' unread totals; + savepoint pair (BEGIN/COMMIT).
BATCH_STATEMENTS_POSTGRESQL = 4 + 2


def _batch_statements(conversations: int, markers: int) -> int:
    if POSTGRESQL:
        return BATCH_STATEMENTS_POSTGRESQL
    # Elsewhere each conversation's counters and each sender's marker are one statement more.
    return 4 + conversations + markers + 2


@pytest.mark.django_db
def test_unread_totals_build_their_sql_once_per_number_of_people(monkeypatch):
    pairs = [make_pair() for _ in range(3)]
    for pair in pairs:
        MessageFactory(conversation=pair.conversation, sender=pair.entrepreneur)
    built = []
    real_query = selectors._unread_totals_query
    monkeypatch.setattr(
        selectors, "_unread_totals_query", lambda ids: built.append(len(ids)) or real_query(ids)
    )
    forget_compiled()
    mentors = [pair.mentor.pk for pair in pairs]
    assert selectors.unread_totals(user_ids={mentors[0], mentors[1]}) == {mentors[0]: 1, mentors[1]: 1}
    assert selectors.unread_totals(user_ids=[mentors[2], pairs[0].entrepreneur.pk]) == {
        mentors[2]: 1,
        pairs[0].entrepreneur.pk: 0,
    }
    assert selectors.unread_totals(user_ids={mentors[2]}) == {mentors[2]: 1}
    assert built == [2, 1]
    # Three people: a statement for three, not padded to four (repeated ids made PostgreSQL plan it
    # several times slower).
    assert selectors.unread_totals(user_ids=set(mentors)) == dict.fromkeys(mentors, 1)
    assert built == [2, 1, 3]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 20])
def test_a_batch_is_one_transaction_in_a_pinned_number_of_statements(size, django_assert_num_queries):
    pairs = [make_pair() for _ in range(min(size, 10))]
    batch = [_item(pairs[i % len(pairs)], pairs[i % len(pairs)].mentor, f"m{i}") for i in range(size)]
    with (
        CaptureQueriesContext(connection) as queries,
        django_assert_num_queries(_batch_statements(len(pairs), len(pairs))),
    ):
        results = services.send_messages(batch)
    assert all(created for _m, created in results)
    assert sum(q["sql"].startswith("SAVEPOINT") for q in queries.captured_queries) == 1  # one transaction
    assert Message.objects.count() == size


# -- concurrent batches (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_over_the_same_conversations_never_deadlock():
    if not POSTGRESQL:
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    pairs = [make_pair() for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer(order: list[int], tag: str) -> None:
        try:
            start.wait()
            for round_ in range(10):
                # Each thread names the conversations in another order: the locks are still taken in id order.
                services.send_messages([_item(pairs[i], pairs[i].mentor, f"{tag}{round_}") for i in order])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    orders = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]]
    threads = [threading.Thread(target=writer, args=(o, str(n))) for n, o in enumerate(orders)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_take_rate_tokens", lambda wanted: wanted)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    for pair in pairs:
        assert _seqs(pair.conversation) == list(range(1, 41))
        assert Conversation.objects.get(pk=pair.conversation.pk).last_seq == 40


# -- through the socket ------------------------------------------------------------------------------


@pytest.fixture
def group_commit(settings):
    settings.CHAT_GROUP_COMMIT = True
    settings.CHAT_GROUP_COMMIT_TICK_MS = 100  # wide enough for a test's frames to share one batch


@pytest.fixture
async def _sockets_and_writer_closed():
    yield
    await close_open_sockets()
    await chat_writer.writer().stop()


def _frame(body, client_id=None):
    return {"type": "send", "client_id": client_id or str(uuid.uuid4()), "body": body}


async def _first_of(socket, kind):
    while True:
        frame = await socket.receive_json_from(timeout=5)
        if frame["type"] == kind:
            return frame


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("group_commit", "_sockets_and_writer_closed")
async def test_sockets_share_one_commit_and_each_ack_follows_it(session_cookie):
    first, second = await database_sync_to_async(make_pair)(), await database_sync_to_async(make_pair)()
    sockets = []
    for pair in (first, second):
        path = f"/ws/chat/{pair.conversation.pk}/"
        for user in (pair.entrepreneur, pair.mentor):
            socket, connected = await open_socket(path, await session_cookie(user))
            assert connected
            sockets.append(socket)
    writer = chat_writer.writer()
    for index, socket in enumerate(sockets):
        await socket.send_json_to(_frame(f"pesan {index}"))
    acks = [await _first_of(socket, "ack") for socket in sockets]
    # Each acked message is committed: another connection sees it.
    stored = await database_sync_to_async(lambda: set(Message.objects.values_list("pk", flat=True)))()
    assert {ack["message"]["id"] for ack in acks} == stored
    assert len(stored) == 4
    assert writer.batches == 1
    assert sorted(ack["message"]["seq"] for ack in acks) == [1, 1, 2, 2]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("group_commit", "_sockets_and_writer_closed")
async def test_a_refused_frame_in_a_batch_gets_its_error_and_the_other_its_ack(session_cookie):
    pair = await database_sync_to_async(make_pair)()
    path = f"/ws/chat/{pair.conversation.pk}/"
    ent, _ = await open_socket(path, await session_cookie(pair.entrepreneur))
    men, _ = await open_socket(path, await session_cookie(pair.mentor))
    await ent.send_json_to(_frame("x" * (MAX_BODY + 1), "11111111-1111-4111-8111-111111111111"))
    await men.send_json_to(_frame("Sudah dicek?"))
    error = await _first_of(ent, "error")
    assert (error["code"], error["client_id"]) == ("too_long", "11111111-1111-4111-8111-111111111111")
    ack = await _first_of(men, "ack")
    assert (ack["message"]["body"], ack["message"]["seq"]) == ("Sudah dicek?", 1)
    assert chat_writer.writer().batches == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("group_commit", "_sockets_and_writer_closed")
async def test_a_failing_batch_answers_unavailable_and_the_retry_is_stored_once(session_cookie, monkeypatch):
    pair = await database_sync_to_async(make_pair)()
    ent, _ = await open_socket(f"/ws/chat/{pair.conversation.pk}/", await session_cookie(pair.entrepreneur))
    real = services.send_messages

    def broken(batch):
        raise RuntimeError("a bug in the batch")

    monkeypatch.setattr(services, "send_messages", broken)
    frame = _frame("Halo")
    await ent.send_json_to(frame)
    error = await ent.receive_json_from(timeout=5)
    assert (error["type"], error["code"], error["client_id"]) == ("error", "unavailable", frame["client_id"])
    assert not await database_sync_to_async(Message.objects.exists)()
    monkeypatch.setattr(services, "send_messages", real)
    await ent.send_json_to(frame)  # the client re-sends under the same client_id
    ack = await _first_of(ent, "ack")
    assert ack["client_id"] == frame["client_id"]
    assert await database_sync_to_async(Message.objects.count)() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("group_commit", "_sockets_and_writer_closed")
async def test_a_database_outage_in_the_writer_closes_the_socket_4503(session_cookie, monkeypatch):
    pair = await database_sync_to_async(make_pair)()
    ent, _ = await open_socket(f"/ws/chat/{pair.conversation.pk}/", await session_cookie(pair.entrepreneur))

    def down(batch):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(services, "send_messages", down)
    await ent.send_json_to(_frame("Halo"))
    assert await ent.receive_output(timeout=5) == {"type": "websocket.close", "code": 4503}


@pytest.mark.django_db(transaction=True)
async def test_a_stopping_writer_commits_what_is_queued_first(settings):
    pair = await database_sync_to_async(make_pair)()
    writer = chat_writer.ChatWriter(max_batch=2, tick=1.0)
    sends = [asyncio.ensure_future(writer.submit(_item(pair, pair.mentor, f"m{i}"))) for i in range(5)]
    for _ in range(3):
        await asyncio.sleep(0)  # queued, not committed: the tick is a second
    assert writer.batches == 0
    await writer.stop()
    payloads = await asyncio.gather(*sends)
    assert [p["seq"] for p in payloads] == [1, 2, 3, 4, 5]
    assert await database_sync_to_async(Message.objects.count)() == 5
    # A stopped writer refuses at once (never a silent wait); writer() starts a new one.
    with pytest.raises(chat_writer.WriterUnavailable):
        await writer.submit(_item(pair, pair.mentor, "late"))
    fresh = chat_writer.writer()
    assert fresh is not writer
    assert (await fresh.submit(_item(pair, pair.mentor, "later")))["seq"] == 6
    await fresh.stop()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("group_commit", "_sockets_and_writer_closed")
async def test_the_ack_and_the_broadcast_do_not_wait_for_the_notifications(session_cookie):
    from core.notifications import event_pushed, events_pushed

    pair = await database_sync_to_async(make_pair)()
    path = f"/ws/chat/{pair.conversation.pk}/"
    ent, _ = await open_socket(path, await session_cookie(pair.entrepreneur))
    men, _ = await open_socket(path, await session_cookie(pair.mentor))
    release = threading.Event()

    def slow_inbox(**kwargs):
        release.wait(10)  # the inbox row of the mentor's notification, stuck

    event_pushed.connect(slow_inbox, dispatch_uid="test-slow-inbox")
    events_pushed.connect(slow_inbox, dispatch_uid="test-slow-inbox-batch")  # the writer's batches
    try:
        await ent.send_json_to(_frame("Halo"))
        ack = await _first_of(ent, "ack")
        message = await _first_of(men, "message")
        assert ack["message"]["id"] == message["message"]["id"]
        assert not release.is_set()
    finally:
        release.set()
        event_pushed.disconnect(dispatch_uid="test-slow-inbox")
        events_pushed.disconnect(dispatch_uid="test-slow-inbox-batch")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("group_commit", "_sockets_and_writer_closed")
async def test_a_batchs_inbox_items_are_stored_together(session_cookie):
    from core.notifications import events_pushed
    from notifications.models import Notification

    pairs = [await database_sync_to_async(make_pair)() for _ in range(2)]
    sockets = []
    for pair in pairs:
        socket, connected = await open_socket(
            f"/ws/chat/{pair.conversation.pk}/", await session_cookie(pair.entrepreneur)
        )
        assert connected
        sockets.append(socket)
    heard = []
    events_pushed.connect(
        lambda **kwargs: heard.append(kwargs["events"]), weak=False, dispatch_uid="test-batch"
    )
    try:
        for socket in sockets:
            await socket.send_json_to(_frame("Stok habis"))
        for socket in sockets:
            await _first_of(socket, "ack")
        for _ in range(100):
            if heard:
                break
            await asyncio.sleep(0.05)
    finally:
        events_pushed.disconnect(dispatch_uid="test-batch")
    assert chat_writer.writer().batches == 1
    assert [sorted(user_id for user_id, _event in events) for events in heard] == [
        sorted(pair.mentor.pk for pair in pairs)
    ]
    mentors = [pair.mentor for pair in pairs]
    inbox = await database_sync_to_async(
        lambda: sorted(
            Notification.objects.filter(recipient__in=mentors, kind="new_message").values_list(
                "recipient_id", flat=True
            )
        )
    )()
    assert inbox == sorted(mentor.pk for mentor in mentors)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("group_commit", "_sockets_and_writer_closed")
async def test_a_batchs_live_sends_go_from_the_event_loop_after_its_inbox_items(session_cookie, monkeypatch):
    from core import notifications
    from notifications.models import Notification

    pair = await database_sync_to_async(make_pair)()
    path = f"/ws/chat/{pair.conversation.pk}/"
    ent, _ = await open_socket(path, await session_cookie(pair.entrepreneur))
    men, _ = await open_socket(path, await session_cookie(pair.mentor))
    notes, connected = await open_socket("/ws/notifications/", await session_cookie(pair.mentor))
    assert connected
    await _first_of(notes, "unread")
    # Each async_to_sync is a hop from a pool thread back to the loop: the writer's fan-out needs none.
    hops = []
    real_async_to_sync = notifications.async_to_sync
    monkeypatch.setattr(notifications, "async_to_sync", lambda fn: hops.append(fn) or real_async_to_sync(fn))
    await ent.send_json_to(_frame("Halo"))
    ack = await _first_of(ent, "ack")
    message = await _first_of(men, "message")
    event = await _first_of(notes, "new_message")
    assert ack["message"]["id"] == message["message"]["id"]
    assert (event["preview"], event["unread_total"]) == ("Halo", 1)
    # The live notification went out after its inbox item was stored.
    stored = await database_sync_to_async(
        lambda: Notification.objects.filter(recipient=pair.mentor, kind="new_message").count()
    )()
    assert stored == 1
    assert hops == []


# -- a stuck writer (the soak of 5 December 2026) -----------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("group_commit", "_sockets_and_writer_closed")
async def test_a_stuck_batch_answers_unavailable_and_the_resend_is_stored_once(
    session_cookie, settings, monkeypatch
):
    settings.CHAT_ACK_TIMEOUT_SECONDS = 0.3
    pair = await database_sync_to_async(make_pair)()
    ent, _ = await open_socket(f"/ws/chat/{pair.conversation.pk}/", await session_cookie(pair.entrepreneur))
    release = threading.Event()
    real = chat_writer.store_batch

    def stuck(batch):
        release.wait(10)  # e.g. a row lock held by a dead worker's transaction
        return real(batch)

    monkeypatch.setattr(chat_writer, "store_batch", stuck)
    try:
        frame = _frame("Halo")
        await ent.send_json_to(frame)
        error = await ent.receive_json_from(timeout=5)
        assert (error["type"], error["code"], error["client_id"]) == (
            "error",
            "unavailable",
            frame["client_id"],
        )
        # The socket is not silenced: its next frame is answered.
        await ent.send_json_to({"type": "sync", "after": 0})
        assert (await _first_of(ent, "messages"))["messages"] == []
    finally:
        release.set()
    monkeypatch.setattr(chat_writer, "store_batch", real)
    await ent.send_json_to(frame)  # the client re-sends under the same client_id
    ack = await _first_of(ent, "ack")
    assert ack["client_id"] == frame["client_id"]
    assert await database_sync_to_async(Message.objects.count)() == 1


@pytest.mark.django_db(transaction=True)
async def test_a_frame_given_up_on_while_queued_is_left_out_of_its_batch(monkeypatch, caplog):
    pair = await database_sync_to_async(make_pair)()
    writer = chat_writer.ChatWriter(ack_timeout=0.3)
    release = threading.Event()
    batches: list[list[str]] = []
    real = chat_writer.store_batch

    def first_batch_stuck(batch):
        batches.append([item.body for item in batch])
        if len(batches) == 1:
            release.wait(10)
        return real(batch)

    monkeypatch.setattr(chat_writer, "store_batch", first_batch_stuck)
    try:
        first = asyncio.ensure_future(writer.submit(_item(pair, pair.mentor, "a")))
        while not batches:  # the first batch is being stored
            await asyncio.sleep(0.01)
        second = asyncio.ensure_future(writer.submit(_item(pair, pair.mentor, "b")))
        for waiting in (first, second):
            with pytest.raises(chat_writer.WriterUnavailable):
                await waiting
    finally:
        release.set()
    # The next frame waits for the stuck batch to finish and then its own: on a busy machine (the full
    # suite on PostgreSQL) longer than the 0.3 s above, which only the two frames before had to miss.
    writer.ack_timeout = 30
    third = await writer.submit(_item(pair, pair.mentor, "c"))
    await writer.stop()
    # "a" was in the stuck batch and committed with it (its re-send would get it); "b" was never stored.
    assert batches == [["a"], ["c"]]
    stored = await database_sync_to_async(lambda: list(Message.objects.values_list("body", "seq")))()
    assert sorted(stored) == [("a", 1), ("c", 2)]
    assert third["seq"] == 2
    assert writer.timed_out == 2
    # One warning, not one per frame (an overloaded writer would flood the log).
    warnings = [r.getMessage() for r in caplog.records if r.name == "mentoring.chat_writer"]
    assert len(warnings) == 1
    assert warnings[0].startswith("chat writer: 1 message(s) without an answer after 0 s")
