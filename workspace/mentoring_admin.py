"""The mentoring parts of the managers' Wagtail admin.

Managers see conversation metadata (counts, activity, reply times) and never message contents,
unless they personally hold ``mentoring.view_message_content``; each content view is recorded in
``ContentAccessLog`` and listed here. Every view checks its own permission.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Window
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from core.admin import PROGRAM_REPORTS_MENU_HOOK, PermissionMenuItem
from core.admin import PermissionRequiredMixin as BasePermissionRequiredMixin
from core.csvsafe import SafeSpreadsheetExportMixin
from incubator.scope import Scope, scope_for
from mentoring import selectors, services
from mentoring.models import ContentAccessLog, Conversation

VIEW_METADATA = "mentoring.view_conversation"
VIEW_CONTENT = "mentoring.view_message_content"
VIEW_LOG = "mentoring.view_contentaccesslog"


class PermissionRequiredMixin(BasePermissionRequiredMixin):
    permission = VIEW_METADATA


def _content_url(conversation: Conversation) -> str:
    return reverse("mentoring_admin:conversation_content", args=[conversation.pk])


class ConversationReportView(PermissionRequiredMixin, SafeSpreadsheetExportMixin, ReportView):
    """Every conversation's metadata: the pair, message count, last activity, open or closed."""

    page_title = _("Conversations")
    header_icon = "comment"
    index_url_name = "mentoring_admin:conversations"
    index_results_url_name = "mentoring_admin:conversations_results"
    export_filename = "conversations"
    list_export = [
        "profile.business_name",
        "profile.user.full_name",
        "companion.full_name",
        "role",
        "message_count",
        "last_message_at",
        "open",
    ]
    export_headings = {
        "profile.business_name": _("Business"),
        "profile.user.full_name": _("Entrepreneur"),
        "companion.full_name": _("Companion"),
        "role": _("Role"),
        "message_count": _("Messages"),
        "last_message_at": _("Last activity"),
        "open": _("Open"),
    }

    @property
    def columns(self):
        first = (
            TitleColumn(
                "business", label=_("Business"), accessor="profile.business_name", get_url=_content_url
            )
            if self.request.user.has_perm(VIEW_CONTENT)
            else Column("business", label=_("Business"), accessor="profile.business_name")
        )
        return [
            first,
            Column("entrepreneur", label=_("Entrepreneur"), accessor="profile.user.full_name"),
            Column("companion", label=_("Companion"), accessor="companion.full_name"),
            Column("role", label=_("Role"), accessor="get_role_display"),
            Column("message_count", label=_("Messages")),
            DateColumn("last_message_at", label=_("Last activity")),
            BooleanColumn("open", label=_("Open")),
        ]

    def get_base_queryset(self):
        return selectors.conversation_metadata().filter(scope_for(self.request.user).profile_q("profile__"))


class CompanionWorkloadView(PermissionRequiredMixin, SafeSpreadsheetExportMixin, ReportView):
    """Per companion: current mentees, messages sent, median first reply, last activity."""

    page_title = _("Companion workload and response times")
    header_icon = "group"
    index_url_name = "mentoring_admin:workload"
    index_results_url_name = "mentoring_admin:workload_results"
    export_filename = "companion-workload"
    list_export = [
        "full_name",
        "email",
        "current_mentees",
        "messages_sent",
        "median_first_reply_minutes",
        "last_activity",
    ]
    export_headings = {
        "full_name": _("Companion"),
        "email": _("Email"),
        "current_mentees": _("Current entrepreneurs"),
        "messages_sent": _("Messages sent"),
        "median_first_reply_minutes": _("Median first reply (minutes)"),
        "last_activity": _("Last activity"),
    }
    columns = [
        Column("full_name", label=_("Companion")),
        Column("current_mentees", label=_("Current entrepreneurs")),
        Column("messages_sent", label=_("Messages sent")),
        Column("median_first_reply_minutes", label=_("Median first reply (minutes)")),
        DateColumn("last_activity", label=_("Last activity")),
    ]

    def get_base_queryset(self):
        """Companions working in the manager's area; their figures count only the area's pairs."""
        return selectors.companion_workload(scope=scope_for(self.request.user))

    def order_queryset(self, queryset):
        return queryset


class ContentAccessLogView(PermissionRequiredMixin, SafeSpreadsheetExportMixin, ReportView):
    """Who read which conversation's contents, and when."""

    permission = VIEW_LOG
    page_title = _("Conversation content views")
    header_icon = "view"
    index_url_name = "mentoring_admin:access_log"
    index_results_url_name = "mentoring_admin:access_log_results"
    export_filename = "conversation-content-views"
    list_export = [
        "viewed_at",
        "viewer.full_name",
        "viewer.email",
        "conversation_id",
        "conversation.profile.business_name",
        "conversation.companion.full_name",
    ]
    export_headings = {
        "viewed_at": _("Viewed"),
        "viewer.full_name": _("Viewer"),
        "viewer.email": _("Email"),
        "conversation_id": _("Conversation"),
        "conversation.profile.business_name": _("Business"),
        "conversation.companion.full_name": _("Companion"),
    }
    columns = [
        DateColumn("viewed_at", label=_("Viewed")),
        Column("viewer", label=_("Viewer"), accessor="viewer.full_name"),
        Column("business", label=_("Business"), accessor="conversation.profile.business_name"),
        Column("companion", label=_("Companion"), accessor="conversation.companion.full_name"),
    ]

    def get_base_queryset(self):
        return ContentAccessLog.objects.filter(
            scope_for(self.request.user).profile_q("conversation__profile__")
        ).select_related("viewer", "conversation__profile", "conversation__companion")


