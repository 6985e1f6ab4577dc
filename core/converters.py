"""The ``<id:...>`` path converter: a database id in a URL, at most 18 digits.

Django's ``<int:...>`` accepts any number of digits; an id beyond 64 bits then reaches the
database and fails there (SQLite: ``OverflowError``; PostgreSQL: "out of range"), which is a 500
instead of a 404. Eighteen digits (below 2**63 - 1) cover every id a table can hold; a longer
number matches no route and is a plain 404. Registered once, when ``core`` is ready
(``CoreConfig.ready``), before any URLconf is read.
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1


class BoundedIntConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(BoundedIntConverter, "id")
