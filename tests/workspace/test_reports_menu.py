"""Finding P6: every programme report sits in one "Program reports" menu of the back office."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import admin_menu, reports_menu

pytestmark = pytest.mark.django_db

PROGRAM_REPORT_URLS = (
    "workspace_report:index",
    "mentoring_admin:conversations",
    "mentoring_admin:workload",
    "learning_admin:completion",
    "learning_review:due",
)


@pytest.fixture(autouse=True)
def _admin_urls_loaded():
    """Viewsets register their menu items when the admin URLs load, as on any real request."""
    reverse("wagtailadmin_home")


def _request_for(user):
    request = RequestFactory().get("/cms/")
    request.user = user
    return request


def _urls(items):
    return {item.url for item in items}


def test_program_reports_are_in_one_menu_and_not_in_wagtails_reports_or_the_program_menu(admin_user):
    request = _request_for(admin_user)
    top = {item.name: item for item in admin_menu.menu_items_for_request(request)}

    in_program_reports = _urls(top["program-reports"].menu.menu_items_for_request(request))
    for name in PROGRAM_REPORT_URLS:
        assert reverse(name) in in_program_reports, name
    assert reverse("notifications_delivery_failures") in in_program_reports

    in_wagtail_reports = _urls(reports_menu.menu_items_for_request(request))
    assert not in_wagtail_reports & in_program_reports
    assert reverse("wagtailadmin_reports:locked_pages") in in_wagtail_reports  # technical reports stay
    elsewhere = set().union(
        *(
            _urls(item.menu.menu_items_for_request(request))
            for name, item in top.items()
            if hasattr(item, "menu") and name != "program-reports"
        )
    )
    assert reverse("workspace_promotions:index") in elsewhere  # the Program menu keeps its queues
    assert not elsewhere & in_program_reports


def test_the_program_reports_menu_is_named_in_indonesian(admin_user):
    with translation.override("id"):
        item = next(i for i in admin_menu.registered_menu_items if i.name == "program-reports")
        assert str(item.label) == "Laporan program"


def test_the_program_reports_menu_is_hidden_from_someone_with_none_of_its_reports(django_user_model):
    staff = django_user_model.objects.create_user(username="clerk", password="x", is_staff=True)
    request = _request_for(staff)
    assert "program-reports" not in {item.name for item in admin_menu.menu_items_for_request(request)}


def test_the_moved_program_report_still_answers(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("workspace_report:index")).status_code == 200
