"""The program report as a file: CSV (``,`` or ``;``) and XLSX, each opening with a header block.

The header rows say what the file is: the title, the scope (the reader's area), the filters asked
for (cohort, region, period) and when it was generated. Figures follow as one row each: figure,
breakdown, value, unit. In XLSX the value is a real number cell (Rupiah, counts, shares with a number
format), text cells are typed as text (never a formula); CSV text goes through ``core.csvsafe``. With
``;`` (what Excel expects in an Indonesian locale) decimals use a comma.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.csvsafe import SafeWriter, csv_response

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEPARATORS = {"comma": ",", "semicolon": ";"}
NUMBER_FORMATS = {
    "count": "#,##0",
    "rupiah": '"Rp" #,##0;-"Rp" #,##0',
    "share": "0.0%",
    "days": "#,##0.0",
    "hours": "#,##0.0",
    "decimal": "#,##0.00",
}


def unit_label(unit: str) -> str:
    return {
        "count": "",
        "rupiah": "Rp",
        "share": "%",
        "days": _("days"),
        "hours": _("hours"),
        "decimal": "",
    }.get(unit, "")


def header_rows(meta: dict[str, Any]) -> list[list[str]]:
    """``meta``: ``title``, ``area``, ``filters`` (label → value pairs), ``generated`` (text)."""
    rows = [[meta["title"]], [_("Scope"), meta["area"]]]
    rows += [[label, value] for label, value in meta["filters"]]
    rows.append([_("Generated on"), meta["generated"]])
    return rows


def headings() -> list[str]:
    return [_("Figure"), _("Breakdown"), _("Value"), _("Unit")]


def _csv_number(number: Any, unit: str, decimal_comma: bool) -> Any:
    if unit == "share":
        number = round(number * 100, 1)
    if isinstance(number, float):
        text = repr(round(number, 2))
        return text.replace(".", ",") if decimal_comma else text
    return number


def csv_report(rows: Iterable[dict[str, Any]], meta: dict[str, Any], *, separator: str) -> HttpResponse:
    delimiter = SEPARATORS.get(separator, ",")
    response = csv_response(f"{meta['filename']}.csv")
    writer = SafeWriter(response, delimiter=delimiter)
    writer.writerows(header_rows(meta))
    writer.writerow([])
    writer.writerow(headings())
    for row in rows:
        number = row.get("number")
        value = row["value"] if number is None else _csv_number(number, row["unit"], delimiter == ";")
        unit = unit_label(row["unit"]) if number is not None else ""
        writer.writerow([row["section"], row["label"], value, unit])
    return response


def _text(cell, value: Any) -> None:
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"  # openpyxl would otherwise store "=…" text as a formula


def xlsx_report(rows: Iterable[dict[str, Any]], meta: dict[str, Any]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    line = 0
    for line, values in enumerate(header_rows(meta), start=1):
        for column, value in enumerate(values, start=1):
            _text(sheet.cell(row=line, column=column), value)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    line += 2
    for column, value in enumerate(headings(), start=1):
        cell = sheet.cell(row=line, column=column)
        _text(cell, value)
        cell.font = Font(bold=True)
    for row in rows:
        line += 1
        _text(sheet.cell(row=line, column=1), row["section"])
        _text(sheet.cell(row=line, column=2), row["label"])
        cell = sheet.cell(row=line, column=3)
        number = row.get("number")
        if number is None:
            _text(cell, row["value"])
        else:
            cell.value = number
            cell.number_format = NUMBER_FORMATS.get(row["unit"], "General")
            _text(sheet.cell(row=line, column=4), unit_label(row["unit"]))
    for letter, width in zip("ABCD", (40, 40, 18, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    output = io.BytesIO()
    book.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{meta["filename"]}.xlsx"'
    return response
