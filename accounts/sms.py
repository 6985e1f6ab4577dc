"""Sending text messages (SMS) through a pluggable backend, like Django's email backends.

``send_sms(phone, text)`` hands the message to the backend named by ``settings.TUMBUH_SMS_BACKEND``
(a dotted path). The built-in backends need no external service:

- ``ConsoleBackend`` (default) writes each message to the log (stdout in development);
- ``FileBackend`` appends each message as one JSON line to a file in ``TUMBUH_SMS_FILE_PATH``;
- ``LocmemBackend`` keeps messages in ``accounts.sms.outbox`` for tests.

A real gateway is one small class with a ``send_messages(messages)`` method; see docs/phone-sign-in.md.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "accounts.sms.ConsoleBackend"

# What LocmemBackend has "sent", oldest first (tests read and clear it).
outbox: list[SMSMessage] = []


class SMSNotSent(Exception):
    """The backend could not send a message (a gateway down, a timeout…).

    ``send_sms`` raises it whatever the backend raised; ``accounts.middleware.SMSFailureMiddleware``
    turns it into a translated "try again in a few minutes" message instead of an error page.
    """


@dataclass(frozen=True)
class SMSMessage:
    to: str
    text: str
    created_at: datetime = field(default_factory=timezone.now)


class BaseBackend:
    """Subclass and implement ``send_messages``; return how many messages were accepted."""

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        self.fail_silently = fail_silently

    def send_messages(self, messages: list[SMSMessage]) -> int:
        raise NotImplementedError("An SMS backend must implement send_messages()")


class ConsoleBackend(BaseBackend):
    """Writes each message to standard output: in development the code shows in the terminal."""

    _lock = threading.Lock()

    def __init__(self, *args, stream: TextIO | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout

    def send_messages(self, messages: list[SMSMessage]) -> int:
        with self._lock:
            for message in messages:
                self.stream.write(
                    # The server's zone (WIB, like the pages), with its name: the walkthrough read UTC here.
                    f"SMS to {message.to} ({timezone.localtime(message.created_at):%Y-%m-%d %H:%M:%S %Z}):"
                    f"\n{message.text}\n"
                )
                self.stream.write("-" * 40 + "\n")
            self.stream.flush()
        return len(messages)


class FileBackend(BaseBackend):
    """Appends each message as one JSON line to ``<TUMBUH_SMS_FILE_PATH>/sms-YYYYMMDD.jsonl``."""

    _lock = threading.Lock()

    def __init__(self, *args, file_path: str | Path | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        path = file_path or getattr(settings, "TUMBUH_SMS_FILE_PATH", None)
        if not path:
            raise ImproperlyConfigured("FileBackend needs TUMBUH_SMS_FILE_PATH (a folder for the messages).")
        self.directory = Path(path)
        if self.directory.exists() and not self.directory.is_dir():
            raise ImproperlyConfigured(f"TUMBUH_SMS_FILE_PATH {self.directory} exists and is not a folder.")
        self.directory.mkdir(parents=True, exist_ok=True)

    def send_messages(self, messages: list[SMSMessage]) -> int:
        if not messages:
            return 0
        target = self.directory / f"sms-{timezone.localdate():%Y%m%d}.jsonl"
        lines = "".join(
            json.dumps({**asdict(message), "created_at": message.created_at.isoformat()}, ensure_ascii=False)
            + "\n"
            for message in messages
        )
        with self._lock, target.open("a", encoding="utf-8") as handle:
            handle.write(lines)
        return len(messages)


class LocmemBackend(BaseBackend):
    """Keeps messages in ``accounts.sms.outbox`` (for tests)."""

    def send_messages(self, messages: list[SMSMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def get_backend(path: str | None = None, **kwargs) -> BaseBackend:
    dotted = path or getattr(settings, "TUMBUH_SMS_BACKEND", None) or DEFAULT_BACKEND
    return import_string(dotted)(**kwargs)


def send_sms(phone: str, text: str, *, fail_silently: bool = False) -> int:
    """Send one text message to ``phone`` (already normalised, +62…) through the configured backend.

    ``text`` should already be in the recipient's language and short enough for one SMS (160 characters).
    Returns 1 when the backend accepted it. Raises ``SMSNotSent`` when the backend failed (or
    returns 0 with ``fail_silently``).
    """
    if len(text) > 160:
        logger.warning(
            "SMS to %s is %d characters: it will be split into several messages", mask_phone(phone), len(text)
        )
    try:
        return get_backend(fail_silently=fail_silently).send_messages([SMSMessage(to=phone, text=text)])
    except Exception as exc:
        # Only the kind of failure is logged: the text holds a sign-in code, and a gateway's error
        # may quote it back. The number is shortened (UU PDP).
        logger.warning("Sending an SMS to %s failed: %s", mask_phone(phone), type(exc).__name__)
        if not fail_silently:
            raise SMSNotSent(type(exc).__name__) from exc
        return 0


def mask_phone(phone: str) -> str:
    """``+6281234567890`` → ``+62812…890``: enough to tell numbers apart in a log, not to call them."""
    return f"{phone[:6]}…{phone[-3:]}" if len(phone) > 9 else "…"


# -- inbound messages ------------------------------------------------------------------------------
#
# A gateway posts each reply it receives to ``POST /sms/inbound/`` (``accounts.views.sms_inbound``,
# protected by the ``TUMBUH_SMS_INBOUND_SECRET`` header), or, with the console and file backends, a
# person or test feeds one in with ``manage.py receive_sms`` or ``receive_sms(...)``. Apps above
# ``accounts`` register a handler in their ``AppConfig.ready()``: the first that returns True owns it.

InboundHandler = Callable[[str, str], bool]
_inbound_handlers: list[InboundHandler] = []
# What ``receive_sms`` was given, oldest first (for tests and the console: nothing else reads it).
inbox: list[SMSMessage] = []


def register_inbound_handler(handler: InboundHandler) -> None:
    """Ask for every inbound SMS: ``handler(phone, text)`` returns True when it handled the message."""
    if handler not in _inbound_handlers:
        _inbound_handlers.append(handler)


def receive_sms(from_number: str, text: str) -> bool:
    """One inbound SMS from ``from_number``: normalised to +62…, then offered to each handler in turn.

    Returns True when a handler took it; False for a number that is not an Indonesian mobile, an
    empty text, or a message nobody recognised (it is then only logged, with the number masked).
    """
    from accounts.phone import normalize_phone

    try:
        phone = normalize_phone(from_number or "")
    except ValidationError:
        phone = ""
    text = (text or "").strip()[:480]
    if not phone or not text:
        return False
    inbox.append(SMSMessage(to=phone, text=text))
    for handler in _inbound_handlers:
        if handler(phone, text):
            return True
    logger.info("An SMS from %s matched no handler", mask_phone(phone))
    return False
