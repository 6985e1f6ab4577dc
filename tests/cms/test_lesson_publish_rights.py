"""Only a content reviewer publishes learning pages; editors and managers draft and submit (issue 21)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.actions.publish_page_revision import PublishPagePermissionError

from accounts import roles
from cms import reviews
from cms.demo import seed_home
from cms.models import LessonPage
from tests.factories import ManagerUserFactory, UserFactory
from tests.factories import cms as factories
from workspace.permissions import CONTENT_EDITOR

pytestmark = pytest.mark.django_db


def content_editor():
    user = UserFactory()
    roles.add_role(user, CONTENT_EDITOR)
    return user


def content_reviewer():
    user = UserFactory(full_name="Rina Peninjau")
    user.groups.add(Group.objects.get(name=reviews.CONTENT_REVIEWER))
    return user


@pytest.fixture
def lesson():
    course = factories.course(title="Mengajukan KUR")
    page = factories.lesson(course, title="Menyiapkan berkas KUR")
    reviews.ensure_review_workflow()
    return page


@pytest.mark.parametrize("make_user", [content_editor, ManagerUserFactory], ids=["editor", "manager"])
def test_editors_and_managers_may_edit_and_submit_a_lesson_but_not_publish_it(client, lesson, make_user):
    user = make_user()
    perms = lesson.permissions_for_user(user)
    assert perms.can_edit() and perms.can_submit_for_moderation()
    assert not perms.can_publish() and not perms.can_unschedule()
    course = lesson.get_parent()
    assert course.permissions_for_user(user).can_add_subpage()
    assert not course.permissions_for_user(user).can_publish_subpage()  # no create-and-publish
    assert not course.specific.permissions_for_user(user).can_publish()

    client.force_login(user)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()
    assert 'name="action-submit"' in page
    assert 'name="action-publish"' not in page
    page = client.get(
        reverse("wagtailadmin_pages:add", args=["cms", "lessonpage", course.pk])
    ).content.decode()
    assert 'name="action-publish"' not in page


def test_a_direct_publish_by_an_editor_is_refused_and_the_lesson_stays_as_it_was(lesson):
    user = content_editor()
    lesson.title = "Judul yang belum ditinjau"
    revision = lesson.save_revision(user=user)

    with pytest.raises(PublishPagePermissionError):
        revision.publish(user=user)

    assert LessonPage.objects.get(pk=lesson.pk).title == "Menyiapkan berkas KUR"


def test_a_content_reviewer_may_publish_a_lesson(client, lesson):
    user = content_reviewer()
    assert lesson.permissions_for_user(user).can_publish()
    assert lesson.get_parent().permissions_for_user(user).can_publish_subpage()
    client.force_login(user)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()
    assert 'name="action-publish"' in page

    lesson.title = "Menyiapkan berkas dan mengajukan KUR"
    lesson.save_revision(user=user).publish(user=user)
    assert LessonPage.objects.get(pk=lesson.pk).title == "Menyiapkan berkas dan mengajukan KUR"


def test_editors_still_publish_pages_outside_the_learning_tree(lesson):
    home = seed_home()
    assert home.permissions_for_user(content_editor()).can_publish()
    assert home.permissions_for_user(ManagerUserFactory()).can_publish()


def test_the_bulk_publish_in_the_page_listing_leaves_an_editors_draft_unpublished(client, lesson):
    user = content_editor()
    lesson.title = "Judul yang belum ditinjau"
    lesson.save_revision(user=user)
    client.force_login(user)

    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={lesson.pk}", {"include_descendants": ""})

    page = LessonPage.objects.get(pk=lesson.pk)
    assert page.title == "Menyiapkan berkas KUR" and page.has_unpublished_changes
