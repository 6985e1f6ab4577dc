"""After a flush, the rows of post_migrate written back from a copy instead of made again.

Every transactional test ends with a flush of its database, and Django's flush then sends
``post_migrate`` "as if the database had been migrated from scratch": content types, every app's
permissions, and Tumbuh's role groups (``accounts.roles.sync_groups_after_migrate``, which creates
every app's permissions a second time and reads each role permission one by one): about 600
queries and 0.14 s of CPU per test (December 2026), for some 140 transactional tests.

A flush leaves every Django table empty, so the rows that post_migrate then writes are always the
same. On SQLite, the first flush of the process sends the signal for real and keeps a copy of what
it wrote (every Django table that is no longer empty); each later flush inserts that copy again, in
one transaction, and does what the other receivers do (the ContentType cache is emptied as
``create_contenttypes`` does; Wagtail's reference index handlers are connected again).

Only for receivers known here: when a post_migrate receiver appears that is not listed in
``ROW_RECEIVERS`` or ``OTHER_RECEIVERS``, every flush sends the signal for real (what it does is
unknown). PostgreSQL always sends it for real (inserting ids there would leave its sequences
behind). ``tests/test_test_database.py`` checks that the copy equals what the signal writes.
"""

from __future__ import annotations

import weakref
from typing import Any

from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction
from django.db.models.signals import post_migrate

# The receivers whose whole work is writing rows (the copy replaces them), by module and name.
ROW_RECEIVERS = {
    "django.contrib.contenttypes.management.create_contenttypes",
    "django.contrib.auth.management.create_permissions",
    "wagtail.snippets.models.create_extra_permissions",
    "accounts.roles.sync_groups_after_migrate",
    "workspace.apps._groups_after_migrate",  # writes nothing after a flush: no root page left
}
# The others, and what replaces them after the copy is written (``_after_rows``).
OTHER_RECEIVERS = {"wagtail.signal_handlers.connect_reference_index_signal_handlers"}

# Per database alias: {table: (columns, rows)} as the first flush's post_migrate left them.
_copies: dict[str, dict[str, tuple[list[str], list[tuple]]]] = {}


def _receiver_names() -> set[str]:
    names = set()
    for _key, reference, *_rest in post_migrate.receivers:
        receiver = reference() if isinstance(reference, weakref.ReferenceType) else reference
        if receiver is not None:
            names.add(f"{receiver.__module__}.{receiver.__qualname__}")
    return names


def known_receivers_only() -> bool:
    return _receiver_names() <= ROW_RECEIVERS | OTHER_RECEIVERS


def read_rows(using: str) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every non-empty Django table of the database: its column names and rows, in rowid order."""
    connection = connections[using]
    quote = connection.ops.quote_name
    copy = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY rowid")  # noqa: S608 (table names)
            rows = cursor.fetchall()
            if rows:
                copy[table] = ([column[0] for column in cursor.description], rows)
    return copy


def _write_rows(using: str, copy: dict[str, tuple[list[str], list[tuple]]]) -> None:
    connection = connections[using]
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("PRAGMA defer_foreign_keys = ON")  # tables in any order; checked at commit
        for table, (columns, rows) in copy.items():
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608


def _after_rows() -> None:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.signal_handlers import connect_reference_index_signal_handlers

    ContentType.objects.clear_cache()
    connect_reference_index_signal_handlers()


def emit_or_copy(verbosity: int, interactive: bool, db: str, **kwargs: Any) -> None:
    """``emit_post_migrate_signal`` for a flushed database: the signal the first time, its copy after."""
    if connections[db].vendor != "sqlite" or not known_receivers_only():
        emit_post_migrate_signal(verbosity, interactive, db, **kwargs)
        return
    copy = _copies.get(db)
    if copy is None:
        emit_post_migrate_signal(verbosity, interactive, db, **kwargs)
        _copies[db] = read_rows(db)
        return
    _write_rows(db, copy)
    _after_rows()


def install() -> None:
    """Flushes (Django's ``TransactionTestCase`` teardown) use ``emit_or_copy`` from now on."""
    flush.emit_post_migrate_signal = emit_or_copy


def uninstall() -> None:
    flush.emit_post_migrate_signal = emit_post_migrate_signal
