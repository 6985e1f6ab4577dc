"""Which exceptions mean "the database is unavailable" (for the HTTP 503 and the socket's 4503), and
which mean the Redis channel layer is (the socket's 4503 too); statements compiled once
(``compiled_once``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.sql import Query

T = TypeVar("T")

DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

try:  # channels-redis: Redis down or restarting
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    LAYER_ERRORS: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
except ImportError:
    LAYER_ERRORS = ()


# -- statements compiled once ------------------------------------------------------------------------

# Stand-in values for ids: below any primary key (negative) and inside a 32-bit integer column's range
# (Django treats an out-of-range value in a lookup as matching nothing and leaves it out of the SQL).
STAND_IN_IDS: tuple[int, ...] = tuple(-(2**31) + n for n in range(1024))


@dataclass(frozen=True)
class CompiledStatement:
    """A statement's SQL and parameters, with where each stand-in value sits among the parameters."""

    sql: str
    params: tuple[Any, ...]
    slots: Mapping[Hashable, tuple[int, ...]]

    def bind(self, values: Mapping[Hashable, Any]) -> list[Any]:
        """The parameters with each stand-in of ``values`` replaced by its real value (every place it
        occurs); the other parameters as compiled."""
        params = list(self.params)
        for stand_in, value in values.items():
            for slot in self.slots[stand_in]:
                params[slot] = value
        return params


_compiled: dict[tuple[str, str, Hashable], CompiledStatement] = {}


def compiled_once(
    connection: BaseDatabaseWrapper,
    key: Hashable,
    build: Callable[[], QuerySet | Query],
    stand_ins: Iterable[Hashable],
) -> CompiledStatement:
    """The SQL of ``build()`` for ``connection``, compiled on the first call for this database (alias and
    vendor) and ``key``, and kept: the next calls with that key neither build nor compile anything.

    For querysets whose SQL costs Django more to compile than the database to run (nested subqueries,
    annotations): ``build`` makes the queryset (or a ``Query``, e.g. an ``UpdateQuery``) with
    ``stand_ins`` where the real values go, and the caller passes the real ones to ``bind``. ``key``
    names the statement's shape: everything that changes its SQL text, e.g. how many ids it takes
    (pad lists to few sizes, see ``padded``). A stand-in is given as it appears among the compiled
    parameters (after the field's ``get_db_prep_value`` for dates or UUIDs, which differ by vendor),
    and must be a value the query never holds otherwise (``STAND_IN_IDS`` for ids). Raises
    ``ValueError`` when a stand-in is not among the parameters (Django left it out or changed it)."""
    cache_key = (connection.alias, connection.vendor, key)
    statement = _compiled.get(cache_key)
    if statement is None:
        built = build()
        query = built.query if isinstance(built, QuerySet) else built
        sql, params = query.get_compiler(connection=connection).as_sql()
        slots = {}
        for stand_in in stand_ins:
            slots[stand_in] = tuple(i for i, param in enumerate(params) if _same(param, stand_in))
            if not slots[stand_in]:
                raise ValueError(f"stand-in {stand_in!r} is not among the compiled parameters of {key!r}")
        statement = CompiledStatement(sql=sql, params=tuple(params), slots=slots)
        _compiled[cache_key] = statement
    return statement


def _same(param: Any, stand_in: Hashable) -> bool:
    # type() first: True == 1 and 1 == 1.0 must not make a constant of the query a stand-in's slot.
    return type(param) is type(stand_in) and param == stand_in


def padded(values: Sequence[T]) -> list[T]:
    """``values`` padded to the next power of two with its last value, so that a statement taking
    them (``IN``, repeated values harmless) has few shapes to compile."""
    if not values:
        return []
    size = 1 << (len(values) - 1).bit_length()
    return [*values, *[values[-1]] * (size - len(values))]


def forget_compiled() -> None:
    """Drop every statement ``compiled_once`` kept (tests that change how one is built)."""
    _compiled.clear()
