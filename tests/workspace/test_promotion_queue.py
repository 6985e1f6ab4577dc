"""The promotion queue as a Wagtail report: tier and kind filters, pages of 25, and CSV and XLSX of
the filtered rows with their eligibility (the manager's area only, no formula cell, Excel-friendly)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.csvsafe import BOM
from incubator.models import EntrepreneurProfile, PromotionRequest, Tier
from tests.factories import ManagerUserFactory
from tests.factories.workspace import (
    build_areas,
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import RegencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

QUEUE = reverse("workspace_promotions:index")
RESULTS = reverse("workspace_promotions:index_results")
NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def program():
    return build_program()


def request_for(program, name: str, from_tier: str, to_tier: str, note: str = "") -> PromotionRequest:
    profile = program.enroll(name)
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(tier=from_tier)
    return PromotionRequest.objects.create(
        profile=profile, from_tier=from_tier, to_tier=to_tier, recommended_by=program.mentor, note=note
    )


@pytest.fixture
def requests(program):
    return {
        "beginner": request_for(program, "Keripik Bu Sri", Tier.BEGINNER, Tier.DEVELOPING, note="Siap naik."),
        "developing": request_for(program, "Batik Pak Ali", Tier.DEVELOPING, Tier.ADVANCED),
        "graduation": request_for(program, "Warung Lulus", Tier.ADVANCED, Tier.GRADUATED),
    }


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    text = content(response).decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def xlsx_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content(response))).active.iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({}, {"beginner", "developing", "graduation"}),
        ({"tier": Tier.DEVELOPING}, {"developing"}),
        ({"kind": "graduation"}, {"graduation"}),
        ({"kind": "next"}, {"beginner", "developing"}),
        ({"kind": "next", "tier": Tier.ADVANCED}, set()),
    ],
)
def test_the_queue_filters_by_tier_and_kind(client, program, requests, params, shown):
    client.force_login(program.manager)
    for url in (QUEUE, RESULTS):
        html = client.get(url, params).content.decode()
        listed = {key for key, r in requests.items() if r.profile.business_name in html}
        assert listed == shown, (url, params)
    rows = csv_rows(client.get(QUEUE, {**params, "export": "csv"}))
    assert {row[0] for row in rows[1:]} == {requests[key].profile.business_name for key in shown}


def test_the_csv_says_what_each_row_shows(client, program, requests):
    client.force_login(program.manager)
    response = client.get(QUEUE, {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="promotions-waiting.csv"'
    rows = csv_rows(response)
    assert rows[0] == [
        "Business name",
        "Name",
        "Regency/city",
        "From tier",
        "To tier",
        "Kind",
        "Recommended by",
        "Date",
        "Eligible",
        "Missing milestones",
        "Mentor's note",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    beginner = by_name["Keripik Bu Sri"]
    assert beginner[2] == program.regency.name
    assert beginner[3:6] == [Tier.BEGINNER.label, Tier.DEVELOPING.label, "Next tier (naik tingkat)"]
    assert beginner[6] == str(program.mentor) and beginner[7] == "2026-06-15"
    # No required milestone verified yet: not eligible, and which ones are missing.
    assert beginner[8] == "no" and program.templates[Tier.BEGINNER][0].title in beginner[9]
    assert beginner[10] == "Siap naik."
    assert by_name["Warung Lulus"][5] == "Graduation (lulus)"


def test_the_xlsx_holds_the_rows_as_text(client, program, requests):
    EntrepreneurProfile.objects.filter(pk=requests["beginner"].profile_id).update(business_name="=1+1")
    client.force_login(program.manager)
    response = client.get(QUEUE, {"kind": "next", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(content(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Business name"
    assert {row[0] for row in rows[1:]} == {"=1+1", "Batik Pak Ali"}
    # Text cells, never a formula (openpyxl would read a formula back as "=1+1" too).
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_each_export_holds_only_the_managers_area(client, export):
    areas = build_areas()
    for who in ("national", "province", "regency", "none"):
        client.force_login(areas.manager(who))
        response = client.get(QUEUE, {"export": export})
        rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
        names = {row[0] for row in rows[1:]}
        assert names == {area.business for area in areas.visible_to(who)}, who


def test_a_manager_of_another_area_sees_and_exports_nothing(client, program, requests):
    client.force_login(ManagerUserFactory(area=RegencyFactory(name="Kabupaten Klaten")))
    assert "Keripik Bu Sri" not in client.get(QUEUE).content.decode()
    assert len(csv_rows(client.get(QUEUE, {"export": "csv"}))) == 1  # the heading only
    assert len(xlsx_rows(client.get(QUEUE, {"export": "xlsx"}))) == 1


def test_the_queue_pages_by_25(client, program):
    program.bulk_profiles(26)
    PromotionRequest.objects.bulk_create(
        [
            PromotionRequest(
                profile=p, from_tier=Tier.BEGINNER, to_tier=Tier.DEVELOPING, recommended_by=program.mentor
            )
            for p in EntrepreneurProfile.objects.all()
        ]
    )
    client.force_login(program.manager)
    assert client.get(QUEUE).content.decode().count("Review and approve") == 25
    assert client.get(QUEUE, {"p": 2}).content.decode().count("Review and approve") == 1
    assert len(csv_rows(client.get(QUEUE, {"export": "csv"}))) == 27


def _pending(program, n: int, tier: str) -> None:
    program.bulk_profiles(n, tier=tier)
    PromotionRequest.objects.bulk_create(
        [
            PromotionRequest(profile=p, from_tier=tier, to_tier=Tier.ADVANCED, recommended_by=program.mentor)
            for p in EntrepreneurProfile.objects.filter(promotion_requests__isnull=True)
        ]
    )


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_export_costs_the_same_queries_for_one_row_and_for_thirty(client, program, export):
    client.force_login(program.manager)
    client.get(QUEUE)  # warm the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert content(client.get(QUEUE, {"export": export}))
        return len(captured)

    _pending(program, 1, Tier.BEGINNER)
    one = queries()
    _pending(program, 29, Tier.DEVELOPING)
    assert PromotionRequest.objects.count() == 30
    assert queries() == one
