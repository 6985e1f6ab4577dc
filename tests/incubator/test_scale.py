"""Dashboards cost the same number of queries with 10 or 2,000 entrepreneurs."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from incubator.models import (
    CompanionAssignment,
    EntrepreneurProfile,
    Milestone,
    MilestoneStatus,
    MilestoneTemplate,
)

_seq = itertools.count()

# Pinned: a change here means a page started to query per row (or a fixed query was added on purpose).
# 9 (the assistance list carries the delivered total, the profile's query the distance to the UMK:
# issue 17), plus "Entered for you" (one UNION ALL of its three sources since issue 17, three
# before), plus the next visit or session, plus the inbox bell (issue 13), plus "a promotion not yet
# celebrated?" (issue 15; an EXISTS on the profile query since issue 17, one query before). Warm, its
# parts cached under the profile's dashboard version (issue 17): 6; cold 12 (test_dashboard_cache).
PORTAL_QUERIES = 6
# 5, plus the UMK of the page's regencies (profits are stored), plus the bell, less the list's COUNT
# (read with the page since issue 17: core.pagination.CountedPagePaginator), less the UMKs (read with
# the rows since issue 17: selectors.with_umk_in_force).
MENTOR_QUERIES = 5


def add_mentees(world, n: int) -> None:
    """``n`` more entrepreneurs assigned to the world's mentor, each with milestones, some waiting."""
    batch = next(_seq)
    users = User.objects.bulk_create(
        [
            User(username=f"bulk{batch}-{i}", email=f"bulk{batch}-{i}@example.test", full_name=f"Peserta {i}")
            for i in range(n)
        ]
    )
    now = timezone.now()
    profiles = EntrepreneurProfile.objects.bulk_create(
        [
            EntrepreneurProfile(
                user=u,
                province=world.province,
                regency=world.regency,
                district=world.district,
                business_name=f"Warung {batch}-{i}",
                sector="trade",
                tier_since=now,
                enrolled_on=now.date(),
                last_activity_at=now,
            )
            for i, u in enumerate(users)
        ]
    )
    CompanionAssignment.objects.bulk_create(
        [
            CompanionAssignment(profile=p, companion=world.mentor, role="mentor", started_at=now)
            for p in profiles
        ]
    )
    templates = list(MilestoneTemplate.objects.filter(tier="beginner"))
    statuses = [MilestoneStatus.VERIFIED, MilestoneStatus.SUBMITTED, MilestoneStatus.NOT_STARTED]
    Milestone.objects.bulk_create(
        [
            Milestone(
                profile=p,
                template=t,
                tier="beginner",
                status=statuses[(i + j) % 3],
                submitted_at=now,
                version=1,
            )
            for i, p in enumerate(profiles)
            for j, t in enumerate(templates)
        ]
    )


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["incubator:portal_home", "incubator:mentor_home"])
def test_dashboard_queries_constant_from_10_to_2000(world, client_for, page, django_assert_num_queries):
    person = world.entrepreneur if page == "incubator:portal_home" else world.mentor
    client = client_for(person)
    url = reverse(page)
    add_mentees(world, 10)
    client.get(url)  # warm caches (content types, sessions) out of the measurement
    small = count(client, url)
    add_mentees(world, 1990)
    assert EntrepreneurProfile.objects.count() > 2000
    large = count(client, url)
    assert small == large
    with django_assert_num_queries(PORTAL_QUERIES if page == "incubator:portal_home" else MENTOR_QUERIES):
        client.get(url)


def test_mentor_dashboard_lists_waiting_first(world, client_for):
    add_mentees(world, 3)
    quiet = EntrepreneurProfile.objects.get(pk=world.profile.pk)
    body = client_for(world.mentor).get(reverse("incubator:mentor_home")).content.decode()
    # the world's own entrepreneur has nothing waiting; the bulk ones have one each
    assert body.index("Warung") < body.index(quiet.business_name)
