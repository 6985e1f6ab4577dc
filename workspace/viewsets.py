"""The "Program" menu of the Wagtail admin: the incubator's data as viewsets, plus queues and reports.

Permissions come from Wagtail's model permission policies; each view checks them itself.
Records with rules (assignments, assistance, profiles) are written only through the incubator's
services, by the custom views in ``views.py``.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin import PermissionMenuViewSet as BasePermissionMenuViewSet
from core.csvsafe import SafeSpreadsheetExportMixin
from core.money import format_rupiah
from incubator.models import (
    Assistance,
    Cohort,
    CompanionAssignment,
    EntrepreneurProfile,
    IncomeThreshold,
    IntakeAspect,
    MentorProfile,
    Milestone,
    MilestoneTemplate,
    PromotionRequest,
    Region,
)
from incubator.scope import Scope
from incubator.services import PROFILE_FIELDS
from workspace import filters, forms, sidebar, views
from workspace.scoping import companions_in, scoped_view_class


class RupiahColumn(Column):
    cell_template_name = "wagtailadmin/tables/cell.html"

    def get_value(self, instance):
        return format_rupiah(super().get_value(instance), empty="—")


class WorkspaceModelViewSet(ModelViewSet):
    """A viewset under /cms/workspace/. ``creatable``/``editable`` False removes the add/edit views
    whatever the permissions say: such records are written only by the incubator's services."""

    copy_view_enabled = False
    add_to_reference_index = False
    pk_path_converter = "id"  # ids over 18 digits are a 404, not a database overflow (core.converters)
    list_per_page = 50
    creatable = True
    editable = True
    # Program-wide records (the milestone path): only a national manager adds, edits or deletes.
    national_only_writes = False

    def scope_q(self, scope: Scope) -> Q:
        """Where a record of this model lies in a manager's area (``incubator.scope``)."""
        raise NotImplementedError

    def construct_view(self, view_class, **kwargs):
        """Every view of the viewset works inside the manager's area (``workspace.scoping``)."""
        view_class = scoped_view_class(view_class, index=issubclass(view_class, IndexView))
        if issubclass(view_class, SpreadsheetExportMixin) and not issubclass(
            view_class, SafeSpreadsheetExportMixin
        ):
            # CSV exports: no cell a spreadsheet would run as a formula (core.csvsafe).
            view_class = type(view_class.__name__, (SafeSpreadsheetExportMixin, view_class), {})
        kwargs.setdefault("scope_q", self.scope_q)
        if issubclass(view_class, IndexView):
            # The list is titled as its menu item (P8: "Batas pendapatan (UMK)" in the menu opened a
            # page titled "Ambang pendapatan daerah").
            kwargs.setdefault("page_title", self.menu_label)
        return super().construct_view(view_class, **kwargs)

    @property
    def add_view(self):
        return self.construct_view(
            self.add_view_class, **self.get_add_view_kwargs(), national_only=self.national_only_writes
        )

    @property
    def edit_view(self):
        return self.construct_view(
            self.edit_view_class, **self.get_edit_view_kwargs(), national_only=self.national_only_writes
        )

    @property
    def delete_view(self):
        return self.construct_view(
            self.delete_view_class, **self.get_delete_view_kwargs(), national_only=self.national_only_writes
        )

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        if not self.creatable:
            view_kwargs["add_url_name"] = None
        if not self.editable:
            view_kwargs["edit_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        removed = {name for name, kept in (("add", self.creatable), ("edit", self.editable)) if not kept}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in removed]

    def register_admin_url_finder(self):
        if self.editable:
            super().register_admin_url_finder()

    @cached_property
    def url_prefix(self):
        return f"workspace/{self.name}"

    @cached_property
    def url_namespace(self):
        return f"workspace_{self.name}"


class CohortViewSet(WorkspaceModelViewSet):
    model = Cohort
    name = "cohorts"
    icon = "group"
    menu_label = _("Cohorts")
    list_display = ["name", "region", "start_date", "is_active"]
    list_filter = ["is_active", "region"]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = ["name", "region", "start_date", "is_active", "description"]

    def scope_q(self, scope: Scope) -> Q:
        return scope.cohort_q()


ENTREPRENEUR_EXPORT = [
    "full_name",
    "phone",
    "email",
    "business_name",
    "get_sector_display",
    "cohort_name",
    "province_name",
    "regency_name",
    "district_name",
    "village",
    "get_tier_display",
    "tier_since",
    "enrolled_on",
    "mentor_name",
    "social_name",
]


class EntrepreneurViewSet(WorkspaceModelViewSet):
    model = EntrepreneurProfile
    name = "entrepreneurs"
    icon = "user"
    menu_label = _("Entrepreneurs")
    index_view_class = views.EntrepreneurIndexView
    edit_view_class = views.EntrepreneurEditView
    inspect_view_class = views.EntrepreneurInspectView
    creatable = False  # enrolment (import) creates profiles, through enroll_entrepreneur
    inspect_view_enabled = True
    inspect_view_fields = [
        "user",
        "business_name",
        "sector",
        "business_description",
        "business_start_year",
        "cohort",
        "province",
        "regency",
        "district",
        "village",
        "tier",
        "tier_since",
        "enrolled_on",
        "consent",
        "pkh_reference",
        "last_activity_at",
    ]
    filterset_class = filters.EntrepreneurFilterSet
    search_fields = ["business_name", "user__full_name", "user__phone", "user__email"]
    search_backend_name = None
    ordering = ["business_name"]
    list_display = [
        "business_name",
        Column("full_name", label=_("Name"), sort_key="user__full_name"),
        Column("phone", label=_("Phone")),
        Column("cohort_name", label=_("Cohort"), sort_key="cohort__name"),
        Column("get_tier_display", label=_("Tier"), sort_key="tier"),
        Column("regency_name", label=_("Regency/city"), sort_key="regency__name"),
        Column("mentor_name", label=_("Business mentor")),
        Column("umk_distance_text", label=_("Distance to the UMK")),
    ]
    list_export = ENTREPRENEUR_EXPORT
    export_headings = {
        "full_name": _("Name"),
        "phone": _("Phone"),
        "email": _("Email"),
        "business_name": _("Business name"),
        "get_sector_display": _("Sector"),
        "cohort_name": _("Cohort"),
        "province_name": _("Province"),
        "regency_name": _("Regency/city"),
        "district_name": _("District"),
        "village": _("Village"),
        "get_tier_display": _("Tier"),
        "tier_since": _("In this tier since"),
        "enrolled_on": _("Enrolled on"),
        "mentor_name": _("Business mentor"),
        "social_name": _("Social companion"),
    }
    export_filename = "entrepreneurs"
    # What update_business_profile accepts, in the model's order (the photo has its own upload path).
    form_fields = [
        field.name
        for field in EntrepreneurProfile._meta.fields
        if field.name in PROFILE_FIELDS and field.name != "business_photo"
    ]

    def scope_q(self, scope: Scope) -> Q:
        return scope.profile_q()


class CompanionViewSet(WorkspaceModelViewSet):
    model = MentorProfile
    name = "companions"
    icon = "user"
    menu_label = _("Companions")
    index_view_class = views.CompanionIndexView
    add_view_class = views.CompanionCreateView
    edit_view_class = views.CompanionEditView
    list_display = [
        "user",
        Column("get_kind_display", label=_("Kind"), sort_key="kind"),
        "organisation",
        Column("current_load", label=_("Current entrepreneurs"), sort_key="current_load"),
        "capacity",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["user__full_name", "user__email", "organisation"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return forms.CompanionForm

    def scope_q(self, scope: Scope) -> Q:
        return companions_in(scope)


class AssignmentViewSet(WorkspaceModelViewSet):
    model = CompanionAssignment
    name = "assignments"
    icon = "link"
    menu_label = _("Companion assignments")
    index_view_class = views.AssignmentIndexView
    add_view_class = views.AssignCompanionView
    filterset_class = filters.AssignmentFilterSet
    search_fields = ["profile__business_name", "profile__user__full_name", "companion__full_name"]
    search_backend_name = None
    list_display = [
        "profile",
        Column("companion", label=_("Companion"), sort_key="companion__full_name"),
        Column("get_role_display", label=_("Role"), sort_key="role"),
        "started_at",
        "ended_at",
    ]

    def get_form_class(self, for_update=False):
        return forms.AssignCompanionForm

    @property
    def edit_view(self):
        return self.construct_view(
            views.EndAssignmentView,
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            page_subtitle=_("Companion assignment"),
        )

    def scope_q(self, scope: Scope) -> Q:
        return scope.profile_q("profile__")


class MilestoneTemplateViewSet(WorkspaceModelViewSet):
    model = MilestoneTemplate
    name = "milestone_templates"
    icon = "list-ol"
    menu_label = _("Milestone templates")
    national_only_writes = True
    add_view_class = views.MilestoneTemplateCreateView
    edit_view_class = views.MilestoneTemplateEditView
    delete_view_class = views.MilestoneTemplateDeleteView
    list_display = ["__str__", "code", "is_required", "asks_photos", "asks_amount", "is_active"]
    list_filter = ["tier", "is_required", "is_active"]
    search_fields = ["title", "title_en", "code"]
    search_backend_name = None
    ordering = ["tier", "order"]
    form_fields = [
        "tier",
        "order",
        "code",
        "title",
        "title_en",
        "description",
        "description_en",
        "category",
        "is_required",
        "asks_text",
        "asks_photos",
        "asks_amount",
        "amount_label",
        "amount_label_en",
        "is_active",
    ]

    def scope_q(self, scope: Scope) -> Q:
        return Q()  # the program's milestone path, the same everywhere


MILESTONE_EXPORT = [
    "business_name",
    "full_name",
    "cohort_name",
    "regency_name",
    "get_tier_display",
    "template_code",
    "template_title",
    "get_status_display",
    "version",
    "submitted_at",
    "reviewed_at",
    "mentor_name",
]


class MilestoneViewSet(WorkspaceModelViewSet):
    """Read-only: milestones move only through submissions and reviews."""

    model = Milestone
    name = "milestones"
    icon = "tick-inverse"
    menu_label = _("Milestones")
    index_view_class = views.MilestoneIndexView
    filterset_class = filters.MilestoneFilterSet
    creatable = False
    editable = False
    search_fields = ["profile__business_name", "profile__user__full_name", "template__title"]
    search_backend_name = None
    list_display = [
        TitleColumn(
            "business_name",
            label=_("Business"),
            sort_key="profile__business_name",
            get_url=lambda milestone: views.record_url(milestone.profile_id),
        ),
        Column("template_title", label=_("Milestone"), sort_key="template__order"),
        Column("get_tier_display", label=_("Tier"), sort_key="tier"),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        "submitted_at",
        "reviewed_at",
    ]
    list_export = MILESTONE_EXPORT
    export_headings = {
        "business_name": _("Business name"),
        "full_name": _("Name"),
        "cohort_name": _("Cohort"),
        "regency_name": _("Regency/city"),
        "get_tier_display": _("Tier"),
        "template_code": _("Code"),
        "template_title": _("Milestone"),
        "get_status_display": _("Status"),
        "version": _("Submission number"),
        "submitted_at": _("Submitted"),
        "reviewed_at": _("Reviewed"),
        "mentor_name": _("Business mentor"),
    }
    export_filename = "milestones"
    form_fields = []

    def scope_q(self, scope: Scope) -> Q:
        return scope.profile_q("profile__")


class AssistanceViewSet(WorkspaceModelViewSet):
    model = Assistance
    name = "assistance"
    icon = "tag"
    menu_label = _("Assistance (BSiMU)")
    index_view_class = views.AssistanceIndexView
    add_view_class = views.PlanAssistanceView
    filterset_class = filters.AssistanceFilterSet
    search_fields = ["plan_item", "profile__business_name", "profile__user__full_name"]
    search_backend_name = None
    list_display = [
        "profile",
        "plan_item",
        Column("get_kind_display", label=_("Kind"), sort_key="kind"),
        RupiahColumn("amount", label=_("Amount"), sort_key="amount"),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        "delivered_on",
    ]
    list_export = [
        "profile.business_name",
        "profile.user.full_name",
        "get_kind_display",
        "plan_item",
        "amount",
        "get_tier_display",
        "get_status_display",
        "delivered_on",
    ]
    export_headings = {
        "profile.business_name": _("Business name"),
        "profile.user.full_name": _("Name"),
        "get_kind_display": _("Kind"),
        "plan_item": _("Business-plan item"),
        "amount": _("Amount (Rp)"),
        "get_tier_display": _("Tier"),
        "get_status_display": _("Status"),
        "delivered_on": _("Delivered on"),
    }
    export_filename = "assistance"

    def get_form_class(self, for_update=False):
        return forms.PlanAssistanceForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("proof/<id:pk>/", views.ProofOfReceiptView.as_view(), name="proof"),
        ]

    @property
    def edit_view(self):
        return self.construct_view(
            views.AssistanceActionsView,
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            page_subtitle=_("Assistance (BSiMU)"),
        )

    def scope_q(self, scope: Scope) -> Q:
        return scope.profile_q("profile__")


class IncomeThresholdViewSet(WorkspaceModelViewSet):
    model = IncomeThreshold
    name = "income_thresholds"
    icon = "form"
    menu_label = _("Income thresholds (UMK)")
    list_display = [
        "regency",
        RupiahColumn("monthly_amount", label=_("Monthly amount"), sort_key="monthly_amount"),
        "effective_from",
        "note",
    ]
    list_filter = ["regency"]
    form_fields = ["regency", "monthly_amount", "effective_from", "note"]

    def scope_q(self, scope: Scope) -> Q:
        return scope.region_q("regency__")


class RegionViewSet(WorkspaceModelViewSet):
    model = Region
    name = "regions"
    icon = "site"
    menu_label = _("Regions")
    national_only_writes = True  # the national map of provinces, regencies and districts
    list_display = ["name", "level", "parent", "code"]
    filterset_class = filters.RegionFilterSet
    search_fields = ["name", "code"]
    search_backend_name = None
    form_fields = ["name", "level", "parent", "code"]

    def scope_q(self, scope: Scope) -> Q:
        return scope.region_q()


class PermissionMenuViewSet(BasePermissionMenuViewSet):
    """``core.admin.PermissionMenuViewSet`` under the workspace's URL prefix and namespace."""

    @cached_property
    def url_namespace(self):
        return f"workspace_{self.name}"

    @cached_property
    def url_prefix(self):
        return f"workspace/{self.name}"


class PromotionQueueViewSet(PermissionMenuViewSet):
    name = "promotions"
    icon = "pick"
    menu_label = _("Promotions waiting")
    permission_policy = ModelPermissionPolicy(PromotionRequest)
    permission_required = "change"

    @cached_property
    def menu_item_class(self):
        base = super().menu_item_class

        class CountedMenuItem(base):
            """The menu label carries the number of promotions waiting in the manager's area (P8)."""

            def render_component(self, request):
                component = super().render_component(request)
                waiting = sidebar.promotions_waiting(request)
                if waiting:
                    component.label = f"{self.label} ({waiting})"
                return component

        return CountedMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.PromotionQueueView.as_view(), name="index"),
            path("results/", views.PromotionQueueView.as_view(results_only=True), name="index_results"),
            path("<id:pk>/confirm/", views.PromotionConfirmView.as_view(), name="confirm"),
            path("<id:pk>/<str:decision>/", views.PromotionDecisionView.as_view(), name="decide"),
        ]


