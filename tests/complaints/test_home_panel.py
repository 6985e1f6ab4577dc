"""The "Complaints" panel on the admin home: open and overdue counts of the handler's area."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import Category, Complaint
from workspace import complaints_panels as panels

HOME = reverse("wagtailadmin_home")
QUEUE = reverse("complaints_admin:index")


def panel(client) -> dict[str, int] | None:
    """{"open": n, "overdue": n} read from the panel, None when the home page has no such panel."""
    html = client.get(HOME).content.decode()
    start = html.find('id="complaints-queue-content"')
    if start == -1:
        return None
    section = html[start : html.index("</ul>", start)]
    assert f'href="{QUEUE}"' in section
    open_, overdue = (int(n) for n in re.findall(r"<strong>(\d+)</strong>", section))
    return {"open": open_, "overdue": overdue}


def make_overdue(complaint: Complaint) -> None:
    Complaint.objects.filter(pk=complaint.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))


@pytest.fixture
def cases(world):
    late = world.raise_(description="Bantuan belum datang")
    make_overdue(late)
    harassment = world.raise_(category=Category.HARASSMENT, description="Pendamping berkata kasar")
    make_overdue(harassment)
    world.raise_(by=world.other_profile.user, description="Data usaha salah")
    done = world.raise_(description="Sudah selesai")
    by = world.bandung_manager
    services.assign_complaint(done, by=by, handler=by)
    services.start_complaint(done, by=by)
    services.resolve_complaint(done, by=by, note="Bantuan sudah diterima.")
    make_overdue(done)  # resolved: never counted, even past its target
    make_overdue(world.raise_(by=world.klaten_profile.user, description="Di Klaten"))
    return late


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("bandung_manager", {"open": 2, "overdue": 1}),  # harassment left out, resolved not open
        ("safeguarding", {"open": 3, "overdue": 2}),  # holds the harassment permission
        ("jabar_manager", {"open": 2, "overdue": 1}),
        ("klaten_manager", {"open": 1, "overdue": 1}),
        ("national", {"open": 3, "overdue": 2}),  # no harassment permission: left out
    ],
)
def test_the_panel_counts_open_and_overdue_complaints_of_the_area(world, cases, client_for, who, expected):
    assert panel(client_for(getattr(world, who))) == expected


def test_no_panel_without_an_area_or_for_people_who_do_not_handle_complaints(world, cases, client_for):
    assert panel(client_for(world.unscoped)) is None
    world.bandung_manager.groups.clear()  # no longer a program manager: no complaint permission
    client = client_for(world.bandung_manager)
    response = client.get(HOME)
    assert response.status_code != 200 or 'id="complaints-queue-content"' not in response.content.decode()


@pytest.mark.parametrize("n", [1, 12])
def test_the_home_page_takes_the_same_queries_with_more_complaints(
    world, client_for, django_assert_num_queries, n
):
    for i in range(n):
        complaint = world.raise_(description=f"Keluhan {i}")
        if i % 2:
            make_overdue(complaint)
    client = client_for(world.bandung_manager)
    assert panel(client) == {"open": n, "overdue": n // 2}
    with django_assert_num_queries(HOME_QUERIES):
        client.get(HOME)
    # The panel itself: one aggregate query.
    (complaints_panel,) = panels.panels_for(world.bandung_manager)
    with django_assert_num_queries(1):
        complaints_panel.render_html({})


HOME_QUERIES = (
    18  # the whole admin home, every panel (no CMS counters since issue 15, P8; 2 for "needs attention"
    # and 1 for the quiet pairs since issue 17, 3 and 2 before); one for the number of promotions
    # waiting on the menu (P8). Issue 17, 26 -> 19: the three program panels read from the cache
    # (their 6 queries -> 1, the area's version) and Wagtail's review queue left out for a reader who
    # approves no task (3 -> 1). 19 -> 18: the sidebar cached per person (``workspace.sidebar``: its
    # collection permissions read no more; the promotions waiting are still counted, in its key)
)
