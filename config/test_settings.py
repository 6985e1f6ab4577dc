"""Test settings: production-like rules, fast hashing, in-memory email, a file test database.

DATABASE_URL and REDIS_URL still choose the backends, so CI runs the same suite on PostgreSQL + Redis.
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# DEBUG stays off, so the settings ask for what a production start asks for: give them test values.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(__file__).resolve().parent.parent / 'db.sqlite3'}")
os.environ.setdefault("BASE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("TUMBUH_SMS_BACKEND", "accounts.sms.LocmemBackend")

from config.channel_layer import channel_layer_host
from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, CACHES, CHANNEL_LAYERS, DATABASES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TUMBUH_SMS_BACKEND = "accounts.sms.LocmemBackend"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "confirm_email": "20/m/key"}  # noqa: F405
# Per test run: parallel runs (and the cleanup after each test) never touch each other's files.
MEDIA_ROOT = BASE_DIR / ".test-media" / f"{os.environ.get('TUMBUH_TEST_DB', 'main')}-{os.getpid()}"
PUBLIC_MEDIA_ROOT = MEDIA_ROOT / "public"
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {**STORAGES["default"], "OPTIONS": {"location": PUBLIC_MEDIA_ROOT, "base_url": "/media/"}},  # noqa: F405
    "private": {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None}},  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Live-server tests fork a real daphne: they need a file database with an explicit name (STACK.md).
_worker = os.environ.get("TUMBUH_TEST_DB") or os.environ.get("PYTEST_XDIST_WORKER", "main")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{_worker}.sqlite3")}
    # A test database need not survive a power cut: no fsync at each commit (the transactional
    # tests commit and flush a hundred times, and the flush's post_migrate commits each app's rows).
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],
        "init_command": "PRAGMA synchronous=OFF",
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_tumbuh_{_worker}"}

# Parallel workers (pytest-xdist) on the production path: each its own Redis database. They share one
# Redis server, and the cache's clear() before every test is FLUSHDB: with one database, a worker would
# wipe another's rate-limit counters, cached rows and channel-layer queues in the middle of its test.
_xdist = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist.startswith("gw"):
    from urllib.parse import urlsplit, urlunsplit

    from django.core.exceptions import ImproperlyConfigured

    _redis_db = int(_xdist[2:]) + 1  # the single-process runs keep REDIS_URL's own database
    if _redis_db > 15:
        raise ImproperlyConfigured(
            "Tests on Redis run on at most 15 parallel workers (-n 15): one database each"
        )
    REDIS_URL = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{_redis_db}"))
    CACHES["default"]["LOCATION"] = REDIS_URL
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [channel_layer_host(REDIS_URL)]
