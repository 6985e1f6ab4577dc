"""The release step (``manage.py release``) and the liveness/readiness endpoints (issue 18)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings


def release(**options) -> str:
    out = io.StringIO()
    call_command("release", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_release_is_idempotent(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    first = release()
    assert "release: migrate" in first and "release: collectstatic" in first
    copied = sorted(
        p.relative_to(settings.STATIC_ROOT) for p in settings.STATIC_ROOT.rglob("*") if p.is_file()
    )
    assert copied, "collectstatic wrote nothing"

    second = release(verbosity=2)
    assert "No migrations to apply." in second
    assert "0 static files copied" in second
    again = sorted(
        p.relative_to(settings.STATIC_ROOT) for p in settings.STATIC_ROOT.rglob("*") if p.is_file()
    )
    assert again == copied
    assert second.rstrip().endswith("release: done")


@pytest.mark.django_db
def test_release_runs_the_reference_data_loaders_only_when_they_exist(monkeypatch):
    from config.management.commands import release as module

    calls: list[str] = []
    monkeypatch.setattr(module, "call_command", lambda name, **kw: calls.append(name))
    monkeypatch.setattr(module, "get_commands", lambda: {"migrate": "django", "load_program": "incubator"})
    out = release(skip_static=True)
    assert calls == ["migrate", "load_program"]
    assert "load_curriculum not in this version; skipped" in out
    assert "collectstatic skipped" in out


def test_healthz_is_liveness_without_the_database(client, monkeypatch):
    """No database access at all: a test without the db mark would fail on any query."""
    from config import views

    def boom():  # pragma: no cover - must not be called
        raise AssertionError("liveness touched a dependency")

    monkeypatch.setattr(views, "_database_ok", boom)
    monkeypatch.setattr(views, "_cache_ok", boom)
    response = client.get("/healthz")
    assert response.status_code == 200
    # The keys of the former combined check stay, for old clients.
    assert response.json() == {"status": "ok", "database": "not checked", "channel_layer": "not checked"}
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_probes_are_exempt_from_the_https_redirect(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/").status_code == 301


@pytest.mark.django_db
def test_readyz_answers_503_when_the_cache_is_down(client, caplog):
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    from django.core.cache import caches

    with override_settings(CACHES=broken):
        caches._settings = None  # re-read the (overridden) settings
        try:
            response = client.get("/readyz")
        finally:
            caches._settings = None
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
    [record] = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
    assert record.exc_info is None


@pytest.mark.django_db
def test_readyz_checks_the_task_queue_when_installed(client, monkeypatch):
    from django.apps import apps

    from config import views

    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name == "django_tasks_db" or real(name))
    monkeypatch.setattr(views, "_task_queue_ok", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["tasks"] == "unavailable"
