"""``python -m bench.profile_pages [--requests N]``: where a page's time goes, in one process.

Serves the trivial view, the entrepreneur dashboard, the mentor dashboard, a lesson page and the
Wagtail admin home (as ``--only pages`` measures them) through Django's test client (the same
middleware and views as in production, without daphne) on the bench database, with the connection
pool on and off, and splits each page's time into: opening a PostgreSQL connection, running SQL,
rendering templates, and the rest (middleware, view code, Python); with each page's query count.
Prints a table and writes ``bench/results/profile-pages.json``. Run ``python -m bench --only pages``
first or let this script set up its small world itself (it reuses the bench database as it is).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from contextlib import contextmanager

from bench import common, data
from bench.common import RESULTS, log

PAGES = {
    "trivial view": ("/bench/trivial/", "entrepreneur"),
    "entrepreneur dashboard": ("/portal/", "entrepreneur"),
    "mentor dashboard": ("/mentor/", "mentor"),
    "lesson page": ("{lesson}", "entrepreneur"),
    "admin home": ("/cms/", "manager"),
}


class Clock:
    """Accumulates wall time spent inside wrapped callables, per label, for the current request."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.depth: dict[str, int] = {}

    def wrap(self, owner, name: str, label: str) -> None:
        original = getattr(owner, name)
        clock = self

        def timed(*args, **kwargs):
            if clock.depth.get(label):  # nested (a template including a template): count once
                return original(*args, **kwargs)
            clock.depth[label] = 1
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                clock.spent[label] = clock.spent.get(label, 0.0) + time.perf_counter() - started
                clock.depth[label] = 0

        setattr(owner, name, timed)

    @contextmanager
    def request(self):
        self.spent = {}
        started = time.perf_counter()
        yield
        self.spent["total"] = time.perf_counter() - started


def instrument() -> Clock:
    from django.db.backends.postgresql.base import DatabaseWrapper
    from django.db.backends.utils import CursorWrapper
    from django.template.base import Template

    clock = Clock()
    clock.wrap(DatabaseWrapper, "get_new_connection", "connect")
    clock.wrap(CursorWrapper, "execute", "sql")
    clock.wrap(CursorWrapper, "executemany", "sql")
    clock.wrap(Template, "render", "templates")
    return clock


def use_pool(flag: bool, saved) -> None:
    """Switch the bench process between pooled and unpooled connections (between requests)."""
    from django.db import connection, connections

    connections.close_all()
    options = connection.settings_dict.setdefault("OPTIONS", {})
    if flag:
        options["pool"] = saved
    else:
        options.pop("pool", None)


def pages(lesson_url: str) -> dict[str, tuple[str, str]]:
    return {name: (url.format(lesson=lesson_url), role) for name, (url, role) in PAGES.items()}


def query_counts(targets: dict[str, tuple[str, str]], cookies: dict[str, str]) -> dict[str, int]:
    """Each page's queries on a second visit (the first warms the site root and translations)."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, (url, role) in targets.items():
        client = Client(HTTP_COOKIE=cookies[role])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        connections.close_all()
        counts[name] = len(captured)
    return counts


def measure(
    requests: int, cookies: dict[str, str], clock: Clock, targets: dict[str, tuple[str, str]]
) -> dict:
    """Every page with and without the pool, interleaved request by request (the load of a shared
    machine changes by the second; only interleaving makes the two comparable)."""
    from django.db import connection, connections
    from django.test import Client

    saved = connection.settings_dict["OPTIONS"]["pool"]
    clients = {role: Client(HTTP_COOKIE=cookie) for role, cookie in cookies.items()}
    samples: dict[tuple[str, str], list[dict]] = {}
    try:
        for _ in range(requests):
            for pool in (False, True):
                use_pool(pool, saved)
                for name, (url, role) in targets.items():
                    with clock.request():
                        response = clients[role].get(url)
                        connections.close_all()  # the end of a request under ASGI (CONN_MAX_AGE = 0)
                    assert response.status_code == 200, (url, response.status_code)
                    samples.setdefault(("pool" if pool else "no pool", name), []).append(dict(clock.spent))
    finally:
        use_pool(True, saved)
    runs: dict[str, dict] = {}
    for (label, name), items in samples.items():
        items = items[max(1, len(items) // 10) :]  # drop warm-up
        median = {key: statistics.median(s.get(key, 0.0) for s in items) * 1000 for key in items[0]}
        for key in ("connect", "sql", "templates"):
            median.setdefault(key, 0.0)
        median["other"] = median["total"] - median["connect"] - median["sql"] - median["templates"]
        runs.setdefault(label, {})[name] = {k: round(v, 2) for k, v in median.items()}
    for rows in runs.values():
        trivial = rows["trivial view"]["total"]
        for row in rows.values():
            row["x_trivial"] = round(row["total"] / trivial, 2) if trivial else None
    return runs


def world_cookies() -> tuple[dict[str, str], str]:
    """Signed-in cookies of the bench world's entrepreneur, mentor and manager, and its lesson's URL."""
    from accounts import roles
    from accounts.models import User
    from cms.models import LessonPage
    from incubator.models import CompanionAssignment

    assignment = CompanionAssignment.objects.filter(ended_at__isnull=True).select_related("profile__user")
    assignment = assignment.order_by("pk").first()
    lesson = LessonPage.objects.live().order_by("pk").first()
    manager = User.objects.filter(groups__name=roles.MANAGER).order_by("pk").first()
    if assignment is None or lesson is None or manager is None:
        from bench.pages import World

        world = World()
        world.setup()
        return world.cookies, world.lesson_url
    return {
        "entrepreneur": data.session_cookie(assignment.profile.user),
        "mentor": data.session_cookie(assignment.companion),
        "manager": data.session_cookie(manager),
    }, lesson.url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args(argv)
    data.setup_django(pool=True)
    clock = instrument()
    cookies, lesson_url = world_cookies()
    targets = pages(lesson_url)
    result = {"machine": common.machine(), "requests_per_page": args.requests, "runs": {}}
    result["queries"] = query_counts(targets, cookies)
    log("profiling pages with and without the pool, interleaved")
    result["runs"] = measure(args.requests, cookies, clock, targets)
    result["load_average_at_end"] = os.getloadavg()
    for label, rows in result["runs"].items():
        print(f"\n{label}: median ms per request (Django test client, no daphne)")
        print(
            f"{'page':<24}{'total':>8}{'connect':>9}{'sql':>8}{'templates':>10}{'other':>8}{'× trivial':>11}"
            f"{'queries':>9}"
        )
        for name, r in rows.items():
            print(
                f"{name:<24}{r['total']:>8}{r['connect']:>9}{r['sql']:>8}{r['templates']:>10}"
                f"{r['other']:>8}{r['x_trivial']!s:>11}{result['queries'][name]:>9}"
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile-pages.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
