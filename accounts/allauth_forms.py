"""Forms handed to allauth through ``ACCOUNT_FORMS``.

Kept apart from ``accounts.forms``: allauth's forms module imports our sign-up form
(``ACCOUNT_SIGNUP_FORM_CLASS``) from there, so importing allauth's forms in it would be circular.
"""

from allauth.account.forms import ChangePhoneForm as AllauthChangePhoneForm
from django import forms
from django.utils.translation import gettext_lazy as _


class ChangePhoneForm(AllauthChangePhoneForm):
    """allauth's "change phone" form, saying plainly when the number belongs to another account.

    allauth would otherwise send that number's owner a code they never asked for. Phone sign-up
    already says "already registered", so this reveals nothing new.
    """

    def clean_phone(self) -> str:
        phone = super().clean_phone()
        if self.account_already_exists:
            raise forms.ValidationError(_("This mobile number is already registered."))
        return phone
