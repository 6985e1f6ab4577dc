"""The socket's Origin must be our own origin: scheme, host and port, like Django's CSRF check."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from config.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def handshake(origin: bytes | None, host: bytes | None = b"127.0.0.1:8000", **scope) -> bool:
    headers = []
    if host is not None:
        headers.append((b"host", host))
    if origin is not None:
        headers.append((b"origin", origin))
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    communicator.scope.update(scope)
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


async def test_our_own_origin_is_accepted():
    assert await handshake(b"http://127.0.0.1:8000")


@pytest.mark.parametrize(
    "origin",
    [
        # case 29: same host, another scheme or port
        b"http://127.0.0.1:9999",
        b"https://127.0.0.1",
        b"https://127.0.0.1:8000",
        b"http://127.0.0.1",
        b"http://localhost:1234",
        b"ws://127.0.0.1:8000",
        # case 28: foreign, null, look-alikes
        b"null",
        b"http://127.0.0.1.evil.example",
        b"http://127.0.0.1:8000.evil.example",
        b"http://evil.example",
        b"http://127.0.0.1:8000@evil.example",
        b"http://127.0.0.1:notaport",
        b"",
    ],
)
async def test_other_origins_are_refused(origin):
    assert not await handshake(origin)


async def test_a_missing_origin_is_refused():
    assert not await handshake(None)


async def test_a_host_outside_allowed_hosts_is_not_our_origin():
    assert not await handshake(b"http://evil.example", host=b"evil.example")


async def test_a_secure_socket_wants_an_https_origin():
    assert await handshake(b"https://localhost", host=b"localhost", scheme="wss")
    assert not await handshake(b"http://localhost", host=b"localhost", scheme="wss")


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
async def test_behind_a_tls_proxy_the_forwarded_scheme_counts():
    headers = [(b"x-forwarded-proto", b"https")]

    async def via_proxy(origin: bytes) -> bool:
        communicator = WebsocketCommunicator(
            application,
            "/ws/notifications/",
            headers=[(b"host", b"localhost"), (b"origin", origin), *headers],
        )
        connected, _ = await communicator.connect()
        await communicator.disconnect()
        return connected

    assert await via_proxy(b"https://localhost")
    assert not await via_proxy(b"http://localhost")


@override_settings(CSRF_TRUSTED_ORIGINS=["https://tumbuh.example.org", "https://*.prokus.example.org"])
async def test_csrf_trusted_origins_are_accepted_exactly():
    assert await handshake(b"https://tumbuh.example.org")
    assert await handshake(b"https://app.prokus.example.org")
    assert not await handshake(b"http://tumbuh.example.org")
    assert not await handshake(b"https://tumbuh.example.org:8443")
    assert not await handshake(b"https://prokus.example.org.evil.example")


@override_settings(WAGTAILADMIN_BASE_URL="http://localhost:8102")
async def test_the_base_url_origin_is_accepted_when_its_host_is_allowed():
    assert await handshake(b"http://localhost:8102", host=b"10.0.0.5:8000")
    assert not await handshake(b"http://localhost:8103", host=b"10.0.0.5:8000")


@pytest.mark.parametrize("origin", [b"http://localhost", b"http://testserver"])
async def test_in_process_clients_without_a_host_header_keep_working(origin):
    assert await handshake(origin, host=None)


@pytest.mark.parametrize("origin", [b"http://localhost:1234", b"https://localhost", b"http://evil.example"])
async def test_without_a_host_header_only_allowed_hosts_on_the_default_port_pass(origin):
    assert not await handshake(origin, host=None)
