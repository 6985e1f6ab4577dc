"""TUMBUH_CHAT_RATE_LIMIT comes from the environment as COUNT/SECONDS, one clear line otherwise."""

from __future__ import annotations

import pytest

from config import env
from tests.accounts.test_settings_and_health import manage


def test_the_chat_rate_limit_is_read_from_the_environment():
    result = manage("diffsettings", env={"DEBUG": "1", "TUMBUH_CHAT_RATE_LIMIT": "5/60"})
    assert result.returncode == 0, result.stderr
    assert "TUMBUH_CHAT_RATE_LIMIT = (5, 60)" in result.stdout


def test_a_malformed_chat_rate_limit_stops_the_start_with_one_clear_line():
    result = manage("check", env={"DEBUG": "1", "TUMBUH_CHAT_RATE_LIMIT": "20 per 10s"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: TUMBUH_CHAT_RATE_LIMIT must be COUNT/SECONDS with whole numbers above 0 "
        "(e.g. 20/10), not '20 per 10s'"
    ]


@pytest.mark.parametrize(
    ("value", "expected"), [(None, (20, 10)), ("", (20, 10)), ("30/5", (30, 5)), (" 3 / 60 ", (3, 60))]
)
def test_rates_are_parsed(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("TUMBUH_CHAT_RATE_LIMIT", raising=False)
    else:
        monkeypatch.setenv("TUMBUH_CHAT_RATE_LIMIT", value)
    assert env.get_rate("TUMBUH_CHAT_RATE_LIMIT", (20, 10)) == expected


@pytest.mark.parametrize("value", ["0/10", "20/0", "20", "-1/10", "2.5/10", "20/10/5", "٢٠/10"])
def test_impossible_rates_are_refused(monkeypatch, capsys, value):
    monkeypatch.setenv("TUMBUH_CHAT_RATE_LIMIT", value)
    with pytest.raises(SystemExit):
        env.get_rate("TUMBUH_CHAT_RATE_LIMIT", (20, 10))
    assert capsys.readouterr().err.startswith("Configuration error: TUMBUH_CHAT_RATE_LIMIT must be")
