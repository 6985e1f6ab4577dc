"""Field-ready fixes of the UX walkthrough (issue 15): the entrepreneur's and companion's screens."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from incubator import services

pytestmark = pytest.mark.django_db

WIB = datetime.timezone(datetime.timedelta(hours=7))


@pytest.mark.date_sensitive
@time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=WIB), tick=False)
def test_the_report_form_proposes_the_last_finished_month_and_hides_reported_ones(world, client_for):
    # E15: on 2 December, December is not over; November is proposed and October, reported, is not offered.
    services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-10", revenue=1_000_000, costs=100_000
    )
    response = client_for(world.entrepreneur).get("/portal/reports/")
    form = response.context["form"]
    values = [value for value, _label in form.fields["month"].choices]
    assert "2026-10-01" not in values
    assert values[:2] == ["2026-12-01", "2026-11-01"]
    assert form.fields["month"].initial == "2026-11-01"
    assert 'value="2026-11-01" selected' in response.content.decode()

    # A companion sees the same choices for their mentee.
    form = client_for(world.social).get(f"/mentor/entrepreneurs/{world.profile.pk}/reports/").context["form"]
    assert "2026-10-01" not in [value for value, _label in form.fields["month"].choices]
    assert form.fields["month"].initial == "2026-11-01"
