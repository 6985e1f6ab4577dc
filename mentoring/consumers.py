"""WebSocket consumers: authenticate, check membership, validate frames, call services, relay events.

The protocol is documented in docs/chat-protocol.md; other clients depend on it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import time
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync, database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Exists
from django.http.request import split_domain_port, validate_host
from django.utils.crypto import constant_time_compare
from django.utils.http import is_same_domain
from django.utils.translation import gettext as _

from core.db import DATABASE_ERRORS, LAYER_ERRORS
from core.notifications import user_group
from mentoring import chat_writer, selectors, services
from mentoring.models import Conversation

try:  # daphne's websocket protocol raises this when a frame is sent to a socket that just closed
    from autobahn.exception import Disconnected as SocketGone
except ImportError:  # another ASGI server
    SocketGone = ()

logger = logging.getLogger("tumbuh.unavailable")

CLOSE_NOT_SIGNED_IN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
# A frame over MAX_FRAME_BYTES. RFC 6455's 1009 would fit, but daphne (autobahn) lets an
# application send only 1000 and 3000-4999; 4413 mirrors HTTP 413 "content too large".
CLOSE_TOO_BIG = 4413
# The database is unavailable: try again (daphne allows only 1000 and 3000-4999, so not RFC 6455 1013).
# Clients reconnect on it like on any code other than 4401/4403/4404.
CLOSE_TRY_AGAIN = 4503
MAX_FRAME_BYTES = 64 * 1024
# The largest conversation id a database column holds; a bigger one in the path is simply unknown.
MAX_ID = 2**63 - 1
SESSION_RECHECK_SECONDS = 60
TYPING_EVERY_SECONDS = 1.0

# The chat socket's database work (admit, store, sync, read) runs on the loop's thread pool instead
# of the single thread that ``database_sync_to_async`` shares with every consumer of the worker:
# one slow store no longer holds up every other socket's connect and send. Each call is one
# short transaction that needs no thread-local state; with the connection pool
# (config/settings.py) a thread borrows a connection per call. One socket's frames are still
# handled one after the other, so its order is kept.
db_call = functools.partial(DatabaseSyncToAsync, thread_sensitive=False)


class DatabaseUnavailableGuard:
    """ASGI wrapper for the socket stack: a database or Redis outage closes a socket with 4503 and a
    one-line warning, no traceback.

    Without it an ``OperationalError`` raised while loading the session at the handshake, or in a
    consumer's database call, or a Redis ``ConnectionError`` from the channel layer, reaches
    daphne, which logs a traceback and drops the connection (1011, or a failed handshake). Clients reconnect with backoff on 4503, resync from their last
    id and re-send their outbox under the same client ids, so nothing is lost or doubled.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        state = {"accepted": False, "closed": False}

        async def tracked_send(message) -> None:
            if message["type"] == "websocket.accept":
                state["accepted"] = True
            elif message["type"] == "websocket.close":
                state["closed"] = True
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except (*DATABASE_ERRORS, *LAYER_ERRORS) as exc:
            backend = "database" if isinstance(exc, DATABASE_ERRORS) else "channel layer"
            logger.warning("%s unavailable for socket %s: %s", backend, scope.get("path"), exc)
            if state["closed"]:
                return
            with contextlib.suppress(SocketGone):  # the browser may have left already
                if not state["accepted"]:  # accept first, so that browsers can read the close code
                    await send({"type": "websocket.accept"})
                await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN})


DEFAULT_PORTS = {"http": 80, "https": 443}


