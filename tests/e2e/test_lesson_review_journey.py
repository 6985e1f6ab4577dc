"""Journey (issue 21): an editor changes a lesson and submits it to the fact-review workflow instead of
publishing; a content reviewer approves it in the Wagtail admin; the approval records the review date
and reviewer, and the learner reads the changed lesson with "Terakhir ditinjau: <today> oleh <reviewer>".

The reminder: the lesson's last review is more than 12 months old, so the scheduled job (run before the
browser starts, as the scheduler would) puts a reminder in the reviewer's inbox; it leads to the admin
list of lessons due, whose link opens the lesson's editor; once approved, the lesson leaves that list."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect
from wagtail.models import GroupPagePermission

from accounts import roles
from cms import reviews
from cms.models import LessonPage
from notifications import tasks
from notifications.models import Notification
from tests.e2e.conftest import DESKTOP, journey, session_cookie
from tests.factories import ManagerUserFactory, UserFactory
from tests.factories.cms import course, learning_index, lesson
from tests.incubator.factories import EntrepreneurProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_TITLE = "Menyiapkan berkas dan mengajukan KUR"


def _click_in_footer(page, selector: str) -> None:
    """Wagtail's footer keeps secondary actions in a dropdown: open it when the button is hidden."""
    button = page.locator(selector).first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    button.click()


def test_an_editor_submits_a_lesson_a_reviewer_approves_and_the_lesson_shows_the_review(e2e_server):
    index = learning_index()
    lesson_page = lesson(
        course(index, title="Mengajukan KUR"),
        title="Menyiapkan berkas KUR",
        quiz=False,
        last_reviewed_at=datetime.date(2025, 1, 2),
        reviewed_by="Tim lama",
        sources=[
            {
                "title": "Permenko Eko Nomor 1 Tahun 2023",
                "publisher": "Inforegulasi",
                "url": "https://inforegulasi.com/2023/03/permenko-eko-nomor-1-tahun-2023-tentang.html",
            }
        ],
    )
    reviews.ensure_review_workflow()
    editor = ManagerUserFactory()
    # Editors may draft and submit learning pages, not publish them: publishing goes through review.
    group = Group.objects.get(name=roles.MANAGER)
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
        )
    reviewer = UserFactory(full_name="Rina Peninjau")
    reviewer.groups.add(Group.objects.get(name=reviews.CONTENT_REVIEWER))
    learner = EntrepreneurProfileFactory().user
    url = e2e_server["url"]
    cookies = {who: session_cookie(user, url) for who, user in (("editor", editor), ("reviewer", reviewer))}
    cookies["learner"] = session_cookie(learner, url)
    with translation.override("id"):
        today = date_format(timezone.localdate(), "j F Y")
    edit_url = f"/cms/pages/{lesson_page.pk}/edit/"
    due_url = "/cms/learning/review/due/"
    # Reviewed on 2 January 2025: more than 12 months ago, so the morning job reminds the reviewer.
    assert tasks.remind_content_reviewers.call() == 1
    assert Notification.objects.filter(recipient=reviewer, kind="reminder_lessons_due").count() == 1

    lesson_url = lesson_page.url  # read before the browser starts (no ORM inside it)
    with journey(e2e_server, "lesson-review") as j:
        desk = j.page(viewport=DESKTOP, cookies=[cookies["editor"]])
        desk.goto(edit_url)
        desk.locator("#id_title").fill(NEW_TITLE)
        # The editor cannot skip the review: there is no publish action for them.
        expect(desk.locator("button[name=action-publish]")).to_have_count(0)
        _click_in_footer(desk, "button[name=action-submit]")
        desk.wait_for_url(lambda u: "/edit/" not in u)

        # Until approved, learners still read the published version.
        phone = j.page(cookies=[cookies["learner"]])
        phone.goto(lesson_url)
        expect(phone.locator("h1")).to_have_text("Menyiapkan berkas KUR")

        # The reviewer reads the reminder in the inbox; it leads to the admin list of lessons due.
        review = j.page(viewport=DESKTOP, cookies=[cookies["reviewer"]])
        review.goto("/notifications/")
        reminder = review.locator(".notification-list a", has_text="1 pelajaran perlu ditinjau faktanya")
        expect(reminder).to_have_count(1)
        reminder.click()
        review.wait_for_url(lambda u: due_url in u)
        row = review.locator("main tbody tr", has_text="Menyiapkan berkas KUR")
        expect(row).to_contain_text("Mengajukan KUR")
        expect(row).to_contain_text("Tinjauan terakhir lebih dari 12 bulan lalu (2 Januari 2025)")
        row.locator(f"a[href='{edit_url}']").click()
        review.wait_for_url(lambda u: edit_url in u)
        expect(review.locator("#id_title")).to_have_value(NEW_TITLE)
        expect(review.locator("button[name=action-publish]")).to_have_count(1)
        _click_in_footer(
            review, "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
        )
        review.wait_for_url(lambda u: "/edit/" not in u)

        # Approved today: the lesson is no longer due.
        review.goto(due_url)
        expect(review.locator("h1").first).to_contain_text("Pelajaran yang perlu ditinjau")
        expect(review.locator(f"main a[href='{edit_url}']")).to_have_count(0)

        phone.goto(lesson_url)
        expect(phone.locator("h1")).to_have_text(NEW_TITLE)
        expect(phone.locator("main")).to_contain_text(f"Terakhir ditinjau: {today} oleh Rina Peninjau")

    page = LessonPage.objects.get(pk=lesson_page.pk)
    assert (page.title, page.live, page.reviewed_by) == (NEW_TITLE, True, "Rina Peninjau")
    assert page.last_reviewed_at == timezone.localdate()
