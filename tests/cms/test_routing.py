"""Serving a learning page: the URL's page remembered, view restrictions read in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from accounts import roles
from cms.models import LessonPage, route_cache_key
from tests.factories import cms as factories

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    return status, len(captured)


def test_a_remembered_url_costs_one_query_less(client_for, entrepreneur_user):
    lesson = factories.lesson(factories.course(), quiz=False)
    client = client_for(entrepreneur_user)
    client.get(lesson.url)
    cache.delete(route_cache_key(lesson.url_path))
    status, first = _queries(client, lesson.url)
    assert status == 200
    assert _queries(client, lesson.url) == (200, first - 1)


def test_a_renamed_lesson_is_served_at_its_new_url_only(client_for, entrepreneur_user):
    lesson = factories.lesson(factories.course(), quiz=False, title="Buku kas")
    client = client_for(entrepreneur_user)
    old_url = lesson.url
    assert client.get(old_url).status_code == 200  # remembered
    lesson.slug = "buku-kas-baru"
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert lesson.url != old_url
    assert client.get(old_url).status_code == 404
    assert "Buku kas" in client.get(lesson.url).content.decode()


def test_a_new_page_at_a_remembered_url_is_the_one_served(client_for, entrepreneur_user):
    course = factories.course()
    gone = factories.lesson(course, quiz=False, title="Lama", slug="kas")
    client = client_for(entrepreneur_user)
    url = gone.url
    assert client.get(url).status_code == 200
    gone.delete()
    factories.lesson(course, quiz=False, title="Baru", slug="kas")
    html = client.get(url).content.decode()
    assert "Baru" in html and "Lama" not in html


def _restrict(page, *groups: str) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(Group.objects.filter(name__in=groups))
    return restriction


def test_view_restrictions_are_wagtails_in_one_query(django_assert_num_queries):
    course = factories.course()
    lesson = factories.lesson(course, quiz=False)
    other = factories.lesson(factories.course(), quiz=False)
    alias = LessonPage.objects.get(pk=other.create_alias(parent=course, update_slug="salinan").pk)
    on_course = _restrict(course, roles.MANAGER)
    on_source = _restrict(other, roles.MENTOR)
    for page in (lesson, other, alias):
        page = LessonPage.objects.get(pk=page.pk)
        with django_assert_num_queries(1):
            ours = set(page.get_view_restrictions())
        assert ours == set(Page.get_view_restrictions(page))
    assert set(alias.get_view_restrictions()) == {on_course, on_source}


def test_a_restriction_on_the_course_keeps_others_out_of_its_lessons(client_for, entrepreneur_user):
    course = factories.course()
    lesson = factories.lesson(course, quiz=False)
    _restrict(course, roles.MANAGER)
    assert client_for(entrepreneur_user).get(lesson.url).status_code != 200


def test_a_lesson_links_its_course_its_neighbours_and_the_search(client_for, entrepreneur_user):
    course = factories.course(title="Pembukuan")
    first = factories.lesson(course, quiz=False)
    draft = factories.lesson(course, quiz=False)
    draft.unpublish()
    middle = factories.lesson(course, quiz=False)
    last = factories.lesson(course, quiz=False)
    html = client_for(entrepreneur_user).get(middle.url).content.decode()
    assert f'<a href="{course.url}">← Pembukuan</a>' in html
    assert f'href="{first.url}" rel="prev"' in html and f'href="{last.url}" rel="next"' in html
    assert draft.url not in html
    assert 'action="/learn/"' in html
    assert "0 of 3" in html or "0 dari 3" in html


def test_the_lesson_outline_is_one_query(django_assert_num_queries):
    from cms.selectors import lesson_outline

    course = factories.course()
    lessons = [factories.lesson(course, quiz=False) for _ in range(3)]
    with django_assert_num_queries(1):
        index, found, outline = lesson_outline(lessons[1])
    assert (index.url, found.pk, [page.pk for page in outline]) == (
        "/learn/",
        course.pk,
        [p.pk for p in lessons],
    )


def test_the_lesson_outline_reads_the_learners_completions_in_the_same_query(
    entrepreneur_user, django_assert_num_queries
):
    from cms.selectors import lesson_outline
    from cms.services import complete_lesson

    index = factories.learning_index()
    factories.english(index)
    course = factories.course(index)
    lessons = [factories.lesson(course, quiz=False) for _ in range(3)]
    factories.english(course)
    complete_lesson(lessons[0], user=entrepreneur_user)
    complete_lesson(factories.english(lessons[2]), user=entrepreneur_user)  # any language counts
    with django_assert_num_queries(1):
        _index, _course, outline = lesson_outline(lessons[1], done_by=entrepreneur_user)
    assert [page.done for page in outline] == [True, False, True]


def test_the_lesson_page_shows_the_course_progress(client_for, entrepreneur_user):
    from cms.services import complete_lesson

    course = factories.course()
    lessons = [factories.lesson(course, quiz=False) for _ in range(3)]
    complete_lesson(lessons[0], user=entrepreneur_user)
    client = client_for(entrepreneur_user)
    html = client.get(lessons[0].url).content.decode()
    assert "1 dari 3" in html and "Anda sudah menyelesaikan pelajaran ini." in html
    html = client.get(lessons[1].url).content.decode()
    assert "1 dari 3" in html and "Anda sudah menyelesaikan pelajaran ini." not in html
