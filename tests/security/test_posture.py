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


# --- Private files: no static route in production, optional X-Accel-Redirect ------------------------------


def test_the_media_route_is_mounted_only_in_debug():
    result = load_settings(
        {**SAFE, "DJANGO_SETTINGS_MODULE": "config.settings"},
        "import django; django.setup()\n"
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/media/original_images/x.png'); print('mounted')\n"
        "except Resolver404:\n    print('absent')",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "absent"
    result = load_settings(
        {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"},
        "import django; django.setup()\n"
        "from django.urls import resolve\n"
        "print(resolve('/media/original_images/x.png').func.__name__)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "serve"


def test_a_malformed_accel_prefix_stops_the_start():
    result = load_settings({**SAFE, "TUMBUH_PRIVATE_FILES_ACCEL": "protected"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: TUMBUH_PRIVATE_FILES_ACCEL must be a path between slashes, "
        "e.g. /protected/, not 'protected'"
    ]


@pytest.fixture
def stored_photo(db):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from mentoring.models import Message

    field = Message._meta.get_field("image")
    name = storages["private"].save("chat/2026/12/foto 1.png", ContentFile(b"\x89PNG fake"))
    return field.attr_class(instance=None, field=field, name=name)


def test_private_files_are_streamed_by_django_by_default(stored_photo):
    from core.files import serve_private_file

    response = serve_private_file(stored_photo)
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"\x89PNG fake"
    assert response["Cache-Control"] == "private, max-age=3600"


def test_with_accel_the_private_file_is_handed_to_nginx(stored_photo, settings):
    from core.files import serve_private_file

    settings.TUMBUH_PRIVATE_FILES_ACCEL = "/protected/"
    response = serve_private_file(stored_photo)
    assert response["X-Accel-Redirect"] == "/protected/chat/2026/12/foto%201.png"
    assert response.content == b""
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_with_accel_a_missing_private_file_is_a_404(stored_photo, settings):
    from django.core.files.storage import storages
    from django.http import Http404

    from core.files import serve_private_file

    settings.TUMBUH_PRIVATE_FILES_ACCEL = "/protected/"
    storages["private"].delete(stored_photo.name)
    with pytest.raises(Http404):
        serve_private_file(stored_photo)


# --- Wagtail image uploads: a decompression bomb is a form error (case 67) ---------------------------------


# The admin speaks the default language, Bahasa Indonesia.
REFUSED = "Gambar ini memiliki terlalu banyak piksel. Paling banyak 40.000.000 piksel."


@pytest.fixture(scope="module")
def bomb_png() -> bytes:
    """A real 30000×30000 one-bit PNG: under a megabyte, 900 million pixels (Pillow refuses above ~179M)."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("1", (30_000, 30_000), 0).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def editor_client(client, db):
    from accounts import roles
    from tests.factories import UserFactory
    from workspace.permissions import CONTENT_EDITOR

    user = UserFactory()
    roles.add_role(user, CONTENT_EDITOR)
    client.force_login(user)
    return client


def _stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_the_bomb_on_the_single_image_add_view_is_a_form_error(editor_client, bomb_png, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.models import Image as WagtailImage

    response = editor_client.post(
        "/cms/images/add/",
        {"title": "bom", "file": SimpleUploadedFile("bomb.png", bomb_png, content_type="image/png")},
    )
    assert response.status_code in {200, 400}
    assert (
        "too many pixels" in response.content.decode() or "terlalu banyak piksel" in response.content.decode()
    )
    assert not WagtailImage.objects.exists()
    assert _stored_files(settings) == []


def test_the_bomb_on_the_multiple_upload_is_refused_and_nothing_is_stored(editor_client, bomb_png, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.models import Image as WagtailImage
    from wagtail.models import UploadedFile

    response = editor_client.post(
        "/cms/images/multiple/add/",
        {"files[]": SimpleUploadedFile("bomb.png", bomb_png, content_type="image/png")},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert body["error_message"] == REFUSED
    assert not WagtailImage.objects.exists()
    assert not UploadedFile.objects.exists()
    assert _stored_files(settings) == []


def test_a_normal_image_still_uploads(editor_client):
    from wagtail.images.models import Image as WagtailImage

    from tests.incubator.photos import png

    response = editor_client.post("/cms/images/multiple/add/", {"files[]": png()})
    assert response.status_code == 200
    assert response.json()["success"] is True
    assert WagtailImage.objects.count() == 1


# --- Cache-Control: signed-in pages are never stored (shared phones) -------------------------------------


@pytest.mark.django_db
def test_signed_in_pages_are_private_and_not_stored(client):
    from tests.factories import ManagerUserFactory
    from tests.incubator.factories import EntrepreneurProfileFactory

    profile = EntrepreneurProfileFactory()
    client.force_login(profile.user)
    for url in ("/portal/", "/accounts/email/", "/complaints/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
    client.force_login(ManagerUserFactory())
    assert "no-store" in client.get("/cms/")["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_and_static_files_are_unaffected(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    response = client.get("/static/css/tumbuh.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_response_that_sets_its_own_cache_control_keeps_it(client, profile_with_photo):
    client.force_login(profile_with_photo.user)
    response = client.get(f"/files/business/{profile_with_photo.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"


@pytest.fixture
def profile_with_photo(db):
    from django.core.files.base import ContentFile

    from tests.incubator.factories import EntrepreneurProfileFactory
    from tests.incubator.photos import png

    profile = EntrepreneurProfileFactory()
    profile.business_photo.save("shop.png", ContentFile(png().read()))
    return profile
