import contextlib

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import NAME_MAX
from accounts.phone import normalize_phone
from core.text import CleanCharField


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

    full_name = CleanCharField(
        label=_("Full name"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneField(help_text=_("For example 0812 3456 7890. Your mentor may call or message you."))
    consent = ConsentField()

    field_order = ["full_name", "phone", "email", "password1", "password2", "consent"]

    def signup(self, request, user) -> None:
        """Complete the account. A number that already has an account is dropped, not refused.

        Refusing it would tell anyone which numbers are registered; instead the account is made
        without a number (it can be added later from the profile) and the number's owner is told by
        SMS, at most as often as a sign-in code could be sent to it.
        """
        from allauth.core import ratelimit
        from django.db import transaction

        from accounts import services

        phone = self.cleaned_data["phone"]
        taken = services.phone_is_taken(phone)
        if taken and ratelimit.consume(request, action="request_login_code", key=phone.lower()):
            transaction.on_commit(lambda: _tell_owner_of_a_sign_up_attempt(phone))
        services.register_entrepreneur(
            user,
            full_name=self.cleaned_data["full_name"],
            phone="" if taken else phone,
            consent=self.cleaned_data["consent"],
        )


def _tell_owner_of_a_sign_up_attempt(phone: str) -> None:
    from allauth.account.adapter import get_adapter

    from accounts.sms import SMSNotSent

    # A courtesy notice: the sign-up itself went through, and send_sms logged the failure.
    with contextlib.suppress(SMSNotSent):
        get_adapter().send_account_already_exists_sms(phone)


class PhoneSignupForm(forms.Form):
    """Self sign-up with a mobile number only: no password, sign-in is by a code sent by SMS."""

    full_name = CleanCharField(
        label=_("Full name"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneField(help_text=_("For example 0812 3456 7890. We send your sign-in code to this number."))
    # No email here: an address typed next to an unproven number would let whoever owns that
    # address take the account the number's owner later signs in to (docs/phone-sign-in.md).
    consent = ConsentField()
