"""The learning report in the managers' Wagtail admin: completion per course, with CSV/XLSX export."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from accounts.wagtail_admin import PermissionMenuItem, PermissionRequiredMixin
from cms import selectors
from config.csvsafe import SafeSpreadsheetExportMixin
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
        # Only the learners of the manager's area count (incubator.scope).
        area = scope_for(self.request.user).profile_q("user__entrepreneur_profile__")
        return selectors.completion_by_course(learners=area)

    def order_queryset(self, queryset):
        return queryset


urlpatterns = [
    path("completion/", LearningCompletionView.as_view(), name="completion"),
    path("completion/results/", LearningCompletionView.as_view(results_only=True), name="completion_results"),
]


@hooks.register("register_admin_urls")
def register_learning_admin_urls():
    return [path("learning/", include((urlpatterns, "learning_admin"), namespace="learning_admin"))]


@hooks.register("register_reports_menu_item")
def register_learning_report():
    return PermissionMenuItem(
        _("Learning completion"),
        reverse("learning_admin:completion"),
        icon_name="doc-full",
        order=1200,
        permission=VIEW_COMPLETIONS,
    )


@hooks.register("insert_editor_js")
def name_rich_text_boxes():
    """Give Draftail's rich-text boxes an accessible name (axe: aria-input-field-name)."""
    return format_html('<script src="{}" defer></script>', static("cms/draftail-names.js"))


@hooks.register("construct_homepage_summary_items", order=1000)  # after Wagtail adds its own
def program_home_without_cms_counters(request, summary_items):
    """The admin home is the program's: its panels, not "58 pages / 9 images / 0 documents" (P8)."""
    summary_items.clear()
