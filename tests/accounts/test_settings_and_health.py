"""Configuration, deploy checks and the health endpoint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "p" * 20 + "-production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "tumbuh.example.org",
    "DEBUG": "0",
    "DATABASE_URL": f"sqlite:///{ROOT / 'db.sqlite3'}",
    "BASE_URL": "https://tumbuh.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "TUMBUH_SMS_BACKEND": "myproject.sms_gateway.GatewayBackend",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The test settings put development-only values into this process's environment: leave them out.
    dropped = {
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "DATABASE_URL",
        "BASE_URL",
        "EMAIL_BACKEND",
        "TUMBUH_SMS_BACKEND",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_stops_with_one_clear_line():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "Configuration error: SECRET_KEY is required when DEBUG is off (set it to a long random string)"
    ]


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL must be a URL starting with"),
        ("REDIS_URL", "http://localhost", "REDIS_URL must be a URL starting with"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be a whole number"),
    ],
)
def test_invalid_setting_names_the_setting_without_a_traceback(name, value, fragment):
    result = manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_migrations_are_complete():
    result = manage("makemigrations", "--check", "--dry-run", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_readyz_reports_database_and_channel_layer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "channel_layer": "ok",
        "cache": "ok",
        "tasks": "ok",
        "task_queue": {"queued": 0, "oldest_age_s": 0},  # issue 13: the task queue (tests/notifications)
    }
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_503_when_the_channel_layer_is_down(client):
    broken = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    from channels.layers import channel_layers

    with override_settings(CHANNEL_LAYERS=broken):
        channel_layers.backends.clear()
        try:
            response = client.get("/readyz")
        finally:
            channel_layers.backends.clear()
    assert response.status_code == 503
    assert response.json()["channel_layer"] == "unavailable"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_is_down(client, monkeypatch):
    from config import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "channel_layer": "ok",
        "cache": "ok",
        "tasks": "ok",  # the task table is still read (only the database probe is stubbed)
        "task_queue": {"queued": 0, "oldest_age_s": 0},
    }


def test_database_probe_reports_a_real_connection_failure(settings, caplog):
    """The probe itself (not a stub) turns a refused connection into False, logged in one line."""
    from django.db import connections

    from config import views

    class Refusing:
        def cursor(self):
            raise OSError("connection refused")

        def close_if_unusable_or_obsolete(self):
            pass

    original = views.connection
    views.connection = Refusing()
    try:
        assert views._database_ok() is False
    finally:
        views.connection = original
    assert connections is not None
    [record] = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert record.exc_info is None and "OSError" in record.getMessage()


def test_channel_layer_probe_round_trips_a_message():
    from config.views import _channel_layer_ok

    assert async_to_sync(_channel_layer_ok)() is True
