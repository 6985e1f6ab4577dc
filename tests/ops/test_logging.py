"""JSON log lines with a request id and user id, and no personal data in them (issue 18)."""

from __future__ import annotations

import io
import json
import logging
import sys
import types

import pytest

from config import logging as tumbuh_logging
from tests.accounts.test_settings_and_health import PRODUCTION_ENV, manage


def render(record: logging.LogRecord) -> dict:
    for f in (tumbuh_logging.ContextFilter(), tumbuh_logging.PersonalDataFilter()):
        f.filter(record)
    line = tumbuh_logging.JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def make_record(msg: str, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("tumbuh.test", logging.WARNING, __file__, 1, msg, args, exc_info)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sms to 081234567890 failed", "sms to [phone] failed"),
        ("sms to +62 812-3456-7890 failed", "sms to [phone] failed"),
        ("sms to 6281234567890 failed", "sms to [phone] failed"),
        ("sms to +4915112345678 failed", "sms to [phone] failed"),
        ("mail to siti.aminah@example.co.id bounced", "mail to [email] bounced"),
    ],
)
def test_personal_data_is_masked_in_messages(text, expected):
    assert render(make_record("%s", text))["message"] == expected


def test_a_malformed_log_call_does_not_raise_from_the_filter():
    record = make_record("%s and %s", "only one")
    assert tumbuh_logging.PersonalDataFilter().filter(record) is True


def test_ordinary_numbers_are_kept():
    event = render(make_record("mentee %s: 12 sessions on 2026-12-04 from 127.0.0.1 took 230.5 ms", 4821))
    assert event["message"] == "mentee 4821: 12 sessions on 2026-12-04 from 127.0.0.1 took 230.5 ms"


def test_a_traceback_is_one_json_line_and_masked():
    try:
        raise ValueError("no account for budi@example.org")
    except ValueError:
        event = render(make_record("lookup failed", exc_info=sys.exc_info()))
    assert "ValueError: no account for [email]" in event["exception"]
    assert "budi@" not in json.dumps(event)


@pytest.fixture
def json_lines():
    """What the production handler (filters + JSON formatter) writes for ``tumbuh.*`` loggers."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(tumbuh_logging.ContextFilter())
    handler.addFilter(tumbuh_logging.PersonalDataFilter())
    handler.setFormatter(tumbuh_logging.JsonFormatter())
    target = logging.getLogger("tumbuh")
    target.addHandler(handler)
    level = target.level
    target.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    target.removeHandler(handler)
    target.setLevel(level)


@pytest.mark.django_db
def test_each_request_logs_one_line_with_request_id_and_user_id(client, entrepreneur_user, json_lines):
    client.force_login(entrepreneur_user)
    response = client.get("/?email=siti@example.org", HTTP_X_REQUEST_ID="lb-4f2a9c1e-77")
    assert response["X-Request-ID"] == "lb-4f2a9c1e-77"
    [event] = [e for e in json_lines() if e["logger"] == "tumbuh.request"]
    assert event["request_id"] == "lb-4f2a9c1e-77"
    assert event["user_id"] == entrepreneur_user.pk
    assert event["path"] == "/" and event["status"] == response.status_code and event["method"] == "GET"
    assert "siti" not in json.dumps(event)  # the query string is never logged
    assert tumbuh_logging.request_id_var.get() is None  # nothing leaks past the request


@pytest.mark.django_db
def test_probes_that_succeed_are_not_logged(client, json_lines):
    assert client.get("/healthz").status_code == 200
    assert json_lines() == []


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["", "short", "x" * 65, "abc def 123456", "id\nforged-line"])
def test_an_invalid_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert tumbuh_logging.VALID_REQUEST_ID.fullmatch(response["X-Request-ID"])


def test_log_records_inside_a_request_carry_its_id():
    token = tumbuh_logging.request_id_var.set("req-12345678")
    try:
        event = render(make_record("inside"))
    finally:
        tumbuh_logging.request_id_var.reset(token)
    assert event["request_id"] == "req-12345678"
    assert "user_id" not in event
    assert "request_id" not in render(make_record("outside"))


def test_logs_are_json_without_debug_and_plain_with_it():
    code = "from django.conf import settings; print(settings.LOGGING['formatters']['tumbuh']['()'])"
    prod = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert prod.stdout.strip().splitlines()[-1] == "config.logging.JsonFormatter", prod.stderr
    dev = manage("shell", "-c", code, env={"DEBUG": "1"})
    assert dev.stdout.strip().splitlines()[-1] == "config.logging.PlainFormatter", dev.stderr
    bad = manage("check", env={**PRODUCTION_ENV, "LOG_FORMAT": "xml"})
    assert bad.returncode != 0 and "LOG_FORMAT must be json or plain" in bad.stderr


def test_sentry_dsn_without_the_package_stops_with_one_line():
    result = manage("check", env={**PRODUCTION_ENV, "SENTRY_DSN": "https://key@errors.example.org/1"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SENTRY_DSN is set but the sentry-sdk package is not installed (pip install sentry-sdk)"
    ]


def test_sentry_reporter_starts_only_with_a_dsn_and_without_personal_data(monkeypatch):
    calls: list[dict] = []
    monkeypatch.setitem(sys.modules, "sentry_sdk", types.SimpleNamespace(init=lambda **kw: calls.append(kw)))
    assert tumbuh_logging.init_error_reporting("", environment="production", release=None) is False
    assert calls == []
    assert (
        tumbuh_logging.init_error_reporting("https://k@e.example/1", environment="staging", release="abc")
        is True
    )
    [options] = calls
    assert options["send_default_pii"] is False and options["environment"] == "staging"
    event = options["before_send"]({"exception": {"values": [{"value": "bad phone 081234567890"}]}}, {})
    assert event["exception"]["values"][0]["value"] == "bad phone [phone]"
