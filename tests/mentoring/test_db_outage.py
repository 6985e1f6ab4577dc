"""The socket stack under faults: a database outage closes with 4503 ("try again"), a socket that
just closed drops a late broadcast; neither logs a traceback."""

from __future__ import annotations

import logging
import uuid

import pytest
from channels.testing import WebsocketCommunicator
from django.db import OperationalError

from mentoring import chat_writer, consumers, services
from mentoring.models import Message
from tests.mentoring.conftest import close_open_sockets, open_socket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
async def _disconnect_after_each_test():
    yield
    await close_open_sockets()


async def _failing_before_accept(scope, receive, send):
    await receive()  # websocket.connect
    raise OperationalError("connection refused")


async def _failing_after_accept(scope, receive, send):
    await receive()
    await send({"type": "websocket.accept"})
    await receive()  # the first frame
    raise OperationalError("server closed the connection unexpectedly")


async def test_an_outage_at_the_handshake_accepts_then_closes_with_4503(caplog):
    communicator = WebsocketCommunicator(consumers.DatabaseUnavailableGuard(_failing_before_accept), "/ws/x/")
    with caplog.at_level(logging.WARNING, logger="tumbuh.unavailable"):
        connected, _ = await communicator.connect()
        assert connected
        output = await communicator.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": consumers.CLOSE_TRY_AGAIN}
    assert "database unavailable" in caplog.text
    assert "Traceback" not in caplog.text


async def test_an_outage_on_an_open_socket_closes_it_with_4503():
    communicator = WebsocketCommunicator(consumers.DatabaseUnavailableGuard(_failing_after_accept), "/ws/x/")
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_to(text_data="{}")
    output = await communicator.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": consumers.CLOSE_TRY_AGAIN}


@pytest.mark.parametrize("group_commit", [False, True], ids=["per-message", "group-commit"])
async def test_a_send_during_an_outage_closes_4503_and_the_retry_stores_once(
    pair, session_cookie, monkeypatch, settings, group_commit
):
    """Through the real stack: the store fails, the socket closes with 4503; the client's retry with the
    same client id after reconnecting stores the message once. On both store paths (the one-message
    service, and the batch of the worker's writer, mentoring/chat_writer.py)."""
    settings.CHAT_GROUP_COMMIT = group_commit
    path = f"/ws/chat/{pair.conversation.pk}/"
    socket, ok = await open_socket(path, await session_cookie(pair.mentor))
    assert ok
    store = "send_messages" if group_commit else "send_message"
    real_send = getattr(services, store)

    def down(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(services, store, down)
    client_id = str(uuid.uuid4())
    await socket.send_json_to({"type": "send", "client_id": client_id, "body": "Halo"})
    output = await socket.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": consumers.CLOSE_TRY_AGAIN}

    monkeypatch.setattr(services, store, real_send)
    again, ok = await open_socket(path, await session_cookie(pair.mentor))
    assert ok
    for _ in range(2):  # the retry, then a duplicate retry
        await again.send_json_to({"type": "send", "client_id": client_id, "body": "Halo"})
        frame = await again.receive_json_from(timeout=3)
        while frame["type"] != "ack":
            frame = await again.receive_json_from(timeout=3)
    stored = await consumers.db_call(lambda: list(Message.objects.values_list("client_id", flat=True)))()
    assert [str(c) for c in stored] == [client_id]
    await chat_writer.writer().stop()


@pytest.mark.skipif(consumers.SocketGone == (), reason="daphne's autobahn is not installed")
async def test_a_broadcast_to_a_socket_that_just_closed_is_dropped_quietly():
    consumer = consumers.ChatConsumer()

    async def gone(**kwargs):
        raise consumers.SocketGone("Attempt to send on a closed protocol")

    consumer.send = gone
    await consumer.send_json({"type": "message", "message": {}})  # no exception, no traceback


async def test_a_redis_outage_closes_with_4503_too(caplog):
    from redis.exceptions import ConnectionError as RedisConnectionError

    async def layer_down(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        raise RedisConnectionError("Connection closed by server.")

    communicator = WebsocketCommunicator(consumers.DatabaseUnavailableGuard(layer_down), "/ws/x/")
    with caplog.at_level(logging.WARNING, logger="tumbuh.unavailable"):
        connected, _ = await communicator.connect()
        assert connected
        output = await communicator.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": consumers.CLOSE_TRY_AGAIN}
    assert "channel layer unavailable" in caplog.text


async def test_other_errors_are_not_swallowed():
    async def bug(scope, receive, send):
        await receive()
        raise ValueError("a bug")

    communicator = WebsocketCommunicator(consumers.DatabaseUnavailableGuard(bug), "/ws/x/")
    with pytest.raises(ValueError, match="a bug"):
        await communicator.connect()
