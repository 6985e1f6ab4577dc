"""Which exceptions mean "the database is unavailable" (for the HTTP 503 and the socket's 4503), and
which mean the Redis channel layer is (the socket's 4503 too)."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

try:  # channels-redis: Redis down or restarting
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    LAYER_ERRORS: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
except ImportError:
    LAYER_ERRORS = ()
