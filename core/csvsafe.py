"""CSV files that a spreadsheet opens as data, never as formulas.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (OWASP "CSV injection"): a business name such as
``=HYPERLINK("http://evil.example","x")`` typed by anyone becomes a live link or command in a
manager's spreadsheet. Such text gets a leading ``'``, which spreadsheets show as plain text.
Numbers stay numbers (a negative amount is still a number); only text is changed.

Every CSV the project writes goes through this module:

* Wagtail listings and reports (``list_export``): ``SafeSpreadsheetExportMixin`` on each view,
  and ``protect_wagtail_exports()`` for Wagtail's own reports (site history, form submissions…);
* hand-written CSV: ``csv_response()`` and ``SafeWriter``.

Files start with a UTF-8 byte-order mark and declare ``charset=utf-8`` so Excel reads "—", "é"
and Indonesian names correctly. No dependency on the project's apps (a future ``core`` package).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(value: Any) -> Any:
    """The value, with a ``'`` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in row]


class SafeWriter:
    """``csv.writer`` whose rows are neutralised: ``SafeWriter(response).writerow([...])``."""

    def __init__(self, stream, **kwargs) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(filename: str) -> HttpResponse:
    """An empty CSV attachment (UTF-8, with its byte-order mark) to write rows into."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    return response


class _Echo:
    """A file-like object whose ``write`` hands the line back, for streaming a ``csv`` writer."""

    def write(self, value: str) -> str:
        return value


class SafeSpreadsheetExportMixin:
    """For Wagtail views with ``list_export`` (put it before the Wagtail view in the bases).

    Wagtail already types XLSX cells as text; its CSV writes values as they are. Here every CSV
    cell, headings included, is neutralised after Wagtail's own preprocessing, and the file gets
    its charset and byte-order mark. Columns and their order are Wagtail's, unchanged. The methods
    do not call ``super()``: ``protect_wagtail_exports`` installs the very same functions on
    Wagtail's mixin, and neither must apply twice.
    """

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def stream_csv(self, queryset) -> Iterator[str]:
        writer = csv.DictWriter(_Echo(), fieldnames=self.list_export)
        headings = {field: neutralise(self.get_heading(queryset, field)) for field in self.list_export}
        yield BOM + writer.writerow(headings)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(self.stream_csv(queryset), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response


SAFE_METHODS = ("write_csv_row", "stream_csv", "write_csv_response")


def protect_wagtail_exports() -> None:
    """Give Wagtail's own exports (site history, aging and locked pages, workflows, redirects, form
    submissions) the same protection: its mixin's CSV methods become this module's. Idempotent."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    for name in SAFE_METHODS:
        setattr(SpreadsheetExportMixin, name, SafeSpreadsheetExportMixin.__dict__[name])
