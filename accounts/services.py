"""Account rules: registering entrepreneurs and recording their consent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import ConsentRecord, User

# Bump when the privacy notice changes; people are asked again.
CONSENT_POLICY_VERSION = "2026-11"


@transaction.atomic
def register_entrepreneur(
    user: User, *, full_name: str, phone: str, consent: bool, captured_by: User | None = None
) -> User:
    """Complete a new account as an entrepreneur: name, phone, role and the consent record.

    Consent is required: without it nothing is saved (the caller's transaction rolls back).
    """
    if not consent:
        raise ValueError("consent is required to register")
    user.full_name = full_name.strip()
    user.phone = phone
    user.save(update_fields=["full_name", "phone"])
    roles.add_role(user, roles.ENTREPRENEUR)
    record_consent(user, captured_by=captured_by)
    return user


def record_consent(user: User, *, captured_by: User | None = None) -> ConsentRecord:
    return ConsentRecord.objects.create(
        user=user, policy_version=CONSENT_POLICY_VERSION, given_at=timezone.now(), captured_by=captured_by
    )


@transaction.atomic
def create_staff_member(*, email: str, full_name: str, role: str, password: str | None = None) -> User:
    """A mentor or program manager, created by a manager (or the demo), never by self-sign-up."""
    from allauth.account.models import EmailAddress

    if role not in (roles.MENTOR, roles.MANAGER):
        raise ValueError(f"unknown staff role {role!r}")
    user = User(username=email.split("@")[0][:150], email=email, full_name=full_name)
    if User.objects.filter(username=user.username).exists():
        user.username = email[:150]
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    roles.add_role(user, role)
    return user
