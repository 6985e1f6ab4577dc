from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.phone import normalize_phone


class PhoneField(forms.CharField):
    """An Indonesian mobile number, cleaned to +62… (see ``accounts.phone``)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "0812 3456 7890"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value) -> str:
        return normalize_phone(super().clean(value))


class ConsentField(forms.BooleanField):
    """The consent box of every registration (UU PDP 27/2022): required, worded the same everywhere."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "label",
            _(
                "I agree that Tumbuh stores my data, including my business figures, to run the program and "
                "measure its results. I can ask to see, correct or delete it."
            ),
        )
        kwargs.setdefault(
            "error_messages", {"required": _("You must agree to the use of your data to join the program.")}
        )
        super().__init__(**kwargs)


class SignupForm(forms.Form):
    """The extra fields of an entrepreneur's sign-up (allauth adds email and password)."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneField(help_text=_("For example 0812 3456 7890. Your mentor may call or message you."))
    consent = ConsentField()

    field_order = ["full_name", "phone", "email", "password1", "password2", "consent"]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
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


class PhoneSignupForm(forms.Form):
    """Self sign-up with a mobile number only: no password, sign-in is by a code sent by SMS."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneField(help_text=_("For example 0812 3456 7890. We send your sign-in code to this number."))
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = ConsentField()
