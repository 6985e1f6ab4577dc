"""Malformed frames, oversized frames and unknown paths: a documented answer, never a traceback."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from channels.db import database_sync_to_async

from mentoring.models import Message
from tests.mentoring.conftest import close_open_sockets, open_socket

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_ID = "9b2f3c7e-8d7f-4a57-9f0e-3b8a2f1c5d6e"


@pytest.fixture(autouse=True)
async def _disconnect_after_each_test():
    yield
    await close_open_sockets()


def no_errors_logged(caplog) -> bool:
    return not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def entrepreneur_chat(pair, session_cookie):
    chat, connected = await open_socket(
        f"/ws/chat/{pair.conversation.pk}/", await session_cookie(pair.entrepreneur)
    )
    assert connected
    return chat


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ('{"type": ["send"]}', "unknown_type"),
        ('{"type": {"send": 1}}', "unknown_type"),
        ('{"type": 5}', "unknown_type"),
        ('{"type": null}', "unknown_type"),
        ("[" * 5000 + "]" * 5000, "invalid_json"),
        ('{"type": "send", "body": ' + "[" * 5000 + "]" * 5000 + "}", "invalid_json"),
        ("{" * 3000, "invalid_json"),
        ('"send"', "invalid"),
        ("null", "invalid"),
        ("42", "invalid"),
        ('{"type": "send", "client_id": ["x"], "body": "hai"}', "invalid"),
        ('{"type": "send", "client_id": {"a": 1}, "body": "hai"}', "invalid"),
        ('{"type": "send", "client_id": 7, "body": "hai"}', "invalid"),
        (f'{{"type": "send", "client_id": "{CLIENT_ID}", "body": ["hai"]}}', "invalid"),
        (f'{{"type": "send", "client_id": "{CLIENT_ID}", "body": {{"a": "b"}}}}', "invalid"),
        (f'{{"type": "send", "client_id": "{CLIENT_ID}", "body": ' + "[" * 500 + "]" * 500 + "}", "invalid"),
        ('{"type": "sync", "after": [1]}', "invalid"),
        ('{"type": "sync", "after": {"a": 1}}', "invalid"),
        ('{"type": "sync", "after": 1e400}', "invalid"),
        ('{"type": "sync", "after": NaN}', "invalid"),
        ('{"type": "read", "up_to": [1]}', "invalid"),
        ('{"type": "read", "up_to": "1e999"}', "invalid"),
    ],
)
async def test_malformed_frames_answer_an_error_and_keep_the_connection(
    pair, session_cookie, caplog, raw, code
):
    chat = await entrepreneur_chat(pair, session_cookie)
    await chat.send_to(text_data=raw)
    frame = await chat.receive_json_from(timeout=3)
    assert frame["type"] == "error"
    assert frame["code"] == code
    assert frame["message"]
    await chat.send_json_to({"type": "sync", "after": 0})
    assert (await chat.receive_json_from(timeout=3))["type"] == "messages"
    assert await database_sync_to_async(Message.objects.count)() == 0
    assert no_errors_logged(caplog)


async def test_a_frame_of_exactly_64_kilobytes_is_read(pair, session_cookie):
    chat = await entrepreneur_chat(pair, session_cookie)
    frame = json.dumps({"type": "sync", "after": 0, "pad": ""})
    frame = frame.replace('"pad": ""', '"pad": "' + "x" * (64 * 1024 - len(frame)) + '"')
    assert len(frame.encode()) == 64 * 1024
    await chat.send_to(text_data=frame)
    assert (await chat.receive_json_from(timeout=3))["type"] == "messages"


@pytest.mark.parametrize("unit", ["x", "é"], ids=["ascii", "two-byte characters"])
async def test_a_text_frame_over_64_kilobytes_closes_with_4413(pair, session_cookie, caplog, unit):
    chat = await entrepreneur_chat(pair, session_cookie)
    body = unit * (64 * 1024 // len(unit.encode()))  # just over 64 KB once wrapped in JSON
    await chat.send_to(text_data=json.dumps({"type": "send", "client_id": str(uuid.uuid4()), "body": body}))
    assert await chat.receive_output(timeout=3) == {"type": "websocket.close", "code": 4413}
    assert await database_sync_to_async(Message.objects.count)() == 0
    assert no_errors_logged(caplog)


async def test_a_binary_frame_over_64_kilobytes_closes_with_4413(pair, session_cookie):
    chat = await entrepreneur_chat(pair, session_cookie)
    await chat.send_to(bytes_data=b"\0" * (64 * 1024 + 1))
    assert await chat.receive_output(timeout=3) == {"type": "websocket.close", "code": 4413}


async def test_the_notification_stream_closes_on_a_frame_over_64_kilobytes(pair, session_cookie):
    notes, _ = await open_socket("/ws/notifications/", await session_cookie(pair.entrepreneur))
    await notes.receive_json_from(timeout=3)
    await notes.send_to(text_data="x" * (64 * 1024 + 1))
    assert await notes.receive_output(timeout=3) == {"type": "websocket.close", "code": 4413}


@pytest.mark.parametrize(
    "path", ["/ws/nope/", "/ws/chat/abc/", "/ws/chat/1", "/ws/", "/ws/chat/1/extra/", "/ws/notifications"]
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
async def test_an_unknown_socket_path_is_refused_at_the_handshake(
    pair, session_cookie, caplog, path, signed_in
):
    cookie = await session_cookie(pair.entrepreneur) if signed_in else None
    _communicator, connected = await open_socket(path, cookie)
    assert connected is False
    assert no_errors_logged(caplog)


async def test_a_conversation_id_too_large_for_the_database_is_unknown(pair, session_cookie, caplog):
    chat, _ = await open_socket("/ws/chat/99999999999999999999999/", await session_cookie(pair.entrepreneur))
    assert await chat.receive_output(timeout=3) == {"type": "websocket.close", "code": 4404}
    assert no_errors_logged(caplog)
