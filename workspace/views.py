"""Workspace views: thin. They check their own permission, call a service and report its answer."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from accounts import roles
from core.admin import PolicyCheckedView as WorkspaceView
from core.admin import ServiceErrorMixin
from core.csvsafe import SafeSpreadsheetExportMixin
from core.errors import DomainError
from core.files import serve_private_file
from core.money import format_rupiah
from incubator import services
from incubator.errors import IncubatorError, NotAllowed
from incubator.models import (
    Assistance,
    Cohort,
    CompanionAssignment,
    EntrepreneurProfile,
    PromotionRequest,
    Region,
)
from incubator.scope import scope_for
from incubator.services._common import outside_area_message
from workspace import importing, selectors
from workspace.forms import (
    DeliverAssistanceForm,
    EndAssignmentForm,
    ImportUploadForm,
    ReasonForm,
)
from workspace.program_report import program_report
from workspace.reporting import report_rows
from workspace.scoping import ScopedViewMixin

# ---------------------------------------------------------------- entrepreneurs


def may_open_timeline(user, profile: EntrepreneurProfile) -> bool:
    """Whether the manager may open the entrepreneur's timeline (``/timeline/<id>/``).

    The same rule as ``mentoring.selectors.profile_access`` gives managers, without a query:
    a program manager (or superuser) whose area holds the entrepreneur.
    """
    return roles.is_manager(user) and scope_for(user).contains_profile(profile)


def timeline_url(profile: EntrepreneurProfile) -> str:
    return reverse("mentoring:profile_timeline", args=[profile.pk])


class EntrepreneurIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.entrepreneurs_for_listing()

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if may_open_timeline(self.request.user, instance):
            buttons.append(
                MenuItem(_("Timeline"), url=timeline_url(instance), icon_name="history", priority=15)
            )
        return buttons


class TimelineButtonMixin:
    """An inspect or edit page of an entrepreneur: a "Timeline" button where the manager may open it."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if may_open_timeline(self.request.user, self.object):
            buttons.append(
                Button(_("Timeline"), url=timeline_url(self.object), icon_name="history", priority=5)
            )
        return buttons


class EntrepreneurInspectView(TimelineButtonMixin, InspectView):
    pass


class EntrepreneurEditView(TimelineButtonMixin, ServiceErrorMixin, EditView):
    """Business and region fields only, through ``update_business_profile`` (never the tier)."""

    def save_instance(self):
        changed = {name: self.form.cleaned_data[name] for name in self.form.changed_data}
        # The form offers only regions in the manager's area; checked again for a forged POST.
        if not scope_for(self.request.user).contains_region(changed.get("regency", self.object.regency)):
            raise NotAllowed(outside_area_message(self.request.user))
        return services.update_business_profile(self.object, by=self.request.user, **changed)


class MilestoneIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.milestones_for_listing()


# ---------------------------------------------------------------- companions


class CompanionIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.companions_for_listing()


class AssignmentIndexView(IndexView):
    def get_base_queryset(self):
        return CompanionAssignment.objects.select_related("profile", "profile__user", "companion")


class AssignCompanionView(ServiceErrorMixin, CreateView):
    success_message = gettext_lazy("%(object)s: assigned.")

    def save_instance(self):
        data = self.form.cleaned_data
        return services.assign_companion(
            data["profile"], data["companion"], role=data["role"], by=self.request.user
        )

    def get_success_buttons(self):
        return []


