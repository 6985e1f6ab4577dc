"""Journey 4: a manager edits and publishes a lesson in Wagtail's editor; the entrepreneur reads it on a
phone, passes its quiz, completes it, and the milestone the course is linked to is verified."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect
from wagtail.models import GroupPagePermission

from accounts import roles
from cms.permissions import CONTENT_REVIEWER
from incubator.models import Milestone, MilestoneStatus, Tier
from incubator.services._common import create_tier_milestones
from tests.e2e.conftest import DESKTOP, journey, session_cookie
from tests.factories import ManagerUserFactory
from tests.factories.cms import course, learning_index, lesson
from tests.incubator.factories import EntrepreneurProfileFactory, MilestoneTemplateFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_manager_publishes_lesson_entrepreneur_passes_quiz_and_milestone_completes(e2e_server):
    profile = EntrepreneurProfileFactory()
    template = MilestoneTemplateFactory(tier=Tier.BEGINNER, title="Pahami pembukuan sederhana", asks_photos=0)
    create_tier_milestones(profile, Tier.BEGINNER)
    index = learning_index()
    lesson_page = lesson(
        course(index, milestone_template=template, title="Pembukuan"), title="Buku kas harian"
    )
    manager = ManagerUserFactory()
    # Only content reviewers publish learning pages directly (issue 21): this manager is one.
    manager.groups.add(Group.objects.get(name=CONTENT_REVIEWER))
    group = Group.objects.get(name=roles.MANAGER)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
        )
    url = e2e_server["url"]
    manager_cookie, entrepreneur_cookie = session_cookie(manager, url), session_cookie(profile.user, url)
    lesson_url = lesson_page.url

    with journey(e2e_server, "lesson") as j:
        editor = j.page(viewport=DESKTOP, cookies=[manager_cookie])
        editor.goto(f"/cms/pages/{lesson_page.pk}/edit/")
        # Draftail's rich-text boxes get their field's name from cms/static/cms/draftail-names.js.
        j.step(editor, "editor-opens-lesson")
        editor.locator("#id_title").fill("Buku kas harian untuk warung")
        publish = editor.locator("button[name=action-publish]")
        if not publish.is_visible():
            editor.locator("footer [data-w-dropdown-target=toggle]").first.click()
        publish.click()
        editor.wait_for_url(lambda u: "/edit/" not in u)
        j.step(editor, "editor-published")

        phone = j.page(cookies=[entrepreneur_cookie])
        phone.goto(lesson_url)
        expect(phone.locator("h1")).to_have_text("Buku kas harian untuk warung")
        j.step(phone, "entrepreneur-reads-lesson")
        for fieldset in phone.locator("#quiz fieldset").all():
            fieldset.get_by_label("Jawaban benar").check()
        phone.locator("#quiz form [type=submit]").click()
        expect(phone.locator("#quiz .quiz-feedback li.right")).to_have_count(2)
        j.step(phone, "entrepreneur-passed-quiz")
        phone.locator(f"form[action$='/lessons/{lesson_page.pk}/complete/'] [type=submit]").click()
        phone.goto("/portal/milestones/")
        expect(phone.locator("main")).to_contain_text("Pahami pembukuan sederhana")
        j.step(phone, "entrepreneur-milestone-completed")

    milestone = Milestone.objects.get(profile=profile, template=template)
    assert milestone.status == MilestoneStatus.VERIFIED
