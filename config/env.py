"""Reading settings from the environment, failing at start with one clear line."""

from __future__ import annotations

import datetime
import os
import re
import sys
from urllib.parse import urlparse

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def fail(name: str, problem: str) -> None:
    """Stop the process with one line that names the setting (no traceback)."""
    sys.stderr.write(f"Configuration error: {name} {problem}\n")
    raise SystemExit(2)


def get_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value.strip()


def get_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    fail(name, f"must be a boolean (1/0, true/false), not {value!r}")
    return False  # pragma: no cover


def get_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        fail(name, f"must be a whole number, not {value!r}")
    return default  # pragma: no cover


def get_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def get_url(name: str, schemes: set[str]) -> str | None:
    value = get_str(name)
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        fail(name, f"must be a URL starting with one of {sorted(schemes)}, not {value!r}")
    return value


def get_dates(name: str) -> list[str]:
    """Comma-separated ISO dates (``2026-08-18,2026-12-24``), returned as ISO strings."""
    dates = []
    for item in get_list(name, []):
        try:
            dates.append(datetime.date.fromisoformat(item).isoformat())
        except ValueError:
            fail(name, f"must be comma-separated dates like 2026-12-24, not {item!r}")
    return dates


def get_rate(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """``COUNT/SECONDS`` (``20/10``: at most 20 in each 10-second window), both whole numbers above 0."""
    value = get_str(name)
    if not value:
        return default
    match = re.fullmatch(r"(\d+)\s*/\s*(\d+)", value, re.ASCII)
    if match is None or int(match[1]) == 0 or int(match[2]) == 0:
        fail(name, f"must be COUNT/SECONDS with whole numbers above 0 (e.g. 20/10), not {value!r}")
        return default  # pragma: no cover
    return int(match[1]), int(match[2])
