"""The test database itself: settings that only tests use."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_sqlite_test_database_does_not_wait_for_the_disk_at_each_commit():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 0  # OFF


def _post_migrate_rows() -> dict:
    """What post_migrate wrote, without the ids (a real signal after a flush makes new ones)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from tests.post_migrate_rows import read_rows

    return {
        "tables": {table: len(rows) for table, (_columns, rows) in read_rows("default").items()},
        "content types": sorted(ContentType.objects.values_list("app_label", "model")),
        "permissions": sorted(
            Permission.objects.values_list(
                "content_type__app_label", "content_type__model", "codename", "name"
            )
        ),
        "groups": sorted(
            (group.name, sorted(group.permissions.values_list("content_type__app_label", "codename")))
            for group in Group.objects.all()
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_a_flush_writes_back_what_post_migrate_writes_from_a_copy():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL sends post_migrate after each flush")
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal
    from django.test.utils import CaptureQueriesContext

    flush = {"verbosity": 0, "interactive": False, "reset_sequences": False}
    call_command("flush", **flush)  # the first flush of a process sends the signal and keeps a copy
    call_command("flush", **flush, inhibit_post_migrate=True)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    sent = _post_migrate_rows()

    with CaptureQueriesContext(connection) as queries:
        call_command("flush", **flush)
    assert _post_migrate_rows() == sent
    assert sent["groups"] and sent["permissions"]
    # The signal reads and writes content types, permissions and groups one by one (about 1,000
    # queries); the copy is one DELETE a table and one INSERT a table it fills.
    assert len(queries) < 2 * len(connection.introspection.django_table_names()), len(queries)


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  (table names from the schema)
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_journeys_reload_of_the_migrated_database_is_a_copy_of_it(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the snapshot is SQLite's backup API; PostgreSQL loads Django's serialized copy")
    from django.core import serializers
    from django.core.management import call_command

    migrated = _row_counts()  # the journey started from the reloaded database
    assert migrated["wagtailcore_page"] and migrated["auth_permission"] and migrated["django_migrations"]
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    assert _row_counts()["wagtailcore_page"] == 0

    def not_through_the_serializer(*args, **kwargs):
        raise AssertionError("the reload went through Django's serializer, not the snapshot")

    monkeypatch.setattr(serializers, "deserialize", not_through_the_serializer)
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    assert _row_counts() == migrated
