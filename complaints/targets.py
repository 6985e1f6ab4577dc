"""Target times per category, counted in working days (Monday to Friday, local time).

Public holidays are not built in: Indonesia's joint-leave calendar (*cuti bersama*) is decided
each year by a joint ministerial decree. A deployment lists them as ISO dates in the optional
setting ``TUMBUH_HOLIDAYS`` (e.g. ``["2026-08-17", "2026-12-25"]``); without it only weekends are
skipped.
"""

from __future__ import annotations

import datetime

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


def _holidays() -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(str(d)) for d in getattr(settings, "TUMBUH_HOLIDAYS", ()))


def is_working_day(day: datetime.date, holidays: frozenset[datetime.date] | None = None) -> bool:
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