def conversation_content(request, pk: int):
    """A conversation's messages, for a manager holding view_message_content. Recorded every time."""
    if not request.user.has_perm(VIEW_CONTENT):
        raise PermissionDenied
    in_area = scope_for(request.user).profile_q("profile__")
    conversation = get_object_or_404(
        Conversation.objects.filter(in_area).select_related("profile__user", "companion"), pk=pk
    )
    services.record_content_view(conversation, by=request.user)
    rows = conversation.messages.select_related("sender").order_by("-pk")[:200]
    return TemplateResponse(
        request,
        "mentoring/admin/conversation_content.html",
        {"conversation": conversation, "rows": list(reversed(rows)), "page_title": str(conversation)},
    )


@hooks.register("register_admin_urls")
def register_mentoring_admin_urls():
    return [path("mentoring/", include((urlpatterns, "mentoring_admin"), namespace="mentoring_admin"))]


@hooks.register(PROGRAM_REPORTS_MENU_HOOK)
def register_conversations_report():
    return PermissionMenuItem(
        _("Conversations"),
        reverse("mentoring_admin:conversations"),
        icon_name="comment",
        order=1100,
        permission=VIEW_METADATA,
    )


@hooks.register(PROGRAM_REPORTS_MENU_HOOK)
def register_workload_report():
    return PermissionMenuItem(
        _("Companion workload"),
        reverse("mentoring_admin:workload"),
        icon_name="group",
        order=1110,
        permission=VIEW_METADATA,
    )


@hooks.register(PROGRAM_REPORTS_MENU_HOOK)
def register_access_log_report():
    return PermissionMenuItem(
        _("Conversation content views"),
        reverse("mentoring_admin:access_log"),
        icon_name="view",
        order=1120,
        permission=VIEW_LOG,
    )


class QuietPairsReportView(PermissionRequiredMixin, SafeSpreadsheetExportMixin, ReportView):
    """Every current pair of the manager's area with no chat in ``QUIET_DAYS`` days: the home panel's "see all"."""

    page_title = _("Pairs with no recent chat")
    header_icon = "comment"
    index_url_name = "mentoring_admin:quiet_pairs"
    index_results_url_name = "mentoring_admin:quiet_pairs_results"
    export_filename = "quiet-pairs"
    list_export = ["profile.business_name", "profile.user.full_name", "companion.full_name", "last_chat_at"]
    export_headings = {
        "profile.business_name": _("Business"),
        "profile.user.full_name": _("Entrepreneur"),
        "companion.full_name": _("Companion"),
        "last_chat_at": _("Last message"),
    }
    columns = [
        Column("business", label=_("Business"), accessor="profile.business_name"),
        Column("entrepreneur", label=_("Entrepreneur"), accessor="profile.user.full_name"),
        Column("companion", label=_("Companion"), accessor="companion.full_name"),
        DateColumn("last_chat_at", label=_("Last message")),
    ]

    def get_base_queryset(self):
        return selectors.quiet_pairs().filter(scope_for(self.request.user).profile_q("profile__"))

    def order_queryset(self, queryset):
        return queryset


class QuietPairsPanel(Component):
    """Home panel: current pairs with no chat message in 14 days, and how many there are (one query:
    the count rides on the listed rows as a window count over every quiet pair)."""

    name = "mentoring_quiet_pairs"
    template_name = "mentoring/admin/quiet_pairs_panel.html"
    order = 160
    shown = 10
    columns = ("profile__business_name", "profile__user__full_name", "companion__full_name")

    def __init__(self, scope: Scope | None = None):
        self.scope = scope if scope is not None else Scope(national=True)

    def get_context_data(self, parent_context):
        pairs = selectors.quiet_pairs().filter(self.scope.profile_q("profile__"))
        # Only the columns the panel shows: the three joined rows' hundred columns cost more to
        # compile and build than the query takes to run (issue 17).
        pairs = pairs.only(*self.columns)
        shown = list(pairs.annotate(quiet_total=Window(Count("pk")))[: self.shown])
        return {
            "pairs": shown,
            "total": shown[0].quiet_total if shown else 0,
            "days": selectors.QUIET_DAYS,
            "all_url": reverse("mentoring_admin:quiet_pairs"),
        }


@hooks.register("construct_homepage_panels")
def add_quiet_pairs_panel(request, panels):
    scope = scope_for(request.user)
    if request.user.has_perm(VIEW_METADATA) and not scope.empty:
        panels.append(QuietPairsPanel(scope))


urlpatterns = [
    path("conversations/", ConversationReportView.as_view(), name="conversations"),
    path(
        "conversations/results/",
        ConversationReportView.as_view(results_only=True),
        name="conversations_results",
    ),
    path("conversations/<id:pk>/", conversation_content, name="conversation_content"),
    path("quiet-pairs/", QuietPairsReportView.as_view(), name="quiet_pairs"),
    path("quiet-pairs/results/", QuietPairsReportView.as_view(results_only=True), name="quiet_pairs_results"),
    path("workload/", CompanionWorkloadView.as_view(), name="workload"),
    path("workload/results/", CompanionWorkloadView.as_view(results_only=True), name="workload_results"),
    path("content-views/", ContentAccessLogView.as_view(), name="access_log"),
    path(
        "content-views/results/", ContentAccessLogView.as_view(results_only=True), name="access_log_results"
    ),
]
