"""Wagtail admin: off-page deliveries that failed (or are being retried), for the people of the
manager's area only (``incubator.scope``; a national manager sees everyone)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from accounts import roles
from notifications import selectors


def may_see_failures(user) -> bool:
    return user.is_authenticated and (user.is_superuser or roles.is_manager(user))


class DeliveryFailuresView(ReportView):
    page_title = _("Notifications not delivered")
    header_icon = "warning"
    index_url_name = "notifications_delivery_failures"
    index_results_url_name = "notifications_delivery_failures_results"
    paginate_by = 50
    columns = [
        Column("person", label=_("Person"), accessor=lambda d: d.notification.recipient),
        Column("channel", label=_("Channel"), accessor="get_channel_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("attempts", label=_("Attempts")),
        Column("last_error", label=_("Last error")),
        DateColumn("next_attempt_at", label=_("Next attempt")),
        DateColumn("updated_at", label=_("Updated")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_failures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.delivery_problems_for(user=self.request.user)
