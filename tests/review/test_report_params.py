"""Review: the program report answers a mistyped cohort/region with the whole area, not a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.workspace import build_areas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "cohort=abc",
        "region=abc",
        "cohort=1.5",
        "export=csv&region=x",
        "export=csv&cohort=abc",
        "region=-1",
        "cohort=99999999999999999999999",
        "region=%D9%A3",  # an Arabic-Indic digit: str.isdigit() says yes, the database says no
    ],
)
def test_program_report_ignores_non_numeric_filters(client, query):
    areas = build_areas()
    client.force_login(areas.regency_manager)
    client.raise_request_exception = False
    response = client.get(reverse("workspace_report:index") + "?" + query)
    assert response.status_code == 200


def test_a_numeric_region_still_narrows_the_report(client):
    areas = build_areas()
    client.force_login(areas.regency_manager)
    region = areas.alfa.regency
    response = client.get(reverse("workspace_report:index"), {"region": str(region.pk)})
    assert response.status_code == 200
    assert response.context["selected"]["region"] == region
