"""Lesson sources and review dates, the content reviewers' workflow, lessons due, the reminder (issue 21)."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Workflow

from accounts import roles
from cms import reviews
from cms.curriculum import CURRICULUM_DIR
from cms.models import LessonPage, LessonReviewReminder
from tests.factories import EntrepreneurUserFactory, UserFactory
from tests.factories import cms as factories

pytestmark = pytest.mark.django_db

COURSE = "07-mengajukan-kur.yaml"
TODAY = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def curriculum_dir(tmp_path):
    target = tmp_path / "curriculum"
    (target / "courses").mkdir(parents=True)
    for name in ("home.yaml", "index.yaml"):
        shutil.copy(CURRICULUM_DIR / name, target / name)
    shutil.copy(CURRICULUM_DIR / "courses" / COURSE, target / "courses" / COURSE)
    return target


def _load(directory) -> str:
    out = io.StringIO()
    call_command("load_curriculum", directory=directory, stdout=out)
    return out.getvalue()


def reviewer(**fields):
    user = UserFactory(full_name="Rina Peninjau", **fields)
    user.groups.add(Group.objects.get(name=reviews.CONTENT_REVIEWER))
    return user


def test_the_loader_stores_sources_and_review_on_both_languages_and_the_lesson_shows_them(
    curriculum_dir, client_for, entrepreneur_user
):
    _load(curriculum_dir)
    lesson = LessonPage.objects.get(slug="mengenal-kur", locale__language_code="id")
    english = lesson.get_translation(Locale.objects.get(language_code="en")).specific

    for page in (lesson, english):
        assert page.last_reviewed_at == datetime.date(2026, 12, 4)
        assert page.reviewed_by == "Tim konten Tumbuh"
        assert page.sources[0]["publisher"] == "CNBC Indonesia"
        assert page.sources[0]["date"] == "2023-09-04"
    assert "0 created, 0 updated" in _load(curriculum_dir)  # storing them is idempotent

    client = client_for(entrepreneur_user)
    page = client.get(lesson.url).content.decode()
    assert "<h2>Sumber</h2>" in page
    assert "Subsidi KUR Super Mikro dipatok 15%, berapa bunganya?</a> — CNBC Indonesia, 2023-09-04" in page
    assert "Terakhir ditinjau: 4 Desember 2026 oleh Tim konten Tumbuh" in page
    page = client.get(english.url).content.decode()
    assert "<h2>Sources</h2>" in page
    assert "Last reviewed: 4 December 2026 by Tim konten Tumbuh" in page


def test_the_loader_sets_up_the_review_workflow_once(curriculum_dir):
    _load(curriculum_dir)
    _load(curriculum_dir)

    workflow = Workflow.objects.get(name=reviews.WORKFLOW_NAME)
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [reviews.CONTENT_REVIEWER]
    lesson = LessonPage.objects.get(slug="mengenal-kur", locale__language_code="id")
    assert lesson.get_workflow() == workflow
    assert (
        Group.objects.get(name=reviews.CONTENT_REVIEWER).page_permissions.count() == 4
    )  # change, publish on /learn/ id, en


@time_machine.travel(TODAY, tick=False)
def test_an_approval_in_the_admin_records_the_review_date_and_reviewer(
    curriculum_dir, client_for, manager_user
):
    """Editor submits, a content reviewer approves in the admin, the lesson shows the new date."""
    _load(curriculum_dir)
    lesson = LessonPage.objects.get(slug="menyiapkan-berkas-kur", locale__language_code="id")
    LessonPage.objects.filter(pk=lesson.pk).update(last_reviewed_at=datetime.date(2025, 1, 2))
    lesson.refresh_from_db()
    lesson.title = "Menyiapkan berkas dan mengajukan KUR"
    revision = lesson.save_revision(user=manager_user)
    state = lesson.get_workflow().start(lesson, manager_user)
    person = reviewer()

    client = client_for(person)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", state.current_task_state.pk]
    )
    response = client.post(url, {"comment": ""})

    assert response.status_code == 302
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.live_revision_id == revision.pk and lesson.title == "Menyiapkan berkas dan mengajukan KUR"
    assert (lesson.last_reviewed_at, lesson.reviewed_by) == (datetime.date(2026, 12, 4), "Rina Peninjau")
    english = lesson.get_translation(Locale.objects.get(language_code="en")).specific
    assert english.last_reviewed_at == datetime.date(2026, 12, 4)
    # A later publish of the approved revision keeps the date.
    LessonPage.objects.get(pk=lesson.pk).latest_revision.publish()
    assert LessonPage.objects.get(pk=lesson.pk).last_reviewed_at == datetime.date(2026, 12, 4)
    page = client.get(lesson.url).content.decode()
    assert "Terakhir ditinjau: 4 Desember 2026 oleh Rina Peninjau" in page


def _lessons():
    course = factories.course()
    fresh = factories.lesson(course, title="Segar", last_reviewed_at=datetime.date(2026, 3, 1))
    old = factories.lesson(course, title="Lama", last_reviewed_at=datetime.date(2025, 12, 3))
    never = factories.lesson(course, title="Belum pernah")
    deadline = factories.lesson(
        course,
        title="Tenggat lewat",
        last_reviewed_at=datetime.date(2026, 9, 1),
        deadlines=[{"date": "2026-10-17", "what": "Batas wajib halal UMK"}],
    )
    later = factories.lesson(
        course,
        title="Ditinjau sesudah tenggat",
        last_reviewed_at=datetime.date(2026, 11, 1),
        deadlines=[{"date": "2026-10-17", "what": "Batas wajib halal UMK"}],
    )
    return fresh, old, never, deadline, later


def test_lessons_due_for_review():
    _lessons()

    due = {
        item.lesson.title: item.reasons for item in reviews.lessons_due_for_review(datetime.date(2026, 12, 4))
    }

    assert set(due) == {"Lama", "Belum pernah", "Tenggat lewat"}
    assert due["Belum pernah"] == ["Belum pernah ditinjau"]
    assert due["Lama"] == ["Tinjauan terakhir lebih dari 12 bulan lalu (3 Desember 2025)"]
    assert due["Tenggat lewat"] == ["Tenggat lewat: Batas wajib halal UMK (17 Oktober 2026)"]


@pytest.mark.date_sensitive
@time_machine.travel(TODAY, tick=False)
def test_the_report_lists_lessons_due_for_reviewers_only(client_for, manager_user, mentor_user):
    _lessons()
    person = reviewer()

    page = client_for(person).get(reverse("learning_review:due")).content.decode()
    assert "Pelajaran yang perlu ditinjau" in page
    assert "Tenggat lewat" in page and "Belum pernah" in page and "Segar" not in page
    assert client_for(manager_user).get(reverse("learning_review:due")).status_code == 200
    assert client_for(mentor_user).get(reverse("learning_review:due")).status_code in (302, 403)
    learner = EntrepreneurUserFactory()
    assert client_for(learner).get(reverse("learning_review:due")).status_code in (302, 403)


@pytest.mark.date_sensitive
def test_the_reminder_tells_each_reviewer_once_per_lesson_per_month():
    _lessons()
    first, second = reviewer(), reviewer(username="kedua")
    reviewer(username="tanpa-email", email="")

    with time_machine.travel(TODAY, tick=False):
        lessons = reviews.remind_content_reviewers()
        again = reviews.remind_content_reviewers()

    assert {lesson.title for lesson in lessons} == {"Lama", "Belum pernah", "Tenggat lewat"}
    assert again == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])
    message = mail.outbox[0]
    assert message.subject == "Tumbuh: pelajaran yang perlu ditinjau faktanya (3)"
    assert "Tenggat lewat: Tenggat lewat: Batas wajib halal UMK (17 Oktober 2026)" in message.body
    assert LessonReviewReminder.objects.count() == 3

    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False):
        next_month = reviews.remind_content_reviewers()
    assert len(next_month) == 3 and len(mail.outbox) == 2


@time_machine.travel(TODAY, tick=False)
def test_without_reviewers_nothing_is_sent_or_recorded_and_the_command_says_so():
    _lessons()
    out = io.StringIO()

    call_command("remind_content_reviewers", stdout=out)

    assert mail.outbox == [] and not LessonReviewReminder.objects.exists()
    assert "No new lessons due" in out.getvalue()
    reviewer()
    out = io.StringIO()
    call_command("remind_content_reviewers", stdout=out)
    assert out.getvalue().startswith("Reminded content reviewers of 3 lessons")


def test_roles_sync_keeps_the_reviewer_group_permissions():
    roles.sync_groups()
    group = Group.objects.get(name=reviews.CONTENT_REVIEWER)
    assert set(group.permissions.values_list("codename", flat=True)) == {"access_admin", "review_lesson"}


def test_the_daily_scheduled_job_reminds_the_reviewers():
    from notifications import schedule, tasks

    assert "remind-content-reviewers" in {job.name for job in schedule.SCHEDULE}
    from notifications.kinds import KINDS
    from notifications.models import Notification

    _lessons()
    person = reviewer()
    without_email = reviewer(username="tanpa-email", email="")
    with time_machine.travel(TODAY, tick=False):
        assert tasks.remind_content_reviewers.call() == 3
        assert tasks.remind_content_reviewers.call() == 0
    assert len(mail.outbox) == 1
    # Each reviewer also finds it in the inbox, once, linking to the admin list of lessons due.
    items = Notification.objects.filter(kind="reminder_lessons_due").order_by("recipient_id")
    assert [item.recipient_id for item in items] == [person.pk, without_email.pk]
    assert {item.url for item in items} == {reverse("learning_review:due")}
    with translation.override("id"):
        assert (
            KINDS["reminder_lessons_due"]
            .render(items[0].params)
            .startswith("3 pelajaran perlu ditinjau faktanya")
        )


def test_reviewers_without_an_email_address_still_find_the_reminder_in_their_inbox():
    from notifications import tasks
    from notifications.models import Notification

    _lessons()
    only = reviewer(username="hanya-kotak-masuk", email="")
    with time_machine.travel(TODAY, tick=False):
        assert tasks.remind_content_reviewers.call() == 0  # nobody to e-mail
        tasks.remind_content_reviewers.call()
    assert not mail.outbox
    items = Notification.objects.filter(kind="reminder_lessons_due")
    assert [item.recipient_id for item in items] == [only.pk]  # once a day


def _boundary_lessons():
    """Around 4 December 2026: a review exactly 12 months old is not yet due, one a day older is; a
    deadline of today has not passed yet, yesterday's has."""
    course = factories.course(title="Halal dan P-IRT")
    make = factories.lesson
    make(course, title="Tepat setahun", last_reviewed_at=datetime.date(2025, 12, 4))
    make(course, title="Setahun lebih sehari", last_reviewed_at=datetime.date(2025, 12, 3))
    make(
        course,
        title="Tenggat hari ini",
        last_reviewed_at=datetime.date(2026, 6, 1),
        deadlines=[{"date": "2026-12-04", "what": "Batas hari ini"}],
    )
    make(
        course,
        title="Tenggat kemarin",
        last_reviewed_at=datetime.date(2026, 6, 1),
        deadlines=[{"date": "2026-12-03", "what": "Batas kemarin"}],
    )
    make(
        course,
        title="Lama dan tenggat lewat",
        last_reviewed_at=datetime.date(2024, 5, 1),
        deadlines=[{"date": "2026-01-01", "what": "Rencana bunga KUR"}],
    )