class PlacementQueueViewSet(PermissionMenuViewSet):
    name = "placements"
    icon = "tasks"
    menu_label = _("Placements waiting")
    permission_policy = ModelPermissionPolicy(EntrepreneurProfile)
    permission_required = "change"

    def get_urlpatterns(self):
        return [
            path("", views.PlacementQueueView.as_view(), name="index"),
            path("<id:pk>/", views.PlacementConfirmView.as_view(), name="confirm"),
        ]


class IntakeAspectViewSet(WorkspaceModelViewSet):
    """The intake assessment's aspects (loaded from intake_aspects.yaml); national managers edit."""

    model = IntakeAspect
    name = "intake_aspects"
    icon = "list-ul"
    menu_label = _("Intake aspects")
    national_only_writes = True
    list_display = ["title", "code", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "title_en", "code"]
    search_backend_name = None
    ordering = ["order", "code"]
    form_fields = [
        "order",
        "code",
        "title",
        "title_en",
        "level_0",
        "level_1",
        "level_2",
        "level_3",
        "is_active",
    ]

    def scope_q(self, scope: Scope) -> Q:
        return Q()  # the program's assessment, the same everywhere


class ParticipantRecordViewSet(PermissionMenuViewSet):
    """``/cms/workspace/participants/<id>/``: reached from every listing, never from the menu."""

    name = "participants"
    icon = "user"
    add_to_admin_menu = False
    permission_policy = ModelPermissionPolicy(EntrepreneurProfile)

    def get_urlpatterns(self):
        return [
            path("<id:pk>/", views.ParticipantRecordView.as_view(), name="record"),
            path("<id:pk>/exit/", views.RecordExitView.as_view(), name="exit"),
            path("<id:pk>/return/", views.RecordReEntryView.as_view(), name="re_entry"),
            path("<id:pk>/reopen-support/", views.ReopenSupportView.as_view(), name="reopen_support"),
        ]


