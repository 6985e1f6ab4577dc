from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.phone import normalize_phone


class SignupForm(forms.Form):
    """The extra fields of an entrepreneur's sign-up (allauth adds email and password)."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("For example 0812 3456 7890. Your mentor may call or message you."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that Tumbuh stores my data, including my business figures, to run the program and "
            "measure its results. I can ask to see, correct or delete it."
        ),
        error_messages={"required": _("You must agree to the use of your data to join the program.")},
    )

    field_order = ["full_name", "phone", "email", "password1", "password2", "consent"]

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        if User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(_("This mobile number is already registered."))
        return phone

    def signup(self, request, user) -> None:
        from accounts import services

        services.register_entrepreneur(
            user,
            full_name=self.cleaned_data["full_name"],
            phone=self.cleaned_data["phone"],
            consent=self.cleaned_data["consent"],
        )
