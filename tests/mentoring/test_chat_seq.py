"""Per-conversation sequence numbers (docs/chat-protocol.md, "Sequence numbers"): contiguous under
concurrent sends, carried by every ack and message frame, and a dropped broadcast is found again by
the client's gap sync. The client's gap detection (chat-seq.js) runs under node."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import threading
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.db.models import F

from core import notifications
from mentoring import services
from mentoring.models import Conversation, Message
from tests.mentoring.conftest import close_open_sockets, open_socket
from tests.mentoring.factories import MessageFactory, make_pair

ROOT = Path(__file__).resolve().parents[2]


def _send(pair, sender, body="Halo"):
    message, _created = services.send_message(
        pair.conversation, sender=sender, body=body, client_id=uuid.uuid4()
    )
    return message


def _seqs(conversation) -> list[int]:
    return list(
        Message.objects.filter(conversation=conversation).order_by("pk").values_list("seq", flat=True)
    )


@pytest.mark.django_db
def test_each_conversation_counts_its_own_messages_from_one():
    first, second = make_pair(), make_pair()
    for index in range(3):
        _send(first, first.entrepreneur, f"a{index}")
        _send(second, second.mentor, f"b{index}")
        _send(first, first.mentor, f"c{index}")
    assert _seqs(first.conversation) == [1, 2, 3, 4, 5, 6]
    assert _seqs(second.conversation) == [1, 2, 3]
    assert Conversation.objects.get(pk=first.conversation.pk).last_seq == 6


@pytest.mark.django_db
def test_a_retry_takes_no_number():
    pair = make_pair()
    client_id = uuid.uuid4()
    services.send_message(pair.conversation, sender=pair.mentor, body="a", client_id=client_id)
    again, created = services.send_message(
        pair.conversation, sender=pair.mentor, body="a", client_id=client_id
    )
    assert (again.seq, created) == (1, False)
    assert _send(pair, pair.mentor).seq == 2


@pytest.mark.django_db
def test_a_refused_message_takes_no_number():
    pair = make_pair()
    _send(pair, pair.mentor)
    with pytest.raises(services.MentoringError):
        services.send_message(pair.conversation, sender=pair.mentor, body="   ", client_id=uuid.uuid4())
    assert _send(pair, pair.mentor).seq == 2


@pytest.mark.django_db
def test_the_data_migration_numbers_existing_messages_in_id_order():
    migration = importlib.import_module("mentoring.migrations.0005_message_seq")
    first, second = make_pair(), make_pair()
    for index in range(4):
        _send(first, first.mentor, f"a{index}")
        _send(second, second.entrepreneur, f"b{index}")
    # As before the migration: no numbers (unique placeholders here, the column is NOT NULL now).
    Message.objects.update(seq=F("id") + 1000)
    Conversation.objects.update(last_seq=0)
    migration.number_messages(None, SimpleNamespace(connection=connection))
    assert _seqs(first.conversation) == [1, 2, 3, 4]
    assert _seqs(second.conversation) == [1, 2, 3, 4]
    assert set(Conversation.objects.values_list("last_seq", flat=True)) == {4}
    assert _send(first, first.mentor).seq == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_get_contiguous_numbers_in_id_order():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    pair = make_pair()
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def sender(user, count):
        try:
            start.wait()
            for index in range(count):
                _send(pair, user, f"{user.pk}-{index}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    users = [pair.entrepreneur, pair.mentor, pair.entrepreneur, pair.mentor]
    threads = [threading.Thread(target=sender, args=(user, 15)) for user in users]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_take_rate_token", lambda user_id: None)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert _seqs(pair.conversation) == list(range(1, 61))
    assert Conversation.objects.get(pk=pair.conversation.pk).last_seq == 60


def test_the_client_notices_a_gap_and_syncs():
    node = shutil.which("node") or "/usr/bin/node"
    result = subprocess.run(
        [node, str(ROOT / "tests/mentoring/chat_seq.test.js")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "N+2 after N: sync after N's id at once" in result.stdout


# -- through the consumer ------------------------------------------------------------------------


@pytest.fixture
async def _disconnect_after_each_test():
    yield
    await close_open_sockets()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_disconnect_after_each_test")
async def test_ack_and_message_frames_carry_the_next_seq(session_cookie):
    pair = await database_sync_to_async(make_pair)()
    await database_sync_to_async(MessageFactory.create_batch)(
        2, conversation=pair.conversation, sender=pair.mentor
    )
    path = f"/ws/chat/{pair.conversation.pk}/"
    ent, _ = await open_socket(path, await session_cookie(pair.entrepreneur))
    men, _ = await open_socket(path, await session_cookie(pair.mentor))
    await ent.send_json_to({"type": "send", "client_id": str(uuid.uuid4()), "body": "Halo"})
    frames = [await ent.receive_json_from(timeout=3) for _ in range(2)]
    assert {f["type"]: f["message"]["seq"] for f in frames} == {"ack": 3, "message": 3}
    assert (await men.receive_json_from(timeout=3))["message"]["seq"] == 3
    assert await ent.receive_nothing(timeout=0.1)
    await ent.send_json_to({"type": "sync", "after": 0})
    answer = await ent.receive_json_from(timeout=3)
    assert [m["seq"] for m in answer["messages"]] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_disconnect_after_each_test")
async def test_a_dropped_broadcast_shows_as_a_gap_and_sync_returns_it(session_cookie, monkeypatch):
    pair = await database_sync_to_async(make_pair)()
    path = f"/ws/chat/{pair.conversation.pk}/"
    men, _ = await open_socket(path, await session_cookie(pair.mentor))
    ent, _ = await open_socket(path, await session_cookie(pair.entrepreneur))
    real_send = notifications.send_after_commit
    broadcasts = []

    def lossy(group, message, **kwargs):
        # The channel layer delivers at most once: the second chat message never reaches any socket.
        if message.get("type") == "chat.message":
            broadcasts.append(message)
            if len(broadcasts) == 2:
                return
        real_send(group, message, **kwargs)

    monkeypatch.setattr(notifications, "send_after_commit", lossy)
    for index in range(3):
        await ent.send_json_to({"type": "send", "client_id": str(uuid.uuid4()), "body": f"pesan {index}"})
    received = [await men.receive_json_from(timeout=3) for _ in range(2)]
    assert [f["message"]["seq"] for f in received] == [1, 3]  # N+2 after N: a gap
    # What chat.js does on the gap: sync after the id of the last contiguous message.
    await men.send_json_to({"type": "sync", "after": received[0]["message"]["id"]})
    answer = await men.receive_json_from(timeout=3)
    assert answer["type"] == "messages"
    assert [m["seq"] for m in answer["messages"]] == [2, 3]
    assert answer["messages"][0]["body"] == "pesan 1"
