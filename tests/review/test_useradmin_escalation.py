"""Review: a regional manager in the Wagtail user admin cannot raise their own privileges."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from accounts.models import User
from complaints.permissions import SAFEGUARDING
from tests.factories import ManagerUserFactory
from tests.factories.workspace import build_areas

pytestmark = pytest.mark.django_db


def _edit_data(user: User, groups: list[Group]) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "Nama",
        "last_name": user.last_name or "Depan",
        "full_name": user.full_name or "Nama",
        "phone": "",
        "is_active": "on",
        "groups": [g.pk for g in groups],
        "password1": "",
        "password2": "",
    }


def test_regional_manager_cannot_give_themselves_the_safeguarding_group(client):
    areas = build_areas()
    me = areas.regency_manager
    client.force_login(me)
    url = reverse("wagtailusers_users:edit", args=[me.pk])
    assert client.get(url).status_code == 404  # managers' accounts are for national managers only
    groups = [Group.objects.get(name=roles.MANAGER), Group.objects.get(name=SAFEGUARDING)]
    client.post(url, _edit_data(me, groups))
    me = User.objects.get(pk=me.pk)
    assert not me.groups.filter(name=SAFEGUARDING).exists()
    assert not me.has_perm("complaints.handle_harassment")


def test_regional_manager_cannot_make_an_entrepreneur_of_their_area_a_safeguarding_officer(client):
    areas = build_areas()
    client.force_login(areas.regency_manager)
    person = areas.alfa.profile.user
    url = reverse("wagtailusers_users:edit", args=[person.pk])
    assert client.get(url).status_code == 200
    groups = [Group.objects.get(name=roles.ENTREPRENEUR), Group.objects.get(name=SAFEGUARDING)]
    client.post(url, _edit_data(person, groups))
    assert not User.objects.get(pk=person.pk).groups.filter(name=SAFEGUARDING).exists()


def test_regional_manager_cannot_set_the_password_of_a_safeguarding_officer_of_their_area(client):
    areas = build_areas()
    officer = User.objects.get(pk=ManagerUserFactory(area=areas.alfa.regency).pk)
    officer.groups.add(Group.objects.get(name=SAFEGUARDING))
    client.force_login(areas.regency_manager)
    url = reverse("wagtailusers_users:edit", args=[officer.pk])
    data = _edit_data(officer, list(officer.groups.all()))
    data["password1"] = data["password2"] = "Xy-very-strong-9911"
    client.post(url, data)
    assert not User.objects.get(pk=officer.pk).check_password("Xy-very-strong-9911")


def test_regional_manager_cannot_create_an_administrator(client):
    areas = build_areas()
    client.force_login(areas.regency_manager)
    data = {
        "username": "kuasa",
        "email": "kuasa@example.test",
        "first_name": "Kuasa",
        "last_name": "Penuh",
        "full_name": "Kuasa Penuh",
        "phone": "",
        "is_superuser": "on",
        "groups": [Group.objects.get(name=roles.MANAGER).pk],
        "password1": "Xy-very-strong-9911",
        "password2": "Xy-very-strong-9911",
    }
    client.post(reverse("wagtailusers_users:add"), data)
    assert not User.objects.filter(username="kuasa", is_superuser=True).exists()


def test_regional_manager_cannot_make_a_person_of_their_area_an_administrator(client):
    areas = build_areas()
    client.force_login(areas.regency_manager)
    person = areas.alfa.profile.user
    data = _edit_data(person, list(person.groups.all()))
    data["is_superuser"] = "on"
    client.post(reverse("wagtailusers_users:edit", args=[person.pk]), data)
    assert not User.objects.get(pk=person.pk).is_superuser


def test_regional_manager_edits_a_companion_of_the_area_with_only_the_family_roles_and_no_password(client):
    areas = build_areas()
    client.force_login(areas.regency_manager)
    response = client.get(reverse("wagtailusers_users:edit", args=[areas.alfa.companion.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {
        roles.ENTREPRENEUR,
        roles.MENTOR,
    }
    assert "password1" not in form.fields and "is_superuser" not in form.fields
    assert client.get(reverse("wagtailusers_users:edit", args=[areas.national.pk])).status_code == 404


def test_national_manager_gives_no_new_admin_role_and_only_an_administrator_makes_administrators(client):
    # Changed in the December security round (case 25): only administrators give the safeguarding,
    # manager and content roles; a national manager keeps the person's own roles and the family ones.
    areas = build_areas()
    client.force_login(areas.national)
    form = client.get(reverse("wagtailusers_users:edit", args=[areas.regency_manager.pk])).context["form"]
    assert not form.fields["groups"].queryset.filter(name=SAFEGUARDING).exists()
    assert "password1" in form.fields and "is_superuser" not in form.fields
    admin = User.objects.create_superuser("root", "root@example.test", "Xy-very-strong-9911")
    client.force_login(admin)
    form = client.get(reverse("wagtailusers_users:edit", args=[areas.regency_manager.pk])).context["form"]
    assert "is_superuser" in form.fields
    assert form.fields["groups"].queryset.filter(name=SAFEGUARDING).exists()


def test_a_user_created_by_a_regional_manager_has_no_password_and_a_family_role(client):
    areas = build_areas()
    client.force_login(areas.regency_manager)
    data = {
        "username": "pendamping2",
        "email": "pendamping2@example.test",
        "first_name": "Dua",
        "last_name": "Pendamping",
        "full_name": "Pendamping Dua",
        "phone": "",
        "groups": [Group.objects.get(name=roles.MENTOR).pk],
    }
    client.post(reverse("wagtailusers_users:add"), data)
    created = User.objects.get(username="pendamping2")
    assert not created.has_usable_password()
    assert list(created.groups.values_list("name", flat=True)) == [roles.MENTOR]
