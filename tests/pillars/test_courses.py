"""Courses by audience (issue 19): families' courses, pillar courses per pillar type, bimtek that uses
pillar courses, a pillar member's own courses and progress, completion per area for managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cms import services as learning_services
from cms.models import PUSKESOS, Audience
from incubator.models import CompanionKind
from pillars import selectors, services
from pillars.errors import PillarError
from pillars.models import OrganisationKind, PillarOrganisation
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
    factories.course(
        index,
        title="Khusus Karang Taruna",
        audience=Audience.PILLARS,
        pillar_kind=CompanionKind.KARANG_TARUNA,
    )
    factories.course(index, title="Layanan rujukan Puskesos", audience=Audience.PILLARS, pillar_kind=PUSKESOS)
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
    assert rows == {
        "Mendampingi usaha KPM": (1, 2),
        "Waspada penipuan": (0, 1),
    }  # no course narrowed to others

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


PILLAR_COURSES = {
    "Mendampingi usaha KPM",
    "Waspada penipuan",
    "Khusus PSM",
    "Khusus Karang Taruna",
    "Layanan rujukan Puskesos",
}


def _member_added_by_phone(world, kind: str, phone: str):
    """A pillar member with no companion profile: added to a bimtek by name and phone, joined to an
    organisation of ``kind``."""
    organisation = PillarOrganisation.objects.create(
        name=f"Organisasi {kind}", kind=kind, region=world.bandung
    )
    event = event_in(world.bandung, by=world.bandung_manager)
    row = services.add_participant_by_phone(
        event, by=world.bandung_manager, full_name="Anggota Baru", phone=phone, organisation=organisation
    )
    return row.user


def _listed(page: str) -> set[str]:
    return {title for title in (*PILLAR_COURSES, "Pembukuan keluarga") if title in page}


@pytest.mark.parametrize(
    ("kind", "phone", "expected"),
    [
        (OrganisationKind.KARANG_TARUNA, "081211110001", {"Khusus Karang Taruna"}),
        (OrganisationKind.PUSKESOS, "081211110002", {"Layanan rujukan Puskesos"}),
        (OrganisationKind.UNIVERSITY, "081211110003", set()),
        (OrganisationKind.NGO, "081211110004", set()),
    ],
)
def test_an_organisation_member_sees_the_same_pillar_courses_on_learn_and_on_the_training_page(
    world, courses, client_for, kind, phone, expected
):
    """Karang Taruna and Puskesos members see their type's courses; a partner's members (university,
    NGO) only the courses open to every pillar; never the families' or another type's courses."""
    member = _member_added_by_phone(world, kind, phone)
    wanted = {"Mendampingi usaha KPM", "Waspada penipuan", *expected}

    assert {row.course.title for row in selectors.courses_for_pillar(member)} == wanted
    assert _listed(client_for(member).get("/learn/").content.decode()) == wanted
    assert _listed(client_for(member).get("/learn/", {"untuk": "pilar"}).content.decode()) == wanted
    training = client_for(member).get(reverse("pillars:training")).content.decode()
    assert _listed(training) == wanted


def test_a_tksk_who_also_serves_at_a_puskesos_point_sees_both_types(world, courses, client_for):
    organisation = PillarOrganisation.objects.create(
        name="Puskesos Dago", kind=OrganisationKind.PUSKESOS, region=world.bandung
    )
    organisation.members.add(world.tksk)

    page = client_for(world.tksk).get("/learn/").content.decode()
    assert _listed(page) == {"Mendampingi usaha KPM", "Waspada penipuan", "Layanan rujukan Puskesos"}


def test_an_inactive_organisation_gives_no_pillar_type(world, courses, client_for):
    member = _member_added_by_phone(world, OrganisationKind.KARANG_TARUNA, "081211110009")
    PillarOrganisation.objects.filter(members=member).update(is_active=False)

    # No pillar type any more: nothing narrows the list (as for any companion of no known type).
    assert _listed(client_for(member).get("/learn/").content.decode()) == {
        *PILLAR_COURSES,
        "Pembukuan keluarga",
    }


def test_a_partner_universitys_business_mentor_still_sees_every_course_by_default(world, courses, client_for):
    from tests.incubator.factories import MentorProfileFactory

    mentor = MentorProfileFactory().user
    organisation = PillarOrganisation.objects.create(
        name="Inkubator Kampus", kind=OrganisationKind.UNIVERSITY, region=world.bandung
    )
    organisation.members.add(mentor)

    assert _listed(client_for(mentor).get("/learn/").content.decode()) == {
        *PILLAR_COURSES,
        "Pembukuan keluarga",
    }
    page = client_for(mentor).get("/learn/", {"untuk": "pilar"}).content.decode()
    assert _listed(page) == {"Mendampingi usaha KPM", "Waspada penipuan"}


def test_a_session_names_the_pillar_lessons_it_used_and_only_those(world, courses, client_for):
    from pillars.models import CommunitySession
    from tests.pillars.helpers import trained

    trained(world)
    client = client_for(world.tksk)
    page = client.get(reverse("pillars:log_session")).content.decode()
    used = courses["lessons"][0]
    family_lesson = courses["family"].get_children().get()
    assert f'name="lessons" value="{used.pk}"' in page
    assert f'name="lessons" value="{family_lesson.pk}"' not in page  # a families' course
    data = {
        "date": "2026-11-08",
        "region": world.bandung.pk,
        "village": "Dago",
        "topic": "Pembukuan",
        "duration_minutes": 60,
        **dict.fromkeys(CommunitySession.OTHER_FIELDS, 0),
    }
    refused = client.post(reverse("pillars:log_session"), {**data, "lessons": [family_lesson.pk]})
    assert refused.status_code == 400 and not CommunitySession.objects.exists()
    assert client.post(reverse("pillars:log_session"), {**data, "lessons": [used.pk]}).status_code == 302
    assert list(CommunitySession.objects.get().lessons.all()) == [used]