def normalized_origin(value: str) -> str | None:
    """``scheme://host[:port]`` in lower case with the default port left out, or ``None`` when
    ``value`` is not an http(s) origin (``null``, ``ws://…``, garbage)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{scheme}://{host}" if port in (None, DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _allowed_hosts() -> list[str]:
    # Django's own rule (HttpRequest.get_host): with DEBUG and no ALLOWED_HOSTS, local names only.
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [".localhost", "127.0.0.1", "[::1]"]
    return list(settings.ALLOWED_HOSTS)


def _is_secure(scope) -> bool:
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy:
        header, secure_value = proxy
        name = header.removeprefix("HTTP_").replace("_", "-").lower().encode()
        forwarded = _header(scope, name)
        if forwarded is not None:
            return forwarded.split(",", 1)[0].strip() == secure_value
    return scope.get("scheme") in ("wss", "https")


def origin_allowed(scope) -> bool:
    """The handshake's ``Origin`` is this site's own origin, compared like Django's CSRF check:
    scheme, host and port.

    Allowed: ``http(s)://<Host header>`` (the scheme the socket came in on, or the one the proxy
    reports through ``SECURE_PROXY_SSL_HEADER``; the Host must be in ``ALLOWED_HOSTS``), every
    ``CSRF_TRUSTED_ORIGINS`` entry (``https://*.example.org`` covers subdomains), and the origin of
    ``WAGTAILADMIN_BASE_URL`` (the ``BASE_URL`` setting) when its host is allowed. A handshake
    without a Host header (not possible from a browser; in-process test clients) is compared with
    each allowed host on the default port of its scheme.
    """
    raw = _header(scope, b"origin")
    origin = normalized_origin(raw) if raw else None
    if origin is None:
        return False
    allowed_hosts = _allowed_hosts()
    scheme = "https" if _is_secure(scope) else "http"
    host = _header(scope, b"host")
    if host is not None:
        domain, _port = split_domain_port(host)
        if (
            domain
            and validate_host(domain, allowed_hosts)
            and origin == normalized_origin(f"{scheme}://{host}")
        ):
            return True
    else:
        parts = urlsplit(origin)  # normalized: a port only when it is not the scheme's default
        if parts.scheme == scheme and parts.port is None and validate_host(parts.netloc, allowed_hosts):
            return True
    trusted = [*settings.CSRF_TRUSTED_ORIGINS]
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if base_url and validate_host(urlsplit(base_url).hostname or "", allowed_hosts):
        trusted.append(base_url)
    origin_scheme, origin_netloc = origin.split("://", 1)
    for entry in trusted:
        if "*" in entry:
            entry_scheme, _sep, pattern = entry.partition("://")
            if entry_scheme.lower() == origin_scheme and is_same_domain(origin_netloc, pattern.lstrip("*")):
                return True
        elif normalized_origin(entry) == origin:
            return True
    return False


class SameOriginValidator:
    """ASGI wrapper: refuses a WebSocket handshake (HTTP 403) whose ``Origin`` is not ours.

    Channels' ``AllowedHostsOriginValidator`` compares host names only, so another application on
    the same host but another port or scheme (which gets our SameSite=Lax cookie) could open a
    socket as the signed-in person.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.app(scope, receive, send)


class UnknownPathConsumer(AsyncWebsocketConsumer):
    """The last route: any other ``/ws/…`` path is refused at the handshake (HTTP 403), without the
    "No route found" traceback that ``URLRouter`` raises otherwise."""

    async def connect(self) -> None:
        await self.close()


def session_still_signed_in(session_key: str | None, user_id: int) -> bool:
    """Whether the session behind a socket would still sign this person in over HTTP.

    The same checks as ``django.contrib.auth.get_user``: the session exists and names this user,
    the account is active, and the session's auth hash matches the password (a password change or
    reset elsewhere invalidates it), also under ``SECRET_KEY_FALLBACKS``. Nothing is written.
    """
    if not session_key:
        return False
    store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    data = store.load()
    if str(data.get(SESSION_KEY)) != str(user_id):
        return False
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    session_hash = data.get(HASH_SESSION_KEY)
    if user is None or not isinstance(session_hash, str):
        return False
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    return any(constant_time_compare(session_hash, known) for known in hashes)


def admit(user, conversation_id: int) -> tuple[Conversation | None, int | None]:
    """``(conversation, None)`` when ``user`` may write in it now, else ``(None, close code)``.

    One query: the conversation with its entrepreneur and whether the companion is still assigned.
    """
    conversation = (
        Conversation.objects.select_related("profile", "companion")
        .annotate(open_now=Exists(selectors._current_assignment()))
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        return None, CLOSE_NOT_FOUND
    # A former companion (or the entrepreneur of a closed pair) reads the history over HTTP.
    if not (selectors.is_participant(conversation, user=user) and conversation.open_now):
        return None, CLOSE_FORBIDDEN
    return conversation, None


def sockets_group(user_id: int) -> str:
    """Every open socket of one person, for closing them when they sign out."""
    return f"sockets.{user_id}"


class SessionBoundConsumer(AsyncWebsocketConsumer):
    """Accepts only signed-in people and closes when their sign-in stops being valid.

    ``mentoring.signals`` sends ``session.ended`` to ``sockets.<user id>`` when the person signs
    out or a session row is deleted (that session's sockets), and when the account is deactivated
    or its password changes (every socket of the person). As a backstop for a lost event, every
    frame re-checks at most once a minute that the session would still sign the person in
    (``session_still_signed_in``). Refusals accept and then close with a 44xx code, so browsers
    can read the reason.
    """

    groups_joined: list[str]
    closing = False

    async def refuse(self, code: int) -> None:
        await self.accept()
        await self.close(code=code)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels' dispatch first runs close_old_connections on the worker's ONE shared sync thread
        # (``aclose_old_connections``) before every handler: every frame and every group event of
        # every socket queued there, a hop and a wait per message on each side. These consumers
        # touch the database only through ``DatabaseSyncToAsync`` calls (``db_call``,
        # ``database_sync_to_async``), which close old connections in their own thread, before and
        # after: the extra hop guards nothing here.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        # Several reasons can arrive together (a sign-out, then its session row deleted): one close frame.
        if self.closing:
            return
        self.closing = True
        await super().close(code=code, reason=reason)

    async def join(self, *groups: str) -> None:
        self.groups_joined = list(groups)
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    def signed_in_user(self):
        user = self.scope.get("user")
        return user if user is not None and user.is_authenticated else None

    async def session_still_valid(self) -> bool:
        now = time.monotonic()
        if now - getattr(self, "session_checked_at", now) < SESSION_RECHECK_SECONDS:
            return True
        self.session_checked_at = now
        key = getattr(self.scope.get("session"), "session_key", None)
        return await database_sync_to_async(session_still_signed_in)(key, self.scope["user"].pk)

    def too_big(self, text_data: str | None, bytes_data: bytes | None) -> bool:
        if text_data is not None:
            # A str of n characters is at least n bytes: skip the encoding when it cannot be over.
            return len(text_data) > MAX_FRAME_BYTES or len(text_data.encode("utf-8")) > MAX_FRAME_BYTES
        return len(bytes_data or b"") > MAX_FRAME_BYTES

    async def session_ended(self, event: dict[str, Any]) -> None:
        """``session_key`` names one ended session; ``None`` means every session of the person."""
        mine = getattr(self.scope.get("session"), "session_key", None)
        if event.get("session_key") in (None, mine):
            await self.close(code=CLOSE_NOT_SIGNED_IN)

    async def send_json(self, content: dict[str, Any]) -> None:
        # A broadcast can reach this consumer after its browser left and before the disconnect event:
        # nobody is there to read it. Raising would end the consumer with a logged traceback (and, on
        # the Redis layer, cancel a receive that other consumers of the worker may be waiting on).
        with contextlib.suppress(SocketGone):
            await self.send(text_data=json.dumps(content, ensure_ascii=False))


class ChatConsumer(SessionBoundConsumer):
    """``/ws/chat/<conversation_id>/``: one conversation, for its current pair."""

    async def connect(self) -> None:
        self.session_checked_at = time.monotonic()
        self.last_typing = 0.0
        user = self.signed_in_user()
        if user is None:
            await self.refuse(CLOSE_NOT_SIGNED_IN)
            return
        self.user = user
        conversation_id = self.scope["url_route"]["kwargs"]["conversation_id"]
        if conversation_id > MAX_ID:
            await self.refuse(CLOSE_NOT_FOUND)
            return
        verdict = await self.admit(conversation_id)
        if verdict:
            await self.refuse(verdict)
            return
        await self.join(self.conversation.group_name(), sockets_group(user.pk))
        await self.accept()

    @db_call
    def admit(self, conversation_id: int) -> int | None:
        conversation, verdict = admit(self.user, conversation_id)
        self.conversation = conversation
        return verdict

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closing:  # frames queued behind a close: the person may no longer write
            return
        if self.too_big(text_data, bytes_data):
            await self.close(code=CLOSE_TOO_BIG)
            return
        if not await self.session_still_valid():
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        if text_data is None:
            await self.error("invalid_json", _("Frames must be JSON text."))
            return
        try:
            frame = json.loads(text_data)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's stack
            await self.error("invalid_json", _("This frame is not valid JSON."))
            return
        if not isinstance(frame, dict):
            await self.error("invalid", _("A frame must be a JSON object."))
            return
        kind = frame.get("type")
        handler = (
            {
                "send": self.on_send,
                "sync": self.on_sync,
                "typing": self.on_typing,
                "read": self.on_read,
            }.get(kind)
            if isinstance(kind, str)
            else None
        )
        if handler is None:
            await self.error("unknown_type", _("Unknown frame type."))
            return
        await handler(frame)

    async def error(self, code: str, message: str, client_id: Any = None) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if client_id is not None:
            frame["client_id"] = client_id
        await self.send_json(frame)

    async def on_send(self, frame: dict[str, Any]) -> None:
        client_id = frame.get("client_id")
        try:
            # The bench sets "chat_group_commit" per socket to compare both paths (bench/asgi.py).
            if self.scope.get("chat_group_commit", settings.CHAT_GROUP_COMMIT):
                # The worker's writer commits it with the other sockets' messages of the same tick.
                payload = await chat_writer.writer().submit(
                    services.OutgoingMessage(
                        self.conversation, sender=self.user, body=frame.get("body"), client_id=client_id
                    )
                )
            else:
                payload = await self.store(frame.get("body"), client_id)
        except services.MentoringError as exc:
            await self.error(exc.code, str(exc), client_id if isinstance(client_id, str) else None)
            return
        # store() returned after the transaction committed: the ack never promises an unsaved message.
        await self.send_json({"type": "ack", "client_id": payload["client_id"], "message": payload})

    @db_call
    def store(self, body: Any, client_id: Any) -> dict[str, Any]:
        message, _created = services.send_message(
            self.conversation, sender=self.user, body=body, client_id=client_id
        )
        return services.serialize_message(message, conversation=self.conversation)

    async def on_sync(self, frame: dict[str, Any]) -> None:
        try:
            payload = await self.page_after(frame.get("after", 0))
        except services.MentoringError as exc:
            await self.error(exc.code, str(exc))
            return
        await self.send_json({"type": "messages", **payload})

    @db_call
    def page_after(self, after: Any) -> dict[str, Any]:
        rows, has_more = services.messages_after(self.conversation, user=self.user, after=after)
        return {
            "messages": [services.serialize_message(m, conversation=self.conversation) for m in rows],
            "has_more": has_more,
        }

    async def on_typing(self, frame: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - self.last_typing < TYPING_EVERY_SECONDS:
            return
        self.last_typing = now
        await self.channel_layer.group_send(
            self.conversation.group_name(), {"type": "chat.typing", "user": self.user.pk}
        )

    async def on_read(self, frame: dict[str, Any]) -> None:
        try:
            await db_call(services.mark_read)(self.conversation, user=self.user, up_to=frame.get("up_to"))
        except services.MentoringError as exc:
            await self.error(exc.code, str(exc))

    # Events from the channel layer (group conversation.<id>) -----------------------------------

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", "message": event["message"]})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event["user"] != self.user.pk:
            await self.send_json({"type": "typing", "user": event["user"]})

    async def chat_read(self, event: dict[str, Any]) -> None:
        if event["user"] != self.user.pk:
            await self.send_json({"type": "read", "user": event["user"], "up_to": event["up_to"]})

    async def chat_closed(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_FORBIDDEN)


class NotificationConsumer(SessionBoundConsumer):
    """``/ws/notifications/``: events for the signed-in person (unread counts, reviews, decisions).

    Sends ``{"type": "unread", "unread_total": n}`` on connect, then whatever services push.
    """

    async def connect(self) -> None:
        self.session_checked_at = time.monotonic()
        user = self.signed_in_user()
        if user is None:
            await self.refuse(CLOSE_NOT_SIGNED_IN)
            return
        await self.join(user_group(user.pk), sockets_group(user.pk))
        await self.accept()
        total = await database_sync_to_async(selectors.unread_total)(user_id=user.pk)
        await self.send_json({"type": "unread", "unread_total": total})

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # Clients only listen; a frame is a chance to notice an ended session.
        if self.closing:
            return
        if self.too_big(text_data, bytes_data):
            await self.close(code=CLOSE_TOO_BIG)
            return
        if not await self.session_still_valid():
            await self.close(code=CLOSE_NOT_SIGNED_IN)

    async def notify(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
