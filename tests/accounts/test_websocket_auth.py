"""The socket door: only signed-in people, only from our own origin."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from tests.factories import EntrepreneurUserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def session_headers(user, origin: bytes = b"http://localhost") -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [(b"origin", origin), (b"cookie", cookie.encode())]


async def test_anonymous_socket_is_closed_with_4401():
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"origin", b"http://localhost")]
    )
    connected, _ = await communicator.connect()
    # Accepted first, then closed with 4401: a browser only sees a close code after the handshake.
    assert connected
    assert await communicator.receive_output(timeout=2) == {"type": "websocket.close", "code": 4401}


async def test_cross_origin_socket_is_refused():
    from asgiref.sync import sync_to_async

    user = await sync_to_async(EntrepreneurUserFactory)()
    headers = await sync_to_async(session_headers)(user, origin=b"http://evil.example")
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


async def test_signed_in_socket_is_accepted_and_hears_its_own_events():
    from asgiref.sync import sync_to_async
    from channels.layers import get_channel_layer

    from core.notifications import user_group

    user = await sync_to_async(EntrepreneurUserFactory)()
    headers = await sync_to_async(session_headers)(user)
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    await get_channel_layer().group_send(user_group(user.pk), {"type": "notify", "event": {"type": "ping"}})
    received = [await communicator.receive_json_from(timeout=2) for _ in range(2)]
    assert {"type": "ping"} in received
    await communicator.disconnect()
