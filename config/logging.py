"""Production logging: one JSON object per line, a request id and user id on every record, no personal data.

- ``RequestIdMiddleware`` (first in ``MIDDLEWARE``) gives each request an id (an incoming ``X-Request-ID``
  is kept when it looks like an id, otherwise a new one), echoes it in the response's ``X-Request-ID``
  and logs one ``request`` line per request (method, path without the query string, status, duration).
- ``ContextFilter`` adds ``request_id`` and ``user_id`` to every record logged while a request runs.
- ``PersonalDataFilter`` masks e-mail addresses and phone numbers in messages and tracebacks.
- ``JsonFormatter`` writes the record as one line of JSON (``LOG_FORMAT=json``, the default without DEBUG).
- ``init_error_reporting`` starts a Sentry-compatible reporter when ``SENTRY_DSN`` is set.

See docs/operations.md ("Logs and error reporting").
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.utils.functional import empty

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("tumbuh_request_id", default=None)
request_var: contextvars.ContextVar[object | None] = contextvars.ContextVar("tumbuh_request", default=None)

# An incoming id is kept only if it is short and plain (a proxy's UUID or hex id): anything else could
# forge log lines or carry data, so it is replaced.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Indonesian mobile numbers in the spellings people type (08…, 628…, +62 8…) and any other E.164 number.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)?62[\s.-]?|0)8\d(?:[\s.-]?\d){6,11}(?!\w)|\+\d(?:[\s.-]?\d){7,14}(?!\w)"
)

logger = logging.getLogger("tumbuh.request")
QUIET_PATHS = {"/healthz", "/readyz"}


def mask_personal_data(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


def current_user_id() -> int | None:
    """The signed-in user's id, if the request already resolved it (never a query from a log call)."""
    request = request_var.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)  # SimpleLazyObject: only if already evaluated
    if wrapped is None or wrapped is empty:
        return None
    return getattr(wrapped, "pk", None) if getattr(wrapped, "is_authenticated", False) else None


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = current_user_id()
        return True


class PersonalDataFilter(logging.Filter):
    """Masks e-mail addresses and phone numbers in the message (its arguments included) and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call (wrong arguments): the handler reports it, as without the filter
            return True
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms", "worker")

    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                event[field] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            event["exception"] = record.exc_text
        return json.dumps(event, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = None
        return super().format(record)


class OneLineSecurityRecords(logging.Filter):
    """Django's ``django.security.*`` records (an oversized body, too many fields, a foreign Host header,
    a path outside the media folder) are answers to what a client sent: keep the one line, drop the
    traceback, so that nobody fills the error log with stack traces by posting 3 MB."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.security."):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


def build_logging(log_format: str, level: str) -> dict:
    """The ``LOGGING`` setting for ``LOG_FORMAT`` (``json`` or ``plain``) and ``LOG_LEVEL``."""
    formatter = "config.logging.JsonFormatter" if log_format == "json" else "config.logging.PlainFormatter"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "config.logging.ContextFilter"},
            "personal_data": {"()": "config.logging.PersonalDataFilter"},
            "one_line_security": {"()": "config.logging.OneLineSecurityRecords"},
        },
        "formatters": {"tumbuh": {"()": formatter}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "tumbuh",
                "filters": ["one_line_security", "context", "personal_data"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {"level": "ERROR"},
            "daphne": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
        },
    }


class RequestIdMiddleware:
    """First middleware: request id in, ``X-Request-ID`` out, one ``request`` log line per request."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def _begin(self, request) -> tuple[str, float, tuple]:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        tokens = (request_id_var.set(request_id), request_var.set(request))
        return request_id, time.monotonic(), tokens

    @staticmethod
    def _reset(tokens: tuple) -> None:
        request_id_var.reset(tokens[0])
        request_var.reset(tokens[1])

    def _end(self, request, response, request_id: str, started: float):
        response["X-Request-ID"] = request_id
        if request.path in QUIET_PATHS and response.status_code < 400:
            return response  # load-balancer probes every few seconds: only failures are news
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,  # never the query string: it may carry personal data
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        request_id, started, tokens = self._begin(request)
        try:
            return self._end(request, self.get_response(request), request_id, started)
        finally:
            self._reset(tokens)

    async def __acall__(self, request):
        request_id, started, tokens = self._begin(request)
        try:
            return self._end(request, await self.get_response(request), request_id, started)
        finally:
            self._reset(tokens)


def scrub_event(event: dict, _hint: dict) -> dict:
    """Sentry ``before_send``: the same masking as the logs, on the message and exception values."""
    if isinstance(event.get("message"), str):
        event["message"] = mask_personal_data(event["message"])
    logentry = event.get("logentry") or {}
    if isinstance(logentry.get("message"), str):
        logentry["message"] = mask_personal_data(logentry["message"])
        logentry["params"] = []
    for exc in (event.get("exception") or {}).get("values", []):
        if isinstance(exc.get("value"), str):
            exc["value"] = mask_personal_data(exc["value"])
    return event


def init_error_reporting(dsn: str | None, *, environment: str, release: str | None) -> bool:
    """Start the Sentry-compatible reporter (Sentry, GlitchTip, …) when ``SENTRY_DSN`` is set.

    ``sentry_sdk`` is imported only then; it is not a dependency. No personal data is sent
    (``send_default_pii=False``, messages masked), and no performance tracing.
    """
    if not dsn:
        return False
    try:
        import sentry_sdk
    except ImportError:
        from config import env

        env.fail("SENTRY_DSN", "is set but the sentry-sdk package is not installed (pip install sentry-sdk)")
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        traces_sample_rate=0.0,
        before_send=scrub_event,
    )
    return True
