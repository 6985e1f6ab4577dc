"""Production posture: a DEBUG-off start refuses unsafe settings, with one line naming the setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAFE = {
    "DEBUG": "0",
    "SECRET_KEY": "p" * 20 + "-production-like-secret-key-for-the-posture-tests-0123456789",
    "ALLOWED_HOSTS": "tumbuh.example.org",
    "DATABASE_URL": "postgres://tumbuh:secret@db.example.org:5432/tumbuh",
    "BASE_URL": "https://tumbuh.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "TUMBUH_SMS_BACKEND": "myproject.sms_gateway.GatewayBackend",
}
# Everything the settings read that the test settings put into this process's environment.
INHERITED = {"DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "TUMBUH_SMS_FILE_PATH", *SAFE}


def load_settings(env: dict[str, str], code: str = "") -> subprocess.CompletedProcess:
    """Import config.settings in a fresh interpreter with exactly this environment (plus the system's)."""
    clean = {k: v for k, v in os.environ.items() if k not in INHERITED}
    clean.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-c", f"import config.settings as s\n{code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_safe_production_settings_start_and_base_url_feeds_wagtail():
    result = load_settings(SAFE, "print(s.WAGTAILADMIN_BASE_URL)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://tumbuh.example.org"


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"DATABASE_URL": None},
            "DATABASE_URL is required when DEBUG is off (e.g. postgres://user:password@host:5432/tumbuh)",
        ),
        (
            {"BASE_URL": None},
            "BASE_URL is required when DEBUG is off (the public address, e.g. https://tumbuh.example.org)",
        ),
        (
            {"BASE_URL": "tumbuh.example.org"},
            "BASE_URL must be a URL starting with one of ['http', 'https'], not 'tumbuh.example.org'",
        ),
        *[
            (
                {"EMAIL_BACKEND": backend},
                "EMAIL_BACKEND must deliver mail when DEBUG is off "
                "(e.g. django.core.mail.backends.smtp.EmailBackend), not the console or file backend",
            )
            for backend in (
                None,
                "",
                "django.core.mail.backends.console.EmailBackend",
                "django.core.mail.backends.filebased.EmailBackend",
            )
        ],
        *[
            (
                {"TUMBUH_SMS_BACKEND": backend, "TUMBUH_SMS_FILE_PATH": "/tmp"},
                "TUMBUH_SMS_BACKEND must be your SMS gateway's backend when DEBUG is off "
                "(docs/phone-sign-in.md), not the console or file backend",
            )
            for backend in (None, "", "accounts.sms.ConsoleBackend", "accounts.sms.FileBackend")
        ],
    ],
)
def test_an_unsafe_production_setting_stops_the_start_with_one_line(changes, line):
    result = load_settings({**SAFE, **changes})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"Configuration error: {line}"]
    assert result.stdout == ""


def test_debug_starts_with_nothing_set_as_make_run_does():
    result = load_settings(
        {"DEBUG": "1"}, "print(s.EMAIL_BACKEND, s.TUMBUH_SMS_BACKEND, s.DATABASES['default']['ENGINE'])"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.console.EmailBackend",
        "accounts.sms.ConsoleBackend",
        "django.db.backends.sqlite3",
    ]


def test_the_benchmark_environment_passes_the_production_checks():
    from bench.common import BASE_ENV

    env = {k: v for k, v in BASE_ENV.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = load_settings(env)
    assert result.returncode == 0, result.stderr


def test_a_sqlite_database_url_keeps_the_sqlite_options():
    result = load_settings(
        {**SAFE, "DATABASE_URL": f"sqlite:///{ROOT / 'db.sqlite3'}"},
        "print(s.DATABASES['default']['OPTIONS'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'timeout': 20, 'transaction_mode': 'IMMEDIATE'}"
