"""Target times per category, counted in working days (Monday to Friday, local time).

Days off are Indonesia's national public holidays, from the ``holidays`` package
(``holidays.country_holidays("ID")``, kept up to date by upgrading it), plus the days a deployment
adds in the ``TUMBUH_HOLIDAYS`` setting (environment variable of the same name, comma-separated
ISO dates): the joint-leave days (*cuti bersama*) decided each year by a joint ministerial decree,
and regional holidays.
"""

from __future__ import annotations

import datetime
import functools

import holidays as public_holidays
from django.conf import settings
from django.utils import timezone

from complaints.models import Category

# Harassment is urgent; a referral is a hand-over, quicker than solving a case ourselves.
TARGET_WORKING_DAYS: dict[str, int] = {
    Category.ASSISTANCE: 5,
    Category.MENTORING: 5,
    Category.HARASSMENT: 2,
    Category.DATA: 5,
    Category.HEALTH: 3,
    Category.EDUCATION: 3,
    Category.CIVIL_REGISTRY: 3,
    Category.OTHER_SERVICE: 3,
}


@functools.cache
def national_holidays(year: int) -> frozenset[datetime.date]:
    """Indonesia's public holidays in ``year`` (the package computes each year once per process)."""
    return frozenset(public_holidays.country_holidays("ID", years=year))


class _DaysOff:
    """National holidays plus the deployment's own days (``TUMBUH_HOLIDAYS``)."""

    def __init__(self, extra: frozenset[datetime.date]):
        self.extra = extra

    def __contains__(self, day: datetime.date) -> bool:
        return day in self.extra or day in national_holidays(day.year)


def _holidays() -> _DaysOff:
    extra = frozenset(datetime.date.fromisoformat(str(d)) for d in getattr(settings, "TUMBUH_HOLIDAYS", ()))
    return _DaysOff(extra)


def is_working_day(day: datetime.date, holidays: _DaysOff | None = None) -> bool:
    holidays = _holidays() if holidays is None else holidays
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """``days`` working days after ``start``, at the same local clock time.

    A complaint raised on a weekend or holiday starts counting at 00:00 of the next working day.
    """
    holidays = _holidays()
    local = timezone.localtime(start)
    if not is_working_day(local.date(), holidays):
        day = local.date()
        while not is_working_day(day, holidays):
            day += datetime.timedelta(days=1)
        local = local.replace(year=day.year, month=day.month, day=day.day, hour=0, minute=0, second=0)
        local = local.replace(microsecond=0)
    day, left = local.date(), days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    naive = datetime.datetime.combine(day, local.time())
    return timezone.make_aware(naive, timezone.get_current_timezone())


def working_days_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Whole working days from ``start``'s local date to ``end``'s (0 on the same day)."""
    holidays = _holidays()
    first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    count, day = 0, first
    while day < last:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def target_for(category: str) -> int:
    return TARGET_WORKING_DAYS.get(category, 5)
