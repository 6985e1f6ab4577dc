"""Sign-in stages (allauth) adapted to people who have a phone and no email."""

from __future__ import annotations

from allauth.account.stages import EmailVerificationStage


class PhoneOrEmailVerificationStage(EmailVerificationStage):
    """Mandatory email verification, except for people who proved their phone number.

    A person registered with a phone alone has no email to verify; signing in with a code sent
    to their phone is the proof of contact that email verification gives everyone else.
    """

    def handle(self):
        user = self.login.user
        if user is not None and getattr(user, "phone_verified", False):
            return None, True
        return super().handle()
