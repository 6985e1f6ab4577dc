from __future__ import annotations

import contextlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts import roles, sms
from accounts.models import User
from accounts.phone import normalize_phone


class AccountAdapter(DefaultAccountAdapter):
    """Sends each role to its home after sign-in, and keeps phone numbers on ``User.phone``.

    Phone sign-in is allauth's login-by-code: allauth makes and checks the code, we store the
    number (+62…) and send the text through ``accounts.sms`` in the language of the request.
    """

    def get_login_redirect_url(self, request) -> str:
        return roles.home_url(request.user)

    def get_signup_redirect_url(self, request) -> str:
        return roles.home_url(request.user)

    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        return [
            "accounts.stages.PhoneOrEmailVerificationStage"
            if path == "allauth.account.stages.EmailVerificationStage"
            else path
            for path in stages
        ]

    # Sign-in lockout --------------------------------------------------------------------------

    def _get_login_attempts_cache_key(self, request, **credentials: Any) -> str:
        """One "failed sign-in" bucket per email, username or phone number (allauth's ``login_failed``).

        allauth keys the bucket on the email or username only; a phone+password sign-in carries
        neither, so every phone sign-in shared one bucket and five wrong tries with any number locked
        out every phone user. The number is normalised, so ``0812…`` and ``+62812…`` count together;
        an unparseable one gets its own bucket. The per-address limit (``10/m/ip``) still applies.
        """
        if credentials.get("email") or credentials.get("username") or not credentials.get("phone"):
            return super()._get_login_attempts_cache_key(request, **credentials)
        phone = credentials["phone"]
        with contextlib.suppress(ValidationError):  # an invalid number still gets a bucket of its own
            phone = normalize_phone(phone) or phone
        site = get_current_site(request)
        return f"{site.domain}:phone:{phone.strip().lower()}"

    # Phone numbers -------------------------------------------------------------------------

    def phone_form_field(self, **kwargs: Any):
        from accounts.forms import PhoneField

        kwargs.pop("label", None)  # allauth's "Phone": we say "Mobile number"
        return PhoneField(**kwargs)

    def get_phone(self, user) -> tuple[str, bool] | None:
        return (user.phone, user.phone_verified) if user.phone else None

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = normalize_phone(phone)
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def set_phone_verified(self, user, phone: str) -> None:
        # Called once a code sent to ``phone`` came back: at a code sign-in (the number is already
        # the person's) and at the end of allauth's "change phone" (the new number, switched only now).
        from accounts.services import set_verified_phone

        set_verified_phone(user, phone)

    def get_user_by_phone(self, phone: str) -> User | None:
        try:
            phone = normalize_phone(phone)
        except ValidationError:
            return None
        if not phone:
            return None
        user = User.objects.filter(phone=phone).first()
        # A number typed at a phone sign-up and never proven signs no one in: its owner signs up
        # again (which replaces that account) rather than landing in one someone else filled in.
        from accounts.services import is_unproven_self_signup

        if user is None or is_unproven_self_signup(user):
            return None
        if not user.phone_verified and _has_other_credentials(user):
            # An email account's number was typed, never proven: a code to it must not open the
            # account (the number may be a neighbour's). Its holder proves it at /accounts/phone/.
            return None
        return user

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs: Any) -> None:
        # Short enough for one SMS in both languages; the code first, so phones can offer to copy it.
        if user.phone == normalize_phone(phone):
            text = _(
                "%(code)s is your Tumbuh sign-in code. Do not share it with anyone, not even a companion."
            ) % {"code": code}
        else:  # a new number the person is switching to (allauth's "change phone")
            text = _(
                "%(code)s is your code to confirm this number for Tumbuh. Do not share it with anyone."
            ) % {"code": code}
        sms.send_sms(phone, text)

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        # Sent instead of a code, so the page never reveals whether a number has an account.
        sms.send_sms(
            phone,
            _(
                "Someone asked for a Tumbuh sign-in code for this number, but it is not registered. "
                "Sign up first, or ask your companion to register you."
            ),
        )

    def send_account_already_exists_sms(self, phone: str, **kwargs: Any) -> None:
        # Sent instead of saying "already registered" on a sign-up page, which would tell anyone.
        sms.send_sms(
            phone,
            _(
                "Someone tried to sign up for Tumbuh with this number, which already has an account. "
                "To sign in, ask for a code instead."
            ),
        )


def _has_other_credentials(user: User) -> bool:
    """A password or a verified email: the account is not a phone-only one."""
    from allauth.account.models import EmailAddress

    return user.has_usable_password() or EmailAddress.objects.filter(user=user, verified=True).exists()
