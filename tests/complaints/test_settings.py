"""TUMBUH_HOLIDAYS comes from the environment: comma-separated ISO dates, one clear line otherwise."""

from __future__ import annotations

import pytest

from config import env
from tests.accounts.test_settings_and_health import manage


def test_tumbuh_holidays_is_read_from_the_environment():
    result = manage("diffsettings", env={"DEBUG": "1", "TUMBUH_HOLIDAYS": " 2026-08-18, 2026-12-24 "})
    assert result.returncode == 0, result.stderr
    assert "TUMBUH_HOLIDAYS = ['2026-08-18', '2026-12-24']" in result.stdout


def test_a_malformed_holiday_stops_the_start_with_one_clear_line():
    result = manage("check", env={"DEBUG": "1", "TUMBUH_HOLIDAYS": "2026-08-18,17/08/2026"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: TUMBUH_HOLIDAYS must be comma-separated dates like 2026-12-24, not '17/08/2026'"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        ("", []),
        ("2026-08-18", ["2026-08-18"]),
        ("2026-08-18,,2027-01-01 ", ["2026-08-18", "2027-01-01"]),
    ],
)
def test_holiday_dates_are_parsed(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("TUMBUH_HOLIDAYS", raising=False)
    else:
        monkeypatch.setenv("TUMBUH_HOLIDAYS", value)
    assert env.get_dates("TUMBUH_HOLIDAYS") == expected


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "2026-13-01"])
def test_impossible_dates_are_refused(monkeypatch, capsys, value):
    monkeypatch.setenv("TUMBUH_HOLIDAYS", value)
    with pytest.raises(SystemExit):
        env.get_dates("TUMBUH_HOLIDAYS")
    assert capsys.readouterr().err.startswith("Configuration error: TUMBUH_HOLIDAYS must be")
