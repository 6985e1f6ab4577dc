"""A body over DATA_UPLOAD_MAX_MEMORY_SIZE (case 56's global cap) and Django's other "suspicious" refusals:
a 400 page that says what happened, in both languages, under the strict CSP, and one log line without a
traceback (issue 11: no traceback for anything a client can send)."""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import re

import pytest
from django.conf import settings

from incubator.models import MonthlyReport
from tests.incubator.factories import EntrepreneurProfileFactory


def console_handler() -> logging.Handler:
    return next(h for h in logging.getLogger().handlers if h.get_name() == "console")


@pytest.fixture
def log_text():
    """What the configured console handler writes, while the test runs."""
    handler = console_handler()
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


@pytest.mark.django_db
def test_an_oversized_body_gets_the_bilingual_400_page_and_nothing_is_stored(client, log_text):
    profile = EntrepreneurProfileFactory()
    client.force_login(profile.user)
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post(
        "/portal/reports/", {"month": "2026-06-01", "revenue": "1", "costs": "0", "notes": body}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Permintaan tidak dapat diproses" in text
    assert "nothing was saved" in text
    assert not MonthlyReport.objects.filter(profile=profile).exists()
    css = re.search(r"<style>(.*?)</style>", text, flags=re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]
    assert "RequestDataTooBig" in log_text.getvalue()
    assert "Traceback" not in log_text.getvalue()


def test_a_security_record_is_one_line_and_other_errors_keep_their_traceback(log_text):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("django.security.DisallowedHost").error("Invalid HTTP_HOST header", exc_info=True)
        logging.getLogger("tumbuh.test").error("a real error", exc_info=True)

    lines = log_text.getvalue().splitlines()
    security = [line for line in lines if "django.security.DisallowedHost" in line]
    assert len(security) == 1
    assert log_text.getvalue().count("Traceback") == 1  # only the real error's
    assert "a real error" in log_text.getvalue()
