"""Ids beyond 64 bits (security report cases 104 and 105): a 404 or an ignored filter, never a 500.

Every project route with an id uses the bounded ``<id:...>`` converter (``core.converters``):
more than 18 digits matches no route. The routes are discovered from the resolver, so a new one
is tested without being listed here.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from core.converters import BoundedIntConverter
from tests.factories import ManagerUserFactory
from tests.mentoring.factories import make_pair

HUGE = "99999999999999999999999"
# Every app of this repository (a new app is covered without editing this file), and config.
PROJECT_APPS = tuple(sorted({p.parent.name for p in settings.BASE_DIR.glob("*/apps.py")} | {"config"}))
NUMERIC = (IntConverter, BoundedIntConverter)


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if isinstance(pattern.pattern, LocalePrefixPattern):
                inner = prefix + pattern.pattern.language_prefix
            elif isinstance(pattern.pattern, RoutePattern):
                inner = prefix + str(pattern.pattern)
            else:
                continue  # regex includes: none of ours carry an id
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            yield prefix + str(pattern.pattern), pattern


def project_id_routes() -> list[tuple[str, URLPattern]]:
    """Every route of the project's own views with a numeric parameter, Wagtail admin ones included."""
    found = []
    for route, pattern in _routes(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "") or ""
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None:
            module = view_class.__module__
        if module.split(".")[0] not in PROJECT_APPS:
            continue
        if any(isinstance(c, NUMERIC) for c in pattern.pattern.converters.values()):
            found.append((route, pattern))
    return found


def _url(route: str) -> str:
    def value(match: re.Match) -> str:
        return HUGE if match.group(1) in ("id", "int") else "x"

    return "/" + re.sub(r"<(\w+):\w+>", value, route)


ROUTES = sorted(route for route, _pattern in project_id_routes())


def test_the_routes_are_found():
    # Portal, mentor, chat, sessions, visits, timeline, complaints, lessons and the admin's own.
    assert len(ROUTES) >= 30
    assert "visits/<id:pk>/" in ROUTES
    assert "cms/workspace/assistance/proof/<id:pk>/" in ROUTES


# Wagtail's user admin (workspace.wagtail_users.UserViewSet, owned elsewhere) still generates <int:pk>;
# its lookups are plain integer-field lookups, which Django answers with "not found" when out of
# range, and test_a_huge_id_is_not_found covers them.
ELSEWHERE = re.compile(r"^cms/users/")


def test_no_project_route_takes_an_unbounded_int():
    unbounded = [
        route
        for route, pattern in project_id_routes()
        if any(type(c) is IntConverter for c in pattern.pattern.converters.values())
        and not ELSEWHERE.match(route)
    ]
    assert unbounded == []


@pytest.fixture
def people(db):
    """An entrepreneur and their mentor (a pair with a conversation), and a superuser manager."""
    pair = make_pair()
    manager = ManagerUserFactory(is_superuser=True)
    return {"entrepreneur": pair.entrepreneur, "mentor": pair.mentor, "manager": manager}


@pytest.mark.parametrize("route", ROUTES)
def test_a_huge_id_is_not_found(client, people, route):
    """As everyone who may use the route: the admin's (``/cms/``) are the manager's alone (Wagtail
    sends anyone else to its login page before routing)."""
    url = _url(route)
    users = [people["manager"]] if route.startswith("cms/") else people.values()
    for user in users:
        client.force_login(user)
        assert client.get(url).status_code == 404, (url, user)
        assert client.post(url, {"note": "x", "action": "verify_report"}).status_code == 404, (url, user)


def test_a_long_id_within_64_bits_reaches_the_view_and_is_not_found(client, people):
    client.force_login(people["mentor"])
    assert client.get(reverse("mentoring:visit_detail", args=[999_999_999_999_999_999])).status_code == 404


# ---------------------------------------------------------------- ids and numbers in query strings


@pytest.fixture
def manager_client(client, db):
    client.force_login(ManagerUserFactory(is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("workspace_milestones:index", {"waiting_days": HUGE}),
        ("workspace_milestones:index", {"waiting_days": "1e400"}),
        ("workspace_milestones:index", {"waiting_days": "36501"}),
        ("workspace_milestones:index", {"cohort": HUGE, "template": HUGE, "regency": HUGE}),
        ("workspace_milestones:index", {"companion": HUGE, "p": HUGE}),
        ("workspace_entrepreneurs:index", {"cohort": HUGE, "province": HUGE, "regency": HUGE}),
        ("workspace_entrepreneurs:index", {"companion": HUGE, "p": HUGE, "export": "csv"}),
        ("workspace_assignments:index", {"companion": HUGE, "cohort": HUGE}),
        ("workspace_assistance:index", {"cohort": HUGE, "p": HUGE}),
        ("workspace_report:index", {"cohort": HUGE, "region": HUGE}),
        ("workspace_report:index", {"cohort": HUGE, "region": HUGE, "export": "csv"}),
        ("complaints_admin:index", {"p": HUGE}),
        ("mentoring_admin:conversations", {"p": HUGE}),
    ],
)
def test_a_huge_number_in_a_filter_is_never_a_server_error(manager_client, url_name, params):
    response = manager_client.get(reverse(url_name), params)
    assert response.status_code == 200


def test_a_huge_waiting_time_is_a_form_error(manager_client, settings):
    settings.LANGUAGE_CODE = "en"
    response = manager_client.get(reverse("workspace_milestones:index"), {"waiting_days": HUGE})
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 36500" in response.content.decode()


def test_huge_ids_in_the_chat_and_timeline_queries_are_refused_cleanly(client, db):
    pair = make_pair()
    client.force_login(pair.entrepreneur)
    messages_url = reverse("mentoring:conversation_messages", args=[pair.conversation.pk])
    assert client.get(messages_url, {"after": HUGE}).status_code < 500
    assert client.get(messages_url, {"before": HUGE}).status_code < 500
    timeline = client.get(reverse("mentoring:timeline"), {"before": f"2026-01-01T00:00:00+00:00|0|{HUGE}"})
    assert timeline.status_code == 200
