"""Pages of issue 14 part A: the intake form, the distance to UMK on every side, the placement
confirmation in the admin, graduation from the mentee page and the queue's "lulus" rows."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from incubator import services
from incubator.models import IntakeAssessment, PromotionRequest, Tier
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory, MentorUserFactory
from tests.factories.workspace import english_admin  # noqa: F401  (a fixture)
from tests.incubator.conftest import world_at
from tests.incubator.factories import MentorProfileFactory, RegencyFactory
from tests.incubator.test_family import assess, reports, scores

pytestmark = pytest.mark.django_db
admin_in_english = pytest.mark.usefixtures("english_admin")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


# The world each test would build under that clock, built once for the module.
_world_once, world = world_at(datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC))


def intake_post(**extra):
    data = {f"score_{code}": value for code, value in scores(2).items()}
    data.update({"baseline_revenue": "3.000.000", "baseline_costs": "1.800.000", "baseline_workers": "1"})
    data.update(extra)
    return data


# ---------------------------------------------------------------- the intake page


def test_intake_page_shows_the_rule_and_saves_the_assessment(world, aspects, client_for):
    client = client_for(world.mentor)
    url = reverse("incubator:mentee_intake", args=[world.profile.pk])
    html = client.get(url).content.decode()
    rule = re.search(r"data-placement-rule>(.*?)</p>", html, re.S).group(1)
    assert " 8 " in rule and " 13 " in rule and " 18" in rule  # the thresholds in points, out of 18
    assert 'name="score_aspek-1"' in html
    response = client.post(url, intake_post())
    assert response.status_code == 302
    a = IntakeAssessment.objects.get()
    assert (a.suggested_tier, a.baseline_revenue, a.assessed_by) == (Tier.DEVELOPING, 3_000_000, world.mentor)
    html = client.get(url).content.decode()
    assert "data-assessment" in html and str(Tier.DEVELOPING.label) in html


def test_intake_page_refuses_missing_scores_and_saves_nothing(world, aspects, client_for):
    data = intake_post()
    del data["score_aspek-3"]
    response = client_for(world.social).post(
        reverse("incubator:mentee_intake", args=[world.profile.pk]), data
    )
    assert response.status_code == 400
    assert not IntakeAssessment.objects.exists()


def test_intake_page_is_only_for_the_familys_companions(world, aspects, client_for):
    url = reverse("incubator:mentee_intake", args=[world.profile.pk])
    stranger = MentorProfileFactory().user
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(stranger).post(url, intake_post()).status_code == 404
    assert client_for(world.entrepreneur).get(url).status_code in (302, 403)
    assert not IntakeAssessment.objects.exists()


# ---------------------------------------------------------------- distance to UMK on every side


def test_portal_mentor_list_and_mentee_page_show_the_distance(world, client_for):
    reports(world, [3_000_000, 3_500_000, 4_000_000], start=datetime.date(2026, 6, 1))
    portal = client_for(world.entrepreneur).get(reverse("incubator:portal_home")).content.decode()
    assert "data-umk-distance" in portal and "Rp 500.000" in portal
    mentor_list = client_for(world.mentor).get(reverse("incubator:mentor_home")).content.decode()
    assert "Rp 500.000" in mentor_list
    page = (
        client_for(world.mentor)
        .get(reverse("incubator:mentee_detail", args=[world.profile.pk]))
        .content.decode()
    )
    assert "Rp 500.000" in page and "data-umk-line" in page


def test_mentor_list_queries_do_not_grow_with_the_mentees(world, client_for):
    client = client_for(world.mentor)
    reports(world, [3_000_000] * 3)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("incubator:mentor_home"))
        return len(ctx.captured_queries)

    count()  # the first view marks the inbox items about this page seen (one-off writes)
    few = count()
    for _ in range(3):  # the mentor's capacity is 5
        profile = world.enroll(EntrepreneurUserFactory())
        services.assign_companion(profile, world.mentor, role="mentor", by=world.manager)
    assert count() == few


@admin_in_english
def test_the_admin_listing_shows_the_distance_per_participant(world, client_for):
    reports(world, [3_000_000, 3_500_000, 4_000_000], start=datetime.date(2026, 6, 1))
    html = client_for(world.manager).get(reverse("workspace_entrepreneurs:index")).content.decode()
    assert "Distance to the UMK" in html and "Rp 500.000 more a month to reach the UMK" in html


# ---------------------------------------------------------------- placement in the admin


@admin_in_english
def test_manager_confirms_developing_from_the_admin(world, aspects, client_for):
    a = assess(world)
    client = client_for(world.manager)
    queue = client.get(reverse("workspace_placements:index")).content.decode()
    assert world.profile.business_name in queue
    url = reverse("workspace_placements:confirm", args=[a.pk])
    html = client.get(url).content.decode()
    assert "data-placement-rule" in html and "Rp 3.000.000" in html
    response = client.post(url, {"tier": Tier.ADVANCED, "reason": ""})
    assert response.status_code == 200 and "reason" in response.content.decode()
    response = client.post(url, {"tier": Tier.DEVELOPING})
    assert response.status_code == 302
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.DEVELOPING


@admin_in_english
def test_a_manager_of_another_area_neither_sees_nor_confirms(world, aspects, client_for):
    a = assess(world)
    client = client_for(ManagerUserFactory(area=RegencyFactory(name="Kabupaten Garut")))
    assert (
        world.profile.business_name not in client.get(reverse("workspace_placements:index")).content.decode()
    )
    url = reverse("workspace_placements:confirm", args=[a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"tier": Tier.DEVELOPING}).status_code == 404
    a.refresh_from_db()
    assert a.status == IntakeAssessment.Status.PENDING


@admin_in_english
def test_companions_cannot_open_the_placement_screens(world, aspects, client_for):
    a = assess(world)
    for url in (reverse("workspace_placements:index"), reverse("workspace_placements:confirm", args=[a.pk])):
        response = client_for(MentorUserFactory()).get(url)
        assert response.status_code == 403  # the "Not allowed" page for people without admin access


# ---------------------------------------------------------------- graduation from the mentee page


@admin_in_english
def test_mentor_recommends_graduation_from_developing_and_the_queue_names_it_lulus(
    world, aspects, client_for
):
    services.confirm_placement(assess(world), by=world.manager, tier=Tier.DEVELOPING)
    reports(world, [4_500_000] * 3)
    with translation.override("id"):  # the portal's own URL (english_admin answers the admin in English)
        url = reverse("incubator:mentee_detail", args=[world.profile.pk])
    response = client_for(world.mentor).post(url, {"action": "recommend_graduation", "note": ""})
    assert response.status_code == 302
    request = PromotionRequest.objects.get()
    assert (request.from_tier, request.to_tier) == (Tier.DEVELOPING, Tier.GRADUATED)
    html = client_for(world.manager).get(reverse("workspace_promotions:index")).content.decode()
    assert "data-graduation" in html and "Graduation (lulus)" in html
    assert "Eligible" in html


def test_the_dashboard_reads_the_distance_to_the_umk_in_its_own_query_as_umk_distance_says_it(world):
    from incubator import selectors
    from incubator.models import IncomeThreshold

    def both():
        profile = selectors.profile_for(world.entrepreneur)
        return selectors.dashboard_for(world.entrepreneur).umk, selectors.umk_distance(profile)

    dashboard, expected = both()
    assert dashboard == expected and dashboard.average_profit is None  # no reports yet
    reports(world, [1_000_001, 1_000_000], start=datetime.date(2026, 5, 1))
    reports(world, [2_000_000], start=datetime.date(2026, 7, 1), verify=False)  # not counted
    dashboard, expected = both()
    assert dashboard == expected and dashboard.verified_months == 2
    reports(world, [3_000_000, 3_500_001], start=datetime.date(2026, 8, 1))  # the latest three count
    dashboard, expected = both()
    assert dashboard == expected and dashboard.average_profit == round(
        (1_000_000 + 3_000_000 + 3_500_001) / 3
    )
    IncomeThreshold.objects.filter(regency=world.profile.regency).delete()
    dashboard, expected = both()
    assert dashboard == expected and dashboard.threshold is None
