"""Case 25 (security report, December): Wagtail's bulk actions obey the area and role rules.

Every step of the report is reproduced here: a plain national manager making himself a
safeguarding officer and then reading a harassment complaint; a regency manager changing roles of,
and deactivating, people outside the area (including the province manager); names read by id on
the confirmation page. Then the same rules for "select all", for odd ids, and for bulk actions of
any other model (the generic check in ``workspace.bulk_actions``).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Site

from accounts import roles
from accounts.models import User
from complaints import services as complaint_services
from complaints.models import Category
from complaints.permissions import SAFEGUARDING
from incubator.models import EntrepreneurProfile
from tests.factories import EntrepreneurUserFactory, UserFactory
from tests.factories.workspace import build_areas

pytestmark = pytest.mark.django_db


def bulk_url(action: str, *ids, model: str = "accounts/user") -> str:
    query = "&".join(f"id={pk}" for pk in ids)
    return f"/cms/bulk/{model}/{action}/?{query}&next=/cms/users/"


def group(name: str) -> Group:
    return Group.objects.get(name=name)


def group_names(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


@pytest.fixture
def areas():
    return build_areas()


# ---------------------------------------------------------------- case 25, step 1


def test_a_national_manager_cannot_make_himself_safeguarding_officer_and_read_harassment(client, areas):
    me = areas.national
    complaint = complaint_services.raise_complaint(
        by=areas.alfa.profile.user, category=Category.HARASSMENT, description="HARASSMENT-SECRET kata kasar"
    )
    client.force_login(me)
    detail = reverse("complaints_admin:detail", args=[complaint.pk])
    assert client.get(detail).status_code == 404

    page = client.get(bulk_url("assign_role", me.pk))
    assert page.status_code == 200
    offered = set(page.context["form"].fields["role"].queryset.values_list("name", flat=True))
    assert offered == {roles.ENTREPRENEUR, roles.MENTOR}
    response = client.post(bulk_url("assign_role", me.pk), {"role": group(SAFEGUARDING).pk})
    assert response.status_code == 200  # the form again: "Select a valid choice"
    assert response.context["form"].errors["role"]

    assert SAFEGUARDING not in group_names(me)
    client.force_login(User.objects.get(pk=me.pk))
    assert client.get(detail).status_code == 404
    assert b"HARASSMENT-SECRET" not in client.get(detail).content


@pytest.mark.parametrize("role", [roles.MANAGER, SAFEGUARDING, "Content editor", "Moderators", "Editors"])
def test_no_manager_grants_an_administrative_group_in_bulk(client, areas, role):
    person = areas.alfa.profile.user
    for who in ("national", "province", "regency"):
        client.force_login(areas.manager(who))
        client.post(bulk_url("assign_role", person.pk), {"role": group(role).pk})
        assert role not in group_names(person), who


def test_an_administrator_grants_any_group_in_bulk(client, areas):
    admin = UserFactory(is_superuser=True)
    person = areas.gamma.profile.user
    client.force_login(admin)
    response = client.post(bulk_url("assign_role", person.pk), {"role": group(SAFEGUARDING).pk})
    assert response.status_code == 302
    assert SAFEGUARDING in group_names(person)


# ---------------------------------------------------------------- case 25, step 2


def test_a_regency_manager_cannot_give_herself_the_safeguarding_role(client, areas):
    me = areas.regency_manager
    client.force_login(me)
    assert client.post(bulk_url("assign_role", me.pk), {"role": group(SAFEGUARDING).pk}).status_code == 404
    assert group_names(me) == {roles.MANAGER}


def test_a_regency_manager_cannot_change_roles_outside_her_area(client, areas):
    outsider = areas.gamma.profile.user
    client.force_login(areas.regency_manager)
    for role in (roles.MANAGER, roles.MENTOR):
        response = client.post(bulk_url("assign_role", outsider.pk), {"role": group(role).pk})
        assert response.status_code == 404
    assert group_names(outsider) == {roles.ENTREPRENEUR}


@pytest.mark.parametrize("target", ["province_manager", "national", "gamma_entrepreneur", "beta_companion"])
def test_a_regency_manager_cannot_deactivate_people_outside_her_reach(client, areas, target):
    person = {
        "province_manager": areas.province_manager,
        "national": areas.national,
        "gamma_entrepreneur": areas.gamma.profile.user,
        "beta_companion": areas.beta.companion,
    }[target]
    client.force_login(areas.regency_manager)
    response = client.post(bulk_url("set_active_state", person.pk), {"mark_as_active": "False"})
    assert response.status_code == 404
    assert User.objects.get(pk=person.pk).is_active


def test_the_confirmation_page_names_nobody_out_of_reach(client, areas):
    client.force_login(areas.regency_manager)
    mine = areas.alfa.profile.user
    others = [areas.gamma.profile.user, areas.province_manager, areas.national, areas.beta.companion]
    for action in ("assign_role", "set_active_state", "delete"):
        assert client.get(bulk_url(action, mine.pk)).status_code == 200, action
        for other in others:
            response = client.get(bulk_url(action, mine.pk, other.pk))
            assert response.status_code == 404, (action, other)
            assert other.full_name.encode() not in response.content


# ---------------------------------------------------------------- what a regional manager still does


def test_a_regency_manager_gives_family_roles_and_deactivates_in_her_area(client, areas):
    client.force_login(areas.regency_manager)
    person, companion = areas.alfa.profile.user, areas.alfa.companion
    page = client.get(bulk_url("assign_role", person.pk, companion.pk))
    assert page.status_code == 200
    assert person.full_name.encode() in page.content
    offered = set(page.context["form"].fields["role"].queryset.values_list("name", flat=True))
    assert offered == {roles.ENTREPRENEUR, roles.MENTOR}
    assert (
        client.post(bulk_url("assign_role", person.pk), {"role": group(roles.MENTOR).pk}).status_code == 302
    )
    assert group_names(person) == {roles.ENTREPRENEUR, roles.MENTOR}
    response = client.post(bulk_url("set_active_state", companion.pk), {"mark_as_active": "False"})
    assert response.status_code == 302
    assert not User.objects.get(pk=companion.pk).is_active


def test_select_all_reaches_only_the_area(client, areas):
    client.force_login(areas.regency_manager)
    page = client.get(bulk_url("set_active_state", "all"))
    assert page.status_code == 200
    listed = {row["item"].pk for row in page.context["items"]}
    assert listed == {areas.alfa.profile.user.pk, areas.alfa.companion.pk}
    assert areas.gamma.profile.user.full_name.encode() not in page.content
    client.post(bulk_url("set_active_state", "all"), {"mark_as_active": "False"})
    inactive = set(User.objects.filter(is_active=False).values_list("pk", flat=True))
    assert inactive == listed


def test_bulk_delete_is_refused_to_managers(client, areas):
    person = areas.alfa.profile.user
    client.force_login(areas.regency_manager)
    page = client.get(bulk_url("delete", person.pk))
    assert page.status_code == 200 and page.context["items"] == []  # no delete permission
    client.post(bulk_url("delete", person.pk), {})
    assert User.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize("who", ["none", "national"])
def test_a_manager_without_area_reaches_no_one_and_a_national_one_no_administrator(client, areas, who):
    admin = UserFactory(is_superuser=True, full_name="Admin Utama")
    officer = EntrepreneurUserFactory(full_name="Petugas Perlindungan")
    officer.groups.add(group(SAFEGUARDING))
    client.force_login(areas.manager(who))
    targets = [admin, officer] + ([areas.alfa.profile.user] if who == "none" else [])
    for target in targets:
        response = client.post(bulk_url("set_active_state", target.pk), {"mark_as_active": "False"})
        assert response.status_code == 404, target
        assert User.objects.get(pk=target.pk).is_active
        assert client.get(reverse("wagtailusers_users:edit", args=[target.pk])).status_code == 404


@pytest.mark.parametrize("ids", [["abc"], ["-1"], [str(2**70)], [], ["1.5"]])
def test_odd_ids_are_not_found(client, areas, ids):
    client.force_login(areas.national)
    assert client.get(bulk_url("assign_role", *ids)).status_code == 404
    assert client.get(bulk_url("publish", *ids, model="wagtailcore/page")).status_code == 404


# ---------------------------------------------------------------- the user edit page: same grants


def test_a_national_manager_cannot_add_the_safeguarding_role_on_the_edit_page(client, areas):
    me = areas.national
    client.force_login(me)
    url = reverse("wagtailusers_users:edit", args=[me.pk])
    form = client.get(url).context["form"]
    offered = set(form.fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {roles.ENTREPRENEUR, roles.MENTOR, roles.MANAGER}  # his own, kept
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(groups=[group(roles.MANAGER).pk, group(SAFEGUARDING).pk], first_name="A", last_name="B")
    data.pop("password1", None), data.pop("password2", None)
    client.post(url, data)
    assert group_names(me) == {roles.MANAGER}


# ---------------------------------------------------------------- any other model's bulk actions


class _Touch(BulkAction):
    """A bulk action a future app might register: marks nothing, answers the confirmation page."""

    display_name = action_type = aria_label = "touch"
    template_name = "wagtailadmin/bulk_actions/confirmation/base.html"
    touched: list[int] = []

    @classmethod
    def execute_action(cls, objects, **kwargs):
        cls.touched.extend(obj.pk for obj in objects)
        return len(objects), 0


@pytest.fixture
def touch_action():
    """Register ``touch`` for entrepreneur profiles and sites, as a later app could."""
    bulk_action_registry._scan_for_bulk_actions()
    actions = bulk_action_registry.actions
    for app_label, model_name, model in (
        ("incubator", "entrepreneurprofile", EntrepreneurProfile),
        ("wagtailcore", "site", Site),
    ):
        cls = type(f"Touch{model.__name__}", (_Touch,), {"models": [model]})
        actions.setdefault(app_label, {}).setdefault(model_name, {})["touch"] = cls
    _Touch.touched = []
    yield _Touch
    del actions["incubator"]["entrepreneurprofile"]["touch"]
    del actions["wagtailcore"]["site"]["touch"]


def test_a_bulk_action_on_a_workspace_model_keeps_to_the_area(client, areas, touch_action):
    mine, other = areas.alfa.profile, areas.gamma.profile
    url = lambda *ids: bulk_url("touch", *ids, model="incubator/entrepreneurprofile")  # noqa: E731
    client.force_login(areas.regency_manager)
    assert client.get(url(mine.pk)).status_code == 200
    response = client.get(url(mine.pk, other.pk))
    assert response.status_code == 404
    assert other.business_name.encode() not in response.content
    assert client.post(url(other.pk), {}).status_code == 404
    assert client.get(url("all")).status_code == 404
    client.force_login(areas.no_area)
    assert client.post(url(mine.pk), {}).status_code == 404
    editor = UserFactory()
    roles.add_role(editor, "Content editor")
    client.force_login(editor)
    assert client.post(url(mine.pk), {}).status_code == 403  # no permission on the model
    assert touch_action.touched == []
    client.force_login(areas.national)
    assert client.post(url(mine.pk, other.pk), {}).status_code == 302
    assert sorted(touch_action.touched) == sorted([mine.pk, other.pk])


def test_a_bulk_action_on_a_model_without_a_rule_is_for_administrators_only(client, areas, touch_action):
    site = Site.objects.first()
    url = bulk_url("touch", site.pk, model="wagtailcore/site")
    client.force_login(areas.national)
    assert client.post(url, {}).status_code == 404
    assert touch_action.touched == []
    client.force_login(UserFactory(is_superuser=True))
    assert client.post(url, {}).status_code == 302
    assert touch_action.touched == [site.pk]
