"""The chat protocol (docs/chat-protocol.md) through the real ASGI router and real session cookies."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from incubator import services as incubator_services
from incubator.models import CompanionAssignment, CompanionRole
from mentoring import services
from mentoring.models import Message, ReadMarker
from tests.incubator.factories import MentorProfileFactory
from tests.mentoring.conftest import close_open_sockets, open_socket
from tests.mentoring.factories import MessageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
async def _disconnect_after_each_test():
    yield
    await close_open_sockets()


def chat_path(pair) -> str:
    return f"/ws/chat/{pair.conversation.pk}/"


async def expect_close(communicator, code: int) -> None:
    output = await communicator.receive_output(timeout=2)
    assert output["type"] == "websocket.close"
    assert output["code"] == code


async def both(pair, session_cookie):
    """The entrepreneur's and the mentor's sockets on their conversation."""
    ent, ok1 = await open_socket(chat_path(pair), await session_cookie(pair.entrepreneur))
    men, ok2 = await open_socket(chat_path(pair), await session_cookie(pair.mentor))
    assert ok1 and ok2
    return ent, men


async def send_frame(communicator, **frame):
    await communicator.send_json_to(frame)
    return await communicator.receive_json_from(timeout=3)


# -- who may connect -------------------------------------------------------------------------


async def test_anonymous_is_closed_with_4401(pair):
    communicator, connected = await open_socket(chat_path(pair))
    assert connected
    await expect_close(communicator, 4401)


async def test_unknown_conversation_is_closed_with_4404(pair, session_cookie):
    communicator, _ = await open_socket("/ws/chat/999999/", await session_cookie(pair.mentor))
    await expect_close(communicator, 4404)


async def test_non_participant_is_closed_with_4403(pair, session_cookie):
    stranger = await database_sync_to_async(lambda: MentorProfileFactory().user)()
    communicator, _ = await open_socket(chat_path(pair), await session_cookie(stranger))
    await expect_close(communicator, 4403)


async def test_former_companion_is_closed_with_4403_after_reassignment(pair, session_cookie):
    def reassign():
        newcomer = MentorProfileFactory().user
        incubator_services.assign_companion(
            pair.profile, newcomer, role=CompanionRole.MENTOR, by=pair.manager
        )

    await database_sync_to_async(reassign)()
    communicator, _ = await open_socket(chat_path(pair), await session_cookie(pair.mentor))
    await expect_close(communicator, 4403)


async def test_cross_origin_handshake_is_refused(pair, session_cookie):
    _communicator, connected = await open_socket(
        chat_path(pair), await session_cookie(pair.mentor), origin=(b"origin", b"https://evil.example")
    )
    assert not connected


async def test_open_socket_of_the_former_companion_closes_on_reassignment(pair, session_cookie):
    ent, men = await both(pair, session_cookie)

    def reassign():
        newcomer = MentorProfileFactory().user
        incubator_services.assign_companion(
            pair.profile, newcomer, role=CompanionRole.MENTOR, by=pair.manager
        )

    await database_sync_to_async(reassign)()
    await expect_close(men, 4403)
    await expect_close(ent, 4403)


async def test_open_sockets_close_when_the_assignment_ends_without_a_replacement(pair, session_cookie):
    ent, men = await both(pair, session_cookie)

    def end():
        assignment = CompanionAssignment.objects.get(
            profile=pair.profile, companion=pair.mentor, ended_at__isnull=True
        )
        incubator_services.end_assignment(assignment, by=pair.manager, reason="Pindah tugas")

    await database_sync_to_async(end)()
    await expect_close(men, 4403)
    await expect_close(ent, 4403)


# -- send, ack, broadcast, idempotency ---------------------------------------------------------


async def test_send_acks_after_commit_and_reaches_every_open_socket(pair, session_cookie):
    ent, men = await both(pair, session_cookie)
    second_tab, _ = await open_socket(chat_path(pair), await session_cookie(pair.entrepreneur))
    client_id = str(uuid.uuid4())

    await ent.send_json_to({"type": "send", "client_id": client_id, "body": "Halo Pak, <b>stok</b> habis"})
    frames = [await ent.receive_json_from(timeout=3), await ent.receive_json_from(timeout=3)]
    ack = next(f for f in frames if f["type"] == "ack")
    assert ack["client_id"] == client_id
    message = ack["message"]
    assert set(message) == {"id", "seq", "client_id", "sender", "body", "attachment", "created_at"}
    assert message["body"] == "Halo Pak, <b>stok</b> habis"
    assert message["sender"]["id"] == pair.entrepreneur.pk
    assert message["sender"]["role"] == "entrepreneur"
    assert message["attachment"] is None
    stored = await database_sync_to_async(Message.objects.get)(pk=message["id"])
    assert str(stored.client_id) == client_id

    for socket in (men, second_tab):
        frame = await socket.receive_json_from(timeout=3)
        assert frame == {"type": "message", "message": message}


async def test_frames_and_group_events_skip_the_shared_sync_thread(pair, session_cookie, monkeypatch):
    """Channels' dispatch would queue ``close_old_connections`` on the worker's one shared sync
    thread before every frame and every group event; the chat's database calls close old
    connections in their own threads, so a message costs no hop there on either side."""
    hops = []

    async def counted():
        hops.append(1)

    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)
    ent, men = await both(pair, session_cookie)
    await ent.send_json_to({"type": "send", "client_id": str(uuid.uuid4()), "body": "Stok habis"})
    frames = [await ent.receive_json_from(timeout=3), await ent.receive_json_from(timeout=3)]
    assert {f["type"] for f in frames} == {"ack", "message"}
    assert (await men.receive_json_from(timeout=3))["type"] == "message"

    assert hops == []


async def test_resending_a_known_client_id_answers_the_original_ack_and_broadcasts_nothing(
    pair, session_cookie
):
    ent, men = await both(pair, session_cookie)
    client_id = str(uuid.uuid4())
    await ent.send_json_to({"type": "send", "client_id": client_id, "body": "Sudah saya kirim"})
    first = [await ent.receive_json_from(timeout=3) for _ in range(2)]
    ack = next(f for f in first if f["type"] == "ack")
    await men.receive_json_from(timeout=3)

    again = await send_frame(ent, type="send", client_id=client_id, body="Sudah saya kirim (lagi)")
    assert again == ack
    assert await men.receive_nothing(timeout=0.3)
    assert await ent.receive_nothing(timeout=0.1)
    assert await database_sync_to_async(Message.objects.filter(client_id=client_id).count)() == 1


async def test_every_acked_message_is_in_the_database(pair, session_cookie):
    ent, men = await both(pair, session_cookie)
    acks: dict[str, int] = {}
    for index in range(15):
        for socket in (ent, men):
            client_id = str(uuid.uuid4())
            await socket.send_json_to({"type": "send", "client_id": client_id, "body": f"pesan {index}"})
    for socket in (ent, men):
        # 15 acks of its own plus 30 broadcasts (its own and the other's) on each socket.
        for _ in range(45):
            frame = await socket.receive_json_from(timeout=3)
            if frame["type"] == "ack":
                acks[frame["client_id"]] = frame["message"]["id"]
    assert len(acks) == 30
    stored = await database_sync_to_async(
        lambda: {str(c): pk for pk, c in Message.objects.values_list("pk", "client_id")}
    )()
    assert stored == acks


# -- sync ------------------------------------------------------------------------------------


async def test_sync_pages_by_one_hundred_oldest_first(pair, session_cookie):
    def fill():
        MessageFactory.create_batch(150, conversation=pair.conversation, sender=pair.mentor)
        return list(Message.objects.order_by("pk").values_list("pk", flat=True))

    ids = await database_sync_to_async(fill)()
    ent, _men = await both(pair, session_cookie)

    first = await send_frame(ent, type="sync", after=0)
    assert first["type"] == "messages"
    assert [m["id"] for m in first["messages"]] == ids[:100]
    assert first["has_more"] is True
    second = await send_frame(ent, type="sync", after=first["messages"][-1]["id"])
    assert [m["id"] for m in second["messages"]] == ids[100:]
    assert second["has_more"] is False
    empty = await send_frame(ent, type="sync", after=ids[-1])
    assert empty == {"type": "messages", "messages": [], "has_more": False}


# -- typing and read ---------------------------------------------------------------------------


async def test_typing_reaches_only_the_other_side(pair, session_cookie):
    ent, men = await both(pair, session_cookie)
    await ent.send_json_to({"type": "typing"})
    assert await men.receive_json_from(timeout=3) == {"type": "typing", "user": pair.entrepreneur.pk}
    assert await ent.receive_nothing(timeout=0.2)


async def test_read_moves_the_marker_and_tells_the_other_side(pair, session_cookie):
    def fill():
        return [
            m.pk for m in MessageFactory.create_batch(3, conversation=pair.conversation, sender=pair.mentor)
        ]

    ids = await database_sync_to_async(fill)()
    ent, men = await both(pair, session_cookie)
    await ent.send_json_to({"type": "read", "up_to": ids[1]})
    assert await men.receive_json_from(timeout=3) == {
        "type": "read",
        "user": pair.entrepreneur.pk,
        "up_to": ids[1],
    }
    marker = await database_sync_to_async(ReadMarker.objects.get)(
        conversation=pair.conversation, user=pair.entrepreneur
    )
    assert marker.last_read_id == ids[1]

    # Never past the last message, never backwards.
    await ent.send_json_to({"type": "read", "up_to": ids[-1] + 1000})
    assert (await men.receive_json_from(timeout=3))["up_to"] == ids[-1]
    await ent.send_json_to({"type": "read", "up_to": ids[0]})
    assert await men.receive_nothing(timeout=0.2)
    await database_sync_to_async(marker.refresh_from_db)()
    assert marker.last_read_id == ids[-1]


# -- errors keep the connection open -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "invalid_json"),
        ("[1, 2]", "invalid"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"body": "no type"}', "unknown_type"),
        ('{"type": "send", "client_id": "not-a-uuid", "body": "hai"}', "invalid"),
        ('{"type": "send", "client_id": "9b2f3c7e-8d7f-4a57-9f0e-3b8a2f1c5d6e", "body": 5}', "invalid"),
        ('{"type": "send", "client_id": "9b2f3c7e-8d7f-4a57-9f0e-3b8a2f1c5d6e", "body": "   "}', "empty"),
        ('{"type": "send", "client_id": "9b2f3c7e-8d7f-4a57-9f0e-3b8a2f1c5d6e"}', "invalid"),
        ('{"type": "sync", "after": "abc"}', "invalid"),
        ('{"type": "read", "up_to": null}', "invalid"),
    ],
)
async def test_bad_frames_get_an_error_and_the_connection_stays_open(pair, session_cookie, raw, code):
    ent, _men = await both(pair, session_cookie)
    await ent.send_to(text_data=raw)
    frame = await ent.receive_json_from(timeout=3)
    assert frame["type"] == "error"
    assert frame["code"] == code
    assert frame["message"]
    assert (await send_frame(ent, type="sync", after=0))["type"] == "messages"
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_too_long_message_is_refused_with_its_client_id(pair, session_cookie):
    ent, _men = await both(pair, session_cookie)
    client_id = str(uuid.uuid4())
    frame = await send_frame(ent, type="send", client_id=client_id, body="a" * 4001)
    assert frame["code"] == "too_long"
    assert frame["client_id"] == client_id
    ok = await send_frame(ent, type="send", client_id=str(uuid.uuid4()), body="a" * 4000)
    assert ok["type"] in {"ack", "message"}


async def test_rate_limit_answers_rate_limited_after_twenty_in_ten_seconds(pair, session_cookie, monkeypatch):
    monkeypatch.setattr(services.time, "time", lambda: 1_000_000.0)
    ent, _men = await both(pair, session_cookie)
    for index in range(20):
        await ent.send_json_to({"type": "send", "client_id": str(uuid.uuid4()), "body": f"cepat {index}"})
        await ent.receive_json_from(timeout=3)
        await ent.receive_json_from(timeout=3)
    client_id = str(uuid.uuid4())
    frame = await send_frame(ent, type="send", client_id=client_id, body="satu lagi")
    assert frame["code"] == "rate_limited"
    assert frame["client_id"] == client_id
    assert await database_sync_to_async(Message.objects.count)() == 20
    # The next window lets the same client_id through.
    monkeypatch.setattr(services.time, "time", lambda: 1_000_011.0)
    await ent.send_json_to({"type": "send", "client_id": client_id, "body": "satu lagi"})
    kinds = {(await ent.receive_json_from(timeout=3))["type"] for _ in range(2)}
    assert kinds == {"ack", "message"}


async def test_writing_after_the_assignment_ended_is_forbidden_even_if_the_close_was_lost(
    pair, session_cookie
):
    ent, _men = await both(pair, session_cookie)

    def end():
        # Ended without the close event reaching this socket (channel layers deliver at most once):
        # the service still refuses the write.
        from django.utils import timezone

        CompanionAssignment.objects.filter(profile=pair.profile, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )

    await database_sync_to_async(end)()
    frame = await send_frame(ent, type="send", client_id=str(uuid.uuid4()), body="Masih di sana?")
    assert frame["code"] == "forbidden"
    assert (await send_frame(ent, type="sync", after=0))["type"] == "messages"


async def test_frames_over_64_kilobytes_close_with_4413(pair, session_cookie):
    # Was 1009, which daphne refuses to send (it allows only 1000 and 3000-4999): see the protocol doc.
    ent, _men = await both(pair, session_cookie)
    big = json.dumps({"type": "send", "client_id": str(uuid.uuid4()), "body": "x" * (64 * 1024)})
    await ent.send_to(text_data=big)
    await expect_close(ent, 4413)
    assert await database_sync_to_async(Message.objects.count)() == 0


# -- sessions ending ---------------------------------------------------------------------------


async def test_signing_out_elsewhere_closes_that_sessions_sockets(pair, session_cookie):
    def signed_in_client():
        client = Client()
        client.force_login(pair.entrepreneur)
        return client

    client = await database_sync_to_async(signed_in_client)()
    cookie = client.cookies["sessionid"].value
    chat, _ = await open_socket(chat_path(pair), cookie)
    notes, _ = await open_socket("/ws/notifications/", cookie)
    await notes.receive_json_from(timeout=3)  # the initial unread count
    other_session, _ = await open_socket(chat_path(pair), await session_cookie(pair.entrepreneur))

    await database_sync_to_async(client.post)("/accounts/logout/")
    await expect_close(chat, 4401)
    await expect_close(notes, 4401)
    assert await other_session.receive_nothing(timeout=0.2)


# -- the notification stream -------------------------------------------------------------------


async def test_notifications_refuse_anonymous():
    communicator, _ = await open_socket("/ws/notifications/")
    await expect_close(communicator, 4401)


async def test_notifications_carry_unread_counts_and_new_messages(pair, session_cookie):
    await database_sync_to_async(MessageFactory)(conversation=pair.conversation, sender=pair.mentor)
    notes, connected = await open_socket("/ws/notifications/", await session_cookie(pair.entrepreneur))
    assert connected
    assert await notes.receive_json_from(timeout=3) == {"type": "unread", "unread_total": 1}

    men, _ = await open_socket(chat_path(pair), await session_cookie(pair.mentor))
    await men.send_json_to(
        {"type": "send", "client_id": str(uuid.uuid4()), "body": "Jangan lupa catat penjualan"}
    )
    event = await notes.receive_json_from(timeout=3)
    assert event == {
        "type": "new_message",
        "conversation_id": pair.conversation.pk,
        "sender_name": pair.mentor.full_name,
        "preview": "Jangan lupa catat penjualan",
        "unread_total": 2,
    }
    last_id = (await men.receive_json_from(timeout=3))["message"]["id"]

    ent, _ = await open_socket(chat_path(pair), await session_cookie(pair.entrepreneur))
    await ent.send_json_to({"type": "read", "up_to": last_id})
    assert await notes.receive_json_from(timeout=3) == {"type": "unread", "unread_total": 0}


async def test_a_deleted_session_is_noticed_on_the_next_frame(pair, session_cookie, monkeypatch):
    from django.contrib.sessions.models import Session

    from mentoring import consumers

    cookie = await session_cookie(pair.entrepreneur)
    ent, _ = await open_socket(chat_path(pair), cookie)
    monkeypatch.setattr(consumers, "SESSION_RECHECK_SECONDS", 0)
    await database_sync_to_async(Session.objects.filter(session_key=cookie).delete)()
    await ent.send_json_to({"type": "sync", "after": 0})
    await expect_close(ent, 4401)


async def test_notifications_announce_a_logged_session(pair, session_cookie):
    from django.utils import timezone

    notes, _ = await open_socket("/ws/notifications/", await session_cookie(pair.entrepreneur))
    await notes.receive_json_from(timeout=3)
    session = await database_sync_to_async(services.log_session)(
        pair.profile, by=pair.mentor, date=timezone.localdate(), mode="visit", topics="Etalase"
    )
    assert await notes.receive_json_from(timeout=3) == {
        "type": "session_logged",
        "session_id": session.pk,
        "date": session.date.isoformat(),
    }
