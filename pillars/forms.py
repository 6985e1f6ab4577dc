from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import LessonPage
from core.outbox import FormKeyField
from incubator.models import EntrepreneurProfile, Region
from pillars.models import CommunitySession, PillarOrganisation


class SessionForm(forms.Form):
    form_key = FormKeyField()
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.ModelChoiceField(label=_("Regency"), queryset=Region.objects.none())
    village = forms.CharField(label=_("Village"), max_length=120)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=600)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=PillarOrganisation.objects.none(), required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Registered families who attended"),
        queryset=EntrepreneurProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lessons = forms.ModelMultipleChoiceField(
        label=_("Lessons used"),
        queryset=LessonPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    women = forms.IntegerField(label=_("Other women (18–59)"), min_value=0, max_value=5000, initial=0)
    men = forms.IntegerField(label=_("Other men (18–59)"), min_value=0, max_value=5000, initial=0)
    girls = forms.IntegerField(label=_("Other girls (under 18)"), min_value=0, max_value=5000, initial=0)
    boys = forms.IntegerField(label=_("Other boys (under 18)"), min_value=0, max_value=5000, initial=0)
    older_women = forms.IntegerField(label=_("Other women (60+)"), min_value=0, max_value=5000, initial=0)
    older_men = forms.IntegerField(label=_("Other men (60+)"), min_value=0, max_value=5000, initial=0)
    follow_ups = forms.CharField(
        label=_("Follow-ups"), widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args, regions, families, organisations, lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_key"].initial = uuid.uuid4()
        self.fields["region"].queryset = regions
        self.fields["participants"].queryset = families
        self.fields["participants"].label_from_instance = lambda p: f"{p.user.full_name} · {p.business_name}"
        self.fields["organisation"].queryset = organisations
        self.fields["lessons"].queryset = lessons

    OTHER_FIELDS = CommunitySession.OTHER_FIELDS
