"""The handlers' complaint queue in the Wagtail admin: list (a Wagtail report with filters and
CSV/XLSX export), detail with actions.

Every view needs ``complaints.change_complaint`` and reads only through
``selectors.complaints_for_handler`` (the manager's area, harassment only with the safeguarding
permission): a complaint outside it is a 404, even by URL.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.models import User
from complaints import permissions, selectors, services
from complaints.models import OPEN_STATUSES, Complaint
from complaints.services import ComplaintError
from complaints.targets import target_for, working_days_between
from core.csvsafe import SafeSpreadsheetExportMixin
from workspace.filters import ComplaintQueueFilterSet
from workspace.tables import TemplateColumn
from workspace.views import WorkspaceView

policy = ModelPermissionPolicy(Complaint)


class HandlerView(WorkspaceView):
    permission_policy = policy
    permission_required = "change"


def _local_text(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_naive(value)  # a spreadsheet date cell in the manager's own time


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _handler_name(complaint: Complaint) -> str:
    handler = complaint.handler
    return (handler.full_name or str(handler)) if handler else "—"


class QueueView(SafeSpreadsheetExportMixin, ReportView):
    """The queue as a Wagtail report: status and category filters, pages of 25, CSV and XLSX of the
    filtered rows (all pages). Past the target date first, then the oldest (``handler_queue``)."""

    results_template_name = "complaints/admin/queue_results.html"
    page_title = gettext_lazy("Complaints")
    header_icon = "help"
    permission_policy = policy
    permission_required = "change"
    index_url_name = "complaints_admin:index"
    index_results_url_name = "complaints_admin:index_results"
    paginate_by = 25
    filterset_class = ComplaintQueueFilterSet
    export_filename = "complaints"
    list_export = [
        "number",
        "get_category_display",
        "get_status_display",
        "region.name",
        "created_at",
        "due_at",
        "overdue",
        "handler",
        "referred_to",
    ]
    export_headings = {
        "number": gettext_lazy("Number"),
        "get_category_display": gettext_lazy("Category"),
        "get_status_display": gettext_lazy("Status"),
        "region.name": gettext_lazy("Area"),
        "created_at": gettext_lazy("Raised on"),
        "due_at": gettext_lazy("Target date"),
        "overdue": gettext_lazy("Overdue"),
        "handler": gettext_lazy("Handled by"),
        "referred_to": gettext_lazy("Referred to"),
    }
    custom_field_preprocess = {
        "created_at": {"csv": _local_text, "xlsx": _local_naive},
        "due_at": {"csv": _local_text, "xlsx": _local_naive},
        "overdue": {"csv": _yes_no, "xlsx": _yes_no},
    }
    columns = [
        TemplateColumn(
            "complaint", label=gettext_lazy("Complaint"), template="complaints/admin/cells/complaint.html"
        ),
        TemplateColumn("status", label=gettext_lazy("Status"), template="complaints/admin/cells/status.html"),
        Column("area", label=gettext_lazy("Area"), accessor="region.name"),
        Column("age_days", label=gettext_lazy("Age (working days)")),
        TemplateColumn("target", label=gettext_lazy("Target"), template="complaints/admin/cells/target.html"),
        Column("handler", label=gettext_lazy("Handled by"), accessor=_handler_name),
    ]

    @cached_property
    def now(self) -> datetime.datetime:
        return timezone.now()

    def get_table_kwargs(self):
        return {
            **super().get_table_kwargs(),
            "caption": _("Complaints, past the target date first, then the oldest"),
        }

    def get_filtered_queryset(self):
        return self.get_queryset()  # already filtered (BaseListingView.get_queryset): not twice

    def get_base_queryset(self):
        return selectors.handler_queue(user=self.request.user, now=self.now, status="all")

    def filter_queryset(self, queryset):
        # A value that makes no sense (a status that does not exist, a category not offered) is
        # ignored and shown as a form error; the other filter still applies (Wagtail would drop both).
        self.filters.is_valid()
        return self.filters.filter_queryset(queryset)

    def paginate_queryset(self, queryset, page_size):
        # The page's rows with their age and target, read once (the table and the template share them).
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(rows)
        for complaint in page.object_list:
            complaint.age_days = working_days_between(complaint.created_at, self.now)
            complaint.target_days = target_for(complaint.category)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            context["counts"] = selectors.queue_counts(user=self.request.user, now=self.now)
        return context


class ExportView(QueueView):
    """The queue's first CSV address (``export/``), kept: the same filtered rows as a file,
    CSV unless ``?export=xlsx``."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = True

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if spreadsheet_format not in self.FORMATS:
            spreadsheet_format = self.FORMAT_CSV
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if not response.streaming:
            return response
        # This address always answered one whole file (its clients read it so), not a stream.
        whole = HttpResponse(b"".join(response.streaming_content), content_type=response["Content-Type"])
        whole["Content-Disposition"] = response["Content-Disposition"]
        return whole


class DetailView(HandlerView, TemplateView):
    template_name = "complaints/admin/detail.html"
    header_icon = "help"

    @cached_property
    def complaint(self) -> Complaint:
        return selectors.get_complaint_for_handler(user=self.request.user, pk=self.kwargs["pk"])

    def get_page_title(self) -> str:
        return self.complaint.number

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("complaints_admin:index"), "label": _("Complaints")},
            {"url": "", "label": self.complaint.number},
        ]

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        complaint = self.complaint
        context.update(
            complaint=complaint,
            events=list(selectors.history(complaint)),
            handlers=list(permissions.handlers_for(complaint)) if complaint.is_open else [],
            can_hand=complaint.status in OPEN_STATUSES,
            companions=list(selectors.companions_to_hand_to(complaint)),
            next_statuses=services.TRANSITIONS[complaint.status],
            overdue=selectors.is_overdue(complaint),
            target_days=target_for(complaint.category),
        )
        return context


ACTIONS = {
    "assign": lambda c, user, data: services.assign_complaint(
        c,
        by=user,
        handler=User.objects.filter(pk=_int(data.get("handler"))).first(),
        note=data.get("note", ""),
    ),
    "hand": lambda c, user, data: services.hand_complaint(
        c,
        by=user,
        companion=User.objects.filter(pk=_int(data.get("companion"))).first()
        if data.get("companion")
        else None,
        service=data.get("service", ""),
        note=data.get("note", ""),
    ),
    "start": lambda c, user, data: services.start_complaint(c, by=user, note=data.get("note", "")),
    "resolve": lambda c, user, data: services.resolve_complaint(c, by=user, note=data.get("note", "")),
    "refer": lambda c, user, data: services.refer_complaint(
        c, by=user, referred_to=data.get("referred_to", ""), note=data.get("note", "")
    ),
    "close": lambda c, user, data: services.close_complaint(c, by=user, note=data.get("note", "")),
    "reopen": lambda c, user, data: services.reopen_complaint(c, by=user, reason=data.get("reason", "")),
}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@method_decorator(require_POST, name="dispatch")
class ActView(HandlerView, View):
    def post(self, request, pk: int, action: str):
        complaint = selectors.get_complaint_for_handler(user=request.user, pk=pk)
        run = ACTIONS.get(action)
        try:
            if action == "information":
                services.add_information(
                    complaint,
                    by=request.user,
                    note=request.POST.get("note", ""),
                    photo=request.FILES.get("photo"),
                )
            elif run is None:
                raise ComplaintError(_("Unknown action."))
            else:
                complaint = run(complaint, request.user, request.POST)
        except ComplaintError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(number)s updated.") % {"number": complaint.number})
        return HttpResponseRedirect(reverse("complaints_admin:detail", args=[pk]))
