"""The report's period: a month, a quarter, a year or a custom from–to range, read from a query string.

``parse_period(params, today=)`` returns ``None`` (the whole history) or a ``Period`` whose ``start``
and ``end`` are inclusive dates; anything malformed raises ``PeriodError`` with a message fit to show
the manager (the report then shows no figures rather than figures for a period nobody asked for).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

KINDS = ("month", "quarter", "year", "custom")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER_RE = re.compile(r"^(\d{4})-[Qq]([1-4])$")
YEAR_RE = re.compile(r"^(\d{4})$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_YEAR = 2000
MAX_DAYS = 366 * 10


class PeriodError(DomainError):
    code = "bad_period"


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def datetimes(self) -> tuple[datetime.datetime, datetime.datetime]:
        """``[start, end)`` as aware datetimes in the project's time zone (for ``__gte``/``__lt``)."""
        zone = timezone.get_current_timezone()
        after = self.end + datetime.timedelta(days=1)
        return (
            datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(after, datetime.time.min, tzinfo=zone),
        )

    def as_params(self) -> dict[str, str]:
        """The query string that asks for this period again (the export links)."""
        if self.kind == "custom":
            return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}
        return {"period": self.kind, self.kind: self.label}


def _year(value: str) -> int:
    year = int(value)
    if not FIRST_YEAR <= year <= 2999:
        raise PeriodError(_("Choose a year between %(first)d and 2999.") % {"first": FIRST_YEAR})
    return year


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _date(value: str, label: str) -> datetime.date:
    try:
        if not DATE_RE.match(value):
            raise ValueError
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise PeriodError(_("%(field)s is not a date: write it as YYYY-MM-DD.") % {"field": label}) from None
    _year(str(day.year))
    return day


def parse_period(params: Mapping[str, str], *, today: datetime.date) -> Period | None:
    """The period asked for in ``params`` (``period`` and its value), ``None`` for the whole history.

    A kind without its value means the current one (this month, this quarter, this year).
    """
    kind = (params.get("period") or "").strip()
    if not kind or kind == "all":
        return None
    if kind not in KINDS:
        raise PeriodError(_("Unknown period: choose a month, a quarter, a year or a date range."))
    value = (params.get(kind) or "").strip()
    if kind == "month":
        if not value:
            return Period("month", today.replace(day=1), _month_end(today.year, today.month))
        match = MONTH_RE.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise PeriodError(_("The month is not valid: write it as YYYY-MM."))
        year, month = _year(match[1]), int(match[2])
        return Period("month", datetime.date(year, month, 1), _month_end(year, month))
    if kind == "quarter":
        if not value:
            value = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
        match = QUARTER_RE.match(value)
        if not match:
            raise PeriodError(_("The quarter is not valid: write it as YYYY-Q1 to YYYY-Q4."))
        year, first = _year(match[1]), (int(match[2]) - 1) * 3 + 1
        return Period("quarter", datetime.date(year, first, 1), _month_end(year, first + 2))
    if kind == "year":
        value = value or str(today.year)
        if not YEAR_RE.match(value):
            raise PeriodError(_("The year is not valid: write it as YYYY."))
        year = _year(value)
        return Period("year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    raw_from, raw_to = (params.get("from") or "").strip(), (params.get("to") or "").strip()
    if not raw_from or not raw_to:
        raise PeriodError(_("A date range needs both a start date and an end date."))
    start, end = _date(raw_from, _("The start date")), _date(raw_to, _("The end date"))
    if start > end:
        raise PeriodError(_("The start date is after the end date."))
    if (end - start).days > MAX_DAYS:
        raise PeriodError(_("A date range may cover at most ten years."))
    return Period("custom", start, end)
