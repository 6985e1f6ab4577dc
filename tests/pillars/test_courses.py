"""Courses by audience (issue 19): families' courses, pillar courses per pillar type, bimtek that uses
pillar courses, a pillar member's own courses and progress, completion per area for managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cms import services as learning_services
from cms.models import Audience
from incubator.models import CompanionKind
from pillars import selectors
from pillars.errors import PillarError
from tests.factories import cms as factories
from tests.incubator.factories import EntrepreneurProfileFactory, SocialCompanionProfileFactory
from tests.pillars.helpers import event_in


@pytest.fixture
def courses(db):
    index = factories.learning_index()
    family = factories.course(index, title="Pembukuan keluarga")
    factories.lesson(family, quiz=False)
    pillar = factories.course(index, title="Mendampingi usaha KPM", audience=Audience.PILLARS)
    lessons = [factories.lesson(pillar, quiz=False), factories.lesson(pillar, quiz=False)]
    both = factories.course(index, title="Waspada penipuan", audience=Audience.BOTH)
    factories.lesson(both, quiz=False)
    psm_only = factories.course(
        index, title="Khusus PSM", audience=Audience.PILLARS, pillar_kind=CompanionKind.PSM
    )
    return {
        "index": index,
        "family": family,
        "pillar": pillar,
        "both": both,
        "psm": psm_only,
        "lessons": lessons,
    }


def _titles(response) -> str:
    return response.content.decode()


def test_the_learning_index_shows_each_reader_their_audience_and_filters_on_request(
    world, courses, client_for
):
    family_user = world.families[0].user
    page = _titles(client_for(family_user).get("/learn/"))
    assert "Pembukuan keluarga" in page and "Waspada penipuan" in page
    assert "Mendampingi usaha KPM" not in page

    page = _titles(client_for(world.tksk).get("/learn/"))
    assert "Mendampingi usaha KPM" in page and "Waspada penipuan" in page
    assert "Pembukuan keluarga" not in page
    assert "Khusus PSM" not in page  # a TKSK does not see a course only for PSM

    page = _titles(client_for(world.tksk).get("/learn/", {"untuk": "keluarga"}))
    assert "Pembukuan keluarga" in page and "Mendampingi usaha KPM" not in page

    page = _titles(client_for(world.national).get("/learn/", {"untuk": "semua"}))
    assert all(title in page for title in ("Pembukuan keluarga", "Mendampingi usaha KPM", "Khusus PSM"))
    assert client_for(world.national).get("/learn/", {"untuk": "<bogus>"}).status_code == 200


def test_a_bimtek_covers_pillar_courses_only(world, courses):
    with pytest.raises(PillarError):
        event_in(world.bandung, by=world.national, courses=[courses["family"]])
    event = event_in(world.bandung, by=world.national, courses=[courses["pillar"], courses["both"]])
    assert set(event.courses.all()) == {courses["pillar"], courses["both"]}


def test_a_pillar_member_sees_their_courses_and_progress(
    world, courses, client_for, django_assert_num_queries
):
    learning_services.complete_lesson(courses["lessons"][0], user=world.tksk)
    selectors.courses_for_pillar(world.tksk)  # warm the page tree caches
    with django_assert_num_queries(5):
        rows = {row.course.title: (row.done, row.total) for row in selectors.courses_for_pillar(world.tksk)}
    assert rows == {"Mendampingi usaha KPM": (1, 2), "Waspada penipuan": (0, 1)}

    psm = SocialCompanionProfileFactory(kind=CompanionKind.PSM).user
    assert "Khusus PSM" in {row.course.title for row in selectors.courses_for_pillar(psm)}

    page = client_for(world.tksk).get(reverse("pillars:training")).content.decode()
    assert "Mendampingi usaha KPM" in page and 'value="1"' in page


def test_a_manager_sees_pillar_course_completion_of_their_area_only(world, courses, client_for):
    for lesson in courses["lessons"]:
        learning_services.complete_lesson(lesson, user=world.tksk)
    learning_services.complete_lesson(courses["lessons"][0], user=world.bogor_tksk)
    EntrepreneurProfileFactory()  # a family's learning is not counted with the pillars

    def row(scope_region):
        rows = selectors.pillar_course_completion(selectors.area_scope(scope_region))
        found = next(r for r in rows if r.course.pk == courses["pillar"].pk)
        return found.learners, found.finished

    assert row(world.bandung) == (1, 1)
    assert row(world.bogor) == (1, 0)
    assert row(None) == (2, 1)
    assert all(
        r.course.audience != Audience.ENTREPRENEURS
        for r in selectors.pillar_course_completion(selectors.area_scope(None))
    )

    page = client_for(world.bandung_manager).get(reverse("pillars_admin:cascade")).content.decode()
    assert "Mendampingi usaha KPM" in page


def test_the_families_learning_report_does_not_count_pillars(world, courses, client_for):
    import csv
    import io

    both_lesson = courses["both"].get_children().live().first().specific
    learning_services.complete_lesson(both_lesson, user=world.tksk)
    learning_services.complete_lesson(both_lesson, user=world.families[0].user)
    response = client_for(world.national).get(reverse("learning_admin:completion"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = next(row for row in rows if row[0] == "Waspada penipuan")
    assert row[3] == "1"  # started: the family only, not the TKSK
    assert not any(row[0] == "Mendampingi usaha KPM" for row in rows)  # pillar courses are not listed


def test_a_pillar_member_completes_a_lesson_from_the_page_a_manager_is_refused(world, courses, client_for):
    lesson = courses["lessons"][0]
    url = reverse("cms:complete_lesson", args=[lesson.pk])
    assert client_for(world.tksk).post(url).status_code == 302
    assert learning_services.LessonCompletion.objects.filter(user=world.tksk).count() == 1
    client_for(world.bandung_manager).post(url)
    assert not learning_services.LessonCompletion.objects.filter(user=world.bandung_manager).exists()