class ImportViewSet(PermissionMenuViewSet):
    name = "import"
    icon = "upload"
    menu_label = _("Import participants")
    permission_policy = ModelPermissionPolicy(EntrepreneurProfile)
    permission_required = "change"

    def get_urlpatterns(self):
        return [
            path("", views.ImportUploadView.as_view(), name="index"),
            path("template.csv", views.ImportTemplateView.as_view(kind="csv"), name="template_csv"),
            path("template.xlsx", views.ImportTemplateView.as_view(kind="xlsx"), name="template_xlsx"),
        ]


class ImportJobViewSet(PermissionMenuViewSet):
    """``/cms/workspace/imports/``: the import jobs of the area and each job's page (not in the menu)."""

    name = "imports"
    icon = "upload"
    add_to_admin_menu = False
    permission_policy = ModelPermissionPolicy(EntrepreneurProfile)
    permission_required = "change"

    def get_urlpatterns(self):
        return [
            path("", views.ImportJobListView.as_view(), name="index"),
            path("<id:pk>/", views.ImportJobView.as_view(), name="job"),
            path("<id:pk>/status/", views.ImportJobStatusView.as_view(), name="status"),
            path("<id:pk>/errors/", views.ImportJobErrorsView.as_view(), name="errors"),
            path("export/", views.ExportStartView.as_view(), name="export"),
            path("<id:pk>/result/", views.ExportResultView.as_view(), name="result"),
        ]


