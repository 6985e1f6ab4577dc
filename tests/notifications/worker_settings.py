"""The settings of the real ``db_worker`` process that tests/notifications/test_engine.py starts: the
project's own, without the SMS night rule (21:00–06:00 in the person's zone), so that the test does
not depend on the hour it runs at (the rule has its own tests with a frozen clock)."""

from config.settings import *  # noqa: F403

TUMBUH_SMS_QUIET_HOURS = False
