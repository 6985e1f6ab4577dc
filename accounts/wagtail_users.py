"""Wagtail's user admin with Tumbuh's fields (full name, phone).

Managers create mentors and other managers here; people never sign up into those roles.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.phone import normalize_phone


class _TumbuhFieldsMixin(forms.ModelForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))


class TumbuhUserCreationForm(_TumbuhFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"full_name", "phone"}


class TumbuhUserEditForm(_TumbuhFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"full_name", "phone"}


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update: bool = False):
        return TumbuhUserEditForm if for_update else TumbuhUserCreationForm
