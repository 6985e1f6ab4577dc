"""Forms of the portal and the mentor pages. They shape input; the rules are in ``services``."""

from __future__ import annotations

import datetime
import re
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.outbox import FormKeyField
from core.text import CleanCharField
from incubator.models import (
    DESCRIPTION_MAX,
    MAX_RUPIAH,
    NAME_MAX,
    NOTE_MAX,
    VILLAGE_MAX,
    Cohort,
    Region,
    Sector,
    Tier,
)
from incubator.selectors import (
    STATE_NO_CONTACT,
    STATE_READY,
    STATE_REPORT_MISSING,
    STATE_WAITING,
    UMK_ABOVE,
    UMK_BELOW,
)
from incubator.services import MAX_PHOTOS

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class RupiahField(forms.CharField):
    """Whole rupiah typed as people type it: "1500000", "1.500.000" or "Rp 1.500.000".

    The sign is kept, so the service can say clearly that a negative amount is refused.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": 30})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        cleaned = re.sub(r"(?i)^rp\.?", "", value.replace(" ", "")).replace(".", "")
        if not re.fullmatch(r"-?\d{1,16}", cleaned):
            raise forms.ValidationError(_("Please enter a whole number of rupiah, e.g. 1.500.000."))
        number = int(cleaned)
        if number > MAX_RUPIAH:
            raise forms.ValidationError(_("This amount is far too large; please check the number."))
        return number

    def prepare_value(self, value):
        # A stored amount is shown as people write it ("3.500.000"), which to_python reads back.
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos from one ``<input type=file multiple>``; each is checked by the service."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


def _grouped(level: str, allowed: set[int] | None = None) -> list:
    """Region choices grouped by parent (optgroups): one query, usable without JavaScript."""
    groups: dict[str, list] = {}
    regions = Region.objects.filter(level=level).select_related("parent").order_by("parent__name", "name")
    if allowed is not None:
        regions = regions.filter(pk__in=allowed)
    for region in regions:
        groups.setdefault(region.parent.name, []).append((region.pk, region.name))
    return [("", "—"), *groups.items()]


def set_region_choices(form: forms.Form, allowed: set[int] | None = None) -> None:
    """Fill the province/regency/district selects, limited to ``allowed`` region ids if given."""
    provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("name")
    if allowed is not None:
        provinces = provinces.filter(pk__in=allowed)
    form.fields["province"].choices = [("", "—"), *provinces.values_list("pk", "name")]
    form.fields["regency"].choices = _grouped(Region.Level.REGENCY, allowed)
    form.fields["district"].choices = _grouped(Region.Level.DISTRICT, allowed)


def area_region_ids(region_ids: set[int]) -> set[int]:
    """The regions a companion works in, with those above (to choose them) and below (districts)."""
    below = set(Region.objects.filter(parent_id__in=region_ids).values_list("pk", flat=True))
    below |= set(Region.objects.filter(parent_id__in=below).values_list("pk", flat=True))
    above = set(Region.objects.filter(children__in=region_ids).values_list("pk", flat=True)) | set(
        Region.objects.filter(children__children__in=region_ids).values_list("pk", flat=True)
    )
    return set(region_ids) | below | above


class RegionChoiceField(forms.TypedChoiceField):
    def __init__(self, level: str, **kwargs) -> None:
        super().__init__(coerce=int, empty_value=None, **kwargs)
        self.level = level

    def clean(self, value):
        pk = super().clean(value)
        if pk is None:
            return None
        region = Region.objects.filter(pk=pk, level=self.level).first()
        if region is None:
            raise forms.ValidationError(_("Please choose from the list."))
        return region


class BusinessProfileForm(forms.Form):
    business_name = CleanCharField(label=_("Business name"), max_length=NAME_MAX)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    business_description = CleanCharField(
        label=_("About the business"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you make or sell, and to whom."),
    )
    business_start_year = forms.IntegerField(
        label=_("Year the business started"), required=False, min_value=1950
    )
    province = RegionChoiceField(Region.Level.PROVINCE, label=_("Province"))
    regency = RegionChoiceField(Region.Level.REGENCY, label=_("Regency or city"))
    district = RegionChoiceField(Region.Level.DISTRICT, label=_("District (kecamatan)"), required=False)
    village = CleanCharField(label=_("Village (desa/kelurahan)"), max_length=VILLAGE_MAX, required=False)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.filter(is_active=True),
        required=False,
        help_text=_("Leave empty if you do not know; your program manager will add it."),
    )
    pkh_reference = CleanCharField(
        label=_("PKH reference (optional)"),
        max_length=40,
        required=False,
        help_text=_("Only if your PKH facilitator gave you one."),
    )
    business_photo = forms.FileField(
        label=_("Photo of the business (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that Tumbuh keeps my business data to run the program (UU PDP 27/2022)."),
        required=True,
    )

    def __init__(self, *args, enrolling: bool, needs_consent: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        set_region_choices(self)
        self.fields["business_start_year"].max_value = timezone.localdate().year
        if not enrolling:
            del self.fields["cohort"]  # only a program manager moves someone to another cohort
        if not needs_consent:
            del self.fields["consent"]


class EvidenceForm(forms.Form):
    text = CleanCharField(
        label=_("What did you do?"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    amount = RupiahField(label=_("Amount (Rp)"), required=False)
    photos = MultiplePhotoField(label=_("Photos"), required=False)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    form_key = FormKeyField()

    def __init__(self, *args, template, has_photos: bool = False, **kwargs) -> None:
        """``has_photos``: photos sent before are shown; the field says what becomes of them (E8)."""
        super().__init__(*args, **kwargs)
        self.fields["form_key"].initial = uuid.uuid4()
        if not template.asks_text:
            del self.fields["text"]
        if template.asks_amount:
            self.fields["amount"].label = template.display_amount_label or _("Amount (Rp)")
        else:
            del self.fields["amount"]
        limit = min(template.asks_photos, MAX_PHOTOS)
        if limit:
            self.fields["photos"].help_text = _(
                "Up to %(n)d photos; JPEG, PNG or WebP, at most 10 MB each."
            ) % {"n": limit}
            if has_photos:
                # The service keeps the last photos when none are chosen; new ones take their place.
                self.fields["photos"].help_text = " ".join(
                    [
                        str(_("Choose no photo to keep the photos shown above; new photos replace them.")),
                        self.fields["photos"].help_text,
                    ]
                )
        else:
            del self.fields["photos"]


class ReviewForm(forms.Form):
    VERIFY, CHANGES = "verify", "changes"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(VERIFY, _("Verify")), (CHANGES, _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    comment = CleanCharField(
        label=_("Comment for the entrepreneur"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when asking for changes: say what to change."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _month_choices(today: datetime.date, reported=()) -> list[tuple[str, str]]:
    """The last 24 months, newest first, without the months already reported."""
    from django.utils.formats import date_format

    this_month = today.replace(day=1)
    done = {m.replace(day=1) for m in reported}
    months = []
    for back in range(24):
        year, month = divmod(this_month.year * 12 + this_month.month - 1 - back, 12)
        first = datetime.date(year, month + 1, 1)
        if first not in done:
            months.append((first.isoformat(), date_format(first, "F Y")))
    return months


class MonthlyReportForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"))
    revenue = RupiahField(label=_("Revenue (Rp)"), help_text=_("All money received from sales this month."))
    costs = RupiahField(label=_("Costs (Rp)"), help_text=_("Materials, rent, transport, wages…"))
    workers = forms.IntegerField(label=_("Workers (besides you)"), min_value=0, max_value=10_000, initial=0)
    notes = CleanCharField(
        label=_("Notes"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    form_key = FormKeyField()

    def __init__(
        self, *args, reported=(), today: datetime.date | None = None, for_owner: bool = True, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if not for_owner:
            # C9: a companion entering someone else's figures is not the "you" of the label.
            self.fields["workers"].label = _("Workers (besides the owner)")
        today = today or timezone.localdate()
        choices = _month_choices(today, reported)
        # Any of the 24 months is accepted, the list offers only the months not reported yet (E15): a
        # month reported meanwhile (an offline replay, a second tab) reaches the service, which answers
        # "already exists" (or the earlier report for the same form key), not "not a valid choice".
        self.fields["month"].choices = _month_choices(today)
        self.fields["month"].widget.choices = choices
        # E15: the current month is not over yet; propose the last finished month when it is still open.
        this_month = today.replace(day=1)
        last_finished = (this_month - datetime.timedelta(days=1)).replace(day=1).isoformat()
        if any(value == last_finished for value, _label in choices):
            self.fields["month"].initial = last_finished
        if "form_key" in self.fields:
            self.fields["form_key"].initial = uuid.uuid4()

    def clean_month(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["month"])


class RecommendForm(forms.Form):
    note = CleanCharField(
        label=_("Note for the program manager"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportCorrectionForm(MonthlyReportForm):
    """The same figures, for a month already reported (the month itself does not change)."""

    form_key = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["month"]


class WithdrawForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AssistedRegistrationForm(forms.Form):
    """A companion registers a person they assist: who they are, their business, their consent."""

    full_name = CleanCharField(label=_("Full name"), max_length=NAME_MAX)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("The person signs in with a code sent to this number."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    business_name = CleanCharField(label=_("Business name"), max_length=NAME_MAX)
    # C7: no pre-selected sector, so a hurried companion cannot record "food" without choosing it.
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("— choose the sector —")), *Sector.choices])
    province = RegionChoiceField(Region.Level.PROVINCE, label=_("Province"))
    regency = RegionChoiceField(Region.Level.REGENCY, label=_("Regency or city"))
    district = RegionChoiceField(Region.Level.DISTRICT, label=_("District (kecamatan)"), required=False)
    village = CleanCharField(label=_("Village (desa/kelurahan)"), max_length=VILLAGE_MAX, required=False)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False, empty_label=_("No cohort yet")
    )
    consent = forms.BooleanField(
        label=_("I read the consent aloud and the person agreed just now."),
        help_text=_(
            "Consent: Tumbuh keeps the person's name, phone number and business data to run the "
            "program, as UU PDP 27/2022 requires. They can ask to see, correct or delete it."
        ),
        required=False,  # the service refuses without it, with a message that says so
    )

    def __init__(self, *args, region_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = area_region_ids(region_ids)
        set_region_choices(self, allowed)
        self.fields["cohort"].queryset = Cohort.objects.filter(is_active=True, region__in=allowed).order_by(
            "name"
        )


class IntakeForm(forms.Form):
    """The intake assessment: a score per active aspect (0–3, each level explained) and the baseline."""

    baseline_revenue = RupiahField(
        label=_("Monthly revenue (Rp)"), help_text=_("Sales in a usual month now.")
    )
    baseline_costs = RupiahField(
        label=_("Monthly costs (Rp)"), help_text=_("Materials, rent, transport, wages…")
    )
    baseline_workers = forms.IntegerField(
        label=_("Workers (besides the owner)"), min_value=0, max_value=10_000, initial=0
    )
    baseline_permits = CleanCharField(
        label=_("Permits held"), max_length=200, required=False, help_text=_("For example NIB, P-IRT, halal.")
    )
    baseline_assets = RupiahField(
        label=_("Business assets (Rp)"), required=False, help_text=_("Tools, cart, stock.")
    )
    notes = CleanCharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE_MAX, required=False
    )

    def __init__(self, *args, aspects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.aspects = aspects
        for aspect in aspects:
            self.fields[f"score_{aspect.code}"] = forms.TypedChoiceField(
                label=aspect.display_title,
                choices=[(n, f"{n} — {text}") for n, text in aspect.levels],
                coerce=int,
                widget=forms.RadioSelect,
            )
        # the scores first, then the baseline
        self.order_fields([f"score_{a.code}" for a in aspects])

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        scores = {a.code: data.pop(f"score_{a.code}") for a in self.aspects}
        return {"scores": scores, **data}


class DeliveryForm(forms.Form):
    """The companion records a BSiMU handover: the amount, the date and a photo of the receipt."""

    amount = RupiahField(label=_("Amount handed over (Rp)"))
    delivered_on = forms.DateField(label=_("Delivered on"), widget=forms.DateInput(attrs={"type": "date"}))
    # A plain file field: the service's clean_photo decodes, checks and re-encodes it.
    proof = forms.FileField(
        label=_("Photo of the handover or the signed receipt"),
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT, "capture": "environment"}),
    )


SEARCH_MAX = 100


class MenteeFilterForm(forms.Form):
    """The companion's list: search and filters (GET). Anything invalid is ignored with a message."""

    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX, strip=True)
    tier = forms.ChoiceField(label=_("Tier"), required=False, choices=[("", _("All tiers")), *Tier.choices])
    attention = forms.BooleanField(label=_("Needs attention"), required=False)
    umk = forms.ChoiceField(
        label=_("Distance to the UMK"),
        required=False,
        choices=[("", _("All")), (UMK_BELOW, _("Below the UMK")), (UMK_ABOVE, _("At or above the UMK"))],
    )
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone")),
            (STATE_WAITING, _("Waiting for review")),
            (STATE_READY, _("Ready to recommend")),
            (STATE_NO_CONTACT, _("No contact in 14 days")),
            (STATE_REPORT_MISSING, _("Monthly figures missing")),
        ],
    )

    def filters(self) -> dict:
        """The filters for ``selectors.filter_mentees`` (none when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "tier": data["tier"],
            "attention": data["attention"],
            "umk": data["umk"],
            "state": data["state"],
        }
