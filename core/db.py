"""Which exceptions mean "the database is unavailable" (for the HTTP 503 and the socket's 4503)."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
