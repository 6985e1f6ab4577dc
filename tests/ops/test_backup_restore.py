"""The documented backup and restore (docs/operations.md, "Backups and restore") on PostgreSQL: dump the
test database with pg_dump, restore it with pg_restore into a fresh database, find the data there."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from incubator import services as incubator_services
from incubator.models import CompanionRole
from mentoring import services as mentoring_services
from mentoring.models import Conversation, Message
from tests.factories import ManagerUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory, MentorProfileFactory


def dsn(name: str) -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgresql://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{name}"


def test_a_dump_restores_into_a_fresh_database(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore are PostgreSQL tools: this runs on the CI's PostgreSQL pass")
    assert shutil.which("pg_dump") and shutil.which("pg_restore")
    profile = EntrepreneurProfileFactory()
    mentor = MentorProfileFactory().user
    incubator_services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=ManagerUserFactory())
    conversation = Conversation.objects.get(profile=profile, companion=mentor)
    client_id = uuid.uuid4()
    mentoring_services.send_message(
        conversation, sender=profile.user, body="Stok gula habis", client_id=client_id
    )

    dump = tmp_path / "tumbuh.dump"
    source = connection.settings_dict["NAME"]
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), dsn(source)],
        check=True,
        timeout=120,
    )
    fresh = f"{source}_restore"[:63]
    with psycopg.connect(dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", dsn(fresh), str(dump)],
            check=True,
            timeout=120,
        )
        with psycopg.connect(dsn(fresh)) as restored:
            row = restored.execute(
                "SELECT body FROM mentoring_message WHERE client_id = %s", [client_id]
            ).fetchone()
            migrations = restored.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert row == ("Stok gula habis",)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations")
            assert migrations == cursor.fetchone()[0]
        assert Message.objects.filter(client_id=client_id).exists()
    finally:
        with psycopg.connect(dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
