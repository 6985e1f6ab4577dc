"""Regional scope in the admin reports outside the workspace: learning completion, conversation
metadata and contents, the content access log, the quiet-pairs panel; and the user admin's area field."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cms import services as cms_services
from incubator.models import ManagerScope
from mentoring.models import ContentAccessLog
from tests.factories import cms as cms_factories
from tests.factories.workspace import (
    build_areas,
    english_admin,  # noqa: F401  (a fixture)
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return build_areas()


def grant(user, codename: str) -> None:
    user.user_permissions.add(Permission.objects.get(codename=codename))


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize(
    ("who", "learners"), [("national", "3"), ("province", "2"), ("regency", "1"), ("none", "0")]
)
def test_learning_completion_counts_only_learners_of_the_area(client, areas, who, learners):
    course = cms_factories.course(cms_factories.learning_index(), title="Pembukuan Sederhana")
    lesson = cms_factories.lesson(course, quiz=False)
    for area in areas.all():
        cms_services.complete_lesson(lesson, user=area.profile.user)
    client.force_login(areas.manager(who))
    rows = csv_rows(client.get(reverse("learning_admin:completion"), {"export": "csv"}))
    row = next(r for r in rows if r[0] == "Pembukuan Sederhana")
    assert row[3] == learners  # course, tier, lessons, started, finished, share


def test_conversation_contents_outside_the_area_are_not_found(client, areas):
    manager = areas.regency_manager
    grant(manager, "view_message_content")
    client.force_login(manager)
    url = lambda area: reverse("mentoring_admin:conversation_content", args=[area.conversation.pk])  # noqa: E731
    assert client.get(url(areas.alfa)).status_code == 200
    assert client.get(url(areas.gamma)).status_code == 404
    assert client.get(url(areas.beta)).status_code == 404
    # Only the one page actually opened was logged.
    assert ContentAccessLog.objects.filter(viewer=manager).count() == 1


def test_content_access_log_lists_only_the_area(client, areas):
    for area in areas.all():
        ContentAccessLog.objects.create(viewer=areas.national, conversation=area.conversation)
    client.force_login(areas.regency_manager)
    html = client.get(reverse("mentoring_admin:access_log")).content.decode()
    assert "Warung Alfa" in html and "Warung Beta" not in html and "Warung Gamma" not in html
    rows = csv_rows(client.get(reverse("mentoring_admin:access_log"), {"export": "csv"}))
    assert len(rows) == 2  # heading + Alfa


@pytest.mark.parametrize("who", ["national", "province", "regency"])
def test_quiet_pairs_panel_lists_only_pairs_of_the_area(client, areas, who):
    client.force_login(areas.manager(who))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    visible = areas.visible_to(who)
    for area in areas.all():
        assert (f"{area.business} ·" in html) == (area in visible), area.key


def test_no_quiet_pairs_panel_without_an_area(client, areas):
    client.force_login(areas.no_area)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Warung" not in html


# ---------------------------------------------------------------- the user admin's area field


@pytest.mark.usefixtures("english_admin")
def test_national_manager_sets_an_area_in_the_user_form(client, areas):
    target = areas.no_area
    client.force_login(areas.national)
    url = reverse("wagtailusers_users:edit", args=[target.pk])
    html = client.get(url).content.decode()
    assert "Program manager&#x27;s area" in html or "Program manager's area" in html
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        manager_area=str(areas.gamma.regency.pk),
        groups=[g.pk for g in target.groups.all()],
        first_name="Sri",
        last_name="Rahayu",
    )
    data.pop("password1", None), data.pop("password2", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record = ManagerScope.objects.get(user=target)
    assert (record.region, record.set_by) == (areas.gamma.regency, areas.national)


@pytest.mark.parametrize("who", ["province", "regency"])
def test_regional_managers_see_no_area_field_and_cannot_post_one(client, areas, who):
    target = areas.alfa.profile.user
    client.force_login(areas.manager(who))
    url = reverse("wagtailusers_users:edit", args=[target.pk])
    response = client.get(url)
    assert response.status_code == 200  # managers may edit the people of their area, not areas
    form = response.context["form"]
    assert "manager_area" not in form.fields
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        manager_area="national", groups=[g.pk for g in target.groups.all()], first_name="A", last_name="B"
    )
    client.post(url, data)
    assert not ManagerScope.objects.filter(user=target).exists()


@pytest.mark.parametrize("who", ["national", "province", "regency", "none"])
def test_user_admin_lists_only_the_people_of_the_area(client, areas, who):
    client.force_login(areas.manager(who))
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200
    html = response.content.decode()
    visible = areas.visible_to(who)
    for area in areas.all():
        assert (f"Peserta {area.key}" in html) == (area in visible), area.key
        assert (area.companion.full_name in html) == (area in visible), area.key


@pytest.mark.parametrize("url_name", ["wagtailusers_users:edit", "wagtailusers_users:history"])
def test_user_admin_pages_of_people_outside_the_area_are_not_found(client, areas, url_name):
    client.force_login(areas.regency_manager)
    assert client.get(reverse(url_name, args=[areas.alfa.profile.user.pk])).status_code == 200
    for user in (areas.gamma.profile.user, areas.beta.companion, areas.national, areas.province_manager):
        assert client.get(reverse(url_name, args=[user.pk])).status_code == 404, user


@pytest.mark.parametrize(("who", "shown"), [("national", True), ("regency", False), ("none", False)])
def test_site_history_is_not_in_a_regional_managers_menu(client, areas, who, shown):
    client.force_login(areas.manager(who))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse("wagtailadmin_reports:site_history") in html) == shown
