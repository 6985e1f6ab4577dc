"""The admin home's program panels cached under the area's version (issue 17): shown again while
nothing changed, rebuilt when a service changes the area, never shown to another area or in
another language; Wagtail's review queue only for those who may approve a task."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.views.home import HomeView
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms import reviews
from incubator import services
from mentoring import services as mentoring_services
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory, UserFactory
from tests.factories import cms as cms_factories
from tests.factories.workspace import (
    build_areas,
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import MilestoneFactory
from workspace.selectors import may_review_tasks

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")
NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def areas():
    with time_machine.travel(NOW, tick=False):
        yield build_areas()


def home(client) -> str:
    return client.get(HOME).content.decode()


def promotions(html: str) -> int:
    return int(re.search(r"<strong>(\d+)</strong> promotions? waiting for a decision", html).group(1))


def participants(html: str) -> int:
    return int(re.search(r"(\d+) participants? by tier", html).group(1))


def no_contact(html: str) -> int:
    return int(re.search(r"No contact in 30 days: <strong>(\d+)</strong>", html).group(1))


def stale(html: str) -> int:
    return int(
        re.search(r"<strong>(\d+)</strong> submissions? waiting for review more than 7 days", html).group(1)
    )


def unmasked(html: str) -> str:
    """The page without its CSRF tokens (masked differently on every response)."""
    return re.sub(r"[A-Za-z0-9]{64}", "<token>", html)


def queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        html = home(client)
    return len(captured), html


@pytest.mark.usefixtures("english_admin")
def test_the_program_panels_come_from_the_cache_while_nothing_changes(client, areas):
    client.force_login(areas.regency_manager)
    with time_machine.travel(NOW, tick=False):
        home(client)  # the first visit's own costs (the reader's Wagtail profile, Wagtail's caches)
        services.bump_dashboard([areas.alfa.profile])  # a new version of the area: the panels rebuilt
        cold, first = queries(client)
        warm, again = queries(client)
    # Tiers (1), waiting (3) and needs attention (2) read from the cache; the area's version read each time.
    assert warm == cold - 6
    assert unmasked(again) == unmasked(first)


@pytest.mark.usefixtures("english_admin")
def test_a_service_that_changes_the_area_rebuilds_the_panels(client, areas):
    client.force_login(areas.regency_manager)
    alfa = areas.alfa
    with time_machine.travel(NOW, tick=False):
        html = home(client)
        assert (promotions(html), participants(html), no_contact(html)) == (1, 1, 1)

        services.decline_promotion(alfa.promotion, by=areas.national, reason="Belum waktunya")
        assert promotions(home(client)) == 0

        mentoring_services.log_session(
            alfa.profile, by=alfa.companion, date=NOW.date(), mode="phone", topics="Kas harian"
        )
        assert no_contact(home(client)) == 0

        services.enroll_entrepreneur(
            EntrepreneurUserFactory(),
            by=areas.national,
            cohort=alfa.cohort,
            province=alfa.province,
            regency=alfa.regency,
            business_name="Warung Baru",
            sector="food",
            consent=True,
        )
        html = home(client)
        assert participants(html) == 2
        assert no_contact(html) == 1  # the new family: never contacted


@pytest.mark.usefixtures("english_admin")
def test_a_family_moved_to_another_area_leaves_the_first_areas_panels(client, areas):
    client.force_login(areas.regency_manager)
    with time_machine.travel(NOW, tick=False):
        assert participants(home(client)) == 1
        services.update_business_profile(
            areas.alfa.profile, by=areas.national, regency=areas.beta.regency, district=None
        )
        assert participants(home(client)) == 0
        client.force_login(areas.province_manager)
        assert participants(home(client)) == 2


@pytest.mark.usefixtures("english_admin")
@pytest.mark.parametrize("first", ["regency", "province", "national"])
def test_one_areas_cached_panels_are_never_shown_to_another_areas_manager(client, areas, first):
    expected = {"regency": 1, "province": 2, "national": 3}
    with time_machine.travel(NOW, tick=False):
        client.force_login(areas.manager(first))
        assert promotions(home(client)) == expected[first]
        for who, count in expected.items():
            client.force_login(areas.manager(who))
            html = home(client)
            assert (promotions(html), participants(html)) == (count, count), who


def test_the_cache_keeps_each_language_apart(client, areas):
    manager = areas.regency_manager
    client.force_login(manager)
    profile = UserProfile.get_for_user(manager)
    with time_machine.travel(NOW, tick=False):
        profile.preferred_language = "en"
        profile.save()
        assert "Families needing attention" in home(client)
        profile.preferred_language = "id"
        profile.save()
        html = home(client)
    assert "Keluarga yang perlu perhatian" in html
    assert "Families needing attention" not in html


@pytest.mark.usefixtures("english_admin")
def test_a_submission_turning_a_week_old_is_counted_without_any_write(client):
    submitted = datetime.datetime(2026, 6, 8, 0, 10, tzinfo=datetime.UTC)
    with time_machine.travel(submitted, tick=False):
        program = build_program()
        profile = program.enroll("Warung Seminggu")
        MilestoneFactory(profile=profile, status="submitted", submitted_at=submitted)
    client.force_login(program.manager)
    # The same day (the day is in the key): only the panel's own "valid until" can notice.
    with time_machine.travel(submitted + datetime.timedelta(days=6, hours=23, minutes=58), tick=False):
        assert stale(home(client)) == 0
    with time_machine.travel(submitted + datetime.timedelta(days=7, minutes=1), tick=False):
        assert stale(home(client)) == 1


@pytest.mark.usefixtures("english_admin")
@pytest.mark.parametrize("families", [10, 200])
def test_the_warm_home_takes_the_same_queries_at_10_and_200_families(client, families):
    with time_machine.travel(NOW, tick=False):
        program = build_program()
        program.bulk_profiles(families)
        client.force_login(program.manager)
        home(client)
        count, html = queries(client)
    assert participants(html) == families
    assert count == WARM_HOME_QUERIES


WARM_HOME_QUERIES = 18  # as tests/complaints/test_home_panel.py's HOME_QUERIES: the same reader, warm


def _panel_names(user) -> list[str]:
    request = RequestFactory().get(HOME)
    request.user = user
    view = HomeView()
    view.setup(request)
    return [panel.name for panel in view.get_panels()]


def test_wagtails_review_queue_is_left_out_for_those_who_approve_no_task(client):
    course = cms_factories.course(title="Mengajukan KUR")
    lesson = cms_factories.lesson(course, title="Menyiapkan berkas KUR")
    reviews.ensure_review_workflow()
    manager = ManagerUserFactory()
    lesson.save_revision(user=manager)
    lesson.get_workflow().start(Page.objects.get(pk=lesson.pk).specific, manager)
    reviewer = UserFactory(full_name="Rina Peninjau")
    reviewer.groups.add(Group.objects.get(name=reviews.CONTENT_REVIEWER))

    assert not may_review_tasks(manager)
    assert "workflow_objects_to_moderate" not in _panel_names(manager)
    assert may_review_tasks(reviewer)
    assert "workflow_objects_to_moderate" in _panel_names(reviewer)
    client.force_login(reviewer)
    assert "Menyiapkan berkas KUR" in home(client)
