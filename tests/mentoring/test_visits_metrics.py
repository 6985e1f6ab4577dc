"""visit_metrics: visits per companion per month and the share of participants visited lately."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from incubator.models import EntrepreneurProfile
from mentoring import visits
from mentoring.models import FieldVisit
from mentoring.selectors import visit_metrics
from mentoring.visits import VisitInput
from tests.incubator.factories import MentorProfileFactory
from tests.mentoring.factories import make_pair

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _on_today():
    """Every test here runs on TODAY (noon, WIB): visits cannot be in the future, nor before the
    companion's assignment, which starts when the pair is made."""
    noon = datetime.datetime.combine(
        TODAY, datetime.time(12), tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    with time_machine.travel(noon, tick=False):
        yield


def visit(pair, day: datetime.date) -> FieldVisit:
    # Logged "today" (the real date) but dated in the past: the service only refuses the future.
    return visits.log_visit(
        pair.profile, by=pair.mentor, data=VisitInput(day, "monitoring", "Cicendo", "Arjuna", "Ringkasan")
    )


@pytest.fixture
def program():
    """Two companions: Ani with two entrepreneurs, Budi with one; a fourth never visited."""
    ani = MentorProfileFactory(user__full_name="Ani Lestari").user
    budi = MentorProfileFactory(user__full_name="Budi Santoso").user
    a1, a2 = make_pair(mentor=ani), make_pair(mentor=ani)
    b1 = make_pair(mentor=budi)
    never = make_pair()
    visit(a1, datetime.date(2026, 11, 2))
    visit(a1, datetime.date(2026, 11, 15))
    visit(a2, datetime.date(2026, 10, 21))  # 31 days before TODAY: outside the 30-day window
    visit(a2, datetime.date(2026, 6, 30))  # six months back: June is the first month counted
    visit(a2, datetime.date(2026, 5, 31))  # seven months back: not counted
    visit(b1, datetime.date(2026, 10, 22))  # 30th day back: inside the window
    visit(b1, datetime.date(2026, 10, 5))
    return {"ani": ani, "budi": budi, "a1": a1, "a2": a2, "b1": b1, "never": never}


def test_visits_per_companion_per_month_for_the_last_six_months(program):
    metrics = visit_metrics(EntrepreneurProfile.objects.all(), today=TODAY)
    assert metrics["start"] == datetime.date(2026, 6, 1) and metrics["end"] == TODAY
    assert metrics["months"] == [datetime.date(2026, m, 1) for m in range(6, 12)]
    rows = [(r["companion"], r["month"], r["visits"]) for r in metrics["per_companion_month"]]
    assert rows == [
        ("Ani Lestari", datetime.date(2026, 6, 1), 1),
        ("Ani Lestari", datetime.date(2026, 10, 1), 1),
        ("Ani Lestari", datetime.date(2026, 11, 1), 2),
        ("Budi Santoso", datetime.date(2026, 10, 1), 2),
    ]
    assert metrics["per_companion_month"][0]["companion_id"] == program["ani"].pk


def test_share_of_participants_visited_in_the_last_30_days(program):
    metrics = visit_metrics(EntrepreneurProfile.objects.all(), today=TODAY)
    # a1 (15 Nov) and b1 (22 Oct) yes; a2 (21 Oct, 31 days back) and the never-visited one no.
    assert metrics["visited_last_30_days"] == {"numerator": 2, "denominator": 4, "percentage": 50.0}


def test_only_the_given_profiles_count(program):
    only = EntrepreneurProfile.objects.filter(pk__in=[program["a2"].profile.pk, program["never"].profile.pk])
    metrics = visit_metrics(only, today=TODAY)
    assert [(r["month"], r["visits"]) for r in metrics["per_companion_month"]] == [
        (datetime.date(2026, 6, 1), 1),
        (datetime.date(2026, 10, 1), 1),
    ]
    assert metrics["visited_last_30_days"] == {"numerator": 0, "denominator": 2, "percentage": 0.0}


def test_a_given_range(program):
    metrics = visit_metrics(
        EntrepreneurProfile.objects.all(),
        today=TODAY,
        start=datetime.date(2026, 5, 15),
        end=datetime.date(2026, 6, 30),
    )
    assert metrics["months"] == [datetime.date(2026, 5, 1), datetime.date(2026, 6, 1)]
    assert [(r["month"], r["visits"]) for r in metrics["per_companion_month"]] == [
        (datetime.date(2026, 5, 1), 1),
        (datetime.date(2026, 6, 1), 1),
    ]


def test_no_participants_gives_no_percentage(db):
    metrics = visit_metrics(EntrepreneurProfile.objects.none(), today=TODAY)
    assert metrics["per_companion_month"] == []
    assert metrics["visited_last_30_days"] == {"numerator": 0, "denominator": 0, "percentage": None}


def test_two_queries_whatever_the_number_of_visits(program, django_assert_num_queries):
    with django_assert_num_queries(2):
        visit_metrics(EntrepreneurProfile.objects.all(), today=TODAY)
    for _ in range(3):
        visit(make_pair(mentor=program["budi"]), datetime.date(2026, 11, 1))
    with django_assert_num_queries(2):
        metrics = visit_metrics(EntrepreneurProfile.objects.all(), today=TODAY)
    assert metrics["visited_last_30_days"]["denominator"] == 7
