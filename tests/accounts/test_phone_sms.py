"""The pluggable SMS transport: console, file and in-memory backends."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import sms


def test_the_console_backend_prints_the_number_and_the_text(settings, capsys):
    settings.TUMBUH_SMS_BACKEND = "accounts.sms.ConsoleBackend"
    assert sms.send_sms("+6281234567890", "123456 adalah kode masuk Tumbuh Anda.") == 1
    out = capsys.readouterr().out
    assert "+6281234567890" in out
    assert "123456 adalah kode masuk Tumbuh Anda." in out


def test_the_console_backend_writes_to_the_stream_it_is_given():
    stream = io.StringIO()
    sms.ConsoleBackend(stream=stream).send_messages([sms.SMSMessage(to="+628111", text="halo")])
    assert "+628111" in stream.getvalue() and "halo" in stream.getvalue()


def test_the_console_backend_prints_the_time_as_the_pages_do_not_utc():
    # Walkthrough §0.5: the console said 01:09 while every page said 08:09 WIB.
    import datetime

    stream = io.StringIO()
    at = datetime.datetime(2026, 12, 2, 1, 9, 38, tzinfo=datetime.UTC)
    sms.ConsoleBackend(stream=stream).send_messages(
        [sms.SMSMessage(to="+628111", text="halo", created_at=at)]
    )
    assert "(2026-12-02 08:09:38 WIB)" in stream.getvalue()


def test_the_file_backend_appends_one_json_line_per_message(settings, tmp_path):
    settings.TUMBUH_SMS_BACKEND = "accounts.sms.FileBackend"
    settings.TUMBUH_SMS_FILE_PATH = str(tmp_path / "sms")
    sms.send_sms("+6281234567890", "Kode: 111111")
    sms.send_sms("+6289876543210", "Kode: 222222 — jangan dibagikan")
    files = list((tmp_path / "sms").glob("sms-*.jsonl"))
    assert len(files) == 1
    lines = [json.loads(line) for line in files[0].read_text(encoding="utf-8").splitlines()]
    assert [(line["to"], line["text"]) for line in lines] == [
        ("+6281234567890", "Kode: 111111"),
        ("+6289876543210", "Kode: 222222 — jangan dibagikan"),
    ]
    assert all(line["created_at"] for line in lines)


def test_the_file_backend_needs_a_folder(settings, tmp_path):
    settings.TUMBUH_SMS_FILE_PATH = None
    with pytest.raises(ImproperlyConfigured):
        sms.FileBackend()
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    with pytest.raises(ImproperlyConfigured):
        sms.FileBackend(file_path=a_file)


def test_the_locmem_backend_keeps_messages_in_the_outbox(settings):
    settings.TUMBUH_SMS_BACKEND = "accounts.sms.LocmemBackend"
    sms.outbox.clear()
    sms.send_sms("+6281234567890", "halo")
    assert [(message.to, message.text) for message in sms.outbox] == [("+6281234567890", "halo")]
    sms.outbox.clear()


class _Broken(sms.BaseBackend):
    def send_messages(self, messages):
        raise ConnectionError("gateway down")


def test_a_failing_gateway_raises_unless_told_to_fail_silently(settings, caplog):
    settings.TUMBUH_SMS_BACKEND = f"{__name__}._Broken"
    with pytest.raises(sms.SMSNotSent):
        sms.send_sms("+6281234567890", "halo")
    assert sms.send_sms("+6281234567890", "halo", fail_silently=True) == 0
    # The log says which number (shortened) and what kind of failure, never the text (it may be a code).
    assert "halo" not in caplog.text and "+6281234567890" not in caplog.text
    assert "ConnectionError" in caplog.text
