"""The admin list of lessons due for a fact review (reports menu), for content reviewers and managers."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from cms.reviews import lessons_due_for_review
from core.admin import PROGRAM_REPORTS_MENU_HOOK, PermissionMenuItem, PermissionRequiredMixin

REVIEW_LESSONS = "cms.review_lesson"


class DueRow:
    def __init__(self, item) -> None:
        self.lesson = item.lesson
        self.course = item.course_title
        reviewed = item.lesson.last_reviewed_at
        self.last_reviewed = date_format(reviewed, "j F Y") if reviewed else "—"
        self.reviewed_by = item.lesson.reviewed_by or "—"
        self.reasons = "; ".join(str(reason) for reason in item.reasons)


class LessonsDueForReviewView(PermissionRequiredMixin, ReportView):
    """Live lessons whose review is older than 12 months, missing, or older than a passed deadline."""

    permission = REVIEW_LESSONS
    page_title = _("Lessons due for review")
    header_icon = "doc-full"
    index_url_name = "learning_review:due"
    index_results_url_name = "learning_review:due_results"
    columns = [
        TitleColumn(
            "lesson",
            label=_("Lesson"),
            accessor="lesson.title",
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.lesson.pk]),
        ),
        Column("course", label=_("Course")),
        Column("last_reviewed", label=_("Last reviewed")),
        Column("reviewed_by", label=_("Reviewer")),
        Column("reasons", label=_("Why it is due")),
    ]

    def get_base_queryset(self):
        return [DueRow(item) for item in lessons_due_for_review(timezone.localdate())]

    def order_queryset(self, queryset):
        return queryset


urlpatterns = [
    path("due/", LessonsDueForReviewView.as_view(), name="due"),
    path("due/results/", LessonsDueForReviewView.as_view(results_only=True), name="due_results"),
]


@hooks.register("register_admin_urls")
def register_review_admin_urls():
    return [path("learning/review/", include((urlpatterns, "learning_review"), namespace="learning_review"))]


@hooks.register(PROGRAM_REPORTS_MENU_HOOK)
def register_review_report():
    return PermissionMenuItem(
        _("Lessons due for review"),
        reverse("learning_review:due"),
        icon_name="doc-full",
        order=1210,
        permission=REVIEW_LESSONS,
    )
