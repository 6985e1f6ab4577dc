"""Reading the test SMS outbox (``accounts.sms.LocmemBackend``); the fixture is in conftest.py."""

from __future__ import annotations

import re

from accounts import sms


def sms_code(message: sms.SMSMessage) -> str:
    """The six-digit one-time code in a text."""
    return re.search(r"\b(\d{6})\b", message.text).group(1)
