"""Forms of the complaint pages. They shape input; the rules are in ``complaints.services``."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints.models import MAX_TEXT, Category
from core.outbox import FormKeyField
from core.text import CleanCharField
from incubator.models import CompanionAssignment, EntrepreneurProfile, Region
from incubator.scope import scope_for
from incubator.selectors import profile_for

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"
REPORT_CATEGORIES = [
    (Category.MENTORING, Category.MENTORING.label),
    (Category.HARASSMENT, Category.HARASSMENT.label),
]


def _photo_field() -> forms.FileField:
    # A FileField, not ImageField: ``clean_photo`` decodes and checks it in the service.
    return forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("A photo that helps explain. Location data is removed."),
    )


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = CleanCharField(
        label=_("What happened, and what do you need?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    about = forms.ModelChoiceField(
        label=_("About which entrepreneur? (optional)"),
        queryset=EntrepreneurProfile.objects.none(),
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Regency/city"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Where it happened, so that the right office handles it."),
    )
    photo = _photo_field()
    # A new key each time the empty form is shown; the same page sent twice records one complaint.
    form_key = FormKeyField()

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"] = _photo_field()
        self.fields["form_key"].initial = uuid.uuid4()
        has_profile = profile_for(user) is not None
        current = CompanionAssignment.objects.current().filter(companion=user)
        mentees = EntrepreneurProfile.objects.filter(pk__in=current.values("profile_id")).order_by(
            "business_name"
        )
        if has_profile or not mentees.exists():
            del self.fields["about"]
        else:
            self.fields["about"].queryset = mentees
            self.fields["about"].help_text = _("Leave empty when it is not about one of your entrepreneurs.")
        if has_profile:
            del self.fields["region"]
        else:
            regions = Region.objects.filter(level=Region.Level.REGENCY).select_related("parent")
            if user.has_perm("complaints.change_complaint"):
                regions = regions.filter(scope_for(user).region_q())
            self.fields["region"].queryset = regions.order_by("parent__name", "name")
            self.fields["region"].label_from_instance = lambda r: f"{r.name}, {r.parent.name}"


class ReportMessageForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is wrong with this message?"), choices=REPORT_CATEGORIES, widget=forms.RadioSelect
    )
    description = CleanCharField(
        label=_("Tell us more"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )


class InformationForm(forms.Form):
    note = CleanCharField(
        label=_("Add information"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = _photo_field()


class ReopenForm(forms.Form):
    reason = CleanCharField(
        label=_("What is still not resolved?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How well was your complaint handled?"),
        choices=[
            (1, _("1 — very bad")),
            (2, _("2 — bad")),
            (3, _("3 — fair")),
            (4, _("4 — good")),
            (5, _("5 — very good")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = CleanCharField(
        label=_("Comment (optional)"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
