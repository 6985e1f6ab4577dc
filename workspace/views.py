"""Workspace views: thin. They check their own permission, call a service and report its answer."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView, InspectView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from accounts import roles
from core.admin import PolicyCheckedView as WorkspaceView
from core.admin import ServiceErrorMixin
from core.csvsafe import SafeSpreadsheetExportMixin, csv_response, neutralise_row
from core.errors import DomainError
from core.files import serve_private_file
from core.money import format_rupiah, group_thousands
from incubator import selectors as incubator_selectors
from incubator import services
from incubator.errors import IncubatorError, NotAllowed
from incubator.models import (
    TIER_SUPPORT,
    WORKING_TIERS,
    Assistance,
    Cohort,
    CompanionAssignment,
    EntrepreneurProfile,
    GraduationFlag,
    IntakeAspect,
    MilestoneTemplate,
    PromotionRequest,
    Region,
    Tier,
)
from incubator.scope import scope_for
from incubator.selectors import promotion_eligibility_batch
from incubator.services._common import outside_area_message
from workspace import exporting, importing, report_export, selectors
from workspace.bsimu_report import bsimu_report, bsimu_rows
from workspace.filters import GRADUATION, NEXT_TIER, PROMOTION_KINDS, PromotionQueueFilterSet
from workspace.forms import (
    BudgetForm,
    DeliverAssistanceForm,
    EndAssignmentForm,
    ExitForm,
    ImportUploadForm,
    PlacementForm,
    ReasonForm,
    ReEntryForm,
)
from workspace.models import BackgroundJob
from workspace.periods import Period, PeriodError, parse_period
from workspace.program_report import program_report
from workspace.reporting import report_rows
from workspace.scoping import ScopedViewMixin
from workspace.tables import TemplateColumn

# ---------------------------------------------------------------- entrepreneurs


def may_open_timeline(user, profile: EntrepreneurProfile) -> bool:
    """Whether the manager may open the entrepreneur's timeline (``/timeline/<id>/``).

    The same rule as ``mentoring.selectors.profile_access`` gives managers, without a query:
    a program manager (or superuser) whose area holds the entrepreneur.
    """
    return roles.is_manager(user) and scope_for(user).contains_profile(profile)


def timeline_url(profile: EntrepreneurProfile) -> str:
    return reverse("mentoring:profile_timeline", args=[profile.pk])


def record_url(profile_id: int) -> str:
    return reverse("workspace_participants:record", args=[profile_id])


class RecordButtonMixin:
    """A listing whose every row opens the family's participant record (``record_of``: the row's
    profile id attribute)."""

    record_of = "pk"

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Participant record"),
                url=record_url(getattr(instance, self.record_of)),
                icon_name="user",
                priority=5,
            )
        )
        return buttons


class EntrepreneurIndexView(RecordButtonMixin, IndexView):
    # The bulk assignment (``workspace.participant_bulk_actions``): a checkbox per row, the footer.
    template_name = "workspace/entrepreneur_index.html"

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="entrepreneurprofile"), *super().columns]

    def get_base_queryset(self):
        return selectors.entrepreneurs_for_listing()

    def render_to_response(self, context, **response_kwargs):
        # A large list is not written while the manager waits (issue 13): the worker exports it.
        if self.is_export and context["object_list"].count() > exporting.BACKGROUND_EXPORT_ROWS:
            messages.warning(
                self.request,
                _(
                    "This list has more than %(n)s entrepreneurs: too many to write while you wait. "
                    "Export it in the background here; the file is ready to download on the job's page."
                )
                % {"n": number_format(exporting.BACKGROUND_EXPORT_ROWS, force_grouping=True)},
            )
            return redirect("workspace_imports:index")
        return super().render_to_response(context, **response_kwargs)

    def get_table(self, object_list):
        # the distance to the UMK of the page's families: two queries, whatever the page size
        for profile in incubator_selectors.with_umk_distance(object_list):
            profile.umk_distance_text = profile.umk_distance.message
        return super().get_table(object_list)

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


class ParticipantRecordView(WorkspaceView, TemplateView):
    """One family on one page: profile, placement, milestones with their evidence, figures,
    assistance, companions, visits and sessions, complaints. 404 outside the manager's area."""

    template_name = "workspace/participant_record.html"
    header_icon = "user"
    permission_policy = ModelPermissionPolicy(EntrepreneurProfile)
    permission_required = "view"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.profile = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.permission_policy.user_has_permission(
            request.user, self.permission_required
        ):
            self.profile = get_object_or_404(selectors.participants_for(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Participant record")

    def get_page_subtitle(self):
        return self.profile.business_name if self.profile else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = selectors.participant_record(self.profile, user=self.request.user)
        for assessment in record.assessments:  # the rule in points, as on the confirmation page
            assessment.rule_text = services.placement_thresholds(assessment.max_total).text
        context.update(
            record=record,
            profile=self.profile,
            timeline_url=timeline_url(self.profile)
            if may_open_timeline(self.request.user, self.profile)
            else "",
            may_handle_complaints=self.request.user.has_perm("complaints.change_complaint"),
            may_change=self.permission_policy.user_has_permission(self.request.user, "change"),
        )
        return context


class ParticipantActionView(WorkspaceView, FormView):
    """A change to one family's place in the program, asked from its record: the page says what
    will change, a reason is required, and the service does the rest. 404 outside the area."""

    template_name = "workspace/participant_action.html"
    header_icon = "user"
    permission_policy = ModelPermissionPolicy(EntrepreneurProfile)
    permission_required = "change"
    submit_label = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.profile = None
        self.today = timezone.localdate()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.permission_policy.user_has_permission(
            request.user, self.permission_required
        ):
            self.profile = get_object_or_404(selectors.participants_for(request.user), pk=kwargs["pk"])
            refusal = self.not_applicable()
            if refusal:
                messages.warning(request, refusal)
                return redirect(self.record_url())
        return super().dispatch(request, *args, **kwargs)

    def record_url(self) -> str:
        return record_url(self.profile.pk) + "#membership"

    def get_page_subtitle(self):
        return self.profile.business_name if self.profile else ""

    def not_applicable(self) -> str:
        """Why this action does not apply to the family now ("" when it does)."""
        return ""

    def changes(self) -> list[str]:
        raise NotImplementedError

    def perform(self, form) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            profile=self.profile,
            changes=self.changes(),
            submit_label=self.submit_label,
            back_url=self.record_url(),
        )
        return context

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except IncubatorError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.record_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RecordExitView(ParticipantActionView):
    page_title = gettext_lazy("Record an exit")
    form_class = ExitForm
    submit_label = gettext_lazy("Record the exit")

    @cached_property
    def open_exit(self):
        return self.profile.exits.filter(re_entered_on__isnull=True).first()

    def not_applicable(self) -> str:
        return _("This family has already left the program.") if self.open_exit else ""

    def get_initial(self):
        return {"exited_on": self.today}

    def changes(self) -> list[str]:
        return [
            _("The family is counted as having left the program from the date given, for the reason given."),
            _(
                "It leaves the program report's denominators (participants, revenue change, visits) "
                "and appears under exits by reason."
            ),
            _("A recommendation waiting for a decision is declined."),
            _("Its companions stay assigned until you end their assignments."),
            _("A return can be recorded later; this exit stays in the history."),
        ]

    def perform(self, form) -> str:
        data = form.cleaned_data
        services.record_exit(
            self.profile,
            by=self.request.user,
            reason=data["reason"],
            exited_on=data["exited_on"],
            note=data["note"],
        )
        return _("%(business)s: exit recorded.") % {"business": self.profile.business_name}


class RecordReEntryView(ParticipantActionView):
    page_title = gettext_lazy("Record a return")
    form_class = ReEntryForm
    submit_label = gettext_lazy("Record the return")

    @cached_property
    def open_exit(self):
        return self.profile.exits.filter(re_entered_on__isnull=True).first()

    def not_applicable(self) -> str:
        return "" if self.open_exit else _("This family has not left the program.")

    def get_initial(self):
        return {"on": self.today}

    def changes(self) -> list[str]:
        exit_row = self.open_exit
        return [
            _("The family left on %(date)s (%(reason)s); it comes back into the program from the date given.")
            % {"date": date_format(exit_row.exited_on, "j F Y"), "reason": exit_row.get_reason_display()},
            _("It counts again in the program report's participants; the exit stays in the history."),
            _("It keeps its current group: %(tier)s.") % {"tier": self.profile.get_tier_display()},
        ]

    def perform(self, form) -> str:
        data = form.cleaned_data
        services.re_enter(self.profile, by=self.request.user, reason=data["reason"], on=data["on"])
        return _("%(business)s: return recorded.") % {"business": self.profile.business_name}


class ReopenSupportView(ParticipantActionView):
    page_title = gettext_lazy("Reopen support")
    form_class = ReasonForm
    submit_label = gettext_lazy("Reopen support")

    @cached_property
    def flag(self):
        return (
            GraduationFlag.objects.filter(profile=self.profile, resolved_at__isnull=True)
            .select_related("watch")
            .order_by("-created_at")
            .first()
        )

    def not_applicable(self) -> str:
        return "" if self.flag else _("No below-UMK flag is open for this family.")

    def changes(self) -> list[str]:
        flag = self.flag
        back_to = Tier(flag.watch.from_tier) if flag.watch.from_tier in WORKING_TIERS else Tier.ADVANCED
        return [
            _("Months below the UMK (Rp %(umk)s): %(months)s.")
            % {"umk": group_thousands(flag.threshold), "months": ", ".join(m[:7] for m in flag.months)},
            _("The family goes back from Graduated to %(tier)s, with that group's milestones.")
            % {"tier": back_to.label},
            _("The graduation watch ends and the flag is marked resolved with your reason."),
        ]

    def perform(self, form) -> str:
        services.reopen_support(self.flag, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("%(business)s: support reopened.") % {"business": self.profile.business_name}


class EntrepreneurEditView(TimelineButtonMixin, ServiceErrorMixin, EditView):
    """Business and region fields only, through ``update_business_profile`` (never the tier)."""

    def save_instance(self):
        changed = {name: self.form.cleaned_data[name] for name in self.form.changed_data}
        # The form offers only regions in the manager's area; checked again for a forged POST.
        if not scope_for(self.request.user).contains_region(changed.get("regency", self.object.regency)):
            raise NotAllowed(outside_area_message(self.request.user))
        return services.update_business_profile(self.object, by=self.request.user, **changed)


class MilestoneIndexView(RecordButtonMixin, IndexView):
    record_of = "profile_id"

    def get_base_queryset(self):
        return selectors.milestones_for_listing()


class MilestoneTemplateCreateView(ServiceErrorMixin, CreateView):
    """A new step of the path, through ``save_milestone_template`` (its tier's families recounted)."""

    def save_instance(self):
        return services.save_milestone_template(self.form.instance, by=self.request.user)


class MilestoneTemplateEditView(ServiceErrorMixin, EditView):
    """A step changed, through ``save_milestone_template`` (the old and new tier's families recounted)."""

    def save_instance(self):
        self.has_content_changes = self.form.has_changed()
        return services.save_milestone_template(self.form.instance, by=self.request.user)


class MilestoneTemplateDeleteView(DeleteView):
    """A step deleted, through ``delete_milestone_template`` (its tier's families recounted)."""

    def delete_action(self):
        services.delete_milestone_template(self.object, by=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as exc:
            messages.error(self.request, str(exc))
            return redirect(self.get_success_url())


# ---------------------------------------------------------------- companions


class CompanionIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.companions_for_listing()


# The profile's own fields; the account's email and name go to add_companion on creation only.
COMPANION_FIELDS = ("kind", "organisation", "sectors", "expertise", "capacity", "is_active")


class CompanionCreateView(ServiceErrorMixin, CreateView):
    """A new companion and their staff account, through ``add_companion``."""

    def save_instance(self):
        data = self.form.cleaned_data
        return services.add_companion(
            email=data["email"],
            full_name=data["full_name"],
            regions=data["regions"],
            by=self.request.user,
            **{name: data[name] for name in COMPANION_FIELDS},
        )


class CompanionEditView(ServiceErrorMixin, EditView):
    """A companion's profile, through ``update_companion`` (a regional manager keeps the rest)."""

    def save_instance(self):
        data = self.form.cleaned_data
        return services.update_companion(
            self.object,
            regions=data["regions"],
            by=self.request.user,
            **{name: data[name] for name in COMPANION_FIELDS},
        )


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


class AssistanceIndexView(RecordButtonMixin, IndexView):
    record_of = "profile_id"

    def get_base_queryset(self):
        return Assistance.objects.select_related("profile", "profile__user", "profile__cohort")


class PlanAssistanceView(ServiceErrorMixin, CreateView):
    """Planning shows what remains of each cohort's budget; the service refuses a plan over it."""

    template_name = "workspace/plan_assistance.html"
    success_message = gettext_lazy("Assistance planned: %(object)s.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budgets"] = incubator_selectors.budgets_in(scope_for(self.request.user))
        return context

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


class BudgetsView(WorkspaceView, TemplateView):
    """Each cohort's BSiMU budget in the manager's area: set, committed, remaining. A national manager
    sets budgets here (``services.set_budget`` refuses anyone else)."""

    template_name = "workspace/budgets.html"
    page_title = gettext_lazy("BSiMU budgets")
    header_icon = "tag"
    permission_policy = ModelPermissionPolicy(Assistance)
    permission_required = "view"

    def cohorts(self):
        return incubator_selectors.budgets_in(scope_for(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", BudgetForm(cohorts=self.cohorts()))
        context.update(budgets=self.cohorts(), may_set=scope_for(self.request.user).national)
        return context

    def post(self, request, *args, **kwargs):
        form = BudgetForm(request.POST, cohorts=self.cohorts())
        if form.is_valid():
            try:
                budget = services.set_budget(
                    form.cleaned_data["cohort"], by=request.user, amount=form.cleaned_data["amount"]
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The BSiMU budget of %(cohort)s is %(amount)s.")
                    % {"cohort": budget.cohort, "amount": format_rupiah(budget.amount)},
                )
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


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


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _local_date(value) -> str:
    return timezone.localtime(value).date().isoformat()


class PromotionQueueView(SafeSpreadsheetExportMixin, ReportView):
    """The promotions of the manager's area waiting for a decision, oldest first, as a Wagtail
    report: tier and kind filters, pages of 25, CSV and XLSX of the filtered rows (all pages)."""

    results_template_name = "workspace/promotions_results.html"
    page_title = gettext_lazy("Promotions waiting")
    header_icon = "pick"
    permission_policy = promotion_policy
    permission_required = "change"
    index_url_name = "workspace_promotions:index"
    index_results_url_name = "workspace_promotions:index_results"
    paginate_by = 25
    filterset_class = PromotionQueueFilterSet
    export_filename = "promotions-waiting"
    list_export = [
        "profile.business_name",
        "profile.user.full_name",
        "profile.regency.name",
        "get_from_tier_display",
        "get_to_tier_display",
        "kind_label",
        "recommended_by",
        "created_at",
        "eligibility.eligible",
        "missing_titles",
        "note",
    ]
    export_headings = {
        "profile.business_name": gettext_lazy("Business name"),
        "profile.user.full_name": gettext_lazy("Name"),
        "profile.regency.name": gettext_lazy("Regency/city"),
        "get_from_tier_display": gettext_lazy("From tier"),
        "get_to_tier_display": gettext_lazy("To tier"),
        "kind_label": gettext_lazy("Kind"),
        "recommended_by": gettext_lazy("Recommended by"),
        "created_at": gettext_lazy("Date"),
        "eligibility.eligible": gettext_lazy("Eligible"),
        "missing_titles": gettext_lazy("Missing milestones"),
        "note": gettext_lazy("Mentor's note"),
    }
    custom_field_preprocess = {
        "created_at": {"csv": _local_date, "xlsx": lambda value: timezone.localtime(value).date()},
        "eligibility.eligible": {"csv": _yes_no, "xlsx": _yes_no},
    }
    columns = [
        TemplateColumn(
            "entrepreneur",
            label=gettext_lazy("Entrepreneur"),
            template="workspace/cells/promotion_entrepreneur.html",
        ),
        TemplateColumn(
            "tiers", label=gettext_lazy("From → to"), template="workspace/cells/promotion_tiers.html"
        ),
        Column("recommended_by", label=gettext_lazy("Recommended by")),
        TemplateColumn("date", label=gettext_lazy("Date"), template="workspace/cells/promotion_date.html"),
        TemplateColumn(
            "eligibility",
            label=gettext_lazy("Eligibility"),
            template="workspace/cells/promotion_eligibility.html",
        ),
        TemplateColumn(
            "decision", label=gettext_lazy("Decision"), template="workspace/cells/promotion_decision.html"
        ),
    ]

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "caption": _("Promotions waiting for a decision")}

    def get_filtered_queryset(self):
        return self.get_queryset()  # already filtered (BaseListingView.get_queryset): not twice

    def get_base_queryset(self):
        return selectors.pending_promotions().filter(scope_for(self.request.user).profile_q("profile__"))

    def paginate_queryset(self, queryset, page_size):
        # The page's rows with their eligibility, read once for the table and the template.
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = with_eligibility(list(rows))
        return paginator, page, page.object_list, is_paginated

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(with_eligibility(list(queryset)), spreadsheet_format)


def with_eligibility(requests: list[PromotionRequest]) -> list[PromotionRequest]:
    """Each request with ``eligibility``, ``evidence_url``, ``kind_label`` and ``missing_titles``:
    a fixed number of queries whatever the number of requests."""
    # One batch read for all of them (the service re-checks the rule on approval).
    eligibility = promotion_eligibility_batch([r.profile for r in requests], today=timezone.localdate())
    # A graduation ("lulus") from Beginner or Developing follows the income rule alone
    # (services.eligibility_for): its distance to the UMK, two queries for the whole list.
    leaving = [r for r in requests if r.to_tier == Tier.GRADUATED and r.from_tier != Tier.ADVANCED]
    distances = incubator_selectors.umk_distances([r.profile for r in leaving])
    graduations = {
        r.pk: services.graduation_eligibility(r.profile, distance=distances[r.profile_id]) for r in leaving
    }
    kinds = dict(PROMOTION_KINDS)
    for request in requests:
        request.eligibility = (
            graduations[request.pk] if request.pk in graduations else eligibility[request.profile_id]
        )
        request.evidence_url = record_url(request.profile_id) + "#milestones"
        request.kind_label = kinds[GRADUATION if request.to_tier == Tier.GRADUATED else NEXT_TIER]
        request.missing_titles = [template.title for template in request.eligibility.missing]
    return requests


class PromotionConfirmView(WorkspaceView, TemplateView):
    """Before approving: what changes (from tier → to tier, what the new group brings) and the
    evidence it rests on. The form posts to the decision view."""

    template_name = "workspace/promotion_confirm.html"
    page_title = gettext_lazy("Approve a promotion")
    header_icon = "pick"
    permission_policy = promotion_policy
    permission_required = "change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        in_area = scope_for(self.request.user).profile_q("profile__")
        promotion = get_object_or_404(selectors.pending_promotions().filter(in_area), pk=self.kwargs["pk"])
        eligibility = promotion_eligibility_batch([promotion.profile], today=timezone.localdate())
        name, text = TIER_SUPPORT[Tier(promotion.to_tier)]
        context.update(
            promotion=promotion,
            eligibility=eligibility[promotion.profile_id],
            support_name=name,
            support_text=text,
            next_milestones=MilestoneTemplate.objects.filter(tier=promotion.to_tier, is_active=True).order_by(
                "order"
            ),
            evidence_url=record_url(promotion.profile_id) + "#milestones",
            queue_url=reverse("workspace_promotions:index"),
        )
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
                if promotion.to_tier == Tier.GRADUATED:  # P7: a graduation is "lulus", not "naik tingkat"
                    messages.success(request, _("%(profile)s graduated.") % {"profile": promotion.profile})
                else:
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

import_policy = ModelPermissionPolicy(EntrepreneurProfile)


class ImportUploadView(WorkspaceView, FormView):
    """Upload: the file's shape is checked at once; the rows are imported by a background job."""

    template_name = "workspace/import_upload.html"
    form_class = ImportUploadForm
    page_title = gettext_lazy("Import participants")
    header_icon = "upload"
    permission_policy = import_policy
    permission_required = "change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = selectors.import_jobs_for(user=self.request.user)[:5]
        context["explanation"] = importing.template_explanation()
        return context

    def form_valid(self, form):
        try:
            job = importing.start_import(form.cleaned_data["file"], by=self.request.user)
        except (importing.ImportFileError, DomainError) as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        return redirect("workspace_imports:job", pk=job.pk)


class ImportTemplateView(WorkspaceView, View):
    """The template to fill in: headings, one example row and (XLSX) an explanation sheet."""

    permission_policy = import_policy
    permission_required = "change"
    kind = "csv"

    def get(self, request, *args, **kwargs):
        if self.kind == "xlsx":
            response = HttpResponse(
                importing.template_xlsx(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="tumbuh-import-template.{self.kind}"'
        return response


class ImportJobListView(WorkspaceView, TemplateView):
    """The import jobs of the manager's area, newest first (one page of 50)."""

    template_name = "workspace/import_jobs.html"
    page_title = gettext_lazy("Imports")
    header_icon = "upload"
    permission_policy = import_policy
    permission_required = "change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.import_jobs_for(user=self.request.user), 50).get_page(
            self.request.GET.get("p")
        )
        context.update(jobs=page.object_list, page_obj=page)
        return context


class ImportJobView(WorkspaceView, TemplateView):
    """One job: progress while it runs (static/js/job-progress.js polls the status), then the result."""

    template_name = "workspace/import_job.html"
    page_title = gettext_lazy("Import")
    header_icon = "upload"
    permission_policy = import_policy
    permission_required = "change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = selectors.get_import_job_for(user=self.request.user, pk=self.kwargs["pk"])
        context.update(job=job, first_errors=job.errors[:ERRORS_SHOWN], errors_shown=ERRORS_SHOWN)
        return context


ERRORS_SHOWN = 50  # on the page; the CSV has them all


class ImportJobStatusView(WorkspaceView, View):
    """The job's progress as JSON, for the job page's polling."""

    permission_policy = import_policy
    permission_required = "change"

    def get(self, request, *args, **kwargs):
        job = selectors.get_import_job_for(user=request.user, pk=self.kwargs["pk"])
        return JsonResponse(
            {
                "status": job.status,
                "status_label": str(job.get_status_display()),
                "finished": job.finished,
                "percent": job.percent,
                "total": job.total,
                "processed": job.processed,
                "created": job.created,
                "updated": job.updated,
                "skipped": job.skipped,
                "errors": len(job.errors),
            }
        )


class ImportJobErrorsView(WorkspaceView, View):
    """The job's row errors as CSV (row, message); cells a spreadsheet would run are neutralised."""

    permission_policy = import_policy
    permission_required = "change"

    def get(self, request, *args, **kwargs):
        job = selectors.get_import_job_for(user=request.user, pk=self.kwargs["pk"])
        response = csv_response(f"import-{job.pk}-errors.csv")
        writer = csv.writer(response)
        writer.writerow([_("Row"), _("Problem")])
        for number, message in job.errors:
            writer.writerow(neutralise_row([number, message]))
        return response


class ExportStartView(WorkspaceView, View):
    """POST: export the entrepreneurs of the manager's area in the background; opens the job page."""

    permission_policy = import_policy
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            job = exporting.start_entrepreneur_export(by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("workspace_imports:index")
        return redirect("workspace_imports:job", pk=job.pk)


class ExportResultView(WorkspaceView, View):
    """The file a finished export job wrote (private storage), for managers of the job's area."""

    permission_policy = import_policy
    permission_required = "change"

    def get(self, request, *args, **kwargs):
        job = selectors.get_import_job_for(user=request.user, pk=self.kwargs["pk"])
        if job.kind != BackgroundJob.Kind.EXPORT or job.status != BackgroundJob.Status.DONE:
            raise Http404
        return serve_private_file(job.file, disposition=f'attachment; filename="{job.filename}"')


# ---------------------------------------------------------------- program report


def _id_param(value: str | None) -> int | None:
    """A row id from the query string, or None for anything that is not a plain number (a mistyped
    or crafted ``?cohort=abc`` shows the whole area instead of failing)."""
    if value and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class ProgramReportView(SafeSpreadsheetExportMixin, ReportView):
    """The program report as a Wagtail report: one row per figure, for a cohort, a region and a
    period, exportable to CSV (``,`` or ``;``) and XLSX with a header block (``report_export``)."""

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
    def now(self):
        return timezone.now()

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
    def period_answer(self) -> tuple[Period | None, str]:
        """(the period asked for, "") or (None, the message saying what is wrong with it)."""
        try:
            return parse_period(self.request.GET, today=timezone.localdate(self.now)), ""
        except PeriodError as exc:
            return None, str(exc)

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
        period, error = self.period_answer
        if error:
            return []  # no figures rather than figures for a period nobody asked for
        return report_rows(program_report(**self.scope, area=self.area, period=period, now=self.now))

    def get_filtered_queryset(self):
        return self.get_queryset()

    def export_meta(self) -> dict[str, Any]:
        period, _error = self.period_answer
        cohort, region = self.scope["cohort"], self.scope["region"]
        return {
            "title": str(self.page_title),
            "filename": self.get_filename(),
            "area": self.area.label,
            "filters": [
                (_("Cohort"), cohort.name if cohort else _("All cohorts")),
                (_("Region"), region.name if region else _("All regions")),
                (_("Period"), period.label if period else _("All time")),
            ],
            "generated": timezone.localtime(self.now).strftime("%Y-%m-%d %H:%M"),
        }

    @cached_property
    def bsimu(self) -> dict[str, Any]:
        """The BSiMU block, for the same scope and period as the figures above it."""
        return bsimu_report(
            **self.scope, area=self.area, period=self.period_answer[0], today=timezone.localdate(self.now)
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = [*queryset, *bsimu_rows(self.bsimu)]
        if spreadsheet_format == self.FORMAT_XLSX:
            return report_export.xlsx_report(rows, self.export_meta())
        return report_export.csv_report(
            rows, self.export_meta(), separator=self.request.GET.get("separator", "")
        )

    def render_to_response(self, context, **response_kwargs):
        if self.period_answer[1]:
            # A bad period: the page with its message, for the screen and for an export link alike.
            self.is_export = False
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period, error = self.period_answer
        params = {}
        if self.scope["cohort"]:
            params["cohort"] = self.scope["cohort"].pk
        if self.scope["region"]:
            params["region"] = self.scope["region"].pk
        if period is not None:
            params.update(period.as_params())
        context.update(
            cohorts=self.cohorts,
            regions=self.regions,
            selected=self.scope,
            area=self.area,
            period=period,
            period_error=error,
            asked=self.request.GET,
            period_kinds=PERIOD_CHOICES,
            export_query=urlencode(params),
            sections=report_sections(context.get("object_list") or []),
        )
        if not error:
            context["bsimu"] = self.bsimu
        return context


CHARTED_UNITS = ("count", "rupiah")


def report_sections(rows) -> list[dict[str, Any]]:
    """The report's rows grouped under their heading, each section with a bar chart when all its
    figures are counts or amounts (bar lengths in % of the section's largest value)."""
    sections: list[dict[str, Any]] = []
    for row in rows:
        if not sections or sections[-1]["title"] != row["section"]:
            sections.append({"title": row["section"], "rows": []})
        sections[-1]["rows"].append(row)
    for section in sections:
        numbers = [r.get("number") for r in section["rows"]]
        charted = len(numbers) > 1 and all(
            isinstance(n, int | float) and n >= 0 and r.get("unit") in CHARTED_UNITS
            for n, r in zip(numbers, section["rows"], strict=True)
        )
        top = max(numbers) if charted else 0
        section["bars"] = (
            [
                {
                    "label": r["label"],
                    "value": r["value"],
                    "percent": round(100 * r["number"] / top, 1),
                    "y": i * 22,
                }
                for i, r in enumerate(section["rows"])
            ]
            if charted and top > 0
            else []
        )
        section["height"] = len(section["bars"]) * 22
    return sections


PERIOD_CHOICES = [
    ("", gettext_lazy("All time")),
    ("month", gettext_lazy("Month")),
    ("quarter", gettext_lazy("Quarter")),
    ("year", gettext_lazy("Year")),
    ("custom", gettext_lazy("Date range")),
]


# ---------------------------------------------------------------- placement at intake

placement_policy = ModelPermissionPolicy(EntrepreneurProfile)


class PlacementQueueView(WorkspaceView, TemplateView):
    """Intake assessments of the manager's area waiting for the starting group to be confirmed."""

    template_name = "workspace/placements.html"
    page_title = gettext_lazy("Placements waiting")
    header_icon = "tasks"
    permission_policy = placement_policy
    permission_required = "change"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = incubator_selectors.pending_placements().filter(
            scope_for(self.request.user).profile_q("profile__")
        )
        context["page_obj"] = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("p"))
        return context


class PlacementConfirmView(WorkspaceView, FormView):
    """One assessment: the scores, the baseline, the suggested group and the rule; the manager
    confirms or overrides with a reason (``confirm_placement``)."""

    template_name = "workspace/placement_confirm.html"
    page_title = gettext_lazy("Confirm the starting group")
    header_icon = "tasks"
    permission_policy = placement_policy
    permission_required = "change"
    form_class = PlacementForm

    @cached_property
    def assessment(self):
        in_area = scope_for(self.request.user).profile_q("profile__")
        return get_object_or_404(
            incubator_selectors.intake_history_all().filter(in_area), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return {"tier": self.assessment.suggested_tier}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a = self.assessment
        aspects = {x.code: x for x in IntakeAspect.objects.filter(code__in=list(a.scores))}
        context.update(
            {
                "assessment": a,
                "scores": [
                    (
                        aspects[code].display_title if code in aspects else code,
                        score,
                        _level(aspects.get(code), score),
                    )
                    for code, score in a.scores.items()
                ],
                "rule": services.placement_thresholds(a.max_total),
                "umk": incubator_selectors.umk_distance(a.profile),
            }
        )
        return context

    def form_valid(self, form):
        try:
            services.confirm_placement(
                self.assessment,
                by=self.request.user,
                tier=form.cleaned_data["tier"],
                reason=form.cleaned_data["reason"],
            )
        except IncubatorError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(profile)s starts in %(tier)s.")
            % {"profile": self.assessment.profile, "tier": self.assessment.get_placed_tier_display()},
        )
        return HttpResponseRedirect(reverse("workspace_placements:index"))


def _level(aspect, score: int) -> str:
    return getattr(aspect, f"level_{score}", "") if aspect is not None else ""
