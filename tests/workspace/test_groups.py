"""Groups in the Wagtail admin: content editors write content; program managers run the program."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from accounts import roles
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory, UserFactory
from workspace.permissions import CONTENT_EDITOR, PAGE_CODENAMES, ensure_content_permissions

pytestmark = pytest.mark.django_db


def editor():
    user = UserFactory()
    roles.add_role(user, CONTENT_EDITOR)
    return user


def test_one_migrate_gives_both_groups_their_permissions():
    manager = ManagerUserFactory()
    assert manager.has_perms(
        [
            "wagtailadmin.access_admin",
            "incubator.view_entrepreneurprofile",
            "incubator.change_promotionrequest",
        ]
    )
    root = Page.get_first_root_node()
    for name in (CONTENT_EDITOR, roles.MANAGER):
        group = Group.objects.get(name=name)
        codenames = set(
            GroupPagePermission.objects.filter(group=group, page=root).values_list(
                "permission__codename", flat=True
            )
        )
        assert codenames == set(PAGE_CODENAMES)
        assert GroupCollectionPermission.objects.filter(
            group=group, collection=Collection.get_first_root_node(), permission__codename="add_image"
        ).exists()
    assert (
        not Group.objects.get(name=CONTENT_EDITOR)
        .permissions.filter(content_type__app_label="incubator")
        .exists()
    )


def test_content_permissions_setup_is_idempotent():
    before = (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())
    ensure_content_permissions()
    ensure_content_permissions()
    assert (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count()) == before


@pytest.mark.parametrize(
    "name", ["wagtailadmin_home", "wagtailadmin_explore_root", "wagtailimages:index", "wagtaildocs:index"]
)
def test_content_editor_works_on_pages_images_and_documents(client, name):
    client.force_login(editor())
    assert client.get(reverse(name)).status_code == 200


def test_content_editor_sees_no_participant_data(client):
    EntrepreneurUserFactory(full_name="Siti Rahasia")
    client.force_login(editor())
    assert client.get(reverse("workspace_entrepreneurs:index")).status_code == 302
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)
