"""Content-Security-Policy on every response; no template needs inline script (case 83)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from config.middleware import unavailable_response
from tests.factories import ManagerUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory
from tests.incubator.photos import png

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


def assert_strict(response) -> None:
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    assert directives["connect-src"] == ["'self'", "ws://testserver"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


@pytest.fixture
def profile(db):
    profile = EntrepreneurProfileFactory()
    profile.business_photo.save("shop.png", ContentFile(png().read()))
    return profile


@pytest.mark.django_db
def test_public_pages_and_the_404_page_carry_the_strict_policy(client):
    assert_strict(client.get("/"))
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert_strict(response)
    assert_strict(client.get("/accounts/login/"))


def test_signed_in_pages_and_private_files_carry_the_strict_policy(client, profile):
    client.force_login(profile.user)
    assert_strict(client.get("/portal/"))
    response = client.get(f"/files/business/{profile.pk}/")
    assert response.status_code == 200
    assert_strict(response)


def test_a_secure_request_allows_only_the_wss_socket_of_this_host(client):
    response = client.get("/accounts/login/", secure=True)
    assert policy(response)["connect-src"] == ["'self'", "wss://testserver"]


@pytest.mark.django_db
def test_the_wagtail_admin_allows_its_inline_scripts_and_styles_and_nothing_else(client):
    client.force_login(ManagerUserFactory())
    response = client.get("/cms/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]


def test_the_unavailable_page_keeps_its_inline_style_through_a_hash(rf):
    response = unavailable_response()
    css = re.search(r"<style>(.*?)</style>", response.content.decode(), flags=re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    from django.conf import settings

    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_event_handler_attributes(template):
    text = template.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline script in {template}: {tag}"
    handlers = re.findall(r"<[^>]*\son[a-z]+\s*=", text, flags=re.IGNORECASE)
    assert not handlers, f"on*= handler in {template}: {handlers}"
    assert not re.search(r"javascript:", text, flags=re.IGNORECASE), f"javascript: URL in {template}"


def test_the_template_scan_finds_the_templates():
    assert len(TEMPLATES) > 30
    assert ROOT / "templates" / "base.html" in TEMPLATES
