"""Forms of the workspace. They validate input only; the rules run in the incubator's services."""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.models import NAME_MAX, User
from core.text import CleanCharField
from incubator.forms import RupiahField
from incubator.models import (
    END_REASON_MAX,
    MAX_RUPIAH,
    REASON_MAX,
    Assistance,
    BusinessPlanLine,
    Cohort,
    CompanionAssignment,
    EntrepreneurProfile,
    ExitReason,
    ManagerScope,
    MentorProfile,
    Region,
    Sector,
)
from incubator.services.scopes import remove_manager_scope, set_manager_scope


def companion_users():
    """Active companions with their current number of entrepreneurs (one query for the whole list)."""
    return (
        User.objects.filter(mentor_profile__is_active=True)
        .select_related("mentor_profile")
        .annotate(load=Count("companion_assignments", filter=Q(companion_assignments__ended_at__isnull=True)))
        .order_by("full_name")
    )


def companion_label(user: User) -> str:
    profile = user.mentor_profile
    return f"{user} · {profile.get_kind_display()} · {user.load}/{profile.capacity}"


class AssignCompanionForm(WagtailAdminModelForm):
    """Who accompanies whom. ``assign_companion`` checks capacity and ends the previous assignment."""

    class Meta:
        model = CompanionAssignment
        fields = ["profile", "companion", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = EntrepreneurProfile.objects.select_related("user").order_by(
            "business_name"
        )
        self.fields["companion"].queryset = companion_users()
        self.fields["companion"].label_from_instance = companion_label


class EndAssignmentForm(forms.Form):
    reason = CleanCharField(
        label=_("Reason for ending"),
        max_length=END_REASON_MAX,
        help_text=_("For example: the companion moved, or the entrepreneur asked for someone else."),
    )


class PlanAssistanceForm(WagtailAdminModelForm):
    class Meta:
        model = Assistance
        fields = ["profile", "kind", "plan_line", "plan_item", "amount", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = EntrepreneurProfile.objects.select_related("user").order_by(
            "business_name"
        )
        # A family with a business plan gets assistance against one of its lines (the service checks
        # that the line is the family's own); the free-text item is for families without a plan yet.
        self.fields["plan_line"].queryset = BusinessPlanLine.objects.select_related("plan__profile").order_by(
            "plan__profile__business_name", "pk"
        )
        self.fields["plan_line"].label_from_instance = lambda line: (
            f"{line.plan.profile.business_name} — {line.item}"
        )
        self.fields["plan_item"].required = False
        self.fields["amount"] = forms.IntegerField(
            label=_("Amount or value (Rp)"), min_value=1, max_value=MAX_RUPIAH
        )


class BudgetForm(forms.Form):
    """A cohort's BSiMU budget (the service lets only a national manager set it)."""

    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    amount = RupiahField(label=_("Budget (Rp)"))

    def __init__(self, *args, cohorts=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if cohorts is not None:
            self.fields["cohort"].queryset = cohorts


class DeliverAssistanceForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=forms.DateInput(attrs={"type": "date"}))
    # A plain file field: the incubator's clean_photo decodes, checks and re-encodes it.
    proof = forms.FileField(
        label=_("Proof of receipt (photo)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_delivered_on(self):
        value = self.cleaned_data["delivered_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The delivery date cannot be in the future."))
        return value


class ReasonForm(forms.Form):
    reason = CleanCharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX
    )


class ExitForm(forms.Form):
    """Why and when a family left the program (``services.record_exit``)."""

    reason = forms.ChoiceField(label=_("Why the family left"), choices=ExitReason.choices)
    exited_on = forms.DateField(label=_("Left on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = CleanCharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        help_text=_("Kept with the exit: what happened, in a few words."),
    )


class ReEntryForm(forms.Form):
    """A family's return (``services.re_enter``)."""

    on = forms.DateField(label=_("Came back on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = CleanCharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX
    )


class OptionalReasonForm(forms.Form):
    reason = CleanCharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX, required=False
    )


class CompanionForm(WagtailAdminModelForm):
    """A companion's profile; on creation also their staff account (email, name). The views save it
    through ``add_companion``/``update_companion``, which apply the regional manager's region rule."""

    email = forms.EmailField(label=_("Email address"))
    full_name = CleanCharField(label=_("Full name"), max_length=NAME_MAX)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MentorProfile
        fields = ["kind", "organisation", "regions", "sectors", "expertise", "capacity", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.exclude(level=Region.Level.DISTRICT).order_by("name")
        self.fields["regions"].widget = forms.CheckboxSelectMultiple(choices=self.fields["regions"].choices)
        if self.instance.pk:
            # The account already exists; its email and name are changed in the user admin.
            del self.fields["email"]
            del self.fields["full_name"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Someone already has an account with this email address."))
        return email


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registry file (CSV or XLSX)"),
        help_text=_(
            "Columns: name, phone, email (optional), province, regency, district, business name, sector, "
            "cohort, and optionally group and baseline figures: download the template."
        ),
    )


# ---------------------------------------------------------------- managers' areas (user admin)

NO_AREA = ""
NATIONAL = "national"


def area_choices() -> list[tuple[str, str]]:
    """No area, national, then each province followed by its regencies/cities (one query)."""
    regions = Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]).order_by("name")
    choices = [(NO_AREA, _("No area yet (sees nothing)")), (NATIONAL, _("National (the whole program)"))]
    for province in (r for r in regions if r.parent_id is None):
        choices.append((str(province.pk), _("Province: %(name)s") % {"name": province.name}))
        choices += [(str(r.pk), f"— {r.name}") for r in regions if r.parent_id == province.pk]
    return choices


def manager_area_field(user: User) -> forms.ChoiceField:
    """The area field of the user form, showing ``user``'s current area."""
    record = ManagerScope.objects.filter(user_id=user.pk).first() if user.pk else None
    initial = NO_AREA
    if record is not None:
        initial = str(record.region_id) if record.region_id else NATIONAL
    return forms.ChoiceField(
        label=_("Program manager's area"),
        choices=area_choices(),
        required=False,
        initial=initial,
        help_text=_(
            "For program managers: the province or regency/city they see and act in. "
            "A manager without an area sees nothing."
        ),
    )


def save_manager_area(user: User, value: str, *, by: User) -> None:
    """Apply the chosen area through the incubator's services (which check who acts)."""
    if value == NO_AREA:
        remove_manager_scope(user, by=by)
        return
    region = None if value == NATIONAL else Region.objects.get(pk=int(value))
    set_manager_scope(user, region, by=by)


class PlacementForm(forms.Form):
    """The starting group an area manager confirms; another group than suggested needs a reason."""

    tier = forms.ChoiceField(label=_("Starting group"), widget=forms.RadioSelect)
    reason = CleanCharField(
        label=_("Reason (when you choose another group than suggested)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from incubator.models import WORKING_TIERS, Tier

        self.fields["tier"].choices = [(t.value, Tier(t).label) for t in WORKING_TIERS]
