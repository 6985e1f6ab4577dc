"""CHAT_ACK_TIMEOUT_SECONDS (mentoring/chat_writer.py) comes from the environment, one clear line otherwise."""

from __future__ import annotations

from tests.accounts.test_settings_and_health import manage


def test_the_chat_ack_timeout_is_read_from_the_environment():
    result = manage("diffsettings", env={"DEBUG": "1", "CHAT_ACK_TIMEOUT_SECONDS": "5"})
    assert result.returncode == 0, result.stderr
    assert "CHAT_ACK_TIMEOUT_SECONDS = 5" in result.stdout


def test_a_chat_ack_timeout_under_a_second_stops_the_start_with_one_clear_line():
    result = manage("check", env={"DEBUG": "1", "CHAT_ACK_TIMEOUT_SECONDS": "0"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: CHAT_ACK_TIMEOUT_SECONDS must be at least 1 (seconds)"
    ]
