"""The handlers' queue: overdue first then oldest, working-day ages, filters, actions, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import selectors
from complaints.models import Category, Complaint, Status
from complaints.targets import add_working_days, target_for

QUEUE = reverse("complaints_admin:index")


def backdate(complaint: Complaint, created: datetime.datetime) -> Complaint:
    due = add_working_days(created, target_for(complaint.category))
    Complaint.objects.filter(pk=complaint.pk).update(created_at=created, due_at=due)
    complaint.refresh_from_db()
    return complaint


def test_overdue_first_then_oldest_counting_working_days(world):
    tz = timezone.get_current_timezone()
    now = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=tz)  # a Monday
    # Raised Friday 27 Nov at 10:00, 5 working days: due Friday 4 Dec 10:00 → overdue.
    old_overdue = backdate(world.raise_(), datetime.datetime(2026, 11, 27, 10, 0, tzinfo=tz))
    # Raised Monday 30 Nov, a 3-working-day referral: due Thursday 3 Dec → overdue, but newer.
    new_overdue = backdate(
        world.raise_(category=Category.HEALTH), datetime.datetime(2026, 11, 30, 9, 0, tzinfo=tz)
    )
    # Raised Tuesday 1 Dec, 5 working days: due Tuesday 8 Dec → still in time, though older than...
    in_time = backdate(world.raise_(), datetime.datetime(2026, 12, 1, 9, 0, tzinfo=tz))
    # ...this one, raised Saturday 5 Dec: counting starts Monday 7 Dec 00:00.
    weekend = backdate(world.raise_(), datetime.datetime(2026, 12, 5, 20, 0, tzinfo=tz))
    assert weekend.due_at == datetime.datetime(2026, 12, 14, 0, 0, tzinfo=tz)
    # Resolved ones are never overdue and leave the default queue.
    done = backdate(world.raise_(), datetime.datetime(2026, 11, 2, 9, 0, tzinfo=tz))
    Complaint.objects.filter(pk=done.pk).update(status=Status.RESOLVED, handler=world.national)

    queue = list(selectors.handler_queue(user=world.bandung_manager, now=now))
    assert [c.pk for c in queue] == [old_overdue.pk, new_overdue.pk, in_time.pk, weekend.pk]
    assert [c.overdue for c in queue] == [True, True, False, False]
    everything = list(selectors.handler_queue(user=world.bandung_manager, now=now, status="all"))
    assert everything[-1].pk == done.pk or not everything[-1].overdue
    assert selectors.queue_counts(user=world.bandung_manager, now=now) == {"open": 4, "overdue": 2}


def test_the_queue_filters_by_status_and_category(world, client_for):
    world.raise_(description="satu")
    health = world.raise_(category=Category.HEALTH, description="dua")
    client = client_for(world.bandung_manager)
    page = client.get(QUEUE + "?category=health").content.decode()
    assert health.number in page and "ADU-" in page
    assert page.count("ADU-") == 1
    assert "ADU-" not in client.get(QUEUE + "?status=closed").content.decode()


def test_the_queue_shows_age_and_target(world, client_for):
    world.raise_()
    page = client_for(world.bandung_manager).get(QUEUE).content.decode()
    assert "5 hari kerja" in page


def _many(world, n: int) -> None:
    for i in range(n):
        world.raise_(by=world.other_profile.user if i % 2 else world.entrepreneur, description=f"Keluhan {i}")


@pytest.mark.parametrize("n", [1, 12])
def test_the_queue_page_takes_the_same_queries_with_more_rows(
    world, client_for, django_assert_num_queries, n
):
    _many(world, n)
    client = client_for(world.bandung_manager)
    client.get(QUEUE)  # warm caches (permissions, menu)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(QUEUE)
    assert response.content.decode().count("ADU-") >= n


@pytest.mark.parametrize("n", [1, 12])
def test_the_export_takes_the_same_queries_with_more_rows(world, client_for, django_assert_num_queries, n):
    _many(world, n)
    client = client_for(world.bandung_manager)
    client.get(QUEUE)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(reverse("complaints_admin:export"))
    assert response.content.decode().count("ADU-") == n


@pytest.mark.parametrize("n", [1, 12])
def test_my_complaints_takes_the_same_queries_with_more_rows(world, client_for, django_assert_num_queries, n):
    _many(world, n)
    client = client_for(world.entrepreneur)
    client.get(reverse("complaints:list"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("complaints:list"))


@pytest.mark.parametrize("n", [1, 12])
def test_metrics_take_the_same_queries_with_more_rows(world, django_assert_num_queries, n):
    _many(world, n)
    qs = selectors.complaints_for_handler(user=world.national)
    with django_assert_num_queries(2):
        metrics = selectors.complaint_metrics(qs, now=timezone.now())
    assert metrics["total"] == n


# with the admin menu's count of promotions waiting (P8); the sidebar cached (workspace.sidebar)
QUEUE_QUERIES = 12
EXPORT_QUERIES = 7
LIST_QUERIES = 5  # 4, plus the inbox bell's count (issue 13)


def test_actions_from_the_detail_page_walk_the_whole_path(world, client_for):
    complaint = world.raise_()
    client = client_for(world.bandung_manager)

    def act(action, **data):
        return client.post(reverse("complaints_admin:act", args=[complaint.pk, action]), data)

    assert client.get(reverse("complaints_admin:detail", args=[complaint.pk])).status_code == 200
    act("resolve", note="Lompat")  # refused: still new
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW
    act("assign", handler=world.bandung_manager.pk, note="Saya tangani")
    act("start")
    act("refer", referred_to="Puskesmas Coblong", note="Perlu pemeriksaan")
    act("close")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.referred_to == "Puskesmas Coblong"
    act("reopen", reason="")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    act("reopen", reason="Belum dilayani")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    act("information", note="Sudah saya telepon")
    act("nonsense")
    assert complaint.events.count() == 7
    # The raiser sees every step on their page.
    page = client_for(world.entrepreneur).get(complaint.get_absolute_url()).content.decode()
    assert "Puskesmas Coblong" in page and "Belum dilayani" in page and "Sudah saya telepon" in page