@pytest.mark.date_sensitive
@time_machine.travel(TODAY, tick=False)
def test_the_due_listing_and_the_reminder_follow_the_12_month_and_deadline_boundaries(client_for):
    _boundary_lessons()
    person = reviewer()

    page = client_for(person).get(reverse("learning_review:due")).content.decode()

    listed = {"Setahun lebih sehari", "Tenggat kemarin", "Lama dan tenggat lewat"}
    assert all(title in page for title in listed)
    assert "Tepat setahun" not in page and "Tenggat hari ini" not in page
    assert "Halal dan P-IRT" in page  # the course column
    assert "Tenggat lewat: Rencana bunga KUR (1 Januari 2026)" in page
    assert "Tinjauan terakhir lebih dari 12 bulan lalu (1 Mei 2024)" in page

    assert {lesson.title for lesson in reviews.remind_content_reviewers()} == listed
    assert "Tenggat kemarin: Tenggat lewat: Batas kemarin (3 Desember 2026)" in mail.outbox[0].body


def test_the_due_listing_does_not_grow_in_queries_with_the_lessons(client_for, django_assert_num_queries):
    with time_machine.travel(TODAY, tick=False):
        _lessons()
        client = client_for(reviewer())
        client.get(reverse("learning_review:due"))  # warm up: the inbox marks items seen
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("learning_review:due"))
        course = factories.course(title="Kursus kedua")
        for n in range(4):
            factories.lesson(course, title=f"Belum ditinjau {n}")
        with django_assert_num_queries(len(few.captured_queries)):
            page = client.get(reverse("learning_review:due")).content.decode()
    assert "Belum ditinjau 3" in page and "Kursus kedua" in page


