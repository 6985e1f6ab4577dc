"""The complaint queue as a Wagtail report: its filters, and its CSV and XLSX files (the filtered
rows of every page, only what the reader may handle, no formula cell, Excel-friendly)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from complaints.models import Category, Complaint, Status
from core.csvsafe import BOM
from tests.complaints.conftest import world_at

QUEUE = reverse("complaints_admin:index")
RESULTS = reverse("complaints_admin:index_results")
EXPORT = reverse("complaints_admin:export")
NOW = datetime.datetime(2026, 12, 7, 5, 0, tzinfo=datetime.UTC)  # Monday 12:00 in Jakarta


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# The world each test would build under that clock, built once for the module.
_world_once, world = world_at(NOW)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    assert text.startswith(BOM)  # Excel (an Indonesian one included) reads the names right
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def xlsx_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def numbers(rows) -> set[str]:
    return {row[0] for row in rows[1:]}


@pytest.fixture
def cases(world):
    resolved = world.raise_(description="Sudah beres")
    Complaint.objects.filter(pk=resolved.pk).update(status=Status.RESOLVED, handler=world.national)
    return {
        "open": world.raise_(description="Bantuan belum datang"),
        "health": world.raise_(category=Category.HEALTH, description="Perlu puskesmas"),
        "resolved": resolved,
        "harassment": world.raise_(category=Category.HARASSMENT, description="Kata-kata kasar"),
        "klaten": world.raise_(by=world.klaten_profile.user, description="Data salah"),
    }


def test_the_status_filter_shows_open_ones_unless_asked_for_all_or_one(world, cases, client_for):
    client = client_for(world.bandung_manager)
    shown = client.get(QUEUE).content.decode()
    assert cases["open"].number in shown and cases["health"].number in shown
    assert cases["resolved"].number not in shown
    everything = client.get(QUEUE, {"status": "all"}).content.decode()
    assert cases["resolved"].number in everything and cases["open"].number in everything
    only = client.get(RESULTS, {"status": Status.RESOLVED}).content.decode()
    assert cases["resolved"].number in only and cases["open"].number not in only
    # A status that does not exist is a form error, and the queue still shows the open ones only.
    odd = client.get(QUEUE, {"status": "nonsense"}).content.decode()
    assert cases["open"].number in odd and cases["resolved"].number not in odd


def test_the_harassment_category_is_offered_only_to_those_who_may_handle_it(world, cases, client_for):
    officer = client_for(world.safeguarding).get(QUEUE).content.decode()
    assert 'value="harassment"' in officer
    only = client_for(world.safeguarding).get(QUEUE, {"category": Category.HARASSMENT}).content.decode()
    assert cases["harassment"].number in only and cases["open"].number not in only
    manager = client_for(world.bandung_manager).get(QUEUE).content.decode()
    assert 'value="harassment"' not in manager and 'value="health"' in manager


def test_the_queue_pages_by_25_and_keeps_the_counts(world, client_for):
    for i in range(26):
        world.raise_(description=f"Keluhan {i}")
    client = client_for(world.bandung_manager)
    first = client.get(QUEUE).content.decode()
    assert first.count("ADU-") == 25
    assert "26 open, 0 past the target date." in first
    second = client.get(QUEUE, {"p": 2}).content.decode()
    assert second.count("ADU-") == 1
    assert len(csv_rows(client.get(QUEUE, {"export": "csv"}))) == 27  # every page, and the heading


def test_the_csv_holds_the_filtered_rows_with_local_times(world, cases, client_for):
    Complaint.objects.filter(pk=cases["health"].pk).update(referred_to="=HYPERLINK(1)")
    rows = csv_rows(
        client_for(world.bandung_manager).get(QUEUE, {"category": Category.HEALTH, "export": "csv"})
    )
    assert rows[0] == [
        "Number",
        "Category",
        "Status",
        "Area",
        "Raised on",
        "Target date",
        "Overdue",
        "Handled by",
        "Referred to",
    ]
    assert len(rows) == 2
    number, category, status, area, raised, due, overdue, handler, referred = rows[1]
    assert number == cases["health"].number and area == "Kota Bandung"
    assert (category, status) == (cases["health"].get_category_display(), "New")
    assert raised == "2026-12-07 12:00"  # Asia/Jakarta, as the screen shows it
    assert due.startswith("2026-12-10") and overdue == "no" and handler == ""
    assert referred == "'=HYPERLINK(1)"


def test_the_xlsx_holds_the_same_rows_as_text_and_dates(world, cases, client_for):
    Complaint.objects.filter(pk=cases["open"].pk).update(referred_to="=1+1")
    response = client_for(world.bandung_manager).get(QUEUE, {"status": "all", "export": "xlsx"})
    assert response["Content-Disposition"].endswith('complaints.xlsx"')
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Number" and rows[0][-1] == "Referred to"
    assert numbers(rows) == {cases[k].number for k in ("open", "health", "resolved")}
    row = next(r for r in rows if r[0] == cases["open"].number)
    assert row[4].isoformat() == "2026-12-07T12:00:00"  # a date cell, in local time
    assert row[-1] == "=1+1"  # text, never a formula (openpyxl would read a formula back as "=1+1" too)
    sheet = load_workbook(io.BytesIO(content)).active
    cell = next(c for r in sheet.iter_rows() for c in r if c.value == "=1+1")
    assert cell.data_type == "s"


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_each_export_holds_only_what_the_reader_handles(world, cases, client_for, export):
    def exported(user, **params) -> set[str]:
        response = client_for(user).get(QUEUE, {"status": "all", "export": export, **params})
        return numbers(csv_rows(response) if export == "csv" else xlsx_rows(response))

    bandung = {cases[k].number for k in ("open", "health", "resolved")}
    assert exported(world.bandung_manager) == bandung
    assert exported(world.bandung_manager, category=Category.HARASSMENT) == bandung  # not offered: ignored
    assert exported(world.safeguarding) == bandung | {cases["harassment"].number}
    assert exported(world.klaten_manager) == {cases["klaten"].number}
    assert exported(world.national) == bandung | {cases["klaten"].number}
    assert exported(world.unscoped) == set()


def test_the_first_export_address_still_answers_with_the_same_filters(world, cases, client_for):
    client = client_for(world.bandung_manager)
    response = client.get(EXPORT, {"category": Category.HEALTH})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="complaints.csv"'
    assert numbers(csv_rows(response)) == {cases["health"].number}
    assert numbers(xlsx_rows(client.get(EXPORT, {"status": "all", "export": "xlsx"}))) == {
        cases[k].number for k in ("open", "health", "resolved")
    }
    # The queue links to its downloads (Wagtail's export buttons), keeping the filters.
    page = client.get(QUEUE, {"category": Category.HEALTH}).content.decode()
    assert "category=health&amp;export=csv" in page and "category=health&amp;export=xlsx" in page


def _many(world, n: int) -> None:
    for i in range(n):
        world.raise_(by=world.other_profile.user if i % 2 else world.entrepreneur, description=f"Keluhan {i}")


@pytest.mark.parametrize("n", [1, 12])
def test_the_xlsx_export_takes_the_same_queries_with_more_rows(
    world, client_for, django_assert_num_queries, n
):
    _many(world, n)
    client = client_for(world.bandung_manager)
    client.get(QUEUE)
    with django_assert_num_queries(XLSX_QUERIES):
        response = client.get(QUEUE, {"export": "xlsx"})
    assert len(xlsx_rows(response)) == n + 1


XLSX_QUERIES = 7  # as the CSV (tests/complaints/test_queue.py)
