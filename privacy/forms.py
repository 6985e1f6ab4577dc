from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Reason, shown to the person"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
