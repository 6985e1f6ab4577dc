"""Working days: weekends, Indonesia's national holidays (the ``holidays`` package) and the days a
deployment adds in ``TUMBUH_HOLIDAYS``, all in local time (WIB)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from complaints.targets import add_working_days, is_working_day, national_holidays, working_days_between

# The calendar itself is the subject here: .ci/run also runs these under its five clocks.
pytestmark = pytest.mark.date_sensitive

WIB = ZoneInfo("Asia/Jakarta")


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WIB)


def test_independence_day_comes_from_the_holidays_package():
    assert datetime.date(2026, 8, 17) in national_holidays(2026)  # a Monday
    assert not is_working_day(datetime.date(2026, 8, 17))
    assert is_working_day(datetime.date(2026, 8, 18))


def test_the_count_steps_over_a_national_holiday():
    friday = at(2026, 8, 14, 10, 0)
    assert add_working_days(friday, 1) == at(2026, 8, 18, 10, 0)  # Monday 17 August is skipped
    assert working_days_between(friday, at(2026, 8, 19, 9, 0)) == 2  # Tuesday and Wednesday


def test_a_complaint_raised_on_a_national_holiday_counts_from_the_next_working_morning():
    holiday = at(2026, 8, 17, 15, 30)
    assert add_working_days(holiday, 2) == at(2026, 8, 20, 0, 0)


def test_days_in_tumbuh_holidays_are_added_to_the_national_ones(settings):
    settings.TUMBUH_HOLIDAYS = ["2026-08-18"]  # a cuti bersama day after Independence Day
    friday = at(2026, 8, 14, 10, 0)
    assert add_working_days(friday, 1) == at(2026, 8, 19, 10, 0)
    assert working_days_between(friday, at(2026, 8, 19, 9, 0)) == 1
    settings.TUMBUH_HOLIDAYS = []
    assert add_working_days(friday, 1) == at(2026, 8, 18, 10, 0)


def test_the_count_uses_the_local_date_not_utc():
    # Monday 00:05 WIB is still Sunday in UTC: counted from Monday, not from Tuesday 00:00.
    monday = at(2026, 11, 30, 0, 5)
    assert add_working_days(monday, 2) == at(2026, 12, 2, 0, 5)
    # Friday 23:55 WIB is Friday in UTC too, but one minute later it is Saturday here.
    friday = at(2026, 12, 4, 23, 55)
    assert add_working_days(friday, 2) == at(2026, 12, 8, 23, 55)


def test_29_february_and_the_turn_of_the_year():
    # 29 February 2028 is a working Tuesday.
    assert add_working_days(at(2028, 2, 29, 10, 0), 1) == at(2028, 3, 1, 10, 0)
    # 31 December 2026 is a Thursday; 1 January 2027 a national holiday; next is Monday 4 January.
    assert add_working_days(at(2026, 12, 31, 23, 0), 1) == at(2027, 1, 4, 23, 0)
