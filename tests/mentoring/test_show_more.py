"""Long portal lists grow with "Show more", in the same number of queries (issue 15)."""

from __future__ import annotations

import datetime

import pytest

from mentoring.models import MentoringSession, SessionMode
from mentoring.views import SESSIONS_STEP
from tests.mentoring.factories import make_pair

pytestmark = pytest.mark.django_db

# Pinned: the session and user, the inbox bell, the sessions (one slice), their action items and
# photos, whom the person accompanies, and the middleware's reads. It must not grow with "Show more".
QUERIES = 8


def add_sessions(pair, n: int) -> None:
    start = datetime.date(2026, 1, 1)
    MentoringSession.objects.bulk_create(
        MentoringSession(
            profile=pair.profile,
            companion=pair.mentor,
            date=start + datetime.timedelta(days=i),
            mode=SessionMode.CHAT,
            topics=f"Topik {i}",
        )
        for i in range(n)
    )


def test_sessions_show_the_newest_and_more_on_request_in_constant_queries(client, django_assert_num_queries):
    pair = make_pair()
    add_sessions(pair, SESSIONS_STEP + 5)
    client.force_login(pair.entrepreneur)
    client.get("/sessions/")  # warm up: the inbox bell marks items seen once
    with django_assert_num_queries(QUERIES):
        first = client.get("/sessions/")
    html = first.content.decode()
    assert html.count('href="/sessions/') - html.count('href="/sessions/new') == SESSIONS_STEP
    assert f"Topik {SESSIONS_STEP + 4}" in html and "Topik 0" not in html  # newest first
    assert f'href="?shown={SESSIONS_STEP * 2}#s{SESSIONS_STEP}"' in html

    with django_assert_num_queries(QUERIES):
        more = client.get(f"/sessions/?shown={SESSIONS_STEP * 2}")
    html = more.content.decode()
    assert "Topik 0" in html and 'href="?shown=' not in html  # everything shown: no more button

    assert client.get("/sessions/?shown=abc").status_code == 200  # bad input: the first page
    assert client.get("/sessions/?shown=99999999").status_code == 200
