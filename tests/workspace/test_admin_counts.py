"""Finding P8: the quiet-pairs home panel links to the whole list, and the promotions menu item
carries the number of promotions waiting, both within the manager's area."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import PromotionRequest
from tests.factories.workspace import (
    build_areas,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.mentoring.factories import make_pair
from workspace.mentoring_admin import QuietPairsPanel

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return build_areas()


def _menu_labels(html: str) -> list[str]:
    """Every label in the sidebar's menu props (the menu is drawn by JavaScript from this JSON)."""
    match = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "no sidebar props"
    return re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(match.group(1))))


@pytest.mark.usefixtures("english_admin")
@pytest.mark.parametrize(("who", "waiting"), [("national", 3), ("province", 2), ("regency", 1)])
def test_the_promotions_menu_item_counts_the_promotions_waiting_in_the_area(client, areas, who, waiting):
    client.force_login(areas.manager(who))
    labels = _menu_labels(client.get(reverse("wagtailadmin_home")).content.decode())
    assert f"Promotions waiting ({waiting})" in labels


@pytest.mark.usefixtures("english_admin")
def test_no_count_when_nothing_waits(client, areas):
    PromotionRequest.objects.update(status=PromotionRequest.Status.APPROVED)
    client.force_login(areas.national)
    labels = _menu_labels(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Promotions waiting" in labels
    assert not any(label.startswith("Promotions waiting (") for label in labels)


def test_the_count_speaks_indonesian_on_the_indonesian_admin(client, areas):
    client.force_login(areas.regency_manager)
    with translation.override("id"):
        labels = _menu_labels(client.get(reverse("wagtailadmin_home")).content.decode())
    assert any(re.fullmatch(r"[^()]+ \(1\)", label) and "Promotion" not in label for label in labels), labels


def test_the_quiet_pairs_panel_links_to_every_quiet_pair_when_it_shows_only_some(rf, areas):
    request = rf.get("/cms/")
    request.user = areas.national
    html = QuietPairsPanel().render_html({"request": request, "csrf_token": ""})
    assert reverse("mentoring_admin:quiet_pairs") not in html  # three pairs: all shown, no link
    for _ in range(QuietPairsPanel.shown):
        make_pair()
    html = QuietPairsPanel().render_html({"request": request, "csrf_token": ""})
    assert reverse("mentoring_admin:quiet_pairs") in html


@pytest.mark.usefixtures("english_admin")
@pytest.mark.parametrize("who", ["national", "province", "regency"])
def test_the_quiet_pairs_list_shows_every_quiet_pair_of_the_area_only(client, areas, who):
    client.force_login(areas.manager(who))
    response = client.get(reverse("mentoring_admin:quiet_pairs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pairs with no recent chat" in html
    for area in areas.all():
        assert (area.business in html) == (area in areas.visible_to(who)), area.key
