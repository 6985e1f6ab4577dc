"""The handlers' complaint queue in the Wagtail admin: list, detail with actions, CSV export.

Every view needs ``complaints.change_complaint`` and reads only through
``selectors.complaints_for_handler`` (the manager's area, harassment only with the safeguarding
permission): a complaint outside it is a 404, even by URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.models import User
from complaints import permissions, selectors, services
from complaints.models import OPEN_STATUSES, Category, Complaint, Status
from complaints.services import ComplaintError
from complaints.targets import target_for, working_days_between
from core.csvsafe import SafeWriter, csv_response
from workspace.views import WorkspaceView

policy = ModelPermissionPolicy(Complaint)


class HandlerView(WorkspaceView):
    permission_policy = policy
    permission_required = "change"


class QueueFilters:
    def __init__(self, params) -> None:
        self.status = params.get("status", "")
        self.category = params.get("category", "")

    def querystring(self) -> str:
        return f"status={self.status}&category={self.category}"


class QueueView(HandlerView, TemplateView):
    template_name = "complaints/admin/queue.html"
    page_title = gettext_lazy("Complaints")
    header_icon = "help"
    paginate_by = 25

    @cached_property
    def filters(self) -> QueueFilters:
        return QueueFilters(self.request.GET)

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        qs = selectors.handler_queue(
            user=self.request.user, now=now, status=self.filters.status, category=self.filters.category
        )
        page = Paginator(qs, self.paginate_by).get_page(self.request.GET.get("p"))
        context.update(
            page_obj=page,
            rows=[
                {
                    "complaint": c,
                    "age": working_days_between(c.created_at, now),
                    "target": target_for(c.category),
                }
                for c in page.object_list
            ],
            counts=selectors.queue_counts(user=self.request.user, now=now),
            statuses=Status.choices,
            categories=[
                (value, label)
                for value, label in Category.choices
                if value != Category.HARASSMENT or permissions.may_see_harassment(self.request.user)
            ],
            filters=self.filters,
        )
        return context


class ExportView(HandlerView, View):
    """The filtered queue as CSV (the same rows the manager may see, all pages)."""

    def get(self, request):
        filters = QueueFilters(request.GET)
        now = timezone.now()
        qs = selectors.handler_queue(
            user=request.user, now=now, status=filters.status, category=filters.category
        )
        response = csv_response("complaints.csv")
        writer = SafeWriter(response)
        writer.writerow(
            [
                _("Number"),
                _("Category"),
                _("Status"),
                _("Area"),
                _("Raised on"),
                _("Target date"),
                _("Overdue"),
                _("Handled by"),
                _("Referred to"),
            ]
        )
        for c in qs.iterator(chunk_size=500):
            writer.writerow(
                [
                    c.number,
                    c.get_category_display(),
                    c.get_status_display(),
                    c.region.name,
                    timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(c.due_at).strftime("%Y-%m-%d %H:%M"),
                    _("yes") if c.overdue else _("no"),
                    str(c.handler or ""),
                    c.referred_to,
                ]
            )
        return response


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