class ObjectActionView(ScopedViewMixin, WorkspaceView, TemplateView):
    """One record and the actions a manager may take on it, each a small POST form.

    A record outside the manager's area is not found (404), whatever the URL says.
    """

    model = None
    template_name = "workspace/object_actions.html"
    index_url_name = None
    permission_required = "change"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.get_queryset().filter(self.area_q()), pk=kwargs["pk"])

    def get_queryset(self):
        return self.model._default_manager.all()

    def get_page_title(self):
        return str(self.object)

    def get_actions(self) -> list[dict[str, Any]]:
        return []

    def get_summary(self) -> list[tuple[str, Any]]:
        return []

    def get_context_data(self, actions=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            summary=self.get_summary(),
            actions=actions if actions is not None else self.get_actions(),
            index_url=reverse(self.index_url_name),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = next((a for a in self.get_actions() if a["name"] == request.POST.get("action")), None)
        if action is None:
            messages.error(request, _("This action is no longer available."))
            return redirect(request.path)
        form = action["form_class"](request.POST, request.FILES) if action.get("form_class") else None
        if form is not None and not form.is_valid():
            action["form"] = form
            messages.error(request, _("Please correct the errors below."))
            actions = [action if a["name"] == action["name"] else a for a in self.get_actions()]
            return self.render_to_response(self.get_context_data(actions=actions))
        try:
            action["run"](form.cleaned_data if form else {})
        except DomainError as exc:  # the incubator's, and the privacy app's (deletion requests)
            messages.error(request, str(exc))
            return redirect(request.path)
        messages.success(request, action["done"])
        return redirect(request.path)


class EndAssignmentView(ObjectActionView):
    model = CompanionAssignment

    def get_queryset(self):
        return CompanionAssignment.objects.select_related(
            "profile", "profile__user", "companion", "assigned_by"
        )

    def get_summary(self):
        a = self.object
        return [
            (_("Entrepreneur"), a.profile),
            (_("Companion"), a.companion),
            (_("Role"), a.get_role_display()),
            (_("Started"), a.started_at),
            (_("Assigned by"), a.assigned_by or "—"),
            (_("Ended"), a.ended_at or "—"),
            (_("Reason for ending"), a.end_reason or "—"),
        ]

    def get_actions(self):
        if not self.object.is_current:
            return []
        return [
            {
                "name": "end",
                "label": _("End this assignment"),
                "form_class": EndAssignmentForm,
                "form": EndAssignmentForm(),
                "danger": True,
                "done": _("The assignment has ended."),
                "run": lambda data: services.end_assignment(
                    self.object, by=self.request.user, reason=data["reason"]
                ),
            }
        ]


# ---------------------------------------------------------------- assistance


class AssistanceIndexView(IndexView):
    def get_base_queryset(self):
        return Assistance.objects.select_related("profile", "profile__user", "profile__cohort")


class PlanAssistanceView(ServiceErrorMixin, CreateView):
    success_message = gettext_lazy("Assistance planned: %(object)s.")

    def save_instance(self):
        data = self.form.cleaned_data
        return services.plan_assistance(
            data["profile"],
            by=self.request.user,
            kind=data["kind"],
            plan_line=data.get("plan_line"),
            plan_item=data.get("plan_item") or "",
            amount=data["amount"],
            description=data.get("description", ""),
        )

    def get_success_buttons(self):
        return []


class ProofOfReceiptView(WorkspaceView, View):
    """The private proof-of-receipt photo, streamed to people who may see assistance records."""

    permission_policy = ModelPermissionPolicy(Assistance)
    permission_required = "view"

    def get(self, request, pk: int):
        in_area = scope_for(request.user).profile_q("profile__")
        assistance = get_object_or_404(Assistance.objects.filter(in_area), pk=pk)
        return serve_private_file(assistance.proof_of_receipt, cache_control="private, no-store")


class AssistanceActionsView(ObjectActionView):
    model = Assistance

    def get_queryset(self):
        return Assistance.objects.select_related("profile", "profile__user", "approved_by", "recorded_by")

    def get_summary(self):
        a = self.object
        return [
            (_("Entrepreneur"), a.profile),
            (_("Kind"), a.get_kind_display()),
            (_("Business-plan item"), a.plan_item),
            (_("Amount or value"), format_rupiah(a.amount, empty="—")),
            (_("Tier"), a.get_tier_display()),
            (_("Status"), a.get_status_display()),
            (_("Recorded by"), a.recorded_by or "—"),
            (_("Approved by"), a.approved_by or "—"),
            (_("Delivered on"), a.delivered_on or "—"),
            (_("Proof of receipt"), self.proof_link(a)),
        ]

    def proof_link(self, assistance: Assistance) -> str:
        if not assistance.proof_of_receipt:
            return "—"
        url = reverse("workspace_assistance:proof", args=[assistance.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("View the photo"))

    def get_actions(self):
        a, user = self.object, self.request.user
        actions = []
        if a.status == Assistance.Status.PLANNED:
            actions.append(
                {
                    "name": "approve",
                    "label": _("Approve"),
                    "done": _("The assistance is approved."),
                    "run": lambda data: services.approve_assistance(a, by=user),
                }
            )
        if a.status == Assistance.Status.APPROVED:
            actions.append(
                {
                    "name": "deliver",
                    "label": _("Record delivery"),
                    "form_class": DeliverAssistanceForm,
                    "form": DeliverAssistanceForm(),
                    "multipart": True,
                    "done": _("The delivery is recorded."),
                    "run": lambda data: services.deliver_assistance(
                        a, by=user, delivered_on=data["delivered_on"], proof=data["proof"]
                    ),
                }
            )
        if a.status in (Assistance.Status.PLANNED, Assistance.Status.APPROVED):
            actions.append(
                {
                    "name": "cancel",
                    "label": _("Cancel this assistance"),
                    "form_class": ReasonForm,
                    "form": ReasonForm(),
                    "danger": True,
                    "done": _("The assistance is cancelled."),
                    "run": lambda data: services.cancel_assistance(a, by=user, reason=data["reason"]),
                }
            )
        return actions


# ---------------------------------------------------------------- promotion queue

promotion_policy = ModelPermissionPolicy(PromotionRequest)


class PromotionQueueView(WorkspaceView, TemplateView):
    template_name = "workspace/promotions.html"
    page_title = gettext_lazy("Promotions waiting")
    header_icon = "pick"
    permission_policy = promotion_policy
    permission_required = "change"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        promotions = selectors.pending_promotions().filter(
            scope_for(self.request.user).profile_q("profile__")
        )
        page = Paginator(promotions, self.paginate_by).get_page(self.request.GET.get("p"))
        # The eligibility rule lives in the incubator's service; asked once per row on this page.
        context["rows"] = [
            {"request": request, "eligibility": services.promotion_eligibility(request.profile)}
            for request in page.object_list
        ]
        context["page_obj"] = page
        return context


@method_decorator(require_POST, name="dispatch")
class PromotionDecisionView(WorkspaceView, TemplateView):
    permission_policy = promotion_policy
    permission_required = "change"

    def post(self, request, pk: int, decision: str):
        in_area = scope_for(request.user).profile_q("profile__")
        promotion = get_object_or_404(
            PromotionRequest.objects.select_related("profile").filter(in_area), pk=pk
        )
        try:
            if decision == "approve":
                services.approve_promotion(promotion, by=request.user)
                messages.success(request, _("%(profile)s moved up.") % {"profile": promotion.profile})
            else:
                services.decline_promotion(promotion, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(
                    request, _("Recommendation for %(profile)s declined.") % {"profile": promotion.profile}
                )
        except IncubatorError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("workspace_promotions:index"))


# ---------------------------------------------------------------- import

SESSION_KEY = "workspace_import"
IMPORT_TTL_SECONDS = 60 * 60  # a preview older than an hour must be uploaded again
import_policy = ModelPermissionPolicy(EntrepreneurProfile)


class ImportUploadView(WorkspaceView, FormView):
    """Step 1: upload. The parsed rows stay on the server, keyed by a random token."""

    template_name = "workspace/import_upload.html"
    form_class = ImportUploadForm
    page_title = gettext_lazy("Import participants")
    header_icon = "upload"
    permission_policy = import_policy
    permission_required = "change"

    def form_valid(self, form):
        try:
            rows = importing.parse_upload(form.cleaned_data["file"])
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        token = secrets.token_urlsafe(16)
        # One pending import per session: a new upload replaces the previous one.
        self.request.session[SESSION_KEY] = {
            "token": token,
            "created": timezone.now().timestamp(),
            "rows": rows,
            "user": self.request.user.pk,
            "filename": form.cleaned_data["file"].name[:100],
        }
        return redirect("workspace_import:preview", token=token)


class ImportPreviewView(WorkspaceView, TemplateView):
    """Step 2: every row with its errors; confirm imports all rows in one transaction, or none."""

    template_name = "workspace/import_preview.html"
    page_title = gettext_lazy("Import participants: check")
    header_icon = "upload"
    permission_policy = import_policy
    permission_required = "change"

    @cached_property
    def pending(self) -> dict[str, Any] | None:
        """This person's stored rows for this token, unless another upload replaced them or they expired."""
        pending = self.request.session.get(SESSION_KEY)
        if (
            not pending
            or not secrets.compare_digest(pending.get("token", ""), self.kwargs["token"])
            or pending.get("user") != self.request.user.pk
            or timezone.now().timestamp() - pending.get("created", 0) > IMPORT_TTL_SECONDS
        ):
            return None
        return pending

    def expired(self):
        messages.error(self.request, _("This check is no longer available; please upload the file again."))
        return redirect("workspace_import:index")

    def get(self, request, *args, **kwargs):
        if self.pending is None:
            return self.expired()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, results=None, **kwargs):
        context = super().get_context_data(**kwargs)
        results = (
            results
            if results is not None
            else importing.check_rows(self.pending["rows"], scope=scope_for(self.request.user))
        )
        bad = [r for r in results if r.errors]
        context.update(
            results=results,
            error_rows=len(bad),
            filename=self.pending["filename"],
            columns=importing.COLUMNS,
            token=self.kwargs["token"],
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.pending is None:
            return self.expired()
        try:
            count = importing.import_rows(self.pending["rows"], by=request.user)
        except importing.ImportRefused as exc:
            messages.error(
                request,
                _("Nothing was imported: some rows have errors. Correct the file and upload it again."),
            )
            return self.render_to_response(self.get_context_data(results=exc.results))
        del request.session[SESSION_KEY]
        messages.success(request, _("%(n)d participants imported.") % {"n": count})
        return redirect("workspace_entrepreneurs:index")


# ---------------------------------------------------------------- program report


def _id_param(value: str | None) -> int | None:
    """A row id from the query string, or None for anything that is not a plain number (a mistyped
    or crafted ``?cohort=abc`` shows the whole area instead of failing)."""
    if value and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class ProgramReportView(SafeSpreadsheetExportMixin, ReportView):
    """The program report as a Wagtail report: one row per figure, exportable to CSV and XLSX."""

    template_name = "workspace/program_report.html"
    results_template_name = "workspace/program_report_results.html"
    page_title = gettext_lazy("Program report")
    header_icon = "table"
    permission_policy = ModelPermissionPolicy(EntrepreneurProfile)
    permission_required = "view"
    index_url_name = "workspace_report:index"
    index_results_url_name = "workspace_report:results"
    paginate_by = None
    list_export = ["section", "label", "value"]
    export_headings = {
        "section": gettext_lazy("Figure"),
        "label": gettext_lazy("Breakdown"),
        "value": gettext_lazy("Value"),
    }

    def get_filename(self):
        return "program-report"

    @cached_property
    def area(self):
        return scope_for(self.request.user)

    @cached_property
    def scope(self) -> dict[str, Any]:
        """The cohort and region asked for; one outside the reader's area is ignored (never shown)."""
        cohort = self.cohorts.filter(pk=_id_param(self.request.GET.get("cohort"))).first()
        region = self.regions.filter(pk=_id_param(self.request.GET.get("region"))).first()
        return {"cohort": cohort, "region": region}

    @cached_property
    def cohorts(self):
        return Cohort.objects.filter(self.area.cohort_q()).order_by("name")

    @cached_property
    def regions(self):
        return (
            Region.objects.filter(self.area.region_q())
            .exclude(level=Region.Level.DISTRICT)
            .order_by("level", "name")
        )

    def get_queryset(self):
        return report_rows(program_report(**self.scope, area=self.area))

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cohorts=self.cohorts, regions=self.regions, selected=self.scope, area=self.area)
        return context
