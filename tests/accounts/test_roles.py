import pytest
from django.contrib.auth.models import Group

from accounts import roles

pytestmark = pytest.mark.django_db


def test_one_migrate_gives_each_group_the_permissions_its_apps_declare():
    """The test database is built by one migrate: every declared permission must already be there."""
    for role, declared in roles.role_permissions().items():
        group = Group.objects.get(name=role)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == declared, role


def test_managers_can_work_with_incubator_data_and_entrepreneurs_cannot(manager_user, entrepreneur_user):
    assert manager_user.has_perm("incubator.view_entrepreneurprofile")
    assert not entrepreneur_user.has_perm("incubator.view_entrepreneurprofile")
    assert not entrepreneur_user.has_perm("wagtailadmin.access_admin")
