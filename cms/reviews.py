"""Keeping lessons right: the review workflow, the review date on approval, lessons due, reminders.

* A **Content reviewer** group approves lessons through a Wagtail workflow (``ensure_review_workflow``,
  run by ``load_curriculum``; idempotent). On approval the page records the day and the reviewer.
* A lesson is **due for review** when it was never reviewed, its last review is more than 12 months
  old, or a deadline recorded in it has passed since it was last reviewed (``lessons_due_for_review``).
* ``remind_content_reviewers`` e-mails the reviewers which lessons are due, at most once per lesson per
  month. It is a plain function so the task schedule can call it (``notifications.tasks``, which also
  puts the reminder in each reviewer's inbox); ``manage.py remind_content_reviewers`` runs it by hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.models import LearningIndexPage, LessonPage, LessonReviewReminder
from cms.permissions import CONTENT_REVIEWER

WORKFLOW_NAME = "Tinjauan fakta pelajaran"
TASK_NAME = "Persetujuan peninjau konten"
# Approving a task publishes the page (Wagtail checks the approver may publish).
REVIEWER_PAGE_PERMISSIONS = ["change_page", "publish_page"]


@transaction.atomic
def ensure_review_workflow() -> None:
    """The reviewer group, its page rights on /learn/, and the workflow on every learning index.

    Idempotent; an index that already has another workflow keeps it.
    """
    from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

    group, _created = Group.objects.get_or_create(name=CONTENT_REVIEWER)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    perms = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=REVIEWER_PAGE_PERMISSIONS
        )
    )
    for index in LearningIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
        for perm in perms:
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=perm)


def reviewer_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def record_review(page: LessonPage, *, user, day: datetime.date | None = None) -> None:
    """Store the review day and reviewer on the live page and on its live revision.

    The revision is updated too, so a later edit or publish keeps the date instead of restoring an
    older one. Both language versions share the review (they state the same facts).
    """
    day = day or timezone.localdate()
    name = reviewer_name(user)
    pages = LessonPage.objects.filter(translation_key=page.translation_key)
    for lesson in pages:
        LessonPage.objects.filter(pk=lesson.pk).update(last_reviewed_at=day, reviewed_by=name)
        for revision in {lesson.live_revision, lesson.latest_revision} - {None}:
            revision.content["last_reviewed_at"] = day.isoformat()
            revision.content["reviewed_by"] = name
            revision.save(update_fields=["content"])


def on_workflow_approved(sender, instance, user=None, **kwargs) -> None:
    """``workflow_approved``: the reviewer who approved a lesson becomes its last reviewer."""
    content = instance.content_object
    page = getattr(content, "specific", content)
    if isinstance(page, LessonPage) and user is not None:
        record_review(page, user=user)


# ------------------------------------------------------------------------------ due for review


@dataclass
class DueLesson:
    lesson: LessonPage
    reasons: list[str] = field(default_factory=list)
    course_title: str = ""


def year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def due_reasons(lesson: LessonPage, today: datetime.date) -> list[str]:
    reviewed = lesson.last_reviewed_at
    reasons = []
    if reviewed is None:
        reasons.append(_("Never reviewed"))
    elif reviewed < year_before(today):
        reasons.append(
            _("Last review more than 12 months ago (%(date)s)") % {"date": date_format(reviewed, "j F Y")}
        )
    for deadline in lesson.deadlines or []:
        try:
            day = datetime.date.fromisoformat(str(deadline.get("date", "")))
        except ValueError:
            continue
        if day < today and (reviewed is None or reviewed <= day):
            reasons.append(
                _("Deadline passed: %(what)s (%(date)s)")
                % {"what": deadline.get("what", ""), "date": date_format(day, "j F Y")}
            )
    return reasons


def lessons_due_for_review(today: datetime.date | None = None) -> list[DueLesson]:
    """Live lessons in the default language that need a fact review, oldest review first, with their
    course's title. Two queries however many lessons."""
    from wagtail.models import Locale, Page

    today = today or timezone.localdate()
    lessons = (
        LessonPage.objects.live().filter(locale=Locale.get_default()).order_by("last_reviewed_at", "path")
    )
    due = []
    for lesson in lessons:
        reasons = due_reasons(lesson, today)
        if reasons:
            due.append(DueLesson(lesson=lesson, reasons=reasons))
    parents = {item.lesson.path[: -Page.steplen] for item in due}
    titles = dict(Page.objects.filter(path__in=parents).values_list("path", "title")) if parents else {}
    for item in due:
        item.course_title = titles.get(item.lesson.path[: -Page.steplen], "")
    return due


# ------------------------------------------------------------------------------ the reminder


def content_reviewers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CONTENT_REVIEWER)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def remind_content_reviewers(today: datetime.date | None = None) -> list[LessonPage]:
    """E-mail every content reviewer the lessons due for review not yet reminded this month.

    Returns the lessons in the reminder (empty when there is nothing new, or nobody to tell: then
    nothing is recorded, so the lessons come up again once a reviewer exists).
    """
    today = today or timezone.localdate()
    month = today.replace(day=1)
    reminded = set(LessonReviewReminder.objects.filter(month=month).values_list("lesson_id", flat=True))
    due = [item for item in lessons_due_for_review(today) if item.lesson.pk not in reminded]
    reviewers = list(content_reviewers())
    if not due or not reviewers:
        return []
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    for reviewer in reviewers:
        with translation.override(settings.LANGUAGE_CODE):
            lines = [
                _("Hello %(name)s,") % {"name": reviewer_name(reviewer)},
                "",
                _("These lessons are due for a fact review:"),
                "",
            ]
            for item in due:
                lines.append(f"- {item.lesson.title}: {'; '.join(str(r) for r in item.reasons)}")
                lines.append(f"  {base}{reverse('wagtailadmin_pages:edit', args=[item.lesson.pk])}")
            lines += ["", _("Check each fact against its sources, then approve the lesson in the CMS.")]
            send_mail(
                _("Tumbuh: lessons due for a fact review (%(count)d)") % {"count": len(due)},
                "\n".join(lines),
                None,
                [reviewer.email],
            )
    LessonReviewReminder.objects.bulk_create(
        [LessonReviewReminder(lesson=item.lesson, month=month) for item in due]
    )
    return [item.lesson for item in due]