@pytest.mark.date_sensitive
@time_machine.travel(datetime.datetime(2026, 12, 4, 18, 0, tzinfo=datetime.UTC), tick=False)
def test_a_deadline_passes_at_midnight_in_indonesia_not_in_utc():
    """18:00 UTC on 4 December is 01:00 WIB on 5 December: a deadline of 4 December has passed."""
    _boundary_lessons()

    due = {item.lesson.title for item in reviews.lessons_due_for_review()}

    assert "Tenggat hari ini" in due


@pytest.mark.parametrize(
    "deadlines",
    [
        [{"date": "2026-13-01", "what": "Bulan salah"}],
        [{"date": "17 Oktober 2026", "what": "Bukan ISO"}],
        [{"date": "2026-10-17"}],
        ["2026-10-17"],
        {"date": "2026-10-17", "what": "Bukan daftar"},
    ],
)
def test_a_deadline_the_reminder_cannot_read_is_refused_with_a_clear_message(deadlines):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    lesson = factories.lesson(factories.course())
    lesson.deadlines = deadlines

    with translation.override("id"), pytest.raises(ValidationError) as refused:
        lesson.full_clean()

    assert "Tulis setiap tenggat" in refused.value.message_dict["deadlines"][0]
    lesson.deadlines = [{"date": "2026-10-17", "what": "Batas wajib halal UMK"}]
    lesson.full_clean()
