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
