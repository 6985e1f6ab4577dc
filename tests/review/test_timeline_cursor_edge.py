"""Review: a crafted timeline cursor at the edge of the calendar must not answer 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentoring.timeline import Cursor
from tests.mentoring.conftest import pair  # noqa: F401  (fixture)

EDGES = [
    "9999-12-31T23:59:59+00:00|5|1",
    "0001-01-01T00:00:00+00:00|5|1",
    "0001-01-01T00:00:00+14:00|0|1",
    "2026-01-01T00:00:00+07:00|5|99999999999999999999999",
    "2026-01-01T00:00:00+07:00|99999999999999999999|1",
    "2026-01-01T00:00:00+07:00|-1|-1",
]


@pytest.mark.parametrize("before", EDGES)
def test_a_cursor_at_the_end_of_the_calendar_is_treated_as_the_first_page(client_for, pair, before):  # noqa: F811
    client = client_for(pair.entrepreneur)
    response = client.get(reverse("mentoring:timeline"), {"before": before})
    assert response.status_code == 200
    mentor = client_for(pair.mentor)
    url = reverse("mentoring:profile_timeline", args=[pair.profile.pk])
    assert mentor.get(url, {"before": before}).status_code == 200


@pytest.mark.parametrize("before", EDGES)
def test_out_of_range_cursors_parse_as_the_first_page(before):
    assert Cursor.parse(before) is None


def test_a_normal_cursor_still_parses():
    cursor = Cursor.parse("2026-01-01T10:00:00+07:00|3|42")
    assert cursor is not None and (cursor.rank, cursor.pk) == (3, 42)
