from __future__ import annotations

import contextlib

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from tests.mentoring.factories import make_pair

ORIGIN = (b"origin", b"http://localhost")
OPEN_SOCKETS: list[WebsocketCommunicator] = []


@pytest.fixture
def pair(db):
    return make_pair()


@pytest.fixture
def session_cookie():
    """``await session_cookie(user)``: a real signed-in session's cookie value, as a browser would send it."""

    @database_sync_to_async
    def make(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    return make


async def open_socket(path: str, cookie: str | None = None, *, origin: tuple = ORIGIN):
    """A communicator through the real ASGI router (origin check, session auth, URL routing)."""
    from config.asgi import application

    headers = [origin]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    OPEN_SOCKETS.append(communicator)
    connected, _subprotocol = await communicator.connect()
    return communicator, connected


async def close_open_sockets() -> None:
    """Disconnect every communicator a test opened, so no consumer task outlives its event loop
    (on the Redis layer a leftover consumer keeps a blocking receive running)."""
    while OPEN_SOCKETS:
        communicator = OPEN_SOCKETS.pop()
        with contextlib.suppress(Exception):
            await communicator.disconnect(timeout=3)
