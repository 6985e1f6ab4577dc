"""The admin sidebar is built once per person and cached (``workspace.sidebar``, issue 17): never
another person's, and whatever decides it (rights, groups, area, language, the promotions waiting)
shows at once."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import admin_menu
from wagtail.models import GroupPagePermission

from accounts import roles
from incubator.models import EntrepreneurProfile, PromotionRequest, Tier
from tests.factories import ManagerUserFactory, UserFactory
from tests.factories.workspace import (
    build_areas,
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from workspace.permissions import CONTENT_EDITOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

HOME = reverse("wagtailadmin_home")
SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)


def sidebar(client, user=None) -> str:
    """The sidebar's props as ``user`` (or the signed-in person) sees them on the admin home, as text."""
    if user is not None:
        client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return json.dumps(json.loads(SIDEBAR.search(response.content.decode()).group(1)))


@pytest.fixture
def builds(monkeypatch):
    """How many times Wagtail built the main menu."""
    calls = []
    original = admin_menu.render_component

    def counted(request):
        calls.append(request.user.pk)
        return original(request)

    monkeypatch.setattr(admin_menu, "render_component", counted)
    return calls


def test_the_sidebar_is_built_once_per_person(client, builds):
    manager, other = ManagerUserFactory(), ManagerUserFactory()
    first = sidebar(client, manager)
    assert sidebar(client) == first
    assert builds == [manager.pk]
    sidebar(client, other)
    assert builds == [manager.pk, other.pk]  # the first one's sidebar is not the other's


def test_a_person_with_other_rights_or_area_never_gets_anothers_sidebar(client):
    areas = build_areas()
    editor = UserFactory()
    roles.add_role(editor, CONTENT_EDITOR)
    national = sidebar(client, areas.national)
    province = sidebar(client, areas.province_manager)
    content = sidebar(client, editor)
    assert '"site-history"' in national
    assert '"site-history"' not in province  # a regional manager's reports menu has no site history
    assert '"program-reports"' in national and '"program-reports"' not in content
    name = json.dumps(editor.get_username())  # shown with the avatar
    assert name in content and name not in national
    assert sidebar(client, areas.national) == national


def test_a_change_of_groups_shows_at_once(client):
    person = ManagerUserFactory()
    before = sidebar(client, person)
    assert '"program-reports"' in before
    person.groups.remove(Group.objects.get(name=roles.MANAGER))
    roles.add_role(person, CONTENT_EDITOR)
    after = sidebar(client)
    assert '"program-reports"' not in after


def test_a_change_of_page_rights_shows_at_once(client):
    """Page rights are not Django permissions: the version changes with them."""
    manager = ManagerUserFactory()
    assert '"explorer"' in sidebar(client, manager)
    GroupPagePermission.objects.filter(group__name=roles.MANAGER).delete()
    assert '"explorer"' not in sidebar(client)


def test_the_promotions_waiting_show_at_once(client):
    program = build_program()
    before = sidebar(client, program.manager)
    assert "Promotions waiting (" not in before
    profile = program.enroll("Keripik Bu Sri")
    request = PromotionRequest.objects.create(
        profile=profile, from_tier=Tier.BEGINNER, to_tier=Tier.DEVELOPING, recommended_by=program.mentor
    )
    assert "Promotions waiting (1)" in sidebar(client)
    # The promotion services decide with update(): no signal, the count itself is in the key.
    PromotionRequest.objects.filter(pk=request.pk).update(status=PromotionRequest.Status.DECLINED)
    assert "Promotions waiting (" not in sidebar(client)
    assert EntrepreneurProfile.objects.filter(pk=profile.pk).exists()


def test_each_language_has_its_own_sidebar(client, settings):
    manager = ManagerUserFactory()
    assert "Program reports" in sidebar(client, manager)
    settings.LANGUAGE_CODE = "id"
    with translation.override("id"):
        indonesian = sidebar(client)
    assert "Laporan program" in indonesian and "Program reports" not in indonesian
