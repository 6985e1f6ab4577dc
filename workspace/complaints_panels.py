"""The "Complaints" panel on the Wagtail admin home: open and overdue complaints of the handler."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from complaints import permissions, selectors
from incubator.scope import scope_for


class ComplaintsPanel(Component):
    """One aggregate query: the counts of ``selectors.queue_counts`` (area and harassment rule applied)."""

    name = "complaints"
    order = 92
    template_name = "complaints/admin/panel.html"

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        counts = selectors.queue_counts(user=self.user, now=timezone.now())
        return {
            "heading": _("Complaints"),
            "open": counts["open"],
            "overdue": counts["overdue"],
            "url": reverse("complaints_admin:index"),
        }


def panels_for(user) -> list[Component]:
    """The panel for handlers with an area (a manager without one is told so by the workspace panel)."""
    if not permissions.is_handler(user) or scope_for(user).empty:
        return []
    return [ComplaintsPanel(user)]