class BudgetViewSet(PermissionMenuViewSet):
    name = "budgets"
    icon = "tag"
    menu_label = _("BSiMU budgets")
    permission_policy = ModelPermissionPolicy(Assistance)

    def get_urlpatterns(self):
        return [path("", views.BudgetsView.as_view(), name="index")]


class ProgramReportViewSet(PermissionMenuViewSet):
    name = "report"
    icon = "table"
    menu_label = _("Program report")
    permission_policy = ModelPermissionPolicy(EntrepreneurProfile)

    def get_urlpatterns(self):
        return [
            path("", views.ProgramReportView.as_view(), name="index"),
            path("results/", views.ProgramReportView.as_view(results_only=True), name="results"),
        ]


class ProgramViewSetGroup(ViewSetGroup):
    menu_label = _("Program")
    menu_icon = "group"
    menu_order = 150
    items = (
        PromotionQueueViewSet,
        PlacementQueueViewSet,
        EntrepreneurViewSet,
        AssignmentViewSet,
        AssistanceViewSet,
        BudgetViewSet,
        MilestoneViewSet,
        ImportViewSet,
        CohortViewSet,
        CompanionViewSet,
        MilestoneTemplateViewSet,
        IntakeAspectViewSet,
        IncomeThresholdViewSet,
        RegionViewSet,
    )
