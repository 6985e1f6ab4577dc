from __future__ import annotations

import uuid

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.outbox import FormKeyField
from core.text import CleanCharField
from mentoring.models import (
    ACTION_MAX,
    MAX_BODY,
    NOTES_MAX,
    PLACE_MAX,
    TOPICS_MAX,
    PlannedContact,
    SessionMode,
    VisitPurpose,
)


class SendForm(forms.Form):
    """The HTTP path for a message (no-JavaScript form and the photo upload); rules in send_message."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    body = CleanCharField(
        label=_("Message"),
        required=False,
        strip=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    image = forms.FileField(label=_("Photo"), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("How"), choices=SessionMode.choices)
    topics = CleanCharField(label=_("Topics"), max_length=TOPICS_MAX)
    notes = CleanCharField(
        label=_("Notes"), max_length=NOTES_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = MultipleFileField(label=_("Visit photos (optional, up to 5)"), required=False)
    # A new key each time the empty form is shown: the same page sent twice records one session.
    form_key = FormKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["form_key"].initial = uuid.uuid4()


class ActionItemForm(forms.Form):
    text = CleanCharField(label=_("Action"), max_length=ACTION_MAX, required=False)
    due_date = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


ActionItemFormSet = formset_factory(ActionItemForm, extra=3, max_num=10)


class VisitForm(forms.Form):
    """A field visit; the rules (date not in the future, place, summary, photos) are in mentoring.visits."""

    # An <input type="date"> takes only ISO dates, whatever the page's language.
    visited_on = forms.DateField(
        label=_("Date of the visit"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=VisitPurpose.choices)
    district = CleanCharField(label=_("District (kecamatan)"), max_length=PLACE_MAX)
    village = CleanCharField(label=_("Village (desa/kelurahan)"), max_length=PLACE_MAX)
    summary = CleanCharField(
        label=_("Summary for the entrepreneur"),
        max_length=NOTES_MAX,
        help_text=_("The entrepreneur can read this."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    internal_notes = CleanCharField(
        label=_("Internal notes"),
        max_length=NOTES_MAX,
        help_text=_("Only companions and program managers can read these. Write only what the work needs."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = MultipleFileField(label=_("Photos (optional, up to 5)"), required=False)
    # A new key each time the empty form is shown; sending the same page twice sends the same key,
    # and the service then records one visit (``mentoring.visits.log_visit``).
    form_key = FormKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["visited_on"].initial = today
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()
        self.fields["visited_on"].widget.attrs["min"] = "2000-01-01"
        if "form_key" in self.fields:
            self.fields["form_key"].initial = uuid.uuid4()


class VisitCorrectionForm(VisitForm):
    """The author's correction: the same fields without photos (added once, with the visit)."""

    photos = None
    form_key = None


class PlanContactForm(forms.Form):
    """The next visit or session a companion plans (``mentoring.planning.schedule_next_contact``)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PlannedContact.Kind.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    purpose = forms.CharField(label=_("Purpose"), max_length=TOPICS_MAX)
