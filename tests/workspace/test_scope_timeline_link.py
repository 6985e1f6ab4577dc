"""The entrepreneur's timeline is one click away in the program workspace, where the manager may open it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from incubator.models import ManagerScope
from tests.factories import UserFactory
from tests.factories.workspace import build_areas

# Default language (Indonesian, unprefixed URLs): these tests assert links and status codes, not
# English wording, and the English-default fixture makes /en/ links unroutable in the same process.
pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return build_areas()


def timeline(area) -> str:
    return reverse("mentoring:profile_timeline", args=[area.profile.pk])


@pytest.mark.parametrize("who", ["national", "province", "regency", "none"])
def test_listing_rows_link_the_timelines_of_the_area(client, areas, who):
    client.force_login(areas.manager(who))
    html = client.get(reverse("workspace_entrepreneurs:index")).content.decode()
    visible = areas.visible_to(who)
    for area in areas.all():
        assert (f'href="{timeline(area)}"' in html) is (area in visible)
    # Every link shown opens.
    for area in visible:
        assert client.get(timeline(area)).status_code == 200


@pytest.mark.parametrize("page", ["inspect", "edit"])
def test_inspect_and_edit_pages_offer_the_timeline(client, areas, page):
    client.force_login(areas.regency_manager)
    response = client.get(reverse(f"workspace_entrepreneurs:{page}", args=[areas.alfa.profile.pk]))
    assert response.status_code == 200
    assert f'href="{timeline(areas.alfa)}"' in response.content.decode()
    # Outside the area the page itself is not found, so no button leaks either.
    assert (
        client.get(reverse(f"workspace_entrepreneurs:{page}", args=[areas.gamma.profile.pk])).status_code
        == 404
    )


def test_no_timeline_link_for_admin_users_who_are_not_program_managers(client, areas):
    """Someone given the listing but not the manager role cannot open timelines: no link for them."""
    clerk = UserFactory()
    group = Group.objects.create(name="Data clerk")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_entrepreneurprofile"),
        Permission.objects.get(codename="change_entrepreneurprofile"),
    )
    clerk.groups.add(group)
    ManagerScope.objects.create(user=clerk, region=None)
    client.force_login(clerk)
    html = client.get(reverse("workspace_entrepreneurs:index")).content.decode()
    assert "Warung Alfa" in html
    assert timeline(areas.alfa) not in html
    html = client.get(
        reverse("workspace_entrepreneurs:inspect", args=[areas.alfa.profile.pk])
    ).content.decode()
    assert timeline(areas.alfa) not in html
    assert client.get(timeline(areas.alfa)).status_code == 404
