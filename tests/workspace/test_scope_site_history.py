"""Wagtail's "Site history" report names edited records of every area: only people who see the whole
program open it; a regional manager or a manager without an area gets a 404, even by URL."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.log_actions import log

from accounts import roles
from tests.factories import UserFactory
from tests.factories.workspace import (
    build_areas,
    english_admin,  # noqa: F401  (a fixture)
)
from workspace.permissions import CONTENT_EDITOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

URLS = [
    reverse("wagtailadmin_reports:site_history"),
    reverse("wagtailadmin_reports:site_history_results"),
    reverse("wagtailadmin_reports:site_history") + "?export=csv",
]


@pytest.fixture
def areas():
    areas = build_areas()
    # A logged edit in Klaten (outside Jawa Barat): the report names it.
    log(instance=areas.gamma.profile, action="wagtail.edit", user=areas.national)
    return areas


@pytest.mark.parametrize(
    ("who", "status"), [("regency", 404), ("province", 404), ("none", 404), ("national", 200)]
)
def test_site_history_answers_only_national_managers(client, areas, who, status):
    client.force_login(areas.manager(who))
    for url in URLS:
        response = client.get(url)
        assert response.status_code == status, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert (str(areas.gamma.profile).encode() in body) == (status == 200), url


def test_superusers_and_content_editors_keep_site_history(client, areas):
    editor = UserFactory()
    roles.add_role(editor, CONTENT_EDITOR)
    for user in (UserFactory(is_superuser=True, is_staff=True), editor):
        client.force_login(user)
        assert client.get(URLS[0]).status_code == 200


@pytest.mark.parametrize("who", ["regency", "province", "none"])
def test_a_regional_manager_still_opens_the_page_reports(client, areas, who):
    """Pages are the program's national learning content: those reports are not narrowed."""
    client.force_login(areas.manager(who))
    assert client.get(reverse("wagtailadmin_reports:aging_pages")).status_code == 200
