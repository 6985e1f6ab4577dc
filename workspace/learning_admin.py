"""The learning report in the managers' Wagtail admin: completion per course, with CSV/XLSX export."""

from __future__ import annotations

from django.db.models import Q
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from accounts import roles
from accounts.models import User
from cms import selectors
from core.admin import PROGRAM_REPORTS_MENU_HOOK, PermissionMenuItem, PermissionRequiredMixin
from core.csvsafe import SafeSpreadsheetExportMixin
from incubator.scope import scope_for

VIEW_COMPLETIONS = "cms.view_lessoncompletion"


class LearningCompletionView(PermissionRequiredMixin, SafeSpreadsheetExportMixin, ReportView):
    """Per live course: its tier, lessons, entrepreneurs who started it and who finished it."""

    permission = VIEW_COMPLETIONS
    page_title = _("Learning completion per course")
    header_icon = "doc-full"
    index_url_name = "learning_admin:completion"
    index_results_url_name = "learning_admin:completion_results"
    export_filename = "learning-completion"
    list_export = ["course.title", "tier_label", "lessons", "learners", "finished", "finished_share"]
    export_headings = {
        "course.title": _("Course"),
        "tier_label": _("Tier"),
        "lessons": _("Lessons"),
        "learners": _("Started"),
        "finished": _("Finished"),
        "finished_share": _("Finished (% of those who started)"),
    }
    columns = [
        Column("course", label=_("Course"), accessor="course.title"),
        Column("tier", label=_("Tier"), accessor="tier_label"),
        Column("lessons", label=_("Lessons")),
        Column("learners", label=_("Started")),
        Column("finished", label=_("Finished")),
        Column("finished_share", label=_("Finished (% of those who started)")),
    ]

    def get_base_queryset(self):
        # Only the families of the manager's area count (incubator.scope); pillar members' courses
        # are reported with the pillars (pillars.selectors.pillar_course_completion).
        area = scope_for(self.request.user).profile_q("user__entrepreneur_profile__")
        families = Q(user__pk__in=User.objects.filter(groups__name=roles.ENTREPRENEUR).values("pk"))
        return selectors.completion_by_course(learners=area & families)

    def order_queryset(self, queryset):
        return queryset


urlpatterns = [
    path("completion/", LearningCompletionView.as_view(), name="completion"),
    path("completion/results/", LearningCompletionView.as_view(results_only=True), name="completion_results"),
]


@hooks.register("register_admin_urls")
def register_learning_admin_urls():
    return [path("learning/", include((urlpatterns, "learning_admin"), namespace="learning_admin"))]


@hooks.register(PROGRAM_REPORTS_MENU_HOOK)
def register_learning_report():
    return PermissionMenuItem(
        _("Learning completion"),
        reverse("learning_admin:completion"),
        icon_name="doc-full",
        order=1200,
        permission=VIEW_COMPLETIONS,
    )
