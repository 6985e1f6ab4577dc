"""Logging helpers named in ``LOGGING`` (config/settings.py)."""

from __future__ import annotations

import logging


class OneLineSecurityRecords(logging.Filter):
    """Django's ``django.security.*`` records (an oversized body, too many fields, a foreign Host header,
    a path outside the media folder) are answers to what a client sent: keep the one line, drop the
    traceback, so that nobody fills the error log with stack traces by posting 3 MB."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.security."):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
